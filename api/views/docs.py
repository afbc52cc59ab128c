"""The browsable API documentation: Swagger UI from drf-spectacular-sidecar's vendored files,
started by a static script (the CSP allows no inline script and no other site)."""

from django.views.generic import TemplateView


class SwaggerView(TemplateView):
    template_name = "api/docs.html"
