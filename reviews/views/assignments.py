"""The chairs' manual assignment page: who reviews which proposal, by hand, one or many."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.urls import path
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from ..conflicts import conflict_map
from ..enums import REVIEWABLE_STATES, AssignmentSource, BidPreference
from ..forms.assignments import AssignForm, AssignmentFilterForm
from ..models import AssignmentRun, Bid, ReviewAssignment, ReviewerProfile
from ..selectors import committee_reviewers, reviewable_submissions, reviewer_users
from ..services.reviewer_mail import (
    request_assignment_emails,
    request_review_reminders,
    reviewer_mail_summary,
)
from .mixins import ChairMixin, QueueEmailsView

DEFAULT_WANTED = 3
BID_ORDER = {
    BidPreference.EAGER: 0,
    BidPreference.WILLING: 1,
    "": 2,
    BidPreference.NOT_WILLING: 3,
}


def wanted_reviews(event) -> int:
    """Reviews wanted per proposal: what the last automatic run asked for, else 3."""
    run = AssignmentRun.objects.filter(event=event).only("params").first()
    wanted = run.params.get("reviews_per_submission") if run else None
    return wanted if isinstance(wanted, int) and wanted > 0 else DEFAULT_WANTED


@dataclass
class ReviewerLoad:
    user: object
    load: int
    max_load: int | None
    track_ids: frozenset[int] | None

    @property
    def percent(self) -> int:
        cap = self.max_load or max(self.load, 1)
        return min(100, round(100 * self.load / cap)) if cap else 0


def reviewer_loads(event, scope) -> list[ReviewerLoad]:
    """The event's reviewers who review a track in ``scope``, with how many proposals they review
    in the whole event (constant queries)."""
    tracks = {r.user_id: r.track_ids for r in committee_reviewers(event)}
    caps = dict(ReviewerProfile.objects.filter(event=event).values_list("user_id", "max_load"))
    counted = Q(
        review_assignments__submission__event=event,
        review_assignments__submission__state__in=REVIEWABLE_STATES,
    )
    users = reviewer_users(event).annotate(
        load=Count("review_assignments", filter=counted, distinct=True)
    )
    loads = []
    for user in users:
        track_ids = tracks.get(user.pk)
        if scope is not None and track_ids is not None and not track_ids & scope:
            continue
        loads.append(ReviewerLoad(user, user.load, caps.get(user.pk), track_ids))
    return loads


@dataclass
class Row:
    submission: object
    wanted: int
    chair_conflicted: bool = False
    assignments: list = field(default_factory=list)
    eligible: list = field(default_factory=list)  # (ReviewerLoad, bid)
    bids: Counter = field(default_factory=Counter)
    conflicts: int = 0

    @property
    def assigned(self) -> int:
        return len(self.assignments)

    @property
    def coverage(self) -> str:
        return "full" if self.assigned >= self.wanted else "none" if not self.assigned else "under"


def chair_conflicts(event, chair) -> set[int]:
    """Proposals the chair has a conflict with: they may not see or change who reviews them."""
    return {sid for sid, _ in conflict_map(event, user_ids=[chair.pk])}


def build_rows(submissions, *, event, loads, hidden, wanted) -> list[Row]:
    """One row per proposal: reviewers, bids, conflicts and who else could review it."""
    ids = [s.pk for s in submissions]
    assignments = defaultdict(list)
    for assignment in ReviewAssignment.objects.filter(submission_id__in=ids).select_related(
        "reviewer"
    ):
        assignments[assignment.submission_id].append(assignment)
    bids = defaultdict(dict)
    for sid, uid, preference in Bid.objects.filter(submission_id__in=ids).values_list(
        "submission_id", "user_id", "preference"
    ):
        bids[sid][uid] = preference
    user_ids = [load.user.pk for load in loads]
    conflicts = conflict_map(event, submission_ids=ids, user_ids=user_ids) if ids else {}
    rows = []
    for submission in submissions:
        row = Row(submission, wanted, chair_conflicted=submission.pk in hidden)
        if row.chair_conflicted:
            rows.append(row)
            continue
        row.assignments = assignments[submission.pk]
        for assignment in row.assignments:  # a conflict found after the assignment was made
            assignment.conflicted = (submission.pk, assignment.reviewer_id) in conflicts
        assigned = {a.reviewer_id for a in row.assignments}
        row.bids = Counter(bids[submission.pk].values())
        row.conflicts = sum((submission.pk, uid) in conflicts for uid in user_ids)
        row.eligible = sorted(
            (
                (load, bids[submission.pk].get(load.user.pk, ""))
                for load in loads
                if load.user.pk not in assigned
                and (submission.pk, load.user.pk) not in conflicts
                and (load.track_ids is None or submission.track_id in load.track_ids)
            ),
            key=lambda pair: (BID_ORDER.get(pair[1], 2), pair[0].load, pair[0].user.name),
        )
        row.eligible = [
            (load, BidPreference(bid).label if bid else "") for load, bid in row.eligible
        ]
        rows.append(row)
    return rows


def filtered_submissions(event, scope, *, query, track, coverage, wanted, hidden):
    submissions = (
        reviewable_submissions(event, scope)
        .select_related("track", "event")
        .annotate(n_assigned=Count("assignments", distinct=True))
        .order_by("n_assigned", "title", "pk")
    )
    if track is not None:
        submissions = submissions.filter(track=track)
    if query:
        submissions = submissions.filter(
            Q(title__icontains=query)
            | (
                (
                    Q(assignments__reviewer__name__icontains=query)
                    | Q(assignments__reviewer__email__icontains=query)
                )
                & ~Q(pk__in=hidden)
            )
        ).distinct()
    if coverage == "under":
        submissions = submissions.filter(n_assigned__lt=wanted).exclude(pk__in=hidden)
    elif coverage == "full":
        submissions = submissions.filter(n_assigned__gte=wanted).exclude(pk__in=hidden)
    return submissions


class AssignmentsView(ChairMixin, TemplateView):
    """Reviewable proposals in the chair's tracks with their reviewers; assign by hand."""

    template_name = "reviews/manage/assignments.html"
    manage_tab = "assignments"
    paginate_by = 25

    @cached_property
    def filter_form(self) -> AssignmentFilterForm:
        return AssignmentFilterForm(self.request.GET or None, event=self.event, scope=self.scope)

    def post(self, request, *args, **kwargs):
        form = AssignForm(request.POST, event=self.event, scope=self.scope)
        if form.is_valid():
            try:
                messages.success(request, form.save(by=request.user))
                return redirect(request.get_full_path())
            except ValidationError:
                pass
        return self.render_to_response(self.get_context_data(assign_form=form))

    def get_context_data(self, **kwargs):
        wanted = wanted_reviews(self.event)
        hidden = chair_conflicts(self.event, self.request.user)
        submissions = filtered_submissions(
            self.event, self.scope, wanted=wanted, hidden=hidden, **self.filter_form.filters()
        )
        page = Paginator(submissions, self.paginate_by).get_page(self.request.GET.get("page"))
        loads = reviewer_loads(self.event, self.scope)
        query = self.request.GET.copy()
        query.pop("page", None)
        kwargs.setdefault("assign_form", AssignForm(event=self.event, scope=self.scope))
        return super().get_context_data(
            filter_form=self.filter_form,
            filter_query=query.urlencode(),
            page_obj=page,
            rows=build_rows(
                list(page), event=self.event, loads=loads, hidden=hidden, wanted=wanted
            ),
            loads=sorted(loads, key=lambda load: (-load.load, load.user.name)),
            wanted=wanted,
            automatic=AssignmentSource.AUTOMATIC,
            reviewer_mail=reviewer_mail_summary(self.event, self.request.user),
            **kwargs,
        )


class AssignmentEmailsView(QueueEmailsView):
    """Email each reviewer the assignments in the chair's tracks not told yet."""

    back_to = "reviews:manage-assignments"

    def queue(self) -> str:
        reviewers, assignments = request_assignment_emails(event=self.event, by=self.request.user)
        return (
            f"Emailing {reviewers} reviewer{pluralize(reviewers)} about "
            f"{assignments} new assignment{pluralize(assignments)}."
        )


class ReviewRemindersView(QueueEmailsView):
    """Remind the reviewers with unfinished reviews in the chair's tracks (once a day each)."""

    back_to = "reviews:manage-assignments"

    def queue(self) -> str:
        reviewers = request_review_reminders(event=self.event, by=self.request.user)
        return f"Reminding {reviewers} reviewer{pluralize(reviewers)}."


urlpatterns = [
    path(
        "<slug:event>/manage/assignments/",
        AssignmentsView.as_view(),
        name="manage-assignments",
    ),
    path(
        "<slug:event>/manage/assignments/email/",
        AssignmentEmailsView.as_view(),
        name="assignment-emails",
    ),
    path(
        "<slug:event>/manage/assignments/remind/",
        ReviewRemindersView.as_view(),
        name="review-reminders",
    ),
]
