"""The proceedings' background jobs: building a volume or program book (and, from
tasks_checks, the camera-ready check of one paper)."""

from celery import shared_task

from .builds import run_build
from .tasks_checks import check_paper  # noqa: F401  (registers the check task)


@shared_task(name="conf_portal.proceedings.build", ignore_result=True, acks_late=False)
def build(*, build_id: int) -> None:
    """Idempotent: a build that is not queued (done, failed, cancelled, taken) is left alone."""
    run_build(build_id=build_id)
