"""Extensions of the call for proposals: per person, per proposal, access codes, reopening."""

import re
from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from submissions.enums import SubmissionState
from submissions.forms.extensions import ExtensionForm
from submissions.models import Extension, Submission
from submissions.services import author_can_edit, cfp_is_open_for, create_submission
from submissions.services.cfp import (
    grant_extension,
    redeem_access_code,
    reopen_submission,
    revoke_extension,
    suggest_access_code,
)
from tests.factories.extensions import ExtensionFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import (
    DeadlineFactory,
    EventFactory,
    MembershipFactory,
    SessionTypeFactory,
    TrackFactory,
    aware,
)
from tests.factories.users import UserFactory
from tracks.enums import AOE, CommitteeRole

pytestmark = pytest.mark.django_db
S = SubmissionState
SEP_15_AOE = aware(2020, 9, 16, 11, 59)  # Sep 15, 2020 23:59 AoE, as the DLonSC call closed


@pytest.fixture
def event():
    """A workshop whose call closed an hour ago, with papers and talks in two tracks."""
    event = EventFactory(name="DLonSC", slug="dlonsc", time_zone="America/New_York")
    event.papers_track = TrackFactory(event=event, name="Papers")
    event.other_track = TrackFactory(event=event, name="Industry")
    event.paper_type = SessionTypeFactory(event=event, name="Workshop paper")
    event.talk_type = SessionTypeFactory(event=event, name="Lightning talk")
    DeadlineFactory(event=event, time_zone=AOE, due=timezone.now() - timedelta(hours=1))
    event.organizer = MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user
    return event


def _paper(event, **kwargs):
    return SubmissionFactory(
        event=event, track=event.papers_track, session_type=event.paper_type, **kwargs
    )


def _fresh(submission) -> Submission:
    """Reloaded, so that no extension list is cached on its event."""
    return Submission.objects.select_related("event").get(pk=submission.pk)


def _in_days(days: float):
    return timezone.now() + timedelta(days=days)


# Services


def test_a_personal_extension_covers_the_persons_proposals_and_new_ones(event):
    author = UserFactory()
    grant_extension(event=event, user=author, due=_in_days(7), by=event.organizer)
    theirs, others = _paper(event, created_by=author), _paper(event)

    new_one = create_submission(
        event=event, track=event.other_track, session_type=event.talk_type, author=author,
        data={"title": "Late but welcome"},
    )  # fmt: skip

    assert (author_can_edit(_fresh(theirs)), author_can_edit(_fresh(others))) == (True, False)
    assert new_one.state == S.DRAFT


def test_a_personal_extension_limited_to_a_type_does_not_cover_other_types(event):
    author = UserFactory()
    grant_extension(
        event=event,
        user=author,
        due=_in_days(7),
        session_types=[event.paper_type],
        by=event.organizer,
    )
    paper = _paper(event, created_by=author)
    talk = SubmissionFactory(
        event=event, track=event.papers_track, session_type=event.talk_type, created_by=author
    )

    with pytest.raises(ValidationError, match="closed for this track and type"):
        create_submission(
            event=event, track=event.papers_track, session_type=event.talk_type,
            author=author, data={"title": "Not a paper"},
        )  # fmt: skip

    assert (author_can_edit(_fresh(paper)), author_can_edit(_fresh(talk))) == (True, False)


def test_a_personal_extension_limited_to_a_track_does_not_cover_other_tracks(event):
    author = UserFactory()
    ExtensionFactory(event=event, code="", user=author, tracks=[event.papers_track])
    in_track = _paper(event, created_by=author)
    elsewhere = SubmissionFactory(
        event=event, track=event.other_track, session_type=event.paper_type, created_by=author
    )

    assert (author_can_edit(_fresh(in_track)), author_can_edit(_fresh(elsewhere))) == (True, False)


