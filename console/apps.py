from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    """The treasurer's console at /staff/: server-rendered pages over the services of compliance and donations."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "console"
