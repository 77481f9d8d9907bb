"""OpenAPI (drf-spectacular) security schemes for our authentication classes."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):  # noqa: ANN001, ANN201
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>` (or `Bearer <key>`): a key for one committee and one role",
        }


class OTPSessionScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.OTPSessionAuthentication"
    name = "staffSession"

    def get_security_definition(self, auto_schema):  # noqa: ANN001, ANN201
        return {"type": "apiKey", "in": "cookie", "name": "sessionid", "description": "password + TOTP session"}
