"""Reminders, reviewed: the preview never shows a viewer what the outbox hides from them; bids
have their own key and wording; one review reminder a day; one bad event never stops the
others; a deadline moved a little sends nothing again; nothing goes out after its deadline;
inactive accounts are never reminded; the page says when every reminder has gone out."""

import json
import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from mails.admin import ReminderRuleAdminForm
from mails.enums import EmailStatus
from mails.models import OutboundEmail, ReminderReceipt, ReminderRule
from mails.reminders import dispatch as dispatch_module
from mails.reminders.dispatch import dispatch_event, dispatch_reminders, enabled_rules
from mails.reminders.overview import preview_rule
from mails.reminders.rules import DAY, HOUR, MAX_OFFSET, MAX_OFFSETS, event_rules
from mails.services import deliver_email, queue_email, release_held_email
from reviews.models import ReviewReminder
from reviews.services.reviewer_mail import send_review_reminders
from reviews.views.decisions import visible_outbox
from submissions.enums import SubmissionState
from tests.factories.reviews import ConflictFactory, ReviewAssignmentFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import DeadlineFactory, EventFactory, MembershipFactory
from tracks.enums import CommitteeRole, DeadlineKind
from tracks.models import Deadline

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(time_zone="UTC")


@pytest.fixture
def organizer(event):
    return MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user


def _dispatch(capture, event, now):
    with capture(execute=True):
        return dispatch_event(event, now=now)


def _under_review(event, **kwargs):
    return SubmissionFactory(event=event, state=SubmissionState.UNDER_REVIEW, **kwargs)


def _reviewer(event, **kwargs):
    return MembershipFactory(event=event, role=CommitteeRole.REVIEWER, **kwargs).user


# 1. The preview shows nobody whose email the outbox hides from the viewer.


def test_an_organizer_author_never_sees_the_reviewers_of_their_own_proposal(
    client, event, organizer, now
):
    DeadlineFactory(event=event, kind=DeadlineKind.REVIEWS_DUE, due=now + timedelta(days=2))
    mine = _under_review(event, created_by=organizer, title="The organizer's own paper")
    secret = _reviewer(event, user__email="secret.reviewer@example.org")
    ReviewAssignmentFactory(submission=mine, reviewer=secret)
    client.force_login(organizer)

    page = client.get(reverse("mails:reminder-edit", args=[event.slug, "reviews_due"]))

    html = page.content.decode()
    assert page.context["preview"].sample is True
    assert page.context["preview"].count == 1  # they are still told how many would get it
    assert "secret.reviewer@example.org" not in html
    assert "own paper" not in html
    dispatch_event(event, now=now)  # the outbox hides that very email from them too
    email = OutboundEmail.objects.get(to="secret.reviewer@example.org")
    assert not visible_outbox(event, organizer).filter(pk=email.pk).exists()


def test_the_preview_shows_a_recipient_clear_of_the_viewers_conflicts(event, organizer, now):
    DeadlineFactory(event=event, kind=DeadlineKind.REVIEWS_DUE, due=now + timedelta(days=2))
    mine = _under_review(event, created_by=organizer)
    other = _under_review(event, title="Someone else's paper")
    ReviewAssignmentFactory(submission=mine, reviewer=_reviewer(event, user__email="a@x.org"))
    ReviewAssignmentFactory(submission=other, reviewer=_reviewer(event, user__email="b@x.org"))
    neutral = MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user
    rule = event_rules(event)[DeadlineKind.REVIEWS_DUE]

    for_author = preview_rule(event, rule, viewer=organizer, now=now)
    for_neutral = preview_rule(event, rule, viewer=neutral, now=now)

    assert (for_author.to, for_author.sample, for_author.count) == ("b@x.org", False, 2)
    assert "Someone else's paper" in for_author.body
    assert for_neutral.to in {"a@x.org", "b@x.org"}


