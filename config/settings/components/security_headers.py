"""Content-Security-Policy for every response (django-csp): scripts, styles, images and connections from this
site only, no framing, no plugins. Pages that need more set their own policy on the response: the donation
pages (Stripe.js, donations/web/csp.py), the API docs (Swagger UI's inline style, config/urls.py) and the
report summary served inline (sandboxed, compliance/api/views.py)."""

from csp.constants import NONE, SELF

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
    }
}
