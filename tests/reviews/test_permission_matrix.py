"""Every page of the review committee, asked by every kind of visitor.

The matrix lists each (URL name, method) of ``reviews.urls`` with the answer each role gets. A page
added to the app without a row here fails ``test_every_committee_page_is_in_the_matrix``.

Roles, all about one event with two tracks (HPC and ML) and one proposal under review in HPC:

- anonymous: not signed in.
- author: a speaker of the proposal (Paula Author), on no committee.
- reviewer / other_reviewer: reviews HPC / ML; the HPC reviewer is assigned the proposal and has
  submitted their review.
- conflicted_reviewer: reviews HPC and is assigned the proposal, but its author declared a
  conflict with them.
- chair / other_chair: track chair of HPC / ML.
- conflicted_chair: track chair of HPC with a conflict with the proposal.
- organizer: organizer of the event; other_organizer: organizer of another event.

The event reviews single-blind with an open author response round and meta-reviews; a second
HPC proposal by the same author is accepted, its author told, its co-speaker not yet.

Denied event and object pages answer 404; a POST by anyone not in ``writers`` changes nothing in
the database and sends no email.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, reverse
from django.utils import timezone

from mails.enums import EmailStatus
from mails.models import OutboundEmail
from reviews import urls as reviews_urls
from reviews.enums import ConflictSource, ConstraintKind, Decision, ReviewMode, RunStatus
from reviews.models import (
    AssignmentConstraint,
    AssignmentRun,
    AuthorResponse,
    Bid,
    CommitteeInvitation,
    Conflict,
    DecisionNotification,
    DiscussionComment,
    MetaReview,
    NotificationTemplate,
    ProposedAssignment,
    Review,
    ReviewAssignment,
    ReviewCriterion,
    ReviewerProfile,
    ReviewForm,
    ReviewReminder,
    ReviewScore,
    ReviewSettings,
)
from reviews.services.conflicts import remove_chair_decision
from submissions.enums import SubmissionState
from submissions.models import Submission
from tests.factories.reviews import (
    CommitteeInvitationFactory,
    ConflictFactory,
    ReviewAssignmentFactory,
    ReviewCriterionFactory,
    ReviewFactory,
    ReviewFormFactory,
)
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import DeadlineFactory, EventFactory, MembershipFactory, TrackFactory
from tests.factories.users import UserFactory
from tests.reviews.test_reading import pdf_with_author
from tracks.enums import CommitteeRole, DeadlineKind
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
        paper=SimpleUploadedFile("paper.pdf", pdf_with_author("Paula Author"), "application/pdf"),
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

    # Reviewing: an open author response round, meta-reviews, the event's review form.
    ReviewSettings.objects.update_or_create(
        event=event,
        defaults={"mode": ReviewMode.SINGLE_BLIND, "author_response": True, "meta_review": True},
    )
    now = timezone.now()
    DeadlineFactory(event=event, kind=DeadlineKind.REVIEWS_DUE, due=now - timedelta(days=1))
    DeadlineFactory(event=event, kind=DeadlineKind.RESPONSE_DUE, due=now + timedelta(days=3))
    review_form = ReviewFormFactory(event=event, name="Paper review")
    criteria = [
        ReviewCriterionFactory(form=review_form, name="Originality", position=0),
        ReviewCriterionFactory(form=review_form, name="Clarity", position=1),
    ]
    unused_form = ReviewFormFactory(event=event, track=ml, name="ML review")
    for who in ("reviewer", "conflicted_reviewer"):
        ReviewAssignmentFactory(submission=proposal, reviewer=users[who])
    for reviewer, overall in ((users["reviewer"], 4), (assigned, 2)):
        review = ReviewFactory(
            submission=proposal,
            reviewer=reviewer,
            form=review_form,
            overall=overall,
            confidence=3,
            comments_to_authors="Solid evaluation.",
            submitted_at=now,
        )
        for criterion in criteria:
            ReviewScore.objects.create(review=review, criterion=criterion, value=overall)
    # Decided and told to its author, not yet to its co-speaker.
    decided = SubmissionFactory(
        event=event,
        track=hpc,
        state=SubmissionState.ACCEPTED,
        created_by=users["author"],
        speakers=[UserFactory(name="Carl Cospeaker")],
        title="Mixed precision in practice",
    )
    told = OutboundEmail.objects.create(
        event=event,
        to=users["author"].email,
        subject="Your proposal is accepted",
        body="Congratulations.",
        from_email="program@example.org",
    )
    DecisionNotification.objects.create(
        submission=decided, decision=Decision.ACCEPT, recipient=users["author"], email=told
    )
    # An email whose worker stopped while sending it, for an organizer to release or discard.
    held = OutboundEmail.objects.create(
        event=event,
        to=users["author"].email,
        subject="Reviews of your proposal",
        body="Two reviews.",
        from_email="program@example.org",
        status=EmailStatus.HELD,
    )
    held.submissions.add(proposal)
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
        review_form=review_form,
        criteria=criteria,
        unused_form=unused_form,
        decided=decided,
        told=told,
        held=held,
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
        "assignments": sorted(
            ReviewAssignment.objects.values_list("submission_id", "reviewer_id", "notified_at")
        ),
        "reminders": sorted(ReviewReminder.objects.values_list("event_id", "reviewer_id")),
        "constraints": sorted(
            AssignmentConstraint.objects.values_list("submission_id", "user_id", "kind")
        ),
        "runs": sorted(AssignmentRun.objects.values_list("pk", "status", "applied_at")),
        "review settings": list(
            ReviewSettings.objects.order_by("event_id").values_list(
                "event_id", "mode", "others_after_own", "author_response", "meta_review"
            )
        ),
        "review forms": list(
            ReviewForm.objects.order_by("pk").values_list("pk", "name", "overall_max")
        ),
        "criteria": list(
            ReviewCriterion.objects.order_by("pk").values_list("pk", "name", "position")
        ),
        "reviews": list(
            Review.objects.order_by("pk").values_list(
                "submission_id", "reviewer_id", "overall", "submitted_at"
            )
        ),
        "scores": list(
            ReviewScore.objects.order_by("pk").values_list("review_id", "criterion_id", "value")
        ),
        "comments": list(
            DiscussionComment.objects.order_by("pk").values_list(
                "submission_id", "author_id", "text"
            )
        ),
        "responses": list(
            AuthorResponse.objects.order_by("pk").values_list("submission_id", "text")
        ),
        "meta-reviews": list(
            MetaReview.objects.order_by("pk").values_list("submission_id", "recommendation", "text")
        ),
        "templates": list(
            NotificationTemplate.objects.order_by("pk").values_list(
                "event_id", "decision", "subject", "body"
            )
        ),
        "told": list(
            DecisionNotification.objects.order_by("pk").values_list(
                "submission_id", "decision", "recipient_id"
            )
        ),
        "states": list(Submission.objects.order_by("pk").values_list("pk", "state")),
        "queued emails": sorted(OutboundEmail.objects.values_list("pk", "status")),
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


def form_kwargs(w):
    return {"event": w.event.slug, "pk": w.review_form.pk}


def criterion_kwargs(w):
    return {"event": w.event.slug, "pk": w.review_form.pk, "criterion": w.criteria[0].pk}


def form_body(name, **fields):
    """A review form as its page posts it: every track and type unless told."""
    return {
        "name": name,
        "track": "",
        "session_type": "",
        "overall_min": 1,
        "overall_max": 5,
        "overall_labels": "",
        "confidence_max": 4,
        "confidence_labels": "",
        **fields,
    }


def review_body(w):
    return {
        **{f"criterion_{criterion.pk}": 3 for criterion in w.criteria},
        "overall": 3,
        "confidence": 2,
        "comments_to_authors": "On reflection, the evaluation is thin.",
        "confidential_comments": "",
        "action": "submit",
    }


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
    # Review setup: organizers only, not even track chairs.
    Page("review-settings", event_kwargs, "get", only(["organizer"], 200)),
    Page(
        "review-settings",
        event_kwargs,
        "post",
        only(["organizer"], 302),
        body=lambda w: {
            "mode": ReviewMode.DOUBLE_BLIND,
            "others_after_own": "on",
            "author_response": "on",
            "response_word_limit": "300",
            "meta_review": "on",
        },
        writers=("organizer",),
    ),
    Page("review-forms", event_kwargs, "get", only(["organizer"], 200)),
    Page(
        "review-forms",
        event_kwargs,
        "post",
        only(["organizer"], 302),
        body=lambda w: form_body("Talk review", session_type=w.proposal.session_type_id),
        writers=("organizer",),
    ),
    Page("review-form", form_kwargs, "get", only(["organizer"], 200)),
    Page(
        "review-form",
        form_kwargs,
        "post",
        only(["organizer"], 302),
        body=lambda w: form_body("Full paper review"),
        writers=("organizer",),
    ),
    Page(
        "review-form-delete",
        lambda w: {"event": w.event.slug, "pk": w.unused_form.pk},
        "post",
        only(["organizer"], 302),
        writers=("organizer",),
    ),
    Page("review-criterion", criterion_kwargs, "get", only(["organizer"], 200)),
    Page(
        "review-criterion",
        criterion_kwargs,
        "post",
        only(["organizer"], 302),
        body=lambda w: {
            "name": "Novelty",
            "help_text": "",
            "min_value": 1,
            "max_value": 5,
            "labels": "",
            "required": "on",
        },
        writers=("organizer",),
    ),
    Page(
        "review-criterion-action",
        criterion_kwargs,
        "post",
        only(["organizer"], 302),
        body=lambda w: {"action": "down"},
        writers=("organizer",),
    ),
    # Reviewing: only the assigned reviewer who is not in conflict with the proposal.
    Page("review", proposal_kwargs, "get", only(["reviewer"], 200)),
    Page(
        "review",
        proposal_kwargs,
        "post",
        only(["reviewer"], 302),
        body=review_body,
        writers=("reviewer",),
    ),
    # Reading: the proposal's chairs and its assigned reviewers, never anyone in conflict with it
    # (the author is), nor the ML chair or reviewer.
    Page("committee-paper", proposal_kwargs, "get", only(["reviewer", "chair", "organizer"], 200)),
    Page("proposal-reviews", proposal_kwargs, "get", only(["reviewer", "chair", "organizer"], 200)),
    Page(
        "discussion-post",
        proposal_kwargs,
        "post",
        only(["reviewer", "chair", "organizer"], 302),
        body=lambda w: {"text": "Is the weak-scaling claim backed by the second table?"},
        writers=("reviewer", "chair", "organizer"),
    ),
    # Ranking and decisions: every chair reaches the pages; only the HPC chairs without a
    # conflict see (and decide) the proposal.
    Page(
        "ranking",
        event_kwargs,
        "get",
        only(CHAIRS, 200),
        hidden_from={"other_chair": "Sparse solvers", "conflicted_chair": "Sparse solvers"},
    ),
    Page(
        "decisions",
        event_kwargs,
        "get",
        only(CHAIRS, 200),
        hidden_from={"other_chair": "Sparse solvers", "conflicted_chair": "Sparse solvers"},
    ),
    Page(
        "decide",
        event_kwargs,
        "post",
        only(CHAIRS, 302),  # refusals go back with the reason
        # Confirmed: without it, a proposal short of reviews gets the confirmation page first.
        body=lambda w: {
            "submissions": [w.proposal.pk],
            "decision": Decision.ACCEPT,
            "confirmed": "1",
        },
        writers=("chair", "organizer"),
    ),
    Page(
        "assignment-emails",
        event_kwargs,
        "post",
        only(CHAIRS, 302),  # refusals (nobody to tell) go back with the reason
        writers=("chair", "organizer"),  # the HPC assignments; not the conflicted chair's
    ),
    Page(
        "review-reminders",
        event_kwargs,
        "post",
        only(CHAIRS, 302),
        writers=(),  # the only unfinished review is the conflicted reviewer's: nobody to remind
    ),
    Page(
        "notify",
        event_kwargs,
        "post",
        only(CHAIRS, 302),  # the ML chair has no one to notify
        writers=HPC_CHAIRS,  # the conflicted chair may notify the other, accepted proposal
    ),
    Page(
        "notification-template",
        lambda w: {"event": w.event.slug, "decision": Decision.ACCEPT},
        "get",
        only(["organizer"], 200),
    ),
    Page(
        "notification-template",
        lambda w: {"event": w.event.slug, "decision": Decision.ACCEPT},
        "post",
        only(["organizer"], 302),
        body=lambda w: {"subject": "Accepted: {title}", "body": "Dear {speakers}, welcome."},
        writers=("organizer",),
    ),
    Page("outbox", event_kwargs, "get", only(["organizer"], 200)),
    Page(
        "outbox-email",
        lambda w: {"event": w.event.slug, "pk": w.told.pk},
        "get",
        only(["organizer"], 200),
    ),
    Page(
        "outbox-email",
        lambda w: {"event": w.event.slug, "pk": w.held.pk},
        "post",
        only(["organizer"], 302),
        body=lambda w: {"action": "release"},
        writers=("organizer",),
    ),
    # The authors' side: the proposal's speakers only, during the open response round.
    Page("author-reviews", proposal_kwargs, "get", only(["author"], 200)),
    Page(
        "author-reviews",
        proposal_kwargs,
        "post",
        only(["author"], 302),
        body=lambda w: {"text": "Table 2 reports weak scaling; we will say so."},
        writers=("author",),
    ),
    # Meta-review: the proposal's chairs without a conflict.
    Page("meta-review", proposal_kwargs, "get", only(["chair", "organizer"], 200)),
    Page(
        "meta-review",
        proposal_kwargs,
        "post",
        only(["chair", "organizer"], 302),
        body=lambda w: {"recommendation": Decision.ACCEPT, "text": "Reviewers agree: accept."},
        writers=("chair", "organizer"),
    ),
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


def text_of(response) -> str:
    """The page's text; a paper is read to its end (which closes its file), byte for byte."""
    data = b"".join(response.streaming_content) if response.streaming else response.content
    is_pdf = response.get("Content-Type", "").startswith("application/pdf")
    return data.decode("latin-1" if is_pdf else "utf-8")


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
    content = text_of(response)

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
        assert text not in content


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


