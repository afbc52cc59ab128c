import pytest
from django.urls import reverse

from proceedings import services
from proceedings.enums import PaperOrder, PaperSize
from proceedings.forms import validate_doi_pattern, validate_isbn
from proceedings.models import PaperCheck, ProceedingsSettings
from submissions.enums import DeliverableFormat
from tests.factories.deliverables import DeliverableRequirementFactory
from tests.factories.proceedings import (
    CameraReadyRequirementFactory,
    PaperFactory,
    upload_camera_ready,
)
from tests.factories.tracks import EventFactory, MembershipFactory
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db

GOOD = {
    "title": "Proceedings of DLonSC 2026",
    "editors": "Jane Editor\nJohn Editor",
    "publisher": "Example Press",
    "isbn": "978-1-23456-789-7",
    "paper_size": "a4",
    "preface": "Welcome to the **fifth** workshop.",
    "order": "track",
    "requirement": "",
    "doi_prefix": "10.5555",
    "doi_pattern": "{prefix}/dlonsc.{year}.{id}",
    "depositor_name": "Jane Editor",
    "depositor_email": "jane@example.org",
}


@pytest.fixture
def requirement():
    return CameraReadyRequirementFactory(session_type__event=EventFactory())


@pytest.fixture
def event(requirement):
    return requirement.session_type.event


@pytest.fixture
def chair_client(client, event):
    client.force_login(MembershipFactory(event=event, role=CommitteeRole.PROCEEDINGS_CHAIR).user)
    return client


def url(event):
    return reverse("proceedings:settings", args=[event.slug])


def test_the_chair_saves_the_settings(chair_client, event, requirement):
    response = chair_client.post(url(event), {**GOOD, "requirement": requirement.pk}, follow=True)

    settings = ProceedingsSettings.objects.get(event=event)
    assert "The proceedings settings are saved." in response.content.decode()
    assert settings.editor_names == ["Jane Editor", "John Editor"]
    assert (settings.paper_size, settings.order) == (PaperSize.A4, PaperOrder.TRACK)
    assert settings.requirement == requirement
    assert settings.doi_pattern == "{prefix}/dlonsc.{year}.{id}"


def test_the_form_lists_only_this_events_paper_requirements(chair_client, event, requirement):
    slides = DeliverableRequirementFactory(session_type=requirement.session_type, title="Slides")
    elsewhere = CameraReadyRequirementFactory(title="Their camera-ready")

    page = chair_client.get(url(event)).content.decode()
    response = chair_client.post(url(event), {**GOOD, "requirement": elsewhere.pk})

    assert "Camera-ready paper (Full paper)" in page
    assert slides.title not in page
    assert "Their camera-ready" not in page
    assert "Select a valid choice" in response.context["form"].errors["requirement"][0]


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("doi_pattern", "{prefix}/{event}.{volume}.{id}",
         "Unknown placeholder {volume}. Use {prefix}, {event}, {year}, {id}."),
        ("doi_pattern", "{prefix}/{event}.{year}.{number}",
         "Remove {number}: a paper's place in the volume changes when papers are added or "
         "reordered, but a DOI is permanent."),
        ("doi_pattern", "{prefix}/{event}.{year}", "Include {id} so that every paper gets"),
        ("doi_pattern", "10.5555/{id}", "begin the pattern with {prefix}/."),
        ("doi_pattern", "{prefix}/{id", "A brace is not closed or not opened"),
        ("doi_pattern", "{prefix}/{id:03}", "without : or !"),
        ("doi_pattern", "{prefix}/paper #{id}", "Use only letters, digits"),
        ("doi_prefix", "10.55", "A DOI prefix looks like 10.1234."),
        ("isbn", "978-1-23456-789-0", "check digit is wrong"),
        ("isbn", "12345", "An ISBN has 13 digits"),
        ("depositor_email", "", "Crossref needs the depositor's name and email"),
        ("title", "Two\nlines", "This field is a single line: remove the line break."),
        ("paper_size", "legal", "Select a valid choice"),
    ],
)  # fmt: skip
def test_bad_input_is_an_error_next_to_its_field_and_nothing_is_lost(
    chair_client, event, field, value, error
):
    data = {**GOOD, field: value}

    response = chair_client.post(url(event), data)

    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert error in form.errors[field][0]
    page = response.content.decode()
    assert f'id="id_{field}-errors"' in page
    assert "Nothing was saved" in page
    assert "Welcome to the **fifth** workshop." in page  # what was typed is still there
    assert not ProceedingsSettings.objects.filter(event=event, publisher="Example Press").exists()


def test_no_doi_prefix_needs_no_depositor(chair_client, event):
    data = {**GOOD, "doi_prefix": "", "depositor_name": "", "depositor_email": ""}

    response = chair_client.post(url(event), data)

    assert response.status_code == 302


def test_a_new_paper_size_checks_every_paper_again(
    chair_client, event, requirement, django_capture_on_commit_callbacks
):
    paper = PaperFactory(event=event, session_type=requirement.session_type)
    upload_camera_ready(paper, requirement)
    services.refresh_paper_check(submission=paper)
    assert PaperCheck.objects.get(submission=paper).passed

    with django_capture_on_commit_callbacks(execute=True):
        response = chair_client.post(url(event), GOOD, follow=True)

    assert "Every camera-ready paper is being checked again." in response.content.decode()
    assert "printed on A4" in PaperCheck.objects.get(submission=paper).problems[0]


@pytest.mark.parametrize(
    "pattern", ["{prefix}/{event}.{year}.{id}", "{prefix}/conf-{id}", "{prefix}/a(b);{id}"]
)
def test_good_doi_patterns(pattern):
    validate_doi_pattern(pattern)


@pytest.mark.parametrize("isbn", ["978-1-23456-789-7", "9781234567897", "0-306-40615-2"])
def test_good_isbns(isbn):
    validate_isbn(isbn)


def test_paper_requirements_of_other_formats_are_not_offered(chair_client, event, requirement):
    DeliverableRequirementFactory(
        session_type=requirement.session_type, title="Poster PDF", format=DeliverableFormat.PDF
    )

    assert "Poster PDF" not in chair_client.get(url(event)).content.decode()
