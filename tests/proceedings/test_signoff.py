import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from mails.models import OutboundEmail
from proceedings import services
from proceedings.enums import PaperOrder, PaperSize, SignOff
from proceedings.models import PaperCheck
from proceedings.selectors import (
    approved_papers,
    camera_ready_papers,
    camera_ready_requirement,
)
from submissions.enums import DeliverableFormat, SubmissionState
from submissions.services.deliverables import save_deliverable
from tests.factories.deliverables import DeliverableRequirementFactory
from tests.factories.pdfs import make_pdf, unembedded_font_pdf
from tests.factories.proceedings import (
    CameraReadyRequirementFactory,
    PaperFactory,
    ProceedingsSettingsFactory,
    add_coauthor,
    upload_camera_ready,
)
from tests.factories.tracks import EventFactory, TrackFactory
from tests.factories.users import UserFactory
from tracks.enums import DeadlineKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory()


@pytest.fixture
def requirement(event):
    return CameraReadyRequirementFactory(session_type__event=event)


@pytest.fixture
def chair():
    return UserFactory()


def paper_of(requirement, **kwargs):
    event = requirement.session_type.event
    return PaperFactory(event=event, session_type=requirement.session_type, **kwargs)


def checked_paper(requirement, data=None, **kwargs):
    paper = paper_of(requirement, **kwargs)
    upload_camera_ready(paper, requirement, data)
    services.refresh_paper_check(submission=paper)
    return paper


def test_the_requirement_is_the_settings_choice_or_the_camera_ready_paper(event, requirement):
    other = DeliverableRequirementFactory(
        session_type=requirement.session_type, format=DeliverableFormat.PAPER_PDF,
        deadline_kind=DeadlineKind.MATERIALS_DUE,
    )  # fmt: skip
    DeliverableRequirementFactory(session_type=requirement.session_type)  # slides

    assert camera_ready_requirement(event) == requirement
    ProceedingsSettingsFactory(event=event, requirement=other)
    assert camera_ready_requirement(event) == other


def test_a_good_paper_passes_and_can_be_approved(requirement, chair):
    paper = checked_paper(requirement)

    check = services.approve_paper(submission=paper, by=chair)

    check.refresh_from_db()
    assert (check.sign_off, check.decided_by, check.problems) == (SignOff.APPROVED, chair, [])
    assert (check.pages_total, check.pages_counted) == (8, 8)
    assert [p.pk for p in approved_papers(paper.event)] == [paper.pk]


def test_approving_a_paper_with_problems_is_refused_with_the_reason(requirement, chair):
    paper = checked_paper(requirement, unembedded_font_pdf(8))

    with pytest.raises(ValidationError) as refused:
        services.approve_paper(submission=paper, by=chair)

    assert refused.value.messages == [
        "Only papers that pass every check can be approved; request changes instead."
    ]
    assert PaperCheck.objects.get(submission=paper).sign_off == SignOff.PENDING
    assert approved_papers(paper.event) == []


def test_approving_an_unchecked_new_upload_is_refused(requirement, chair):
    paper = checked_paper(requirement)
    upload_camera_ready(paper, requirement, make_pdf(7))  # stored, not yet checked

    with pytest.raises(ValidationError, match="has not been checked yet"):
        services.approve_paper(submission=paper, by=chair)


def test_approving_without_an_upload_is_refused(requirement, chair):
    paper = paper_of(requirement)

    with pytest.raises(ValidationError, match="no camera-ready paper to approve"):
        services.approve_paper(submission=paper, by=chair)


def test_a_new_upload_resets_the_sign_off_and_is_checked(
    requirement, chair, django_capture_on_commit_callbacks
):
    paper = checked_paper(requirement)
    services.approve_paper(submission=paper, by=chair)
    upload = SimpleUploadedFile("v2.pdf", unembedded_font_pdf(8), "application/pdf")

    with django_capture_on_commit_callbacks(execute=True):
        save_deliverable(
            submission=paper, requirement=requirement, by=paper.created_by, file=upload
        )

    check = PaperCheck.objects.get(submission=paper)
    assert check.sign_off == SignOff.PENDING
    assert check.decided_by is None
    assert check.file_name == paper.deliverables.get().file.name
    assert check.problems[0].startswith("A font is not embedded: Helvetica")
    assert approved_papers(paper.event) == []


