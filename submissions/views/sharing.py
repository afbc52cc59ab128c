"""Revision history with diffs, and the shareable read-only preview link."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import TemplateView

from ..enums import SubmissionState
from ..models import Revision, Submission
from ..services import sharing
from .author import SubmissionMixin, proposal_body

# Speakers may share their proposal even after the call closed (when they can no longer edit it).


class HiddenUnlessAllowedMixin(SubmissionMixin):
    """Denied or signed out alike get a 404: the page does not reveal that the proposal exists."""

    def handle_no_permission(self):
        raise Http404("No such proposal.")


class RevisionsView(HiddenUnlessAllowedMixin, TemplateView):
    """Every saved version of a proposal; two of them compared field by field."""

    template_name = "submissions/revisions.html"

    @cached_property
    def revisions(self) -> list[Revision]:
        # The contents are loaded only for the two compared versions.
        revisions = list(self.submission.revisions.select_related("saved_by").defer("content"))
        previous = None
        for revision in revisions:
            revision.previous_version, previous = previous, revision.version
        return revisions

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["revisions"] = self.revisions[::-1]
        if len(self.revisions) < 2:
            return context
        older, newer = sorted(self._picked(), key=lambda revision: revision.version)
        context.update(older=older, newer=newer)
        if older.version != newer.version:
            context["changes"] = self._changes(older, newer)
        return context

    def _picked(self) -> tuple[Revision, Revision]:
        """The versions named in ``?from=&to=``; by default the previous and the latest one."""
        by_version = {revision.version: revision for revision in self.revisions}
        picked = []
        for parameter, default in (("from", self.revisions[-2]), ("to", self.revisions[-1])):
            value = self.request.GET.get(parameter, "")
            if not value:
                picked.append(default)
            elif value.isdecimal() and int(value) in by_version:
                picked.append(by_version[int(value)])
            else:
                raise Http404("This proposal has no such version.")
        return picked[0], picked[1]

    def _changes(self, older: Revision, newer: Revision) -> list[sharing.FieldChange]:
        contents = dict(
            Revision.objects.filter(
                submission=self.submission, version__in=(older.version, newer.version)
            ).values_list("version", "content")
        )
        before, after = contents[older.version], contents[newer.version]
        questions = sharing.questions_in((before, after), event=self.event)
        return sharing.diff_revisions(before, after, questions=questions)


class PreviewLinkView(HiddenUnlessAllowedMixin, View):
    """POST: a speaker turns the read-only preview link on or off."""

    submission_permission = "submissions.share_submission"

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == "enable":
            self._enable()
        elif action == "disable":
            sharing.disable_preview_link(submission=self.submission, by=request.user)
            messages.success(request, "The preview link is off: it no longer opens the proposal.")
        else:
            raise Http404("Unknown action.")
        return redirect(self.submission.get_absolute_url())

    def _enable(self):
        try:
            sharing.enable_preview_link(submission=self.submission, by=self.request.user)
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return
        messages.success(
            self.request, "The preview link is on: anyone you give it to can read the proposal."
        )


class PreviewView(TemplateView):
    """The proposal read-only, for anyone with the link; no sign-in, not indexed."""

    template_name = "submissions/preview.html"

    @cached_property
    def submission(self) -> Submission:
        return get_object_or_404(
            Submission.objects.select_related("event", "track", "session_type").exclude(
                state=SubmissionState.WITHDRAWN
            ),
            preview_token=self.kwargs["token"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            proposal_body(self.submission, preview_token=self.submission.preview_token),
            event=self.submission.event,
        )
        return context

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        # The token is the whole secret: links in the proposal must not pass it on as a referrer.
        response["Referrer-Policy"] = "no-referrer"
        response["Cache-Control"] = "private, no-store"
        return response


urlpatterns = [
    path(
        "<slug:event>/proposals/<int:pk>/revisions/",
        RevisionsView.as_view(),
        name="revisions",
    ),
    path(
        "<slug:event>/proposals/<int:pk>/preview-link/",
        PreviewLinkView.as_view(),
        name="preview-link",
    ),
    path("preview/<str:token>/", PreviewView.as_view(), name="preview"),
]
