"""A volume built by a real Celery worker through the real broker (Redis when REDIS_URL is set,
else the filesystem transport), not eagerly; a redelivered task changes nothing."""

import time

import pytest
from celery.contrib.testing.worker import start_worker

from conf_portal.celery import app
from proceedings.builds import start_build
from proceedings.enums import FINISHED_BUILD_STATES, BuildStatus
from proceedings.models import ProceedingsBuild
from tracks.enums import CommitteeRole

from .volume_world import make_world

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def celery_worker():
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as w:
            yield w
    finally:
        app.conf.task_always_eager = True


def _wait_for(predicate, seconds=60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_a_worker_builds_the_volume_and_a_redelivered_task_changes_nothing(celery_worker):
    from proceedings.tasks import build as build_task

    event, _, roles = make_world(pages=(4, 5))

    build = start_build(event=event, by=roles[CommitteeRole.PROCEEDINGS_CHAIR])
    finished = _wait_for(
        lambda: ProceedingsBuild.objects.get(pk=build.pk).status in FINISHED_BUILD_STATES
    )

    build.refresh_from_db()
    assert finished
    assert (build.status, build.done, build.total, build.error) == (BuildStatus.DONE, 2, 2, "")
    first = (build.pdf.name, build.finished_at, build.papers.count())
    build_task.delay(build_id=build.pk)  # as if the broker delivered the message again
    time.sleep(2)
    build.refresh_from_db()
    assert (build.pdf.name, build.finished_at, build.papers.count()) == first
