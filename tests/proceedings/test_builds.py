"""Builds of the volume: failures that name the paper, cancelling, one build at a time,
redelivered tasks and dead workers, publishing, the command and the page with its downloads."""

from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from proceedings import builds
from proceedings.builds import (
    WORKER_LOST,
    cancel_build,
    publish_build,
    run_build,
    start_build,
)
from proceedings.enums import BuildKind, BuildStatus
from proceedings.models import BuildPaper, ProceedingsBuild, ProceedingsSettings
from proceedings.volume import assemble
from tests.factories.pdfs import corrupt_pdf, encrypted_pdf, unembedded_font_pdf
from tests.factories.proceedings import CameraReadyRequirementFactory
from tests.factories.program import SessionSlotFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole

from .volume_world import add_paper, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world(pages=(4, 5))


def chair_of(roles):
    return roles[CommitteeRole.PROCEEDINGS_CHAIR]


def built(event, by):
    build = start_build(event=event, by=by, enqueue=False)
    run_build(build_id=build.pk)
    return ProceedingsBuild.objects.get(pk=build.pk)


def requirement_of(event):
    from proceedings.selectors import camera_ready_requirement

    return camera_ready_requirement(event)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (corrupt_pdf(), "damaged and cannot be read"),
        (encrypted_pdf(), "encrypted"),
        (unembedded_font_pdf(5), "fonts are not embedded (Helvetica)"),
    ],
    ids=["corrupt", "encrypted", "fonts"],
)
def test_a_broken_camera_ready_fails_the_build_naming_the_paper(world, data, reason):
    event, _papers, roles = world
    earlier = built(event, chair_of(roles))
    broken = add_paper(requirement_of(event), "Paper Z broken", 5, roles, data=data)

    build = built(event, chair_of(roles))

    assert build.status == BuildStatus.FAILED
    assert build.failed_submission == broken
    assert "“Paper Z broken”" in build.error
    assert reason in build.error
    assert not build.pdf
    assert not build.crossref_xml
    assert not BuildPaper.objects.filter(build=build)
    earlier.refresh_from_db()
    assert earlier.status == BuildStatus.DONE
    assert Path(earlier.pdf.path).exists()
    assert all(Path(paper.pdf.path).exists() for paper in earlier.papers.all())


def test_cancelling_a_running_build_stops_it_between_papers_and_stores_nothing(world, monkeypatch):
    event, _papers, roles = world
    build = start_build(event=event, by=chair_of(roles), enqueue=False)
    real = assemble.write_paper

    def write_and_cancel(*args, **kwargs):
        real(*args, **kwargs)
        cancel_build(build=build, by=chair_of(roles))

    monkeypatch.setattr(assemble, "write_paper", write_and_cancel)

    assert run_build(build_id=build.pk) == BuildStatus.CANCELLED
    build.refresh_from_db()
    assert (build.done, build.total) == (0, 2)
    assert not build.pdf
    assert not BuildPaper.objects.filter(build=build).exists()
    assert build.finished_at is not None


def test_cancelling_a_queued_build_ends_it_at_once_and_its_task_does_nothing(world):
    event, _, roles = world
    build = start_build(event=event, by=chair_of(roles), enqueue=False)

    assert cancel_build(build=build, by=chair_of(roles))
    assert run_build(build_id=build.pk) is None
    build.refresh_from_db()
    assert build.status == BuildStatus.CANCELLED
    assert not build.pdf
    assert not cancel_build(build=build, by=chair_of(roles))


def test_a_second_build_of_the_same_kind_is_refused_while_one_runs(world):
    event, _, roles = world
    first = start_build(event=event, by=chair_of(roles), enqueue=False)

    with pytest.raises(ValidationError, match="already under way"):
        start_build(event=event, by=chair_of(roles))
    ProceedingsBuild.objects.filter(pk=first.pk).update(status=BuildStatus.RUNNING)
    with pytest.raises(ValidationError, match="already under way"):
        start_build(event=event, by=chair_of(roles))
    assert ProceedingsBuild.objects.filter(event=event).count() == 1


