"""BibTeX for a proceedings volume: one ``@proceedings`` entry and one ``@inproceedings`` per
paper pointing at it with ``crossref``, or a paper's standalone entry.

Every value is escaped for LaTeX, so whatever a title holds (``50% & {unbalanced``) the braces
of each entry balance and BibTeX reads the text as written. Keys are permanent: cited papers
keep them whatever is added to the volume or reordered in it: ``<event slug>-<year>`` for the
volume, ``<event slug>-<year>-<submission id>`` for a paper (the year once:
``dlonsc-2020-42``)."""

import re
import unicodedata

from .layout import PaperEntry, Volume

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")
_KEY_UNSAFE = re.compile(r"[^a-z0-9-]+")
# One regex pass, so that the backslashes this adds are not escaped again. Braces become
# commands: BibTeX counts ``\{`` as a brace too, so one unbalanced brace in a title would end
# the field early (and let the rest of the title write fields of its own).
_LATEX = {
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
    "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}  # fmt: skip
_LATEX_SPECIAL = re.compile("|".join(re.escape(char) for char in _LATEX))
_BARE = frozenset({"year", "month"})
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def latex_escape(value: str) -> str:
    """Plain text as LaTeX: specials escaped, control characters dropped, spaces collapsed."""
    text = _SPACES.sub(" ", _CONTROL.sub("", value or "")).strip()
    return _LATEX_SPECIAL.sub(lambda match: _LATEX[match.group()], text)


def verbatim(value: str) -> str:
    """A DOI or URL, which BibTeX styles print verbatim: no escapes, only the characters that
    would end the field (braces, backslashes) and spaces dropped."""
    return re.sub(r"[{}\\\s]", "", _CONTROL.sub("", value or ""))


def volume_key(volume: Volume) -> str:
    """``<slug>-<year of the event>`` (not of the build, so that rebuilding keeps the keys);
    a slug that already ends in the year keeps it once: ``dlonsc-2020``."""
    slug = _KEY_UNSAFE.sub("-", _ascii(volume.event_slug).lower()).strip("-") or "volume"
    year = str(volume.start_date.year)
    return slug if slug.endswith(year) else f"{slug}-{year}"


def paper_key(volume: Volume, paper: PaperEntry) -> str:
    """The volume's key and the submission's id (not its place in the volume, which moves)."""
    return f"{volume_key(volume)}-{paper.submission_id}"


def volume_bibtex(volume: Volume) -> str:
    """The volume's ``@proceedings`` entry, then each paper's ``@inproceedings`` (crossref'd)."""
    entries = [_entry("proceedings", volume_key(volume), _volume_fields(volume))]
    for paper in volume.papers:
        fields = [*_paper_fields(volume, paper), ("crossref", volume_key(volume))]
        entries.append(_entry("inproceedings", paper_key(volume, paper), fields))
    return "\n".join(entries)


def paper_bibtex(volume: Volume, paper: PaperEntry) -> str:
    """A paper's standalone ``@inproceedings`` (booktitle, editors, publisher and date inline)."""
    fields = _paper_fields(volume, paper)
    fields[2:2] = [("booktitle", latex_escape(volume.title))]
    fields += [
        ("editor", _names(volume.editors)),
        ("publisher", latex_escape(volume.publisher)),
        ("address", latex_escape(volume.venue)),
        ("year", str(volume.publication_date.year)),
        ("month", _MONTHS[volume.publication_date.month - 1]),
        ("isbn", latex_escape(volume.isbn)),
    ]
    return _entry("inproceedings", paper_key(volume, paper), fields)


def _volume_fields(volume: Volume) -> list[tuple[str, str]]:
    return [
        ("title", latex_escape(volume.title)),
        ("editor", _names(volume.editors)),
        ("publisher", latex_escape(volume.publisher)),
        ("address", latex_escape(volume.venue)),
        ("year", str(volume.publication_date.year)),
        ("month", _MONTHS[volume.publication_date.month - 1]),
        ("isbn", latex_escape(volume.isbn)),
        ("doi", verbatim(volume.doi)),
        ("url", verbatim(volume.url)),
    ]


def _paper_fields(volume: Volume, paper: PaperEntry) -> list[tuple[str, str]]:
    pages = f"{paper.first_page}--{paper.last_page}"
    if paper.first_page == paper.last_page:
        pages = str(paper.first_page)
    return [
        ("author", _names(person.name for person in paper.contributors)),
        ("title", "{" + latex_escape(paper.title) + "}"),  # keep its capitals as written
        ("pages", pages),
        ("doi", verbatim(paper.doi)),
        ("url", verbatim(paper.url)),
    ]


def _names(names) -> str:
    # Each name braced whole would stop BibTeX from telling first names from last; " and " is
    # the separator, so a name's own "and" is braced.
    cleaned = [latex_escape(name) for name in names]
    return " and ".join(re.sub(r"\band\b", "{and}", name) for name in cleaned if name)


def _entry(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    lines = [f"@{kind}{{{key},"]
    for name, value in fields:
        if value:
            bare = name in _BARE  # a number or a month macro
            lines.append(f"  {name} = {value}," if bare else f"  {name} = {{{value}}},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
