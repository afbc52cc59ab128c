"""The public program: the latest published version of the schedule, never the draft.

Anyone sees it once the event is public and a version is published; the event's organizers and
track chairs also see it while the event is hidden and, before anything is published, a preview
of the draft with the same public filtering. Every page makes a constant number of queries,
whatever the number of sessions: the slots come with their details in a few queries and the
filtering, search and layout happen in Python.
"""

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from itertools import pairwise
from urllib.parse import urlencode

from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.views.generic import RedirectView, TemplateView

from proceedings.builds import published_paper
from submissions.models import CoAuthor, Deliverable, Speaker, Submission
from submissions.selectors import speaker_bios
from tracks.views import EventScopedMixin

from ..enums import PublicState, SlotKind
from ..models import ScheduleVersion, Slot
from ..selectors import (
    SCHEDULABLE_STATES,
    latest_version,
    program_audience,
    public_slots,
    public_state,
    slots_with_details,
    visible_draft_slots,
    visible_slots,
)

TRACK_COLOURS = 8  # program.css has track-c0 … track-c7
SEARCH_MAX = 100


@dataclass(frozen=True)
class Person:
    user: object
    name: str
    url: str

    @property
    def initial(self) -> str:
        return self.name[:1].upper()


def _url_pattern(name: str, slug: str) -> str:
    """A URL with ``{}`` for the pk: reversed once per page rather than once per link."""
    return reverse(name, args=[slug, 999_999_999]).replace("999999999", "{}")


def decorate(slots: list[Slot], event) -> None:
    """What the templates show of each slot, computed once in Python (a page of 300 sessions
    would otherwise reverse URLs, clone querysets and format dates thousands of times): its
    link, speakers, local times and whether it is cancelled. A poster takes its session's times."""
    zone = event.zone
    session_url = _url_pattern("program:session", event.slug)
    speaker_url = _url_pattern("program:speaker", event.slug)
    posters_url = reverse("program:posters", args=[event.slug])
    for slot in slots:
        at = slot.parent if slot.parent_id else slot
        start, end = timezone.localtime(at.start, zone), timezone.localtime(at.end, zone)
        slot.start_iso, slot.end_iso = start.isoformat(), end.isoformat()
        slot.start_hm, slot.end_hm, slot.abbr = f"{start:%H:%M}", f"{end:%H:%M}", start.tzname()
        slot.day, slot.begins = start.date(), at.start
        slot.cancelled = slot.public_state == PublicState.CANCELLED
        slot.people = []
        if slot.submission_id:
            slot.url = session_url.format(slot.submission_id)
            slot.people = [
                Person(speaker.user, speaker.user.public_name, speaker_url.format(speaker.user_id))
                # The prefetched speakers themselves: .all() would clone a queryset per slot.
                for speaker in slot.submission.speakers.get_queryset()
            ]
        elif slot.kind == SlotKind.POSTER_SESSION:
            slot.url = f"{posters_url}#poster-session-{slot.pk}"
        else:
            slot.url = ""


def program_summary(event, user) -> dict | None:
    """What the event page says about the program, in three queries whatever its size."""
    version = latest_version(event)
    audience = program_audience(event, user, version)
    if audience is None:
        return None
    summary = {"audience": audience, "version": version}
    if version is not None:
        sessions = Slot.objects.filter(
            version=version, submission__state__in=SCHEDULABLE_STATES,
            submission__announced_state="",
        )  # fmt: skip
        summary["sessions"] = sessions.count()
        summary["speakers"] = (
            Speaker.objects.filter(submission__slots__in=sessions)
            .values("user_id")
            .distinct()
            .count()
        )
    return summary


