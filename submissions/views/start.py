"""Starting a new draft proposal from the event's call for proposals."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.generic import FormView

from tracks.views import EventScopedMixin

from .. import services
from ..forms import StartSubmissionForm


class StartSubmissionView(LoginRequiredMixin, EventScopedMixin, FormView):
    template_name = "submissions/start.html"
    form_class = StartSubmissionForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "event": self.event}

    def form_valid(self, form):
        try:
            submission = services.create_submission(
                event=self.event,
                track=form.cleaned_data["track"],
                session_type=form.cleaned_data["session_type"],
                author=self.request.user,
                data={"title": form.cleaned_data["title"]},
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, "Your draft is saved. Fill in the rest, then submit it.")
        return redirect("submissions:edit", event=self.event.slug, pk=submission.pk)
