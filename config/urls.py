from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config.health import healthz, readyz
from config.mailbox import mailbox, mailbox_message
from donations.web.wallets import apple_pay_domain_association
from donations.webhooks import stripe_webhook
from operations.views import metrics

urlpatterns = [
    path("", RedirectView.as_view(url="/donate/demo/", permanent=False)),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("api/v1/", include("donations.api.urls")),
    path("api/v1/", include("compliance.api.urls")),
    path("api/v1/", include("accounts.api.urls")),
    path("staff/", include("console.urls")),  # the treasurer's console
    path("", include("compliance.dashboard.urls")),  # /desk/best-efforts/<token>/ (donors, signed link)
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI with its script served as a file (no inline script under the CSP); its page has one inline style.
    path(
        "api/docs/",
        csp_update({"style-src": ["'unsafe-inline'"]})(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path("webhooks/stripe/", stripe_webhook, name="stripe-webhook"),
    path("donate/", include("donations.web.urls")),
    path(
        ".well-known/apple-developer-merchantid-domain-association",
        apple_pay_domain_association,
        name="apple-pay-domain-association",
    ),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics, name="metrics"),  # Prometheus; bearer METRICS_TOKEN
    path("demo/mailbox/", mailbox, name="demo-mailbox"),  # 404 unless DEMO_MAILBOX (make run)
    path("demo/mailbox/<int:number>/", mailbox_message, name="demo-mailbox-message"),
]
