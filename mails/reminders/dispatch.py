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
from django.db.models import Count, Max, Q
from django.utils import timezone

from reviews.models import ReviewReminder
from submissions.models import Extension
from tracks.enums import DeadlineKind
from tracks.models import Deadline, Event

from ..models import ReminderReceipt, ReminderRule
from ..services import Draft, insert_rows, queue_emails
from .recipients import Deadlines, DueItem, due_items
from .render import compose
from .rules import BID_ITEM, REMINDED_KINDS, bid_rule, event_rules, valid_offsets

logger = logging.getLogger(__name__)


class Planned(NamedTuple):
    """One reminder to send now: the rule, the offset it fires for, whom and which instant."""

    rule: ReminderRule
    offset: int
    user_id: int
    due: datetime
    items: list[DueItem]
    item: str = ""  # "" for the kind's own items, BID_ITEM for bids


def tightest_offset(offsets, due: datetime, now: datetime) -> int | None:
    """The smallest offset whose fire time (``due`` − offset) has come, while the deadline is
    still ahead; None before the first one or after the deadline."""
    if now >= due:
        return None
    fired = [minutes for minutes in offsets if due - timedelta(minutes=minutes) <= now]
    return min(fired) if fired else None


def plan(rules: dict[str, ReminderRule], items, *, now, sent=None, manual=None,
         manual_today=()) -> list[Planned]:  # fmt: skip
    """The reminders due now. ``sent`` maps (rule id, user id, item) to when the latest
    reminder went out: an offset whose fire time (``due`` − offset) came before it counts as
    sent, so a deadline moved a little (earlier, or extended by an hour) sends nothing again,
    while one extended past its offsets re-arms them. ``manual`` maps a reviewer to their
    latest chair's reminder, which counts as the reviews reminder of any offset that fired
    before it; ``manual_today`` are reviewers a chair reminded today (at most one a day)."""
    sent, manual = sent or {}, manual or {}
    groups = defaultdict(list)
    for item in items:
        groups[(item.kind, item.item, item.user_id, item.due)].append(item)
    planned = []
    for (kind, what, user_id, due), mine in groups.items():
        rule = rules.get(kind)
        if rule is None:
            continue
        offset = tightest_offset(rule.offsets, due, now)
        if offset is None:
            continue
        fired_at = due - timedelta(minutes=offset)
        last = sent.get((rule.pk, user_id, what))
        if last is not None and last >= fired_at:
            continue
        chair = user_id in manual_today or manual.get(user_id, fired_at) > fired_at
        if kind == DeadlineKind.REVIEWS_DUE and not what and chair:
            continue
        planned.append(Planned(rule, offset, user_id, due, mine, what))
    return planned


def _sent(rules, now) -> dict:
    """When each (rule, person, item) was last reminded of a deadline still ahead."""
    rows = (
        ReminderReceipt.objects.filter(rule__in=[rule.pk for rule in rules], deadline_due__gt=now)
        .values_list("rule_id", "recipient_id", "item")
        .annotate(last=Max("created_at"))
        .order_by()
    )
    return {(rule_id, user_id, what): last for rule_id, user_id, what, last in rows}


def _manual_reminders(event, now) -> tuple[dict, set]:
    """Each reviewer's latest chair's reminder, and the reviewers a chair reminded today (in
    the event's zone; the dispatcher's own ReviewReminder rows carry no email)."""
    today = timezone.localdate(now, timezone=event.zone)
    rows = (
        ReviewReminder.objects.filter(event=event)
        .values_list("reviewer_id")
        .annotate(
            latest=Max("created_at"),
            chair_today=Count("pk", filter=Q(sent_on=today, email__isnull=False)),
        )
        .order_by()
    )
    latest, today_ids = {}, set()
    for reviewer_id, created, chair_today in rows:
        latest[reviewer_id] = created
        if chair_today:
            today_ids.add(reviewer_id)
    return latest, today_ids


def enabled_rules(rules) -> dict[str, ReminderRule]:
    """The rules that send, each with only its well-formed offsets (one saved malformed
    through the admin is ignored, never raised on)."""
    usable = {}
    for rule in rules:
        offsets = valid_offsets(rule.offsets)
        if rule.enabled and offsets and rule.kind in REMINDED_KINDS:
            rule.offsets = offsets
            usable[rule.kind] = rule
    return usable


def work_out(event, rules: dict[str, ReminderRule], *, now) -> list[Planned]:
    """Who gets which reminder now (a constant number of queries)."""
    if not rules:
        return []
    items = due_items(event, rules, now=now, deadlines=Deadlines(event, event.deadlines.all()))
    manual, today = (
        _manual_reminders(event, now) if DeadlineKind.REVIEWS_DUE in rules else ({}, set())
    )
    return plan(rules, items, now=now, sent=_sent(rules.values(), now), manual=manual,
                manual_today=today)  # fmt: skip


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
            reminders.sort(key=lambda r: (order[r.rule.kind], r.item, r.due))
            first = reminders[0].items[0]
            if not first.email:
                continue
            sections = _sections(reminders)
            subject, body = compose(event=event, name=first.name, sections=sections, now=now)
            about = {i.submission_id for r in reminders for i in r.items if i.submission_id}
            not_after = min(item.due for r in reminders for item in r.items)
            users.append(user_id)
            drafts.append(Draft(first.email, subject, body, tuple(about), not_after))
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
    """(rule, items) per rule and item kind; bids worded as bids."""
    by_rule = {}
    for reminder in reminders:
        rule = bid_rule(reminder.rule) if reminder.item == BID_ITEM else reminder.rule
        key = (reminder.rule.pk, reminder.item)
        by_rule.setdefault(key, (rule, []))[1].extend(reminder.items)
    return list(by_rule.values())


def _record(event, planned, email_ids, now) -> None:
    insert_rows(
        ReminderReceipt,
        ["rule", "offset_minutes", "recipient", "deadline_due", "item", "email", "created_at"],
        [(r.rule.pk, r.offset, r.user_id, r.due, r.item, email_ids[r.user_id], now)
         for r in planned if r.user_id in email_ids],
    )  # fmt: skip
    # A bid-only email is no reviews reminder: the chair may still send one today.
    reviewers = {r.user_id for r in planned if r.rule.kind == DeadlineKind.REVIEWS_DUE
                 and not r.item and r.user_id in email_ids}  # fmt: skip
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
    queued = {}
    for event in events_to_remind(now):
        try:  # one event's failure (a bad rule, a bad row) must not starve the others
            queued[event.slug] = dispatch_event(event, now=now)
        except Exception:
            logger.exception("Reminders for event %s (%s) failed", event.slug, event.pk)
            queued[event.slug] = 0
    return queued