def test_a_co_speaker_benefits_from_a_personal_extension(event):
    co_speaker = UserFactory()
    ExtensionFactory(event=event, code="", user=co_speaker)
    paper = _paper(event, speakers=[co_speaker])

    assert author_can_edit(_fresh(paper))


def test_a_proposal_extension_covers_that_proposal_only(event):
    author = UserFactory()
    reopened, other = _paper(event, created_by=author), _paper(event, created_by=author)

    reopen_submission(submission=reopened, due=_in_days(3), by=event.organizer)

    assert (author_can_edit(_fresh(reopened)), author_can_edit(_fresh(other))) == (True, False)


def test_a_redeemed_access_code_opens_the_proposal_until_it_ends(event):
    ExtensionFactory(event=event, code="DLONSC-LATE", session_types=[event.paper_type])
    draft = _paper(event)

    redeem_access_code(submission=_fresh(draft), code="  dlonsc-late ", by=draft.created_by)

    draft = _fresh(draft)
    assert draft.access_code.code == "DLONSC-LATE"
    assert author_can_edit(draft)


def test_an_access_code_lets_an_author_start_a_proposal_of_its_type_only(event):
    ExtensionFactory(event=event, code="PAPERS", session_types=[event.paper_type])
    author = UserFactory()

    paper = create_submission(
        event=event, track=event.papers_track, session_type=event.paper_type, author=author,
        data={"title": "Scaling ResNet-50"}, access_code="papers",
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        create_submission(
            event=event, track=event.papers_track, session_type=event.talk_type, author=author,
            data={"title": "A talk"}, access_code="PAPERS",
        )  # fmt: skip

    assert paper.access_code.code == "PAPERS"
    assert refused.value.message_dict == {
        "access_code": ["This access code is for another track or session type."]
    }


@pytest.mark.parametrize(
    ("code", "message"),
    [("NOPE", "This access code is not valid for this event."),
     ("OLD", "This access code has expired.")],
)  # fmt: skip
def test_unknown_and_expired_codes_are_refused_with_a_clear_message(event, code, message):
    ExtensionFactory(event=event, code="OLD", due=_in_days(-1))
    ExtensionFactory(code="NOPE")  # another event's code

    with pytest.raises(ValidationError) as refused:
        redeem_access_code(submission=_paper(event), code=code, by=event.organizer)

    assert refused.value.message_dict == {"access_code": [message]}


def test_expired_extensions_do_not_count(event):
    author = UserFactory()
    ExtensionFactory(event=event, code="", user=author, due=_in_days(-0.01))
    paper = _paper(event, created_by=author)
    ExtensionFactory(event=event, code="", submission=paper, due=_in_days(-2))

    assert not author_can_edit(_fresh(paper))


def test_an_aoe_extension_ends_to_the_minute():
    event = EventFactory(time_zone="America/New_York")
    DeadlineFactory(event=event, time_zone=AOE, due=SEP_15_AOE)
    paper = SubmissionFactory(event=event)
    ExtensionFactory(
        event=event, code="", submission=paper, time_zone=AOE, due=aware(2020, 9, 23, 11, 59)
    )  # Sep 22, 2020 23:59 AoE
    paper = _fresh(paper)

    assert cfp_is_open_for(paper, now=aware(2020, 9, 23, 11, 58))
    assert not cfp_is_open_for(paper, now=aware(2020, 9, 23, 11, 59))


def test_an_extension_ending_before_the_call_closes_changes_nothing():
    event = EventFactory()
    DeadlineFactory(event=event, due=aware(2020, 9, 16, 11, 59))
    paper = SubmissionFactory(event=event)
    ExtensionFactory(event=event, code="", submission=paper, due=aware(2020, 9, 10))

    assert cfp_is_open_for(_fresh(paper), now=aware(2020, 9, 16, 11, 58))


def test_reopening_is_refused_for_a_proposal_past_review(event):
    accepted = _paper(event, state=S.ACCEPTED)

    with pytest.raises(ValidationError) as refused:
        reopen_submission(submission=accepted, due=_in_days(3), by=event.organizer)

    assert refused.value.message_dict == {
        "due_date": ["This proposal is accepted: its authors can no longer edit it."]
    }


def test_revoking_an_access_code_makes_its_proposals_read_only_again(event):
    code = ExtensionFactory(event=event, code="LATE")
    paper = _paper(event, access_code=code)

    revoke_extension(extension=code)

    paper = _fresh(paper)
    assert (paper.access_code, author_can_edit(paper)) == (None, False)


def test_granting_checks_tracks_and_codes(event):
    with pytest.raises(ValidationError, match="belongs to another event"):
        grant_extension(
            event=event, code="A", due=_in_days(1), tracks=[TrackFactory()], by=event.organizer
        )
    ExtensionFactory(event=event, code="LATE")
    with pytest.raises(ValidationError, match="already used"):
        grant_extension(event=event, code="late", due=_in_days(1), by=event.organizer)


def test_suggested_codes_are_readable_and_differ():
    codes = {suggest_access_code() for _ in range(20)}

    assert len(codes) == 20
    assert all(re.fullmatch(r"[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", code) for code in codes)


# The organizers' form


def _grant_data(**overrides) -> dict:
    tomorrow = timezone.now() + timedelta(days=2)
    return {
        "kind": "code", "code": "PAPERS-LATE", "email": "", "submission": "",
        "due_date": tomorrow.date().isoformat(), "due_time": "23:59", "time_zone": AOE,
        "note": "", **overrides,
    }  # fmt: skip


def test_the_form_stores_an_aoe_date_in_utc(event):
    form = ExtensionForm(_grant_data(due_date="2099-09-22"), event=event)

    assert form.is_valid(), form.errors
    extension = form.save(by=event.organizer)
    assert extension.due == aware(2099, 9, 23, 11, 59)
    assert (extension.zone_abbreviation, extension.local_due.time()) == ("AoE", time(23, 59))


def test_the_form_suggests_a_code_and_the_calls_zone(event):
    form = ExtensionForm(event=event)

    assert re.fullmatch(r"\w{4}-\w{4}", form["code"].value())
    assert form["time_zone"].value() == AOE


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"kind": "person", "email": "nobody@example.org"}, "email", "No account uses this"),
        ({"kind": "person"}, "email", "Enter the email address"),
        ({"kind": "proposal"}, "submission", "Choose the proposal"),
        ({"code": "TAKEN"}, "code", "already used"),
        ({"code": "taken"}, "code", "already used"),
        ({"code": "with space"}, "code", "letters, digits"),
        ({"due_date": "2020-09-22"}, "due_date", "This is in the past"),
        ({"due_date": ""}, "due_date", "This field is required"),
    ],
)
def test_the_form_explains_bad_input_next_to_the_field(event, overrides, field, message):
    ExtensionFactory(event=event, code="TAKEN")

    form = ExtensionForm(_grant_data(**overrides), event=event)

    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


