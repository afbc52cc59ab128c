from django.db.models import Prefetch, Q, QuerySet

from tracks.selectors import deadlines_with_history

from .models import Extension, Question, Speaker, SpeakerProfile, Submission


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
