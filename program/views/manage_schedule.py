"""The schedule editor: the day grid with the unscheduled sessions and the warnings, the move
endpoint the grid posts to (drag and drop, resizing), and the per-session form that does the
same without JavaScript."""

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import TemplateView

from submissions.models import Submission

from ..clashes import WarningKind, schedule_warnings, warnings_by_slot
from ..enums import SlotKind
from ..forms import (
    MoveForm,
    PlaceSessionForm,
    PosterPlacementForm,
    ScheduleFilterForm,
    day_label,
    event_days,
)
from ..models import Slot
from ..selectors import SCHEDULABLE_STATES, draft_slots, latest_version, unscheduled_submissions
from ..services import (
    StaleSlot,
    move_slot,
    place_poster,
    schedule_session,
    set_expected_attendance,
    unschedule,
)
from .manage_base import SchedulerMixin, day_of, editor_url, filter_query
from .manage_grid import build_grid

TRACK_COLORS = 8


def describe_place(slot: Slot, event) -> str:
    """“Room A, Tue Jul 7, 09:00–09:25” or “board P3 of Posters I”."""
    if slot.parent_id:
        return f"board {slot.board or '(none)'} of “{slot.parent.display_title}”"
    start, end = slot.start.astimezone(event.zone), slot.end.astimezone(event.zone)
    room = slot.room.name if slot.room_id else "all rooms"
    return f"{room}, {day_label(start.date())}, {start:%H:%M}–{end:%H:%M}"


def stale_message(error: StaleSlot, event) -> str:
    if error.slot is None:
        now = "it is no longer on the schedule"
    else:
        slot = Slot.objects.select_related("room", "parent", "submission").get(pk=error.slot.pk)
        now = f"it is now in {describe_place(slot, event)}"
    return (
        f"Someone else changed this in the meantime ({now}). Nothing was saved: the grid "
        "shows the current schedule, try again from there."
    )


def next_free_board(poster_session: Slot) -> str:
    taken = set(Slot.objects.filter(parent=poster_session).values_list("board", flat=True))
    number = 1
    while f"P{number}" in taken:
        number += 1
    return f"P{number}"


def poster_on_next_board(*, submission, poster_session: Slot, revision: int | None) -> Slot:
    """``place_poster`` on the next free board (again if someone took it at the same time)."""
    for _ in range(3):
        try:
            return place_poster(
                submission=submission,
                poster_session=poster_session,
                board=next_free_board(poster_session),
                revision=revision,
            )
        except IntegrityError:
            continue
    raise ValidationError("The boards changed while placing the poster; try again.")


def filter_unscheduled(queryset, filters: dict):
    if filters.get("track"):
        queryset = queryset.filter(track=filters["track"])
    if filters.get("type"):
        queryset = queryset.filter(session_type=filters["type"])
    if query := filters.get("q", "").strip():
        matching = Submission.objects.filter(
            Q(title__icontains=query) | Q(speakers__user__name__icontains=query)
        )
        queryset = queryset.filter(pk__in=matching.values("pk"))
    return queryset


