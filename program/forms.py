"""Forms of the organizers' schedule editor: rooms, placing sessions and posters, blocks,
publishing. Times are typed as a day of the event and a local time in the event's zone."""

import re
from datetime import date, datetime, timedelta

from django import forms
from django.core.exceptions import ValidationError

from conf_portal.forms import TextRulesMixin
from tracks.timezones import at_in_zone

from .enums import BLOCK_KINDS, SlotKind
from .models import Room, ScheduleVersion, Slot

MAX_MINUTES = 24 * 60
TIME_WIDGET = forms.TimeInput(attrs={"type": "time", "step": 300}, format="%H:%M")


def event_days(event) -> list[date]:
    days = (event.end_date - event.start_date).days + 1
    return [event.start_date + timedelta(days=n) for n in range(days)]


def day_label(day: date) -> str:
    return f"{day:%a %b} {day.day}"


class DayField(forms.ChoiceField):
    """One of the event's days, as an ISO date; any other day is refused next to the field."""

    def __init__(self, *, event, **kwargs):
        super().__init__(
            choices=[(day.isoformat(), day_label(day)) for day in event_days(event)],
            error_messages={
                "invalid_choice": f"Choose one of the event's days ({event.date_range}).",
                "required": "Choose a day.",
            },
            **kwargs,
        )

    def clean(self, value):
        value = super().clean(value)
        return date.fromisoformat(value) if value else None


class RoomForm(TextRulesMixin, forms.ModelForm):
    class Meta:
        model = Room
        fields = ["name", "capacity", "description", "opens_at", "closes_at", "position"]
        labels = {"opens_at": "Opens at", "closes_at": "Closes at", "position": "Column"}
        help_texts = {
            "opens_at": "Each day, in the event's time zone. Empty: all day.",
            "closes_at": "Empty: until the end of the day.",
            "position": "Rooms are shown left to right by this number.",
        }
        widgets = {"opens_at": TIME_WIDGET, "closes_at": TIME_WIDGET}

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.instance.event = event
        if not self.instance.pk and not self.is_bound:
            last = event.rooms.order_by("-position").values_list("position", flat=True).first()
            self.initial["position"] = 0 if last is None else last + 1

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = Room.objects.filter(event=self.event, name__iexact=name).exclude(
            pk=self.instance.pk
        )
        if taken.exists():
            raise ValidationError(f"There is already a room “{name}”.")
        return name

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", "A room closes after it opens.")
        return cleaned


class WhenMixin:
    """``day`` + ``start`` (+ ``minutes`` or ``end``) as aware datetimes in ``cleaned_data``:
    ``start_at`` and ``end_at`` (None when the length is left to the service)."""

    def _when(self, cleaned: dict) -> None:
        day, start = cleaned.get("day"), cleaned.get("start")
        if day is None or start is None:
            return
        cleaned["start_at"] = at_in_zone(day, start, self.event.time_zone)
        minutes = cleaned.get("minutes")
        end = cleaned.get("end")
        cleaned["end_at"] = None
        if minutes:
            cleaned["end_at"] = cleaned["start_at"] + timedelta(minutes=minutes)
        elif end is not None:
            if end <= start:
                self.add_error("end", "It must end after it starts.")
                return
            cleaned["end_at"] = at_in_zone(day, end, self.event.time_zone)


