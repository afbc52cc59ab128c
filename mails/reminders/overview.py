"""What the reminders page shows: each rule's next run and what it sent, and a preview of a
rule for a real recipient due now (or a sample) with how many people would get it now."""

from datetime import timedelta
from typing import NamedTuple

from django.db.models import Count, Max
from django.utils import timezone

from submissions.models import Extension
from tracks.enums import DeadlineKind

from ..models import ReminderReceipt
from .dispatch import work_out
from .recipients import Deadlines, DueItem, due_items
from .render import compose


class RuleSummary(NamedTuple):
    rule: object
    next_run: object  # an aware datetime, or None
    sent: int
    emails: int
    last_sent: object


def next_run(rule, deadlines, extensions, *, now):
    """The next instant one of the rule's offsets fires for one of its deadlines (extensions
    of the call count for submissions), or None."""
    if not rule.enabled:
        return None
    dues = [deadline.due for deadline in deadlines if deadline.kind == rule.kind]
    if rule.kind == DeadlineKind.CFP_CLOSES:
        dues += [extension.due for extension in extensions]
    fires = [due - timedelta(minutes=minutes) for due in dues for minutes in rule.offsets]
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
        summaries.append(RuleSummary(
            rule, next_run(rule, deadlines, extensions, now=now),
            row.get("sent", 0), row.get("emails", 0), row.get("last"),
        ))  # fmt: skip
    return summaries


class Preview(NamedTuple):
    subject: str
    body: str
    to: str
    sample: bool  # nobody is due: a made-up recipient and item
    count: int  # people who would get it if the dispatcher ran now


def preview_rule(event, rule, *, now=None) -> Preview:
    """``rule`` (saved or not) rendered for someone it would go to now, else for someone due
    before one of its deadlines, else for a sample."""
    now = now or timezone.now()
    planned = work_out(event, {rule.kind: rule}, now=now) if rule.offsets else []
    count = len({reminder.user_id for reminder in planned})
    if planned:
        items, sample = planned[0].items, False
    else:
        due = due_items(event, [rule.kind], now=now,
                        deadlines=Deadlines(event, event.deadlines.all()))  # fmt: skip
        first = min(due, key=lambda item: (item.due, item.user_id), default=None)
        items = [i for i in due if first and (i.user_id, i.due) == (first.user_id, first.due)]
        sample = not items
        items = items or [_sample_item(event, rule, now)]
    subject, body = compose(event=event, name=items[0].name, sections=[(rule, items)], now=now)
    return Preview(subject, body, "" if sample else items[0].email, sample, count)


def _sample_item(event, rule, now) -> DueItem:
    due = now + timedelta(minutes=min(rule.offsets or [24 * 60]))
    return DueItem(
        rule.kind, 0, "ada@example.org", "Ada Lovelace", due, event.time_zone, None,
        "An example proposal", "/",
    )  # fmt: skip
