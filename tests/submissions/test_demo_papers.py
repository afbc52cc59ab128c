"""The DLonSC demo papers come with PDFs reviewers can read, stored like an author's upload."""

import io
import re
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from reviews.models import ReviewAssignment
from submissions.demo_paper_pdf import cache_dir
from submissions.demo_papers import PAPERS, load_demo_papers
from submissions.models import Revision, Submission
from tracks.demo import load_demo

pytestmark = pytest.mark.django_db

REFERENCES_HEADING = re.compile(r"^\s*References\s*$", re.MULTILINE)


def pdftotext(data: bytes, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-", "-"],
        input=data, capture_output=True, check=True,
    ).stdout.decode()  # fmt: skip


def _demo_papers():
    return Submission.objects.filter(
        event__slug="dlonsc-2020", title__in=[paper[0] for paper in PAPERS]
    ).order_by("pk")


def test_every_demo_paper_has_a_readable_pdf_naming_its_title_with_references_last():
    call_command("load_demo", stdout=StringIO())

    papers = list(_demo_papers())

    assert len(papers) == len(PAPERS) == 14
    for paper in papers:
        with paper.paper.open("rb") as stored:
            data = stored.read()
        pages = len(PdfReader(io.BytesIO(data)).pages)
        texts = [pdftotext(data, number) for number in range(1, pages + 1)]
        first_page = " ".join(texts[0].split())
        assert " ".join(paper.title.split()) in first_page, paper.title
        assert paper.created_by.name in first_page
        assert paper.paper_pages == pages  # recorded by the upload's checks
        assert paper.paper.name.startswith(f"papers/{paper.event_id}/")  # as uploads are
        starts = [n for n, text in enumerate(texts, start=1) if REFERENCES_HEADING.search(text)]
        assert starts == [pages], paper.title  # the references close the paper
        assert 6 <= starts[0] - 1 <= 8  # pages of content before the references' page
        assert pages <= 8  # within the call's limit even when references are counted


def test_an_assigned_demo_reviewer_opens_the_paper(client):
    call_command("load_demo", stdout=StringIO())
    assignment = ReviewAssignment.objects.filter(submission__in=_demo_papers()).first()
    paper = assignment.submission
    client.force_login(assignment.reviewer)

    response = client.get(reverse("reviews:committee-paper", args=[paper.event.slug, paper.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content) if response.streaming else response.content
    assert " ".join(paper.title.split()) in " ".join(pdftotext(data, 1).split())


def test_a_demo_paper_revision_records_its_pdf():
    call_command("load_demo", stdout=StringIO())
    paper = _demo_papers().first()

    revision = Revision.objects.get(submission=paper)

    assert revision.content["paper"] == paper.paper.name


def test_demo_pdfs_come_from_the_cache_once_rendered(monkeypatch):
    load_demo()
    load_demo_papers()  # renders what the cache lacks
    Submission.objects.filter(event__slug="dlonsc-2020").delete()
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # importing it now fails

    papers = load_demo_papers()

    assert len(papers) == 14
    assert all(paper.paper_pages for paper in papers)
    assert len(list(cache_dir().glob("*.pdf"))) >= 14


def test_papers_loaded_before_they_had_pdfs_get_one_and_a_new_version():
    load_demo()
    load_demo_papers()
    paper = _demo_papers().first()
    Submission.objects.filter(pk=paper.pk).update(paper="", paper_pages=None)

    load_demo_papers()

    paper.refresh_from_db()
    assert paper.paper_pages >= 7
    assert paper.version == 2
    assert Revision.objects.get(submission=paper, version=2).content["paper"] == paper.paper.name
