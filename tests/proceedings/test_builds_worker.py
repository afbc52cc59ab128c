"""A volume built by a real Celery worker through the real broker (Redis when REDIS_URL is set,
else the filesystem transport), not eagerly; a redelivered task changes nothing."""

import time

import pytest

from proceedings.builds import start_build
from proceedings.enums import FINISHED_BUILD_STATES, BuildStatus
from proceedings.models import ProceedingsBuild
from tests.broker import wait_for
from tracks.enums import CommitteeRole

from .volume_world import make_world

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]


def test_a_worker_builds_the_volume_and_a_redelivered_task_changes_nothing(celery_worker):
    from proceedings.tasks import build as build_task

    event, _, roles = make_world(pages=(4, 5))

    build = start_build(event=event, by=roles[CommitteeRole.PROCEEDINGS_CHAIR])
    finished = wait_for(
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
