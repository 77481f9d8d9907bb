"""A Stripe-compatible HTTP server for tests and the offline demo (never imported by production code).

Run it with ``python -m stripe_emulator``; see ``stripe_emulator.testing`` for a pytest-friendly launcher and
``control.py`` for the ``/_emulator/`` test controls.
"""

__version__ = "0.1.0"
