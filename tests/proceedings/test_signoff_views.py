import pytest
from django.core.signals import request_finished
from django.db import close_old_connections
from django.urls import reverse

from proceedings import services
from proceedings.enums import PaperOrder, SignOff
from proceedings.models import PaperCheck
from tests.factories.pdfs import encrypted_pdf, make_pdf, unembedded_font_pdf
from tests.factories.proceedings import (
    CameraReadyRequirementFactory,
    PaperFactory,
    ProceedingsSettingsFactory,
    add_coauthor,
    upload_camera_ready,
)
from tests.factories.tracks import EventFactory, MembershipFactory, TrackFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def requirement():
    return CameraReadyRequirementFactory(session_type__event=EventFactory(slug="dlonsc"))


@pytest.fixture
def event(requirement):
    return requirement.session_type.event


def member(event, role, **kwargs):
    return MembershipFactory(event=event, role=role, **kwargs).user


@pytest.fixture
def proceedings_chair(event):
    return member(event, CommitteeRole.PROCEEDINGS_CHAIR)


def paper(requirement, data=None, *, checked=True, **kwargs):
    event = requirement.session_type.event
    made = PaperFactory(event=event, session_type=requirement.session_type, **kwargs)
    upload_camera_ready(made, requirement, data)
    if checked:
        services.refresh_paper_check(submission=made)
    return made


