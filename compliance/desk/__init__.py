"""The compliance desk: review queues (excessive, prohibited, general-election refunds), remedies with their
report rows and donor letters, best-efforts requests, 48-hour notices and conduit imports."""
