"""Emails to reviewers: their new assignments, each told once, when a chair asks; a reminder
of their unfinished reviews, at most once a day, when a chair asks (the automatic reminders
before reviews are due come from the reminder engine, mails.reminders). Both list only titles,
tracks and due dates, so they are safe in every review mode."""

from collections import defaultdict
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from conf_portal.links import site_url
from mails.services import enqueue_on_commit, queue_email
from tracks.enums import DeadlineKind
from tracks.models import Event

from ..conflicts import conflict_map
from ..enums import REVIEWABLE_STATES
from ..models import Review, ReviewAssignment, ReviewReminder
from ..rules import assignment_scope
from .reviewing import review_deadline


class Row(NamedTuple):
    assignment_id: int
    reviewer_id: int
    notified: bool
    finished: bool


def unfinished(assignments):
    """The assignments whose reviewer has not submitted a review yet (drafts count)."""
    return assignments.annotate(finished=Exists(_submitted_review())).filter(finished=False)


def _submitted_review():
    return Review.objects.filter(
        submission=OuterRef("submission"), reviewer=OuterRef("reviewer"), submitted_at__isnull=False
    )


def chair_rows(event, chair) -> list[Row]:
    """The assignments of the proposals under review in the chair's tracks, without the
    proposals the chair is in conflict with and the pairs in conflict (a conflict found after
    assigning ends the reviewing, and the emails about it). 7 queries."""
    queryset = ReviewAssignment.objects.filter(
        submission__event=event, submission__state__in=REVIEWABLE_STATES
    )
    scope = assignment_scope(chair, event)
    if scope == frozenset():
        return []
    if scope is not None:
        queryset = queryset.filter(submission__track_id__in=scope)
    rows = list(
        queryset.annotate(finished=Exists(_submitted_review())).values_list(
            "pk", "submission_id", "reviewer_id", "notified_at", "finished"
        )
    )
    return [
        Row(pk, uid, notified is not None, finished)
        for pk, sid, uid, notified, finished in _without_conflicts(event, rows, chair.pk)
    ]


def _without_conflicts(event, rows, *also_user_ids):
    """``rows`` (whose 2nd and 3rd items are submission and reviewer ids) but those whose
    reviewer, or any of ``also_user_ids``, is in conflict with the proposal (6 queries)."""
    conflicted = conflict_map(
        event,
        submission_ids={row[1] for row in rows},
        user_ids={row[2] for row in rows} | set(also_user_ids),
    )
    return [
        row
        for row in rows
        if (row[1], row[2]) not in conflicted
        and not any((row[1], uid) in conflicted for uid in also_user_ids)
    ]


def reviewer_mail_summary(event, chair) -> dict[str, int]:
    """What the chair's "tell the reviewers" card says (8 queries)."""
    rows = chair_rows(event, chair)
    new = [row for row in rows if not row.notified]
    late = {row.reviewer_id for row in rows if not row.finished}
    reminded = set(
        ReviewReminder.objects.filter(
            event=event, sent_on=_today(event), reviewer_id__in=late
        ).values_list("reviewer_id", flat=True)
    )
    return {
        "new_assignments": len(new),
        "new_reviewers": len({row.reviewer_id for row in new}),
        "unfinished_reviewers": len(late),
        "to_remind": len(late - reminded),
        "reminded_today": len(reminded),
        "automatic_reminders": _automatic_reminders(event),
    }


def _automatic_reminders(event) -> str:
    """When the reminders engine reminds reviewers before reviews are due, e.g. "3 days"."""
    from mails.reminders.rules import event_rules, format_offsets

    rule = event_rules(event)[DeadlineKind.REVIEWS_DUE]
    return format_offsets(rule.offsets) if rule.enabled and rule.offsets else ""


def request_assignment_emails(*, event, by) -> tuple[int, int]:
    """Queue, after commit, one email per reviewer listing the assignments in ``by``'s tracks
    they were not told of. Returns (reviewers, assignments); ValidationError if none."""
    from ..tasks_notifications import email_assignments

    pending = [row for row in chair_rows(event, by) if not row.notified]
    if not pending:
        raise ValidationError("Every reviewer has been emailed about their assignments.")
    ids = sorted(row.assignment_id for row in pending)
    event_id = event.pk
    enqueue_on_commit(
        email_assignments, run_here_if_refused=True, event_id=event_id, assignment_ids=ids
    )
    return len({row.reviewer_id for row in pending}), len(ids)