def test_the_upload_hook_checks_after_commit_only(requirement, django_capture_on_commit_callbacks):
    paper = paper_of(requirement)
    upload = SimpleUploadedFile("p.pdf", make_pdf(8), "application/pdf")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        save_deliverable(submission=paper, requirement=requirement, by=paper.created_by,
                         file=upload)  # fmt: skip
    assert not PaperCheck.objects.filter(submission=paper).exists()
    for callback in callbacks:
        callback()

    assert PaperCheck.objects.get(submission=paper).passed


def test_other_paper_pdfs_are_not_checked(requirement):
    slides = DeliverableRequirementFactory(
        session_type=requirement.session_type, format=DeliverableFormat.PAPER_PDF,
        deadline_kind=DeadlineKind.MATERIALS_DUE,
    )  # fmt: skip
    paper = paper_of(requirement)
    upload = SimpleUploadedFile("p.pdf", make_pdf(8), "application/pdf")

    save_deliverable(submission=paper, requirement=slides, by=paper.created_by, file=upload)

    assert not PaperCheck.objects.filter(submission=paper).exists()


def test_rerunning_the_same_file_keeps_the_sign_off(requirement, chair):
    paper = checked_paper(requirement)
    services.approve_paper(submission=paper, by=chair)

    services.refresh_paper_check(submission=paper)
    services.refresh_paper_check(submission=paper)

    assert PaperCheck.objects.get(submission=paper).sign_off == SignOff.APPROVED


def test_a_new_paper_size_sends_approved_papers_back(
    requirement, chair, django_capture_on_commit_callbacks
):
    paper = checked_paper(requirement)
    services.approve_paper(submission=paper, by=chair)
    settings = services.settings_for(paper.event)
    settings.paper_size = PaperSize.A4

    with django_capture_on_commit_callbacks(execute=True):
        services.save_settings(settings=settings)

    check = PaperCheck.objects.get(submission=paper)
    assert check.sign_off == SignOff.PENDING
    assert "the proceedings are printed on A4" in check.problems[0]