def test_every_kinds_preview_hides_proposals_the_viewer_is_conflicted_with(event, organizer, now):
    DeadlineFactory(event=event, kind=DeadlineKind.CFP_CLOSES, due=now + timedelta(hours=20))
    draft = SubmissionFactory(event=event, title="A conflicted draft")
    ConflictFactory(submission=draft, user=organizer)
    rule = event_rules(event)[DeadlineKind.CFP_CLOSES]

    preview = preview_rule(event, rule, viewer=organizer, now=now)

    assert preview.sample is True
    assert "A conflicted draft" not in preview.body
    assert preview.to == ""


# 2. Bids: their own key, their own words, no ReviewReminder.


def test_a_bid_reminder_neither_uses_up_the_reviews_reminder_nor_counts_as_one(
    event, now, django_capture_on_commit_callbacks
):
    due = now + timedelta(days=3) - timedelta(minutes=1)
    DeadlineFactory(event=event, kind=DeadlineKind.REVIEWS_DUE, due=due)
    proposal = _under_review(event)
    reviewer = _reviewer(event)

    assert _dispatch(django_capture_on_commit_callbacks, event, now) == 1

    bid = mail.outbox[-1]
    assert "Please bid on the proposals" in bid.body
    assert "finish your reviews" not in bid.body
    assert "bid" in bid.subject.lower()
    assert ReminderReceipt.objects.get().item == "bid"
    assert not ReviewReminder.objects.filter(reviewer=reviewer).exists()  # the chair still can

    ReviewAssignmentFactory(submission=proposal, reviewer=reviewer)
    assert _dispatch(django_capture_on_commit_callbacks, event, now + timedelta(hours=1)) == 1

    assert "Please finish your reviews" in mail.outbox[-1].body
    assert sorted(ReminderReceipt.objects.values_list("item", flat=True)) == ["", "bid"]
    assert ReviewReminder.objects.filter(reviewer=reviewer).count() == 1


# 3. At most one review reminder a day.


def test_no_automatic_reviews_reminder_the_day_a_chair_sent_one(
    event, now, django_capture_on_commit_callbacks
):
    DeadlineFactory(
        event=event, kind=DeadlineKind.REVIEWS_DUE, due=now + timedelta(days=3, minutes=30)
    )
    reviewer = _reviewer(event)
    ReviewAssignmentFactory(submission=_under_review(event), reviewer=reviewer)
    event_rules(event)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_review_reminders(event_id=event.pk, reviewer_ids=[reviewer.pk]) == 1

    # The 3-day offset fires 30 minutes later, the same day in the event's zone.
    assert _dispatch(django_capture_on_commit_callbacks, event, now + timedelta(minutes=35)) == 0

    assert len(mail.outbox) == 1
    assert ReviewReminder.objects.filter(reviewer=reviewer).count() == 1


# 4. One bad event never stops the others.


def test_one_failing_event_is_logged_and_the_others_are_reminded(now, monkeypatch, caplog):
    broken, fine = EventFactory(), EventFactory()
    for one in (broken, fine):
        DeadlineFactory(event=one, kind=DeadlineKind.CFP_CLOSES, due=now + timedelta(hours=20))
        SubmissionFactory(event=one)
    real = dispatch_module.work_out

    def work_out(event, rules, *, now):
        if event.pk == broken.pk:
            raise RuntimeError("a bad row")
        return real(event, rules, now=now)

    monkeypatch.setattr(dispatch_module, "work_out", work_out)

    with caplog.at_level(logging.ERROR, logger="mails.reminders.dispatch"):
        queued = dispatch_reminders(now=now)

    assert queued == {broken.slug: 0, fine.slug: 1}
    assert OutboundEmail.objects.filter(event=fine).count() == 1
    assert broken.slug in caplog.text


def test_malformed_offsets_saved_through_the_admin_are_ignored(now):
    broken, fine = EventFactory(), EventFactory()
    for one in (broken, fine):
        DeadlineFactory(event=one, kind=DeadlineKind.CFP_CLOSES, due=now + timedelta(hours=20))
        SubmissionFactory(event=one)
        event_rules(one)
    ReminderRule.objects.filter(event=broken, kind=DeadlineKind.CFP_CLOSES).update(
        offsets=["1d", True, -5, DAY]
    )

    assert dispatch_reminders(now=now) == {broken.slug: 1, fine.slug: 1}
    assert ReminderReceipt.objects.get(rule__event=broken).offset_minutes == DAY
    rule = ReminderRule.objects.get(event=broken, kind=DeadlineKind.CFP_CLOSES)
    rule.offsets = "7d"
    assert enabled_rules([rule]) == {}


