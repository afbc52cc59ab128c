"""How drf-spectacular describes the API: the token scheme, and the error answers every
endpoint may give (a bad token 401, an unknown or hidden object 404, bad parameters 400)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "An API token from your profile's “API tokens” page, sent as "
            "`Authorization: Token <secret>`.",
        }


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class InvalidParametersSerializer(serializers.Serializer):
    """Per parameter or field, what is wrong with it."""

    def to_representation(self, instance):  # pragma: no cover - documentation only
        return instance


class ApiAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        bodies = super()._get_response_bodies(direction)
        if direction != "response":
            return bodies
        errors = {"401": ErrorSerializer, "404": ErrorSerializer}
        paginated = self._is_list_view() and getattr(self.view, "pagination_class", None)
        if paginated or self._get_filter_parameters() or self.method in ("POST", "PATCH"):
            errors["400"] = InvalidParametersSerializer
        for code, serializer in errors.items():
            if code not in bodies:
                bodies[code] = self._get_response_for_code(serializer, code, direction=direction)
        return bodies

    def _map_serializer(self, serializer, direction, bypass_extensions=False):
        if isinstance(serializer, InvalidParametersSerializer):
            return {
                "type": "object",
                "additionalProperties": {},
                "description": "Per parameter or field, what is wrong with it.",
            }
        return super()._map_serializer(serializer, direction, bypass_extensions)
