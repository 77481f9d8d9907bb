from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "Staff access"

    def ready(self) -> None:
        from accounts import lockouts, schema, signals  # noqa: F401  (lockout audit; OpenAPI; login/permission audit)
