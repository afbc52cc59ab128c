"""The frab/pentabarf schedule XML (``schedule.xml``) that Giggity, ConfClerk, EventFahrplan and
the c3voc tools read, valid against the c3voc XSD and shaped like pretalx's export.

- Sessions cancelled after publishing are left out (the format has no cancelled flag; pretalx
  leaves them out too). The iCalendar feeds mark them cancelled instead.
- A poster session is one event in its room and time, its posters listed in the description
  (board, title, presenters), its presenters as persons and a link per poster. One event per poster
  would stack dozens of overlapping events in one room, which the apps' room grids cannot show.
- A block in all rooms (e.g. lunch) is listed in an "All rooms" room.
"""

from lxml import etree

from conf_portal.links import site_url

from .common import (
    ALL_ROOMS,
    GENERATOR,
    Program,
    abstract,
    guid,
    hours_minutes,
    kind_label,
    numeric_id,
    people,
    poster_line,
    program_days,
    room_name,
    scheduled_posters,
    slot_slug,
    slot_url,
    track_name,
    xml_text,
)


def _text(parent, tag: str, text="", **attributes) -> etree._Element:
    values = {name: xml_text(value) for name, value in attributes.items()}
    element = etree.SubElement(parent, tag, **values)
    element.text = xml_text(text)
    return element


def _event_element(parent, program: Program, slot) -> None:
    event = program.event
    start = program.in_zone(slot.start)
    element = etree.SubElement(parent, "event", id=str(numeric_id(slot)), guid=guid(slot))
    _text(element, "room", room_name(slot))
    _text(element, "title", slot.display_title)
    _text(element, "subtitle", "")
    _text(element, "type", kind_label(slot))
    _text(element, "date", start.isoformat())
    _text(element, "start", f"{start:%H:%M}")
    _text(element, "duration", hours_minutes(slot.end - slot.start))
    _text(element, "abstract", abstract(slot))
    _text(element, "slug", slot_slug(event, slot))
    _text(element, "track", track_name(slot))
    persons = etree.SubElement(element, "persons")
    for user in people(slot):
        _text(persons, "person", user.public_name, id=user.pk)
    posters = scheduled_posters(slot)
    if posters:
        _text(element, "description", "\n".join(f"- {poster_line(p)}" for p in posters))
    links = etree.SubElement(element, "links")
    for poster in posters:
        href = program.urls("session", poster.submission_id)
        _text(links, "link", poster_line(poster), href=href)
    _text(element, "url", slot_url(program.urls, slot))


def _conference(root, program: Program, days) -> None:
    event = program.event
    conference = etree.SubElement(root, "conference")
    _text(conference, "title", event.name)
    _text(conference, "acronym", event.slug)
    _text(conference, "start", days[0].date.isoformat())
    _text(conference, "end", days[-1].date.isoformat())
    _text(conference, "days", len(days))
    _text(conference, "timeslot_duration", "00:05")
    _text(conference, "base_url", site_url("/"))
    _text(conference, "time_zone_name", event.zone.key)


def _room_order(program: Program) -> list[str]:
    rooms = sorted(
        {slot.room for slot in program.scheduled_top_level if slot.room_id},
        key=lambda room: (room.position, room.name, room.pk),
    )
    names = [room.name for room in rooms]
    if any(not slot.room_id for slot in program.scheduled_top_level):
        names.append(ALL_ROOMS)
    return names


def schedule_xml(program: Program) -> bytes:
    """The schedule as frab XML (UTF-8 bytes with an XML declaration)."""
    root = etree.Element("schedule")
    etree.SubElement(root, "generator", name=GENERATOR)
    _text(root, "version", program.version_name)
    days = program_days(program)
    _conference(root, program, days)
    rooms = _room_order(program)
    for day in days:
        day_element = etree.SubElement(
            root,
            "day",
            index=str(day.index),
            date=day.date.isoformat(),
            start=day.start.isoformat(),
            end=day.end.isoformat(),
        )
        by_room: dict[str, list] = {}
        for slot in day.slots:
            by_room.setdefault(room_name(slot), []).append(slot)
        for name in rooms:
            room_element = etree.SubElement(day_element, "room", name=xml_text(name))
            for slot in by_room.get(name, []):
                _event_element(room_element, program, slot)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
