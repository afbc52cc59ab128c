from django.db import models


class WebsiteField(models.URLField):
    """A URL whose form field assumes https:// when the scheme is left out (Django 6's default)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})
