"""The built volume, read back as a reader would: pypdf for pages, bookmarks and metadata,
pdftotext (poppler) for the printed text, pdffonts for the fonts."""

import re
import subprocess

import pytest
from pypdf import PdfReader

from proceedings.builds import run_build, start_build
from proceedings.enums import BuildStatus
from proceedings.models import BuildPaper, PaperCheck, ProceedingsBuild
from tracks.enums import CommitteeRole

from .volume_world import make_world, page_texts, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def built():
    event, papers, roles = make_world(pages=(8, 6, 7))
    build = start_build(event=event, by=roles[CommitteeRole.PROCEEDINGS_CHAIR], enqueue=False)
    assert run_build(build_id=build.pk) == BuildStatus.DONE
    build = ProceedingsBuild.objects.get(pk=build.pk)
    return build, papers, roles


def front_pages(build) -> int:
    return PdfReader(build.pdf.path).page_labels.index("1")


def test_the_volume_holds_front_matter_every_paper_page_and_the_index(built):
    build, _papers, _ = built

    reader = PdfReader(build.pdf.path)
    front = front_pages(build)

    assert len(reader.pages) == build.pages == front + 21 + 1
    assert reader.page_labels[:front] == ["i", "ii", "iii", "iv", "v"][:front]
    assert reader.page_labels[front:] == [str(n) for n in range(1, 23)]
    assert [(p.first_page, p.last_page) for p in build.papers.all()] == [(1, 8), (9, 14), (15, 21)]


def test_contents_entries_point_at_the_pages_where_the_papers_start(built):
    build, papers, _ = built
    texts = page_texts(build.pdf.path)
    front = front_pages(build)
    contents = next(text for text in texts[:front] if text.lstrip().startswith("Contents"))

    for paper in papers:
        printed = int(re.search(rf"{re.escape(paper.title)}\s+(\d+)\n", contents).group(1))
        first_page = texts[front + printed - 1]
        assert paper.title in first_page
        head = next(line for line in first_page.splitlines() if line.strip())
        assert head.rstrip().endswith(f" {printed}"), head
    assert re.search(r"Author index\s+22\n", contents)


def test_every_paper_page_carries_the_header_and_its_volume_page_number(built):
    build, _papers, _ = built
    texts = page_texts(build.pdf.path)
    front = front_pages(build)

    for number, text in enumerate(texts[front : front + 21], 1):
        lines = [line for line in text.splitlines() if line.strip()]
        expected = "pp. 1–8" if number <= 8 else "pp. 9–14" if number <= 14 else "pp. 15–21"
        assert re.fullmatch(rf"Proceedings of DLonSC 2026, {expected}\s+{number}", lines[0])


def test_the_committee_page_lists_the_public_committee_by_role(built):
    build, _, roles = built
    committee = next(text for text in page_texts(build.pdf.path) if "Committee" in text)

    for heading in ("Organizers", "Proceedings chairs", "Track chairs", "Reviewers"):
        assert heading in committee
    for user in roles.values():
        assert user.public_name in committee


def test_the_title_page_and_preface(built):
    build, _, _ = built
    text = pdf_text(build.pdf.path, 1, 5)

    assert "Edited by" in text
    assert "Jane Editor" in text
    assert "John Editor" in text
    assert "ISBN 978-1-23456-789-7" in text
    assert "Example Press" in text
    assert "Denver" in text
    assert "Welcome to the fifth workshop." in text
    assert "**" not in text


def test_the_preface_is_sanitized_markdown():
    event, _, roles = make_world(
        pages=(4,), preface="Thanks to *all*.<script>alert('preface')</script><b onclick=x>Bold</b>"
    )
    build = start_build(event=event, by=roles[CommitteeRole.ORGANIZER], enqueue=False)
    run_build(build_id=build.pk)
    build.refresh_from_db()

    preface = next(text for text in page_texts(build.pdf.path) if "Preface" in text)

    assert "Thanks to all." in preface
    assert "Bold" in preface
    assert "alert" not in preface
    assert "script" not in preface