class ProgramMixin(EventScopedMixin):
    """The event's program as the user may see it: the latest version, or the draft preview."""

    @cached_property
    def version(self) -> ScheduleVersion | None:
        return latest_version(self.event)

    @cached_property
    def audience(self) -> str:
        audience = program_audience(self.event, self.request.user, self.version)
        if audience is None:
            raise Http404("No program is published for this event.")
        return audience

    def dispatch(self, request, *args, **kwargs):
        self.audience  # noqa: B018 (404 before anything else)
        return super().dispatch(request, *args, **kwargs)

    def slots(self) -> QuerySet:
        if self.version is not None:
            return Slot.objects.filter(version=self.version)
        return Slot.objects.filter(event=self.event, version__isnull=True)

    def program_slots(self) -> list[Slot]:
        if self.version is not None:
            return public_slots(self.version)
        return visible_draft_slots(self.event)

    def visible(self, slots) -> list[Slot]:
        """Some of the program's slots as ``program_slots`` shows them: in the draft, only what
        publishing takes (``selectors.publishable_slots``: no withdrawn or declined session)."""
        shown = visible_slots(slots)
        if self.version is None:
            shown = [slot for slot in shown if slot.public_state == PublicState.SCHEDULED]
        return shown

    @cached_property
    def track_colours(self) -> dict[int, int]:
        """Each track's colour, the same on every page: its place among the event's tracks."""
        tracks = self.event.tracks.order_by("position", "name", "pk").values_list("pk", flat=True)
        return {pk: index % TRACK_COLOURS for index, pk in enumerate(tracks)}

    def prepare(self, slots: list[Slot]) -> list[Slot]:
        """The slots with what their templates show (``decorate``) and their track's colour."""
        decorate(slots, self.event)
        for slot in slots:
            slot.colour = self.track_colours[slot.submission.track_id] if slot.submission_id else ""
        return slots

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            version=self.version,
            audience=self.audience,
            zone_label=self.event.zone_label,
            **kwargs,
        )


# The program: days, filters, grid and list -----------------------------------------------------


@dataclass(frozen=True)
class Filters:
    track: str = ""
    type: str = ""
    q: str = ""

    @classmethod
    def from_query(cls, query) -> "Filters":
        return cls(
            track=query.get("track", "").strip()[:60],
            type=query.get("type", "").strip()[:60],
            q=" ".join(query.get("q", "").split())[:SEARCH_MAX],
        )

    @property
    def active(self) -> bool:
        return bool(self.track or self.type or self.q)

    def matches_text(self, *texts: str) -> bool:
        haystack = " ".join(texts).casefold()
        return all(word in haystack for word in self.q.casefold().split())

    def matches(self, slot: Slot) -> bool:
        """Whether a session (or poster) matches; a block only by its title, without track or
        type filters."""
        submission = slot.submission
        if submission is None:
            return not (self.track or self.type) and self.matches_text(slot.display_title)
        if self.track and submission.track.slug != self.track:
            return False
        if self.type and submission.session_type.slug != self.type:
            return False
        names = [person.name for person in slot.people]
        return self.matches_text(submission.title, slot.board, *names)

    def keep(self, slot: Slot) -> bool:
        """Whether a top-level slot shows; a poster session shows its matching posters."""
        slot.shown_posters = [poster for poster in slot.visible_posters if self.matches(poster)]
        if slot.kind == SlotKind.POSTER_SESSION:
            return bool(slot.shown_posters) or not self.active or self.matches(slot)
        return self.matches(slot)


def _query(base: dict, **changes) -> str:
    values = {key: value for key, value in {**base, **changes}.items() if value}
    return "?" + urlencode(values) if values else "?"


def _day_label(day: date) -> str:
    return f"{day:%a}, {day:%b} {day.day}"


def build_grid(slots: list[Slot]) -> dict:
    """Rooms as columns, one row between each two times at which something starts or ends (its
    minimum height follows the minutes); a block without a room spans every column. Positions
    are CSS grid lines: line 1 is the rooms' header row and the times' column."""
    rooms = sorted({slot.room for slot in slots if slot.room_id}, key=_room_key)
    column = {room.pk: index + 2 for index, room in enumerate(rooms)}
    times = sorted({slot.start for slot in slots} | {slot.end for slot in slots})
    row = {moment: index + 2 for index, moment in enumerate(times)}
    heights = [
        f"minmax({max(0.5, min((end - begin).total_seconds() / 60, 90) * 0.09):.2f}rem, auto)"
        for begin, end in pairwise(times)
    ]
    return {
        "rooms": rooms,
        "cells": [
            {
                "slot": slot,
                "row": f"{row[slot.start]} / {row[slot.end]}",
                "column": str(column[slot.room_id]) if slot.room_id else "2 / -1",
            }
            for slot in slots
        ],
        "labels": [
            {"iso": slot.start_iso, "hm": slot.start_hm, "row": row[slot.start]}
            for slot in {slot.start: slot for slot in slots}.values()
        ],
        "columns": f"4.5rem repeat({max(len(rooms), 1)}, minmax(11.5rem, 1fr))",
        "rows": " ".join(["auto", *heights]),
    }