def close_file(response) -> None:
    """Close a response's file as a server would, keeping the test's database connection (the
    test client, too, disconnects close_old_connections around its requests)."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def papers_url(event):
    return reverse("proceedings:papers", args=[event.slug])


def settings_url(event):
    return reverse("proceedings:settings", args=[event.slug])


def test_who_reaches_the_proceedings_pages(client, requirement, event, proceedings_chair):
    written = paper(requirement)
    other_event_chair = member(EventFactory(), CommitteeRole.PROCEEDINGS_CHAIR)
    track = TrackFactory(event=event)
    people = {
        "author": written.created_by,
        "reviewer": member(event, CommitteeRole.REVIEWER),
        "track chair": member(event, CommitteeRole.TRACK_CHAIR, tracks=[track]),
        "other event's proceedings chair": other_event_chair,
        "proceedings chair": proceedings_chair,
        "organizer": member(event, CommitteeRole.ORGANIZER),
    }
    urls = [
        papers_url(event),
        settings_url(event),
        reverse("proceedings:paper-file", args=[event.slug, written.pk]),
    ]
    answers = {}
    for who, user in people.items():
        client.force_login(user)
        answers[who] = []
        for url in urls:
            response = client.get(url)
            close_file(response)
            answers[who].append(response.status_code)
        answers[who].append(
            client.post(papers_url(event), {"paper": written.pk, "action": "approve"}).status_code
        )

    expected_outsider = [404, 404, 404, 404]
    assert answers == {
        "author": expected_outsider,
        "reviewer": expected_outsider,
        "track chair": expected_outsider,
        "other event's proceedings chair": expected_outsider,
        "proceedings chair": [200, 200, 200, 302],
        "organizer": [200, 200, 200, 302],
    }
    client.logout()
    assert client.get(papers_url(event)).url.startswith(reverse("account_login"))


def test_the_chair_alone_sees_only_the_proceedings_tabs(client, event, proceedings_chair):
    client.force_login(proceedings_chair)

    page = client.get(papers_url(event)).content.decode()

    assert reverse("proceedings:settings", args=[event.slug]) in page
    assert f'href="{reverse("tracks:manage-settings", args=[event.slug])}"' not in page
    assert reverse("reviews:manage-conflicts", args=[event.slug]) not in page


def test_the_list_shows_each_papers_findings(client, requirement, event, proceedings_chair):
    good = paper(requirement, title="Good paper")
    add_coauthor(good, name="Grace Hopper")
    paper(requirement, unembedded_font_pdf(8), title="Bare fonts")
    paper(requirement, make_pdf(8, size="a4"), title="On A4")
    paper(requirement, encrypted_pdf(), title="Locked")
    paper(requirement, make_pdf(8), title="Fresh upload", checked=False)
    missing = PaperFactory(event=event, session_type=requirement.session_type, title="Late one")
    client.force_login(proceedings_chair)

    page = client.get(papers_url(event)).content.decode()

    assert "Grace Hopper" in page
    assert "A font is not embedded: Helvetica (used on every page)." in page
    assert "Every page is A4 (210 × 297 mm)" in page
    assert "The PDF is encrypted" in page
    assert "Being checked" in page
    assert "Camera-ready not uploaded (1)" in page
    assert missing.created_by.public_name in page
    assert page.count('value="approve"') == 1  # only the good paper may be approved


def test_the_filter_by_state(client, requirement, event, proceedings_chair):
    paper(requirement, title="Good paper")
    paper(requirement, unembedded_font_pdf(8), title="Bare fonts")
    client.force_login(proceedings_chair)

    problems = client.get(papers_url(event), {"state": "problems"}).content.decode()
    approved = client.get(papers_url(event), {"state": "approved"}).content.decode()

    assert "Bare fonts" in problems
    assert "Good paper" not in problems
    assert "No paper in “approved”." in approved


def test_approve_and_request_changes_from_the_list(
    client, requirement, event, proceedings_chair, mailoutbox, django_capture_on_commit_callbacks
):
    good = paper(requirement)
    bad = paper(requirement, unembedded_font_pdf(8))
    client.force_login(proceedings_chair)

    approved = client.post(papers_url(event), {"paper": good.pk, "action": "approve"}, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(papers_url(event), {"paper": bad.pk, "action": "changes",
                                        f"{bad.pk}-note": "Embed the fonts, please."})  # fmt: skip

    assert "is approved for the proceedings" in approved.content.decode()
    assert PaperCheck.objects.get(submission=good).sign_off == SignOff.APPROVED
    assert PaperCheck.objects.get(submission=bad).sign_off == SignOff.CHANGES_REQUESTED
    assert [m.to for m in mailoutbox] == [[bad.created_by.email]]


def test_approving_a_failing_paper_says_why(client, requirement, event, proceedings_chair):
    bad = paper(requirement, unembedded_font_pdf(8))
    client.force_login(proceedings_chair)

    response = client.post(papers_url(event), {"paper": bad.pk, "action": "approve"}, follow=True)

    assert "Only papers that pass every check can be approved" in response.content.decode()
    assert PaperCheck.objects.get(submission=bad).sign_off == SignOff.PENDING


def test_an_empty_note_is_an_error_next_to_the_field(
    client, requirement, event, proceedings_chair, mailoutbox
):
    bad = paper(requirement, unembedded_font_pdf(8))
    client.force_login(proceedings_chair)

    response = client.post(papers_url(event), {"paper": bad.pk, "action": "changes",
                                               f"{bad.pk}-note": "  "})  # fmt: skip

    assert response.status_code == 200
    assert f'id="id_{bad.pk}-note-errors"' in response.content.decode()
    assert '<details class="mt-2" open>' in response.content.decode()
    assert mailoutbox == []


def test_a_paper_of_another_event_is_not_found(client, requirement, event, proceedings_chair):
    elsewhere = paper(CameraReadyRequirementFactory())
    client.force_login(proceedings_chair)

    response = client.post(papers_url(event), {"paper": elsewhere.pk, "action": "approve"})

    assert response.status_code == 404


def test_check_again_and_check_all(
    client, requirement, event, proceedings_chair, django_capture_on_commit_callbacks
):
    fresh = paper(requirement, checked=False)
    client.force_login(proceedings_chair)

    client.post(papers_url(event), {"paper": fresh.pk, "action": "recheck"})
    assert PaperCheck.objects.get(submission=fresh).passed
    PaperCheck.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("proceedings:papers-check-all", args=[event.slug]), follow=True
        )

    assert "1 camera-ready paper is being checked again" in response.content.decode()
    assert PaperCheck.objects.get(submission=fresh).passed


def test_manual_order_buttons(client, requirement, event, proceedings_chair):
    ProceedingsSettingsFactory(event=event, order=PaperOrder.MANUAL)
    first, second = paper(requirement, title="A first"), paper(requirement, title="B second")
    client.force_login(proceedings_chair)

    client.post(papers_url(event), {"paper": second.pk, "action": "up"})
    page = client.get(papers_url(event)).content.decode()

    assert page.index("B second") < page.index("A first")
    assert first.pk != second.pk


def test_the_papers_page_makes_a_constant_number_of_queries(
    client, requirement, event, proceedings_chair, django_assert_max_num_queries
):
    client.force_login(proceedings_chair)
    for count in (2, 10):
        while PaperCheck.objects.count() < count:
            made = paper(requirement, speakers=[UserFactory()])
            add_coauthor(made)
            services.approve_paper(submission=made, by=proceedings_chair)
        with django_assert_max_num_queries(16):
            response = client.get(papers_url(event))
        assert response.content.decode().count('data-state="approved"') == count


def test_the_chair_downloads_the_camera_ready(client, requirement, event, proceedings_chair):
    written = paper(requirement)
    client.force_login(proceedings_chair)

    response = client.get(reverse("proceedings:paper-file", args=[event.slug, written.pk]))

    content = b"".join(response.streaming_content)
    close_file(response)
    assert response["Content-Type"] == "application/pdf"
    assert content.startswith(b"%PDF-")


def test_the_speakers_see_the_checks_on_their_proposal_page(client, requirement, proceedings_chair):
    bad = paper(requirement, unembedded_font_pdf(8))
    client.force_login(bad.created_by)

    before = client.get(bad.get_absolute_url()).content.decode()
    services.request_changes(submission=bad, by=proceedings_chair, note="Embed the fonts.")
    after = client.get(bad.get_absolute_url()).content.decode()

    assert "Camera-ready checks" in before
    assert "A font is not embedded: Helvetica" in before
    assert "The proceedings chair asks for changes" in after
    assert "“Embed the fonts.”" in after


def test_the_speakers_see_an_approval(client, requirement, proceedings_chair):
    good = paper(requirement)
    services.approve_paper(submission=good, by=proceedings_chair)
    client.force_login(good.created_by)

    page = client.get(good.get_absolute_url()).content.decode()

    assert "Approved for the proceedings." in page