def test_the_author_index_lists_each_author_with_the_pages_of_their_papers(built):
    build, _papers, _ = built
    index = page_texts(build.pdf.path)[-1]

    assert "Author index" in index
    assert re.search(r"Grace Hopper, 1, 9, 15", index)
    assert re.search(r"Author A Smith, 1\b", index)
    assert re.search(r"Author B Smith, 9\b", index)
    assert re.search(r"Author C Smith, 15\b", index)
    assert re.match(r"Proceedings of DLonSC 2026, author index\s+22\n", index.lstrip())


def test_bookmarks_lead_to_the_front_matter_parts_and_every_paper(built):
    build, papers, _ = built
    reader = PdfReader(build.pdf.path)
    front = front_pages(build)
    outline = reader.outline
    top = [item.title for item in outline if not isinstance(item, list)]

    assert top[:4] == ["Cover", "Title page", "Committee", "Preface"]
    assert "Contents" in top
    assert "Papers" in top
    assert top[-1] == "Author index"
    children = outline[top.index("Papers") + 1]
    assert [item.title for item in children] == [paper.title for paper in papers]
    starts = [reader.get_destination_page_number(item) - front + 1 for item in children]
    assert starts == [1, 9, 15]


def test_the_document_metadata_names_the_volume_and_its_editors(built):
    build, _, _ = built
    meta = PdfReader(build.pdf.path).metadata

    assert meta.title == "Proceedings of DLonSC 2026"
    assert meta.author == "Jane Editor, John Editor"
    assert "Deep Learning on Supercomputers" in meta.subject


def test_every_font_of_the_volume_is_embedded(built):
    build, _, _ = built
    fonts = subprocess.run(
        ["pdffonts", build.pdf.path], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]

    assert fonts
    assert all(line.split()[-5] == "yes" for line in fonts), fonts
    assert any("STAMPS+DejaVuSans" in line for line in fonts)


def test_each_paper_alone_carries_the_volume_header_and_its_page_range(built):
    build, papers, _ = built
    second = BuildPaper.objects.get(build=build, submission=papers[1])
    reader = PdfReader(second.pdf.path)
    texts = page_texts(second.pdf.path)

    assert len(reader.pages) == 6
    assert reader.page_labels == ["9", "10", "11", "12", "13", "14"]
    assert reader.metadata.title == papers[1].title
    assert papers[1].title in texts[0]
    for number, text in zip(range(9, 15), texts, strict=True):
        lines = [line for line in text.splitlines() if line.strip()]
        assert re.fullmatch(rf"Proceedings of DLonSC 2026, pp. 9–14\s+{number}", lines[0])


def test_the_build_writes_the_crossref_deposit_and_bibtex(built):
    build, _papers, _ = built
    with build.crossref_xml.open("rb") as xml_file, build.bibtex.open("rb") as bibtex_file:
        xml, bibtex = xml_file.read().decode(), bibtex_file.read().decode()

    assert xml.count("<conference_paper") == 3
    assert "<first_page>9</first_page>" in xml
    assert "<last_page>14</last_page>" in xml
    assert "10.5555/dlonsc.2026.2" in xml or "10.5555/dlonsc" in xml
    assert "@proceedings" in bibtex
    assert bibtex.count("@inproceedings") == 3
    assert "pages = {9--14}" in bibtex or "9--14" in bibtex


def test_without_a_doi_prefix_the_volume_builds_without_a_crossref_deposit():
    event, _, roles = make_world(pages=(5,), doi_prefix="")
    build = start_build(event=event, by=roles[CommitteeRole.ORGANIZER], enqueue=False)

    assert run_build(build_id=build.pk) == BuildStatus.DONE
    build.refresh_from_db()
    assert build.pdf
    assert build.bibtex
    assert not build.crossref_xml


def test_papers_follow_the_manual_order_from_the_settings():
    event, papers, roles = make_world(pages=(5, 5, 5), order="manual")
    for position, paper in zip((3, 1, 2), papers, strict=True):
        PaperCheck.objects.filter(submission=paper).update(position=position)
    build = start_build(event=event, by=roles[CommitteeRole.ORGANIZER], enqueue=False)
    run_build(build_id=build.pk)

    order = list(BuildPaper.objects.filter(build=build).values_list("submission_id", "first_page"))

    assert order == [(papers[1].pk, 1), (papers[2].pk, 6), (papers[0].pk, 11)]
