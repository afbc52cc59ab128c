from urllib.parse import urlsplit

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _configure_site(sender, app_config, using, **kwargs):
    """Name the sites-framework Site after SITE_NAME and SITE_URL: account emails quote them."""
    if app_config.label != "sites":
        return
    from django.conf import settings
    from django.contrib.sites.models import Site

    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": urlsplit(settings.SITE_URL).netloc, "name": settings.SITE_NAME},
    )


class ConfPortalConfig(AppConfig):
    """The project package, installed for its template tags and shared Markdown rendering."""

    name = "conf_portal"
    verbose_name = "conf_portal"

    def ready(self):
        from . import lookups  # noqa: F401  (registers the integer ``in`` lookup)

        post_migrate.connect(_configure_site, dispatch_uid="conf_portal.configure_site")
