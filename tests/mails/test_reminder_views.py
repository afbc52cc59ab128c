"""The organizers' reminders page: permissions, the list, editing a rule (errors next to the
field), and the preview with how many people would get it now."""

from datetime import timedelta

import pytest
from django.urls import reverse

from mails.models import ReminderRule
from mails.reminders.rules import DAY, HOUR
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import DeadlineFactory, EventFactory, MembershipFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole, DeadlineKind

pytestmark = pytest.mark.django_db

KIND = DeadlineKind.CFP_CLOSES


@pytest.fixture
def event():
    return EventFactory(time_zone="America/Chicago")


@pytest.fixture
def organizer(event):
    return MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user


def _urls(event):
    return [
        reverse("mails:reminders", args=[event.slug]),
        reverse("mails:reminder-edit", args=[event.slug, KIND]),
    ]


@pytest.mark.parametrize("role", [None, CommitteeRole.REVIEWER, CommitteeRole.TRACK_CHAIR])
def test_only_organizers_reach_the_reminders_pages(client, event, role):
    if role:
        client.force_login(MembershipFactory(event=event, role=role).user)
    else:
        client.force_login(UserFactory())

    statuses = [client.get(url).status_code for url in _urls(event)]
    posted = client.post(_urls(event)[1], {"offsets": "1 day", "subject": "x", "body": "y"})

    assert statuses == [404, 404]
    assert posted.status_code == 404
    assert not ReminderRule.objects.filter(event=event, offsets=[DAY]).exists()


def test_anonymous_visitors_are_sent_to_log_in(client, event):
    assert [client.get(url).status_code for url in _urls(event)] == [302, 302]


def test_the_page_lists_every_rule_with_its_next_run(client, event, organizer, now):
    DeadlineFactory(event=event, kind=KIND, due=now + timedelta(days=10))
    client.force_login(organizer)

    response = client.get(_urls(event)[0])

    html = response.content.decode()
    assert response.status_code == 200
    for label in ("Submissions due", "Confirmation due", "Camera-ready due", "Reviews due"):
        assert label in html
    assert "7 days, 1 day, 3 hours" in html
    [cfp] = [
        row["summary"] for row in response.context["summaries"] if row["summary"].rule.kind == KIND
    ]
    assert abs(cfp.next_run - (now + timedelta(days=3))) < timedelta(minutes=1)


@pytest.mark.parametrize(
    ("offsets", "error"),
    [
        ("-1", "is not an offset"),
        ("abc", "is not an offset"),
        ("36500 days", "out of range"),
        ("", "This field is required."),
    ],
)
def test_bad_offsets_are_refused_next_to_the_field(client, event, organizer, offsets, error):
    client.force_login(organizer)

    response = client.post(_urls(event)[1], {"offsets": offsets, "subject": "Hi", "body": "Hi"})

    assert response.status_code == 200
    assert error in " ".join(response.context["form"].errors["offsets"])


def test_an_unknown_placeholder_is_refused_next_to_the_field(client, event, organizer):
    client.force_login(organizer)

    response = client.post(
        _urls(event)[1], {"offsets": "1d", "subject": "Hi {nam}", "body": "{title} is due"}
    )

    errors = response.context["form"].errors
    assert errors["subject"][0].startswith("Unknown placeholder {nam}.")
    assert errors["body"][0].startswith("Unknown placeholder {title}.")


def test_organizers_save_a_rule(client, event, organizer):
    client.force_login(organizer)

    response = client.post(
        _urls(event)[1],
        {"enabled": "on", "offsets": "2 days, 90 minutes, 2d", "subject": "Due {deadline}",
         "body": "Hello {name}, {items}"},
    )  # fmt: skip

    rule = ReminderRule.objects.get(event=event, kind=KIND)
    assert response.status_code == 302
    assert (rule.offsets, rule.enabled, rule.subject) == ([2 * DAY, 90], True, "Due {deadline}")


def test_the_preview_renders_for_a_real_recipient_and_counts_who_is_due(
    client, event, organizer, now
):
    DeadlineFactory(event=event, kind=KIND, due=now + timedelta(hours=20), time_zone="AoE")
    drafts = [SubmissionFactory(event=event) for _ in range(3)]
    client.force_login(organizer)

    response = client.post(
        _urls(event)[1],
        {"offsets": "1 day", "subject": "{time_left} left", "body": "Dear {name}: {items} by "
         "{deadline} at {link}", "preview": "1"},
    )  # fmt: skip

    preview = response.context["preview"]
    assert (preview.count, preview.sample) == (3, False)
    assert preview.subject.startswith("19 hours 59 minutes left") or preview.subject.startswith(
        "20 hours left"
    )
    assert "AoE" in preview.body
    assert any(d.title in preview.body for d in drafts)
    assert ReminderRule.objects.get(event=event, kind=KIND).offsets == [7 * DAY, DAY, 3 * HOUR]
    assert "Would go to 3 people now" in response.content.decode()


def test_the_preview_uses_a_sample_when_nobody_is_due(client, event, organizer):
    client.force_login(organizer)

    response = client.get(_urls(event)[1])

    assert response.context["preview"].sample is True
    assert "Ada Lovelace" in response.context["preview"].body
    assert "Would go to 0 people now" in response.content.decode()


def test_an_unknown_kind_is_a_404(client, event, organizer):
    client.force_login(organizer)

    url = reverse("mails:reminder-edit", args=[event.slug, "event"])

    assert client.get(url).status_code == 404


@pytest.mark.parametrize("size", [2, 10])
def test_the_page_makes_a_constant_number_of_queries(
    client, event, organizer, now, size, django_assert_max_num_queries
):
    DeadlineFactory(event=event, kind=KIND, due=now + timedelta(hours=20))
    for _ in range(size):
        SubmissionFactory(event=event)
    client.force_login(organizer)
    client.get(_urls(event)[0])

    with django_assert_max_num_queries(20):
        client.get(_urls(event)[0])
    with django_assert_max_num_queries(30):
        client.get(_urls(event)[1])


def test_the_form_starts_from_the_saved_rule(client, event, organizer):
    client.force_login(organizer)

    form = client.get(_urls(event)[1]).context["form"]

    assert form["enabled"].value() is True
    assert form["offsets"].value() == "7 days, 1 day, 3 hours"
    assert form["subject"].value().startswith("Reminder: submissions due in {time_left}")
