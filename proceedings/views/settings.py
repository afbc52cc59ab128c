"""The proceedings settings: the volume's title page, paper size, order and DOI registration."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path
from django.views.generic import FormView

from tracks.rules import is_organizer

from ..forms import ProceedingsSettingsForm
from ..services import settings_for
from .mixins import ProceedingsMixin


class SettingsView(ProceedingsMixin, FormView):
    template_name = "proceedings/settings.html"
    form_class = ProceedingsSettingsForm
    proceedings_tab = "settings"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": settings_for(self.event)}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("is_organizer", is_organizer(self.request.user, self.event))
        kwargs.setdefault("manage_tab", self.manage_tab)
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        changed = {"paper_size", "requirement"} & set(form.changed_data)
        form.save()
        note = " Every camera-ready paper is being checked again." if changed else ""
        messages.success(self.request, "The proceedings settings are saved." + note)
        return redirect("proceedings:settings", self.event.slug)


urlpatterns = [
    path("<slug:event>/manage/proceedings/settings/", SettingsView.as_view(), name="settings"),
]