class PlaceSessionForm(TextRulesMixin, WhenMixin, forms.Form):
    """A session's place in the grid, typed rather than dragged (keyboard and no-JS path)."""

    day = forms.CharField()  # replaced in __init__
    start = forms.TimeField(label="Starts at", widget=TIME_WIDGET)
    room = forms.ModelChoiceField(queryset=Room.objects.none(), empty_label=None)
    minutes = forms.IntegerField(
        label="Length (minutes)", min_value=5, max_value=MAX_MINUTES, required=False
    )
    expected_attendance = forms.IntegerField(
        min_value=0,
        max_value=100_000,
        required=False,
        help_text="e.g. tutorial sign-ups; a warning shows when it exceeds the room's seats.",
    )
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, event, submission, slot: Slot | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["day"] = DayField(event=event)
        self.fields["room"].queryset = event.rooms.all()
        type_minutes = submission.session_type.duration_minutes
        self.fields["minutes"].help_text = (
            f"Empty: a {submission.session_type.name.lower()}'s {type_minutes} minutes."
            if type_minutes
            else "Empty: 30 minutes."
        )
        self.initial["revision"] = slot.revision if slot is not None else 0
        if slot is not None:
            self.initial["expected_attendance"] = slot.expected_attendance
            if slot.start is not None:
                local = slot.start.astimezone(event.zone)
                self.initial.update(
                    day=local.date().isoformat(),
                    start=local.time(),
                    room=slot.room_id,
                    minutes=slot.duration_minutes,
                )

    def clean(self):
        cleaned = super().clean()
        self._when(cleaned)
        return cleaned


class PosterPlacementForm(TextRulesMixin, forms.Form):
    """A poster on a board of a poster session; an empty board takes the next free one."""

    poster_session = forms.ModelChoiceField(queryset=Slot.objects.none(), empty_label=None)
    board = forms.CharField(
        max_length=20, required=False, help_text="e.g. “P12”. Empty: the next free board."
    )
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, event, slot: Slot | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["poster_session"].queryset = Slot.objects.filter(
            event=event, version__isnull=True, kind=SlotKind.POSTER_SESSION
        ).select_related("room")
        self.fields["poster_session"].label_from_instance = lambda s: poster_session_label(s, event)
        self.initial["revision"] = slot.revision if slot is not None else 0
        if slot is not None and slot.parent_id:
            self.initial.update(poster_session=slot.parent_id, board=slot.board)


def poster_session_label(slot: Slot, event) -> str:
    start = slot.start.astimezone(event.zone)
    where = slot.room.name if slot.room_id else "All rooms"
    return f"{slot.display_title} · {day_label(start.date())} {start:%H:%M} · {where}"


class BoardForm(TextRulesMixin, forms.Form):
    """Move a poster to another board of its poster session."""

    board = forms.CharField(max_length=20, required=False)
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)


class BlockForm(TextRulesMixin, WhenMixin, forms.Form):
    """A keynote, break, poster session or other block, in one room or all rooms."""

    kind = forms.ChoiceField(choices=[(kind.value, kind.label) for kind in BLOCK_KINDS])
    title = forms.CharField(
        max_length=200, required=False, help_text="Empty: the kind, e.g. “Break”."
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, help_text="Markdown."
    )
    room = forms.ModelChoiceField(
        queryset=Room.objects.none(), required=False, empty_label="All rooms"
    )
    day = forms.CharField()  # replaced in __init__
    start = forms.TimeField(label="Starts at", widget=TIME_WIDGET)
    end = forms.TimeField(label="Ends at", widget=TIME_WIDGET)
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, event, slot: Slot | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["day"] = DayField(event=event)
        self.fields["room"].queryset = event.rooms.all()
        if slot is not None:
            start, end = slot.start.astimezone(event.zone), slot.end.astimezone(event.zone)
            self.initial.update(
                kind=slot.kind,
                title=slot.title,
                description=slot.description,
                room=slot.room_id,
                day=start.date().isoformat(),
                start=start.time(),
                end=end.time(),
                revision=slot.revision,
            )

    def clean(self):
        cleaned = super().clean()
        self._when(cleaned)
        return cleaned


