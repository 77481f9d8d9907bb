"""WSGI entry point (gunicorn). Defaults to the production settings, which refuse to start with DEBUG on or with
placeholder secrets; a laptop runs `manage.py runserver` (scripts/run_dev.py sets config.settings.local)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()
