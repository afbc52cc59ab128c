"""The program book card on the organizers' exports page: building (through a worker, eager in
tests), the latest build's status and progress, downloading, and who may do any of it."""

import re
import subprocess
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from proceedings.builds import NEVER_STARTED, WORKER_LOST
from proceedings.enums import BuildKind, BuildStatus
from proceedings.models import ProceedingsBuild
from program.exporters.book import NO_VERSION
from program.services import publish_schedule
from tests.factories.program import SessionSlotFactory
from tests.factories.tracks import EventFactory, MembershipFactory
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(slug="book-conf", name="Book Conf 2027")


@pytest.fixture
def published(event):
    slot = SessionSlotFactory(event=event)
    slot.submission.title = "A talk for the printed book"
    slot.submission.save()
    publish_schedule(event=event, name="v1.0", notify_speakers=False, by=None)
    return slot


@pytest.fixture
def organizer(event):
    return MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user


@pytest.fixture
def organizer_client(client, organizer):
    client.force_login(organizer)
    return client


def url(name, event, **kwargs):
    return reverse(f"program:{name}", kwargs={"event": event.slug, **kwargs})


def finished_book(event, **fields) -> ProceedingsBuild:
    build = ProceedingsBuild.objects.create(
        event=event, kind=BuildKind.PROGRAM_BOOK, status=BuildStatus.DONE, pages=3, **fields
    )
    build.pdf.save("book.pdf", ContentFile(b"%PDF-1.7 a stored book"))
    return build


def test_card_before_publishing_asks_to_publish_first(organizer_client, event):
    html = organizer_client.get(url("manage-exports", event)).content.decode()

    assert "Program book (PDF)" in html
    assert "publish a version of the program first" in html
    assert url("export-program-book", event) not in html


