from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from submissions.enums import SubmissionState
from submissions.models import Submission
from submissions.services import (
    EditConflict,
    InvalidTransition,
    author_can_edit,
    create_submission,
    set_submission_state,
    submit_submission,
    update_submission,
    withdraw_submission,
)
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import (
    DeadlineFactory,
    EventFactory,
    SessionTypeFactory,
    TrackFactory,
    aware,
)
from tests.factories.users import UserFactory
from tracks.enums import AOE, SubmissionField

pytestmark = pytest.mark.django_db

S = SubmissionState


@pytest.fixture
def tutorial_type():
    return SessionTypeFactory(
        name="Tutorial",
        duration_minutes=240,
        requested_fields=[
            SubmissionField.DESCRIPTION, SubmissionField.OUTLINE, SubmissionField.PREREQUISITES,
            SubmissionField.INSTALLATION, SubmissionField.PYTHON_LEVEL,
            SubmissionField.ADDITIONAL_INFO, SubmissionField.AI_STATEMENT,
        ],
        abstract_word_limit=100,
        description_word_limit=500,
    )  # fmt: skip


def _complete_tutorial(tutorial_type, **overrides):
    fields = {
        "title": "Reproducible Machine Learning Workflows for Scientists with pixi",
        "abstract": "Scientific researchers need reproducible software environments.",
        "description": "As AI and ML become part of the scientific toolkit…",
        "outline": "0:00 – 0:20 Overview",
        "prerequisites": "Python programming for science.",
        "installation": "curl -fsSL https://pixi.sh/install.sh | bash",
        "python_level": "intermediate",
        "ai_statement": "No AI.",
        **overrides,
    }
    event = tutorial_type.event
    return SubmissionFactory(
        event=event, track=TrackFactory(event=event), session_type=tutorial_type, **fields
    )


def test_create_submission_starts_a_draft_with_the_author_as_first_speaker():
    event = EventFactory()
    author = UserFactory()

    submission = create_submission(
        event=event, track=TrackFactory(event=event), session_type=SessionTypeFactory(event=event),
        author=author, data={"title": "pixi for science", "state": "accepted"},
    )  # fmt: skip

    assert submission.state == S.DRAFT
    assert [s.user for s in submission.speakers.all()] == [author]
    assert submission.revisions.get().content["title"] == "pixi for science"


def test_create_submission_is_refused_once_the_call_closed():
    event = EventFactory()
    DeadlineFactory(event=event, due=timezone.now() - timedelta(minutes=1))

    with pytest.raises(ValidationError):
        create_submission(
            event=event, track=TrackFactory(event=event),
            session_type=SessionTypeFactory(event=event), author=UserFactory(), data={"title": "x"},
        )  # fmt: skip

    assert not Submission.objects.exists()


def test_a_type_specific_deadline_keeps_the_call_open_for_that_type_only():
    event = EventFactory()
    papers = SessionTypeFactory(event=event)
    DeadlineFactory(event=event, due=timezone.now() - timedelta(days=1))
    DeadlineFactory(event=event, session_type=papers, due=timezone.now() + timedelta(days=14))
    talk = SubmissionFactory(event=event)
    paper = SubmissionFactory(event=event, session_type=papers)

    assert not author_can_edit(talk)
    assert author_can_edit(paper)


def test_aoe_deadline_is_checked_on_the_server_to_the_minute():
    event = EventFactory()
    DeadlineFactory(event=event, time_zone=AOE, due=aware(2020, 9, 16, 11, 59))
    submission = SubmissionFactory(event=event)

    assert author_can_edit(submission, now=aware(2020, 9, 16, 11, 58))
    assert not author_can_edit(submission, now=aware(2020, 9, 16, 11, 59))


def test_update_submission_raises_the_version_and_keeps_a_revision():
    submission = SubmissionFactory(title="Old")
    editor = UserFactory()

    updated = update_submission(
        submission=submission, data={"title": "New"}, based_on_version=1, by=editor
    )

    assert (updated.title, updated.version) == ("New", 2)
    assert [(r.version, r.content["title"], r.saved_by) for r in updated.revisions.all()] == [
        (2, "New", editor)
    ]


def test_concurrent_edits_are_detected_not_overwritten():
    submission = SubmissionFactory(title="Original")
    alice, bob = UserFactory(), UserFactory()
    update_submission(
        submission=submission, data={"title": "Alice's"}, based_on_version=1, by=alice
    )

    with pytest.raises(EditConflict) as conflict:
        update_submission(
            submission=submission, data={"title": "Bob's"}, based_on_version=1, by=bob
        )

    assert conflict.value.current.title == "Alice's"
    submission.refresh_from_db()
    assert submission.title == "Alice's"