def test_the_form_refuses_another_events_track_and_proposal(event):
    foreign = SubmissionFactory()
    form = ExtensionForm(
        _grant_data(kind="proposal", submission=foreign.pk, tracks=[TrackFactory().pk]),
        event=event,
    )

    assert not form.is_valid()
    assert set(form.errors) == {"submission", "tracks"}


def test_the_form_grants_a_person_by_email_limited_to_a_type(event):
    author = UserFactory(email="zhao@example.org")
    data = _grant_data(kind="person", email="Zhao@Example.org", session_types=[event.paper_type.pk])

    form = ExtensionForm(data, event=event)

    assert form.is_valid(), form.errors
    extension = form.save(by=event.organizer)
    assert (extension.user, extension.code) == (author, "")
    assert list(extension.session_types.all()) == [event.paper_type]


# Pages and permissions


def _list_url(event):
    return reverse("submissions:manage-extensions", args=[event.slug])


def _organizer(event):
    return MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user


def _outsiders(event) -> dict:
    return {
        "author": UserFactory(),
        "reviewer": MembershipFactory(event=event, role=CommitteeRole.REVIEWER).user,
        "organizer of another event": _organizer(EventFactory()),
    }


def test_organizers_see_extensions_with_zone_scope_and_redemptions(client, event):
    organizer = _organizer(event)
    code = ExtensionFactory(
        event=event, code="PAPERS-LATE", session_types=[event.paper_type], time_zone=AOE,
        due=aware(2099, 9, 23, 11, 59), note="SC20 extension", created_by=organizer,
    )  # fmt: skip
    _paper(event, access_code=code)
    _paper(event, access_code=code)
    ExtensionFactory(event=event, code="", user=UserFactory(name="Zhao Zhang"))
    ExtensionFactory(code="OTHER-EVENT")
    client.force_login(organizer)

    html = client.get(_list_url(event)).content.decode()

    assert "PAPERS-LATE" in html
    assert "Zhao Zhang" in html
    assert "OTHER-EVENT" not in html
    assert "Tue, Sep 22, 2099, 23:59" in html
    assert ">AoE</abbr>" in html
    assert "Types: Workshop paper" in html
    assert "Used by 2 proposals" in html
    assert '/dlonsc/submit/?code=PAPERS-LATE"' in html
    assert "SC20 extension" in html
    assert f"by {organizer.public_name}" in html


