"""What organizers and track chairs read through their tokens: proposals with their people,
the reviews' figures, decisions and the draft schedule. As in ``public``, list serializers
build their output directly; the declared fields document it."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from program.clashes import WarningKind
from program.enums import SlotKind
from reviews.enums import Decision, ReviewMode
from submissions.enums import PythonLevel, QuestionKind, SubmissionState

from .public import RoomRefSerializer, TrackRefSerializer, iso, ref, room_ref


class AuthorSerializer(serializers.Serializer):
    """A speaker (with an account) or a non-speaking co-author, in author order."""

    user_id = serializers.IntegerField(allow_null=True, help_text="Empty for a co-author.")
    name = serializers.CharField()
    email = serializers.EmailField(allow_blank=True)
    affiliation = serializers.CharField(allow_blank=True)
    orcid = serializers.CharField(allow_blank=True)
    is_speaker = serializers.BooleanField()

    def to_representation(self, instance):
        return author(instance)


def author(item) -> dict:
    if item.is_speaker:
        user = item.user
        return {
            "user_id": user.pk, "name": user.public_name, "email": user.email,
            "affiliation": user.affiliation, "orcid": user.orcid, "is_speaker": True,
        }  # fmt: skip
    return {
        "user_id": None, "name": item.name, "email": item.email,
        "affiliation": item.affiliation, "orcid": item.orcid, "is_speaker": False,
    }  # fmt: skip


class AnswerSerializer(serializers.Serializer):
    question_id = serializers.IntegerField()
    question = serializers.CharField()
    kind = serializers.ChoiceField(choices=QuestionKind.choices)
    value = serializers.CharField(help_text="The text, the chosen option, or “yes”.")
    has_file = serializers.BooleanField()


def answer(item) -> dict:
    return {
        "question_id": item.question_id, "question": item.question.text,
        "kind": item.question.kind, "value": item.value, "has_file": bool(item.file),
    }  # fmt: skip


TEXTS = (
    "abstract", "description", "notes", "outline", "prerequisites", "installation",
    "python_level", "python_level_explanation", "additional_info", "ai_statement",
)  # fmt: skip


class ProposalSerializer(serializers.Serializer):
    """A proposal (``instance`` is a Submission with ``shown_authors`` set by the view: its
    authors, or None when the reader may not see them)."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    state = serializers.ChoiceField(choices=SubmissionState.choices)
    speaker_state = serializers.ChoiceField(
        choices=SubmissionState.choices,
        help_text="The state as the speakers know it: a decision counts once it is emailed.",
    )
    track = TrackRefSerializer()
    session_type = TrackRefSerializer()
    abstract = serializers.CharField(help_text="Markdown.")
    description = serializers.CharField(help_text="Markdown.")
    notes = serializers.CharField(help_text="Notes for the committee, Markdown.")
    outline = serializers.CharField()
    prerequisites = serializers.CharField()
    installation = serializers.CharField()
    python_level = serializers.ChoiceField(choices=[("", "Not given"), *PythonLevel.choices])
    python_level_explanation = serializers.CharField()
    additional_info = serializers.CharField()
    ai_statement = serializers.CharField()
    has_paper = serializers.BooleanField()
    authors = AuthorSerializer(
        many=True,
        allow_null=True,
        help_text="Speakers and co-authors in author order; null when hidden from you.",
    )
    answers = AnswerSerializer(many=True)
    created_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()

    def to_representation(self, submission):
        authors = submission.shown_authors
        if authors is not None:
            authors = [author(item) for item in authors]
        return {
            "id": submission.pk, "title": submission.title, "state": submission.state,
            "speaker_state": submission.speaker_state, "track": ref(submission.track),
            "session_type": ref(submission.session_type),
            **{name: getattr(submission, name) for name in TEXTS},
            "has_paper": bool(submission.paper), "authors": authors,
            "answers": [answer(item) for item in submission.answer_list],
            "created_at": iso(submission.created_at),
            "submitted_at": iso(submission.submitted_at),
            "updated_at": iso(submission.updated_at),
        }  # fmt: skip


class ProposalRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    state = serializers.ChoiceField(choices=SubmissionState.choices)
    track = TrackRefSerializer()


class CriterionSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    count = serializers.IntegerField()
    mean = serializers.FloatField()
    median = serializers.FloatField()
    min = serializers.IntegerField()
    max = serializers.IntegerField()


class CriterionScoreSerializer(serializers.Serializer):
    criterion_id = serializers.IntegerField()
    criterion = serializers.CharField()
    value = serializers.IntegerField()


class ReviewScoresSerializer(serializers.Serializer):
    reviewer = serializers.CharField(
        help_text="The reviewer's name in open review; “Reviewer 1”, “Reviewer 2”… otherwise."
    )
    overall = serializers.IntegerField(allow_null=True)
    confidence = serializers.IntegerField(allow_null=True)
    scores = CriterionScoreSerializer(many=True)