def test_update_without_changes_records_no_revision():
    submission = SubmissionFactory(title="Same")

    update_submission(submission=submission, data={"title": "Same"}, based_on_version=1, by=None)

    submission.refresh_from_db()
    assert (submission.version, submission.revisions.count()) == (1, 0)


def test_update_is_refused_after_the_call_closed():
    submission = SubmissionFactory()
    DeadlineFactory(event=submission.event, due=timezone.now() - timedelta(seconds=1))

    with pytest.raises(ValidationError):
        update_submission(
            submission=submission, data={"title": "Late"}, based_on_version=1, by=None
        )


def test_submit_requires_every_field_the_type_asks_for(tutorial_type):
    submission = _complete_tutorial(tutorial_type, outline="", ai_statement=" ")

    with pytest.raises(ValidationError) as error:
        submit_submission(submission=submission, by=submission.created_by)

    assert set(error.value.message_dict) == {"outline", "ai_statement"}
    assert error.value.message_dict["ai_statement"] == ["AI-usage statement is required to submit."]


def test_submit_enforces_word_limits_with_a_clear_message(tutorial_type):
    submission = _complete_tutorial(tutorial_type, abstract="word " * 103)

    with pytest.raises(ValidationError) as error:
        submit_submission(submission=submission, by=submission.created_by)

    assert error.value.message_dict["abstract"] == [
        "Abstract has 103 words; the limit is 100. Please shorten it by 3 words."
    ]


def test_submit_a_complete_tutorial_records_who_and_when(tutorial_type):
    submission = _complete_tutorial(tutorial_type)

    submit_submission(submission=submission, by=submission.created_by)

    submission.refresh_from_db()
    change = submission.state_changes.get()
    assert submission.state == S.SUBMITTED
    assert submission.submitted_at is not None
    assert (change.from_state, change.to_state, change.changed_by) == (
        S.DRAFT, S.SUBMITTED, submission.created_by,
    )  # fmt: skip


def test_repeating_a_transition_is_a_no_op():
    submission = SubmissionFactory(state=S.SUBMITTED)

    first = set_submission_state(submission=submission, to=S.ACCEPTED)
    second = set_submission_state(submission=submission, to=S.ACCEPTED)

    assert (first, second) == (True, False)
    assert submission.state_changes.count() == 1


@pytest.mark.parametrize(
    ("start", "target"),
    [(S.DRAFT, S.ACCEPTED), (S.SUBMITTED, S.CONFIRMED), (S.WITHDRAWN, S.SUBMITTED),
     (S.DECLINED, S.CONFIRMED)],
)  # fmt: skip
def test_impossible_transitions_are_refused(start, target):
    submission = SubmissionFactory(state=start)

    with pytest.raises(InvalidTransition):
        set_submission_state(submission=submission, to=target)

    submission.refresh_from_db()
    assert submission.state == start


def test_accepted_proposal_is_confirmed_or_declined_by_its_author():
    confirmed = SubmissionFactory(state=S.ACCEPTED)
    declined = SubmissionFactory(state=S.ACCEPTED)

    set_submission_state(submission=confirmed, to=S.CONFIRMED, by=confirmed.created_by)
    set_submission_state(submission=declined, to=S.DECLINED, by=declined.created_by)

    assert (confirmed.state, declined.state) == (S.CONFIRMED, S.DECLINED)


def test_withdraw_is_possible_until_the_event_starts():
    upcoming = SubmissionFactory(state=S.CONFIRMED)
    started = SubmissionFactory(
        state=S.CONFIRMED, event=EventFactory(start_date=date.today() - timedelta(days=1))
    )

    withdraw_submission(submission=upcoming, by=upcoming.created_by)

    assert upcoming.state == S.WITHDRAWN
    with pytest.raises(InvalidTransition):
        withdraw_submission(submission=started, by=started.created_by)


@pytest.mark.parametrize(
    ("state", "expected"),
    [(S.DRAFT, True), (S.CONFIRMED, True), (S.REJECTED, True), (S.DECLINED, False),
     (S.WITHDRAWN, False)],
)  # fmt: skip
def test_can_be_withdrawn_follows_the_state_graph(state, expected):
    from submissions.services import can_be_withdrawn

    assert can_be_withdrawn(SubmissionFactory.build(state=state)) is expected