def send_assignment_emails(*, event_id: int, assignment_ids: list[int]) -> int:
    """Email each reviewer the assignments of ``assignment_ids`` they were not told of, in one
    email, exactly once: the assignments are locked, and marked in the same transaction as the
    emails are queued. Returns how many emails were queued."""
    with transaction.atomic():
        event = Event.objects.filter(pk=event_id).first()
        if event is None:
            return 0
        pending = ReviewAssignment.objects.select_for_update(of=("self",)).filter(
            pk__in=assignment_ids,
            notified_at__isnull=True,
            submission__event=event,
            submission__state__in=REVIEWABLE_STATES,
        )
        rows = pending.values_list("pk", "submission_id", "reviewer_id")
        clear = {row[0] for row in _without_conflicts(event, list(rows))}
        assignments = list(
            pending.filter(pk__in=clear)
            .select_related("reviewer", "submission__track", "submission__session_type")
            .order_by("reviewer_id", "submission__title", "pk")
        )
        by_reviewer = defaultdict(list)
        for assignment in assignments:
            by_reviewer[assignment.reviewer].append(assignment.submission)
        deadlines = list(event.deadlines.filter(kind=DeadlineKind.REVIEWS_DUE))
        for reviewer, submissions in by_reviewer.items():
            count = len(submissions)
            _email_reviewer(
                event, reviewer, submissions, deadlines,
                subject=f"{count} proposal{'s' if count > 1 else ''} to review for {event.name}",
                template="reviews/email/new_assignments.txt",
            )  # fmt: skip
        ReviewAssignment.objects.filter(pk__in=[a.pk for a in assignments]).update(
            notified_at=timezone.now()
        )
    return len(by_reviewer)


def request_review_reminders(*, event, by) -> int:
    """Queue, after commit, a reminder to every reviewer with unfinished reviews in ``by``'s
    tracks who was not reminded today. Returns how many; ValidationError if none."""
    from ..tasks_notifications import remind_reviewers

    late = {row.reviewer_id for row in chair_rows(event, by) if not row.finished}
    reminded = ReviewReminder.objects.filter(event=event, sent_on=_today(event))
    pending = sorted(late - set(reminded.values_list("reviewer_id", flat=True)))
    if not pending:
        raise ValidationError(
            "No reviewer to remind: every review is in, or its reviewer was reminded today."
        )
    enqueue_on_commit(
        remind_reviewers, run_here_if_refused=True,
        event_id=event.pk, reviewer_ids=pending, sent_by_id=by.pk,
    )  # fmt: skip
    return len(pending)


def send_review_reminders(*, event_id: int, reviewer_ids: list[int], sent_by_id=None) -> int:
    """Remind each reviewer of all their unfinished reviews of the event, at most once a day
    (the ReviewReminder unique key backs it). Returns how many reminders were queued."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    deadlines = list(event.deadlines.filter(kind=DeadlineKind.REVIEWS_DUE))
    today = _today(event)
    sent = 0
    for reviewer in get_user_model().objects.filter(pk__in=reviewer_ids).order_by("pk"):
        with transaction.atomic():
            mine = ReviewAssignment.objects.filter(
                reviewer=reviewer, submission__event=event, submission__state__in=REVIEWABLE_STATES
            )
            rows = unfinished(mine).values_list("pk", "submission_id", "reviewer_id")
            clear = {row[0] for row in _without_conflicts(event, list(rows))}
            submissions = [
                assignment.submission
                for assignment in mine.filter(pk__in=clear)
                .select_related("submission__track", "submission__session_type")
                .order_by("submission__title", "pk")
            ]
            if not submissions:
                continue
            reminder, created = ReviewReminder.objects.get_or_create(
                event=event, reviewer=reviewer, sent_on=today, defaults={"sent_by_id": sent_by_id}
            )
            if not created:  # reminded today already, by an earlier run
                continue
            count = len(submissions)
            reminder.email = _email_reviewer(
                event, reviewer, submissions, deadlines,
                subject=f"Reminder: {count} review{'s' if count > 1 else ''} to finish "
                f"for {event.name}",
                template="reviews/email/review_reminder.txt",
            )  # fmt: skip
            reminder.save(update_fields=["email"])
            sent += 1
    return sent


def _email_reviewer(event, reviewer, submissions, deadlines, *, subject: str, template: str):
    items = []
    for submission in submissions:
        due = review_deadline(submission, deadlines)
        items.append({"submission": submission, "due": due})
    body = render_to_string(template, {
        "reviewer": reviewer, "event": event, "items": items, "site_name": settings.SITE_NAME,
        "url": site_url(reverse("reviews:home", args=[event.slug])),
    })  # fmt: skip
    return queue_email(
        to=reviewer.email, subject=subject, body=body, event=event, about=submissions
    )


def _today(event):
    return timezone.localdate(timezone=event.zone)