def test_a_conflicted_chair_sees_neither_the_proposal_nor_its_reviewers_when_deciding(
    client, world
):
    pages = [
        reverse(f"reviews:{name}", args=[world.event.slug]) for name in ("ranking", "decisions")
    ]
    seen = {}

    for role in ("chair", "conflicted_chair"):
        client.force_login(world.users[role])
        html = "".join(client.get(url).content.decode() for url in pages)
        seen[role] = ("Sparse solvers" in html, "Ada Assigned" in html)

    assert seen == {"chair": (True, True), "conflicted_chair": (False, False)}


BLIND_PAGES = ("review", "proposal-reviews", "bids", "committee-paper")


@pytest.mark.parametrize(
    ("mode", "named"), [(ReviewMode.DOUBLE_BLIND, False), (ReviewMode.SINGLE_BLIND, True)]
)
def test_double_blind_hides_the_author_from_every_reviewer(client, world, mode, named):
    ReviewSettings.objects.filter(event=world.event).update(mode=mode)
    reviewers = {role: world.users[role] for role in REVIEWERS} | {"assigned": world.assigned}
    seen = {}

    for role, user in reviewers.items():
        client.force_login(user)
        for name in BLIND_PAGES:
            kwargs = event_kwargs(world) if name == "bids" else proposal_kwargs(world)
            response = client.get(reverse(f"reviews:{name}", kwargs=kwargs))
            if response.status_code == 200:
                seen[(role, name)] = "Paula Author" in text_of(response)

    reachable = {
        *((role, "bids") for role in reviewers),
        *((role, name) for role in ("reviewer", "assigned") for name in BLIND_PAGES),
    }
    # Every page names the authors unless double-blind; the ML reviewer's bidding list does not
    # hold the HPC proposal at all.
    assert seen == {key: named and key != ("other_reviewer", "bids") for key in reachable}


