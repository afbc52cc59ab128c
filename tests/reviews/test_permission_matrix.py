"""Every page of the review committee, asked by every kind of visitor.

The matrix lists each (URL name, method) of ``reviews.urls`` with the answer each role gets. A page
added to the app without a row here fails ``test_every_committee_page_is_in_the_matrix``.

Roles, all about one event with two tracks (HPC and ML) and one proposal under review in HPC:

- anonymous: not signed in.
- author: a speaker of the proposal, on no committee.
- reviewer / other_reviewer: reviews HPC / ML.
- conflicted_reviewer: reviews HPC, the proposal's author declared a conflict with them.
- chair / other_chair: track chair of HPC / ML.
- conflicted_chair: track chair of HPC with a conflict with the proposal.
- organizer: organizer of the event; other_organizer: organizer of another event.

Denied event and object pages answer 404; a POST by anyone not in ``writers`` changes nothing in
the database and sends no email.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import URLPattern, reverse

from reviews import urls as reviews_urls
from reviews.enums import ConflictSource, ConstraintKind, RunStatus
from reviews.models import (
    AssignmentConstraint,
    AssignmentRun,
    Bid,
    CommitteeInvitation,
    Conflict,
    ProposedAssignment,
    ReviewAssignment,
    ReviewerProfile,
)
from reviews.services.conflicts import remove_chair_decision
from submissions.enums import SubmissionState
from tests.factories.reviews import (
    CommitteeInvitationFactory,
    ConflictFactory,
    ReviewAssignmentFactory,
)
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import EventFactory, MembershipFactory, TrackFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole
from tracks.models import Membership

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "author",
    "reviewer",
    "other_reviewer",
    "conflicted_reviewer",
    "chair",
    "other_chair",
    "conflicted_chair",
    "organizer",
    "other_organizer",
)
MEMBERS = (
    "reviewer",
    "other_reviewer",
    "conflicted_reviewer",
    "chair",
    "other_chair",
    "conflicted_chair",
    "organizer",
)
REVIEWERS = ("reviewer", "other_reviewer", "conflicted_reviewer")
CHAIRS = ("chair", "other_chair", "conflicted_chair", "organizer")
HPC_CHAIRS = ("chair", "conflicted_chair", "organizer")  # whoever manages the HPC track


def answers(default: int = 404, *, anonymous: int = 302, **by_role: int) -> dict[str, int]:
    """The status code per role: ``default`` unless named, anonymous sent to sign in."""
    unknown = set(by_role) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {role: by_role.get(role, default) for role in ROLES} | {"anonymous": anonymous}


def only(roles, status: int, default: int = 404, **others: int) -> dict[str, int]:
    """``status`` for ``roles``, then the exceptions in ``others``."""
    return answers(default, **(dict.fromkeys(roles, status) | others))


# --- The world every case runs in ------------------------------------------------------------


@pytest.fixture
def world():
    event = EventFactory()
    hpc = TrackFactory(event=event, name="HPC")
    ml = TrackFactory(event=event, name="ML")

    def member(role, tracks=None, name=None):
        user = UserFactory(**({"name": name} if name else {}))
        return MembershipFactory(event=event, user=user, role=role, tracks=tracks)

    users = {
        "author": UserFactory(name="Paula Author"),
        "reviewer": member(CommitteeRole.REVIEWER, [hpc]).user,
        "other_reviewer": member(CommitteeRole.REVIEWER, [ml]).user,
        "conflicted_reviewer": member(CommitteeRole.REVIEWER, [hpc]).user,
        "chair": member(CommitteeRole.TRACK_CHAIR, [hpc]).user,
        "other_chair": member(CommitteeRole.TRACK_CHAIR, [ml]).user,
        "conflicted_chair": member(CommitteeRole.TRACK_CHAIR, [hpc]).user,
        "organizer": member(CommitteeRole.ORGANIZER).user,
        "other_organizer": MembershipFactory(role=CommitteeRole.ORGANIZER).user,
    }
    proposal = SubmissionFactory(
        event=event,
        track=hpc,
        state=SubmissionState.SUBMITTED,
        created_by=users["author"],
        title="Sparse solvers on exascale machines",
    )
    for who in ("conflicted_reviewer", "conflicted_chair"):
        ConflictFactory(submission=proposal, user=users[who], source=ConflictSource.AUTHOR)
    # Reviewers of the proposal that a conflicted chair must not see.
    assigned = member(CommitteeRole.REVIEWER, [hpc], name="Ada Assigned").user
    proposed = member(CommitteeRole.REVIEWER, [hpc], name="Grace Proposed").user
    ReviewAssignmentFactory(submission=proposal, reviewer=assigned)
    AssignmentConstraint.objects.create(submission=proposal, user=assigned, kind=ConstraintKind.PIN)
    run = AssignmentRun.objects.create(
        event=event,
        status=RunStatus.DONE,
        progress=100,
        params={"reviews_per_submission": 2, "min_load": 0, "max_load": 3},
    )
    run.tracks.set([hpc])
    ProposedAssignment.objects.create(
        run=run,
        submission=proposal,
        reviewer=proposed,
        cost=0.0,
        bid_cost=0.0,
        affinity_cost=0.0,
        load_cost=0.0,
        affinity=0.5,
    )
    # Someone the organizers (and authors) act on: re-scoped, removed, declared conflicted.
    bystander = member(CommitteeRole.REVIEWER, [hpc], name="Bea Bystander")
    invitation = CommitteeInvitationFactory(event=event, invited_by=users["organizer"])
    return SimpleNamespace(
        event=event,
        hpc=hpc,
        ml=ml,
        users=users,
        proposal=proposal,
        assigned=assigned,
        proposed=proposed,
        run=run,
        bystander=bystander,
        invitation=invitation,
    )


def snapshot() -> dict:
    """What a refused POST must leave as it was: every committee row, and the mail outbox."""
    user_model = get_user_model()
    return {
        "memberships": sorted(Membership.objects.values_list("pk", "user_id", "role")),
        "membership tracks": sorted(
            Membership.tracks.through.objects.values_list("membership_id", "track_id")
        ),
        "invitations": sorted(
            CommitteeInvitation.objects.values_list("pk", "status", "user_id", "responded_at")
        ),
        "profiles": sorted(
            ReviewerProfile.objects.values_list("user_id", "keywords", "expertise", "max_load")
        ),
        "affiliations": sorted(user_model.objects.values_list("pk", "affiliation")),
        "bids": sorted(Bid.objects.values_list("submission_id", "user_id", "preference")),
        "conflicts": sorted(
            Conflict.objects.values_list("submission_id", "user_id", "source", "is_conflict")
        ),
        "assignments": sorted(ReviewAssignment.objects.values_list("submission_id", "reviewer_id")),
        "constraints": sorted(
            AssignmentConstraint.objects.values_list("submission_id", "user_id", "kind")
        ),
        "runs": sorted(AssignmentRun.objects.values_list("pk", "status", "applied_at")),
        "emails": len(mail.outbox),
    }


# --- The matrix -------------------------------------------------------------------------------

PARAMS = {
    "reviews_per_submission": 2,
    "min_load": 0,
    "max_load": 3,
    "weight_bid": 1,
    "weight_affinity": 1,
    "weight_load": 1,
    "keep_current": "on",
}


def event_kwargs(w):
    return {"event": w.event.slug}


def proposal_kwargs(w):
    return {"event": w.event.slug, "pk": w.proposal.pk}


def run_kwargs(w):
    return {"event": w.event.slug, "pk": w.run.pk}


def bystander_kwargs(w):
    return {"event": w.event.slug, "pk": w.bystander.pk}


def invitation_kwargs(w):
    return {"event": w.event.slug, "pk": w.invitation.pk}


def no_body(w):
    return {}


@dataclass(frozen=True)
class Page:
    name: str
    kwargs: Callable
    method: str
    expected: dict[str, int]
    body: Callable = no_body
    writers: tuple[str, ...] = ()  # roles whose POST changes something
    hidden_from: dict[str, str] = field(default_factory=dict)  # role → text it must not see

    @property
    def id(self) -> str:
        return f"{self.name}-{self.method.upper()}"


MATRIX = [
    # Committee: members and invitations (organizers only).
    Page("manage-committee", event_kwargs, "get", only(["organizer"], 200)),
    Page(
        "manage-committee",
        event_kwargs,
        "post",
        only(["organizer"], 302),
        body=lambda w: {"emails": "new.member@example.edu", "role": CommitteeRole.REVIEWER},
        writers=("organizer",),
    ),
    Page(
        "manage-committee-scope",
        bystander_kwargs,
        "post",
        only(["organizer"], 302),
        body=lambda w: {"tracks": [w.ml.pk]},
        writers=("organizer",),
    ),
    Page(
        "manage-committee-remove",
        bystander_kwargs,
        "post",
        only(["organizer"], 302),
        writers=("organizer",),
    ),
    Page(
        "manage-committee-resend",
        invitation_kwargs,
        "post",
        only(["organizer"], 302),
        writers=("organizer",),
    ),
    Page(
        "manage-committee-withdraw",
        invitation_kwargs,
        "post",
        only(["organizer"], 302),
        writers=("organizer",),
    ),
    # The invitation link: the token is the credential; anonymous visitors see the invitation
    # and are sent to sign in to accept it.
    Page(
        "invitation",
        lambda w: {"token": w.invitation.token},
        "get",
        answers(200, anonymous=200),
    ),
    Page(
        "invitation",
        lambda w: {"token": w.invitation.token},
        "post",
        answers(302),
        writers=tuple(role for role in ROLES if role != "anonymous"),
    ),
    # A member's own pages, in any role.
    Page("home", event_kwargs, "get", only(MEMBERS, 200)),
    Page("profile", event_kwargs, "get", only(MEMBERS, 200)),
    Page(
        "profile",
        event_kwargs,
        "post",
        only(MEMBERS, 302),
        body=lambda w: {
            "keywords": "GPU, MPI",
            "expertise": "Sparse linear algebra.",
            "affiliation": "Somewhere Lab",
            "other_affiliations": "",
            "max_load": "4",
        },
        writers=MEMBERS,
    ),
    # Bidding: reviewers only; a reviewer of ML never sees the HPC proposal, a conflicted reviewer
    # may not bid on it.
    Page(
        "bids",
        event_kwargs,
        "get",
        only(REVIEWERS, 200),
        hidden_from={"other_reviewer": "Sparse solvers"},
    ),
    Page(
        "bid",
        proposal_kwargs,
        "post",
        only(["reviewer", "conflicted_reviewer"], 302),
        body=lambda w: {"preference": "eager"},
        writers=("reviewer",),
    ),
    # Conflicts: the proposal's authors declare them; chairs see and set them in their tracks.
    Page("author-conflicts", proposal_kwargs, "get", only(["author"], 200)),
    Page(
        "author-conflicts",
        proposal_kwargs,
        "post",
        only(["author"], 302),
        body=lambda w: {"members": [w.bystander.user.pk], "reason": "Same lab until 2025"},
        writers=("author",),
    ),
    Page(
        "manage-conflicts",
        event_kwargs,
        "get",
        only(CHAIRS, 200),
        hidden_from={"other_chair": "Sparse solvers"},
    ),
    Page(
        "manage-conflicts",
        event_kwargs,
        "post",
        # Neither the ML chair nor a chair conflicted with it can name the HPC proposal.
        only(CHAIRS, 302, other_chair=200, conflicted_chair=200),
        body=lambda w: {
            "add-submission": w.proposal.pk,
            "add-user": w.bystander.user.pk,
            "add-reason": "Advisor",
        },
        writers=("chair", "organizer"),
    ),
    # Manual assignment.
    Page(
        "manage-assignments",
        event_kwargs,
        "get",
        only(CHAIRS, 200),
        hidden_from={"other_chair": "Sparse solvers"},
    ),
    Page(
        "manage-assignments",
        event_kwargs,
        "post",
        # Refused assignments re-render the page with the reason.
        only(["chair", "organizer"], 302, other_chair=200, conflicted_chair=200),
        body=lambda w: {
            "action": "assign",
            "submissions": [w.proposal.pk],
            "reviewers": [w.bystander.user.pk],
        },
        writers=("chair", "organizer"),
    ),
    # Automatic assignment.
    Page(
        "auto-assign",
        event_kwargs,
        "get",
        only(CHAIRS, 200),
        hidden_from={"other_chair": "Sparse solvers"},
    ),
    Page(
        "auto-assign",
        event_kwargs,
        "post",
        only(HPC_CHAIRS, 302, other_chair=200),  # the ML chair cannot tick the HPC track
        body=lambda w: {**PARAMS, "tracks": [w.hpc.pk]},
        writers=HPC_CHAIRS,
    ),
    Page(
        "assignment-constraint",
        event_kwargs,
        "post",
        only(CHAIRS, 302),  # refusals go back with a message
        body=lambda w: {
            "submission": w.proposal.pk,
            "user": w.bystander.user.pk,
            "kind": ConstraintKind.FORBID,
        },
        writers=("chair", "organizer"),
    ),
    # The run covers HPC only: the ML chair may not open it.
    Page("run", run_kwargs, "get", only(HPC_CHAIRS, 200)),
    Page("run-status", run_kwargs, "get", only(HPC_CHAIRS, 200)),
    Page("run-rerun", run_kwargs, "post", only(HPC_CHAIRS, 302), writers=HPC_CHAIRS),
    Page("run-apply", run_kwargs, "get", only(HPC_CHAIRS, 200)),
    Page("run-apply", run_kwargs, "post", only(HPC_CHAIRS, 302), writers=HPC_CHAIRS),
]

# Cases that fail because the application is wrong: (url name, method, role) → the bug.
KNOWN_BUGS: dict[tuple[str, str, str], str] = {}


def cases():
    for page in MATRIX:
        for role in ROLES:
            marks = []
            if bug := KNOWN_BUGS.get((page.name, page.method, role)):
                marks.append(pytest.mark.xfail(strict=True, reason=bug))
            yield pytest.param(page, role, id=f"{page.id}-{role}", marks=marks)


def handled_methods(pattern: URLPattern) -> set[str]:
    view = pattern.callback.view_class
    return {m for m in ("get", "post") if hasattr(view, m) and m in view.http_method_names}


def request(client, page, world, role):
    if role != "anonymous":
        client.force_login(world.users[role])
    url = reverse(f"reviews:{page.name}", kwargs=page.kwargs(world))
    send = getattr(client, page.method)
    return send(url, page.body(world)) if page.method == "post" else send(url)


# --- Tests ------------------------------------------------------------------------------------


def test_every_committee_page_is_in_the_matrix():
    patterns = [p for p in reviews_urls.urlpatterns if isinstance(p, URLPattern)]
    in_app = {(p.name, method) for p in patterns for method in handled_methods(p)}

    in_matrix = {(page.name, page.method) for page in MATRIX}

    assert len(patterns) == len(reviews_urls.urlpatterns)  # no nested include() to walk
    assert in_matrix == in_app
    assert len(MATRIX) == len(in_matrix)


def test_every_row_answers_for_every_role():
    incomplete = [page.id for page in MATRIX if set(page.expected) != set(ROLES)]
    stray_writers = [page.id for page in MATRIX if set(page.writers) - set(ROLES)]

    assert incomplete == []
    assert stray_writers == []


@pytest.mark.parametrize(("page", "role"), list(cases()))
def test_permission_matrix(client, world, django_capture_on_commit_callbacks, page, role):
    # Arrange
    before = snapshot()

    # Act
    with django_capture_on_commit_callbacks(execute=True):
        response = request(client, page, world, role)

    # Assert
    assert response.status_code == page.expected[role]
    if role == "anonymous" and response.status_code == 302:
        assert response["Location"].startswith(reverse("account_login"))
    if page.method == "post":
        if role in page.writers:
            assert snapshot() != before, "the allowed POST should have done something"
        else:
            assert snapshot() == before
    if text := page.hidden_from.get(role):
        assert text not in response.content.decode()


@pytest.mark.parametrize(
    "page", [page for page in MATRIX if page.hidden_from], ids=lambda page: page.id
)
def test_hidden_texts_are_shown_to_the_allowed_role(client, world, page):
    """The negative checks above mean something: the same text is there for the HPC side."""
    role = "reviewer" if page.name == "bids" else "chair"

    response = request(client, page, world, role)

    assert response.status_code == 200
    assert all(text in response.content.decode() for text in page.hidden_from.values())


def _section(html: str, start: str, end: str) -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


@pytest.mark.parametrize(
    ("role", "visible"), [("chair", True), ("conflicted_chair", False)], ids=["chair", "conflicted"]
)
def test_a_conflicted_chair_sees_no_reviewers_of_the_proposal(client, world, role, visible):
    client.force_login(world.users[role])
    proposal = world.proposal

    assignments = client.get(reverse("reviews:manage-assignments", args=[world.event.slug]))
    auto = client.get(reverse("reviews:auto-assign", args=[world.event.slug]))
    run = client.get(reverse("reviews:run", args=[world.event.slug, world.run.pk]))

    row = _section(assignments.content.decode(), f'id="proposal-{proposal.pk}"', "</tr>")
    run_row = _section(run.content.decode(), f'id="run-proposal-{proposal.pk}"', "</article>")
    diff_titles = {title for entries in run.context["diff_tables"].values() for title, _ in entries}
    constraints = [(c.submission_id, c.user_id) for c in auto.context["constraints"]]
    assert ("Ada Assigned" in row) == visible
    assert ("Grace Proposed" in run_row) == visible
    assert ("Ada Assigned" in run_row) == visible  # shown as "removed" by the run
    assert (proposal.title in diff_titles) == visible
    assert ((proposal.pk, world.assigned.pk) in constraints) == visible


def test_a_conflicted_reviewer_sees_the_proposal_locked_on_the_bidding_list(client, world):
    client.force_login(world.users["conflicted_reviewer"])

    response = client.get(reverse("reviews:bids", args=[world.event.slug]))

    rows = {s.pk: s.locked_reasons for s in response.context["submissions"]}
    assert rows[world.proposal.pk] == ["declared by an author"]


def test_a_conflicted_chair_cannot_lift_conflicts_of_the_proposal(client, world):
    ConflictFactory(
        submission=world.proposal, user=world.bystander.user, source=ConflictSource.CHAIR
    )
    client.force_login(world.users["conflicted_chair"])
    before = snapshot()

    client.post(
        reverse("reviews:manage-conflicts", args=[world.event.slug]),
        {"action": "undo", "submission": world.proposal.pk, "user": world.bystander.user.pk},
    )

    assert snapshot() == before


def test_a_conflicted_chair_cannot_lift_conflicts_through_the_services(world):
    ConflictFactory(
        submission=world.proposal, user=world.bystander.user, source=ConflictSource.CHAIR
    )

    with pytest.raises(ValidationError, match="another chair decides"):
        remove_chair_decision(
            submission=world.proposal,
            user=world.bystander.user,
            by=world.users["conflicted_chair"],
        )

    assert Conflict.objects.filter(submission=world.proposal, source="chair").count() == 1
