from django.db.models import Prefetch, Q, QuerySet

from tracks.selectors import deadlines_with_history

from .models import Speaker, Submission


def submissions_of_speaker(user) -> QuerySet[Submission]:
    """The user's proposals across events, with what the dashboard shows, in constant queries."""
    return (
        Submission.objects.filter(speakers__user=user)
        .select_related("event", "track", "session_type")
        .prefetch_related(
            Prefetch("speakers", queryset=Speaker.objects.select_related("user")),
            Prefetch("event__deadlines", queryset=deadlines_with_history().queryset),
        )
        .order_by("-event__start_date", "-updated_at")
    )


def event_submissions(event, *, track=None, session_type=None, state="", query=""):
    """An event's submissions for the organizers' list and its CSV export, filtered."""
    submissions = (
        Submission.objects.filter(event=event)
        .select_related("event", "track", "session_type")
        .prefetch_related(Prefetch("speakers", queryset=Speaker.objects.select_related("user")))
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
