"""Decisions through the API go through reviews.services.decisions.decide, as the decisions page
does: its refusals answer 400 with its reasons, never a 500, and change nothing."""

import pytest

from reviews.enums import Decision
from submissions.enums import SubmissionState
from submissions.models import StateChange, Submission
from tests.api.conftest import client_with, member, proposal, token_for, v1
from tests.factories.reviews import ConflictFactory
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(program):
    return proposal(program.event, track=program.tracks[0], session_type=program.talk)


def test_read_a_decision(program, organizer_client, submitted):
    body = organizer_client.get(v1(program, f"proposals/{submitted.pk}/decision/")).json()

    assert body == {
        "proposal": submitted.pk, "state": "submitted", "decision": None, "speakers_told": True,
        "allowed_decisions": ["accepted", "rejected", "waitlisted"],
    }  # fmt: skip


@pytest.mark.parametrize("method", ["post", "patch"])
def test_accept_through_the_service(program, organizer, organizer_client, submitted, method):
    response = getattr(organizer_client, method)(
        v1(program, f"proposals/{submitted.pk}/decision/"), {"decision": "accepted"}
    )

    body = response.json()
    submitted.refresh_from_db()
    assert response.status_code == 200
    assert (body["state"], body["decision"], body["changed"]) == ("accepted", "accepted", True)
    assert body["speakers_told"] is False  # the decision email is sent from the decisions page
    assert body["warnings"] == ["Decided with 0 of 3 reviews submitted."]
    assert submitted.state == SubmissionState.ACCEPTED
    change = StateChange.objects.get(submission=submitted)
    assert (change.to_state, change.changed_by) == ("accepted", organizer)


def test_the_same_decision_twice_changes_nothing(program, organizer_client, submitted):
    url = v1(program, f"proposals/{submitted.pk}/decision/")
    organizer_client.post(url, {"decision": "rejected"})

    again = organizer_client.post(url, {"decision": "rejected"})

    assert (again.status_code, again.json()["changed"]) == (200, False)
    assert StateChange.objects.filter(submission=submitted).count() == 1


def test_a_state_that_cannot_take_the_decision_is_400(program, organizer_client):
    confirmed = program.sessions[0]

    response = organizer_client.post(
        v1(program, f"proposals/{confirmed.pk}/decision/"), {"decision": "rejected"}
    )

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors == [f"“{confirmed.title}” is confirmed and cannot be rejected."]
    assert Submission.objects.get(pk=confirmed.pk).state == SubmissionState.CONFIRMED


def test_a_conflicted_chair_is_refused_with_the_reason(program, organizer, organizer_client,
                                                       submitted):  # fmt: skip
    ConflictFactory(submission=submitted, user=organizer)

    response = organizer_client.post(
        v1(program, f"proposals/{submitted.pk}/decision/"), {"decision": "accepted"}
    )

    assert response.status_code == 400
    assert "conflict of interest" in response.json()["errors"][0]
    assert Submission.objects.get(pk=submitted.pk).state == SubmissionState.SUBMITTED


@pytest.mark.parametrize("data", [{}, {"decision": "confirmed"}, {"decision": ""}, {"x": 1}, []])
def test_a_bad_body_is_400(program, organizer_client, submitted, data):
    response = organizer_client.post(v1(program, f"proposals/{submitted.pk}/decision/"), data)

    assert response.status_code == 400


def test_malformed_json_is_400(program, organizer_client, submitted):
    response = organizer_client.generic(
        "POST", v1(program, f"proposals/{submitted.pk}/decision/"), "{not json",
        content_type="application/json",
    )  # fmt: skip

    assert response.status_code == 400


def test_a_track_chair_decides_in_their_tracks_only(program):
    chair = member(program.event, CommitteeRole.TRACK_CHAIR, tracks=[program.tracks[1]])
    client = client_with(token_for(chair, program.event))
    theirs = proposal(program.event, track=program.tracks[1], session_type=program.talk)
    other = proposal(program.event, track=program.tracks[0], session_type=program.talk)

    ok = client.post(v1(program, f"proposals/{theirs.pk}/decision/"), {"decision": "waitlisted"})
    hidden = client.post(v1(program, f"proposals/{other.pk}/decision/"), {"decision": "accepted"})

    assert ok.status_code == 200
    assert hidden.status_code == 404
    assert Submission.objects.get(pk=other.pk).state == SubmissionState.SUBMITTED


def test_every_decision_value_is_accepted(program, organizer_client):
    for decision in Decision.values:
        submission = proposal(program.event, track=program.tracks[0], session_type=program.talk)

        response = organizer_client.post(
            v1(program, f"proposals/{submission.pk}/decision/"), {"decision": decision}
        )

        assert (response.status_code, response.json()["state"]) == (200, decision)
