import logging

from celery import Task, shared_task

from .services import runs

logger = logging.getLogger(__name__)


class _MarkRunFailedOnFailure(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        logger.error("Assignment run %s failed: %r", kwargs.get("run_id"), exc)
        runs.mark_assignment_run_failed(
            run_id=kwargs["run_id"], error=f"{type(exc).__name__}: {exc}"
        )


@shared_task(
    name="conf_portal.reviews.run_assignment",
    base=_MarkRunFailedOnFailure,
    ignore_result=True,
)
def run_assignment(*, run_id: int) -> bool:
    return runs.execute_assignment_run(run_id=run_id)


from . import tasks_notifications  # noqa: E402, F401  (registers the email tasks)
