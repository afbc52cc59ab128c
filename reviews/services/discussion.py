"""The committee's discussion of a proposal."""

from django.core.exceptions import ValidationError
from django.db import transaction

from mails.services import enqueue_on_commit

from ..access import can_discuss
from ..models import DiscussionComment

MAX_COMMENT_LENGTH = 10_000


def post_comment(*, submission, author, text: str) -> DiscussionComment:
    """Add the author's Markdown comment to the proposal's committee discussion.

    The proposal's other readers are emailed that there is a new comment, after commit.
    Refuses empty or overlong text, and anyone who may not take part in the discussion (outside
    the proposal's chairs and reviewers, or in conflict with it).
    """
    text = text.strip()
    if not text:
        raise ValidationError("Write a comment first.")
    if len(text) > MAX_COMMENT_LENGTH:
        raise ValidationError(f"Keep comments under {MAX_COMMENT_LENGTH:,} characters.")
    if not can_discuss(author, submission):
        raise ValidationError("You cannot take part in this proposal's discussion.")
    from ..tasks_notifications import email_comment

    with transaction.atomic():
        comment = DiscussionComment.objects.create(submission=submission, author=author, text=text)
        enqueue_on_commit(email_comment, comment_id=comment.pk)  # beat's sweep finds a lost one
    return comment
