"""What every page of the schedule editor shares: who may open it, and links back to the grid."""

from datetime import date
from urllib.parse import parse_qsl, urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import reverse
from django.utils.functional import cached_property

from tracks.enums import CommitteeRole
from tracks.rules import committee_roles, is_organizer
from tracks.views import EventScopedMixin, show_times_of

from ..forms import event_days
from ..models import Slot


def schedule_scope(user, event) -> frozenset[int] | None:
    """The track ids whose sessions the user places; None: every track (organizers, and
    chairs of no particular track)."""
    roles = committee_roles(user, event)
    if CommitteeRole.ORGANIZER in roles:
        return None
    tracks = roles.get(CommitteeRole.TRACK_CHAIR)
    if tracks is None:
        return frozenset()
    return frozenset(tracks) if tracks else None


def editor_url(event, day: date | None = None, query: str = "", slot_id: int | None = None):
    """The grid of ``day``, keeping the side list's filters (``query``), scrolled to a slot."""
    url = reverse("program:manage-schedule", kwargs={"event": event.slug})
    params = [(key, value) for key, value in _pairs(query) if key != "day"]
    if day is not None:
        params.insert(0, ("day", day.isoformat()))
    if params:
        url += "?" + urlencode(params)
    return url + (f"#slot-{slot_id}" if slot_id else "")


def _pairs(query: str):
    return parse_qsl(query or "", keep_blank_values=False)


def day_of(slot: Slot, event) -> date | None:
    """The local day a slot (or a poster's session) is on, if it is on one of the event's."""
    moment = slot.parent.start if slot.parent_id else slot.start
    if moment is None:
        return None
    day = moment.astimezone(event.zone).date()
    return day if event.start_date <= day <= event.end_date else None


def filter_query(request) -> str:
    """The side list's filters of the page the request came from (kept across moves)."""
    keep = ("q", "track", "type")
    return urlencode([(key, request.GET[key]) for key in keep if request.GET.get(key)])


class SchedulerMixin(LoginRequiredMixin, EventScopedMixin):
    """Organizers and track chairs (their tracks' sessions only); anyone else gets a 404."""

    event_permission = "program.schedule_event"
    manage_tab = "schedule"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            show_times_of(self.event)  # 404 first for anyone who may not see the editor
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def scope(self) -> frozenset[int] | None:
        return schedule_scope(self.request.user, self.event)

    @cached_property
    def is_organizer(self) -> bool:
        return is_organizer(self.request.user, self.event)

    def may_schedule(self, submission) -> bool:
        submission.event = self.event  # the predicate reads it; spare a query
        return self.request.user.has_perm("program.schedule_submission", submission)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("manage_tab", self.manage_tab)
        kwargs.setdefault("chair_only", not self.is_organizer)
        kwargs.setdefault("event_days", event_days(self.event))
        return super().get_context_data(**kwargs)


class ProgramOrganizerMixin(SchedulerMixin):
    """Rooms, blocks and publishing: the event's organizers only."""

    event_permission = "program.manage_program"
