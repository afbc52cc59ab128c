"""Decision emails: the organizers' templates, their placeholders, and sending each speaker the
decision of each proposal exactly once, through the outbox."""

import re
from collections import Counter, defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from conf_portal.links import site_url
from mails.enums import EmailStatus
from mails.services import enqueue_on_commit, queue_email
from submissions.models import Speaker, Submission
from tracks.models import Event

from ..access import review_settings
from ..conflicts import conflict_map
from ..enums import Decision
from ..models import DecisionNotification, MetaReview, NotificationTemplate, Review
from ..rules import assignment_scope

PLACEHOLDERS = {
    "title": "the proposal's title",
    "track": "its track",
    "session_type": "its session type",
    "event": "the event's name",
    "speakers": "the speakers' names",
    "reviews": "the reviews meant for authors (scores and comments to authors), if any",
    "meta_review": "the track chair's meta-review, if any",
    "proposal_url": "the address of the proposal's page, where speakers confirm or decline",
}
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
BLANK_LINES = re.compile(r"\n\s*\n(\s*\n)+")
# A placeholder alone on its line, with the line introducing it ("…:") just above (blank lines
# between): when the placeholder is empty, both go, so no "The reviews:" over nothing.
# ([^\S\n] is a space, a tab or the \r of a textarea's \r\n.)
INTRODUCED = re.compile(
    r"^[^\n]*:[^\S\n]*\n(?:[^\S\n]*\n)*[^\S\n]*\{(?P<name>[^{}\n]*)\}[^\S\n]*$", re.M
)


def validate_placeholders(text: str, placeholders=PLACEHOLDERS) -> None:
    """Raise ValidationError naming every {placeholder} that is not one of ``placeholders``
    (the decision emails', unless another template kind passes its own)."""
    unknown = sorted({name for name in PLACEHOLDER.findall(text) if name not in placeholders})
    if unknown:
        names = ", ".join(f"{{{name}}}" for name in unknown)
        known = ", ".join(f"{{{name}}}" for name in placeholders)
        raise ValidationError(
            f"Unknown placeholder{'s' if len(unknown) > 1 else ''} {names}. Use: {known}."
        )


def fill(text: str, values: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), text)


def default_template(event, decision: str) -> NotificationTemplate:
    """The unsaved template an event starts with: templates/reviews/email/decision_<state>.txt,
    whose first line is the subject."""
    text = render_to_string(f"reviews/email/decision_{Decision(decision).value}.txt")
    subject, _, body = text.partition("\n")
    return NotificationTemplate(
        event=event,
        decision=decision,
        subject=subject.removeprefix("Subject:").strip(),
        body=body.strip() + "\n",
    )


def notification_templates(event) -> dict[str, NotificationTemplate]:
    """Each decision's template: the organizers' version, else the default."""
    saved = {t.decision: t for t in NotificationTemplate.objects.filter(event=event)}
    return {d: saved.get(d) or default_template(event, d) for d in Decision.values}


def save_notification_template(*, event, decision: str, subject: str, body: str):
    validate_placeholders(subject)
    validate_placeholders(body)
    template, _ = NotificationTemplate.objects.update_or_create(
        event=event, decision=decision, defaults={"subject": subject, "body": body}
    )
    return template


def _score_line(criterion, value) -> str:
    label = criterion.labels.get(str(value))
    return f"- {criterion.name}: {value}/{criterion.max_value}{f' ({label})' if label else ''}"


def reviews_for_authors(reviews, *, show_reviewers: bool) -> str:
    """The text authors may read of a proposal's submitted reviews: the overall score, scores
    per criterion and comments to authors (as on their reviews page); never confidential
    comments, and reviewer names only in open mode."""
    parts = []
    for number, review in enumerate(reviews, start=1):
        name = review.reviewer.public_name if show_reviewers else f"Reviewer {number}"
        lines = [f"Review {number} — {name}" if show_reviewers else f"Review {number}"]
        if review.overall is not None:
            label = review.form.overall_labels.get(str(review.overall))
            maximum = review.form.overall_max
            lines.append(f"- Overall: {review.overall}/{maximum}{f' ({label})' if label else ''}")
        scores = sorted(review.scores.all(), key=lambda s: (s.criterion.position, s.criterion.pk))
        lines += [_score_line(score.criterion, score.value) for score in scores]
        if review.comments_to_authors.strip():
            lines += ["", review.comments_to_authors.strip()]
        parts.append("\n".join(lines))
    return "\n\n---\n\n".join(parts)


def placeholder_values(submissions) -> dict[int, dict[str, str]]:
    """Every placeholder's value for each proposal (of one event), in a constant number of
    queries."""
    submissions = list(submissions)
    if not submissions:
        return {}
    event = submissions[0].event
    settings_ = review_settings(event)
    ids = [s.pk for s in submissions]
    reviews = defaultdict(list)
    for review in (
        Review.objects.filter(submission_id__in=ids, submitted_at__isnull=False)
        .select_related("reviewer", "form")
        .prefetch_related("scores__criterion")
        .order_by("submitted_at", "pk")
    ):
        reviews[review.submission_id].append(review)
    meta = {}
    if settings_.meta_review:
        meta = dict(MetaReview.objects.filter(submission_id__in=ids).values_list(
            "submission_id", "text"))  # fmt: skip
    speakers = defaultdict(list)
    for speaker in Speaker.objects.filter(submission_id__in=ids).select_related("user"):
        speakers[speaker.submission_id].append(speaker.user.public_name)
    return {
        s.pk: {
            "title": s.title,
            "track": s.track.name,
            "session_type": s.session_type.name,
            "event": event.name,
            "speakers": ", ".join(speakers[s.pk]),
            "reviews": reviews_for_authors(
                reviews[s.pk], show_reviewers=not settings_.hides_reviewers
            ),
            "meta_review": meta.get(s.pk, "").strip(),
            "proposal_url": site_url(
                reverse("submissions:detail", kwargs={"event": event.slug, "pk": s.pk})
            ),
        }
        for s in submissions
    }


