"""iCalendar feeds of the program: the whole event, a track, a speaker, a session.

Every event keeps the slot's ``ical_uid`` in every version, and its SEQUENCE is the number of
published versions, so a calendar app that subscribed updates a moved session in place. A
session withdrawn or declined after publishing stays in the feed with STATUS:CANCELLED until the
next version drops it. Times carry the event's zone (TZID) with its VTIMEZONE (an event held in
UTC uses UTC times, which need none).

A poster session is one event listing its posters; in a track's, a speaker's or a session's
feed a poster is its own event at its poster session's time and room, with its board.
"""

from datetime import timedelta

from icalendar import Calendar, Event

from .common import (
    Program,
    abstract,
    kind_label,
    plain_texts,
    poster_list,
    slot_room,
    slot_times,
    slot_url,
    speakers,
    track_name,
)

PRODID = "-//conf_portal//program//EN"
FOLD_AT = 75  # octets: RFC 5545 folds longer content lines


def fold(line: str) -> str:
    """Fold a content line as icalendar does (at most 74 octets a line, never right after a
    backslash or caret, so an escape stays whole), with a fast path for ASCII lines:
    icalendar encodes character by character, most of a whole-event feed's time."""
    if not line.isascii():
        return _fold_unicode(line)
    parts, start = [], 0
    while len(line) - start >= FOLD_AT:
        end = start + FOLD_AT - 1
        if line[end - 1] in "\\^" and end - 1 > start:
            end -= 1
        parts.append(line[start:end])
        start = end
    parts.append(line[start:])
    return "\r\n ".join(parts)


def _fold_unicode(line: str) -> str:
    parts, current, size = [], [], 0
    for char in line:
        width = len(char.encode())
        if current and size + width >= FOLD_AT:
            carry = [current.pop()] if len(current) > 1 and current[-1] in "\\^" else []
            parts.append("".join(current))
            current, size = carry, sum(len(c.encode()) for c in carry)
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def serialize(cal: Calendar) -> bytes:
    """``cal.to_ical()``, byte for byte, folded by ``fold``."""
    lines = (fold(str(line)).encode() for line in cal.content_lines() if line)
    return b"\r\n".join(lines) + b"\r\n"


def _location(slot) -> str:
    """The room (a poster: and its board); none for a block in all rooms."""
    room = slot_room(slot)
    where = room.name if room else ""
    if slot.parent_id and slot.board:
        return f"{where}, board {slot.board}" if where else f"Board {slot.board}"
    return where


def _description(program: Program, slot, texts: dict[str, str]) -> str:
    parts = []
    if slot.parent_id:
        board = f", board {slot.board}" if slot.board else ""
        parts.append(f"Poster in {slot.parent.display_title}{board}.")
    names = ", ".join(user.public_name for user in speakers(slot))
    if names:
        parts.append(names)
    text = texts.get(abstract(slot), "")
    if text:
        parts.append(text)
    posters = poster_list(slot)
    if posters:
        parts.append(f"Posters:\n{posters}")
    parts.append(slot_url(program.urls, slot))
    return "\n\n".join(parts)


def _vevent(program: Program, slot, texts: dict[str, str]) -> Event:
    start, end = slot_times(slot)
    item = Event()
    item.add("uid", slot.ical_uid)
    item.add("dtstamp", program.stamp)
    item.add("dtstart", program.in_zone(start))
    item.add("dtend", program.in_zone(end))
    item.add("summary", slot.display_title)
    location = _location(slot)
    if location:
        item.add("location", location)
    item.add("description", _description(program, slot, texts))
    item.add("url", slot_url(program.urls, slot))
    categories = [c for c in (kind_label(slot), track_name(slot)) if c]
    item.add("categories", categories)
    item.add("sequence", program.version_count)
    cancelled = slot.public_state == "cancelled"
    item.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return item


def calendar(program: Program, slots: list, title: str) -> bytes:
    """A calendar of ``slots`` (top-level slots, or posters as their own events)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", title)
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    texts = plain_texts([abstract(slot) for slot in slots])
    for slot in sorted(slots, key=lambda s: (slot_times(s)[0], s.ical_uid)):
        cal.add_component(_vevent(program, slot, texts))
    if slots:
        starts = [slot_times(slot)[0] for slot in slots]
        first = program.in_zone(min(starts)).date() - timedelta(days=366)
        last = program.in_zone(max(starts)).date() + timedelta(days=366)
        cal.add_missing_timezones(first_date=first, last_date=last)
    return serialize(cal)


# The feeds -----------------------------------------------------------------------------------


def event_slots(program: Program) -> list:
    """The whole event: every top-level slot (posters are listed in their poster session)."""
    return program.top_level


def track_slots(program: Program, track) -> list:
    return [s for s in program.slots if s.submission_id and s.submission.track_id == track.pk]


def speaker_slots(program: Program, user_id: int) -> list:
    return [s for s in program.slots if any(u.pk == user_id for u in speakers(s))]


def session_slots(program: Program, submission_id: int) -> list:
    return [s for s in program.slots if s.submission_id == submission_id]
