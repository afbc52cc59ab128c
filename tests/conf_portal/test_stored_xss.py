"""What organizers type into questions comes back escaped on the pages that show it (stored XSS)."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape

from reviews.forms.review_setup import LABELS_HELP
from submissions.enums import QuestionKind
from submissions.models import Answer
from tests.factories.questions import QuestionFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import DeadlineFactory, MembershipFactory
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db

PAYLOAD = "<img src=x onerror=alert(1)>"


@pytest.fixture
def submission():
    submission = SubmissionFactory()
    DeadlineFactory(event=submission.event)
    return submission


def _choice_question(event):
    return QuestionFactory(
        event=event,
        kind=QuestionKind.CHOICE,
        text=f"Level {PAYLOAD}",
        help_text=f"Pick one {PAYLOAD}",
        options=[f"Beginner {PAYLOAD}", "Advanced"],
    )


def _assert_escaped(html: str) -> None:
    assert PAYLOAD not in html
    assert escape(PAYLOAD) in html


def test_proposal_edit_page_escapes_question_help_texts_and_options(client, submission):
    QuestionFactory(event=submission.event, help_text=PAYLOAD)
    _choice_question(submission.event)
    client.force_login(submission.created_by)

    response = client.get(reverse("submissions:edit", args=[submission.event.slug, submission.pk]))

    assert response.status_code == 200
    _assert_escaped(response.content.decode())


def test_questions_pages_escape_the_options_organizers_typed(client, submission):
    question = _choice_question(submission.event)
    Answer.objects.create(submission=submission, question=question, value=question.options[0])
    organizer = MembershipFactory(event=submission.event, role=CommitteeRole.ORGANIZER).user
    client.force_login(organizer)
    slug = submission.event.slug

    listing = client.get(reverse("submissions:manage-questions", args=[slug]))
    edit = client.get(reverse("submissions:manage-question-edit", args=[slug, question.pk]))

    assert (listing.status_code, edit.status_code) == (200, 200)
    _assert_escaped(listing.content.decode())
    _assert_escaped(edit.content.decode())
    assert "Chosen so far, so they stay: Beginner &lt;img" in edit.content.decode()


def test_help_texts_developers_wrote_with_markup_keep_it():
    from django import forms

    class LabelsForm(forms.Form):
        labels = forms.CharField(help_text=LABELS_HELP)

    html = render_to_string("includes/form_field.html", {"field": LabelsForm()["labels"]})

    assert "<code>value: label</code>" in html
