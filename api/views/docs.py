"""The browsable API documentation: Swagger UI from drf-spectacular-sidecar's vendored files,
started by a static script (the CSP allows no inline script and no other site)."""

from django.views.generic import TemplateView
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.exceptions import NotFound


class SwaggerView(TemplateView):
    template_name = "api/docs.html"


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@authentication_classes([])
@permission_classes([])
def not_found(request, *args, **kwargs):
    raise NotFound("No such endpoint or object.")
