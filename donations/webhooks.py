"""The Stripe webhook endpoint: verify the signature on the raw body, store the event, answer fast."""

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from donations.payments import InvalidWebhook, get_payment_gateway
from donations.services.stripe_events import stripe_event_record

logger = logging.getLogger(__name__)


@csrf_exempt  # Stripe cannot send a CSRF token; the signature is the authentication
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    try:
        event = get_payment_gateway().parse_webhook(
            payload=request.body, signature=request.headers.get("Stripe-Signature", "")
        )
    except InvalidWebhook as exc:
        logger.warning("stripe webhook rejected: %s", exc)
        return HttpResponseBadRequest("invalid signature")
    stripe_event_record(event=event)
    return HttpResponse(status=200)
