"""The volume's own pages, rendered by WeasyPrint: the front matter (cover, title page,
committee, preface, contents; numbered i, ii, …) and the author index at the end."""

from dataclasses import dataclass
from itertools import groupby

from django.template.loader import render_to_string
from django.utils.dateformat import format as format_date

from ..layout import Volume
from .text import sort_key

CSS_PAGE_SIZES = {"letter": "letter", "a4": "A4"}


@dataclass(frozen=True)
class Rendered:
    """A rendered PDF and its headings: (title, page index within this PDF)."""

    data: bytes
    pages: int
    headings: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Member:
    name: str
    affiliation: str = ""
    note: str = ""


@dataclass(frozen=True)
class CommitteeGroup:
    label: str
    members: tuple[Member, ...]


def _render(template: str, context: dict) -> Rendered:
    import weasyprint

    document = weasyprint.HTML(string=render_to_string(template, context)).render()
    headings = tuple((label, target[0]) for label, target, *_ in document.make_bookmark_tree())
    return Rendered(data=document.write_pdf(), pages=len(document.pages), headings=headings)


def event_dates(volume: Volume) -> str:
    start, end = volume.start_date, volume.end_date
    if start == end:
        return format_date(start, "j F Y")
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{format_date(end, 'j F Y')}"
    return f"{format_date(start, 'j F')} – {format_date(end, 'j F Y')}"


def render_front_matter(
    volume: Volume,
    *,
    committee: list[CommitteeGroup],
    preface: str,
    index_page: int | None,
    paper_size: str,
) -> Rendered:
    """Cover, title page, committee, preface (Markdown, sanitized) and contents."""
    context = {
        "volume": volume,
        "dates": event_dates(volume),
        "committee": committee,
        "preface": preface,
        "index_page": index_page,
        "page_size": CSS_PAGE_SIZES.get(paper_size, "letter"),
    }
    return _render("proceedings/volume/front.html", context)


def author_index(volume: Volume) -> list[tuple[str, list[tuple[str, list[int]]]]]:
    """Each author (by surname) with the first pages of their papers, grouped by initial."""
    pages: dict[str, set[int]] = {}
    for paper in volume.papers:
        for person in paper.contributors:
            pages.setdefault(person.name, set()).add(paper.first_page)
    names = sorted(pages, key=sort_key)
    rows = [(name, sorted(pages[name])) for name in names]
    return [
        (letter, list(entries))
        for letter, entries in groupby(rows, key=lambda row: sort_key(row[0])[:1].upper() or "?")
    ]


def render_author_index(volume: Volume, *, paper_size: str) -> Rendered:
    context = {"index": author_index(volume), "page_size": CSS_PAGE_SIZES.get(paper_size, "letter")}
    return _render("proceedings/volume/index.html", context)
