"""Roles a person or an API token holds in one committee, from least to most trusted."""

from django.db import models


class Role(models.TextChoices):
    VIEWER = "viewer", "Viewer (read-only)"
    STAFF = "staff", "Staff (donors and gifts)"
    TREASURER = "treasurer", "Treasurer (reports, filing, refunds)"


RANK = {Role.VIEWER: 1, Role.STAFF: 2, Role.TREASURER: 3}


def role_at_least(role: str, required: str) -> bool:
    return RANK.get(Role(role), 0) >= RANK[Role(required)]
