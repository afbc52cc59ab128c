from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from submissions.enums import DeliverableFormat, SubmissionState
from submissions.models import Deliverable, DeliverableRequirement
from submissions.services.deliverables import (
    DeliverableStatus,
    check_deliverable_file,
    deliverable_items,
    deliverables_next_step,
    save_deliverable,
)
from tests.factories.deliverables import DeliverableFactory, DeliverableRequirementFactory
from tests.factories.files import pdf_upload
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import (
    DeadlineFactory,
    EventFactory,
    MembershipFactory,
    SessionTypeFactory,
    TrackFactory,
)
from tests.factories.users import UserFactory
from tracks.demo import PAPER_FIELDS
from tracks.enums import AOE, CommitteeRole, DeadlineKind
from tracks.timezones import end_of_day

pytestmark = pytest.mark.django_db
S = SubmissionState
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
TWELVE_PAGES = (
    "Your PDF has 12 pages (no “References” or “Bibliography” heading found, so all "
    "count); workshop papers must have 6–8 pages "
    "(excluding references; IEEE conference format)."
)


@pytest.fixture
def camera_ready_day():
    return timezone.now().date() + timedelta(days=20)


@pytest.fixture
def camera_ready(camera_ready_day):
    """A DLonSC-like workshop: 6–8 page papers, camera-ready due at the end of a day AoE."""
    event = EventFactory(name="DLonSC", time_zone="America/New_York")
    paper = SessionTypeFactory(
        event=event, name="Workshop paper", requested_fields=PAPER_FIELDS, min_pages=6,
        max_pages=8, page_limit_note="Excluding references; IEEE conference format.",
    )  # fmt: skip
    DeadlineFactory(
        event=event, kind=DeadlineKind.CAMERA_READY, label="Camera ready", time_zone=AOE,
        due=end_of_day(camera_ready_day, AOE),
    )  # fmt: skip
    return DeliverableRequirementFactory(
        session_type=paper, title="Camera-ready paper", format=DeliverableFormat.PAPER_PDF,
        deadline_kind=DeadlineKind.CAMERA_READY,
    )  # fmt: skip


@pytest.fixture
def accepted(camera_ready):
    paper = camera_ready.session_type
    return SubmissionFactory(event=paper.event, session_type=paper, state=S.ACCEPTED)


def _organizer(event):
    return MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user


def _page_url(submission):
    return reverse("submissions:deliverables", args=[submission.event.slug, submission.pk])


def _file_url(submission, requirement):
    return reverse(
        "submissions:deliverable-file", args=[submission.event.slug, submission.pk, requirement.pk]
    )


def _manage_url(event):
    return reverse("submissions:manage-deliverables", args=[event.slug])


def _post_file(client, submission, requirement, upload):
    return client.post(
        _page_url(submission),
        {"requirement": requirement.pk, f"requirement-{requirement.pk}-file": upload},
    )


def _due_text(day: date) -> str:
    return f"{day:%b} {day.day}, {day.year} AoE"


# --- what is due, by when ----------------------------------------------------------------------


def test_each_type_gets_its_most_specific_deadline():
    event = EventFactory()
    talk, tutorial = SessionTypeFactory(event=event), SessionTypeFactory(event=event)
    everyone = DeadlineFactory(event=event, kind=DeadlineKind.MATERIALS_DUE)
    tutorials = DeadlineFactory(
        event=event, kind=DeadlineKind.MATERIALS_DUE, session_type=tutorial,
        due=everyone.due + timedelta(days=7),
    )  # fmt: skip
    slides = DeliverableRequirementFactory(session_type=talk)
    materials = DeliverableRequirementFactory(session_type=tutorial)
    paper = DeliverableRequirementFactory(
        session_type=tutorial, deadline_kind=DeadlineKind.CAMERA_READY
    )
    talk_proposal = SubmissionFactory(event=event, session_type=talk, state=S.ACCEPTED)
    tutorial_proposal = SubmissionFactory(event=event, session_type=tutorial, state=S.CONFIRMED)

    talk_items = deliverable_items(talk_proposal)
    tutorial_items = deliverable_items(tutorial_proposal)

    assert [(i.requirement, i.deadline) for i in talk_items] == [(slides, everyone)]
    assert [(i.requirement, i.deadline) for i in tutorial_items] == [
        (materials, tutorials),
        (paper, None),
    ]


