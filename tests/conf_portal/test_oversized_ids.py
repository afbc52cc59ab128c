"""An id too large for the database is an unknown id, never a 500 (SQLite overflows on it)."""

import pytest
from django.urls import reverse

from reviews.enums import Decision
from submissions.models import Submission
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import EventFactory, MembershipFactory
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db

HUGE = ["9" * 25, "+9223372036854775808", "9_223_372_036_854_775_808", "-" + "9" * 22]


@pytest.mark.parametrize("value", HUGE)
def test_the_orm_matches_nothing(value):
    SubmissionFactory()

    assert list(Submission.objects.filter(pk__in=[int(value.replace("_", ""))])) == []


@pytest.mark.parametrize("value", HUGE)
def test_forms_that_pick_several_rows_say_unknown(client, value):
    event = EventFactory()
    client.force_login(MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user)

    decide = client.post(
        reverse("reviews:decide", args=[event.slug]),
        {"submissions": [value], "decision": Decision.ACCEPT},
    )
    question = client.post(
        reverse("submissions:manage-questions", args=[event.slug]),
        {"text": "Level?", "kind": "text", "tracks": [value]},
    )

    assert decide.status_code == 302
    assert question.status_code == 200
    assert "tracks" in question.context["form"].errors