def test_two_starts_racing_past_the_check_meet_the_database_constraint(world, monkeypatch):
    event, _, roles = world
    start_build(event=event, by=chair_of(roles), enqueue=False)
    monkeypatch.setattr(builds, "ACTIVE", ())  # as if the other start had not committed yet

    with pytest.raises(ValidationError, match="already under way"):
        start_build(event=event, by=chair_of(roles))


def test_a_redelivered_task_of_a_finished_build_does_nothing(world):
    event, _, roles = world
    build = built(event, chair_of(roles))
    finished = build.finished_at

    assert run_build(build_id=build.pk) is None
    build.refresh_from_db()
    assert build.status == BuildStatus.DONE
    assert build.finished_at == finished


def test_a_build_left_running_by_a_killed_worker_is_failed_by_the_next_start(world, settings):
    event, _, roles = world
    dead = start_build(event=event, by=chair_of(roles), enqueue=False)
    long_ago = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 120)
    ProceedingsBuild.objects.filter(pk=dead.pk).update(
        status=BuildStatus.RUNNING, started_at=long_ago
    )

    fresh = start_build(event=event, by=chair_of(roles), enqueue=False)

    dead.refresh_from_db()
    assert dead.status == BuildStatus.FAILED
    assert dead.error == WORKER_LOST
    assert fresh.status == BuildStatus.QUEUED


def test_a_recent_running_build_is_not_swept(world):
    event, _, roles = world
    running = start_build(event=event, by=chair_of(roles), enqueue=False)
    ProceedingsBuild.objects.filter(pk=running.pk).update(
        status=BuildStatus.RUNNING, started_at=timezone.now()
    )

    with pytest.raises(ValidationError):
        start_build(event=event, by=chair_of(roles))


def test_starting_queues_the_task_after_commit_and_it_builds(
    world, django_capture_on_commit_callbacks
):
    event, _, roles = world

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        build = start_build(event=event, by=chair_of(roles))

    assert len(callbacks) == 1
    build.refresh_from_db()
    assert build.status == BuildStatus.DONE
    assert (build.done, build.total) == (2, 2)
    assert build.started_by == chair_of(roles)


def test_publishing_a_finished_build_makes_it_the_volume_of_the_session_pages(world):
    event, _, roles = world
    build = built(event, chair_of(roles))

    publish_build(build=build, by=chair_of(roles))

    assert ProceedingsSettings.objects.get(event=event).published_build == build
    failed = ProceedingsBuild.objects.create(
        event=event, status=BuildStatus.FAILED, kind=BuildKind.VOLUME
    )
    with pytest.raises(ValidationError):
        publish_build(build=failed, by=chair_of(roles))


# The command -------------------------------------------------------------------------------


def test_the_command_builds_the_volume_and_prints_its_files(world):
    event, _, _ = world
    out = StringIO()

    call_command("build_proceedings", event.slug, stdout=out)

    build = ProceedingsBuild.objects.get(event=event)
    text = out.getvalue()
    assert build.status == BuildStatus.DONE
    assert build.started_by is None
    assert f"PDF: {build.pdf.path}" in text
    assert f"Crossref XML: {build.crossref_xml.path}" in text
    assert f"BibTeX: {build.bibtex.path}" in text
    assert Path(build.pdf.path).exists()


def test_the_command_fails_clearly_on_an_unknown_event_or_a_broken_paper(world):
    event, _, roles = world
    add_paper(requirement_of(event), "Paper Y damaged", 5, roles, data=corrupt_pdf())

    with pytest.raises(CommandError, match="No event with the slug “nope”"):
        call_command("build_proceedings", "nope", stdout=StringIO())
    with pytest.raises(CommandError, match="“Paper Y damaged”: the PDF is damaged"):
        call_command("build_proceedings", event.slug, stdout=StringIO())


# The page ----------------------------------------------------------------------------------


def home(event):
    return reverse("proceedings:home", kwargs={"event": event.slug})


