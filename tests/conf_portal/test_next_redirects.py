"""A ``next`` parameter is followed only when it is a path on this site; else the default."""

import pytest
from django.urls import reverse

from conf_portal.redirects import safe_next
from reviews.models import Bid
from submissions.enums import SubmissionState
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import EventFactory, MembershipFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db

UNSAFE = [
    "undo",
    "back",
    "reviews:decisions",
    "//evil.example/",
    "https://evil.example/",
    "http://testserver/scipy/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "/\t/evil.example/",
    "javascript:alert(1)",
    " /scipy/",
    "./scipy/",
]


@pytest.mark.parametrize("target", UNSAFE)
def test_safe_next_falls_back_for_anything_but_a_local_path(rf, target):
    request = rf.post("/somewhere/", {"next": target})

    assert safe_next(request, "/home/") == "/home/"


@pytest.mark.parametrize("target", ["/scipy/manage/ranking/?sort=mean&page=2", "/", "/a/#b"])
def test_safe_next_keeps_a_local_path(rf, target):
    request = rf.post("/somewhere/", {"next": target})

    assert safe_next(request, "/home/") == target


def _member(event, role):
    user = UserFactory()
    MembershipFactory(event=event, user=user, role=role)
    return user


@pytest.mark.parametrize("target", ["undo", "//evil.example", "https://evil.example", "/\\evil"])
def test_decide_with_a_bad_next_saves_and_goes_to_the_decisions_page(client, target):
    event = EventFactory()
    proposal = SubmissionFactory(event=event, state=SubmissionState.UNDER_REVIEW)
    client.force_login(_member(event, CommitteeRole.ORGANIZER))

    response = client.post(
        reverse("reviews:decide", args=[event.slug]),
        {"submissions": [proposal.pk], "decision": "accepted", "next": target, "confirmed": "1"},
    )

    assert response.status_code == 302
    assert response.url == reverse("reviews:decisions", args=[event.slug])
    proposal.refresh_from_db()
    assert proposal.state == SubmissionState.ACCEPTED


def test_decide_keeps_a_local_next(client):
    event = EventFactory()
    proposal = SubmissionFactory(event=event, state=SubmissionState.UNDER_REVIEW)
    client.force_login(_member(event, CommitteeRole.ORGANIZER))
    back = reverse("reviews:decisions", args=[event.slug]) + "?state=under_review"

    response = client.post(
        reverse("reviews:decide", args=[event.slug]),
        {"submissions": [proposal.pk], "decision": "rejected", "next": back, "confirmed": "1"},
    )

    assert response.url == back


@pytest.mark.parametrize("target", ["back", "//evil.example", "https://evil.example", "/\\evil"])
def test_bid_with_a_bad_next_saves_and_goes_to_the_bid_list(client, target):
    event = EventFactory()
    proposal = SubmissionFactory(event=event, state=SubmissionState.SUBMITTED)
    client.force_login(_member(event, CommitteeRole.REVIEWER))

    response = client.post(
        reverse("reviews:bid", args=[event.slug, proposal.pk]),
        {"preference": "willing", "next": target},
    )

    assert response.status_code == 302
    assert response.url == reverse("reviews:bids", args=[event.slug]) + f"#proposal-{proposal.pk}"
    assert Bid.objects.get().preference == "willing"
