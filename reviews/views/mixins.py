from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.views import View

from submissions.enums import SubmissionState
from submissions.models import Submission
from tracks.rules import is_organizer
from tracks.views import EventScopedMixin

from ..rules import assignment_scope, reviewer_scope


class ChairMixin(LoginRequiredMixin, EventScopedMixin):
    """Committee pages for organizers (whole event) and track chairs (their tracks); others 404.

    ``scope`` is the set of track ids the user manages, or None for every track.
    """

    event_permission = "reviews.manage_assignments"
    manage_tab = ""

    @cached_property
    def scope(self) -> frozenset[int] | None:
        return assignment_scope(self.request.user, self.event)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("manage_tab", self.manage_tab)
        # Track chairs see only the committee tabs of the organizer's navigation.
        kwargs.setdefault("chair_only", not is_organizer(self.request.user, self.event))
        return super().get_context_data(**kwargs)


class QueueEmailsView(ChairMixin, View):
    """POST only: ``queue()`` asks a service to queue emails after commit and says what it
    queued; a ValidationError says why nothing was. Either way, back to ``back_to``."""

    back_to = ""  # a URL name taking the event's slug

    def queue(self) -> str:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        try:
            with transaction.atomic():
                messages.success(request, self.queue())
        except ValidationError as error:
            messages.error(request, error.messages[0])
        return redirect(self.back_to, self.event.slug)


class OrganizerCommitteeMixin(ChairMixin):
    """Committee pages only organizers reach (invitations)."""

    event_permission = "reviews.manage_committee"


class CommitteeMemberMixin(LoginRequiredMixin, EventScopedMixin):
    """Pages for anyone on the event's committee, in any role; others 404."""

    event_permission = "reviews.view_committee_pages"


class ReviewerMixin(LoginRequiredMixin, EventScopedMixin):
    """Pages for the event's reviewers; ``scope`` is the tracks they review (None: all)."""

    event_permission = "reviews.bid"

    @cached_property
    def scope(self) -> frozenset[int] | None:
        return reviewer_scope(self.request.user, self.event)


class CommitteeSubmissionMixin(CommitteeMemberMixin):
    """The proposal in the URL, for the event's committee; 404 for drafts, and for anyone
    ``may_open`` refuses."""

    def may_open(self, submission) -> bool:
        return True

    @cached_property
    def submission(self) -> Submission:
        submission = get_object_or_404(
            Submission.objects.select_related("event", "track", "session_type"),
            pk=self.kwargs["pk"],
            event=self.event,
        )
        if submission.state == SubmissionState.DRAFT or not self.may_open(submission):
            raise Http404("No such proposal.")
        return submission
