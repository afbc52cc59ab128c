import logging
import smtplib

from celery import Task, shared_task

from . import services

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (smtplib.SMTPException, OSError)


class _MarkFailedOnFailure(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        services.mark_email_failed(email_id=kwargs["email_id"], error=repr(exc))


@shared_task(
    name="conf_portal.mails.send",
    base=_MarkFailedOnFailure,
    bind=True,
    max_retries=5,
    default_retry_delay=60,
    ignore_result=True,
)
def send_email(self, *, email_id: int) -> bool:
    try:
        return services.deliver_email(email_id=email_id)
    except TRANSIENT_ERRORS as error:
        logger.warning("Sending email %s failed, will retry: %r", email_id, error)
        raise self.retry(exc=error) from error


@shared_task(name="conf_portal.mails.requeue_stalled", ignore_result=True)
def requeue_stalled() -> int:
    return services.requeue_stalled_emails()


@shared_task(name="conf_portal.mails.send_batch", ignore_result=True)
def send_emails(*, email_ids: list[int]) -> int:
    """A chunk of reminders (or any bulk emails): each is claimed before it is sent, so a chunk
    redelivered after its worker died sends only those still queued."""
    return services.deliver_emails(email_ids=email_ids)


@shared_task(name="conf_portal.mails.dispatch_reminders", ignore_result=True)
def dispatch_reminders() -> int:
    """Celery beat, every 5 minutes: queue every reminder that is due."""
    from .reminders.dispatch import dispatch_reminders as dispatch

    return sum(dispatch().values())