class ReviewSummarySerializer(serializers.Serializer):
    """The submitted reviews' figures of one proposal, as the chairs' ranking computes them
    (``reviews.scoring``); the normalized score calibrates every reviewer on all their reviews
    of the event."""

    proposal = ProposalRefSerializer()
    review_mode = serializers.ChoiceField(choices=ReviewMode.choices)
    assigned = serializers.IntegerField(help_text="Reviewers assigned.")
    submitted = serializers.IntegerField(help_text="Reviews submitted.")
    mean = serializers.FloatField(allow_null=True)
    median = serializers.FloatField(allow_null=True)
    spread = serializers.IntegerField(allow_null=True, help_text="Highest minus lowest score.")
    std = serializers.FloatField(allow_null=True)
    normalized = serializers.FloatField(
        allow_null=True, help_text="Mean z-score after per-reviewer calibration."
    )
    weighted = serializers.FloatField(allow_null=True, help_text="Confidence-weighted mean.")
    disagreement = serializers.BooleanField()
    criteria = CriterionSummarySerializer(many=True)
    reviews = ReviewScoresSerializer(many=True)

    def to_representation(self, summary):
        """``summary`` comes from api.review_summaries, plain data but for the proposal."""
        proposal = summary["proposal"]
        return {
            **summary,
            "proposal": {"id": proposal.pk, "title": proposal.title, "state": proposal.state,
                         "track": ref(proposal.track)},
            "review_mode": str(summary["review_mode"]),
        }  # fmt: skip


class DecisionSerializer(serializers.Serializer):
    proposal = serializers.IntegerField(source="id")
    state = serializers.ChoiceField(choices=SubmissionState.choices)
    decision = serializers.SerializerMethodField()
    speakers_told = serializers.SerializerMethodField()
    allowed_decisions = serializers.SerializerMethodField()

    @extend_schema_field(
        serializers.ChoiceField(choices=Decision.choices, allow_null=True),
    )
    def get_decision(self, submission):
        return submission.state if submission.state in Decision.values else None

    @extend_schema_field(serializers.BooleanField(help_text="Whether the decision was emailed."))
    def get_speakers_told(self, submission) -> bool:
        return not submission.announced_state

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(Decision.choices)))
    def get_allowed_decisions(self, submission):
        return self.context["allowed"](submission)


class DecisionResultSerializer(DecisionSerializer):
    changed = serializers.BooleanField(source="decision_changed")
    warnings = serializers.ListField(child=serializers.CharField(), source="decision_warnings")


class DecisionRequestSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Decision.choices)


class ErrorListSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = serializers.ListField(child=serializers.CharField(), required=False)


class ScheduleWarningSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=WarningKind.choices)
    message = serializers.CharField()


class DraftSessionRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    state = serializers.ChoiceField(choices=SubmissionState.choices)
    track = TrackRefSerializer()
    session_type = TrackRefSerializer()
    speakers = serializers.ListField(child=serializers.CharField(), help_text="Their names.")


EDITABLE_HELP = "Whether you may move it in the schedule editor."


class DraftPosterSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    board = serializers.CharField()
    revision = serializers.IntegerField()
    editable = serializers.BooleanField(help_text=EDITABLE_HELP)
    session = DraftSessionRefSerializer()
    warnings = ScheduleWarningSerializer(many=True)


def _draft_session(submission) -> dict | None:
    if submission is None:
        return None
    return {
        "id": submission.pk, "title": submission.title, "state": submission.state,
        "track": ref(submission.track), "session_type": ref(submission.session_type),
        "speakers": [speaker.name for speaker in submission.speakers.all()],
    }  # fmt: skip


def _warnings(slot) -> list[dict]:
    return [{"kind": w.kind, "message": w.message} for w in slot.schedule_warnings]


class DraftSlotSerializer(serializers.Serializer):
    """A top-level slot of the draft the organizers edit (``revision`` guards against stale
    edits in the editor)."""

    id = serializers.IntegerField()
    uid = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=SlotKind.choices)
    title = serializers.CharField()
    description = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    room = RoomRefSerializer(allow_null=True)
    expected_attendance = serializers.IntegerField(allow_null=True)
    revision = serializers.IntegerField()
    editable = serializers.BooleanField(help_text=EDITABLE_HELP)
    session = DraftSessionRefSerializer(allow_null=True)
    posters = DraftPosterSerializer(many=True)
    warnings = ScheduleWarningSerializer(many=True)

    def to_representation(self, slot):
        posters = [
            {"id": poster.pk, "board": poster.board, "revision": poster.revision,
             "editable": poster.editable, "session": _draft_session(poster.submission),
             "warnings": _warnings(poster)}
            for poster in slot.draft_posters
        ]  # fmt: skip
        return {
            "id": slot.pk, "uid": str(slot.uid), "kind": slot.kind, "title": slot.display_title,
            "description": slot.description, "start": iso(slot.start), "end": iso(slot.end),
            "room": room_ref(slot.room), "expected_attendance": slot.expected_attendance,
            "revision": slot.revision, "editable": slot.editable,
            "session": _draft_session(slot.submission if slot.submission_id else None),
            "posters": posters, "warnings": _warnings(slot),
        }  # fmt: skip
