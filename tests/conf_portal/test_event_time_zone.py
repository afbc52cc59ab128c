"""An event's pages show times in the event's zone; the next request starts in UTC again."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.enums import InvitationStatus
from submissions.enums import SubmissionState
from tests.factories.reviews import (
    CommitteeInvitationFactory,
    ReviewAssignmentFactory,
    ReviewFactory,
)
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import EventFactory, MembershipFactory
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db


def test_review_times_are_in_the_events_zone_and_the_zone_ends_with_the_request(client):
    event = EventFactory(time_zone="Asia/Tokyo")
    submission = SubmissionFactory(event=event, state=SubmissionState.SUBMITTED)
    reviewer = MembershipFactory(event=event, role=CommitteeRole.REVIEWER).user
    ReviewAssignmentFactory(submission=submission, reviewer=reviewer)
    ReviewFactory(
        submission=submission,
        reviewer=reviewer,
        submitted_at=datetime(2027, 3, 1, 20, 30, tzinfo=UTC),  # Mar 2, 05:30 in Tokyo
    )
    client.force_login(reviewer)

    html = client.get(
        reverse("reviews:review", kwargs={"event": event.slug, "pk": submission.pk})
    ).content.decode()

    assert "Submitted Mar 2, 2027, 05:30" in html
    assert timezone.get_current_timezone_name() == "UTC"


def test_an_invitation_page_dates_in_its_events_zone(client):
    event = EventFactory(time_zone="Asia/Tokyo")
    invitation = CommitteeInvitationFactory(
        event=event,
        status=InvitationStatus.DECLINED,
        responded_at=datetime(2027, 3, 1, 20, 30, tzinfo=UTC),  # Mar 2 in Tokyo
    )

    html = client.get(invitation.get_absolute_url()).content.decode()

    assert "This invitation was declined on Mar 2, 2027." in html