def _room_key(room) -> tuple:
    return (room.position, room.name, room.pk)


def build_list(slots: list[Slot]) -> list[dict]:
    """Days, each with its start times, each with the sessions starting then (by room)."""
    days: list[dict] = []
    for slot in sorted(slots, key=lambda s: (s.start, s.room.position if s.room else -1, s.pk)):
        if not days or days[-1]["date"] != slot.day:
            days.append({"date": slot.day, "times": []})
        times = days[-1]["times"]
        if not times or times[-1]["start"] != slot.start:
            times.append({"start": slot.start, "first": slot, "slots": []})
        times[-1]["slots"].append(slot)
    return days


class ProgramView(ProgramMixin, TemplateView):
    """The program by day, as a room grid and as a list, with track and type filters and search
    (GET parameters, filtered on the server: works without JavaScript). Without ``view`` both
    layouts are sent and the stylesheet picks the list on small screens."""

    template_name = "program/public/index.html"

    def get_context_data(self, **kwargs):
        query = self.request.GET
        filters = Filters.from_query(query)
        view = query.get("view") if query.get("view") in ("grid", "list") else ""
        slots = self.prepare(self.program_slots())
        top = [slot for slot in slots if not slot.parent_id]
        shown = [slot for slot in top if filters.keep(slot)]
        counts = dict.fromkeys(sorted({slot.day for slot in top}), 0)
        for slot in shown:
            counts[slot.day] += _session_count(slot)
        day = self._chosen_day(query.get("day", ""), counts, filters, all_days=view == "list")
        on_day = [slot for slot in shown if day is None or slot.day == day]
        links = self._links(filters, view, day, counts)
        return super().get_context_data(
            filters=filters,
            view=view,
            tracks=_options(slots, "track"),
            types=_options(slots, "session_type"),
            day=day,
            matches=sum(_session_count(slot) for slot in on_day),
            total=sum(counts.values()),
            grid=build_grid(on_day) if on_day and day else None,
            program_list=build_list(on_day),
            has_posters=any(slot.kind == SlotKind.POSTER_SESSION for slot in top),
            **links,
            **kwargs,
        )

    def _chosen_day(self, wanted: str, counts: dict, filters, *, all_days: bool) -> date | None:
        """The day asked for; else the first with matches when filtering, else today or the
        first day. None: all days (the list only)."""
        days = list(counts)
        if wanted == "all" and all_days:
            return None
        for day in days:
            if day.isoformat() == wanted:
                return day
        if filters.active:
            return next((day for day in days if counts[day]), days[0] if days else None)
        today = timezone.localtime(timezone.now(), self.event.zone).date()
        return today if today in counts else (days[0] if days else None)

    @staticmethod
    def _links(filters: Filters, view: str, day: date | None, counts: dict) -> dict:
        """The day tabs and the view switch, each keeping the other choices."""
        base = {"view": view, "track": filters.track, "type": filters.type, "q": filters.q}
        day_value = day.isoformat() if day else "all"
        days = [
            {"date": each, "label": _day_label(each), "count": counts[each],
             "current": each == day, "url": _query(base, day=each.isoformat())}
            for each in counts
        ]  # fmt: skip
        return {
            "days": days,
            "all_days_url": _query(base, day="all"),
            "grid_url": _query(base, view="grid", day=day.isoformat() if day else ""),
            "list_url": _query(base, view="list", day=day_value),
            "clear_url": _query({"view": view, "day": day_value if day else "all"}),
        }


def _session_count(slot: Slot) -> int:
    """Sessions in a top-level slot: a poster session counts its shown posters, blocks none."""
    if slot.kind == SlotKind.POSTER_SESSION:
        return len(slot.shown_posters)
    return 1 if slot.submission_id else 0


def _options(slots: list[Slot], attribute: str) -> list:
    """The tracks (or session types) that sessions of the program have, in their order."""
    found = {
        getattr(slot.submission, attribute).pk: getattr(slot.submission, attribute)
        for slot in slots
        if slot.submission_id
    }
    return sorted(found.values(), key=lambda item: (item.position, item.name))


# A session, its materials ----------------------------------------------------------------------


