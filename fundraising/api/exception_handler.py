"""Every API error has one shape: {"error": {"code", "message", "fields": {field: [messages]}}}."""

import logging

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from fundraising.exceptions import ApplicationError

logger = logging.getLogger(__name__)


def _field_errors(detail: object, prefix: str = "") -> dict[str, list[str]]:
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            out.update(_field_errors(value, name))
        return out
    if isinstance(detail, list):
        if detail and all(not isinstance(item, (dict, list)) for item in detail):
            return {prefix or "non_field_errors": [str(item) for item in detail]}
        out = {}
        for index, item in enumerate(detail):
            out.update(_field_errors(item, f"{prefix}[{index}]"))
        return out
    return {prefix or "non_field_errors": [str(detail)]}


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, ApplicationError):
        fields = {exc.field: [exc.message]} if exc.field else {}
        body = {"error": {"code": exc.code, "message": exc.message, "fields": fields, **exc.extra}}
        headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else None
        return Response(body, status=exc.status_code, headers=headers)
    if isinstance(exc, exceptions.ValidationError):
        fields = _field_errors(exc.detail)
        names = ", ".join(sorted(fields))
        body = {"error": {"code": "invalid", "message": f"Invalid input: {names}", "fields": fields}}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    response = exception_handler(exc, context)
    if response is not None:
        detail = response.data.get("detail", response.data) if isinstance(response.data, dict) else response.data
        code = getattr(exc, "default_code", "error")
        response.data = {"error": {"code": code, "message": str(detail), "fields": {}}}
    return response