def test_request_changes_emails_the_speakers_only(
    requirement, chair, mailoutbox, django_capture_on_commit_callbacks
):
    co_speaker = UserFactory()
    paper = checked_paper(requirement, unembedded_font_pdf(8), speakers=[co_speaker])
    add_coauthor(paper, email="coauthor@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        services.request_changes(submission=paper, by=chair, note="Please embed Helvetica.")

    check = PaperCheck.objects.get(submission=paper)
    assert (check.sign_off, check.note) == (SignOff.CHANGES_REQUESTED, "Please embed Helvetica.")
    assert sorted(m.to[0] for m in mailoutbox) == sorted([paper.created_by.email, co_speaker.email])
    body = mailoutbox[0].body
    assert "Please embed Helvetica." in body
    assert "A font is not embedded: Helvetica" in body
    assert f"/{paper.event.slug}/proposals/{paper.pk}/deliverables/" in body
    assert list(OutboundEmail.objects.get(to=co_speaker.email).submissions.all()) == [paper]


def test_request_changes_is_allowed_on_a_passing_paper_and_needs_a_note(requirement, chair):
    paper = checked_paper(requirement)

    with pytest.raises(ValidationError):
        services.request_changes(submission=paper, by=chair, note="  ")
    services.request_changes(submission=paper, by=chair, note="The title is misspelt.")

    assert PaperCheck.objects.get(submission=paper).sign_off == SignOff.CHANGES_REQUESTED
    assert OutboundEmail.objects.filter(to=paper.created_by.email).count() == 1


def test_a_rejected_proposal_is_not_a_paper(requirement, chair):
    paper = checked_paper(requirement)
    paper.state = SubmissionState.WITHDRAWN
    paper.save()

    with pytest.raises(ValidationError, match="owes no camera-ready"):
        services.approve_paper(submission=paper, by=chair)


def approve_all(papers, chair):
    for paper in papers:
        services.approve_paper(submission=paper, by=chair)


def test_manual_order_moves_papers_up_and_down(requirement, chair):
    event = requirement.session_type.event
    ProceedingsSettingsFactory(event=event, order=PaperOrder.MANUAL)
    a, b, c = (checked_paper(requirement, title=t) for t in ("Alpha", "Beta", "Gamma"))
    approve_all([a, b, c], chair)

    services.move_paper(submission=c, offset=-1)
    services.move_paper(submission=a, offset=+5)  # clamped to the end

    assert [p.title for p in approved_papers(event)] == ["Gamma", "Beta", "Alpha"]


def test_track_order(requirement, chair):
    event = requirement.session_type.event
    ProceedingsSettingsFactory(event=event, order=PaperOrder.TRACK)
    first, second = TrackFactory(event=event, position=1), TrackFactory(event=event, position=2)
    papers = [
        checked_paper(requirement, title="Zeta", track=first),
        checked_paper(requirement, title="Alpha", track=second),
        checked_paper(requirement, title="Beta", track=first),
    ]
    approve_all(papers, chair)

    assert [p.title for p in approved_papers(event)] == ["Beta", "Zeta", "Alpha"]


def test_session_order_follows_the_published_program(requirement, chair):
    from program.models import ScheduleVersion, Slot
    from tests.factories.program import RoomFactory, event_time

    event = requirement.session_type.event
    late, early, unscheduled = (
        checked_paper(requirement, title=t) for t in ("Alpha", "Beta", "Gamma")
    )
    approve_all([late, early, unscheduled], chair)
    version = ScheduleVersion.objects.create(
        event=event, name="v1", published_at=event_time(event, 0, 8)
    )
    room = RoomFactory(event=event)
    Slot.objects.create(event=event, version=version, submission=late, room=room,
                        start=event_time(event, 1, 9), end=event_time(event, 1, 10))  # fmt: skip
    Slot.objects.create(event=event, version=version, submission=early, room=room,
                        start=event_time(event, 0, 9), end=event_time(event, 0, 10))  # fmt: skip

    assert [p.title for p in approved_papers(event)] == ["Beta", "Alpha", "Gamma"]


def _load(event):
    papers = camera_ready_papers(event)
    for paper in papers:
        [person.name for person in paper.speakers.all()]
        [person.name for person in paper.coauthors.all()]
        assert paper.track.name
        assert paper.session_type.name
        assert paper.camera_ready.file.name
        assert paper.check is not None
    return papers


def test_paper_lists_make_a_constant_number_of_queries(
    requirement, chair, django_assert_max_num_queries
):
    event = requirement.session_type.event
    sizes = []
    for count in (2, 10):
        while len(sizes) < count:
            paper = checked_paper(requirement, speakers=[UserFactory()])
            add_coauthor(paper)
            services.approve_paper(submission=paper, by=chair)
            sizes.append(paper)
        with django_assert_max_num_queries(6):  # settings, requirements, papers, 3 prefetches
            assert len(_load(event)) == count
        with django_assert_max_num_queries(7):  # and the latest program version
            assert len(approved_papers(event)) == count


def test_a_check_overtaken_by_a_newer_upload_stores_nothing(requirement, monkeypatch):
    paper = paper_of(requirement)
    first = upload_camera_ready(paper, requirement, unembedded_font_pdf(8)).file.name
    run_checks = services._run_checks

    def upload_meanwhile(*args):
        found = run_checks(*args)
        upload_camera_ready(paper, requirement, make_pdf(8), name="v2.pdf")
        return found

    monkeypatch.setattr(services, "_run_checks", upload_meanwhile)
    services.refresh_paper_check(submission=paper)
    monkeypatch.undo()
    check = PaperCheck.objects.get(submission=paper)

    assert (check.file_name, check.problems) == ("", [])
    assert services.refresh_paper_check(submission=paper).file_name not in ("", first)


def test_the_check_task_is_idempotent_and_ignores_a_deleted_proposal(requirement):
    from proceedings.tasks_checks import check_paper

    paper = paper_of(requirement)
    upload_camera_ready(paper, requirement, make_pdf(8, size="a4"))

    check_paper.delay(submission_id=paper.pk)
    first = PaperCheck.objects.get(submission=paper)
    check_paper.delay(submission_id=paper.pk)
    check_paper.delay(submission_id=paper.pk + 1000)

    again = PaperCheck.objects.get(submission=paper)
    assert PaperCheck.objects.count() == 1
    assert (again.file_name, again.problems) == (first.file_name, first.problems)
    assert "Every page is A4" in again.problems[0]