def test_a_deadline_for_the_track_beats_the_event_wide_one():
    event = EventFactory()
    hpc = TrackFactory(event=event)
    requirement = DeliverableRequirementFactory(session_type=SessionTypeFactory(event=event))
    DeadlineFactory(event=event, kind=DeadlineKind.MATERIALS_DUE)
    for_hpc = DeadlineFactory(event=event, kind=DeadlineKind.MATERIALS_DUE, track=hpc)
    submission = SubmissionFactory(
        event=event, track=hpc, session_type=requirement.session_type, state=S.ACCEPTED
    )

    [item] = deliverable_items(submission)

    assert item.deadline == for_hpc


def test_status_is_missing_then_delivered_then_late(accepted, camera_ready):
    [missing] = deliverable_items(accepted)
    deliverable = DeliverableFactory(submission=accepted, requirement=camera_ready)
    [delivered] = deliverable_items(accepted)
    Deliverable.objects.filter(pk=deliverable.pk).update(
        updated_at=delivered.due + timedelta(minutes=1)
    )
    [late] = deliverable_items(accepted)

    assert [missing.status, delivered.status, late.status] == [
        DeliverableStatus.MISSING, DeliverableStatus.DELIVERED, DeliverableStatus.LATE,
    ]  # fmt: skip


def test_a_missing_required_item_is_overdue_after_its_deadline(accepted):
    [item] = deliverable_items(accepted, now=timezone.now() + timedelta(days=30))

    assert (item.is_open, item.is_overdue) == (False, True)


# --- saving ------------------------------------------------------------------------------------


def test_a_speaker_hands_in_the_camera_ready_under_a_random_name(accepted, camera_ready):
    upload = pdf_upload(8, name="Jane Doe - camera ready.pdf")

    deliverable = save_deliverable(
        submission=accepted, requirement=camera_ready, by=accepted.created_by, file=upload
    )

    deliverable.refresh_from_db()
    assert (deliverable.pages, deliverable.updated_by) == (8, accepted.created_by)
    assert deliverable.file.name.startswith(f"deliverables/{accepted.event_id}/")
    assert "Jane" not in deliverable.file.name
    assert deliverable.file.name.endswith(".pdf")


def test_a_new_upload_replaces_the_old_file(
    accepted, camera_ready, django_capture_on_commit_callbacks
):
    speaker = accepted.created_by
    first = save_deliverable(
        submission=accepted, requirement=camera_ready, by=speaker, file=pdf_upload(6)
    )
    old_name, storage = first.file.name, first.file.storage

    with django_capture_on_commit_callbacks(execute=True):
        second = save_deliverable(
            submission=accepted, requirement=camera_ready, by=speaker, file=pdf_upload(7)
        )

    assert Deliverable.objects.get().pk == first.pk
    assert (second.pages, second.file.name != old_name) == (7, True)
    assert (storage.exists(old_name), storage.exists(second.file.name)) == (False, True)


@pytest.mark.parametrize("state", [S.DRAFT, S.SUBMITTED, S.REJECTED, S.WITHDRAWN, S.DECLINED])
def test_only_accepted_or_confirmed_proposals_deliver(accepted, camera_ready, state):
    accepted.state = state
    accepted.save()

    with pytest.raises(ValidationError, match="Only accepted proposals hand in deliverables"):
        save_deliverable(
            submission=accepted, requirement=camera_ready, by=accepted.created_by,
            file=pdf_upload(7),
        )  # fmt: skip

    assert not Deliverable.objects.exists()


def test_a_confirmed_proposal_delivers(accepted, camera_ready):
    accepted.state = S.CONFIRMED
    accepted.save()

    save_deliverable(
        submission=accepted, requirement=camera_ready, by=accepted.created_by, file=pdf_upload(7)
    )

    assert Deliverable.objects.get().pages == 7


def test_after_the_deadline_only_organizers_deliver(accepted, camera_ready, camera_ready_day):
    later = timezone.now() + timedelta(days=30)
    organizer = _organizer(accepted.event)

    with pytest.raises(ValidationError) as refused:
        save_deliverable(
            submission=accepted, requirement=camera_ready, by=accepted.created_by,
            file=pdf_upload(7), now=later,
        )  # fmt: skip
    save_deliverable(
        submission=accepted, requirement=camera_ready, by=organizer, file=pdf_upload(7), now=later
    )

    assert refused.value.messages == [
        f"The camera-ready paper was due {_due_text(camera_ready_day)}. "
        "Please contact the organizers."
    ]
    assert Deliverable.objects.get().updated_by == organizer


