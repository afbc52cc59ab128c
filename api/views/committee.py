"""Endpoints for organizers and track chairs, with a token scoped to the event: proposals,
the reviews' figures, decisions (set through reviews.services.decisions.decide) and the
draft schedule. A track chair reaches only the proposals of their tracks; anything a token may
not see answers 404."""

from django.core.exceptions import ValidationError
from django.db.models import Avg, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.response import Response

from program.clashes import schedule_warnings, warnings_by_slot
from program.models import Slot
from program.selectors import board_key, draft_slots
from reviews.access import can_read_reviews, shows_authors_to
from reviews.conflicts import conflict_map
from reviews.enums import Decision
from reviews.services.decisions import decide, short_of_reviews
from reviews.views.assignments import wanted_reviews
from submissions.enums import TRANSITIONS, SubmissionState
from submissions.models import Answer, CoAuthor, Speaker, Submission
from submissions.services.editing import InvalidTransition
from tracks.rules import is_organizer

from ..access import CommitteeEventMixin
from ..filters import ProposalFilter, ReviewSummaryFilter, ScheduleFilter
from ..review_summaries import event_calibration, review_summaries
from ..serializers.committee import (
    DecisionRequestSerializer,
    DecisionResultSerializer,
    DecisionSerializer,
    DraftSlotSerializer,
    ErrorListSerializer,
    ProposalSerializer,
    ReviewSummarySerializer,
)

COMMITTEE = ["Organizers and track chairs"]


def _fake(view) -> bool:
    return getattr(view, "swagger_fake_view", False)


class ProposalsMixin(CommitteeEventMixin):
    """The event's proposals the token's user may see: every one for organizers, those of
    their tracks for track chairs."""

    def proposals(self):
        if _fake(self):
            return Submission.objects.none()
        queryset = Submission.objects.filter(event=self.event).select_related(
            "track", "session_type"
        )
        if self.scope is not None:
            queryset = queryset.filter(track_id__in=self.scope)
        return queryset

    def proposal(self, queryset=None) -> Submission:
        submission = get_object_or_404(
            self.proposals() if queryset is None else queryset, pk=self.kwargs["id"]
        )
        submission.event = self.event
        if not self.request.user.has_perm("submissions.view_submission", submission):
            raise Http404("No such proposal.")
        return submission


class ProposalDataMixin(ProposalsMixin):
    # Plain lists (to_attr) rather than related managers: a page of 250 proposals loads in half
    # the time. Only the user fields a proposal shows are read.
    PREFETCHES = (
        Prefetch(
            "speakers",
            queryset=Speaker.objects.select_related("user").only(
                "submission_id", "position", "user__name", "user__email", "user__affiliation",
                "user__orcid",
            ),
            to_attr="speaker_list",
        ),
        Prefetch("coauthors", queryset=CoAuthor.objects.all(), to_attr="coauthor_list"),
        Prefetch(
            "answers",
            queryset=Answer.objects.select_related("question").order_by(
                "question__position", "question__pk"
            ),
            to_attr="answer_list",
        ),
    )  # fmt: skip

    def get_queryset(self):
        return self.proposals().prefetch_related(*self.PREFETCHES).order_by("pk")

    def with_authors(self, submissions):
        """Each proposal's authors in author order, or None for whoever the review mode hides
        them from (as reviews.access.shows_authors_to decides for the pages)."""
        user = self.request.user
        for submission in submissions:
            submission.event = self.event
            submission.shown_authors = (
                sorted(
                    [*submission.speaker_list, *submission.coauthor_list],
                    key=author_order,  # submissions.selectors.author_list's order
                )
                if shows_authors_to(user, submission)
                else None
            )
        return submissions


def author_order(author) -> tuple:
    return (author.position, not author.is_speaker)


@extend_schema(tags=COMMITTEE, summary="Proposals")
class ProposalListView(ProposalDataMixin, generics.ListAPIView):
    """Proposals with their authors (emails included), answers to the custom questions, state,
    track and type."""

    serializer_class = ProposalSerializer
    filterset_class = ProposalFilter

    def paginate_queryset(self, queryset):
        return self.with_authors(list(super().paginate_queryset(queryset)))


@extend_schema(tags=COMMITTEE, summary="A proposal")
class ProposalDetailView(ProposalDataMixin, generics.RetrieveAPIView):
    """A proposal with its authors (emails included), answers, state, track and type."""

    serializer_class = ProposalSerializer

    def get_object(self):
        return self.with_authors([self.proposal(self.get_queryset())])[0]


class ReviewedMixin(ProposalsMixin):
    def reviewed(self):
        """Proposals past the draft, without those the user is in conflict with (they never
        see those reviews), with the mean score to order by."""
        if _fake(self):
            return Submission.objects.none()
        conflicted = {sid for sid, _ in conflict_map(self.event, user_ids=[self.request.user.pk])}
        return (
            self.proposals()
            .exclude(state=SubmissionState.DRAFT)
            .exclude(pk__in=conflicted)
            .annotate(
                mean_score=Avg("reviews__overall", filter=Q(reviews__submitted_at__isnull=False))
            )
            .order_by("pk")
        )


