"""Starting a new draft proposal from the event's call for proposals."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import FormView

from tracks.selectors import cfp_status
from tracks.views import EventScopedMixin

from .. import services
from ..forms import StartSubmissionForm
from ..forms.extensions import add_service_errors

CLOSED_HINT = "If the organizers gave you an access code, enter it here."


class StartSubmissionView(LoginRequiredMixin, EventScopedMixin, FormView):
    """A link such as ``/<event>/submit/?code=K7QM-3XPA`` fills in the access code."""

    template_name = "submissions/start.html"
    form_class = StartSubmissionForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "event": self.event}

    def get_initial(self):
        return {**super().get_initial(), "access_code": self.request.GET.get("code", "")[:40]}

    def get_context_data(self, **kwargs):
        cfp = cfp_status(self.event.deadlines.all(), timezone.now())
        return super().get_context_data(cfp=cfp, **kwargs)

    def form_valid(self, form):
        try:
            submission = services.create_submission(
                event=self.event,
                track=form.cleaned_data["track"],
                session_type=form.cleaned_data["session_type"],
                author=self.request.user,
                data={"title": form.cleaned_data["title"]},
                access_code=form.cleaned_data["access_code"],
            )
        except ValidationError as error:
            self._show_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Your draft is saved. Fill in the rest, then submit it.")
        return redirect("submissions:edit", event=self.event.slug, pk=submission.pk)

    @staticmethod
    def _show_error(form, error: ValidationError) -> None:
        """A closed call is answered next to the access code, the way past it."""
        if hasattr(error, "error_dict") or form.cleaned_data["access_code"]:
            add_service_errors(form, error)
        else:
            form.add_error("access_code", [*error.messages, CLOSED_HINT])