def test_a_requirement_of_another_session_type_is_refused(accepted):
    slides = DeliverableRequirementFactory(session_type=SessionTypeFactory(event=accepted.event))

    with pytest.raises(ValidationError, match="not asked of this proposal"):
        save_deliverable(
            submission=accepted, requirement=slides, by=accepted.created_by, file=pdf_upload(3)
        )


def test_text_and_link_requirements_store_their_value(accepted):
    paper = accepted.session_type
    install = DeliverableRequirementFactory(session_type=paper, format=DeliverableFormat.TEXT)
    repo = DeliverableRequirementFactory(session_type=paper, format=DeliverableFormat.LINK)
    speaker = accepted.created_by

    save_deliverable(submission=accepted, requirement=install, by=speaker, text="`pixi install`")
    save_deliverable(submission=accepted, requirement=repo, by=speaker, link="https://x.org/a")
    with pytest.raises(ValidationError) as empty:
        save_deliverable(submission=accepted, requirement=install, by=speaker, text="  ")
    with pytest.raises(ValidationError) as bad_link:
        save_deliverable(submission=accepted, requirement=repo, by=speaker, link="javascript:x")

    assert accepted.deliverables.get(requirement=install).text == "`pixi install`"
    assert accepted.deliverables.get(requirement=repo).link == "https://x.org/a"
    assert list(empty.value.message_dict) == ["text"]
    assert list(bad_link.value.message_dict) == ["link"]


# --- files are checked by size and content -----------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (PNG, "This file is not a PDF. Export your paper as PDF."),
        (b"%PDF-1.7\nthis is not really a pdf", "This PDF is damaged and cannot be read."),
    ],
)
def test_the_camera_ready_is_checked_by_content_not_by_name(camera_ready, content, message):
    upload = SimpleUploadedFile("paper.pdf", content, content_type="application/pdf")

    with pytest.raises(ValidationError) as refused:
        check_deliverable_file(camera_ready, upload)

    assert refused.value.messages[0].startswith(message)


def test_a_renamed_image_is_not_taken_for_slides():
    slides = DeliverableRequirementFactory(title="Slides", format=DeliverableFormat.PDF)

    with pytest.raises(ValidationError) as refused:
        check_deliverable_file(slides, SimpleUploadedFile("slides.pdf", PNG))

    assert refused.value.messages == [
        "This file is not a PDF. Save or export it as PDF, then upload it again."
    ]


def test_a_camera_ready_over_10_mb_is_refused(camera_ready):
    upload = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))

    with pytest.raises(ValidationError) as refused:
        check_deliverable_file(camera_ready, upload)

    assert refused.value.messages == ["This file is 10.0 MB; the limit is 10 MB."]


def test_slides_may_be_up_to_16_mb():
    slides = DeliverableRequirementFactory(title="Slides", format=DeliverableFormat.PDF)
    twelve_mb = pdf_upload(30)
    twelve_mb.size = 12 * 1024 * 1024
    upload = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (16 * 1024 * 1024))

    pages = check_deliverable_file(slides, twelve_mb)
    with pytest.raises(ValidationError) as refused:
        check_deliverable_file(slides, upload)

    assert pages == 30
    assert refused.value.messages == ["This file is 16.0 MB; the limit is 16 MB."]


# --- next step ---------------------------------------------------------------------------------


def test_next_step_names_what_is_due_and_when(accepted, camera_ready_day):
    assert deliverables_next_step(accepted) == (
        f"Please hand in the camera-ready paper by {_due_text(camera_ready_day)}."
    )


def test_next_step_lists_several_items_due_together():
    event = EventFactory(time_zone="America/Los_Angeles")
    tutorial = SessionTypeFactory(event=event)
    DeadlineFactory(event=event, kind=DeadlineKind.MATERIALS_DUE,
                    due=end_of_day(date(2099, 6, 11), "America/Los_Angeles"))  # fmt: skip
    for title in ("Tutorial materials", "Installation instructions", "Test script"):
        DeliverableRequirementFactory(session_type=tutorial, title=title)
    DeliverableRequirementFactory(session_type=tutorial, title="Slides", required=False)
    submission = SubmissionFactory(event=event, session_type=tutorial, state=S.CONFIRMED)

    assert deliverables_next_step(submission) == (
        "Please hand in the tutorial materials, installation instructions and test script "
        "by Jun 11, 2099 PDT."
    )


