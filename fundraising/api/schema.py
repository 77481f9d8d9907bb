"""OpenAPI schema touches shared by every app's API (drf-spectacular postprocessing hooks)."""

from __future__ import annotations

from typing import Any

# Path parameters are named the same way across the API; each gets its description here, once.
PATH_PARAMETERS = {
    "report_id": "The report's id (from the reports list or the create answer)",
    "kind": "Which file: fec (the .fec to file), csv (line items) or summary (printable HTML)",
    "item_id": "The review item's id (from the queue)",
    "action": "refund, redesignate, reattribute or clear",
    "transaction_id": "The gift's FEC transaction id",
    "public_id": "The public id of the donation or monthly gift",
}


def describe_path_parameters(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Give every path parameter its description (views name them; the URL converters cannot)."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "path" and not parameter.get("description"):
                    parameter["description"] = PATH_PARAMETERS.get(parameter["name"], "")
    return result
