"""The camera-ready check of one paper, run after its upload commits (imported by tasks.py so
that workers register it)."""

import logging

from celery import shared_task
from django.db import OperationalError

from submissions.models import Submission

from .services import refresh_paper_check

logger = logging.getLogger(__name__)


@shared_task(
    name="conf_portal.proceedings.check_paper",
    ignore_result=True,
    autoretry_for=(OperationalError,),
    retry_backoff=5,
    max_retries=5,
    soft_time_limit=60,
    time_limit=90,
)
def check_paper(*, submission_id: int) -> None:
    """Idempotent: checks whatever camera-ready the proposal has now."""
    submission = (
        Submission.objects.select_related("event", "session_type").filter(pk=submission_id).first()
    )
    if submission is None:
        logger.info("Proposal %s is gone; nothing to check", submission_id)
        return
    check = refresh_paper_check(submission=submission)
    logger.info("Checked the camera-ready of %s: %d problems", submission_id, len(check.problems))