@pytest.mark.parametrize(
    "offsets",
    [["1d"], "1440", [0], [-60], [MAX_OFFSET + 1], [1.5], [True], list(range(1, MAX_OFFSETS + 2))],
)
def test_the_model_and_the_admin_form_refuse_malformed_offsets(event, offsets):
    rule = event_rules(event)[DeadlineKind.CFP_CLOSES]
    rule.offsets = offsets

    with pytest.raises(ValidationError) as error:
        rule.full_clean()
    form = ReminderRuleAdminForm(
        data={"event": event.pk, "kind": rule.kind, "offsets": json.dumps(offsets),
              "enabled": "on", "subject": rule.subject, "body": rule.body},
        instance=rule,
    )  # fmt: skip

    assert "offsets" in error.value.message_dict
    assert not form.is_valid()
    assert "offsets" in form.errors


def test_the_admin_form_accepts_whole_minutes(event):
    rule = event_rules(event)[DeadlineKind.CFP_CLOSES]
    form = ReminderRuleAdminForm(
        data={"event": event.pk, "kind": rule.kind, "offsets": "[60, 1440]", "enabled": "on",
              "subject": rule.subject, "body": rule.body},
        instance=rule,
    )  # fmt: skip

    assert form.is_valid(), form.errors
    assert form.save().offsets == [DAY, HOUR]


# 5. A deadline moved a little sends nothing again; a real extension re-arms.


@pytest.mark.parametrize("moved", [timedelta(minutes=-30), timedelta(hours=1)])
def test_a_deadline_moved_a_little_sends_the_same_offset_once(event, now, moved):
    deadline = DeadlineFactory(
        event=event, kind=DeadlineKind.CFP_CLOSES, due=now + timedelta(hours=20)
    )
    SubmissionFactory(event=event)
    assert dispatch_event(event, now=now) == 1

    Deadline.objects.filter(pk=deadline.pk).update(due=deadline.due + moved)

    assert dispatch_event(event, now=now + timedelta(minutes=5)) == 0
    assert dispatch_event(event, now=now + timedelta(hours=12)) == 0
    # The 3-hour offset still comes, at its new time.
    three_hours_before = deadline.due + moved - timedelta(hours=3)
    assert dispatch_event(event, now=three_hours_before) == 1
    assert sorted(ReminderReceipt.objects.values_list("offset_minutes", flat=True)) == [
        3 * HOUR, DAY,
    ]  # fmt: skip


def test_a_real_extension_rearms_its_reminders(event, now):
    deadline = DeadlineFactory(
        event=event, kind=DeadlineKind.CFP_CLOSES, due=now + timedelta(hours=20)
    )
    SubmissionFactory(event=event)
    assert dispatch_event(event, now=now) == 1

    new_due = deadline.due + timedelta(days=7)
    Deadline.objects.filter(pk=deadline.pk).update(due=new_due)

    assert dispatch_event(event, now=now + timedelta(minutes=5)) == 0
    assert dispatch_event(event, now=new_due - timedelta(days=7)) == 1  # the 7-day one again
    assert dispatch_event(event, now=new_due - timedelta(days=1)) == 1  # and the 1-day one


# 6. Nothing goes out after its deadline.


def test_a_reminder_still_queued_at_its_deadline_expires_unsent(event, now):
    due = now + timedelta(hours=2)
    DeadlineFactory(event=event, kind=DeadlineKind.CFP_CLOSES, due=due)
    SubmissionFactory(event=event)
    assert dispatch_event(event, now=now) == 1  # handed to a worker on commit: still queued
    email = OutboundEmail.objects.get()
    assert email.not_after == due

    OutboundEmail.objects.filter(pk=email.pk).update(not_after=timezone.now())  # it has passed

    assert deliver_email(email_id=email.pk) is False
    email.refresh_from_db()
    assert email.status == EmailStatus.EXPIRED
    assert mail.outbox == []


