"""The dispatcher: for every enabled rule, each person due gets the reminder of the tightest
offset whose time has come, once per (rule, offset, person, deadline instant), all of a
person's due items in one email per run."""

import gc
import logging
from collections import defaultdict
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import NamedTuple

from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone

from reviews.models import ReviewReminder
from submissions.models import Extension
from tracks.enums import DeadlineKind
from tracks.models import Deadline, Event

from ..models import ReminderReceipt, ReminderRule
from ..services import Draft, insert_rows, queue_emails
from .recipients import Deadlines, DueItem, due_items
from .render import compose
from .rules import REMINDED_KINDS, event_rules

logger = logging.getLogger(__name__)


class Planned(NamedTuple):
    """One reminder to send now: the rule, the offset it fires for, whom and which instant."""

    rule: ReminderRule
    offset: int
    user_id: int
    due: datetime
    items: list[DueItem]


def tightest_offset(offsets, due: datetime, now: datetime) -> int | None:
    """The smallest offset whose fire time (``due`` − offset) has come, while the deadline is
    still ahead; None before the first one or after the deadline."""
    if now >= due:
        return None
    fired = [minutes for minutes in offsets if due - timedelta(minutes=minutes) <= now]
    return min(fired) if fired else None


def plan(rules: dict[str, ReminderRule], items, *, now, sent=None, manual=None) -> list[Planned]:
    """The reminders due now. ``sent`` maps (rule id, user id, instant) to the tightest offset
    already sent; ``manual`` maps a reviewer to their latest chair's reminder, which counts as
    the reviews reminder of any offset that fired before it."""
    sent, manual = sent or {}, manual or {}
    groups = defaultdict(list)
    for item in items:
        groups[(item.kind, item.user_id, item.due)].append(item)
    planned = []
    for (kind, user_id, due), mine in groups.items():
        rule = rules.get(kind)
        if rule is None:
            continue
        offset = tightest_offset(rule.offsets, due, now)
        if offset is None:
            continue
        done = sent.get((rule.pk, user_id, due))
        if done is not None and done <= offset:
            continue
        fired_at = due - timedelta(minutes=offset)
        if kind == DeadlineKind.REVIEWS_DUE and manual.get(user_id, fired_at) > fired_at:
            continue
        planned.append(Planned(rule, offset, user_id, due, mine))
    return planned


def _sent(rules, now) -> dict:
    rows = (
        ReminderReceipt.objects.filter(rule__in=[rule.pk for rule in rules], deadline_due__gt=now)
        .values_list("rule_id", "recipient_id", "deadline_due")
        .annotate(tightest=Min("offset_minutes"))
        .order_by()
    )
    return {(rule_id, user_id, due): tightest for rule_id, user_id, due, tightest in rows}


def _manual_reminders(event) -> dict:
    rows = (
        ReviewReminder.objects.filter(event=event)
        .values_list("reviewer_id")
        .annotate(latest=Max("created_at"))
        .order_by()
    )
    return dict(rows)


def enabled_rules(rules) -> dict[str, ReminderRule]:
    return {rule.kind: rule for rule in rules
            if rule.enabled and rule.offsets and rule.kind in REMINDED_KINDS}  # fmt: skip


def work_out(event, rules: dict[str, ReminderRule], *, now) -> list[Planned]:
    """Who gets which reminder now (a constant number of queries)."""
    if not rules:
        return []
    items = due_items(event, rules, now=now, deadlines=Deadlines(event, event.deadlines.all()))
    manual = _manual_reminders(event) if DeadlineKind.REVIEWS_DUE in rules else {}
    return plan(rules, items, now=now, sent=_sent(rules.values(), now), manual=manual)


def dispatch_event(event, *, now=None) -> int:
    """Queue every reminder of ``event`` due now, exactly once. The event's rule rows are locked
    for the run, so a second dispatcher waits and then sees this one's receipts; the receipts'
    unique key backs it. Returns how many emails were queued."""
    now = now or timezone.now()
    event_rules(event)
    with _no_collection_passes(), transaction.atomic():
        locked = ReminderRule.objects.select_for_update().filter(event=event).order_by("pk")
        planned = work_out(event, enabled_rules(list(locked)), now=now)
        if not planned:
            return 0
        by_user = defaultdict(list)
        for reminder in planned:
            by_user[reminder.user_id].append(reminder)
        users, drafts = [], []
        order = {kind: position for position, kind in enumerate(REMINDED_KINDS)}
        for user_id, reminders in by_user.items():
            reminders.sort(key=lambda reminder: (order[reminder.rule.kind], reminder.due))
            first = reminders[0].items[0]
            if not first.email:
                continue
            sections = _sections(reminders)
            subject, body = compose(event=event, name=first.name, sections=sections, now=now)
            about = {i.submission_id for r in reminders for i in r.items if i.submission_id}
            users.append(user_id)
            drafts.append(Draft(first.email, subject, body, tuple(about)))
        email_ids = dict(zip(users, queue_emails(drafts, event=event), strict=True))
        _record(event, planned, email_ids, now)
    logger.info("Queued %d reminders for %s", len(email_ids), event.slug)
    return len(email_ids)


@contextmanager
def _no_collection_passes():
    """Everything a run allocates (a few objects per due person) lives until the run ends, so
    the cyclic collector's passes over them find nothing: with 20,000 people they took a third
    of the run. Collection resumes (and catches up) when the run ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _sections(reminders: list[Planned]):
    by_rule = {}
    for reminder in reminders:
        by_rule.setdefault(reminder.rule.pk, (reminder.rule, []))[1].extend(reminder.items)
    return list(by_rule.values())


def _record(event, planned, email_ids, now) -> None:
    insert_rows(
        ReminderReceipt,
        ["rule", "offset_minutes", "recipient", "deadline_due", "email", "created_at"],
        [(r.rule.pk, r.offset, r.user_id, r.due, email_ids[r.user_id], now)
         for r in planned if r.user_id in email_ids],
    )  # fmt: skip
    reviewers = {r.user_id for r in planned
                 if r.rule.kind == DeadlineKind.REVIEWS_DUE and r.user_id in email_ids}  # fmt: skip
    today = timezone.localdate(now, timezone=event.zone)
    ReviewReminder.objects.bulk_create(
        [ReviewReminder(event=event, reviewer_id=uid, sent_on=today) for uid in sorted(reviewers)],
        ignore_conflicts=True,  # a chair reminded them earlier today: that counts as the one
    )


def events_to_remind(now) -> list[Event]:
    """Events with a reminded deadline (or an extension) still ahead."""
    ids = set(
        Deadline.objects.filter(kind__in=REMINDED_KINDS, due__gt=now).values_list(
            "event_id", flat=True
        )
    )
    ids |= set(Extension.objects.filter(due__gt=now).values_list("event_id", flat=True))
    return list(Event.objects.filter(pk__in=ids).order_by("pk"))


def dispatch_reminders(*, now=None) -> dict[str, int]:
    """What beat runs every 5 minutes (and ``manage.py send_reminders``): every event's due
    reminders. Returns the number of emails queued per event slug."""
    now = now or timezone.now()
    return {event.slug: dispatch_event(event, now=now) for event in events_to_remind(now)}
