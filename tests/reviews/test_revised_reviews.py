import pytest
from django.urls import reverse
from django.utils import timezone

from submissions.enums import SubmissionState
from tests.factories.reviews import ReviewAssignmentFactory, ReviewFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import MembershipFactory
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("revised", "shown"), [(True, True), (False, False)])
def test_chairs_see_that_a_review_was_revised_after_submission(client, revised, shown):
    proposal = SubmissionFactory(state=SubmissionState.SUBMITTED)
    chair = MembershipFactory(event=proposal.event, role=CommitteeRole.ORGANIZER).user
    reviewer = MembershipFactory(event=proposal.event).user
    ReviewAssignmentFactory(submission=proposal, reviewer=reviewer)
    ReviewFactory(
        submission=proposal, reviewer=reviewer, overall=4, submitted_at=timezone.now(),
        revised_at=timezone.now() if revised else None,
    )  # fmt: skip
    client.force_login(chair)

    html = client.get(
        reverse("reviews:proposal-reviews", args=[proposal.event.slug, proposal.pk])
    ).content.decode()

    assert ("revised " in html) == shown