def test_a_reminder_in_time_is_sent(event, now):
    DeadlineFactory(event=event, kind=DeadlineKind.CFP_CLOSES, due=now + timedelta(hours=2))
    SubmissionFactory(event=event)
    dispatch_event(event, now=now)

    assert deliver_email(email_id=OutboundEmail.objects.get().pk) is True
    assert len(mail.outbox) == 1


def test_a_held_reminder_past_its_deadline_is_not_released(client, event, organizer, now):
    email = queue_email(to="x@example.org", subject="Reminder", body="Soon", event=event)
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=EmailStatus.HELD, not_after=now - timedelta(minutes=1)
    )
    client.force_login(organizer)
    url = reverse("reviews:outbox-email", args=[event.slug, email.pk])

    response = client.post(url, {"action": "release"}, follow=True)

    email.refresh_from_db()
    assert email.status == EmailStatus.EXPIRED
    assert "its deadline has passed" in response.content.decode()
    assert release_held_email(email=email) is False
    assert mail.outbox == []
    listing = client.get(reverse("reviews:outbox", args=[event.slug]) + "?status=expired")
    assert list(listing.context["emails"]) == [email]
    assert "1 expired" in listing.content.decode()


# 7. Inactive accounts are never reminded.


def test_inactive_accounts_are_never_reminded(event, now):
    DeadlineFactory(event=event, kind=DeadlineKind.CFP_CLOSES, due=now + timedelta(hours=20))
    DeadlineFactory(event=event, kind=DeadlineKind.REVIEWS_DUE, due=now + timedelta(hours=20))
    draft = SubmissionFactory(event=event)
    reviewing = _reviewer(event, user__is_active=False)
    ReviewAssignmentFactory(submission=_under_review(event), reviewer=reviewing)
    _reviewer(event, user__is_active=False)  # would be asked to bid
    draft.created_by.is_active = False
    draft.created_by.save()

    assert dispatch_event(event, now=now) == 0


# 8. The page.


def test_the_page_says_all_reminders_went_out_before_a_deadline_ahead(
    client, event, organizer, now
):
    DeadlineFactory(event=event, kind=DeadlineKind.CFP_CLOSES, due=now + timedelta(hours=2))
    client.force_login(organizer)

    html = client.get(reverse("mails:reminders", args=[event.slug])).content.decode()

    row = html[html.find("Submissions due") :]
    row = row[: row.find("</tr>")]
    assert "All reminders sent; deadline" in row
    assert "No deadline ahead" not in row


def test_the_preview_subject_is_one_line_like_the_real_one(event, organizer, now):
    DeadlineFactory(event=event, kind=DeadlineKind.CFP_CLOSES, due=now + timedelta(hours=20))
    SubmissionFactory(event=event, title="Line one\r\nBcc: x@example.org")
    rule = event_rules(event)[DeadlineKind.CFP_CLOSES]
    rule.subject = "{items}  left"

    preview = preview_rule(event, rule, viewer=organizer, now=now)

    assert preview.subject == "- Line one Bcc: x@example.org left"


def test_the_outbox_link_lists_the_reminders_whatever_their_subject(client, event, organizer, now):
    DeadlineFactory(event=event, kind=DeadlineKind.CFP_CLOSES, due=now + timedelta(hours=20))
    SubmissionFactory(event=event)
    rule = event_rules(event)[DeadlineKind.CFP_CLOSES]
    ReminderRule.objects.filter(pk=rule.pk).update(subject="Almost time for {event}")
    dispatch_event(event, now=now)
    queue_email(to="y@example.org", subject="Reminder: lunch", body="x", event=event)
    client.force_login(organizer)
    page = client.get(reverse("mails:reminders", args=[event.slug])).content.decode()
    assert "?reminders=on" in page

    listing = client.get(reverse("reviews:outbox", args=[event.slug]) + "?reminders=on")

    assert [email.subject for email in listing.context["emails"]] == [
        f"Almost time for {event.name}"
    ]
