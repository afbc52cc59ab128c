from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet

from tracks.selectors import deadlines_with_history

from .enums import NOTIFIED_STATES, SubmissionState
from .models import Extension, Question, Speaker, SpeakerProfile, Submission


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    label: str
    by: str = ""


def committee_history(submission: Submission) -> list[HistoryEntry]:
    """Every state change of the proposal, and who made it (1 query)."""
    return [
        HistoryEntry(change.changed_at, change.get_to_state_display(), _name(change.changed_by))
        for change in submission.state_changes.select_related("changed_by")
    ]


def speaker_history(submission: Submission) -> list[HistoryEntry]:
    """The history as its speakers know it: a decision appears when it was emailed, never when
    the committee set it (2 queries)."""
    entries = [
        HistoryEntry(change.changed_at, change.get_to_state_display(), _name(change.changed_by))
        for change in submission.state_changes.exclude(to_state__in=NOTIFIED_STATES)
        .select_related("changed_by")
    ]  # fmt: skip
    told = ""
    for decision, at in submission.decision_notifications.order_by("created_at", "pk").values_list(
        "decision", "created_at"
    ):
        if decision != told:  # one entry per round, not per speaker
            entries.append(HistoryEntry(at, f"{SubmissionState(decision).label} (emailed)"))
            told = decision
    return sorted(entries, key=lambda entry: entry.at)


def _name(user) -> str:
    return user.public_name if user else ""


def speakers_see_state(states) -> Q:
    """Proposals whose speakers know them to be in one of ``states`` (Submission.speaker_state)."""
    return Q(announced_state="", state__in=states) | Q(announced_state__in=states)


def submissions_of_speaker(user) -> QuerySet[Submission]:
    """The user's proposals across events, with what the dashboard shows, in constant queries."""
    return (
        Submission.objects.filter(speakers__user=user)
        .select_related("event", "track", "session_type")
        .prefetch_related(
            Prefetch("speakers", queryset=Speaker.objects.select_related("user")),
            Prefetch("event__deadlines", queryset=deadlines_with_history().queryset),
            "session_type__deliverable_requirements",
            "deliverables",
            Prefetch(
                "event__extensions",
                queryset=Extension.objects.prefetch_related("tracks", "session_types"),
            ),
        )
        .order_by("-event__start_date", "-updated_at")
    )


def event_submissions(event, *, track=None, session_type=None, state="", query=""):
    """An event's submissions for the organizers' list and its CSV export, filtered."""
    submissions = (
        Submission.objects.filter(event=event)
        .select_related("event", "track", "session_type")
        .prefetch_related(
            Prefetch("speakers", queryset=Speaker.objects.select_related("user")),
            "coauthors",
            "answers",
        )
        .order_by("track__position", "title")
    )
    if track:
        submissions = submissions.filter(track=track)
    if session_type:
        submissions = submissions.filter(session_type=session_type)
    if state:
        submissions = submissions.filter(state=state)
    if query:
        submissions = submissions.filter(
            Q(title__icontains=query)
            | Q(speakers__user__name__icontains=query)
            | Q(speakers__user__email__icontains=query)
        ).distinct()
    return submissions


def speaker_ids(submission: Submission) -> set[int]:
    """The user ids of a proposal's speakers, from the prefetch if any, else one query (cached)."""
    if submission.pk is None:
        return set()
    cached = submission.__dict__.get("_speaker_ids")
    if cached is None:
        if "speakers" in getattr(submission, "_prefetched_objects_cache", {}):
            cached = {speaker.user_id for speaker in submission.speakers.all()}
        else:
            cached = set(submission.speakers.values_list("user_id", flat=True))
        submission.__dict__["_speaker_ids"] = cached
    return cached


def speaker_bios(event, users) -> dict[int, str]:
    """Each user's bio for the event: the one written for it, else their profile bio (one query)."""
    written = dict(
        SpeakerProfile.objects.filter(event=event, user__in=[user.pk for user in users])
        .exclude(bio="")
        .values_list("user_id", "bio")
    )
    return {user.pk: written.get(user.pk) or user.bio for user in users}


def author_list(submission: Submission) -> list:
    """Speakers and non-speaking co-authors in author order (uses prefetches when present)."""
    authors = [*submission.speakers.all(), *submission.coauthors.all()]
    return sorted(authors, key=lambda author: (author.position, not author.is_speaker))


def questions_for(submission: Submission) -> list:
    """The event's custom questions that apply to this proposal's track and type, in order."""
    cached = submission.__dict__.get("_questions")
    if cached is None:
        questions = Question.objects.filter(event_id=submission.event_id).prefetch_related(
            "tracks", "session_types"
        )
        cached = [question for question in questions if question.applies_to(submission)]
        submission.__dict__["_questions"] = cached
    return cached
