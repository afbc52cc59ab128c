"""The emails of the review: decisions, committee activity, reviewer assignments and reminders.

Each task is a thin wrapper around a service that queues its emails exactly once in one
transaction, so a transient database error (a lock timeout, SQLite's "database is locked")
leaves nothing half done and the retry re-reads who is still to be told."""

import logging
from functools import partial

from celery import shared_task
from django.db import OperationalError

from .services.activity import email_author_response, email_new_comment, email_unsent_activity
from .services.notifications import send_decision_notifications
from .services.reviewer_mail import send_assignment_emails, send_review_reminders

logger = logging.getLogger(__name__)

email_task = partial(
    shared_task,
    ignore_result=True,
    autoretry_for=(OperationalError,),
    retry_backoff=5,
    max_retries=5,
)


@email_task(name="conf_portal.reviews.notify_decisions")
def notify_decisions(*, event_id: int, submission_ids: list[int], sent_by_id: int | None) -> int:
    queued = send_decision_notifications(
        event_id=event_id, submission_ids=submission_ids, sent_by_id=sent_by_id
    )
    logger.info("Queued %d decision emails for event %s", queued, event_id)
    return queued


@email_task(name="conf_portal.reviews.email_comment")
def email_comment(*, comment_id: int) -> int:
    return email_new_comment(comment_id=comment_id)


@email_task(name="conf_portal.reviews.email_response")
def email_response(*, response_id: int) -> int:
    return email_author_response(response_id=response_id)


@email_task(name="conf_portal.reviews.email_assignments")
def email_assignments(*, event_id: int, assignment_ids: list[int]) -> int:
    return send_assignment_emails(event_id=event_id, assignment_ids=assignment_ids)


@email_task(name="conf_portal.reviews.remind_reviewers")
def remind_reviewers(*, event_id: int, reviewer_ids: list[int], sent_by_id: int | None) -> int:
    return send_review_reminders(
        event_id=event_id, reviewer_ids=reviewer_ids, sent_by_id=sent_by_id
    )


@email_task(name="conf_portal.reviews.email_unsent_activity")
def email_lost_activity() -> int:
    """Celery beat: comments and responses whose email task never ran."""
    return email_unsent_activity()
