from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Metrics, error reporting, backups and reads off the primary: watches the other apps from above, through
    signals and Celery's task signals, so their code stays free of operations concerns."""

    name = "operations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from operations import receivers

        receivers.connect()  # Celery's task signals are connected by config/celery.py, before any worker starts