class SessionView(ProgramMixin, TemplateView):
    """A session (or poster) of the program: abstract, speakers with bios, where and when, its
    public materials and a calendar file. 404 unless it is in the program and not hidden."""

    template_name = "program/public/session.html"

    @cached_property
    def slot(self) -> Slot:
        queryset = slots_with_details(
            self.slots().filter(submission_id=self.kwargs["pk"])
        ).prefetch_related(
            Prefetch("submission__coauthors", queryset=CoAuthor.objects.order_by("position", "pk")),
            Prefetch(
                "submission__deliverables",
                queryset=Deliverable.objects.filter(requirement__is_public=True)
                .select_related("requirement")
                .order_by("requirement__position", "requirement__pk"),
                to_attr="public_deliverables",
            ),
        )
        found = self.visible(queryset)
        if not found:
            raise Http404("This session is not in the program.")
        return found[0]

    def get_context_data(self, **kwargs):
        slot, event = self.slot, self.event
        submission = slot.submission
        speakers = list(submission.speakers.all())
        bios = speaker_bios(event, [speaker.user for speaker in speakers])
        authors = sorted(
            [*speakers, *submission.coauthors.all()],
            key=lambda author: (author.position, not author.is_speaker),
        )
        return super().get_context_data(
            slot=slot,
            submission=submission,
            at=slot.parent if slot.parent_id else slot,
            track_colour=self.track_colours[submission.track_id],
            cancelled=slot.public_state == PublicState.CANCELLED,
            speakers=[(speaker, bios[speaker.user_id]) for speaker in speakers],
            authors=authors,
            has_coauthors=len(authors) > len(speakers),
            deliverables=submission.public_deliverables if submission.delivers else [],
            proceedings_paper=published_paper(event, submission.pk),
            **kwargs,
        )


class DeliverableFileView(SessionView):
    """A public deliverable's file (e.g. slides) of a session in the program."""

    def get(self, request, *args, **kwargs):
        submission = self.slot.submission
        deliverable = next(
            (
                item for item in submission.public_deliverables
                if item.requirement_id == kwargs["requirement"] and item.file
            ),
            None,
        )  # fmt: skip
        if deliverable is None or not submission.delivers:
            raise Http404("No such material.")
        title = slugify(deliverable.requirement.title) or "material"
        return FileResponse(
            deliverable.file.open("rb"),
            content_type="application/pdf",
            filename=f"{self.event.slug}-{submission.pk}-{title}.pdf",
        )


# Speakers, posters, changelog ------------------------------------------------------------------


def _speakers(slots: list[Slot]) -> list[dict]:
    """Each speaker of the (decorated) slots with their sessions, alphabetically."""
    people: dict[int, dict] = {}
    for slot in slots:
        for person in slot.people:
            entry = people.setdefault(person.user.pk, {"person": person, "slots": []})
            entry["slots"].append(slot)
    for entry in people.values():
        entry["slots"].sort(key=lambda slot: (slot.begins, slot.pk))
    return sorted(
        people.values(), key=lambda e: (_sort_name(e["person"].name), e["person"].user.pk)
    )


def _sort_name(name: str) -> str:
    """“Élodie” files under E, beside “Elena”."""
    plain = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in plain if not unicodedata.combining(ch)).casefold()


def _initial(name: str) -> str:
    first = _sort_name(name)[:1].upper()
    return first if first.isalpha() else "#"


class SpeakersView(ProgramMixin, TemplateView):
    template_name = "program/public/speakers.html"

    def get_context_data(self, **kwargs):
        speakers = _speakers(self.prepare(self.program_slots()))
        letters: list[dict] = []
        for entry in speakers:
            letter = _initial(entry["person"].name)
            if not letters or letters[-1]["letter"] != letter:
                letters.append({"letter": letter, "speakers": []})
            letters[-1]["speakers"].append(entry)
        return super().get_context_data(speakers=speakers, letters=letters, **kwargs)


class SpeakerView(ProgramMixin, TemplateView):
    """A speaker of a visible session: name, affiliation, ORCID, bio and sessions; never their
    email address."""

    template_name = "program/public/speaker.html"

    def get_context_data(self, **kwargs):
        pk = self.kwargs["pk"]
        slots = self.prepare(
            self.visible(
                slots_with_details(self.slots().filter(submission__speakers__user_id=pk).distinct())
            )
        )
        if not slots:
            raise Http404("No such speaker in the program.")
        (entry,) = [entry for entry in _speakers(slots) if entry["person"].user.pk == pk]
        user = entry["person"].user
        return super().get_context_data(
            speaker=user,
            bio=speaker_bios(self.event, [user])[user.pk],
            speaker_slots=entry["slots"],
            **kwargs,
        )


