"""The committee reads a proposal: its paper (anonymised in double-blind mode), its submitted
reviews and the committee's discussion."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.functional import cached_property
from django.views import View

from submissions.enums import SubmissionState
from submissions.models import Submission
from tracks.views import EventScopedMixin

from ..access import chairs_submission, is_assigned, is_conflicted_with, shows_authors_to
from ..blind import PaperUnreadable, strip_pdf_metadata


class CommitteeSubmissionMixin(LoginRequiredMixin, EventScopedMixin):
    """The proposal in the URL, for the event's committee; 404 for drafts."""

    event_permission = "reviews.view_committee_pages"

    @cached_property
    def submission(self) -> Submission:
        submission = get_object_or_404(
            Submission.objects.select_related("event", "track", "session_type"),
            pk=self.kwargs["pk"],
            event=self.event,
        )
        if submission.state == SubmissionState.DRAFT:
            raise Http404("No such proposal.")
        return submission


class CommitteePaperView(CommitteeSubmissionMixin, View):
    """The paper for the proposal's reviewers and chairs, never for those in conflict with it.
    Whoever may not see the authors gets a copy without the PDF's metadata."""

    def get(self, request, *args, **kwargs):
        submission, user = self.submission, request.user
        allowed = chairs_submission(user, submission) or is_assigned(user, submission)
        if not allowed or is_conflicted_with(user, submission) or not submission.paper:
            raise Http404("No such paper.")
        filename = f"proposal-{submission.pk}.pdf"
        if shows_authors_to(user, submission):
            return FileResponse(submission.paper.open("rb"), filename=filename)
        with submission.paper.open("rb") as paper:
            data = paper.read()
        try:
            anonymous = strip_pdf_metadata(data)
        except PaperUnreadable:
            return HttpResponse(
                "This paper could not be anonymised for blind review. Please tell the chairs.",
                status=503,
                content_type="text/plain; charset=utf-8",
            )
        response = HttpResponse(anonymous, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response


PROPOSAL = "<slug:event>/review/proposals/<int:pk>"
urlpatterns = [
    path(f"{PROPOSAL}/paper.pdf", CommitteePaperView.as_view(), name="committee-paper"),
]
