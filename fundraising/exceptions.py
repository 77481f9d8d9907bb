"""Application errors raised by services; one API handler turns them into one error shape."""


class ApplicationError(Exception):
    status_code = 400
    code = "invalid"
    retry_after: int | None = None  # seconds, sent as Retry-After (a 503 or 429 the client should retry)

    def __init__(self, message: str, *, field: str | None = None, extra: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.extra = extra or {}


class NotFound(ApplicationError):
    status_code = 404
    code = "not_found"


class Conflict(ApplicationError):
    status_code = 409
    code = "conflict"


class PaymentDeclined(ApplicationError):
    status_code = 402
    code = "card_declined"


class PaymentGatewayUnavailable(ApplicationError):
    status_code = 503
    code = "payment_gateway_unavailable"