def test_start_builds_the_book_and_the_card_offers_it(
    organizer_client, organizer, event, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = organizer_client.post(url("export-program-book", event), follow=True)

    build = ProceedingsBuild.objects.get(event=event, kind=BuildKind.PROGRAM_BOOK)
    assert response.redirect_chain == [(url("manage-exports", event), 302)]
    assert "The program book is being built" in response.content.decode()
    assert (build.status, build.started_by, build.error) == (BuildStatus.DONE, organizer, "")
    assert build.pages >= 4
    html = organizer_client.get(url("manage-exports", event)).content.decode()
    assert "Latest build: <strong>Done</strong>" in html
    assert url("program-book-pdf", event, pk=build.pk) in html
    assert "Build again" in html
    pdf = organizer_client.get(url("program-book-pdf", event, pk=build.pk))
    data = b"".join(pdf.streaming_content)
    assert pdf["Content-Type"] == "application/pdf"
    assert "book-conf-program-book-" in pdf["Content-Disposition"]
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    assert "A talk for the printed book" in text


def test_start_without_published_version_says_why(organizer_client, event):
    SessionSlotFactory(event=event)  # the draft only

    response = organizer_client.post(url("export-program-book", event), follow=True)

    assert NO_VERSION in response.content.decode()
    assert not ProceedingsBuild.objects.exists()


def test_start_while_one_is_under_way_refused(organizer_client, event, published):
    ProceedingsBuild.objects.create(event=event, kind=BuildKind.PROGRAM_BOOK)

    response = organizer_client.post(url("export-program-book", event), follow=True)

    assert "already under way" in response.content.decode()
    assert ProceedingsBuild.objects.count() == 1


def test_card_shows_progress_of_a_running_build(organizer_client, event, published):
    build = ProceedingsBuild.objects.create(
        event=event, kind=BuildKind.PROGRAM_BOOK, status=BuildStatus.RUNNING, total=1
    )

    html = organizer_client.get(url("manage-exports", event)).content.decode()
    state = organizer_client.get(url("program-book-progress", event, pk=build.pk)).json()

    assert f'data-build-poll="{url("program-book-progress", event, pk=build.pk)}"' in html
    assert "js/build_progress.js" in html
    assert "Laying out the pages…" in html
    assert state == {
        "status": "running", "status_label": "Building", "done": 0, "total": 1, "percent": 0,
        "label": "Laying out the pages…", "finished": False,
    }  # fmt: skip


def test_card_shows_a_failed_build_and_the_last_finished_one(organizer_client, event, published):
    done = finished_book(event)
    ProceedingsBuild.objects.create(
        event=event, kind=BuildKind.PROGRAM_BOOK, status=BuildStatus.FAILED,
        error="The build stopped on an unexpected error (OSError: disk full).",
    )  # fmt: skip

    html = organizer_client.get(url("manage-exports", event)).content.decode()

    assert "Latest build: <strong>Failed</strong>" in html
    assert "disk full" in html
    assert url("program-book-pdf", event, pk=done.pk) in html


def test_download_only_finished_books_of_this_event(organizer_client, event, published):
    other = finished_book(EventFactory())
    volume = finished_book(event)
    ProceedingsBuild.objects.filter(pk=volume.pk).update(kind=BuildKind.VOLUME)
    failed = ProceedingsBuild.objects.create(
        event=event, kind=BuildKind.PROGRAM_BOOK, status=BuildStatus.FAILED
    )

    for build in (other, volume, failed):
        response = organizer_client.get(url("program-book-pdf", event, pk=build.pk))
        assert response.status_code == 404


@pytest.mark.parametrize(
    "role", [CommitteeRole.TRACK_CHAIR, CommitteeRole.REVIEWER, "other-organizer"]
)
def test_committee_members_and_other_organizers_get_404(client, event, published, role):
    book = finished_book(event)
    if role == "other-organizer":
        user = MembershipFactory(event=EventFactory(), role=CommitteeRole.ORGANIZER).user
    else:
        user = MembershipFactory(event=event, role=role).user
    client.force_login(user)

    responses = [
        client.get(url("manage-exports", event)),
        client.post(url("export-program-book", event)),
        client.get(url("program-book-pdf", event, pk=book.pk)),
        client.get(url("program-book-progress", event, pk=book.pk)),
    ]

    assert [response.status_code for response in responses] == [404] * 4
    assert ProceedingsBuild.objects.count() == 1


def test_anonymous_sent_to_login_and_nothing_built(client, event, published):
    book = finished_book(event)

    responses = [
        client.post(url("export-program-book", event)),
        client.get(url("program-book-pdf", event, pk=book.pk)),
    ]

    assert [response.status_code for response in responses] == [302, 302]
    assert all("/accounts/login/" in response["Location"] for response in responses)
    assert ProceedingsBuild.objects.count() == 1


def test_a_book_left_running_by_a_dead_worker_no_longer_locks_the_card(
    organizer_client, event, published, settings
):
    long_ago = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 120)
    dead = ProceedingsBuild.objects.create(
        event=event, kind=BuildKind.PROGRAM_BOOK, status=BuildStatus.RUNNING, total=1,
        started_at=long_ago,
    )  # fmt: skip

    html = organizer_client.get(url("manage-exports", event)).content.decode()

    dead.refresh_from_db()
    assert dead.status == BuildStatus.FAILED
    assert "Latest build: <strong>Failed</strong>" in html
    assert WORKER_LOST in html
    assert "js/build_progress.js" not in html
    assert re.search(r"<button[^>]*type=\"submit\">[^<]*<i[^>]*></i> Build the program book", html)


def test_the_book_progress_endpoint_ends_a_book_queued_for_an_hour(
    organizer_client, event, published
):
    queued = ProceedingsBuild.objects.create(event=event, kind=BuildKind.PROGRAM_BOOK)
    ProceedingsBuild.objects.filter(pk=queued.pk).update(
        created_at=timezone.now() - timedelta(hours=2)
    )

    state = organizer_client.get(url("program-book-progress", event, pk=queued.pk)).json()

    assert state["finished"] is True
    assert state["status"] == BuildStatus.FAILED
    queued.refresh_from_db()
    assert queued.error == NEVER_STARTED


def test_a_book_cancelled_while_its_last_pages_were_laid_out_stores_nothing(
    event, published, monkeypatch
):
    from proceedings import builds
    from program.exporters import book

    build = builds.start_build(event=event, kind=BuildKind.PROGRAM_BOOK, by=None, enqueue=False)
    real = book.write_program_book

    def cancelled_at_the_end(**kwargs):
        pages = real(**kwargs)
        ProceedingsBuild.objects.filter(pk=build.pk).update(cancel_requested=True)
        return pages

    monkeypatch.setattr(book, "write_program_book", cancelled_at_the_end)

    assert builds.run_build(build_id=build.pk) == BuildStatus.CANCELLED
    build.refresh_from_db()
    assert not build.pdf
