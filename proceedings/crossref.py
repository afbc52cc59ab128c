"""The Crossref deposit (metadata schema 5.3.1) of a proceedings volume: one ``conference`` with
its event, the proceedings and one ``conference_paper`` per paper.

Crossref requires ``doi_data`` on every ``conference_paper``, so a volume whose event has no DOI
prefix (its papers have no DOIs) cannot be deposited: ``deposit_xml`` raises ``ValueError`` with
a sentence the caller can show, rather than writing a file Crossref would reject."""

import re
import string
from datetime import date

from lxml import etree

from .layout import Contributor, PaperEntry, Volume
from .models import DEFAULT_DOI_PATTERN

NAMESPACE = "http://www.crossref.org/schema/5.3.1"
SCHEMA_VERSION = "5.3.1"
ORCID_URL = "https://orcid.org/"

# XML 1.0 refuses C0 controls (but tab, newline, return) and the non-characters FFFE/FFFF.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_SPACES = re.compile(r"\s+")
_ORCID = re.compile(r"(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$")
_YEAR = re.compile(r"\s*\b(19|20)\d{2}\b\s*")
# Lower-case particles that belong to the surname: "Ludwig van Beethoven" → "van Beethoven".
_PARTICLES = frozenset({
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du",
    "la", "le", "ten", "ter", "zu", "bin", "ibn", "al", "el",
})  # fmt: skip
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
_PATTERN_FIELDS = {"prefix", "event", "year", "id"}
ACRONYM_MAX_LENGTH = 127  # conference_acronym in the Crossref 5.3.1 schema


def clean_text(value: str, max_length: int | None = None) -> str:
    """One line of text as Crossref wants it: control characters dropped, spaces collapsed."""
    text = _SPACES.sub(" ", _CONTROL.sub("", value or "")).strip()
    if max_length is not None and len(text) > max_length:
        text = text[: max_length - 1].rstrip() + "…"
    return text


def paper_doi(
    settings_or_pattern, prefix: str, event_slug: str, year: int, submission_id: int
) -> str:
    """A paper's DOI from the event's pattern (a ProceedingsSettings or the pattern string):
    ``{prefix}``, ``{event}``, ``{year}`` and ``{id}`` (the submission's id). "" without a prefix.
    A DOI is permanent, so the paper's place in the volume (which moves when papers are added
    or reordered) is not a field.

    Raises ValueError for a pattern naming another field, lacking ``{id}`` or not starting with
    the prefix."""
    if not prefix:
        return ""
    pattern = getattr(settings_or_pattern, "doi_pattern", settings_or_pattern)
    pattern = pattern or DEFAULT_DOI_PATTERN
    fields = {name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None}
    if unknown := fields - _PATTERN_FIELDS:
        names = ", ".join(sorted("{" + name + "}" for name in unknown))
        raise ValueError(
            f"The DOI pattern names {names}; it may use {{prefix}}, {{event}}, {{year}} and {{id}}."
        )
    if "id" not in fields:
        raise ValueError("The DOI pattern must contain {id}, so that each paper's DOI is its own.")
    if not pattern.startswith("{prefix}/"):
        raise ValueError("The DOI pattern must start with {prefix}/.")
    doi = pattern.format(prefix=prefix, event=event_slug, year=year, id=submission_id)
    return _SPACES.sub("", doi)


def split_name(name: str) -> tuple[str, str, str]:
    """(given names, surname, suffix) of a name as people write it; a single word is a surname
    (Crossref requires one), "Surname, Given" keeps its order."""
    name = clean_text(name)
    if "," in name:
        surname, _, given = name.partition(",")
        return given.strip(), surname.strip(), ""
    words = name.split(" ")
    suffix = ""
    if len(words) > 1 and words[-1].lower() in _SUFFIXES:
        suffix = words.pop()
    start = len(words) - 1
    while start > 1 and words[start - 1] in _PARTICLES:
        start -= 1
    return " ".join(words[:start]), " ".join(words[start:]), suffix


def conference_acronym(event_name: str) -> str:
    """The acronym a name carries: "(DLonSC)" in it, or a one-word name such as "SciPy 2020"
    (at most 127 characters, the schema's limit; "" for none)."""
    if match := re.search(r"\(([A-Za-z][\w-]{1,30})\)", event_name):
        return match.group(1)
    words = _YEAR.sub(" ", event_name).split()
    if len(words) != 1 or len(words[0]) > ACRONYM_MAX_LENGTH:
        return ""  # a word longer than the schema allows is no acronym: left out, not cut
    return words[0]


def deposit_xml(volume: Volume, *, batch_id: str, timestamp: int) -> bytes:
    """The deposit's XML (UTF-8, with a declaration). ValueError when the volume cannot be
    deposited: no DOI prefix (hence no paper DOIs), a paper without a DOI, no depositor."""
    _check_depositable(volume)
    root = etree.Element(_q("doi_batch"), nsmap={None: NAMESPACE}, version=SCHEMA_VERSION)
    _head(root, volume, batch_id=batch_id, timestamp=timestamp)
    conference = _sub(_sub(root, "body"), "conference")
    _event_metadata(conference, volume)
    _proceedings_metadata(conference, volume)
    for paper in volume.papers:
        _conference_paper(conference, volume, paper)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _check_depositable(volume: Volume) -> None:
    if not volume.doi_prefix:
        raise ValueError(
            "No Crossref deposit without DOIs: set the DOI prefix in the proceedings settings "
            "and build the volume again."
        )
    if missing := [paper for paper in volume.papers if not paper.doi]:
        raise ValueError(f"Paper {missing[0].number} ({missing[0].title!r}) has no DOI.")
    if unlinked := [paper for paper in volume.papers if not _web(paper.url or volume.url)]:
        raise ValueError(
            f"Paper {unlinked[0].number} ({unlinked[0].title!r}) has no web address for its DOI "
            "to resolve to."
        )
    if not clean_text(volume.depositor_name) or not clean_text(volume.depositor_email):
        raise ValueError(
            "A Crossref deposit names its depositor: set the depositor's name and email in "
            "the proceedings settings."
        )


