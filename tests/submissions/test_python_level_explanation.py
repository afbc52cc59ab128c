"""The prior Python level is a fixed choice; authors may explain it in a few sentences, which the
committee and the organizers read next to the level."""

import pytest
from django.urls import reverse

from submissions.demo import TITLE, load_demo_proposals
from submissions.enums import PythonLevel, SubmissionState
from submissions.forms.proposal import SubmissionForm
from tests.factories.reviews import ReviewAssignmentFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import EventFactory, MembershipFactory, SessionTypeFactory
from tracks.demo import load_demo
from tracks.enums import CommitteeRole, SubmissionField

pytestmark = pytest.mark.django_db
EXPLAINED = "Basic. The participants have written scientific scripts with Python."


@pytest.fixture
def tutorial():
    event = EventFactory()
    tutorial = SessionTypeFactory(
        event=event, name="Tutorial",
        requested_fields=[SubmissionField.PYTHON_LEVEL, SubmissionField.AI_STATEMENT],
    )  # fmt: skip
    return SubmissionFactory(event=event, session_type=tutorial)


def _edit(client, submission, **fields):
    client.force_login(submission.created_by)
    data = {
        "version": submission.version, "title": submission.title,
        "abstract": submission.abstract, "ai_statement": submission.ai_statement, "notes": "",
        "python_level": "", "python_level_explanation": "", "save": "1", **fields,
    }  # fmt: skip
    url = reverse("submissions:edit", args=[submission.event.slug, submission.pk])
    return client.post(url, data)


def test_form_offers_the_explanation_right_after_the_level(tutorial):
    form = SubmissionForm(instance=tutorial)

    names = list(form.fields)
    assert names[names.index("python_level") + 1] == "python_level_explanation"
    assert form.fields["python_level_explanation"].required is False


def test_form_without_the_level_has_no_explanation():
    submission = SubmissionFactory()  # a talk: no Python level asked

    assert "python_level_explanation" not in SubmissionForm(instance=submission).fields


def test_edit_saves_the_explanation_with_the_level(client, tutorial):
    response = _edit(
        client, tutorial, python_level=PythonLevel.BEGINNER, python_level_explanation=EXPLAINED
    )

    tutorial.refresh_from_db()
    assert response.status_code == 302
    assert (tutorial.python_level, tutorial.python_level_explanation) == ("beginner", EXPLAINED)
    assert tutorial.revisions.latest("version").content["python_level_explanation"] == EXPLAINED


def test_edit_refuses_a_long_explanation_next_to_the_field(client, tutorial):
    response = _edit(
        client, tutorial, title="Kept in the form", python_level=PythonLevel.BEGINNER,
        python_level_explanation="x" * 501,
    )  # fmt: skip

    html = response.text
    assert response.status_code == 200
    assert 'id="id_python_level_explanation-errors"' in html
    assert "at most 500 characters" in html
    assert 'value="Kept in the form"' in html
    tutorial.refresh_from_db()
    assert tutorial.python_level_explanation == ""


def test_edit_refuses_an_explanation_without_a_level(client, tutorial):
    response = _edit(client, tutorial, python_level_explanation=EXPLAINED)

    assert response.status_code == 200
    assert 'id="id_python_level_explanation-errors"' in response.text
    assert "Choose the level this explains." in response.text


def test_proposal_page_shows_the_explanation_with_the_level(client, tutorial):
    tutorial.python_level, tutorial.python_level_explanation = "beginner", "Scripts & <b>conda</b>"
    tutorial.save()
    client.force_login(tutorial.created_by)

    html = client.get(tutorial.get_absolute_url()).text

    level = html.index("Prior Python level")
    assert level < html.index("Beginner") < html.index("Scripts &amp; &lt;b&gt;conda&lt;/b&gt;")


def test_committee_reads_the_explanation_with_the_level(client, tutorial):
    tutorial.state = SubmissionState.SUBMITTED
    tutorial.python_level, tutorial.python_level_explanation = "beginner", EXPLAINED
    tutorial.save()
    reviewer = MembershipFactory(event=tutorial.event, role=CommitteeRole.REVIEWER).user
    ReviewAssignmentFactory(submission=tutorial, reviewer=reviewer)
    client.force_login(reviewer)

    url = reverse("reviews:review", kwargs={"event": tutorial.event.slug, "pk": tutorial.pk})
    html = client.get(url).text

    assert html.index("Prior Python level") < html.index("Beginner") < html.index(EXPLAINED)


def test_demo_tutorial_keeps_the_seeds_explanation():
    load_demo()

    [proposal] = load_demo_proposals()

    assert proposal.title == TITLE
    assert proposal.get_python_level_display() == "Beginner"
    assert proposal.python_level_explanation == (
        "Basic. The participants are assumed to have written scientific scripts with Python and "
        "installed dependencies for their software from PyPI and/or conda-forge before."
    )
