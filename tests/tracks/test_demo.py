import json
from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from reviews.models import Review, ReviewAssignment
from submissions.selectors import speaker_bios
from submissions.services import create_submission
from tracks.enums import CommitteeRole, DeadlineKind
from tracks.models import Event

pytestmark = pytest.mark.django_db

DEMO_MODELS = [
    "accounts.user",
    "account.emailaddress",
    "tracks.event",
    "tracks.track",
    "tracks.sessiontype",
    "tracks.deadline",
    "tracks.deadlinechange",
    "tracks.membership",
    "submissions.submission",
    "submissions.speaker",
    "submissions.coauthor",
    "reviews.reviewerprofile",
    "reviews.bid",
    "reviews.reviewassignment",
    "reviews.review",
    "submissions.statechange",
    "submissions.revision",
    "submissions.question",
    "submissions.answer",
]


def _snapshot() -> list:
    out = StringIO()
    call_command("dumpdata", *DEMO_MODELS, stdout=out)
    rows = json.loads(out.getvalue())
    for row in rows:
        row["fields"].pop("last_login", None)
    return rows


def test_load_demo_twice_changes_nothing():
    call_command("load_demo", stdout=StringIO())
    first = _snapshot()

    call_command("load_demo", stdout=StringIO())

    assert _snapshot() == first


def test_load_demo_builds_the_seed_events():
    out = StringIO()

    call_command("load_demo", stdout=out)

    assert set(Event.objects.values_list("slug", flat=True)) == {
        "scipy-2020",
        "scipy-2025",
        "dlonsc-2020",
    }
    scipy2020 = Event.objects.get(slug="scipy-2020")
    assert [t.name for t in scipy2020.tracks.all()] == [
        "High Performance Python",
        "Machine Learning and Data Science",
    ]
    assert scipy2020.session_types.get(slug="talk").duration_minutes == 25
    scipy2025 = Event.objects.get(slug="scipy-2025")
    assert scipy2025.session_types.get().duration_minutes == 240
    assert "organizer@example.org" in out.getvalue()


def test_load_demo_keeps_the_workshops_extended_deadlines():
    call_command("load_demo", stdout=StringIO())
    dlonsc = Event.objects.get(slug="dlonsc-2020")

    papers = dlonsc.deadlines.get(kind=DeadlineKind.CFP_CLOSES)
    notification = dlonsc.deadlines.get(kind=DeadlineKind.NOTIFICATION)

    assert papers.local_due.strftime("%b %d") == "Sep 15"
    assert [c.previous_local_due.strftime("%b %d") for c in papers.changes.all()] == ["Sep 01"]
    assert [c.previous_local_due.strftime("%b %d") for c in notification.changes.all()] == [
        "Sep 16"
    ]
    assert papers.zone_abbreviation == "AoE"
    paper_type = dlonsc.session_types.get()
    assert (paper_type.min_pages, paper_type.max_pages) == (6, 8)


def test_load_demo_builds_the_workshop_committee_with_roles():
    call_command("load_demo", stdout=StringIO())
    dlonsc = Event.objects.get(slug="dlonsc-2020")

    members = dlonsc.memberships.select_related("user")

    assert members.count() == 33
    chairs = {m.user.name for m in members if m.role == CommitteeRole.ORGANIZER}
    assert chairs == {"Valeriu Codreanu", "Ian Foster", "Zhao Zhang"}
    proceedings = members.get(role=CommitteeRole.PROCEEDINGS_CHAIR)
    assert (proceedings.user.name, proceedings.user.affiliation) == ("Weijia Xu", "TACC")
    rick = members.get(user__name="Rick Stevens").user
    laurie = Event.objects.get(slug="scipy-2020").memberships.get(user__name="Laurie Stephey")
    assert laurie.user.affiliation == "Lawrence Berkeley National Laboratory"
    assert (rick.affiliation, rick.country) == ("UChicago & ANL", "USA")


def test_load_demo_adds_the_seed_tutorial_proposal_with_its_co_speaker():
    call_command("load_demo", stdout=StringIO())

    proposal = Event.objects.get(slug="scipy-2025").submissions.get()

    assert proposal.title == "Reproducible Machine Learning Workflows for Scientists with pixi"
    assert [s.user.name for s in proposal.speakers.all()] == ["Matthew Feickert", "Ruben Arts"]
    assert proposal.abstract.startswith("Scientific researchers need reproducible software")
    ruben = proposal.speakers.get(position=1).user
    assert "Prefix.dev" in speaker_bios(proposal.event, [ruben])[ruben.pk]
    assert [a.value for a in proposal.answers.all()] == ["yes"]
    assert proposal.answers.get().question.text.startswith("The author(s) agree(s)")
    assert proposal.revisions.get().content[f"question:{proposal.answers.get().question_id}"]


def test_the_demo_access_code_opens_the_closed_workshop_call_for_papers():
    call_command("load_demo", stdout=StringIO())
    dlonsc = Event.objects.get(slug="dlonsc-2020")
    author = User.objects.get(email="author@example.org")

    submission = create_submission(
        event=dlonsc, track=dlonsc.tracks.get(), session_type=dlonsc.session_types.get(),
        author=author, data={"title": "Trying the demo"}, access_code="try-dlonsc",
    )  # fmt: skip

    assert submission.access_code.code == "TRY-DLONSC"


def test_load_demo_gives_the_workshop_committee_papers_to_review():
    call_command("load_demo", stdout=StringIO())

    event = Event.objects.get(slug="dlonsc-2020")
    papers = event.submissions.filter(track__slug="papers")
    assert papers.count() == 14
    # The best-reviewed are accepted and in the program; the rest still await a decision.
    assert set(papers.values_list("state", flat=True)) == {"submitted", "confirmed"}
    assert {p.speakers.count() for p in papers} == {1}
    assert papers.filter(coauthors__affiliation="Lawrence Berkeley National Lab").count() == 1
    artifacts = event.questions.get(shown_to_reviewers=True)
    assert artifacts.answers.count() == 14
    assert set(artifacts.answers.values_list("value", flat=True)) == set(artifacts.options)


def test_load_demo_assigns_the_workshop_papers_and_writes_most_reviews():
    call_command("load_demo", stdout=StringIO())

    event = Event.objects.get(slug="dlonsc-2020")
    assignments = ReviewAssignment.objects.filter(submission__event=event)
    reviews = Review.objects.filter(submission__event=event, submitted_at__isnull=False)
    assert assignments.count() == 42
    assert 0 < reviews.count() < assignments.count()
    assert not reviews.filter(reviewer__email="steve.farrell@dlonsc.example.org").exists()
    assert assignments.filter(reviewer__email="steve.farrell@dlonsc.example.org").exists()