def test_granting_from_the_page_redirects_with_a_message(client, event):
    client.force_login(_organizer(event))

    response = client.post(_list_url(event), _grant_data(), follow=True)

    assert Extension.objects.get().code == "PAPERS-LATE"
    assert "Granted: access code PAPERS-LATE until" in response.content.decode()


def test_a_mistake_keeps_what_the_organizer_entered(client, event):
    client.force_login(_organizer(event))

    response = client.post(_list_url(event), _grant_data(due_date="2020-01-01", note="Keep me"))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_due_date-errors"' in html
    assert 'value="Keep me"' in html
    assert not Extension.objects.exists()


def test_revoking_from_the_page(client, event):
    extension = ExtensionFactory(event=event, code="GONE")
    client.force_login(_organizer(event))

    response = client.post(
        reverse("submissions:manage-extension-revoke", args=[event.slug, extension.pk])
    )

    assert response.url == _list_url(event)
    assert not Extension.objects.exists()


def test_an_organizer_cannot_revoke_another_events_extension(client, event):
    foreign = ExtensionFactory(code="FOREIGN")
    client.force_login(_organizer(event))

    response = client.post(
        reverse("submissions:manage-extension-revoke", args=[event.slug, foreign.pk])
    )

    assert response.status_code == 404
    assert Extension.objects.filter(pk=foreign.pk).exists()


def test_the_extension_pages_are_for_the_events_organizers_only(client, event):
    extension = ExtensionFactory(event=event)
    revoke = reverse("submissions:manage-extension-revoke", args=[event.slug, extension.pk])

    anonymous = [client.get(_list_url(event)), client.post(revoke)]
    denied = {}
    for who, user in _outsiders(event).items():
        client.force_login(user)
        denied[who] = [
            client.get(_list_url(event)).status_code,
            client.post(_list_url(event), _grant_data()).status_code,
            client.post(revoke).status_code,
        ]

    assert all(r.status_code == 302 and "/accounts/login/" in r.url for r in anonymous)
    assert denied == {who: [404, 404, 404] for who in denied}
    assert Extension.objects.count() == 1


def test_the_list_uses_a_constant_number_of_queries(client, event, django_assert_max_num_queries):
    client.force_login(_organizer(event))
    ExtensionFactory(event=event, tracks=[event.papers_track])
    client.get(_list_url(event))
    with django_assert_max_num_queries(30) as few:
        client.get(_list_url(event))
    for _ in range(4):
        track = TrackFactory(event=event)
        code = ExtensionFactory(event=event, created_by=UserFactory(), tracks=[track])
        _paper(event, access_code=code)
        ExtensionFactory(event=event, code="", user=UserFactory(), session_types=[event.talk_type])
        ExtensionFactory(event=event, code="", submission=_paper(event))

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(_list_url(event))

    assert response.content.decode().count('class="extension-item') == 13


