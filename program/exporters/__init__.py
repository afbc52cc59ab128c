"""Every export of the program, listed once: the organizers' exports page shows them in this
order. An export is a URL name taking the event's slug; one that needs choices first (columns,
tutorial types) names the template of its form."""

from dataclasses import dataclass

PUBLIC, ORGANIZERS = "public", "organizers"


@dataclass(frozen=True)
class Export:
    key: str
    label: str
    description: str
    url_name: str
    icon: str
    audience: str = PUBLIC
    form_template: str = ""  # a form posting to url_name (and its siblings) instead of a link


EXPORTS = [
    Export(
        "schedule-xml", "Schedule XML (frab)",
        "For Giggity, ConfClerk, EventFahrplan and the c3voc recording tools.",
        "program:schedule-xml", "bi-filetype-xml",
    ),
    Export(
        "schedule-json", "Schedule JSON (c3voc)",
        "The same schedule in the c3voc JSON format that pretalx also exports.",
        "program:schedule-json", "bi-filetype-json",
    ),
    Export(
        "schedule-ics", "Calendar (iCal)",
        "Every session in one calendar feed; apps that subscribe follow the changes.",
        "program:schedule-ics", "bi-calendar-week",
    ),
    Export(
        "sessions", "Accepted sessions (CSV or JSON)",
        "Accepted and confirmed sessions with their speakers and times, in the columns you choose.",
        "program:export-sessions-csv", "bi-table", ORGANIZERS,
        "program/exports/_sessions_form.html",
    ),
    Export(
        "stipends", "Tutorial stipends (CSV)",
        "Per tutorial: its half-day sessions, instructors and stipend.",
        "program:export-stipends-csv", "bi-cash-coin", ORGANIZERS,
        "program/exports/_stipend_form.html",
    ),
    Export(
        "program-book", "Program book (PDF)",
        "The published schedule as a printable book: a cover, the schedule by day and room, "
        "each session with its abstract and speakers, and a speaker index with page numbers.",
        "program:export-program-book", "bi-book", ORGANIZERS,
        "program/exports/_program_book.html",
    ),
]  # fmt: skip


def exports_for(audience: str) -> list[Export]:
    return [export for export in EXPORTS if export.audience == audience]