def render_notification(template: NotificationTemplate, values: dict[str, str]):
    """(subject, body) of one proposal's email; an empty placeholder alone on its line leaves
    out the line that introduces it too (see INTRODUCED)."""
    body = INTRODUCED.sub(
        lambda match: "" if values.get(match["name"], "x") == "" else match[0], template.body
    )
    body = BLANK_LINES.sub("\n\n", fill(body, values)).strip() + "\n"
    return " ".join(fill(template.subject, values).split()), body


def notifiable_submissions(event, user):
    """Decided proposals the user may notify: in their tracks, not in conflict with them."""
    scope = assignment_scope(user, event)
    queryset = Submission.objects.filter(event=event, state__in=Decision.values)
    if scope == frozenset():
        return queryset.none()
    if scope is not None:
        queryset = queryset.filter(track_id__in=scope)
    conflicted = {sid for sid, _ in conflict_map(event, user_ids=[user.pk])}
    return queryset.exclude(pk__in=conflicted)


def pending_notifications(submissions) -> list[tuple[int, str, int, int]]:
    """(submission id, decision, speaker id, round) of every speaker whose last email does not
    tell the proposal's current decision (none yet, or the decision changed since)."""
    states = dict(submissions.values_list("pk", "state"))
    last: dict[tuple[int, int], tuple[int, str]] = {}
    for sid, uid, round_, decision in DecisionNotification.objects.filter(
        submission_id__in=states
    ).values_list("submission_id", "recipient_id", "round", "decision"):
        if (sid, uid) not in last or round_ > last[sid, uid][0]:
            last[sid, uid] = (round_, decision)
    pairs = Speaker.objects.filter(submission_id__in=states).values_list("submission_id", "user_id")
    pending = []
    for sid, uid in pairs:
        round_, told = last.get((sid, uid), (0, None))
        if told != states[sid]:
            pending.append((sid, states[sid], uid, round_ + 1))
    return sorted(pending)


def request_decision_notifications(*, event, by) -> tuple[int, int]:
    """Queue, after commit, the task that emails every speaker of the decided proposals ``by``
    may notify who was not told yet. Returns (speakers, proposals); raises ValidationError when
    there is no one to notify."""
    from ..tasks_notifications import notify_decisions

    pending = pending_notifications(notifiable_submissions(event, by))
    if not pending:
        raise ValidationError("Every speaker of a decided proposal has been notified already.")
    submission_ids = sorted({pending_row[0] for pending_row in pending})
    enqueue_on_commit(
        notify_decisions, run_here_if_refused=True,
        event_id=event.pk, submission_ids=submission_ids, sent_by_id=by.pk,
    )  # fmt: skip
    return len(pending), len(submission_ids)


def send_decision_notifications(*, event_id: int, submission_ids: list[int], sent_by_id=None):
    """Email each speaker of ``submission_ids`` their proposal's current decision, exactly once:
    runs serialised per event (a lock on the event row), skips speakers already told (the
    DecisionNotification unique key backs it), queues the emails in the same transaction and
    from then on shows the speakers the decision. Returns how many emails were queued."""
    with transaction.atomic():
        event = Event.objects.select_for_update().filter(pk=event_id).first()
        if event is None:
            return 0
        submissions = Submission.objects.filter(
            event=event, pk__in=submission_ids, state__in=Decision.values
        ).select_related("track", "session_type")
        pending = pending_notifications(submissions)
        if not pending:
            return 0
        by_id = {s.pk: s for s in submissions}
        values = placeholder_values(by_id[sid] for sid in sorted({p[0] for p in pending}))
        templates = notification_templates(event)
        emails = dict(Speaker.objects.filter(submission_id__in=by_id).values_list(
            "user_id", "user__email"))  # fmt: skip
        rendered = {}
        records = []
        for sid, decision, uid, round_ in pending:
            if (sid, decision) not in rendered:
                rendered[sid, decision] = render_notification(templates[decision], values[sid])
            subject, body = rendered[sid, decision]
            email = queue_email(
                to=emails[uid], subject=subject, body=body, event=event, about=[sid]
            )
            records.append(DecisionNotification(
                submission_id=sid, decision=decision, recipient_id=uid, round=round_,
                email=email, sent_by_id=sent_by_id,
            ))  # fmt: skip
        DecisionNotification.objects.bulk_create(records)
        for decision in {decision for _, decision in rendered}:
            told = [sid for sid, told_decision in rendered if told_decision == decision]
            # The speakers now know the decision (unless a chair changed it meanwhile).
            Submission.objects.filter(pk__in=told, state=decision).update(announced_state="")
    return len(records)


def notification_progress(submissions) -> dict[str, int]:
    """How many decision emails of ``submissions`` are queued, sending, sent and failed."""
    counts = Counter(
        DecisionNotification.objects.filter(submission__in=submissions).values_list(
            "email__status", flat=True
        )
    )
    progress = {status: counts.get(status, 0) for status in EmailStatus.values}
    progress["total"] = sum(counts.values())
    return progress
