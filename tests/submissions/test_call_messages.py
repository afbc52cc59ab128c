"""What authors are told about editing and reviewing a submitted proposal: true for an open
call, a closed call, a personal extension and an access code."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from submissions.enums import SubmissionState
from submissions.models import Submission
from submissions.services import next_step
from tests.factories.extensions import ExtensionFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import DeadlineFactory, EventFactory, aware
from tracks.enums import AOE

pytestmark = pytest.mark.django_db
S = SubmissionState
FEB_25_2025_AOE = aware(2025, 2, 26, 11, 59)  # Feb 25, 2025 23:59 AoE
FUTURE = timezone.now() + timedelta(days=400)


def _with_call(closing, **kwargs) -> Submission:
    event = EventFactory()
    DeadlineFactory(event=event, due=closing, time_zone=AOE)
    return SubmissionFactory(event=event, **kwargs)


def _day(moment) -> str:
    """How the messages name a due time given in AoE: "Feb 25, 2025 AoE"."""
    local = moment - timedelta(hours=12)
    return f"{local:%b} {local.day}, {local.year} AoE"


def _submit(client, submission):
    client.force_login(submission.created_by)
    data = {
        "version": submission.version, "title": submission.title,
        "abstract": submission.abstract, "description": submission.description,
        "ai_statement": submission.ai_statement, "notes": "", "submit": "1",
    }  # fmt: skip
    url = reverse("submissions:edit", args=[submission.event.slug, submission.pk])
    response = client.post(url, data)
    return response, [str(message) for message in get_messages(response.wsgi_request)]


def test_next_step_submitted_during_the_open_call_names_its_end():
    submission = _with_call(FUTURE, state=S.SUBMITTED)

    assert next_step(submission) == f"Submitted. You can still edit it until {_day(FUTURE)}."


def test_next_step_submitted_after_the_call_closed_says_it_closed():
    submission = _with_call(FEB_25_2025_AOE, state=S.SUBMITTED)

    assert next_step(submission) == (
        "Submitted. The call closed on Feb 25, 2025 AoE, so it can no longer be edited; "
        "the organizers will email you their decision."
    )


def test_next_step_with_a_personal_extension_names_the_extension():
    submission = _with_call(FEB_25_2025_AOE, state=S.SUBMITTED)
    extension = ExtensionFactory(
        event=submission.event, code="", user=submission.created_by, due=FUTURE, time_zone=AOE
    )

    assert next_step(submission) == (
        f"Submitted. You can still edit it until {_day(extension.due)} (your extension)."
    )


def test_next_step_after_an_extension_ended_names_the_end_of_the_extension():
    submission = _with_call(FEB_25_2025_AOE, state=S.SUBMITTED)
    ExtensionFactory(
        event=submission.event, code="", submission=submission, time_zone=AOE,
        due=aware(2025, 3, 4, 11, 59),
    )  # fmt: skip

    assert next_step(submission).startswith(
        "Submitted. The call closed on Mar 3, 2025 AoE (your extension), so it can no longer"
    )


def test_submit_during_the_open_call_says_until_when(client):
    submission = _with_call(FUTURE)

    response, messages = _submit(client, submission)

    assert response.status_code == 302
    assert messages == [f"Your proposal is submitted. You can still edit it until {_day(FUTURE)}."]


def test_submit_with_an_access_code_after_the_call_closed_names_the_codes_end(client):
    code = ExtensionFactory(code="LATE-PAPER", due=FUTURE, time_zone=AOE)
    DeadlineFactory(event=code.event, due=FEB_25_2025_AOE, time_zone=AOE)
    submission = SubmissionFactory(event=code.event, access_code=code)

    response, messages = _submit(client, submission)

    assert response.status_code == 302
    assert messages == [
        "Your proposal is submitted. "
        f"You can still edit it until {_day(FUTURE)} (your access code)."
    ]


def test_submit_with_no_deadline_keeps_the_general_words(client):
    submission = SubmissionFactory()

    response, messages = _submit(client, submission)

    assert response.status_code == 302
    assert messages == ["Your proposal is submitted. You can still edit it until the call closes."]
