import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from submissions.forms import SubmissionForm
from tests.factories.files import pdf_bytes, pdf_upload
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import SessionTypeFactory
from tests.factories.users import UserFactory
from tracks.enums import SubmissionField

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def paper_submission():
    workshop_paper = SessionTypeFactory(
        name="Workshop paper",
        requested_fields=[SubmissionField.PAPER_PDF, SubmissionField.AI_STATEMENT],
        min_pages=6,
        max_pages=8,
        page_limit_note="Excluding references; IEEE conference format.",
    )
    return SubmissionFactory(event=workshop_paper.event, session_type=workshop_paper)


def _form(submission, upload):
    data = {"version": submission.version, "title": submission.title,
            "abstract": submission.abstract, "ai_statement": "No AI."}  # fmt: skip
    return SubmissionForm(data=data, files={"paper": upload}, instance=submission)


def test_a_pdf_within_the_page_range_is_accepted(paper_submission):
    form = _form(paper_submission, pdf_upload(7))

    assert form.is_valid(), form.errors
    assert form.files_to_save["paper"][1] == 7


@pytest.mark.parametrize("pages", [5, 12])
def test_a_pdf_outside_the_page_range_is_refused_with_the_rule(paper_submission, pages):
    form = _form(paper_submission, pdf_upload(pages))

    assert form.errors["paper"] == [
        f"Your PDF has {pages} pages (no “References” or “Bibliography” heading found, so "
        "all count); workshop papers must have 6–8 pages "
        "(excluding references; IEEE conference format)."
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (PNG, "This file is not a PDF. Export your paper as PDF."),
        (b"%PDF-1.7\nthis is not really a pdf", "This PDF is damaged and cannot be read."),
    ],
)
def test_files_are_checked_by_content_not_by_name(paper_submission, content, message):
    upload = SimpleUploadedFile("paper.pdf", content, content_type="application/pdf")

    form = _form(paper_submission, upload)

    assert form.errors["paper"][0].startswith(message)


def test_an_oversized_file_is_refused_before_parsing(paper_submission):
    upload = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "application/pdf")

    form = _form(paper_submission, upload)

    assert form.errors["paper"] == ["This file is 10.0 MB; the limit is 10 MB."]


def test_a_bad_upload_keeps_the_text_and_the_saved_paper(client, paper_submission):
    client.force_login(paper_submission.created_by)
    url = reverse("submissions:edit", args=[paper_submission.event.slug, paper_submission.pk])
    client.post(url, {"version": 1, "title": "T", "abstract": "A", "paper": pdf_upload(7),
                      "save": "1"})  # fmt: skip
    paper_submission.refresh_from_db()
    saved_paper = paper_submission.paper.name

    response = client.post(url, {
        "version": paper_submission.version, "title": "New title", "abstract": "New abstract",
        "paper": pdf_upload(12), "save": "1",
    })  # fmt: skip

    html = response.content.decode()
    assert 'id="id_paper-errors"' in html
    assert 'value="New title"' in html
    paper_submission.refresh_from_db()
    assert (paper_submission.paper.name, paper_submission.paper_pages) == (saved_paper, 7)
    assert paper_submission.title == "T"


def test_the_stored_name_never_reuses_the_uploaded_name(paper_submission, client):
    client.force_login(paper_submission.created_by)
    url = reverse("submissions:edit", args=[paper_submission.event.slug, paper_submission.pk])

    upload = pdf_upload(6, name="Jane Doe - camera ready.pdf")
    client.post(url, {"version": 1, "title": "T", "abstract": "A", "paper": upload, "save": "1"})

    paper_submission.refresh_from_db()
    assert "Jane" not in paper_submission.paper.name
    assert paper_submission.revisions.last().content["paper"] == paper_submission.paper.name


def test_submitting_a_paper_type_requires_the_pdf(client, paper_submission):
    client.force_login(paper_submission.created_by)
    url = reverse("submissions:edit", args=[paper_submission.event.slug, paper_submission.pk])

    response = client.post(url, {"version": 1, "title": "T", "abstract": "A",
                                 "ai_statement": "No AI.", "submit": "1"})  # fmt: skip

    assert "Paper (PDF) is required to submit." in response.content.decode()


def test_only_people_who_may_see_the_proposal_download_the_paper(client, paper_submission):
    paper_submission.paper.save("x.pdf", SimpleUploadedFile("x.pdf", pdf_bytes(6)))
    url = reverse("submissions:paper", args=[paper_submission.event.slug, paper_submission.pk])

    client.force_login(UserFactory())
    stranger = client.get(url)
    client.force_login(paper_submission.created_by)
    author = client.get(url)

    assert stranger.status_code == 404
    assert (author.status_code, author["Content-Type"]) == (200, "application/pdf")
    assert b"".join(author.streaming_content).startswith(b"%PDF-")
