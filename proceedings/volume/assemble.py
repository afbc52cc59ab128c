"""Merging: the front matter, then each paper (opened, stamped, written as its own PDF, appended
to the volume and closed before the next one), then the author index; bookmarks, page labels and
the document's metadata last."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem

from ..layout import PaperEntry, Volume
from .frontmatter import Rendered
from .sources import PaperSource, check_paper, open_paper
from .stamp import Stamp, add_font, stamp_font, stamp_page
from .text import page_range


class Cancelled(Exception):
    """Someone asked the build to stop; it stops between two papers."""


@dataclass(frozen=True)
class VolumeFiles:
    pdf: Path
    pages: int  # every page of the file, front matter included
    papers: dict[int, Path]  # submission id -> its own stamped PDF


def count_pages(sources: Sequence[PaperSource], *, between: Callable[[], None]) -> list[int]:
    """Each paper's page count, reading (and checking) one PDF at a time."""
    counts = []
    for source in sources:
        between()
        with open_paper(source) as pdf:
            counts.append(check_paper(source, pdf))
    return counts


def _characters(volume: Volume) -> str:
    return volume.title + ", author index"


def _paper_stamp(volume: Volume, paper: PaperEntry, page: int) -> Stamp:
    return Stamp(volume.title, page_range(paper.first_page, paper.last_page), str(page))


def write_paper(
    source: PaperSource, paper: PaperEntry, volume: Volume, src: pikepdf.Pdf, out: Path
) -> None:
    """The paper alone, stamped exactly as in the volume, its pages labelled from its first."""
    font = stamp_font(_characters(volume))
    with pikepdf.new() as pdf:
        ref = add_font(pdf, font)
        pdf.pages.extend(src.pages)
        for offset, page in enumerate(pdf.pages):
            stamp_page(
                page,
                _paper_stamp(volume, paper, paper.first_page + offset),
                font=font,
                font_ref=ref,
            )
        pdf.Root.PageLabels = Dictionary(Nums=Array([0, Dictionary(S=Name.D, St=paper.first_page)]))
        _metadata(
            pdf,
            xmp=False,
            title=paper.title,
            author=", ".join(person.name for person in paper.contributors),
            subject=f"{volume.title}, {page_range(paper.first_page, paper.last_page)}",
        )
        pdf.save(out)


def write_volume(
    *,
    volume: Volume,
    sources: Sequence[PaperSource],
    front: Rendered,
    index: Rendered,
    out_dir: Path,
    progress: Callable[[int], None],
) -> VolumeFiles:
    """The volume and each paper's own PDF in ``out_dir``; ``progress(done)`` after each paper
    (it raises Cancelled to stop)."""
    font = stamp_font(_characters(volume))
    papers_dir = out_dir / "papers"
    papers_dir.mkdir(parents=True, exist_ok=True)
    paper_files: dict[int, Path] = {}
    with pikepdf.new() as pdf, pikepdf.open(_bytes(front.data)) as front_pdf:
        ref = add_font(pdf, font)
        pdf.pages.extend(front_pdf.pages)
        for done, (source, paper) in enumerate(zip(sources, volume.papers, strict=True), 1):
            with open_paper(source) as src:
                paper_files[source.submission_id] = papers_dir / f"{paper.number:04d}.pdf"
                write_paper(source, paper, volume, src, paper_files[source.submission_id])
                start = len(pdf.pages)
                pdf.pages.extend(src.pages)
                for offset, page in enumerate(pdf.pages[start:]):
                    stamp = _paper_stamp(volume, paper, paper.first_page + offset)
                    stamp_page(page, stamp, font=font, font_ref=ref)
            progress(done)
        index_start = len(pdf.pages)
        with pikepdf.open(_bytes(index.data)) as index_pdf:
            pdf.pages.extend(index_pdf.pages)
            first_index_page = _next_page(volume)
            for offset, page in enumerate(pdf.pages[index_start:]):
                stamp = Stamp(volume.title, "author index", str(first_index_page + offset))
                stamp_page(page, stamp, font=font, font_ref=ref)
            _outline(pdf, volume, front, index_start)
            pdf.Root.PageLabels = Dictionary(
                Nums=Array([0, Dictionary(S=Name.r), front.pages, Dictionary(S=Name.D)])
            )
            _metadata(
                pdf,
                title=volume.title,
                author=", ".join(volume.editors),
                subject=f"{volume.event_name}, {volume.venue}".rstrip(", "),
            )
            path = out_dir / "volume.pdf"
            pdf.save(path)
            pages = len(pdf.pages)
    return VolumeFiles(pdf=path, pages=pages, papers=paper_files)


def _next_page(volume: Volume) -> int:
    return volume.papers[-1].last_page + 1 if volume.papers else 1


def _bytes(data: bytes):
    import io

    return io.BytesIO(data)


def _outline(pdf: pikepdf.Pdf, volume: Volume, front: Rendered, index_start: int) -> None:
    with pdf.open_outline() as outline:
        for title, page in front.headings:
            outline.root.append(OutlineItem(title, page))
        papers = OutlineItem("Papers", front.pages)
        for paper in volume.papers:
            papers.children.append(OutlineItem(paper.title, front.pages + paper.first_page - 1))
        outline.root.append(papers)
        outline.root.append(OutlineItem("Author index", index_start))


def _metadata(pdf: pikepdf.Pdf, *, title: str, author: str, subject: str, xmp=True) -> None:
    pdf.docinfo[Name.Title] = title
    pdf.docinfo[Name.Author] = author
    pdf.docinfo[Name.Subject] = subject
    pdf.docinfo[Name.Creator] = "conf_portal"
    if xmp:  # the volume's XMP too; a paper's document information is enough
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta.load_from_docinfo(pdf.docinfo)
