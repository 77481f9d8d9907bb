"""No Django model permissions for staff: the admin is for superusers (operators) only.

Staff, viewers and treasurers act through the console (/staff/) and the API, which check the person's role in the
committee of each object (accounts.selectors.has_role) and call the same services. Superusers keep every
permission through Django's ModelBackend; this backend grants nothing to anyone, so a staff flag or a committee
role never opens an admin page. (It stays in AUTHENTICATION_BACKENDS to say so explicitly.)"""

from __future__ import annotations

from typing import Any


class CommitteeRoleBackend:
    """Authorisation only (authenticate() always declines): grants no model permission to anyone."""

    def authenticate(self, request: Any, **credentials: Any) -> None:
        return None

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return False

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return False
