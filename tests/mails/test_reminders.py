"""The reminder engine: who is due per kind, the tightest offset, exactly once, one email per
person, re-arming on an extended deadline, and a constant number of queries."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command

from mails.enums import EmailStatus
from mails.models import OutboundEmail, ReminderReceipt, ReminderRule
from mails.reminders.dispatch import dispatch_event, dispatch_reminders, tightest_offset
from mails.reminders.rules import DAY, HOUR, event_rules
from reviews.models import AuthorResponse, ReviewReminder, ReviewSettings
from submissions.enums import SubmissionState
from tests.factories.deliverables import DeliverableFactory, DeliverableRequirementFactory
from tests.factories.extensions import ExtensionFactory
from tests.factories.reviews import ConflictFactory, ReviewAssignmentFactory, ReviewFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import DeadlineFactory, EventFactory, MembershipFactory
from tests.factories.users import UserFactory
from tracks.enums import DeadlineKind
from tracks.models import Deadline

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(time_zone="America/Chicago")


@pytest.fixture(autouse=True)
def _send_on_commit(django_capture_on_commit_callbacks):
    global _capture
    _capture = django_capture_on_commit_callbacks


def _dispatch(event, now):
    with _capture(execute=True):
        return dispatch_event(event, now=now)


def _to(kind=None):
    return sorted(m.to[0] for m in mail.outbox)


def test_tightest_offset_is_the_latest_that_has_come(now):
    due = now + timedelta(hours=12)

    assert tightest_offset([7 * DAY, DAY, 3 * HOUR], due, now) == DAY
    assert tightest_offset([7 * DAY, DAY, 3 * HOUR], now + timedelta(days=8), now) is None
    assert tightest_offset([7 * DAY, DAY], now - timedelta(minutes=1), now) is None


def test_defaults_exist_for_every_event_without_saving(event):
    rules = event_rules(event)

    assert [rule.offsets for rule in rules.values()] == [
        [7 * DAY, DAY, 3 * HOUR], [3 * DAY, DAY], [7 * DAY, DAY], [7 * DAY, DAY],
        [2 * DAY, 6 * HOUR], [3 * DAY],
    ]  # fmt: skip
    assert ReminderRule.objects.filter(event=event).count() == 6


def test_speakers_of_drafts_are_reminded_once_of_the_tightest_offset(event, now):
    DeadlineFactory(event=event, kind=DeadlineKind.CFP_CLOSES, due=now + timedelta(hours=12))
    co = UserFactory()
    draft = SubmissionFactory(event=event, speakers=[co])
    SubmissionFactory(event=event, state=SubmissionState.SUBMITTED)

    first = _dispatch(event, now)
    again = _dispatch(event, now + timedelta(minutes=5))

    assert (first, again) == (2, 0)
    assert _to() == sorted([draft.created_by.email, co.email])
    offsets = set(ReminderReceipt.objects.values_list("offset_minutes", flat=True))
    assert offsets == {DAY}  # not the 7-day one with 12 hours left
    body = mail.outbox[0].body
    assert draft.title in body
    assert "12 hours" in body
    assert "CST" in body


def test_the_next_offset_fires_later_and_nothing_after_the_deadline(event, now):
    due = now + timedelta(hours=12)
    DeadlineFactory(event=event, kind=DeadlineKind.CFP_CLOSES, due=due)
    SubmissionFactory(event=event)

    runs = [
        _dispatch(event, at) for at in (now, due - timedelta(hours=2), due + timedelta(minutes=1))
    ]

    assert runs == [1, 1, 0]
    assert sorted(ReminderReceipt.objects.values_list("offset_minutes", flat=True)) == [
        3 * HOUR,
        DAY,
    ]


def test_beat_down_for_days_catches_up_with_one_reminder(event, now):
    due = now + timedelta(days=10)
    DeadlineFactory(event=event, kind=DeadlineKind.CFP_CLOSES, due=due)
    SubmissionFactory(event=event)

    late = _dispatch(event, due - timedelta(hours=20))  # missed 7 days: only the 1-day one

    assert late == 1
    assert list(ReminderReceipt.objects.values_list("offset_minutes", flat=True)) == [DAY]
    assert _dispatch(event, due - timedelta(hours=19)) == 0


def test_an_extended_deadline_rearms_its_reminders(event, now):
    deadline = DeadlineFactory(
        event=event, kind=DeadlineKind.CFP_CLOSES, due=now + timedelta(hours=5)
    )
    SubmissionFactory(event=event)
    assert _dispatch(event, now) == 1

    Deadline.objects.filter(pk=deadline.pk).update(due=now + timedelta(days=2))
    event.deadlines.all()  # the next run reads the new instant

    assert _dispatch(event, now + timedelta(days=1, hours=1)) == 1
    assert ReminderReceipt.objects.count() == 2


def test_a_personal_extension_is_the_deadline_reminded(event, now):
    DeadlineFactory(event=event, kind=DeadlineKind.CFP_CLOSES, due=now - timedelta(hours=1))
    extended = SubmissionFactory(event=event)
    SubmissionFactory(event=event)  # its call closed: no reminder
    ExtensionFactory(event=event, code="", user=extended.created_by, due=now + timedelta(hours=20))

    assert _dispatch(event, now) == 1
    assert _to() == [extended.created_by.email]


def test_an_access_code_and_a_proposal_extension_count(event, now):
    DeadlineFactory(event=event, kind=DeadlineKind.CFP_CLOSES, due=now + timedelta(hours=2))
    coded, reopened, plain = (SubmissionFactory(event=event) for _ in range(3))
    code = ExtensionFactory(event=event, due=now + timedelta(hours=20))
    coded.access_code = code
    coded.save()
    ExtensionFactory(
        event=event, code="", submission=reopened, due=now + timedelta(days=6, hours=20)
    )

    _dispatch(event, now)

    offsets = dict(ReminderReceipt.objects.values_list("recipient_id", "offset_minutes"))
    assert offsets == {
        coded.created_by_id: DAY,
        reopened.created_by_id: 7 * DAY,
        plain.created_by_id: 3 * HOUR,
    }


def test_confirmations_only_of_announced_acceptances(event, now):
    DeadlineFactory(event=event, kind=DeadlineKind.CONFIRMATION_DUE, due=now + timedelta(hours=20))
    told = SubmissionFactory(event=event, state=SubmissionState.ACCEPTED)
    SubmissionFactory(event=event, state=SubmissionState.ACCEPTED, announced_state="under_review")
    SubmissionFactory(event=event, state=SubmissionState.CONFIRMED)

    assert _dispatch(event, now) == 1
    assert _to() == [told.created_by.email]


def test_missing_required_deliverables_of_the_kind(event, now):
    DeadlineFactory(event=event, kind=DeadlineKind.CAMERA_READY, due=now + timedelta(hours=20))
    missing = SubmissionFactory(event=event, state=SubmissionState.CONFIRMED)
    done = SubmissionFactory(
        event=event, state=SubmissionState.ACCEPTED, session_type=missing.session_type
    )
    requirement = DeliverableRequirementFactory(
        session_type=missing.session_type, deadline_kind=DeadlineKind.CAMERA_READY,
        title="Camera-ready paper",
    )  # fmt: skip
    DeliverableRequirementFactory(session_type=missing.session_type, required=False)
    DeliverableFactory(submission=done, requirement=requirement)

    assert _dispatch(event, now) == 1
    assert _to() == [missing.created_by.email]
    assert "Camera-ready paper" in mail.outbox[0].body


def test_responses_due_while_the_round_is_open(event, now):
    ReviewSettings.objects.update_or_create(event=event, defaults={"author_response": True})
    DeadlineFactory(event=event, kind=DeadlineKind.REVIEWS_DUE, due=now - timedelta(days=1))
    DeadlineFactory(event=event, kind=DeadlineKind.RESPONSE_DUE, due=now + timedelta(hours=5))
    waiting = SubmissionFactory(event=event, state=SubmissionState.UNDER_REVIEW)
    answered = SubmissionFactory(event=event, state=SubmissionState.UNDER_REVIEW)
    AuthorResponse.objects.create(submission=answered, text="Thanks", submitted_at=now)

    assert _dispatch(event, now) == 1
    assert _to() == [waiting.created_by.email]


def test_no_response_reminders_without_the_round(event, now):
    DeadlineFactory(event=event, kind=DeadlineKind.RESPONSE_DUE, due=now + timedelta(hours=5))
    SubmissionFactory(event=event, state=SubmissionState.UNDER_REVIEW)

    assert _dispatch(event, now) == 0


def test_reviewers_with_unfinished_reviews_but_never_a_conflicted_pair(event, now):
    DeadlineFactory(event=event, kind=DeadlineKind.REVIEWS_DUE, due=now + timedelta(days=2))
    late, done, conflicted = (MembershipFactory(event=event).user for _ in range(3))
    proposal = SubmissionFactory(event=event, state=SubmissionState.UNDER_REVIEW)
    for reviewer in (late, done, conflicted):
        ReviewAssignmentFactory(submission=proposal, reviewer=reviewer)
    ReviewFactory(submission=proposal, reviewer=late, submitted_at=None)  # a draft: unfinished
    ReviewFactory(submission=proposal, reviewer=done, submitted_at=now)
    ConflictFactory(submission=proposal, user=conflicted)

    assert _dispatch(event, now) == 1
    assert _to() == [late.email]
    assert ReviewReminder.objects.filter(event=event, reviewer=late).exists()


def test_a_chairs_manual_reminder_since_the_fire_time_counts(event, now):
    DeadlineFactory(event=event, kind=DeadlineKind.REVIEWS_DUE, due=now + timedelta(days=2))
    reviewer = MembershipFactory(event=event).user
    ReviewAssignmentFactory(
        submission=SubmissionFactory(event=event, state=SubmissionState.UNDER_REVIEW),
        reviewer=reviewer,
    )
    ReviewReminder.objects.create(event=event, reviewer=reviewer, sent_on=now.date())

    assert _dispatch(event, now) == 0


def test_reviewers_who_have_not_bid_while_bidding_is_open(event, now):
    DeadlineFactory(event=event, kind=DeadlineKind.REVIEWS_DUE, due=now + timedelta(days=2))
    SubmissionFactory(event=event, state=SubmissionState.SUBMITTED)
    idle = MembershipFactory(event=event).user

    assert _dispatch(event, now) == 1
    assert _to() == [idle.email]
    assert "Bid on the proposals" in mail.outbox[0].body


def test_one_email_per_person_lists_every_due_item(event, now):
    DeadlineFactory(event=event, kind=DeadlineKind.CFP_CLOSES, due=now + timedelta(hours=20))
    DeadlineFactory(event=event, kind=DeadlineKind.CONFIRMATION_DUE, due=now + timedelta(hours=10))
    speaker = UserFactory()
    drafts = [SubmissionFactory(event=event, created_by=speaker) for _ in range(2)]
    accepted = SubmissionFactory(event=event, created_by=speaker, state=SubmissionState.ACCEPTED)

    assert _dispatch(event, now) == 1

    [message] = mail.outbox
    assert all(p.title in message.body for p in [*drafts, accepted])
    assert message.subject.startswith("Reminder: 2 deadlines")
    email = OutboundEmail.objects.get()
    assert set(email.submissions.values_list("pk", flat=True)) == {
        p.pk for p in [*drafts, accepted]
    }
    assert ReminderReceipt.objects.filter(email=email).count() == 2


def test_a_disabled_rule_sends_nothing(event, now):
    DeadlineFactory(event=event, kind=DeadlineKind.CFP_CLOSES, due=now + timedelta(hours=20))
    SubmissionFactory(event=event)
    ReminderRule.objects.filter(pk=event_rules(event)[DeadlineKind.CFP_CLOSES].pk).update(
        enabled=False
    )

    assert _dispatch(event, now) == 0


def _populate(event, now, n):
    for _ in range(n):
        SubmissionFactory(event=event, speakers=[UserFactory()])
        SubmissionFactory(event=event, state=SubmissionState.ACCEPTED)
        reviewer = MembershipFactory(event=event).user
        ReviewAssignmentFactory(
            submission=SubmissionFactory(event=event, state=SubmissionState.UNDER_REVIEW),
            reviewer=reviewer,
        )
    ExtensionFactory(event=event, due=now + timedelta(hours=20))


@pytest.mark.parametrize("size", [2, 12])
def test_a_run_makes_a_constant_number_of_queries(event, now, size, django_assert_max_num_queries):
    for kind in (DeadlineKind.CFP_CLOSES, DeadlineKind.CONFIRMATION_DUE, DeadlineKind.REVIEWS_DUE):
        DeadlineFactory(event=event, kind=kind, due=now + timedelta(hours=20))
    _populate(event, now, size)
    event_rules(event)

    with django_assert_max_num_queries(40), _capture() as handed_on:
        queued = dispatch_event(event, now=now)

    assert len(handed_on) == 1  # one chunk of ids for the workers
    assert queued == 4 * size


def test_the_command_runs_the_dispatcher_and_says_what_it_queued(event, now, capsys):
    DeadlineFactory(event=event, kind=DeadlineKind.CFP_CLOSES, due=now + timedelta(hours=20))
    SubmissionFactory(event=event)

    with _capture(execute=True):
        call_command("send_reminders")

    out = capsys.readouterr().out
    assert f"{event.slug}: 1 reminder email queued" in out
    assert OutboundEmail.objects.get().status == EmailStatus.SENT  # eager in tests


def test_dispatch_reminders_skips_events_without_deadlines_ahead(now):
    past = EventFactory()
    DeadlineFactory(event=past, kind=DeadlineKind.CFP_CLOSES, due=now - timedelta(days=1))
    SubmissionFactory(event=past)

    assert dispatch_reminders(now=now) == {}


def test_items_due_at_different_instants_each_say_their_deadline(event, now):
    DeadlineFactory(event=event, kind=DeadlineKind.CFP_CLOSES, due=now + timedelta(hours=20))
    speaker = UserFactory()
    soon = SubmissionFactory(event=event, created_by=speaker, title="Soon")
    later = SubmissionFactory(event=event, created_by=speaker, title="Later")
    ExtensionFactory(event=event, code="", submission=later, due=now + timedelta(days=5))

    assert _dispatch(event, now) == 1

    body = mail.outbox[0].body
    assert f"- {soon.title} (due " in body
    assert f"- {later.title} (due " in body
    assert ReminderReceipt.objects.count() == 2  # one per deadline instant