def _web(url: str) -> bool:
    return url.lower().startswith(("https://", "http://"))


def _q(tag: str) -> str:
    return f"{{{NAMESPACE}}}{tag}"


def _sub(parent, tag: str, text: str | None = None, **attributes):
    element = etree.SubElement(parent, _q(tag), **attributes)
    if text is not None:
        element.text = text
    return element


def _head(root, volume: Volume, *, batch_id: str, timestamp: int) -> None:
    head = _sub(root, "head")
    _sub(head, "doi_batch_id", clean_text(batch_id, 100))
    _sub(head, "timestamp", str(int(timestamp)))
    depositor = _sub(head, "depositor")
    _sub(depositor, "depositor_name", clean_text(volume.depositor_name, 130))
    _sub(depositor, "email_address", clean_text(volume.depositor_email, 200))
    registrant = clean_text(volume.publisher) or clean_text(volume.depositor_name)
    _sub(head, "registrant", registrant[:255])


def _event_metadata(conference, volume: Volume) -> None:
    event = _sub(conference, "event_metadata")
    _sub(event, "conference_name", clean_text(volume.event_name, 512))
    if acronym := conference_acronym(clean_text(volume.event_name)):
        _sub(event, "conference_acronym", acronym)
    if len(venue := clean_text(volume.venue, 255)) >= 2:
        _sub(event, "conference_location", venue)
    start, end = volume.start_date, volume.end_date
    _sub(
        event,
        "conference_date",
        _date_text(start, end),
        start_day=f"{start.day:02d}", start_month=f"{start.month:02d}", start_year=str(start.year),
        end_day=f"{end.day:02d}", end_month=f"{end.month:02d}", end_year=str(end.year),
    )  # fmt: skip


def _date_text(start: date, end: date) -> str:
    if start == end:
        return f"{start:%b} {start.day}, {start.year}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%b} {start.day}–{end.day}, {start.year}"
    if start.year == end.year:
        return f"{start:%b} {start.day} – {end:%b} {end.day}, {start.year}"
    return f"{start:%b} {start.day}, {start.year} – {end:%b} {end.day}, {end.year}"


def _proceedings_metadata(conference, volume: Volume) -> None:
    proceedings = _sub(conference, "proceedings_metadata")
    _sub(proceedings, "proceedings_title", clean_text(volume.title, 511))
    publisher = _sub(proceedings, "publisher")
    _sub(publisher, "publisher_name", clean_text(volume.publisher, 255) or volume.depositor_name)
    _publication_date(proceedings, volume.publication_date)
    if isbn := clean_text(volume.isbn):
        _sub(proceedings, "isbn", isbn)
    else:
        _sub(proceedings, "noisbn", reason="simple_series")
    if volume.doi:
        _doi_data(proceedings, volume.doi, volume.url)


def _publication_date(parent, day: date) -> None:
    published = _sub(parent, "publication_date", media_type="online")
    _sub(published, "month", f"{day.month:02d}")
    _sub(published, "day", f"{day.day:02d}")
    _sub(published, "year", str(day.year))


def _doi_data(parent, doi: str, url: str) -> None:
    data = _sub(parent, "doi_data")
    _sub(data, "doi", doi)
    _sub(data, "resource", url)


def _conference_paper(conference, volume: Volume, paper: PaperEntry) -> None:
    element = _sub(conference, "conference_paper", publication_type="full_text")
    people = [person for person in paper.contributors if split_name(person.name)[1]]
    if people:
        contributors = _sub(element, "contributors")
        for position, person in enumerate(people):
            _person(contributors, person, "first" if position == 0 else "additional")
    titles = _sub(element, "titles")
    _sub(titles, "title", clean_text(paper.title) or f"Paper {paper.number}")
    _publication_date(element, volume.publication_date)
    pages = _sub(element, "pages")
    _sub(pages, "first_page", str(paper.first_page))
    _sub(pages, "last_page", str(paper.last_page))
    _doi_data(element, paper.doi, paper.url or volume.url)


def _person(contributors, person: Contributor, sequence: str) -> None:
    given, surname, suffix = split_name(person.name)
    element = _sub(contributors, "person_name", sequence=sequence, contributor_role="author")
    if given:
        _sub(element, "given_name", given[:60])
    _sub(element, "surname", surname[:60])
    if suffix:
        _sub(element, "suffix", suffix[:10])
    if affiliation := clean_text(person.affiliation, 1024):
        institution = _sub(_sub(element, "affiliations"), "institution")
        _sub(institution, "institution_name", affiliation)
    if match := _ORCID.search(clean_text(person.orcid).upper()):
        _sub(element, "ORCID", ORCID_URL + match.group(1), authenticated="false")