class EditorContextMixin(SchedulerMixin):
    """Everything the grid fragment shows, for the page and for each move's answer."""

    def requested_day(self) -> date:
        days = event_days(self.event)
        try:
            day = date.fromisoformat(self.request.GET.get("day", ""))
        except ValueError:
            return days[0]
        return day if day in days else days[0]

    def can_edit(self, slot: Slot) -> bool:
        if slot.submission_id:
            return self.scope is None or slot.submission.track_id in self.scope
        return self.is_organizer

    def editor_context(self, day: date) -> dict:
        event = self.event
        rooms = list(event.rooms.all())
        slots = list(draft_slots(event))
        warnings = schedule_warnings(slots, event)
        tracks = list(event.tracks.all())
        colors = {track.pk: index % TRACK_COLORS for index, track in enumerate(tracks)}
        grid = build_grid(
            event=event,
            day=day,
            rooms=rooms,
            slots=slots,
            warnings=warnings_by_slot(warnings),
            can_edit=self.can_edit,
            track_colors=colors,
        )
        visible_tracks = [t for t in tracks if self.scope is None or t.pk in self.scope]
        filter_form = ScheduleFilterForm(
            self.request.GET or None,
            event=event,
            tracks=event.tracks.filter(pk__in=[t.pk for t in visible_tracks]),
        )
        unscheduled = list(
            filter_unscheduled(
                unscheduled_submissions(event, track_ids=self.scope), filter_form.filters()
            )
        )
        for submission in unscheduled:
            submission.color = colors.get(submission.track_id, 0)
        query = filter_query(self.request)
        return {
            "grid": grid,
            "day": day,
            "days": self._days(slots, day),
            "filter_form": filter_form,
            "filter_query": query,
            "unscheduled": unscheduled,
            "warnings": warnings,
            "warning_rows": self._warning_rows(warnings, slots, query),
            "poster_sessions": [s for s in slots if s.kind == SlotKind.POSTER_SESSION],
            "is_organizer": self.is_organizer,
            "move_url": reverse("program:manage-schedule-move", kwargs={"event": event.slug}),
        }

    def _days(self, slots: list[Slot], current: date) -> list[dict]:
        counts: dict[date, int] = {}
        for slot in slots:
            if not slot.parent_id:
                day = timezone.localtime(slot.start, self.event.zone).date()
                counts[day] = counts.get(day, 0) + 1
        return [
            {"day": day, "label": day_label(day), "count": counts.get(day, 0),
             "current": day == current}
            for day in event_days(self.event)
        ]  # fmt: skip

    def _warning_rows(self, warnings, slots: list[Slot], query: str) -> list[dict]:
        by_id = {slot.pk: slot for slot in slots}
        rows = []
        for warning in warnings:
            links = []
            for slot_id in warning.slot_ids:
                slot = by_id.get(slot_id)
                if slot is not None:
                    links.append({"title": slot.display_title, "url": self.slot_link(slot, query)})
            rows.append({"warning": warning, "links": links, "severe": _severe(warning)})
        return rows

    def slot_link(self, slot: Slot, query: str = "") -> str:
        """Where the grid shows the slot, else its form; empty for a form the user may not open."""
        day = day_of(slot, self.event)
        if day is not None:
            return editor_url(self.event, day, query, slot.parent_id or slot.pk)
        if not self.can_edit(slot):
            return ""
        if slot.submission_id:
            return reverse(
                "program:manage-schedule-session",
                kwargs={"event": self.event.slug, "pk": slot.submission_id},
            )
        return reverse("program:manage-block", kwargs={"event": self.event.slug, "pk": slot.pk})


def _severe(warning) -> bool:
    return warning.kind in (WarningKind.SPEAKER_CLASH, WarningKind.ROOM_CLASH,
                            WarningKind.NOT_ACCEPTED, WarningKind.OUTSIDE_EVENT)  # fmt: skip


class ScheduleEditorView(EditorContextMixin, TemplateView):
    template_name = "program/manage/schedule.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.editor_context(self.requested_day()))
        context["latest_version"] = latest_version(self.event)
        return context