@pytest.mark.parametrize("role", ["anonymous", "author", "reviewer", "track_chair", "stranger"])
def test_the_page_and_the_files_are_hidden_from_everyone_else(client, world, role):
    event, papers, roles = world
    build = built(event, chair_of(roles))
    users = {
        "author": papers[0].speakers.first().user,
        "reviewer": roles[CommitteeRole.REVIEWER],
        "track_chair": roles[CommitteeRole.TRACK_CHAIR],
        "stranger": UserFactory(),
    }
    if role in users:
        client.force_login(users[role])
    urls = [
        home(event),
        reverse("proceedings:build-progress", args=[event.slug, build.pk]),
        reverse("proceedings:build-file", args=[event.slug, build.pk, "pdf"]),
        reverse("proceedings:build-file", args=[event.slug, build.pk, "crossref"]),
        reverse("proceedings:build-paper", args=[event.slug, build.pk, papers[0].pk]),
    ]

    for url in urls:
        response = client.get(url)
        assert response.status_code in ((302,) if role == "anonymous" else (404,)), url
    response = client.post(reverse("proceedings:build-start", args=[event.slug]))
    assert response.status_code in (302, 404)
    assert ProceedingsBuild.objects.filter(event=event).count() == 1
    publish = reverse("proceedings:build-publish", args=[event.slug, build.pk])
    client.post(publish)
    assert ProceedingsSettings.objects.get(event=event).published_build is None


