"""Custom questions in the proposal form: scope, required on submit, kept in revisions; autosave."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from submissions.enums import QuestionKind, SubmissionState
from submissions.forms import SubmissionForm
from submissions.models import Answer
from submissions.services.editing import record_revision
from tests.factories.files import pdf_bytes
from tests.factories.questions import QuestionFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import DeadlineFactory, SessionTypeFactory, TrackFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
CONFIRM = "The authors take responsibility for the contents and may present it."


@pytest.fixture
def submission():
    submission = SubmissionFactory()
    DeadlineFactory(event=submission.event)
    record_revision(submission, submission.created_by)
    return submission


def _post(client, submission, **fields):
    data = {"version": submission.version, "title": submission.title,
            "abstract": submission.abstract, "description": submission.description,
            "ai_statement": submission.ai_statement, **fields}  # fmt: skip
    return client.post(reverse("submissions:edit", args=[submission.event.slug, submission.pk]),
                       data)  # fmt: skip


def test_questions_apply_to_their_tracks_and_types_only(submission):
    event = submission.event
    everywhere = QuestionFactory(event=event, text="Everywhere?")
    QuestionFactory(event=event, tracks=[TrackFactory(event=event)], text="Other track?")
    QuestionFactory(event=event, session_types=[SessionTypeFactory(event=event)], text="Poster?")
    here = QuestionFactory(event=event, tracks=[submission.track], text="This track?")
    QuestionFactory(text="Another event?")

    form = SubmissionForm(instance=submission)

    assert [name for name in form.fields if name.startswith("question_")] == [
        f"question_{everywhere.pk}",
        f"question_{here.pk}",
    ]
    assert list(form.fields)[-2:] == ["notes", "version"]


def test_required_questions_block_submitting_but_not_saving_a_draft(client, submission):
    confirm = QuestionFactory(event=submission.event, text=CONFIRM, kind=QuestionKind.BOOLEAN,
                              required=True)  # fmt: skip
    level = QuestionFactory(event=submission.event, kind=QuestionKind.CHOICE, required=True,
                            options=["Beginner", "Advanced"])  # fmt: skip
    client.force_login(submission.created_by)

    draft = _post(client, submission, save="1")
    submit = _post(client, submission, submit="1")

    submission.refresh_from_db()
    assert draft.status_code == 302
    assert submission.state == SubmissionState.DRAFT
    assert submit.context["form"].errors == {
        f"question_{confirm.pk}": ["Please tick this box to submit."],
        f"question_{level.pk}": ["Please answer this question to submit."],
    }


def test_answers_are_saved_with_the_proposal_and_kept_in_its_revisions(client, submission):
    confirm = QuestionFactory(event=submission.event, kind=QuestionKind.BOOLEAN, required=True)
    level = QuestionFactory(event=submission.event, kind=QuestionKind.CHOICE,
                            options=["Beginner", "Advanced"])  # fmt: skip
    client.force_login(submission.created_by)

    response = _post(client, submission, submit="1", **{
        f"question_{confirm.pk}": "on", f"question_{level.pk}": "Advanced",
    })  # fmt: skip

    submission.refresh_from_db()
    assert response.status_code == 302
    assert submission.state == SubmissionState.SUBMITTED
    assert dict(Answer.objects.values_list("question_id", "value")) == {
        confirm.pk: "yes",
        level.pk: "Advanced",
    }
    assert submission.revisions.last().content[f"question:{level.pk}"] == "Advanced"


def test_an_option_that_is_not_offered_is_refused(client, submission):
    level = QuestionFactory(event=submission.event, kind=QuestionKind.CHOICE,
                            options=["Beginner", "Advanced"])  # fmt: skip
    client.force_login(submission.created_by)

    response = _post(client, submission, save="1", **{f"question_{level.pk}": "Expert"})

    assert "Expert is not one of the available choices" in str(
        response.context["form"].errors[f"question_{level.pk}"]
    )
    assert not Answer.objects.exists()


def test_unticking_a_box_removes_the_answer(client, submission):
    confirm = QuestionFactory(event=submission.event, kind=QuestionKind.BOOLEAN)
    Answer.objects.create(submission=submission, question=confirm, value="yes")
    client.force_login(submission.created_by)

    _post(client, submission, save="1")

    assert not Answer.objects.exists()


def test_a_file_answer_is_checked_by_content_and_private(client, submission):
    letter = QuestionFactory(event=submission.event, kind=QuestionKind.FILE, text="Letter?")
    client.force_login(submission.created_by)

    refused = _post(client, submission, save="1", **{
        f"question_{letter.pk}": SimpleUploadedFile("letter.pdf", b"MZ\x90\x00 not a pdf"),
    })  # fmt: skip
    _post(client, submission, save="1", **{
        f"question_{letter.pk}": SimpleUploadedFile("letter.pdf", pdf_bytes(1)),
    })  # fmt: skip

    answer = Answer.objects.get()
    url = reverse("submissions:answer-file", args=[submission.event.slug, submission.pk, answer.pk])
    own = client.get(url)
    assert b"".join(own.streaming_content).startswith(b"%PDF-")
    client.force_login(UserFactory())
    assert "none of those" in str(refused.context["form"].errors[f"question_{letter.pk}"])
    assert own.status_code == 200
    assert client.get(url).status_code == 404


def _autosave(client, submission, **fields):
    data = {"version": submission.version, "title": submission.title, **fields}
    return client.post(
        reverse("submissions:autosave", args=[submission.event.slug, submission.pk]), data
    )


def test_autosave_saves_the_draft_and_returns_the_new_version(client, submission):
    client.force_login(submission.created_by)

    response = _autosave(client, submission, abstract="Typed, not yet submitted.")

    submission.refresh_from_db()
    assert response.status_code == 200
    assert response.json()["version"] == submission.version == 2
    assert submission.abstract == "Typed, not yet submitted."


def test_autosave_reports_a_clash_instead_of_overwriting(client, submission):
    co_speaker = UserFactory()
    submission.speakers.create(user=co_speaker, position=1)
    client.force_login(co_speaker)
    _autosave(client, submission, abstract="The co-speaker's abstract.")
    client.force_login(submission.created_by)

    response = _autosave(client, submission, abstract="The author's abstract.")

    submission.refresh_from_db()
    assert (response.status_code, response.json()) == (409, {"fields": ["Abstract"]})
    assert submission.abstract == "The co-speaker's abstract."


def test_autosave_is_refused_to_other_people(client, submission):
    client.force_login(UserFactory())

    response = _autosave(client, submission, abstract="Not mine.")

    submission.refresh_from_db()
    assert response.status_code == 404
    assert submission.abstract != "Not mine."


def test_autosave_after_the_call_closed_says_so(client, submission):
    submission.event.deadlines.update(due="2020-01-01T00:00Z")
    client.force_login(submission.created_by)

    response = _autosave(client, submission, abstract="Too late.")

    submission.refresh_from_db()
    assert (response.status_code, response.json()) == (
        403,
        {"message": "Not saved: this proposal can no longer be edited."},
    )
    assert submission.abstract != "Too late."
