from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from submissions.enums import SubmissionState
from submissions.models import Submission
from submissions.services.editing import record_revision
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import (
    DeadlineFactory,
    EventFactory,
    MembershipFactory,
    SessionTypeFactory,
    TrackFactory,
)
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole, SubmissionField

pytestmark = pytest.mark.django_db
S = SubmissionState


def _edit_url(submission):
    return reverse("submissions:edit", args=[submission.event.slug, submission.pk])


def _detail_url(submission):
    return reverse("submissions:detail", args=[submission.event.slug, submission.pk])


def _form_data(submission, **overrides):
    return {
        "version": submission.version, "title": submission.title,
        "abstract": submission.abstract, "description": submission.description,
        "ai_statement": submission.ai_statement, "notes": "", **overrides,
    }  # fmt: skip


def test_start_creates_a_draft_and_opens_the_form(client):
    event = EventFactory()
    track, talk = TrackFactory(event=event), SessionTypeFactory(event=event)
    DeadlineFactory(event=event)
    author = UserFactory()
    client.force_login(author)

    response = client.post(
        reverse("submissions:start", args=[event.slug]),
        {"track": track.pk, "session_type": talk.pk, "title": "pixi for science"},
    )

    submission = Submission.objects.get()
    assert response.url == _edit_url(submission)
    assert (submission.state, submission.created_by) == (S.DRAFT, author)


def test_start_after_the_call_closed_says_so(client):
    event = EventFactory()
    track, talk = TrackFactory(event=event), SessionTypeFactory(event=event)
    DeadlineFactory(event=event, due=timezone.now() - timedelta(hours=1))
    client.force_login(UserFactory())

    response = client.post(
        reverse("submissions:start", args=[event.slug]),
        {"track": track.pk, "session_type": talk.pk, "title": "Too late"},
    )

    assert "The call for proposals is closed" in response.content.decode()
    assert not Submission.objects.exists()


def test_the_form_shows_the_fields_the_session_type_asks_for():
    tutorial = SessionTypeFactory(
        requested_fields=[SubmissionField.OUTLINE, SubmissionField.PYTHON_LEVEL],
        abstract_word_limit=100,
    )
    submission = SubmissionFactory(event=tutorial.event, session_type=tutorial)
    from submissions.forms import SubmissionForm

    form = SubmissionForm(instance=submission)

    assert list(form.fields) == [
        "title", "abstract", "outline", "python_level", "python_level_explanation", "notes",
        "version",
    ]  # fmt: skip
    assert form.fields["abstract"].widget.attrs["data-word-limit"] == 100


def test_save_draft_keeps_it_a_draft(client):
    submission = SubmissionFactory()
    client.force_login(submission.created_by)

    response = client.post(
        _edit_url(submission), _form_data(submission, title="Better title", save="1")
    )

    submission.refresh_from_db()
    assert response.status_code == 302
    assert (submission.title, submission.state, submission.version) == ("Better title", S.DRAFT, 2)


