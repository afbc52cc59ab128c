import pytest
from django.urls import reverse

from reviews.enums import BidPreference
from reviews.models import ReviewAssignment
from submissions.enums import SubmissionState
from tests.factories.reviews import BidFactory, ReviewAssignmentFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import EventFactory, MembershipFactory, TrackFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory()


@pytest.fixture
def hpc(event):
    return TrackFactory(event=event, name="HPC")


@pytest.fixture
def organizer(event):
    return MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user


def _url(event):
    return reverse("reviews:manage-assignments", args=[event.slug])


def _reviewer(event, name, tracks=None):
    user = UserFactory(name=name)
    MembershipFactory(event=event, user=user, role=CommitteeRole.REVIEWER, tracks=tracks)
    return user


def _proposal(event, **kwargs):
    return SubmissionFactory(event=event, state=SubmissionState.SUBMITTED, **kwargs)


def test_anonymous_visitors_are_sent_to_sign_in(client, event):
    response = client.get(_url(event))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("who", ["author", "reviewer", "other_organizer"])
def test_people_who_do_not_manage_assignments_get_404(client, event, hpc, who):
    proposal = _proposal(event, track=hpc)
    users = {
        "author": proposal.created_by,
        "reviewer": _reviewer(event, "Ada", tracks=[hpc]),
        "other_organizer": MembershipFactory(role=CommitteeRole.ORGANIZER).user,
    }
    client.force_login(users[who])

    get = client.get(_url(event))
    post = client.post(
        _url(event), {"action": "assign", "submissions": [proposal.pk], "reviewers": [1]}
    )

    assert (get.status_code, post.status_code) == (404, 404)


def test_a_chair_of_another_track_can_neither_see_nor_assign_the_proposal(client, event, hpc):
    ml = TrackFactory(event=event)
    chair = MembershipFactory(event=event, role=CommitteeRole.TRACK_CHAIR, tracks=[ml]).user
    proposal = _proposal(event, track=hpc, title="Numba on GPUs")
    ada = _reviewer(event, "Ada Lovelace")
    client.force_login(chair)

    page = client.get(_url(event)).content.decode()
    post = client.post(
        _url(event), {"action": "assign", "submissions": [proposal.pk], "reviewers": [ada.pk]}
    )

    assert "Numba on GPUs" not in page
    assert post.status_code == 200
    assert "Select a valid choice" in post.content.decode()
    assert ReviewAssignment.objects.count() == 0


def test_a_track_chair_sees_only_their_tracks(client, event, hpc):
    ml = TrackFactory(event=event)
    chair = MembershipFactory(event=event, role=CommitteeRole.TRACK_CHAIR, tracks=[hpc]).user
    _proposal(event, track=hpc, title="Numba on GPUs")
    _proposal(event, track=ml, title="pixi for ML")
    SubmissionFactory(event=event, track=hpc, title="Draft only")
    client.force_login(chair)

    html = client.get(_url(event)).content.decode()

    assert ("Numba on GPUs" in html, "pixi for ML" in html, "Draft only" in html) == (
        True,
        False,
        False,
    )


def test_rows_show_reviewers_coverage_bids_and_only_eligible_reviewers(
    client, event, hpc, organizer
):
    ml = TrackFactory(event=event)
    proposal = _proposal(event, track=hpc, title="Numba on GPUs")
    ada, grace = _reviewer(event, "Ada Lovelace"), _reviewer(event, "Grace Hopper")
    _reviewer(event, "Alan Turing", tracks=[ml])
    _reviewer(event, "Barbara Liskov")
    ReviewAssignmentFactory(submission=proposal, reviewer=ada)
    BidFactory(submission=proposal, user=grace, preference=BidPreference.EAGER)
    BidFactory(
        submission=proposal,
        user=UserFactory(name="Edsger Dijkstra"),
        preference=BidPreference.NOT_WILLING,
    )
    conflicted = _reviewer(event, "Donald Knuth")
    BidFactory(submission=proposal, user=conflicted, preference=BidPreference.CONFLICT)
    client.force_login(organizer)

    response = client.get(_url(event))

    row = next(r for r in response.context["rows"] if r.submission == proposal)
    assert [a.reviewer for a in row.assignments] == [ada]
    assert (row.assigned, row.wanted, row.coverage) == (1, 3, "under")
    assert [(load.user.name, bid) for load, bid in row.eligible] == [
        ("Grace Hopper", "Eager"),
        ("Barbara Liskov", ""),
    ]
    assert (row.bids["eager"], row.bids["not_willing"], row.conflicts) == (1, 1, 1)
    assert "1 / 3" in response.content.decode()


def test_a_conflicted_chair_sees_no_reviewers_and_no_controls_for_that_proposal(client, event, hpc):
    chair = MembershipFactory(event=event, role=CommitteeRole.TRACK_CHAIR, tracks=[hpc]).user
    own = _proposal(event, track=hpc, title="Chair's own talk", speakers=[chair])
    other = _proposal(event, track=hpc, title="Someone else's talk")
    ada = _reviewer(event, "Ada Lovelace")
    ReviewAssignmentFactory(submission=own, reviewer=ada)
    client.force_login(chair)

    html = client.get(_url(event)).content.decode()
    by_name = client.get(_url(event), {"q": "Ada"}).content.decode()
    post = client.post(
        _url(event), {"action": "unassign", "submissions": [own.pk], "reviewers": [ada.pk]}
    )

    own_row = html.split(f'id="proposal-{own.pk}"')[1].split("</tr>")[0]
    assert "You have a conflict with this proposal" in own_row
    assert "Ada Lovelace" not in own_row
    assert 'name="submissions"' not in own_row
    assert f'id="proposal-{other.pk}"' in html
    assert "Chair&#x27;s own talk" not in by_name
    assert "You have a conflict with “Chair&#x27;s own talk”" in post.content.decode()
    assert ReviewAssignment.objects.filter(submission=own, reviewer=ada).exists()