def test_next_step_is_none_once_delivered_or_when_not_accepted(accepted, camera_ready):
    draft = SubmissionFactory(event=accepted.event, session_type=accepted.session_type)
    DeliverableFactory(submission=accepted, requirement=camera_ready)

    assert (deliverables_next_step(accepted), deliverables_next_step(draft)) == (None, None)


def test_next_step_says_when_something_is_overdue(accepted):
    later = timezone.now() + timedelta(days=30)

    assert deliverables_next_step(accepted, later) == (
        "Camera-ready paper is overdue: please contact the organizers."
    )


# --- the speakers' page ------------------------------------------------------------------------


def test_the_page_shows_the_due_date_in_its_zone(client, accepted, camera_ready_day):
    client.force_login(accepted.created_by)

    html = client.get(_page_url(accepted)).content.decode()

    assert _due_text(camera_ready_day) in html
    assert "Not yet delivered" in html
    assert "6–8 pages; excluding references" in html


def test_a_twelve_page_camera_ready_is_refused_next_to_the_field(client, accepted, camera_ready):
    notes = DeliverableRequirementFactory(
        session_type=accepted.session_type, format=DeliverableFormat.TEXT
    )
    DeliverableFactory(submission=accepted, requirement=notes, link="", text="Kept.")
    client.force_login(accepted.created_by)

    response = _post_file(client, accepted, camera_ready, pdf_upload(12))

    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_requirement-{camera_ready.pk}-file-errors"' in html
    assert TWELVE_PAGES in html
    assert list(accepted.deliverables.values_list("requirement", "text")) == [(notes.pk, "Kept.")]


def test_an_eight_page_camera_ready_is_saved(client, accepted, camera_ready):
    client.force_login(accepted.created_by)

    response = _post_file(client, accepted, camera_ready, pdf_upload(8))

    assert response.status_code == 302
    assert response.url == f"{_page_url(accepted)}#requirement-{camera_ready.pk}"
    page = client.get(_page_url(accepted)).content.decode()
    assert "“Camera-ready paper” is saved." in page
    assert "— 8 pages (no “References” or “Bibliography” heading found, so all count)" in page
    assert _file_url(accepted, camera_ready) in page


def test_a_bad_text_keeps_what_was_typed(client, accepted):
    install = DeliverableRequirementFactory(
        session_type=accepted.session_type, title="Installation instructions",
        format=DeliverableFormat.TEXT,
    )  # fmt: skip
    client.force_login(accepted.created_by)

    response = client.post(
        _page_url(accepted), {"requirement": install.pk, f"requirement-{install.pk}-text": ""}
    )

    html = response.content.decode()
    assert "Write the installation instructions first." in html
    assert "data-markdown-preview" in html
    assert not Deliverable.objects.exists()


def test_an_invalid_link_is_refused_next_to_the_field(client, accepted):
    repo = DeliverableRequirementFactory(
        session_type=accepted.session_type, format=DeliverableFormat.LINK
    )
    client.force_login(accepted.created_by)

    html = client.post(
        _page_url(accepted), {"requirement": repo.pk, f"requirement-{repo.pk}-link": "not a url"}
    ).content.decode()

    assert f'id="id_requirement-{repo.pk}-link-errors"' in html
    assert 'value="not a url"' in html


def test_after_the_deadline_speakers_see_why_and_organizers_still_upload(client, accepted):
    deadline = accepted.event.deadlines.get()
    deadline.due = timezone.now() - timedelta(hours=1)
    deadline.save()
    client.force_login(accepted.created_by)
    speaker_page = client.get(_page_url(accepted)).content.decode()
    refused = _post_file(client, accepted, deadline_requirement(accepted), pdf_upload(7))
    client.force_login(_organizer(accepted.event))

    organizer_page = client.get(_page_url(accepted)).content.decode()
    saved = _post_file(client, accepted, deadline_requirement(accepted), pdf_upload(7))

    assert "Please contact the organizers." in speaker_page
    assert 'type="file"' not in speaker_page
    assert "was due" in refused.content.decode()
    assert 'type="file"' in organizer_page
    assert saved.status_code == 302
    [item] = deliverable_items(accepted)
    assert item.status == DeliverableStatus.LATE


