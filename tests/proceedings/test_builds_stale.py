"""Builds whose worker is gone (killed, restarted, never started) never lock the volume page:
the page, its progress endpoint and a cancel end them, and the page offers "Build" again."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from proceedings.builds import (
    NEVER_STARTED,
    WORKER_LOST,
    cancel_build,
    run_build,
    start_build,
)
from proceedings.enums import BuildStatus
from proceedings.models import BuildPaper, ProceedingsBuild
from proceedings.volume import assemble
from tracks.enums import CommitteeRole

from .volume_world import make_world

pytestmark = pytest.mark.django_db
START_BUTTON = "Build the volume</button>"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world():
    return make_world(pages=(4, 5))


def chair_of(roles):
    return roles[CommitteeRole.PROCEEDINGS_CHAIR]


def home(event):
    return reverse("proceedings:home", args=[event.slug])


def progress(client, event, build):
    url = reverse("proceedings:build-progress", args=[event.slug, build.pk])
    return client.get(url).json()


def running(event, by, *, started, progress_at=None, **fields) -> ProceedingsBuild:
    build = start_build(event=event, by=by, enqueue=False)
    ProceedingsBuild.objects.filter(pk=build.pk).update(
        status=BuildStatus.RUNNING, started_at=started, progress_at=progress_at, **fields
    )
    return ProceedingsBuild.objects.get(pk=build.pk)


def ago(**delta):
    return timezone.now() - timedelta(**delta)


def test_a_build_left_running_by_a_dead_worker_no_longer_locks_the_page(client, world):
    event, _, roles = world
    dead = running(event, chair_of(roles), started=ago(days=1), total=2)
    client.force_login(chair_of(roles))

    page = client.get(home(event)).content.decode()

    dead.refresh_from_db()
    assert dead.status == BuildStatus.FAILED
    assert dead.error == WORKER_LOST
    assert START_BUTTON in page
    assert "Cancel the build" not in page
    assert "js/build_progress.js" not in page  # nothing left to poll
    assert WORKER_LOST in page


def test_the_progress_endpoint_ends_a_dead_workers_build(client, world):
    event, _, roles = world
    dead = running(event, chair_of(roles), started=ago(days=1), total=2)
    client.force_login(chair_of(roles))

    state = progress(client, event, dead)

    assert state["finished"] is True  # the page's script stops polling and reloads
    assert state["status"] == BuildStatus.FAILED


def test_cancelling_a_build_past_the_time_limit_fails_it_at_once(world, settings):
    event, _, roles = world
    limit = settings.CELERY_TASK_TIME_LIMIT
    dead = running(event, chair_of(roles), started=ago(seconds=limit + 120))
    ProceedingsBuild.objects.filter(pk=dead.pk).update(progress_at=ago(minutes=5))

    assert cancel_build(build=dead, by=chair_of(roles))

    dead.refresh_from_db()
    assert dead.status == BuildStatus.FAILED
    assert dead.error == WORKER_LOST
    assert dead.finished_at is not None


def test_cancelling_a_silent_build_cancels_it_at_once(client, world):
    event, _, roles = world
    silent = running(event, chair_of(roles), started=ago(minutes=6), progress_at=ago(minutes=4))
    client.force_login(chair_of(roles))

    response = client.post(
        reverse("proceedings:build-cancel", args=[event.slug, silent.pk]), follow=True
    )

    silent.refresh_from_db()
    page = response.content.decode()
    assert silent.status == BuildStatus.CANCELLED
    assert "The build is cancelled; nothing of it was stored." in page
    assert START_BUTTON in page


def test_a_cancel_a_live_worker_ignores_ends_the_build_after_a_few_minutes(client, world):
    event, _, roles = world
    build = running(
        event, chair_of(roles), started=ago(minutes=1), progress_at=ago(seconds=5), total=9
    )
    client.force_login(chair_of(roles))
    cancel = reverse("proceedings:build-cancel", args=[event.slug, build.pk])

    page = client.post(cancel, follow=True).content.decode()

    build.refresh_from_db()
    assert build.status == BuildStatus.RUNNING  # its worker stops between two papers
    assert build.cancel_requested
    assert "Stopping…" in page
    assert "If its worker does not answer within a few minutes" in page
    assert START_BUTTON not in page
    assert progress(client, event, build)["finished"] is False
    ProceedingsBuild.objects.filter(pk=build.pk).update(progress_at=ago(minutes=4))
    assert progress(client, event, build)["finished"] is True
    build.refresh_from_db()
    assert build.status == BuildStatus.CANCELLED
    assert START_BUTTON in client.get(home(event)).content.decode()


def test_a_build_queued_for_an_hour_is_failed_by_the_page(client, world):
    event, _, roles = world
    queued = start_build(event=event, by=chair_of(roles), enqueue=False)
    ProceedingsBuild.objects.filter(pk=queued.pk).update(created_at=ago(hours=2))
    client.force_login(chair_of(roles))

    page = client.get(home(event)).content.decode()

    queued.refresh_from_db()
    assert queued.status == BuildStatus.FAILED
    assert queued.error == NEVER_STARTED
    assert START_BUTTON in page


def test_a_queued_build_is_cancelled_at_once_from_the_page(client, world):
    event, _, roles = world
    queued = start_build(event=event, by=chair_of(roles), enqueue=False)
    client.force_login(chair_of(roles))

    page = client.post(
        reverse("proceedings:build-cancel", args=[event.slug, queued.pk]), follow=True
    ).content.decode()

    queued.refresh_from_db()
    assert queued.status == BuildStatus.CANCELLED
    assert START_BUTTON in page


@pytest.mark.parametrize(
    ("started", "progress_minutes_ago"),
    [
        ({"days": 1}, 0),  # a long build (from the command line) that still reports progress
        ({"minutes": 1}, None),  # just claimed, no paper merged yet
        ({"minutes": 2}, 2),  # silent, but no cancel was asked for
    ],
)
def test_a_live_build_is_not_swept(client, world, started, progress_minutes_ago):
    event, _, roles = world
    at = None if progress_minutes_ago is None else ago(minutes=progress_minutes_ago)
    live = running(event, chair_of(roles), started=ago(**started), progress_at=at)
    client.force_login(chair_of(roles))

    page = client.get(home(event)).content.decode()

    live.refresh_from_db()
    assert live.status == BuildStatus.RUNNING
    assert START_BUTTON not in page
    assert "Cancel the build" in page


def test_a_worker_whose_build_was_ended_stores_nothing_and_keeps_the_ending(world, monkeypatch):
    event, _, roles = world
    build = start_build(event=event, by=chair_of(roles), enqueue=False)
    real = assemble.write_paper

    def swept_meanwhile(*args, **kwargs):
        ProceedingsBuild.objects.filter(pk=build.pk).update(
            status=BuildStatus.FAILED, error=WORKER_LOST, finished_at=timezone.now()
        )
        return real(*args, **kwargs)

    monkeypatch.setattr(assemble, "write_paper", swept_meanwhile)

    assert run_build(build_id=build.pk) == BuildStatus.FAILED

    build.refresh_from_db()
    assert build.error == WORKER_LOST
    assert not build.pdf
    assert not BuildPaper.objects.filter(build=build).exists()


def test_the_worker_reports_progress_as_it_goes(world):
    event, _, roles = world
    build = start_build(event=event, by=chair_of(roles), enqueue=False)
    before = timezone.now()

    run_build(build_id=build.pk)

    build.refresh_from_db()
    assert build.status == BuildStatus.DONE
    assert build.progress_at >= before
