"""Links that leave the site: in emails, where there is no request to build them from."""

from django.conf import settings


def site_url(path: str) -> str:
    """The absolute URL of a path of this site (``SITE_URL`` + path)."""
    return settings.SITE_URL.rstrip("/") + path