def test_filters_by_track_coverage_and_search(client, event, hpc, organizer):
    ml = TrackFactory(event=event)
    covered = _proposal(event, track=hpc, title="Numba on GPUs")
    _proposal(event, track=hpc, title="Dask at scale")
    _proposal(event, track=ml, title="pixi for ML")
    for name in ("Ada", "Grace", "Alan"):
        ReviewAssignmentFactory(submission=covered, reviewer=_reviewer(event, name))
    client.force_login(organizer)

    def titles(**params):
        rows = client.get(_url(event), params).context["rows"]
        return sorted(row.submission.title for row in rows)

    assert titles(track=ml.pk) == ["pixi for ML"]
    assert titles(coverage="full") == ["Numba on GPUs"]
    assert titles(coverage="under") == ["Dask at scale", "pixi for ML"]
    assert titles(q="grace") == ["Numba on GPUs"]
    assert titles(q="DASK") == ["Dask at scale"]


def test_assigning_one_reviewer_from_a_row(client, event, hpc, organizer):
    proposal, ada = _proposal(event, track=hpc), _reviewer(event, "Ada Lovelace")
    client.force_login(organizer)

    response = client.post(
        _url(event) + "?coverage=under",
        {"action": "assign", "submissions": [proposal.pk], "reviewers": [ada.pk]},
    )

    assert response.status_code == 302
    assert response["Location"] == _url(event) + "?coverage=under"
    assert list(ReviewAssignment.objects.values_list("submission", "reviewer")) == [
        (proposal.pk, ada.pk)
    ]


def test_bulk_assign_and_unassign(client, event, hpc, organizer):
    first, second = _proposal(event, track=hpc), _proposal(event, track=hpc)
    ada, grace = _reviewer(event, "Ada"), _reviewer(event, "Grace")
    client.force_login(organizer)
    data = {"submissions": [first.pk, second.pk], "reviewers": [ada.pk, grace.pk]}

    client.post(_url(event), {"action": "assign", **data})
    assigned = ReviewAssignment.objects.count()
    client.post(_url(event), {"action": "unassign", **data, "reviewers": [ada.pk]})

    assert assigned == 4
    assert set(ReviewAssignment.objects.values_list("reviewer", flat=True)) == {grace.pk}


def test_bulk_assign_with_a_conflict_changes_nothing_and_names_the_pair(
    client, event, hpc, organizer
):
    first = _proposal(event, track=hpc)
    second = _proposal(event, track=hpc, title="Numba on GPUs")
    ada, grace = _reviewer(event, "Ada Lovelace"), _reviewer(event, "Grace Hopper")
    BidFactory(submission=second, user=grace, preference=BidPreference.CONFLICT)
    client.force_login(organizer)

    response = client.post(
        _url(event),
        {
            "action": "assign",
            "submissions": [first.pk, second.pk],
            "reviewers": [ada.pk, grace.pk],
        },
    )

    assert response.status_code == 200
    assert "Nothing was changed." in response.content.decode()
    assert "Grace Hopper has a conflict with “Numba on GPUs”" in response.content.decode()
    assert ReviewAssignment.objects.count() == 0


def test_bulk_assign_without_proposals_explains_itself(client, event, hpc, organizer):
    ada = _reviewer(event, "Ada Lovelace")
    client.force_login(organizer)

    response = client.post(_url(event), {"action": "assign", "reviewers": [ada.pk]})

    assert response.status_code == 200
    assert "Proposals: Tick at least one proposal." in response.content.decode()


def test_reviewer_load_panel_counts_assignments_in_the_whole_event(client, event, hpc, organizer):
    ada = _reviewer(event, "Ada Lovelace")
    for _ in range(2):
        ReviewAssignmentFactory(submission=_proposal(event, track=hpc), reviewer=ada)
    client.force_login(organizer)

    loads = client.get(_url(event)).context["loads"]

    assert [(load.user, load.load) for load in loads] == [(ada, 2)]


def _populate(event, track, n_proposals, n_reviewers):
    reviewers = [_reviewer(event, f"Reviewer {i}") for i in range(n_reviewers)]
    for i in range(n_proposals):
        proposal = _proposal(event, track=track)
        ReviewAssignmentFactory(submission=proposal, reviewer=reviewers[i % n_reviewers])
        BidFactory(submission=proposal, user=reviewers[(i + 1) % n_reviewers])


def test_the_page_makes_a_constant_number_of_queries(
    client, event, hpc, organizer, django_assert_max_num_queries
):
    _populate(event, hpc, 2, 2)
    client.force_login(organizer)
    # 44: the page also reads the reviews-due reminder rule (made on first use).
    with django_assert_max_num_queries(44) as few:
        client.get(_url(event))
    _populate(event, hpc, 20, 8)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(_url(event))

    assert len(response.context["rows"]) == 22


def test_an_assignment_found_in_conflict_later_is_flagged(client, event, hpc, organizer):
    proposal = _proposal(event, track=hpc)
    ada, grace = _reviewer(event, "Ada Lovelace"), _reviewer(event, "Grace Hopper")
    ReviewAssignmentFactory(submission=proposal, reviewer=ada)
    ReviewAssignmentFactory(submission=proposal, reviewer=grace)
    ada.affiliation = proposal.created_by.affiliation  # Ada moved to the author's institute
    ada.save()
    client.force_login(organizer)

    rows = client.get(_url(event)).context["rows"]

    assert [(a.reviewer.name, a.conflicted) for a in rows[0].assignments] == [
        ("Ada Lovelace", True),
        ("Grace Hopper", False),
    ]
