"""API resources, one module per group of Stripe endpoints. Each exports ``ROUTES``."""
