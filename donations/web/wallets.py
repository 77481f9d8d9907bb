"""Apple Pay's domain verification: Apple fetches this file (given by Stripe when the domain is registered) before
it shows Apple Pay in the Payment Element. Served from the APPLE_PAY_DOMAIN_ASSOCIATION setting; 404 while unset."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def apple_pay_domain_association(request: HttpRequest) -> HttpResponse:
    content = settings.APPLE_PAY_DOMAIN_ASSOCIATION
    if not content:
        raise Http404("Apple Pay is not set up for this domain.")
    return HttpResponse(content, content_type="text/plain")
