"""What a built volume holds, as plain data: the builder fills it in (proceedings.volume), the
metadata writers (Crossref XML, BibTeX) and the front matter read it."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Contributor:
    """One author, in the paper's order. ``orcid`` is the bare iD (0000-0002-1825-0097) or ""."""

    name: str
    affiliation: str = ""
    orcid: str = ""


@dataclass(frozen=True)
class PaperEntry:
    submission_id: int
    number: int  # its place in the volume, from 1
    title: str
    contributors: tuple[Contributor, ...]
    first_page: int  # page numbers of the volume, as stamped
    last_page: int
    doi: str = ""  # empty when the event has no DOI prefix
    url: str = ""  # the public session page, absolute
    track: str = ""
    session_type: str = ""


@dataclass(frozen=True)
class Volume:
    event_slug: str
    event_name: str
    title: str  # e.g. "Proceedings of the Deep Learning on Supercomputers Workshop"
    editors: tuple[str, ...]
    publisher: str
    isbn: str
    venue: str
    start_date: date
    end_date: date
    publication_date: date
    doi_prefix: str
    doi: str  # the volume's own DOI, or ""
    url: str  # the event's public page, absolute
    depositor_name: str
    depositor_email: str
    papers: tuple[PaperEntry, ...]
