"""The route table: every ``/v1`` endpoint the emulator serves, matched by method and path."""

from __future__ import annotations

import re
from dataclasses import dataclass

from stripe_emulator.resources import (
    balance,
    catalog,
    charges,
    clocks,
    customers,
    disputes,
    endpoints,
    invoices,
    payment_methods,
    payments,
    refunds,
    subscriptions,
)
from stripe_emulator.resources.common import Handler, Route

ALL_ROUTES: list[Route] = [
    *customers.ROUTES,
    *payments.ROUTES,
    *charges.ROUTES,
    *payment_methods.ROUTES,
    *refunds.ROUTES,
    *disputes.ROUTES,
    *catalog.ROUTES,
    *subscriptions.ROUTES,
    *invoices.ROUTES,
    *clocks.ROUTES,
    *endpoints.ROUTES,
    *balance.ROUTES,
]


@dataclass(frozen=True)
class Match:
    """A matched route and the ids captured from the path."""

    route: Route
    args: tuple[str, ...]

    @property
    def handler(self) -> Handler:
        return self.route.handler


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile("^" + re.escape(pattern).replace(re.escape("{id}"), "([^/]+)") + "$")


_COMPILED = [(route.method, _compile(route.pattern), route) for route in ALL_ROUTES]


def match(method: str, path: str) -> Match | None:
    """The route for ``method path``, or None."""
    for route_method, regex, route in _COMPILED:
        if route_method == method:
            found = regex.match(path)
            if found:
                return Match(route, found.groups())
    return None


def path_exists(path: str) -> bool:
    """True if some method serves this path (for 405-like messages)."""
    return any(regex.match(path) for _, regex, _ in _COMPILED)
