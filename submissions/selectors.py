from django.db.models import Prefetch, QuerySet

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