class MoveView(EditorContextMixin, View):
    """POST only. What the grid sends on a drop or a resize; answers the grid's fragment to a
    script, or redirects back to the grid without one."""

    def post(self, request, *args, **kwargs):
        form = MoveForm(request.POST, event=self.event)
        status, level, slot = 200, "success", None
        if not form.is_valid():
            status, level, message = 400, "danger", _form_errors(form)
        else:
            try:
                slot, message = self.apply(form.cleaned_data)
            except StaleSlot as error:
                status, level, message = 409, "warning", stale_message(error, self.event)
            except ValidationError as error:
                status, level, message = 400, "danger", " ".join(error.messages)
        if request.headers.get("X-Requested-With") == "fetch":
            context = {"event": self.event, "message": message, "message_level": level,
                       **self.editor_context(self.requested_day())}  # fmt: skip
            return TemplateResponse(request, "program/manage/_editor.html", context, status=status)
        getattr(messages, "success" if status == 200 else "error")(request, message)
        day = day_of(slot, self.event) if slot else self.requested_day()
        anchor = (slot.parent_id or slot.pk) if slot else None
        return redirect(editor_url(self.event, day, filter_query(request), anchor))

    def apply(self, data: dict) -> tuple[Slot, str]:
        event = self.event
        if data["slot"]:
            slot = get_object_or_404(
                Slot.objects.select_related("submission__session_type", "room", "parent"),
                pk=data["slot"],
                event=event,
                version__isnull=True,
            )
            submission = slot.submission
        else:
            submission = get_object_or_404(
                Submission.objects.select_related("session_type"),
                pk=data["submission"],
                event=event,
            )
            slot = Slot.objects.filter(version__isnull=True, submission=submission).first()
        if submission is None:
            if not self.is_organizer:
                raise Http404("Only organizers move blocks.")
            if data["poster_session"]:
                raise ValidationError("Only sessions go on a poster session's boards.")
            slot = self._move_block(slot, data)
            return slot, f"“{slot.display_title}” is now in {describe_place(slot, event)}."
        if not self.may_schedule(submission):
            raise Http404("Not a session you schedule.")
        if data["poster_session"]:
            return self._to_poster_session(submission, slot, data)
        slot = self._move_session(submission, slot, data)
        return slot, f"“{submission.title}” is now in {describe_place(slot, event)}."

    def _where(self, slot: Slot | None, data: dict):
        room = data["room"] if "room" in self.request.POST else getattr(slot, "room", None)
        start = data.get("start_at") or getattr(slot, "start", None)
        end = None
        if data["minutes"] and start:
            end = start + timedelta(minutes=data["minutes"])
        elif slot is not None and slot.start and start:
            end = start + (slot.end - slot.start)  # a move keeps the length
        return room, start, end

    def _move_session(self, submission, slot: Slot | None, data: dict) -> Slot:
        room, start, end = self._where(slot, data)
        if room is None or start is None:
            raise ValidationError("Drop the session on a room at a time.")
        return schedule_session(
            submission=submission, room=room, start=start, end=end, revision=data["revision"]
        )

    def _move_block(self, slot: Slot, data: dict) -> Slot:
        room, start, end = self._where(slot, data)
        return move_slot(slot=slot, room=room, start=start, end=end, revision=data["revision"])

    def _to_poster_session(self, submission, slot: Slot | None, data: dict):
        poster_session = get_object_or_404(
            Slot.objects.select_related("room"),
            pk=data["poster_session"],
            event=self.event,
            version__isnull=True,
            kind=SlotKind.POSTER_SESSION,
        )
        if slot is not None and slot.parent_id == poster_session.pk:
            return slot, f"“{submission.title}” is already in “{poster_session.display_title}”."
        slot = poster_on_next_board(
            submission=submission,
            poster_session=poster_session,
            revision=data["revision"],
        )
        slot.parent = poster_session
        return slot, f"“{submission.title}” is on {describe_place(slot, self.event)}."


def _form_errors(form) -> str:
    return " ".join(
        f"{form.fields[name].label or name.title()}: {error}" if name != "__all__" else error
        for name, errors in form.errors.items()
        for error in errors
    )