@extend_schema(tags=COMMITTEE, summary="Reviews' figures of the proposals")
class ReviewSummaryListView(ReviewedMixin, generics.ListAPIView):
    """Per proposal: reviews assigned and submitted, mean, median, spread, normalized and
    confidence-weighted scores, each criterion's figures and each review's scores. Reviewers
    are named only in open review; proposals you are in conflict with are left out."""

    serializer_class = ReviewSummarySerializer
    filterset_class = ReviewSummaryFilter

    def get_queryset(self):
        return self.reviewed()

    def paginate_queryset(self, queryset):
        page = list(super().paginate_queryset(queryset))
        summaries = review_summaries(self.event, page, calibration=event_calibration(self.event))
        return [summaries[submission.pk] for submission in page]


@extend_schema(tags=COMMITTEE, summary="Reviews' figures of a proposal")
class ReviewSummaryDetailView(ReviewedMixin, generics.RetrieveAPIView):
    """The reviews' figures of one proposal (see the list); 404 if you are in conflict with it."""

    serializer_class = ReviewSummarySerializer

    def get_queryset(self):
        return self.reviewed()

    def get_object(self):
        submission = self.proposal(self.proposals().exclude(state=SubmissionState.DRAFT))
        if not can_read_reviews(self.request.user, submission):
            raise Http404("No such proposal.")
        return review_summaries(self.event, [submission])[submission.pk]


def allowed_decisions(submission) -> list[str]:
    return [
        decision
        for decision in Decision.values
        if decision == submission.state or decision in TRANSITIONS[submission.state]
    ]


def _messages(errors) -> list[str]:
    """DRF's errors of a request body as sentences: “decision: This field is required.”"""
    if isinstance(errors, dict):
        return [f"{field}: {message}" for field, messages in errors.items()
                for message in _messages(messages)]  # fmt: skip
    if isinstance(errors, list):
        return [message for item in errors for message in _messages(item)]
    return [str(errors)]


DECISION_ERRORS = OpenApiResponse(
    ErrorListSerializer, description="Nothing was decided: the reasons, as the pages give them."
)


@extend_schema_view(
    get=extend_schema(tags=COMMITTEE, summary="A proposal's decision"),
    post=extend_schema(
        tags=COMMITTEE,
        summary="Decide a proposal",
        request=DecisionRequestSerializer,
        responses={200: DecisionResultSerializer, 400: DECISION_ERRORS},
        description="Accept, reject or waitlist the proposal through the same service as the "
        "decisions page: out of your tracks, in conflict with you, or in a state that cannot "
        "take the decision answers 400 and changes nothing. Speakers learn the decision from "
        "its email, sent from the decisions page.",
    ),
    patch=extend_schema(
        tags=COMMITTEE,
        summary="Decide a proposal (same as POST)",
        request=DecisionRequestSerializer,
        responses={200: DecisionResultSerializer, 400: DECISION_ERRORS},
    ),
)
class DecisionView(ProposalsMixin, generics.GenericAPIView):
    """The proposal's state and the decisions it can take."""

    serializer_class = DecisionSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "allowed": allowed_decisions}

    def get_queryset(self):
        return self.proposals()

    def get(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.proposal()).data)

    def post(self, request, *args, **kwargs):
        submission = self.proposal()
        asked = DecisionRequestSerializer(data=request.data)
        if not asked.is_valid():
            return self.refused(_messages(asked.errors))
        decision = asked.validated_data["decision"]
        try:
            changed = decide(submissions=[submission], decision=decision, by=request.user)
        except ValidationError as error:
            return self.refused(error.messages)
        except InvalidTransition as error:  # another chair changed the state meanwhile
            return self.refused([str(error)])
        submission.decision_changed = bool(changed)
        submission.decision_warnings = [
            f"Decided with {short.submitted} of {short.expected} reviews submitted."
            for short in short_of_reviews([submission], wanted=wanted_reviews(self.event))
        ]
        return Response(
            DecisionResultSerializer(submission, context=self.get_serializer_context()).data
        )

    patch = post

    @staticmethod
    def refused(messages: list[str]) -> Response:
        return Response(
            {"detail": "Nothing was decided.", "errors": messages},
            status=status.HTTP_400_BAD_REQUEST,
        )


@extend_schema(tags=COMMITTEE, summary="Draft schedule")
class DraftScheduleView(CommitteeEventMixin, generics.ListAPIView):
    """The draft the schedule editor shows (not yet published), top-level slots in time order,
    each with its warnings (clashes, room hours, length, state, capacity)."""

    event_permission = "program.schedule_event"
    serializer_class = DraftSlotSerializer
    filterset_class = ScheduleFilter

    @cached_property
    def draft(self) -> dict:
        slots = list(draft_slots(self.event))
        by_slot = warnings_by_slot(schedule_warnings(slots, self.event))
        posters: dict[int, list] = {}
        for slot in slots:
            slot.schedule_warnings = by_slot.get(slot.pk, [])
            slot.editable = self.editable(slot)
            if slot.parent_id:
                posters.setdefault(slot.parent_id, []).append(slot)
        for slot in slots:
            slot.draft_posters = sorted(posters.get(slot.pk, []), key=board_key)
        return {slot.pk: slot for slot in slots}

    def editable(self, slot) -> bool:
        """As in the schedule editor: sessions of one's tracks; blocks for organizers."""
        if slot.submission_id:
            return self.scope is None or slot.submission.track_id in self.scope
        return is_organizer(self.request.user, self.event)

    def get_queryset(self):
        if _fake(self):
            return Slot.objects.none()
        top = [pk for pk, slot in self.draft.items() if not slot.parent_id]
        return Slot.objects.filter(pk__in=top).order_by("start", "pk").only("pk")

    def paginate_queryset(self, queryset):
        return [self.draft[slot.pk] for slot in super().paginate_queryset(queryset)]
