from django.contrib.auth.mixins import LoginRequiredMixin

from tracks.views import EventScopedMixin


class ProceedingsMixin(LoginRequiredMixin, EventScopedMixin):
    """Pages of the proceedings chair and the organizers; anyone else gets a 404.

    ``proceedings_tab`` marks the active tab of ``templates/proceedings/_nav.html``."""

    event_permission = "proceedings.manage"
    manage_tab = "proceedings"
    proceedings_tab = ""

    def get_context_data(self, **kwargs):
        kwargs.setdefault("proceedings_tab", self.proceedings_tab)
        return super().get_context_data(**kwargs)