def deadline_requirement(submission) -> DeliverableRequirement:
    return submission.session_type.deliverable_requirements.get()


def test_a_draft_has_no_deliverables_page(client, accepted):
    accepted.state = S.SUBMITTED
    accepted.save()
    client.force_login(accepted.created_by)

    response = client.get(_page_url(accepted))

    assert response.url == accepted.get_absolute_url()


def test_posting_for_an_unknown_requirement_is_a_404(client, accepted):
    other = DeliverableRequirementFactory()
    client.force_login(accepted.created_by)

    response = _post_file(client, accepted, other, pdf_upload(7))

    assert response.status_code == 404


# --- permissions -------------------------------------------------------------------------------


def _outsiders(submission) -> dict:
    return {
        "another author": SubmissionFactory(state=S.ACCEPTED).created_by,
        "organizer of another event": _organizer(EventFactory()),
        "reviewer": MembershipFactory(event=submission.event, role=CommitteeRole.REVIEWER).user,
        "track chair": MembershipFactory(
            event=submission.event, role=CommitteeRole.TRACK_CHAIR
        ).user,
    }


def test_only_speakers_and_organizers_reach_the_deliverables(client, accepted, camera_ready):
    DeliverableFactory(submission=accepted, requirement=camera_ready, link="")
    Deliverable.objects.update(file="deliverables/x.pdf")
    urls = [_page_url(accepted), _file_url(accepted, camera_ready)]
    answers = {}
    for who, user in _outsiders(accepted).items():
        client.force_login(user)
        answers[who] = [client.get(url).status_code for url in urls]
        answers[who].append(_post_file(client, accepted, camera_ready, pdf_upload(7)).status_code)

    assert answers == {who: [404, 404, 404] for who in answers}
    assert Deliverable.objects.get().file.name == "deliverables/x.pdf"


def test_anonymous_visitors_are_sent_to_sign_in(client, accepted, camera_ready):
    response = client.get(_page_url(accepted))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_co_speakers_and_organizers_download_the_file(client, accepted, camera_ready):
    co_speaker = UserFactory()
    accepted.speakers.create(user=co_speaker, position=1)
    save_deliverable(
        submission=accepted, requirement=camera_ready, by=accepted.created_by, file=pdf_upload(6)
    )
    downloads = []
    for user in (co_speaker, _organizer(accepted.event)):
        client.force_login(user)
        downloads.append(client.get(_file_url(accepted, camera_ready)))

    for response in downloads:
        assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert (
        f"{accepted.event.slug}-{accepted.pk}-camera-ready-paper.pdf"
        in downloads[0]["Content-Disposition"]
    )


def test_a_link_deliverable_has_no_file_to_download(client, accepted, camera_ready):
    DeliverableFactory(submission=accepted, requirement=camera_ready)
    client.force_login(accepted.created_by)

    assert client.get(_file_url(accepted, camera_ready)).status_code == 404


# --- the proposal page card --------------------------------------------------------------------


def test_the_proposal_page_lists_the_deliverables_of_an_accepted_proposal(
    client, accepted, camera_ready_day
):
    client.force_login(accepted.created_by)

    html = client.get(accepted.get_absolute_url()).content.decode()

    assert 'id="deliverables-heading"' in html
    assert _due_text(camera_ready_day) in html
    assert f'href="{_page_url(accepted)}"' in html
    assert "Hand in deliverables" in html


def test_the_proposal_page_of_a_submitted_proposal_has_no_deliverables(client, accepted):
    accepted.state = S.SUBMITTED
    accepted.save()
    client.force_login(accepted.created_by)

    html = client.get(accepted.get_absolute_url()).content.decode()

    assert 'id="deliverables-heading"' not in html


def test_the_card_says_see_deliverables_once_everything_is_in(client, accepted, camera_ready):
    DeliverableFactory(submission=accepted, requirement=camera_ready)
    client.force_login(_organizer(accepted.event))

    html = client.get(accepted.get_absolute_url()).content.decode()

    assert "See deliverables" in html
    assert 'data-status="delivered"' in html


