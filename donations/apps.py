from django.apps import AppConfig


class DonationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "donations"

    def ready(self) -> None:
        # After-commit signals from the services reach the workers through these receivers (they only enqueue).
        from donations import receivers

        receivers.connect()