class PostersView(ProgramMixin, TemplateView):
    template_name = "program/public/posters.html"

    def get_context_data(self, **kwargs):
        slots = self.prepare(self.program_slots())
        sessions = [slot for slot in slots if slot.kind == SlotKind.POSTER_SESSION]
        return super().get_context_data(
            poster_sessions=sessions,
            poster_count=sum(len(slot.visible_posters) for slot in sessions),
            **kwargs,
        )


def _where(entry: dict, zone) -> str:
    """Where a changelog entry is (or was): “Tue, Jul 7, 09:00–09:25, Ballroom, board P2”."""
    parts = []
    if entry.get("start"):
        start = timezone.localtime(datetime.fromisoformat(entry["start"]), zone)
        when = f"{start:%a, %b} {start.day}, {start:%H:%M}"
        if entry.get("end"):
            when += f"–{timezone.localtime(datetime.fromisoformat(entry['end']), zone):%H:%M}"
        parts.append(when)
    parts.append(entry.get("room", ""))
    if entry.get("board"):
        parts.append(f"board {entry['board']}")
    return ", ".join(part for part in parts if part)


class ChangelogView(ProgramMixin, TemplateView):
    """Every published version, newest first, with what it added, moved and cancelled; entries
    of sessions that are no longer public (e.g. reversed to a rejection) are left out."""

    template_name = "program/public/changelog.html"

    def get_context_data(self, **kwargs):
        versions = list(
            ScheduleVersion.objects.filter(event=self.event).order_by("-published_at", "-pk")
        )
        wanted = {
            entry.get("submission")
            for version in versions
            for kind in ("added", "moved", "cancelled")
            for entry in (version.changes or {}).get(kind, [])
        } - {None}
        submissions = {
            submission.pk: submission
            for submission in Submission.objects.filter(event=self.event, pk__in=wanted).only(
                "pk", "title", "state", "announced_state"
            )
        }
        self.in_program = set(
            self.slots().filter(submission__isnull=False).values_list("submission_id", flat=True)
        )
        self.session_url = _url_pattern("program:session", self.event.slug)
        return super().get_context_data(
            versions=[self._version(version, submissions) for version in versions], **kwargs
        )

    def _version(self, version, submissions: dict) -> dict:
        lists = []
        for kind, label in (("added", "Added"), ("moved", "Moved"), ("cancelled", "Cancelled")):
            entries = [
                self._entry(entry, submissions) for entry in (version.changes or {}).get(kind, [])
            ]
            lists.append({"kind": kind, "label": label, "entries": [e for e in entries if e]})
        empty = not any(changes["entries"] for changes in lists)
        return {"version": version, "lists": lists, "empty": empty}

    def _entry(self, entry: dict, submissions: dict) -> dict | None:
        """A change as shown: None for a session that is no longer public; a link to the
        session while it is in the program."""
        zone = self.event.zone
        submission = submissions.get(entry.get("submission"))
        if entry.get("submission") and (submission is None or public_state(submission) is None):
            return None
        linked = submission is not None and submission.pk in self.in_program
        return {
            "title": submission.title if submission else entry.get("title", ""),
            "url": self.session_url.format(submission.pk) if linked else "",
            "where": _where(entry, zone),
            "was": _where(entry["from"], zone) if entry.get("from") else "",
        }


urlpatterns = [
    path("<slug:event>/program/", ProgramView.as_view(), name="index"),
    path("<slug:event>/program/sessions/<int:pk>/", SessionView.as_view(), name="session"),
    path(
        "<slug:event>/program/sessions/<int:pk>/materials/<int:requirement>.pdf",
        DeliverableFileView.as_view(),
        name="session-material",
    ),
    path("<slug:event>/program/speakers/", SpeakersView.as_view(), name="speakers"),
    path("<slug:event>/program/speakers/<int:pk>/", SpeakerView.as_view(), name="speaker"),
    path("<slug:event>/program/posters/", PostersView.as_view(), name="posters"),
    path("<slug:event>/program/changelog/", ChangelogView.as_view(), name="changelog"),
    path(
        "<slug:event>/schedule/",
        RedirectView.as_view(pattern_name="program:index"),
        name="schedule-redirect",
    ),
]
