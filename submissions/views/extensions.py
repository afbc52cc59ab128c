"""Extensions of the call: the organizers' page, reopening a proposal, redeeming an access code."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.views import View
from django.views.generic import FormView

from tracks.views import OrganizerMixin

from ..forms.extensions import AccessCodeForm, ExtensionForm, ReopenForm, add_service_errors
from ..models import Extension
from ..rules import is_speaker
from ..services.cfp import redeem_access_code, revoke_extension
from .author import SubmissionDetailView


def event_extensions_listing(event) -> QuerySet[Extension]:
    """Everything the extensions page shows, in a fixed number of queries."""
    return (
        Extension.objects.filter(event=event)
        .select_related("event", "user", "submission", "created_by")
        .prefetch_related("tracks", "session_types")
        .annotate(redeemed=Count("redeemed_by"))
        .order_by("-due", "pk")
    )


def _when(extension: Extension) -> str:
    due = extension.local_due
    return f"{due:%b} {due.day}, {due:%Y %H:%M} {extension.zone_abbreviation}"


class ExtensionsView(OrganizerMixin, FormView):
    """The event's extensions and access codes, with a form to grant one."""

    template_name = "submissions/manage/extensions.html"
    form_class = ExtensionForm
    manage_tab = "extensions"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "event": self.event}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            extensions=event_extensions_listing(self.event), now=timezone.now(), **kwargs
        )

    def form_valid(self, form):
        try:
            extension = form.save(by=self.request.user)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Granted: {extension.target} until {_when(extension)}.")
        return redirect("submissions:manage-extensions", event=self.event.slug)


class ExtensionRevokeView(OrganizerMixin, View):
    """POST: delete an extension (an access code stops working at once)."""

    def post(self, request, *args, **kwargs):
        extension = get_object_or_404(
            Extension.objects.select_related("event", "user", "submission"),
            pk=self.kwargs["pk"],
            event=self.event,
        )
        target = extension.target
        revoke_extension(extension=extension)
        messages.success(request, f"Revoked the extension for {target}.")
        return redirect("submissions:manage-extensions", event=self.event.slug)


class ProposalPanelFormView(SubmissionDetailView):
    """POST a form of the proposal page's extension panel. A mistake shows the proposal page
    again with the error next to the field; success returns to the proposal."""

    form_context_name = ""

    def get(self, request, *args, **kwargs):
        return redirect(self.submission.get_absolute_url())

    def post(self, request, *args, **kwargs):
        form = self.build_form()
        if form.is_valid():
            try:
                message = self.apply(form)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, message)
                return redirect(self.submission.get_absolute_url())
        return self.render_to_response(self.get_context_data(**{self.form_context_name: form}))


class ReopenSubmissionView(ProposalPanelFormView):
    """Organizers reopen a proposal whose call closed: a per-proposal extension."""

    event_permission = "tracks.change_event"
    form_context_name = "reopen_form"

    def build_form(self):
        return ReopenForm(self.request.POST, event=self.event)

    def apply(self, form) -> str:
        extension = form.save(submission=self.submission, by=self.request.user)
        return f"Reopened: the speakers may edit this proposal until {_when(extension)}."


class RedeemAccessCodeView(ProposalPanelFormView):
    """A speaker enters an access code so the proposal may be edited and submitted."""

    form_context_name = "code_form"

    def post(self, request, *args, **kwargs):
        if not is_speaker(request.user, self.submission):
            raise Http404("No such proposal.")
        return super().post(request, *args, **kwargs)

    def build_form(self):
        return AccessCodeForm(self.request.POST)

    def apply(self, form) -> str:
        extension = redeem_access_code(
            submission=self.submission, code=form.cleaned_data["access_code"], by=self.request.user
        )
        return f"Access code accepted: you may edit and submit until {_when(extension)}."


urlpatterns = [
    path(
        "<slug:event>/manage/extensions/",
        ExtensionsView.as_view(),
        name="manage-extensions",
    ),
    path(
        "<slug:event>/manage/extensions/<int:pk>/revoke/",
        ExtensionRevokeView.as_view(),
        name="manage-extension-revoke",
    ),
    path(
        "<slug:event>/proposals/<int:pk>/reopen/",
        ReopenSubmissionView.as_view(),
        name="reopen",
    ),
    path(
        "<slug:event>/proposals/<int:pk>/access-code/",
        RedeemAccessCodeView.as_view(),
        name="redeem-code",
    ),
]
