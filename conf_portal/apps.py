from django.apps import AppConfig


class ConfPortalConfig(AppConfig):
    """The project package, installed for its template tags and shared Markdown rendering."""

    name = "conf_portal"
    verbose_name = "conf_portal"