def test_submit_with_missing_fields_shows_errors_next_to_them_and_keeps_the_draft(client):
    submission = SubmissionFactory(
        session_type=SessionTypeFactory(requested_fields=[SubmissionField.AI_STATEMENT])
    )
    client.force_login(submission.created_by)

    response = client.post(
        _edit_url(submission), _form_data(submission, title="Kept", ai_statement="", submit="1")
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_ai_statement-errors"' in html
    assert "AI-usage statement is required to submit." in html
    submission.refresh_from_db()
    assert (submission.title, submission.state) == ("Kept", S.DRAFT)
    assert f'name="version" value="{submission.version}"' in html


def test_submit_a_complete_proposal(client):
    submission = SubmissionFactory()
    client.force_login(submission.created_by)

    response = client.post(_edit_url(submission), _form_data(submission, submit="1"))

    submission.refresh_from_db()
    assert response.url == _detail_url(submission)
    assert submission.state == S.SUBMITTED


def test_a_stale_form_shows_the_conflict_and_keeps_the_users_text(client):
    co_speaker = UserFactory()
    submission = SubmissionFactory(speakers=[co_speaker])
    stale = _form_data(submission)
    client.force_login(co_speaker)
    client.post(_edit_url(submission), {**stale, "title": "Co-speaker's title", "save": "1"})
    client.force_login(submission.created_by)

    response = client.post(_edit_url(submission), {**stale, "title": "Author's title", "save": "1"})

    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed the same fields" in html
    assert "Co-speaker&#x27;s title" in html
    assert 'value="Author&#x27;s title"' in html
    submission.refresh_from_db()
    assert submission.title == "Co-speaker's title"


def test_edits_of_different_fields_from_the_same_version_are_merged(client):
    co_speaker = UserFactory()
    submission = SubmissionFactory(speakers=[co_speaker])
    record_revision(submission, submission.created_by)
    stale = _form_data(submission)
    client.force_login(co_speaker)
    client.post(_edit_url(submission), {**stale, "title": "Co-speaker's title", "save": "1"})
    client.force_login(submission.created_by)

    response = client.post(_edit_url(submission), {**stale, "abstract": "Author's", "save": "1"})

    submission.refresh_from_db()
    assert response.status_code == 302
    assert (submission.title, submission.abstract) == ("Co-speaker's title", "Author's")


def test_after_the_call_closes_the_proposal_is_read_only(client):
    submission = SubmissionFactory(state=S.SUBMITTED)
    DeadlineFactory(event=submission.event, due=timezone.now() - timedelta(minutes=1))
    client.force_login(submission.created_by)

    get = client.get(_edit_url(submission))
    post = client.post(_edit_url(submission), _form_data(submission, title="Late", save="1"))

    assert get.url == _detail_url(submission)
    assert post.url == _detail_url(submission)
    submission.refresh_from_db()
    assert submission.title != "Late"


@pytest.mark.parametrize("who", ["other_author", "other_event_organizer", "reviewer"])
def test_other_people_cannot_read_or_edit_a_proposal_even_by_guessing_ids(client, who):
    submission = SubmissionFactory()
    if who == "other_author":
        user = SubmissionFactory(event=submission.event).created_by
    elif who == "other_event_organizer":
        user = MembershipFactory(role=CommitteeRole.ORGANIZER).user
    else:
        user = MembershipFactory(event=submission.event, role=CommitteeRole.REVIEWER).user
    client.force_login(user)

    responses = [
        client.get(_detail_url(submission)),
        client.get(_edit_url(submission)),
        client.post(_edit_url(submission), _form_data(submission, title="Hijacked", save="1")),
        client.post(reverse("submissions:action", args=[submission.event.slug, submission.pk]),
                    {"action": "withdraw"}),
    ]  # fmt: skip

    assert [r.status_code for r in responses] == [404, 404, 404, 404]
    submission.refresh_from_db()
    assert (submission.title, submission.state) != ("Hijacked", S.WITHDRAWN)


def test_a_proposal_in_another_events_url_is_404(client):
    submission = SubmissionFactory()
    client.force_login(submission.created_by)

    response = client.get(reverse("submissions:detail", args=[EventFactory().slug, submission.pk]))

    assert response.status_code == 404


def test_organizers_of_the_event_can_read_proposals(client):
    submission = SubmissionFactory(title="pixi")
    organizer = MembershipFactory(event=submission.event, role=CommitteeRole.ORGANIZER).user
    client.force_login(organizer)

    response = client.get(_detail_url(submission))

    assert response.status_code == 200
    assert "pixi" in response.content.decode()


def test_author_withdraws(client):
    submission = SubmissionFactory(state=S.SUBMITTED)
    client.force_login(submission.created_by)

    client.post(
        reverse("submissions:action", args=[submission.event.slug, submission.pk]),
        {"action": "withdraw"},
    )

    submission.refresh_from_db()
    assert submission.state == S.WITHDRAWN


def test_author_confirms_an_accepted_proposal(client):
    submission = SubmissionFactory(state=S.ACCEPTED)
    client.force_login(submission.created_by)

    client.post(
        reverse("submissions:action", args=[submission.event.slug, submission.pk]),
        {"action": "confirm"},
    )

    submission.refresh_from_db()
    assert submission.state == S.CONFIRMED


def test_dashboard_lists_only_my_proposals_with_the_next_step(client):
    mine = SubmissionFactory(title="Mine")
    SubmissionFactory(title="Someone else's")
    client.force_login(mine.created_by)

    html = client.get(reverse("submissions:dashboard")).content.decode()

    assert "Mine" in html
    assert "Someone else" not in html
    assert "Complete the proposal and submit it" in html


def test_dashboard_uses_a_constant_number_of_queries(client, django_assert_max_num_queries):
    author = UserFactory()
    DeadlineFactory(event=SubmissionFactory(created_by=author).event)
    client.force_login(author)
    url = reverse("submissions:dashboard")
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for _ in range(5):
        submission = SubmissionFactory(created_by=author, speakers=[UserFactory()])
        DeadlineFactory(event=submission.event)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)

    assert response.content.decode().count("proposal-row") == 6


def test_detail_offers_speakers_to_declare_conflicts_while_under_review(client):
    submission = SubmissionFactory(state=SubmissionState.SUBMITTED)
    client.force_login(submission.created_by)

    html = client.get(reverse("submissions:detail", args=[submission.event.slug, submission.pk]))

    conflicts_url = reverse("reviews:author-conflicts", args=[submission.event.slug, submission.pk])
    assert conflicts_url in html.content.decode()


@pytest.mark.parametrize("viewer", ["organizer", "speaker_after_decision"])
def test_detail_hides_the_conflicts_card_from_organizers_and_after_the_decision(client, viewer):
    state = SubmissionState.SUBMITTED if viewer == "organizer" else SubmissionState.ACCEPTED
    submission = SubmissionFactory(state=state)
    user = submission.created_by
    if viewer == "organizer":
        user = MembershipFactory(event=submission.event, role=CommitteeRole.ORGANIZER).user
    client.force_login(user)

    html = client.get(reverse("submissions:detail", args=[submission.event.slug, submission.pk]))

    assert html.status_code == 200
    assert "Conflicts of interest" not in html.content.decode()


def test_track_chairs_see_the_proposals_of_their_tracks_only(client):
    submission = SubmissionFactory(state=SubmissionState.SUBMITTED)
    other_track = TrackFactory(event=submission.event)
    own_chair = MembershipFactory(
        event=submission.event, role=CommitteeRole.TRACK_CHAIR, tracks=[submission.track]
    ).user
    other_chair = MembershipFactory(
        event=submission.event, role=CommitteeRole.TRACK_CHAIR, tracks=[other_track]
    ).user
    url = reverse("submissions:detail", args=[submission.event.slug, submission.pk])

    answers = []
    for chair in (own_chair, other_chair):
        client.force_login(chair)
        answers.append(client.get(url).status_code)

    assert answers == [200, 404]
