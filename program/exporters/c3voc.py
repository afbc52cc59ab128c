"""The c3voc schedule JSON (``schedule.json``), valid against the c3voc JSON Schema (draft-06)
and shaped like pretalx's: the same events, rooms and days as the frab XML.

Sessions cancelled after publishing are left out, as in the XML (the format has no cancelled
flag). The schema's acronym and time zone patterns are stricter than event slugs and zone
names: the acronym is the slug with ``-`` as ``_``, and a zone the pattern refuses (e.g. AoE,
``Etc/GMT+12``) is left out, every time carrying its UTC offset anyway.
"""

import re

from django.utils.text import slugify

from conf_portal.links import site_url

from .common import (
    ALL_ROOMS,
    GENERATOR,
    Program,
    abstract,
    guid,
    hours_minutes,
    kind_label,
    named_guid,
    numeric_id,
    people,
    poster_line,
    program_days,
    room_name,
    scheduled_posters,
    slot_slug,
    slot_url,
    track_name,
)

SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
_ZONE_PATTERN = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")  # the schema's own pattern


def acronym(slug: str) -> str:
    """The slug as the schema's acronym: lower case, ``_`` for ``-``, 4 characters at least."""
    text = re.sub(r"[^a-z0-9_]", "", slug.lower().replace("-", "_"))
    return text.ljust(4, "_")


def _slug(text: str) -> str:
    return slugify(text).lower().strip("-_") or "x"


def _person(program: Program, user) -> dict:
    event = program.event
    return {
        "guid": named_guid("speaker", f"{event.pk}:{user.pk}"),
        "code": str(user.pk),
        "name": user.public_name,
        "public_name": user.public_name,
        "url": program.urls("speaker", user.pk),
    }


def _event(program: Program, slot) -> dict:
    event = program.event
    start, end = program.in_zone(slot.start), program.in_zone(slot.end)
    posters = scheduled_posters(slot)
    return {
        "guid": guid(slot),
        "id": numeric_id(slot),
        "date": start.isoformat(),
        "start": f"{start:%H:%M}",
        "end": end.isoformat(),
        "duration": hours_minutes(slot.end - slot.start),
        "room": room_name(slot),
        "slug": slot_slug(event, slot),
        "url": slot_url(program.urls, slot),
        "title": slot.display_title,
        "subtitle": "",
        "track": track_name(slot) or None,
        "type": kind_label(slot),
        "language": None,
        "abstract": abstract(slot),
        "description": "\n".join(f"- {poster_line(p)}" for p in posters) or None,
        "persons": [_person(program, user) for user in people(slot)],
        "links": [
            {"url": program.urls("session", p.submission_id), "title": poster_line(p)}
            for p in posters
        ],
        "attachments": [],
    }


def _rooms(program: Program) -> list[dict]:
    rooms = sorted(
        {slot.room for slot in program.scheduled_top_level if slot.room_id},
        key=lambda room: (room.position, room.name, room.pk),
    )
    listed = [
        {
            "name": room.name,
            "slug": _slug(room.name),
            "guid": named_guid("room", room.pk),
            "capacity": room.capacity,
            "description": room.description or None,
        }
        for room in rooms
    ]
    if any(not slot.room_id for slot in program.scheduled_top_level):
        guid_all = named_guid("room", f"{program.event.pk}:all")
        listed.append({"name": ALL_ROOMS, "slug": "all-rooms", "guid": guid_all})
    return listed


def _tracks(program: Program) -> list[dict]:
    tracks = sorted(
        {slot.submission.track for slot in program.scheduled_top_level if slot.submission_id},
        key=lambda track: (track.position, track.name, track.pk),
    )
    return [{"name": track.name, "slug": _slug(track.slug)} for track in tracks]


def schedule_json(program: Program) -> dict:
    """The schedule as a c3voc JSON document (a dict, ready for ``json.dumps``)."""
    event = program.event
    days = program_days(program)
    rooms = _rooms(program)
    conference = {
        "acronym": acronym(event.slug),
        "title": event.name,
        "start": days[0].date.isoformat(),
        "end": days[-1].date.isoformat(),
        "daysCount": len(days),
        "timeslot_duration": "00:05",
        "url": program.urls("index"),
        "rooms": rooms,
        "tracks": _tracks(program),
        "days": [],
    }
    if _ZONE_PATTERN.search(event.zone.key):
        conference["time_zone_name"] = event.zone.key
    for day in days:
        by_room: dict[str, list] = {room["name"]: [] for room in rooms}
        for slot in day.slots:
            by_room[room_name(slot)].append(_event(program, slot))
        conference["days"].append(
            {
                "index": day.index,
                "date": day.date.isoformat(),
                "day_start": day.start.isoformat(),
                "day_end": day.end.isoformat(),
                "rooms": by_room,
            }
        )
    return {
        "$schema": SCHEMA_URL,
        "generator": {"name": GENERATOR},
        "schedule": {
            "version": program.version_name,
            "base_url": site_url("/"),
            "conference": conference,
        },
    }
