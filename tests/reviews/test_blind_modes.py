"""Leak tests: what a committee member can reach in the reviews app never names the authors
when the review hides them, and never shows co-author emails; reviews and the discussion stay
with those allowed to read them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from reviews.enums import ReviewMode
from reviews.models import DiscussionComment, Review
from reviews.selectors import review_form_for
from submissions.enums import SubmissionState
from submissions.models import CoAuthor
from tests.factories.files import pdf_texts, pdf_with_annotations_naming
from tests.factories.reviews import ConflictFactory, ReviewAssignmentFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import EventFactory
from tests.factories.users import UserFactory
from tests.reviews.test_reading import member, set_mode, submitted_review
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db

NAMES = ["Zenobia Quirk", "Octavian Pleasance"]
AFFILIATIONS = ["Quirkington Institute of Dynamics", "Pleasance Polytechnic"]
EMAILS = ["zenobia@quirkington.example", "octavian@pleasance.example"]
BIO = "Zenobia has built flux capacitors since 1985."
IDENTITY = [*NAMES, *AFFILIATIONS, *EMAILS, BIO, "Zenobia", "Pleasance", "Quirkington"]


@pytest.fixture
def event():
    return EventFactory()


@pytest.fixture
def proposal(event):
    speaker = UserFactory(name=NAMES[0], affiliation=AFFILIATIONS[0], email=EMAILS[0], bio=BIO)
    # Named in metadata, annotations, attached files…; the paper's address is not an account's.
    named = pdf_with_annotations_naming(NAMES[0], "Zenobia.Quirk@lab.example")
    paper = SimpleUploadedFile("paper.pdf", named, "application/pdf")
    submission = SubmissionFactory(
        event=event, created_by=speaker, state=SubmissionState.SUBMITTED, paper=paper,
        title="Flux capacitors at scale",
    )  # fmt: skip
    CoAuthor.objects.create(
        submission=submission, name=NAMES[1], affiliation=AFFILIATIONS[1], email=EMAILS[1],
        position=1,
    )  # fmt: skip
    return submission


def urls(submission) -> dict[str, str]:
    slug, pk = submission.event.slug, submission.pk
    return {
        "reviewer home": reverse("reviews:home", args=[slug]),
        "bidding": reverse("reviews:bids", args=[slug]),
        "review": reverse("reviews:review", args=[slug, pk]),
        "proposal reviews": reverse("reviews:proposal-reviews", args=[slug, pk]),
        "paper": reverse("reviews:committee-paper", args=[slug, pk]),
    }


def visit(client, user, submission) -> dict[str, tuple[int, str]]:
    """Every page of the reviews app the user reaches for the proposal, as status and text."""
    client.force_login(user)
    pages = {}
    for name, url in urls(submission).items():
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("latin-1")
        if body.startswith(b"%PDF-"):  # and every object, its streams decompressed
            text = "\n".join([text, *pdf_texts(body)])
        pages[name] = (response.status_code, text)
    return pages


def leaks(pages, strings) -> list[tuple[str, str]]:
    return [(page, s) for page, (_, text) in pages.items() for s in strings if s in text]


@pytest.fixture
def reviewer(event, proposal):
    user = member(event)
    submitted_review(proposal, user, comments_to_authors="Nice capacitors.")
    return user


def test_double_blind_reviewer_never_sees_an_author_anywhere(client, event, proposal, reviewer):
    set_mode(event, ReviewMode.DOUBLE_BLIND)
    DiscussionComment.objects.create(submission=proposal, author=reviewer, text="Accept?")

    pages = visit(client, reviewer, proposal)

    assert {name: status for name, (status, _) in pages.items()} == dict.fromkeys(pages, 200)
    assert "Flux capacitors at scale" in pages["review"][1]
    assert "Nice capacitors." in pages["proposal reviews"][1]
    assert leaks(pages, IDENTITY) == []


def test_double_blind_reviewer_before_submitting_sees_no_author_either(client, event, proposal):
    set_mode(event, ReviewMode.DOUBLE_BLIND)
    waiting = member(event)
    ReviewAssignmentFactory(submission=proposal, reviewer=waiting)

    pages = visit(client, waiting, proposal)

    assert pages["review"][0] == 200
    assert pages["proposal reviews"][0] == 200
    assert leaks(pages, IDENTITY) == []


def test_single_blind_reviewer_sees_the_authors_but_no_coauthor_email(
    client, event, proposal, reviewer
):
    set_mode(event, ReviewMode.SINGLE_BLIND)

    pages = visit(client, reviewer, proposal)

    assert NAMES[0] in pages["review"][1]
    assert NAMES[1] in pages["review"][1]
    assert AFFILIATIONS[1] in pages["proposal reviews"][1]
    assert NAMES[0] in pages["paper"][1]  # the PDF as uploaded
    assert leaks(pages, EMAILS) == []


@pytest.mark.parametrize("mode", [ReviewMode.DOUBLE_BLIND, ReviewMode.SINGLE_BLIND])
def test_chairs_always_see_the_authors(client, event, proposal, reviewer, mode):
    set_mode(event, mode)
    chair = member(event, CommitteeRole.ORGANIZER)
    client.force_login(chair)

    pages = {name: visit(client, chair, proposal)[name] for name in ("proposal reviews", "paper")}

    assert all(name in pages["proposal reviews"][1] for name in NAMES)
    assert all(affiliation in pages["proposal reviews"][1] for affiliation in AFFILIATIONS)
    assert NAMES[0] in pages["paper"][1]
    assert leaks(pages, EMAILS) == []


def test_others_reviews_stay_hidden_until_ones_own_is_submitted(client, event, proposal, reviewer):
    waiting = member(event)
    ReviewAssignmentFactory(submission=proposal, reviewer=waiting)
    DiscussionComment.objects.create(submission=proposal, author=reviewer, text="Strong accept!")

    before = visit(client, waiting, proposal)
    Review.objects.create(
        submission=proposal, reviewer=waiting, form=review_form_for(proposal), overall=2,
        confidence=2, submitted_at=timezone.now(),
    )  # fmt: skip
    after = visit(client, waiting, proposal)

    assert leaks(before, ["Nice capacitors.", "Strong accept!"]) == []
    assert "Nice capacitors." in after["proposal reviews"][1]
    assert "Strong accept!" in after["proposal reviews"][1]


def test_conflicted_members_never_see_reviews_or_discussion_even_chairs(
    client, event, proposal, reviewer
):
    conflicted_chair = member(event, CommitteeRole.ORGANIZER)
    conflicted_reviewer = member(event)
    ReviewAssignmentFactory(submission=proposal, reviewer=conflicted_reviewer)
    for user in (conflicted_chair, conflicted_reviewer):
        ConflictFactory(submission=proposal, user=user)
    DiscussionComment.objects.create(submission=proposal, author=reviewer, text="Strong accept!")
    post = reverse("reviews:discussion-post", args=[event.slug, proposal.pk])

    seen = {}
    for user in (conflicted_chair, conflicted_reviewer):
        pages = visit(client, user, proposal)
        seen[user.pk] = (
            pages["proposal reviews"][0],
            pages["paper"][0],
            client.post(post, {"text": "Let me in"}).status_code,
            leaks(pages, ["Nice capacitors.", "Strong accept!"]),
        )

    assert list(seen.values()) == [(404, 404, 404, []), (404, 404, 404, [])]
    assert DiscussionComment.objects.count() == 1


def test_authors_never_reach_the_committee_pages(client, event, proposal, reviewer):
    author_on_committee = member(event)
    proposal.speakers.create(user=author_on_committee, position=2)
    ReviewAssignmentFactory(submission=proposal, reviewer=author_on_committee)

    statuses = {}
    for user in (proposal.created_by, author_on_committee):
        pages = visit(client, user, proposal)
        statuses[user.pk] = [pages[name][0] for name in ("review", "proposal reviews", "paper")]

    assert list(statuses.values()) == [[404, 404, 404], [404, 404, 404]]
