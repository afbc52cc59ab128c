"""Telling the committee of new activity on a proposal: a discussion comment, the authors'
response. Each is emailed once to those who may read it, never to conflicted members or
reviewers who may not read the others' reviews yet, and never with its text: the email only
says where to look, so no review mode can leak through it."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from conf_portal.links import site_url
from mails.services import queue_email

from ..access import can_read_reviews
from ..models import AuthorResponse, DiscussionComment, ReviewAssignment, ReviewerProfile
from ..selectors import chair_ids

UNSENT_AFTER = timedelta(minutes=10)
UNSENT_WITHIN = timedelta(days=2)


def activity_readers(submission, *, except_id: int | None = None) -> list:
    """The proposal's chairs and reviewers who may read its reviews and discussion now and
    want activity emails, without ``except_id`` (whoever caused the activity)."""
    ids = chair_ids(submission) | set(
        ReviewAssignment.objects.filter(submission=submission).values_list("reviewer_id", flat=True)
    )
    ids.discard(except_id)
    ids -= set(
        ReviewerProfile.objects.filter(
            event_id=submission.event_id, user_id__in=ids, activity_emails=False
        ).values_list("user_id", flat=True)
    )
    users = get_user_model().objects.filter(pk__in=ids).order_by("pk")
    return [user for user in users if can_read_reviews(user, submission)]


def email_new_comment(*, comment_id: int) -> int:
    """Tell the proposal's readers, but its writer, of a new discussion comment, once."""
    return _email_once(
        DiscussionComment, comment_id,
        subject="New comment on “{title}”",
        template="reviews/email/new_comment.txt",
        anchor="#discussion",
    )  # fmt: skip


def email_author_response(*, response_id: int) -> int:
    """Tell the proposal's readers that its authors responded to the reviews, once."""
    return _email_once(
        AuthorResponse, response_id,
        subject="The authors of “{title}” responded to the reviews",
        template="reviews/email/author_response.txt",
        anchor="#author-response-heading",
    )  # fmt: skip


def email_unsent_activity(*, now=None) -> int:
    """Celery beat: the comments and first responses of the last UNSENT_WITHIN whose email task
    was lost (the broker was down when they were saved) are emailed after UNSENT_AFTER; older
    ones are left alone. Returns emails queued."""
    now = now or timezone.now()
    cutoff, since = now - UNSENT_AFTER, now - UNSENT_WITHIN
    queued = 0
    unsent = DiscussionComment.objects.filter(
        emailed_at__isnull=True, created_at__lt=cutoff, created_at__gte=since
    )
    for comment_id in unsent.values_list("pk", flat=True):
        queued += email_new_comment(comment_id=comment_id)
    unsent = AuthorResponse.objects.filter(
        emailed_at__isnull=True, submitted_at__lt=cutoff, submitted_at__gte=since
    )
    for response_id in unsent.values_list("pk", flat=True):
        queued += email_author_response(response_id=response_id)
    return queued


def _email_once(model, pk: int, *, subject: str, template: str, anchor: str) -> int:
    """Email the readers of the proposal of ``model`` row ``pk`` unless it was emailed already:
    the row is locked and marked ``emailed_at`` in the same transaction as the emails are
    queued. Returns how many were queued."""
    with transaction.atomic():
        activity = (
            model.objects.select_for_update(of=("self",))
            .select_related("submission__event", "submission__track")
            .filter(pk=pk, emailed_at__isnull=True)
            .first()
        )
        if activity is None:
            return 0
        submission = activity.submission
        count = _email_readers(
            submission,
            except_id=getattr(activity, "author_id", None),
            subject=subject.format(title=submission.title),
            template=template,
            anchor=anchor,
        )
        activity.emailed_at = timezone.now()
        activity.save(update_fields=["emailed_at"])
    return count


def _email_readers(submission, *, except_id, subject: str, template: str, anchor: str) -> int:
    event = submission.event
    path = reverse("reviews:proposal-reviews", args=[event.slug, submission.pk])
    readers = activity_readers(submission, except_id=except_id)
    for reader in readers:
        body = render_to_string(template, {
            "submission": submission, "event": event, "reader": reader,
            "url": site_url(path) + anchor,
            "profile_url": site_url(reverse("reviews:profile", args=[event.slug])),
        })  # fmt: skip
        queue_email(
            to=reader.email, subject=f"{subject} · {event.name}", body=body, event=event,
            about=[submission],
        )  # fmt: skip
    return len(readers)