# The proposal page: reopening and access codes


def _detail(submission):
    return reverse("submissions:detail", args=[submission.event.slug, submission.pk])


def _reopen(submission):
    return reverse("submissions:reopen", args=[submission.event.slug, submission.pk])


def _redeem(submission):
    return reverse("submissions:redeem-code", args=[submission.event.slug, submission.pk])


def _reopen_data(due_date: date | None = None) -> dict:
    due_date = due_date or (timezone.now() + timedelta(days=5)).date()
    return {"due_date": due_date.isoformat(), "due_time": "23:59", "time_zone": AOE}


def test_organizers_may_reopen_a_closed_proposal_and_the_speaker_edits_again(client, event):
    paper = _paper(event, state=S.SUBMITTED)
    client.force_login(_organizer(event))
    page = client.get(_detail(paper)).content.decode()

    response = client.post(_reopen(paper), _reopen_data(), follow=True)

    assert "Reopen for editing" in page
    assert "Reopened: the speakers may edit this proposal until" in response.content.decode()
    assert Extension.objects.get().submission == paper
    client.force_login(paper.created_by)
    speaker_page = client.get(_detail(paper)).content.decode()
    assert "The organizers reopened this proposal." in speaker_page
    assert "Edit proposal" in speaker_page


def test_reopening_in_the_past_shows_the_error_on_the_proposal_page(client, event):
    paper = _paper(event, state=S.SUBMITTED)
    client.force_login(_organizer(event))

    response = client.post(_reopen(paper), _reopen_data(date(2020, 1, 1)))

    html = response.content.decode()
    assert response.status_code == 200
    assert paper.title in html
    assert 'id="id_due_date-errors"' in html
    assert "in the past" in html
    assert not Extension.objects.exists()


def test_only_the_events_organizers_may_reopen(client, event):
    paper = _paper(event, state=S.SUBMITTED)
    anonymous = client.post(_reopen(paper), _reopen_data())
    statuses = {}
    for who, user in {**_outsiders(event), "speaker": paper.created_by}.items():
        client.force_login(user)
        statuses[who] = client.post(_reopen(paper), _reopen_data()).status_code

    assert "/accounts/login/" in anonymous.url
    assert statuses == dict.fromkeys(statuses, 404)
    assert not Extension.objects.exists()


def test_no_reopen_form_while_the_call_is_open_or_after_review(client, event):
    accepted = _paper(event, state=S.ACCEPTED)
    still_open = EventFactory()
    DeadlineFactory(event=still_open, due=_in_days(3))
    open_paper = SubmissionFactory(event=still_open)
    organizer = _organizer(event)
    MembershipFactory(event=still_open, user=organizer, role=CommitteeRole.ORGANIZER)
    client.force_login(organizer)

    pages = [client.get(_detail(open_paper)), client.get(_detail(accepted))]

    assert [page.status_code for page in pages] == [200, 200]
    assert all("Reopen for editing" not in page.content.decode() for page in pages)


def test_a_speaker_enters_an_access_code_on_the_proposal_page(client, event):
    ExtensionFactory(event=event, code="PAPERS-LATE", session_types=[event.paper_type])
    draft = _paper(event)
    client.force_login(draft.created_by)
    page = client.get(_detail(draft)).content.decode()

    response = client.post(_redeem(draft), {"access_code": "papers-late"}, follow=True)

    assert "Use access code" in page
    html = response.content.decode()
    assert "Access code accepted: you may edit and submit until" in html
    assert "The access code PAPERS-LATE allows it." in html
    assert _fresh(draft).access_code.code == "PAPERS-LATE"


