import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.access import review_settings
from reviews.enums import ReviewMode
from reviews.models import DiscussionComment
from reviews.services.assignments import unassign_reviewers
from submissions.enums import SubmissionState
from tests.factories.reviews import ReviewAssignmentFactory, ReviewFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import MembershipFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db


def test_an_unassigned_commenter_keeps_an_alias_in_blind_modes(client):
    proposal = SubmissionFactory(state=SubmissionState.SUBMITTED)
    event = proposal.event
    settings = review_settings(event)
    settings.mode = ReviewMode.DOUBLE_BLIND
    settings.save()
    chair = MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user
    bob = MembershipFactory(event=event, user=UserFactory(name="Secretive Bob")).user
    reader = MembershipFactory(event=event).user
    for reviewer in (bob, reader):
        ReviewAssignmentFactory(submission=proposal, reviewer=reviewer)
    ReviewFactory(submission=proposal, reviewer=reader, overall=3, submitted_at=timezone.now())
    DiscussionComment.objects.create(submission=proposal, author=bob, text="I lean reject.")
    unassign_reviewers(submissions=[proposal], reviewers=[bob], by=chair)
    client.force_login(reader)

    html = client.get(
        reverse("reviews:proposal-reviews", args=[event.slug, proposal.pk])
    ).content.decode()

    assert "I lean reject." in html
    assert "Secretive Bob" not in html
