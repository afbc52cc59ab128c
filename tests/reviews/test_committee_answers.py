"""Custom questions the organizers show to reviewers: their answers come with the proposal."""

import pytest
from django.urls import reverse

from reviews.enums import ReviewMode
from reviews.models import ReviewSettings
from submissions.enums import YES, QuestionKind, SubmissionState
from submissions.models import Answer
from tests.factories.questions import QuestionFactory
from tests.factories.reviews import ReviewAssignmentFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import EventFactory, MembershipFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory()


@pytest.fixture
def organizer(event):
    return MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user


@pytest.fixture
def submission(event):
    return SubmissionFactory(event=event, state=SubmissionState.SUBMITTED)


def answer(submission, question, value):
    return Answer.objects.create(submission=submission, question=question, value=value)


@pytest.fixture
def reviewer_page(client, event, submission):
    reviewer = UserFactory()
    MembershipFactory(event=event, user=reviewer, role=CommitteeRole.REVIEWER)
    ReviewAssignmentFactory(submission=submission, reviewer=reviewer)
    client.force_login(reviewer)
    url = reverse("reviews:review", kwargs={"event": event.slug, "pk": submission.pk})
    return lambda: client.get(url).content.decode()


def test_reviewers_read_the_answers_shown_to_them_and_no_others(event, submission, reviewer_page):
    level = QuestionFactory(
        event=event, text="Audience level?", kind=QuestionKind.CHOICE,
        options=["Beginner", "Advanced"], shown_to_reviewers=True,
    )  # fmt: skip
    given = QuestionFactory(
        event=event, text="Given this talk before?", kind=QuestionKind.BOOLEAN,
        shown_to_reviewers=True,
    )  # fmt: skip
    QuestionFactory(  # unticked: no answer row
        event=event, text="Needs a projector?", kind=QuestionKind.BOOLEAN, shown_to_reviewers=True
    )
    private = QuestionFactory(event=event, text="Dietary needs?", shown_to_reviewers=False)
    answer(submission, level, "Advanced")
    answer(submission, given, YES)
    answer(submission, private, "Vegan")

    html = reviewer_page()

    assert "Answers to the organizers' questions" in html
    assert "Audience level?</dt><dd>Advanced</dd>" in html
    assert "Given this talk before?</dt><dd>Yes</dd>" in html
    assert "Needs a projector?</dt><dd>No</dd>" in html
    assert "Dietary needs?" not in html
    assert "Vegan" not in html


def test_answers_of_questions_for_other_tracks_are_not_shown(event, submission, reviewer_page):
    other = SubmissionFactory(event=event)
    question = QuestionFactory(
        event=event, text="GPU model?", shown_to_reviewers=True, tracks=[other.track]
    )
    answer(submission, question, "A100")

    assert "GPU model?" not in reviewer_page()


def test_double_blind_keeps_the_answers_the_organizers_chose_to_show(
    event, submission, reviewer_page
):
    ReviewSettings.objects.update_or_create(event=event, defaults={"mode": ReviewMode.DOUBLE_BLIND})
    question = QuestionFactory(event=event, text="Which library?", shown_to_reviewers=True)
    answer(submission, question, "NumPy")

    html = reviewer_page()

    assert "Which library?</dt><dd>NumPy</dd>" in html
    assert submission.created_by.public_name not in html


def test_a_file_question_cannot_be_shown_to_reviewers(client, event, organizer):
    client.force_login(organizer)

    response = client.post(
        reverse("submissions:manage-questions", args=[event.slug]),
        {"text": "Your CV", "kind": QuestionKind.FILE, "shown_to_reviewers": "on"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["shown_to_reviewers"] == [
        "Uploaded files stay with the organizers: they cannot be anonymised for reviewers. "
        "Ask for a link or a text answer instead."
    ]
    assert not event.questions.exists()


def test_organizers_choose_and_see_who_reads_the_answers(client, event, organizer):
    client.force_login(organizer)
    url = reverse("submissions:manage-questions", args=[event.slug])

    client.post(url, {"text": "Audience?", "kind": QuestionKind.TEXT, "shown_to_reviewers": "on"})
    client.post(url, {"text": "Travel grant?", "kind": QuestionKind.BOOLEAN})
    html = client.get(url).content.decode()

    assert list(event.questions.values_list("text", "shown_to_reviewers")) == [
        ("Audience?", True),
        ("Travel grant?", False),
    ]
    assert html.count("Reviewers see it") == 1
    assert html.count("Organizers only") == 1