@pytest.mark.parametrize("role", [CommitteeRole.PROCEEDINGS_CHAIR, CommitteeRole.ORGANIZER])
def test_proceedings_chairs_and_organizers_build_watch_and_download(
    client, world, role, django_capture_on_commit_callbacks
):
    event, _papers, roles = world
    client.force_login(roles[role])

    page = client.get(home(event))
    assert page.status_code == 200
    assert "2</span> of 2 camera-ready papers approved" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("proceedings:build-start", args=[event.slug]))
    assert response.status_code == 302
    build = ProceedingsBuild.objects.get(event=event)
    progress = client.get(reverse("proceedings:build-progress", args=[event.slug, build.pk]))
    assert progress.json() == {
        "status": "done", "status_label": "Done", "done": 2, "total": 2, "percent": 100,
        "label": "2 of 2 papers merged", "finished": True,
    }  # fmt: skip
    pdf = client.get(reverse("proceedings:build-file", args=[event.slug, build.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    xml = client.get(reverse("proceedings:build-file", args=[event.slug, build.pk, "crossref"]))
    assert b"<doi_batch" in b"".join(xml.streaming_content)
    assert "attachment" in xml["Content-Disposition"]
    page = client.get(home(event)).content.decode()
    assert "Volume PDF" in page
    assert "Crossref XML" in page
    assert "BibTeX" in page
    assert roles[role].public_name in page


def test_the_page_shows_a_running_build_with_its_progress_and_cancel_button(client, world):
    event, _, roles = world
    build = start_build(event=event, by=chair_of(roles), enqueue=False)
    ProceedingsBuild.objects.filter(pk=build.pk).update(
        status=BuildStatus.RUNNING, total=40, done=12, started_at=timezone.now()
    )
    client.force_login(chair_of(roles))

    page = client.get(home(event)).content.decode()

    assert "12 of 40 papers merged" in page
    assert 'value="12"' in page
    assert 'max="40"' in page
    assert "js/build_progress.js" in page
    assert 'http-equiv="refresh"' in page
    assert "Cancel the build" in page
    assert "Build the volume</button>" not in page
    client.post(reverse("proceedings:build-cancel", args=[event.slug, build.pk]))
    build.refresh_from_db()
    assert build.cancel_requested
    assert "Stopping… 12 of 40 papers merged" in client.get(home(event)).content.decode()


def test_a_failed_build_shows_the_paper_and_why(client, world):
    event, _, roles = world
    add_paper(requirement_of(event), "Paper Q locked", 5, roles, data=encrypted_pdf())
    built(event, chair_of(roles))
    client.force_login(chair_of(roles))

    page = client.get(home(event)).content.decode()

    assert "Failed" in page
    assert "“Paper Q locked”: the PDF is encrypted" in page


def test_a_proceedings_chair_sees_the_proceedings_tabs_not_the_organizers(client, world):
    event, _, roles = world
    client.force_login(chair_of(roles))

    page = client.get(home(event)).content.decode()

    assert reverse("proceedings:papers", args=[event.slug]) in page
    assert f'href="{reverse("tracks:manage-settings", args=[event.slug])}"' not in page
    assert reverse("reviews:manage-conflicts", args=[event.slug]) not in page
    client.force_login(roles[CommitteeRole.ORGANIZER])
    page = client.get(home(event)).content.decode()
    assert f'href="{reverse("tracks:manage-settings", args=[event.slug])}"' in page
    assert 'aria-current="page" href="/dlonsc/manage/proceedings/"' in page


def test_the_build_history_takes_a_constant_number_of_queries(
    client, world, django_assert_max_num_queries
):
    event, _, roles = world
    client.force_login(chair_of(roles))
    for _ in range(2):
        ProceedingsBuild.objects.create(
            event=event, status=BuildStatus.FAILED, started_by=UserFactory()
        )
    with django_assert_max_num_queries(20) as few:
        client.get(home(event))
    for _ in range(20):
        ProceedingsBuild.objects.create(
            event=event, status=BuildStatus.FAILED, started_by=UserFactory()
        )
    with django_assert_max_num_queries(len(few)):
        client.get(home(event))


# The public paper --------------------------------------------------------------------------


def test_a_published_paper_is_downloaded_from_its_visible_session_page(client, world):
    from program.services import publish_schedule

    event, papers, roles = world
    SessionSlotFactory(event=event, submission=papers[0])
    publish_schedule(
        event=event, name="v1", comment="", notify_speakers=False, by=roles[CommitteeRole.ORGANIZER]
    )
    session = reverse("program:session", args=[event.slug, papers[0].pk])
    paper_pdf = reverse("proceedings:paper-pdf", args=[event.slug, papers[0].pk])
    build = built(event, chair_of(roles))

    assert paper_pdf not in client.get(session).content.decode()
    assert client.get(paper_pdf).status_code == 404
    publish_build(build=build, by=chair_of(roles))
    page = client.get(session).content.decode()
    assert paper_pdf in page
    assert "pp. 1–4" in page
    response = client.get(paper_pdf)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    # the second paper is in the volume but not in the program: no public page, no PDF
    assert (
        client.get(reverse("proceedings:paper-pdf", args=[event.slug, papers[1].pk])).status_code
        == 404
    )
    event.is_public = False
    event.save()
    assert client.get(paper_pdf).status_code == 404


def test_papers_need_a_camera_ready_requirement_for_the_page(client):
    event, _, roles = make_world(pages=(4,))
    CameraReadyRequirementFactory(session_type__event=event)
    client.force_login(roles[CommitteeRole.ORGANIZER])

    assert client.get(home(event)).status_code == 200


# The program book and the committee's preview of a paper ------------------------------------


def test_a_program_book_build_renders_the_published_program(world):
    from program.services import publish_schedule

    event, papers, roles = world
    organizer = roles[CommitteeRole.ORGANIZER]
    refused = start_build(event=event, kind=BuildKind.PROGRAM_BOOK, by=organizer, enqueue=False)

    assert run_build(build_id=refused.pk) == BuildStatus.FAILED
    refused.refresh_from_db()
    assert "nothing is published yet" in refused.error
    SessionSlotFactory(event=event, submission=papers[0])
    publish_schedule(event=event, name="v1", comment="", notify_speakers=False, by=organizer)
    book = start_build(event=event, kind=BuildKind.PROGRAM_BOOK, by=organizer, enqueue=False)
    assert run_build(build_id=book.pk) == BuildStatus.DONE
    book.refresh_from_db()
    assert book.pages >= 1
    assert Path(book.pdf.path).read_bytes().startswith(b"%PDF")
    assert (book.done, book.total) == (1, 1)


def test_the_committee_previews_a_paper_of_any_build_before_publishing(client, world):
    event, papers, roles = world
    build = built(event, chair_of(roles))
    client.force_login(chair_of(roles))

    response = client.get(
        reverse("proceedings:build-paper", args=[event.slug, build.pk, papers[1].pk])
    )

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert (
        client.get(
            reverse("proceedings:build-paper", args=[event.slug, build.pk, 999999])
        ).status_code
        == 404
    )
