"""Stripe API errors, raised by handlers and rendered in Stripe's ``{"error": {...}}`` body shape."""

from __future__ import annotations

from typing import Any

DOC_BASE = "https://docs.stripe.com/error-codes"


class StripeError(Exception):
    """An API error: HTTP status plus the fields of Stripe's error object."""

    def __init__(
        self,
        status: int,
        type_: str,
        message: str,
        *,
        code: str | None = None,
        param: str | None = None,
        decline_code: str | None = None,
        extra: dict[str, Any] | None = None,
        store_result: bool = False,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.type = type_
        self.message = message
        self.code = code
        self.param = param
        self.decline_code = decline_code
        self.extra = extra or {}
        #: True when the request had started executing, so an idempotent replay must return this same error.
        self.store_result = store_result

    def body(self, request_id: str | None = None) -> dict[str, Any]:
        """The JSON body Stripe sends for this error."""
        err: dict[str, Any] = {"type": self.type, "message": self.message}
        if self.code:
            err["code"] = self.code
            err["doc_url"] = f"{DOC_BASE}#{self.code.replace('_', '-')}"
        if self.param:
            err["param"] = self.param
        if self.decline_code:
            err["decline_code"] = self.decline_code
        if request_id:
            err["request_log_url"] = f"https://dashboard.stripe.com/test/logs/{request_id}"
        err.update(self.extra)
        return {"error": err}


def invalid(message: str, *, param: str | None = None, code: str | None = None) -> StripeError:
    """A 400 ``invalid_request_error``."""
    return StripeError(400, "invalid_request_error", message, param=param, code=code)


def missing_param(param: str) -> StripeError:
    """Stripe's error for a required parameter that was not sent."""
    return invalid(f"Missing required param: {param}.", param=param, code="parameter_missing")


def not_found(kind: str, object_id: str, param: str = "id") -> StripeError:
    """Stripe's 404 ``resource_missing`` error for an unknown id."""
    return StripeError(
        404, "invalid_request_error", f"No such {kind}: '{object_id}'", param=param, code="resource_missing"
    )


def unexpected_state(message: str, *, code: str = "payment_intent_unexpected_state") -> StripeError:
    """A 400 error for an operation the object's current status does not allow."""
    return invalid(message, code=code)


def authentication(message: str) -> StripeError:
    """A 401 ``authentication_error``."""
    return StripeError(401, "authentication_error", message)


def idempotency(message: str) -> StripeError:
    """A 400 ``idempotency_error`` (the SDK raises ``stripe.IdempotencyError``)."""
    return StripeError(400, "idempotency_error", message)