def test_the_card_shows_an_overdue_item_without_offering_to_hand_it_in(client, accepted):
    accepted.event.deadlines.update(due=timezone.now() - timedelta(hours=1))
    client.force_login(accepted.created_by)

    html = client.get(accepted.get_absolute_url()).content.decode()

    assert 'data-status="overdue"' in html
    assert ("See deliverables" in html, "Hand in deliverables" in html) == (True, False)


# --- the organizers' overview ------------------------------------------------------------------


def test_the_overview_shows_every_accepted_proposal_against_its_requirements(
    client, accepted, camera_ready
):
    event = accepted.event
    delivered = SubmissionFactory(
        event=event, session_type=accepted.session_type, state=S.CONFIRMED, title="Delivered one"
    )
    DeliverableFactory(submission=delivered, requirement=camera_ready)
    SubmissionFactory(event=event, session_type=accepted.session_type, title="Still a draft")
    SubmissionFactory(state=S.ACCEPTED, title="Another event's")
    client.force_login(_organizer(event))

    everything = client.get(_manage_url(event)).content.decode()
    missing = client.get(_manage_url(event), {"missing": "1"}).content.decode()

    assert (accepted.title in everything, "Delivered one" in everything) == (True, True)
    assert ("Still a draft" in everything, "Another event's" in everything) == (False, False)
    assert "2 of 2 accepted or confirmed proposals" in everything
    assert (accepted.title in missing, "Delivered one" in missing) == (True, False)


@pytest.mark.parametrize("role", [None, CommitteeRole.REVIEWER, CommitteeRole.TRACK_CHAIR])
def test_the_overview_is_only_for_the_events_organizers(client, accepted, role):
    user = UserFactory()
    if role:
        MembershipFactory(event=accepted.event, user=user, role=role)
    _organizer(EventFactory())
    client.force_login(user)

    assert client.get(_manage_url(accepted.event)).status_code == 404


def test_the_overview_uses_a_constant_number_of_queries(
    client, accepted, camera_ready, django_assert_max_num_queries
):
    event = accepted.event
    client.force_login(_organizer(event))
    client.get(_manage_url(event))
    with django_assert_max_num_queries(20) as few:
        client.get(_manage_url(event))
    talk = SessionTypeFactory(event=event, name="Talk")
    slides = DeliverableRequirementFactory(session_type=talk, title="Slides", required=False)
    for _ in range(4):
        paper = SubmissionFactory(
            event=event, session_type=accepted.session_type, state=S.CONFIRMED,
            track=TrackFactory(event=event), speakers=[UserFactory()],
        )  # fmt: skip
        DeliverableFactory(submission=paper, requirement=camera_ready, updated_by=UserFactory())
        talk_proposal = SubmissionFactory(event=event, session_type=talk, state=S.ACCEPTED)
        DeliverableFactory(submission=talk_proposal, requirement=slides)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(_manage_url(event))

    assert "9 of 9 accepted or confirmed proposals" in response.content.decode()


# --- demo data ---------------------------------------------------------------------------------


def test_the_demo_configures_the_deliverables_of_each_call_and_loads_twice():
    call_command("load_demo", stdout=StringIO())
    first = list(DeliverableRequirement.objects.values().order_by("pk"))

    call_command("load_demo", stdout=StringIO())

    assert list(DeliverableRequirement.objects.values().order_by("pk")) == first
    by_event = {
        (r.session_type.event.slug, r.session_type.name, r.title): (r.format, r.deadline_kind)
        for r in DeliverableRequirement.objects.select_related("session_type__event")
    }
    assert by_event == {
        ("dlonsc-2020", "Workshop paper", "Camera-ready paper"): ("paper_pdf", "camera_ready"),
        ("scipy-2025", "Tutorial", "Tutorial materials"): ("link", "materials_due"),
        ("scipy-2025", "Tutorial", "Installation instructions"): ("text", "materials_due"),
        ("scipy-2025", "Tutorial", "Test script"): ("link", "materials_due"),
        ("scipy-2020", "Talk", "Slides"): ("pdf", "materials_due"),
        ("scipy-2020", "Poster", "Poster"): ("pdf", "event"),
    }
    slides = DeliverableRequirement.objects.get(title="Slides")
    assert (slides.required, slides.is_public) == (False, True)