def test_the_author_reads_the_reviews_only_in_the_response_round_or_once_told(client, world):
    client.force_login(world.users["author"])
    slug = world.event.slug
    open_round = client.get(reverse("reviews:author-reviews", args=[slug, world.proposal.pk]))
    told = client.get(reverse("reviews:author-reviews", args=[slug, world.decided.pk]))
    world.event.deadlines.filter(kind=DeadlineKind.RESPONSE_DUE).update(
        due=timezone.now() - timedelta(hours=1)
    )
    closed_url = reverse("reviews:author-reviews", args=[slug, world.proposal.pk])
    before = snapshot()

    closed = client.get(closed_url)
    late = client.post(closed_url, {"text": "Too late, but still."})

    assert (open_round.status_code, told.status_code, closed.status_code) == (200, 200, 200)
    assert "Solid evaluation." in open_round.content.decode()
    assert "Ada Assigned" not in open_round.content.decode()  # single-blind: reviewers unnamed
    assert "Decision and reviews" in told.content.decode()
    assert "Reviews are not available yet." in closed.content.decode()
    assert "Solid evaluation." not in closed.content.decode()
    assert late.status_code == 302
    assert snapshot() == before


def test_an_assigned_reviewer_reads_and_discusses_only_after_submitting(client, world):
    Review.objects.filter(reviewer=world.users["reviewer"]).update(submitted_at=None)
    client.force_login(world.users["reviewer"])
    before = snapshot()

    page = client.get(reverse("reviews:proposal-reviews", kwargs=proposal_kwargs(world)))
    posted = client.post(
        reverse("reviews:discussion-post", kwargs=proposal_kwargs(world)), {"text": "Early."}
    )

    assert page.status_code == 200
    assert page.context["may_read"] is False
    assert "Solid evaluation." not in page.content.decode()
    assert posted.status_code == 404
    assert snapshot() == before
