"""Page limits that leave out the references: where the references start, what is counted, what
authors and organizers are told, and the session type's setting."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from submissions.forms import SubmissionForm
from submissions.page_count import references_start
from tests.factories.files import body_page, paper_pdf
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import MembershipFactory, SessionTypeFactory
from tracks.enums import CommitteeRole, SubmissionField
from tracks.forms import SessionTypeForm

pytestmark = pytest.mark.django_db

REFERENCES = "<h2>References</h2><p>[1] A. Author. Scaling laws. 2020.</p>"
MORE_REFERENCES = "<p>[12] B. Author. Large batches. 2021.</p>"
RULE = "workshop papers must have 6–8 pages (excluding references; IEEE conference format)."


def _body(pages: int) -> list[str]:
    return [body_page(number) for number in range(1, pages + 1)]


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    """Rendered once: WeasyPrint takes about a second per document."""
    return {
        # 8 pages of text, the references on their own pages 9 and 10.
        "own page": paper_pdf(*_body(8), REFERENCES, MORE_REFERENCES),
        # The conclusion ends on page 8, the references start below it and fill pages 9–10.
        "mid-page 8": paper_pdf(
            *_body(7), body_page(8) + REFERENCES, MORE_REFERENCES, MORE_REFERENCES
        ),
        "mid-page 9": paper_pdf(*_body(8), body_page(9) + REFERENCES, MORE_REFERENCES),
        "none": paper_pdf(*_body(10)),
    }


@pytest.fixture
def workshop_paper():
    return SessionTypeFactory(
        name="Workshop paper",
        requested_fields=[SubmissionField.PAPER_PDF],
        min_pages=6,
        max_pages=8,
        page_limit_note="Excluding references; IEEE conference format.",
    )


def _form(submission, data: bytes) -> SubmissionForm:
    upload = SimpleUploadedFile("paper.pdf", data, content_type="application/pdf")
    fields = {"version": submission.version, "title": submission.title}
    return SubmissionForm(data=fields, files={"paper": upload}, instance=submission)


@pytest.mark.parametrize(
    "line",
    ["References", "REFERENCES", "7 References", "7. References", "VII. REFERENCES",
     "R EFERENCES", "  Bibliography ", "4.2 Bibliography"],
)  # fmt: skip
def test_a_references_heading_is_a_line_of_that_word_alone_maybe_numbered(line):
    assert references_start(["Intro\n", f"Text\n{line}\n[1] A.\n"]) == (2, False)


@pytest.mark.parametrize(
    "line", ["References are listed below.", "See the references", "Preferences", "Referenced"]
)
def test_text_mentioning_references_is_not_a_heading(line):
    assert references_start([f"{line}\n"]) is None


def test_the_last_heading_counts_and_a_heading_on_top_starts_its_page():
    pages = ["Contents\nReferences\n", "Body\n", "\nReferences\n[1] A.\n", "[2] B.\n"]

    assert references_start(pages) == (3, True)


@pytest.mark.parametrize(
    ("pdf", "figure"),
    [
        ("own page", "8 pages before the references on page 9, 10 in all"),
        ("mid-page 8", "8 pages up to the references (they start part-way down page 8), 10 in all"),
    ],
)
def test_an_8_page_paper_with_2_pages_of_references_is_accepted(
    pdfs, workshop_paper, pdf, figure, client
):
    submission = SubmissionFactory(event=workshop_paper.event, session_type=workshop_paper)
    form = _form(submission, pdfs[pdf])

    assert form.is_valid(), form.errors
    assert form.files_to_save["paper"][1] == 10

    submission.paper.save("p.pdf", SimpleUploadedFile("p.pdf", pdfs[pdf]), save=False)
    submission.paper_pages = 10
    submission.save()
    client.force_login(submission.created_by)
    edit = client.get(reverse("submissions:edit", args=[workshop_paper.event.slug, submission.pk]))
    assert f"your paper</a>, {figure}." in edit.content.decode()


@pytest.mark.parametrize(
    ("pdf", "figure"),
    [
        ("mid-page 9", "9 pages up to the references (they start part-way down page 9), 10 in all"),
        ("none", "10 pages (no “References” or “Bibliography” heading found, so all count)"),
    ],
)
def test_too_many_pages_before_the_references_are_refused_with_what_was_counted(
    pdfs, workshop_paper, pdf, figure
):
    submission = SubmissionFactory(event=workshop_paper.event, session_type=workshop_paper)

    form = _form(submission, pdfs[pdf])

    assert form.errors["paper"] == [f"Your PDF has {figure}; {RULE}"]


def test_a_type_whose_limit_includes_the_references_counts_every_page(pdfs, workshop_paper):
    workshop_paper.page_limit_excludes_references = False
    workshop_paper.page_limit_note = "Including references."
    workshop_paper.save()
    submission = SubmissionFactory(event=workshop_paper.event, session_type=workshop_paper)

    form = _form(submission, pdfs["own page"])

    assert form.errors["paper"] == [
        "Your PDF has 10 pages; workshop papers must have 6–8 pages (including references)."
    ]


def test_organizers_see_the_counted_figure_on_the_proposal(pdfs, workshop_paper, client):
    submission = SubmissionFactory(
        event=workshop_paper.event, session_type=workshop_paper, paper_pages=10,
        paper=SimpleUploadedFile("p.pdf", pdfs["own page"]),
    )  # fmt: skip
    organizer = MembershipFactory(event=workshop_paper.event, role=CommitteeRole.ORGANIZER).user
    client.force_login(organizer)

    page = client.get(submission.get_absolute_url()).content.decode()

    assert "Download the paper</a> — 8 pages before the references on page 9, 10 in all" in page


def test_the_paper_type_setting_defaults_on_and_organizers_edit_it(workshop_paper):
    data = {**SessionTypeForm(instance=workshop_paper).initial, "event": workshop_paper.event.pk}
    data.pop("page_limit_excludes_references")

    form = SessionTypeForm(data=data, instance=workshop_paper)

    assert workshop_paper.page_limit_excludes_references is True
    assert form.is_valid(), form.errors
    assert form.save().page_limit_excludes_references is False


def test_the_admin_session_type_page_has_the_setting(workshop_paper, admin_client):
    url = reverse("admin:tracks_sessiontype_change", args=[workshop_paper.pk])

    html = admin_client.get(url).content.decode()

    checkbox = r'<input type="checkbox" name="page_limit_excludes_references"[^>]*checked'
    assert re.search(checkbox, html)
    assert "References do not count toward the page limit" in html


def test_the_rule_says_references_do_not_count_when_the_note_does_not(workshop_paper):
    workshop_paper.page_limit_note = ""
    submission = SubmissionFactory(event=workshop_paper.event, session_type=workshop_paper)

    form = SubmissionForm(instance=submission)

    help_text = form.fields["paper"].help_text
    assert help_text == "PDF, at most 10 MB, 6–8 pages; references not counted."


def test_a_paper_whose_stored_file_is_gone_shows_its_total_instead_of_failing(
    pdfs, workshop_paper, client
):
    submission = SubmissionFactory(
        event=workshop_paper.event, session_type=workshop_paper, paper_pages=10,
        paper=SimpleUploadedFile("p.pdf", pdfs["own page"]),
    )  # fmt: skip
    submission.paper.storage.delete(submission.paper.name)
    organizer = MembershipFactory(event=workshop_paper.event, role=CommitteeRole.ORGANIZER).user
    client.force_login(organizer)

    response = client.get(submission.get_absolute_url())

    assert response.status_code == 200
    assert "Download the paper</a> — 10 pages" in response.content.decode()


def test_an_unreadable_text_is_not_remembered(workshop_paper, monkeypatch):
    from submissions import page_count

    submission = SubmissionFactory(
        event=workshop_paper.event, session_type=workshop_paper, paper_pages=10,
        paper=SimpleUploadedFile("p.pdf", b"%PDF-1.4 not really"),
    )  # fmt: skip
    calls = []
    monkeypatch.setattr(page_count, "_page_texts", lambda data: calls.append(data))

    for _ in range(2):
        count = page_count.stored_page_count(submission.paper, 10, workshop_paper)

    assert (count.text_unreadable, len(calls)) == (True, 2)