class MoveForm(TextRulesMixin, forms.Form):
    """What the grid posts when something is dragged, dropped or resized. ``slot`` or
    ``submission`` names what moves; a field left out keeps its current value."""

    slot = forms.IntegerField(required=False, min_value=1)
    submission = forms.IntegerField(required=False, min_value=1)
    poster_session = forms.IntegerField(required=False, min_value=1)
    room = forms.ModelChoiceField(queryset=Room.objects.none(), required=False)
    day = forms.CharField(required=False)  # replaced in __init__
    start = forms.TimeField(required=False)
    minutes = forms.IntegerField(required=False, min_value=5, max_value=MAX_MINUTES)
    revision = forms.IntegerField(min_value=0, help_text="0: the editor saw it unplaced.")

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["day"] = DayField(event=event, required=False)
        self.fields["room"].queryset = event.rooms.all()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("slot") and not cleaned.get("submission"):
            raise ValidationError("Say which session or block moves.")
        if bool(cleaned.get("day")) != bool(cleaned.get("start")) and not self.errors:
            raise ValidationError("A new time needs both a day and a start.")
        if cleaned.get("day") and cleaned.get("start"):
            cleaned["start_at"] = at_in_zone(cleaned["day"], cleaned["start"], self.event.time_zone)
        return cleaned


class ScheduleFilterForm(TextRulesMixin, forms.Form):
    """Filters of the unscheduled sessions beside the grid; every field is optional."""

    q = forms.CharField(label="Search", required=False, max_length=200)
    track = forms.ModelChoiceField(queryset=None, required=False, empty_label="All tracks")
    type = forms.ModelChoiceField(queryset=None, required=False, empty_label="All types")

    def __init__(self, *args, event, tracks=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = tracks if tracks is not None else event.tracks.all()
        self.fields["type"].queryset = event.session_types.all()
        self.fields["q"].widget.attrs["placeholder"] = "Title or speaker"

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}


VERSION_NUMBER = re.compile(r"^(.*?)(\d+)$")


def next_version_name(event) -> str:
    """“v1.0” → “v1.1”, “2” → “3”; “v1.0” for a first version; a name not taken yet."""
    versions = ScheduleVersion.objects.filter(event=event).order_by("-published_at", "-pk")
    names = list(versions.values_list("name", flat=True))
    if not names:
        return "v1.0"
    candidate = names[0]
    for _ in range(100):
        match = VERSION_NUMBER.match(candidate)
        if not match:
            return ""
        candidate = f"{match.group(1)}{int(match.group(2)) + 1}"
        if candidate not in names:
            return candidate
    return ""


class PublishForm(TextRulesMixin, forms.Form):
    name = forms.CharField(
        label="Version name", max_length=40, help_text="Shown on the public program and changelog."
    )
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Markdown, shown with the changelog, e.g. why sessions moved.",
    )
    notify_speakers = forms.BooleanField(
        label="Email speakers whose session was added or moved", required=False, initial=True
    )
    confirm_warnings = forms.BooleanField(required=False)

    def __init__(self, *args, event, warnings: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.warnings = warnings
        self.initial.setdefault("name", next_version_name(event))
        if warnings:
            self.fields[
                "confirm_warnings"
            ].label = f"Publish despite {warnings} warning{'s' if warnings != 1 else ''}"
        else:
            del self.fields["confirm_warnings"]

    def clean_confirm_warnings(self):
        confirmed = self.cleaned_data.get("confirm_warnings")
        if self.warnings and not confirmed:
            raise ValidationError("Check the warnings above, then confirm to publish anyway.")
        return confirmed


def local_moment(value: str | None, zone) -> datetime | None:
    """An ISO instant of a changelog entry, in the event's zone (None stays None)."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).astimezone(zone)
    except ValueError:
        return None


class AddPosterForm(TextRulesMixin, forms.Form):
    """Put one of the unscheduled sessions on a board of this poster session."""

    submission = forms.ModelChoiceField(
        label="Session", queryset=None, empty_label="Choose an unscheduled session"
    )
    board = forms.CharField(
        max_length=20, required=False, help_text="e.g. “P12”. Empty: the next free board."
    )

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission"].queryset = sessions
        self.fields["submission"].label_from_instance = lambda s: (
            f"{s.title} · {s.session_type.name} · {s.track.name}"
        )