def test_a_wrong_access_code_is_explained_next_to_the_field(client, event):
    ExtensionFactory(event=event, code="TALKS", session_types=[event.talk_type])
    draft = _paper(event)
    client.force_login(draft.created_by)

    response = client.post(_redeem(draft), {"access_code": "TALKS"})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_access_code-errors"' in html
    assert "This access code is for another track or session type." in html
    assert _fresh(draft).access_code is None


def test_only_speakers_may_enter_an_access_code(client, event):
    ExtensionFactory(event=event, code="LATE")
    draft = _paper(event)
    anonymous = client.post(_redeem(draft), {"access_code": "LATE"})
    statuses = {}
    for who, user in {**_outsiders(event), "organizer": _organizer(event)}.items():
        client.force_login(user)
        statuses[who] = client.post(_redeem(draft), {"access_code": "LATE"}).status_code

    assert "/accounts/login/" in anonymous.url
    assert statuses == dict.fromkeys(statuses, 404)
    assert _fresh(draft).access_code is None


def test_a_speaker_sees_until_when_their_extension_runs(client, event):
    author = UserFactory()
    ExtensionFactory(
        event=event, code="", user=author, time_zone=AOE, due=aware(2099, 9, 23, 11, 59)
    )
    paper = _paper(event, created_by=author)
    client.force_login(author)

    html = client.get(_detail(paper)).content.decode()

    assert "Open for editing" in html
    assert "This is your personal extension." in html
    assert "Tue, Sep 22, 2099, 23:59" in html


# The start page


def _start(event):
    return reverse("submissions:start", args=[event.slug])


def _start_data(event, **overrides) -> dict:
    return {
        "track": event.papers_track.pk, "session_type": event.paper_type.pk,
        "title": "Scaling ResNet-50", "access_code": "", **overrides,
    }  # fmt: skip


def test_start_with_an_access_code_after_the_call_closed(client, event):
    ExtensionFactory(event=event, code="PAPERS-LATE", session_types=[event.paper_type])
    client.force_login(UserFactory())

    response = client.post(_start(event), _start_data(event, access_code="papers-late"))

    submission = Submission.objects.get()
    assert response.url == reverse("submissions:edit", args=[event.slug, submission.pk])
    assert submission.access_code.code == "PAPERS-LATE"


def test_start_without_a_code_after_the_call_closed_points_to_the_code_field(client, event):
    client.force_login(UserFactory())

    html = client.post(_start(event), _start_data(event)).content.decode()

    errors = html.split('id="id_access_code-errors"')[1].split("</div></div>")[0]
    assert "The call for proposals is closed for this track and type." in errors
    assert "If the organizers gave you an access code, enter it here." in errors
    assert not Submission.objects.exists()


def test_start_with_a_code_for_another_type_says_so_next_to_the_code(client, event):
    ExtensionFactory(event=event, code="TALKS", session_types=[event.talk_type])
    client.force_login(UserFactory())

    html = client.post(_start(event), _start_data(event, access_code="TALKS")).content.decode()

    assert 'id="id_access_code-errors"' in html
    assert "This access code is for another track or session type." in html
    assert 'value="Scaling ResNet-50"' in html
    assert not Submission.objects.exists()


def test_the_start_page_says_the_call_closed_and_fills_in_a_shared_code(client, event):
    client.force_login(UserFactory())

    html = client.get(_start(event), {"code": "PAPERS-LATE"}).content.decode()

    assert "The call for proposals closed on" in html
    assert 'name="access_code" value="PAPERS-LATE"' in html


def test_while_the_call_is_open_the_code_field_waits_behind_a_question(client):
    event = EventFactory()
    DeadlineFactory(event=event, due=_in_days(3))
    client.force_login(UserFactory())

    html = client.get(_start(event)).content.decode()

    assert "<summary" in html
    assert "Have an access code?" in html
    assert "The call for proposals closed" not in html
