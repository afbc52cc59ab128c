"""What the reminders page shows: each rule's next run and what it sent, and a preview of a
rule for a real recipient due now (or a sample) with how many people would get it now."""

from copy import copy
from datetime import timedelta
from typing import NamedTuple

from django.db.models import Count, Max
from django.utils import timezone

from reviews.conflicts import conflict_map
from submissions.models import Extension, Speaker
from tracks.enums import DeadlineKind

from ..models import ReminderReceipt
from ..services import single_line
from .dispatch import work_out
from .recipients import Deadlines, DueItem, due_items
from .render import compose
from .rules import BID_ITEM, bid_rule, valid_offsets


class RuleSummary(NamedTuple):
    rule: object
    next_run: object  # an aware datetime, or None
    sent: int
    emails: int
    last_sent: object
    next_due: object = None  # the next deadline of the kind ahead (when no run is left)


def _dues(rule, deadlines, extensions, now):
    dues = [deadline.due for deadline in deadlines if deadline.kind == rule.kind]
    if rule.kind == DeadlineKind.CFP_CLOSES:
        dues += [extension.due for extension in extensions]
    return [due for due in dues if due > now]


def next_run(rule, deadlines, extensions, *, now):
    """The next instant one of the rule's offsets fires for one of its deadlines (extensions
    of the call count for submissions), or None."""
    if not rule.enabled:
        return None
    dues = _dues(rule, deadlines, extensions, now)
    offsets = valid_offsets(rule.offsets)
    fires = [due - timedelta(minutes=minutes) for due in dues for minutes in offsets]
    upcoming = [fire for fire in fires if fire > now]
    return min(upcoming) if upcoming else None


def rule_summaries(event, rules, *, now=None) -> list[RuleSummary]:
    """Every rule with its next run and its receipts (3 queries)."""
    now = now or timezone.now()
    deadlines = list(event.deadlines.filter(due__gt=now))
    extensions = list(Extension.objects.filter(event=event, due__gt=now).only("due"))
    stats = {
        row["rule_id"]: row
        for row in ReminderReceipt.objects.filter(rule__event=event)
        .values("rule_id")
        .annotate(sent=Count("pk"), emails=Count("email", distinct=True), last=Max("created_at"))
        .order_by()
    }
    summaries = []
    for rule in rules:
        row = stats.get(rule.pk, {})
        dues = _dues(rule, deadlines, extensions, now)
        summaries.append(RuleSummary(
            rule, next_run(rule, deadlines, extensions, now=now),
            row.get("sent", 0), row.get("emails", 0), row.get("last"),
            min(dues) if dues else None,
        ))  # fmt: skip
    return summaries


class Preview(NamedTuple):
    subject: str
    body: str
    to: str
    sample: bool  # nobody is due: a made-up recipient and item
    count: int  # people who would get it if the dispatcher ran now


def preview_rule(event, rule, *, viewer, now=None) -> Preview:
    """``rule`` (saved or not) rendered for someone it would go to now, else for someone due
    before one of its deadlines, else for a sample. Only a recipient whose items are all clear
    of ``viewer``'s conflicts (and proposals) is shown: the outbox hides the emails about
    those from the viewer, so the preview must not show them either."""
    now = now or timezone.now()
    offsets = valid_offsets(rule.offsets)
    if offsets and offsets != rule.offsets:
        rule = copy(rule)
        rule.offsets = offsets
    planned = work_out(event, {rule.kind: rule}, now=now) if offsets else []
    count = len({reminder.user_id for reminder in planned})
    candidates = [(reminder.item, reminder.items) for reminder in planned]
    if not candidates:
        due = due_items(event, [rule.kind], now=now,
                        deadlines=Deadlines(event, event.deadlines.all()))  # fmt: skip
        groups = {}
        for item in sorted(due, key=lambda item: (item.due, item.user_id)):
            groups.setdefault((item.user_id, item.due, item.item), []).append(item)
        candidates = [(key[2], items) for key, items in groups.items()]
    hidden = _hidden_from(event, viewer, candidates)
    clear = [(what, items) for what, items in candidates
             if not any(item.submission_id in hidden for item in items)]  # fmt: skip
    what, items = clear[0] if clear else ("", [])
    sample = not items
    items = items or [_sample_item(event, rule, now)]
    shown = bid_rule(rule) if what == BID_ITEM else rule
    subject, body = compose(event=event, name=items[0].name, sections=[(shown, items)], now=now)
    return Preview(single_line(subject), body, "" if sample else items[0].email, sample, count)


def _hidden_from(event, viewer, candidates) -> set[int]:
    """The proposals among ``candidates`` the viewer is conflicted with or speaks for."""
    ids = {item.submission_id for _, items in candidates for item in items if item.submission_id}
    if not ids:
        return set()
    conflicted = conflict_map(event, submission_ids=ids, user_ids=[viewer.pk])
    own = Speaker.objects.filter(user=viewer, submission_id__in=ids).values_list(
        "submission_id", flat=True
    )
    return {submission_id for submission_id, _ in conflicted} | set(own)


def _sample_item(event, rule, now) -> DueItem:
    due = now + timedelta(minutes=min(rule.offsets or [24 * 60]))
    return DueItem(
        rule.kind, 0, "ada@example.org", "Ada Lovelace", due, event.time_zone, None,
        "An example proposal", "/",
    )  # fmt: skip
