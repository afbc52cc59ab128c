"""The editor's day grid, computed from the draft's slots without further queries: rooms as
columns, 15-minute rows in the event's zone, each slot's rows, columns and lane."""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.utils import timezone

from ..models import Room, Slot
from ..selectors import board_key

ROW_MINUTES = 15
DAY_MINUTES = 24 * 60
DEFAULT_FIRST, DEFAULT_LAST = 8 * 60, 19 * 60


@dataclass
class GridItem:
    slot: Slot
    row: int
    row_end: int
    column: int
    column_end: int
    local_start: datetime
    local_end: datetime
    editable: bool
    warnings: list = field(default_factory=list)
    posters: list = field(default_factory=list)
    lane: int = 0
    lanes: int = 1
    color: int = 0

    @property
    def rows(self) -> int:
        return self.row_end - self.row


@dataclass
class Cell:
    row: int
    column: int
    room: Room
    label: str
    is_hour: bool
    closed: bool


@dataclass
class Grid:
    day: date
    rooms: list[Room]
    rows: int
    items: list[GridItem]
    cells: list[Cell]
    labels: list[tuple[int, str]]

    @property
    def columns(self) -> int:
        return len(self.rooms) + 1


def _minutes(moment: datetime, day: date, zone) -> int:
    """Minutes since ``day``'s midnight in ``zone`` (clamped to the day)."""
    local = timezone.localtime(moment, zone)
    if local.date() < day:
        return 0
    if local.date() > day:
        return DAY_MINUTES
    return local.hour * 60 + local.minute


def _as_minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def _bounds(rooms: list[Room], spans: list[tuple[int, int]]) -> tuple[int, int]:
    opens = [_as_minutes(room.opens_at) for room in rooms if room.opens_at]
    closes = [_as_minutes(room.closes_at) for room in rooms if room.closes_at]
    first = min(opens) if opens else DEFAULT_FIRST
    last = max(closes) if closes else DEFAULT_LAST
    for start, end in spans:
        first, last = min(first, start), max(last, end)
    return first - first % 60, min(DAY_MINUTES, -(-last // 60) * 60)


def _assign_lanes(items: list[GridItem]) -> None:
    """Overlapping items of one column share it side by side, so a clash stays visible."""
    items.sort(key=lambda item: (item.row, -item.row_end))
    group: list[GridItem] = []
    group_end = 0
    for item in [*items, None]:
        if item is None or item.row >= group_end:
            for member in group:
                member.lanes = max(m.lane for m in group) + 1
            group, group_end = [], 0
            if item is None:
                break
        busy = {m.lane for m in group if m.row_end > item.row}
        item.lane = min(lane for lane in range(len(group) + 1) if lane not in busy)
        group.append(item)
        group_end = max(group_end, item.row_end)


def build_grid(*, event, day: date, rooms: list[Room], slots: list[Slot], warnings: dict,
               can_edit, track_colors: dict[int, int]) -> Grid:  # fmt: skip
    """The grid of one day. ``can_edit(slot)`` says whether the user may drag a slot."""
    zone = event.zone
    posters: dict[int, list[Slot]] = {}
    for slot in slots:
        if slot.parent_id:
            posters.setdefault(slot.parent_id, []).append(slot)
    today = [
        slot
        for slot in slots
        if not slot.parent_id and timezone.localtime(slot.start, zone).date() == day
    ]
    spans = [(_minutes(s.start, day, zone), _minutes(s.end, day, zone)) for s in today]
    first, last = _bounds(rooms, spans)
    column_of = {room.pk: index for index, room in enumerate(rooms, start=2)}
    items = []
    for slot, (start, end) in zip(today, spans, strict=True):
        row = 2 + (start - first) // ROW_MINUTES
        row_end = max(row + 1, 2 + -(-(end - first) // ROW_MINUTES))
        column = column_of.get(slot.room_id, 2)
        column_end = column + 1 if slot.room_id else len(rooms) + 2
        items.append(
            GridItem(
                slot=slot,
                row=row,
                row_end=row_end,
                column=column,
                column_end=max(column_end, column + 1),
                local_start=timezone.localtime(slot.start, zone),
                local_end=timezone.localtime(slot.end, zone),
                editable=can_edit(slot),
                warnings=warnings.get(slot.pk, []),
                posters=sorted(posters.get(slot.pk, []), key=board_key),
                color=track_colors.get(slot.submission.track_id, 0) if slot.submission_id else 0,
            )
        )
    by_column: dict[int, list[GridItem]] = {}
    for item in items:
        if item.slot.room_id:
            by_column.setdefault(item.column, []).append(item)
    for column_items in by_column.values():
        _assign_lanes(column_items)
    rows = max(1, (last - first) // ROW_MINUTES)
    return Grid(
        day=day,
        rooms=rooms,
        rows=rows,
        items=sorted(items, key=lambda item: (item.row, item.column)),
        cells=_cells(rooms, first, rows),
        labels=[
            (2 + n, _clock(first + n * ROW_MINUTES))
            for n in range(rows)
            if (first + n * ROW_MINUTES) % 30 == 0
        ],
    )


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _cells(rooms: list[Room], first: int, rows: int) -> list[Cell]:
    cells = []
    for column, room in enumerate(rooms, start=2):
        opens = _as_minutes(room.opens_at) if room.opens_at else 0
        closes = _as_minutes(room.closes_at) if room.closes_at else DAY_MINUTES
        for n in range(rows):
            minutes = first + n * ROW_MINUTES
            cells.append(
                Cell(
                    row=2 + n,
                    column=column,
                    room=room,
                    label=_clock(minutes),
                    is_hour=minutes % 60 == 0,
                    closed=not opens <= minutes < closes,
                )
            )
    return cells
