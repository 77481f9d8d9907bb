"""What production refuses as a secret: the placeholders of ``.env.example``, the laptop's default key, and short
or low-entropy keys. One definition, used by config.settings.production at startup (every command, ``check
--deploy`` included, then fails naming the variable)."""

from __future__ import annotations

# Markers of a value copied from .env.example or a tutorial rather than generated.
PLACEHOLDER_MARKERS = ("change-me", "changeme", "change_me", "replace_me", "replace-me")
SECRET_KEY_MIN_LENGTH = 50  # Django's own security.W009 threshold
SECRET_KEY_MIN_UNIQUE = 5


def is_placeholder(value: str) -> bool:
    lowered = value.lower()
    return any(marker in lowered for marker in PLACEHOLDER_MARKERS)


def secret_key_problem(value: str, *, known: tuple[str, ...] = ()) -> str | None:
    """Why ``value`` is not acceptable as DJANGO_SECRET_KEY in production, or None."""
    if not value:
        return "DJANGO_SECRET_KEY must be set to a long random value in production."
    if is_placeholder(value):
        return "DJANGO_SECRET_KEY is the .env.example placeholder: generate a long random value."
    if value in known or value.startswith("django-insecure-"):
        return "DJANGO_SECRET_KEY is a published development key: generate a long random value."
    if len(value) < SECRET_KEY_MIN_LENGTH or len(set(value)) < SECRET_KEY_MIN_UNIQUE:
        return (
            f"DJANGO_SECRET_KEY must be set to a long random value in production (at least {SECRET_KEY_MIN_LENGTH} "
            f"characters, {SECRET_KEY_MIN_UNIQUE} distinct)."
        )
    return None


def placeholder_problem(name: str, value: str) -> str | None:
    if value and is_placeholder(value):
        return f"{name} is the .env.example placeholder: set the real value (or unset it where optional)."
    return None