class SessionScheduleView(SchedulerMixin, TemplateView):
    """One session's place, typed: the keyboard and no-JavaScript way to place, move, resize,
    put on a poster board or take off the schedule."""

    template_name = "program/manage/session.html"

    @cached_property
    def found_submission(self) -> Submission:
        return get_object_or_404(
            Submission.objects.select_related("track", "session_type").prefetch_related(
                "speakers__user"
            ),
            pk=self.kwargs["pk"],
            event=self.event,
        )

    @cached_property
    def submission(self) -> Submission:
        submission = self.found_submission
        if not self.may_schedule(submission) or (
            submission.state not in SCHEDULABLE_STATES and self.slot is None
        ):
            raise Http404("No such session to schedule.")
        return submission

    @cached_property
    def slot(self) -> Slot | None:
        return (
            Slot.objects.select_related("room", "parent", "parent__room")
            .filter(version__isnull=True, submission=self.found_submission, event=self.event)
            .first()
        )

    def forms(self, data=None) -> dict:
        action = (data or {}).get("action")
        kwargs = {"event": self.event, "slot": self.slot}
        return {
            "place_form": PlaceSessionForm(
                data if action == "place" else None, submission=self.submission, **kwargs
            ),
            "poster_form": PosterPlacementForm(data if action == "poster" else None, **kwargs),
        }

    def get_context_data(self, **kwargs):
        kwargs.setdefault("forms", self.forms())
        context = super().get_context_data(**kwargs)
        context.update(
            submission=self.submission,
            slot=self.slot,
            place=describe_place(self.slot, self.event) if self.slot else "",
            back_url=editor_url(
                self.event,
                day_of(self.slot, self.event) if self.slot else None,
                slot_id=(self.slot.parent_id or self.slot.pk) if self.slot else None,
            ),
            has_poster_sessions=context["forms"]["poster_form"]
            .fields["poster_session"]
            .queryset.exists(),
        )
        return context

    def post(self, request, *args, **kwargs):
        forms = self.forms(request.POST)
        action = request.POST.get("action")
        form = {"place": forms["place_form"], "poster": forms["poster_form"]}.get(action)
        try:
            if action == "unschedule":
                revision = int_or_none(request.POST.get("revision")) or 0  # none: stale
                if self.slot is not None:
                    unschedule(slot=self.slot, revision=revision)
                messages.success(request, f"“{self.submission.title}” is off the schedule.")
                return redirect(editor_url(self.event))
            if form is None or not form.is_valid():
                return self.render_to_response(self.get_context_data(forms=forms))
            slot = self._save(action, form.cleaned_data)
        except StaleSlot as error:
            messages.error(request, stale_message(error, self.event))
            return redirect(request.path)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_to_response(self.get_context_data(forms=forms))
        messages.success(
            request, f"“{self.submission.title}” is in {describe_place(slot, self.event)}."
        )
        anchor = slot.parent_id or slot.pk
        return redirect(editor_url(self.event, day_of(slot, self.event), slot_id=anchor))

    def _save(self, action: str, data: dict) -> Slot:
        revision = data["revision"] or 0  # 0: the page showed it unplaced
        if action == "poster":
            board = data["board"].strip() or next_free_board(data["poster_session"])
            slot = place_poster(
                submission=self.submission,
                poster_session=data["poster_session"],
                board=board,
                revision=revision,
            )
            slot.parent = data["poster_session"]
            return slot
        slot = schedule_session(
            submission=self.submission,
            room=data["room"],
            start=data["start_at"],
            end=data["end_at"],
            expected_attendance=data["expected_attendance"],
            revision=revision,
        )
        if data["expected_attendance"] is None and slot.expected_attendance is not None:
            set_expected_attendance(slot=slot, expected_attendance=None)
        return slot


def int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def add_service_errors(form, error: ValidationError) -> None:
    if form is None:
        return
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class WarningsView(EditorContextMixin, TemplateView):
    """Every warning of the draft, by kind, each linking to its slots."""

    template_name = "program/manage/warnings.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        slots = list(draft_slots(self.event))
        warnings = schedule_warnings(slots, self.event)
        rows = self._warning_rows(warnings, slots, "")
        groups: dict[str, list] = {}
        for row in rows:
            groups.setdefault(row["warning"].label, []).append(row)
        context.update(warning_groups=sorted(groups.items()), total=len(rows))
        return context
