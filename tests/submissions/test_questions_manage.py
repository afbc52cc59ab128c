"""Organizers' custom questions: the service rules and the pages under /<event>/manage/questions/
(list and add, edit, delete, move)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from submissions.enums import QuestionKind
from submissions.forms.questions import QuestionForm
from submissions.models import Answer, Question
from submissions.services.questions import (
    AnswersWouldBeLost,
    create_question,
    delete_question,
    move_question,
    update_question,
)
from tests.factories.questions import QuestionFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import (
    EventFactory,
    MembershipFactory,
    SessionTypeFactory,
    TrackFactory,
)
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db

LEVELS = ["Beginner", "Intermediate", "Advanced"]


@pytest.fixture
def event():
    return EventFactory(name="SciPy 2025")


@pytest.fixture
def tutorials(event):
    return TrackFactory(event=event, name="Tutorials")


@pytest.fixture
def organizer(event):
    return MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user


def _answer(question, value="", **submission):
    submission.setdefault("event", question.event)
    return Answer.objects.create(
        submission=SubmissionFactory(**submission), question=question, value=value
    )


def _choice(event, options=LEVELS, **kwargs):
    return QuestionFactory(event=event, kind=QuestionKind.CHOICE, options=list(options), **kwargs)


def _update(question, **changes):
    data = {
        "text": question.text, "kind": question.kind, "help_text": question.help_text,
        "options": question.options, "required": question.required,
        "tracks": list(question.tracks.all()), "session_types": list(question.session_types.all()),
    }  # fmt: skip
    return update_question(question=question, **{**data, **changes})


def _messages(error: ValidationError) -> dict:
    return error.value.message_dict


# Services


def test_create_question_goes_last_with_its_scope(event, tutorials):
    QuestionFactory(event=event, position=4)
    tutorial = SessionTypeFactory(event=event, name="Tutorial")

    question = create_question(
        event=event, text="Which Python level?", kind=QuestionKind.CHOICE,
        options=[" Beginner ", "", "Advanced"], required=True, tracks=[tutorials],
        session_types=[tutorial],
    )  # fmt: skip

    question.refresh_from_db()
    assert question.position == 5
    assert question.options == ["Beginner", "Advanced"]
    assert list(question.tracks.all()) == [tutorials]
    assert list(question.session_types.all()) == [tutorial]


def test_create_question_drops_options_of_other_kinds(event):
    question = create_question(
        event=event, text="I agree.", kind=QuestionKind.BOOLEAN, options=["a", "b"], required=True
    )

    assert question.options == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ([], "A choice question needs at least two options."),
        (["Only one", "  ", ""], "A choice question needs at least two options."),
        (["Yes", "Yes "], "“Yes” is listed twice; list it once."),
    ],
)
def test_create_choice_question_needs_two_distinct_options(event, options, message):
    with pytest.raises(ValidationError) as error:
        create_question(event=event, text="Level?", kind=QuestionKind.CHOICE, options=options)

    assert _messages(error) == {"options": [message]}
    assert not Question.objects.exists()


@pytest.mark.parametrize("field", ["tracks", "session_types"])
def test_create_question_refuses_tracks_and_types_of_another_event(event, field):
    elsewhere = (TrackFactory if field == "tracks" else SessionTypeFactory)()

    with pytest.raises(ValidationError) as error:
        create_question(event=event, text="Level?", **{field: [elsewhere]})

    assert "belongs to another event" in _messages(error)[field][0]
    assert not Question.objects.exists()


def test_update_question_changes_kind_while_nobody_answered(event):
    question = QuestionFactory(event=event)

    _update(question, kind=QuestionKind.CHOICE, options=LEVELS)

    question.refresh_from_db()
    assert (question.kind, question.options) == (QuestionKind.CHOICE, LEVELS)


def test_update_question_keeps_the_kind_once_answered_and_says_why(event):
    question = QuestionFactory(event=event, kind=QuestionKind.TEXT)
    _answer(question, "Yes")
    _answer(question, "No")

    with pytest.raises(ValidationError) as error:
        _update(question, kind=QuestionKind.BOOLEAN, text="Renamed")

    assert _messages(error) == {"kind": [
        "Proposals already gave 2 answers to this question as “Text”, which would not fit "
        "another kind. Keep the kind, or add a new question instead."
    ]}  # fmt: skip
    question.refresh_from_db()
    assert (question.kind, question.text) == (QuestionKind.TEXT, question.text)


def test_blank_answers_neither_fix_the_kind_nor_count_as_lost(event):
    question = QuestionFactory(event=event, kind=QuestionKind.TEXT)
    _answer(question, "")

    _update(question, kind=QuestionKind.BOOLEAN)
    lost = delete_question(question=question)

    assert lost == 0
    assert (Question.objects.count(), Answer.objects.count()) == (0, 0)


def test_update_question_refuses_removing_an_option_answers_chose(event):
    question = _choice(event)
    _answer(question, "Beginner")

    with pytest.raises(ValidationError) as error:
        _update(question, options=["Intermediate", "Advanced"])

    assert _messages(error) == {
        "options": ["Proposals chose “Beginner” (1 answer); keep it so their answers stay valid."]
    }
    question.refresh_from_db()
    assert question.options == LEVELS


def test_update_question_may_remove_and_add_options_nobody_chose(event):
    question = _choice(event)
    _answer(question, "Beginner")

    _update(question, options=["Beginner", "Expert"], required=True)

    question.refresh_from_db()
    assert (question.options, question.required) == (["Beginner", "Expert"], True)


def test_delete_question_without_answers_needs_no_confirmation(event):
    question = QuestionFactory(event=event)

    lost = delete_question(question=question)

    assert lost == 0
    assert not Question.objects.exists()


def test_delete_question_with_answers_refuses_without_confirming_them(event):
    question = QuestionFactory(event=event)
    _answer(question, "a")
    _answer(question, "b")

    with pytest.raises(AnswersWouldBeLost) as error:
        delete_question(question=question, confirmed_answers=1)

    assert error.value.count == 2
    assert error.value.message == "2 answers would be lost; confirm that you want to delete them."
    assert Answer.objects.count() == 2


def test_delete_question_with_confirmed_answers_deletes_them(event):
    question = QuestionFactory(event=event)
    _answer(question, "a")

    lost = delete_question(question=question, confirmed_answers=1)

    assert lost == 1
    assert (Question.objects.count(), Answer.objects.count()) == (0, 0)


def test_move_question_swaps_with_its_neighbour_and_renumbers(event):
    first, second, third = (QuestionFactory(event=event, position=p) for p in (3, 3, 9))
    QuestionFactory()  # another event's question is not in the way

    moved = move_question(question=third, direction="up")

    assert moved is True
    assert list(event.questions.values_list("pk", "position")) == [
        (first.pk, 0), (third.pk, 1), (second.pk, 2)
    ]  # fmt: skip


@pytest.mark.parametrize(("index", "direction"), [(0, "up"), (1, "down")])
def test_move_question_past_either_end_changes_nothing(event, index, direction):
    questions = [QuestionFactory(event=event, position=p) for p in (0, 1)]

    moved = move_question(question=questions[index], direction=direction)

    assert moved is False
    assert list(event.questions.values_list("pk", flat=True)) == [q.pk for q in questions]


# Permissions


def _urls(event, question):
    return [
        reverse("submissions:manage-questions", args=[event.slug]),
        reverse("submissions:manage-question-edit", args=[event.slug, question.pk]),
        reverse("submissions:manage-question-delete", args=[event.slug, question.pk]),
    ]


def test_question_pages_open_to_the_events_organizers(client, event, organizer):
    client.force_login(organizer)

    statuses = [client.get(url).status_code for url in _urls(event, QuestionFactory(event=event))]

    assert statuses == [200, 200, 200]


def _someone_else(who, event):
    if who == "author":
        return SubmissionFactory(event=event).created_by
    if who == "other_organizer":
        return MembershipFactory(role=CommitteeRole.ORGANIZER).user
    if who == "outsider":
        return UserFactory()
    return MembershipFactory(event=event, role=who).user


@pytest.mark.parametrize(
    "who", ["author", "reviewer", "track_chair", "proceedings_chair", "other_organizer", "outsider"]
)
def test_question_pages_are_404_for_everyone_else(client, event, who):
    question = QuestionFactory(event=event)
    client.force_login(_someone_else(who, event))
    move = reverse("submissions:manage-question-move", args=[event.slug, question.pk])
    urls = _urls(event, question)

    statuses = {client.get(url).status_code for url in urls}
    statuses |= {
        client.post(url, {"confirmed_answers": 0}).status_code for url in _urls(event, question)
    }
    statuses.add(client.post(move, {"direction": "down"}).status_code)

    assert statuses == {404}
    assert Question.objects.filter(pk=question.pk, text=question.text).exists()


def test_question_pages_send_anonymous_visitors_to_sign_in(client, event):
    question = QuestionFactory(event=event)
    move = reverse("submissions:manage-question-move", args=[event.slug, question.pk])

    responses = [client.get(url) for url in _urls(event, question)] + [client.post(move)]

    assert {r.status_code for r in responses} == {302}
    assert all(r.url.startswith(reverse("account_login")) for r in responses)


def test_a_question_of_another_event_is_404_even_for_an_organizer(client, event, organizer):
    client.force_login(organizer)
    elsewhere = QuestionFactory()
    move = reverse("submissions:manage-question-move", args=[event.slug, elsewhere.pk])

    statuses = {client.get(url).status_code for url in _urls(event, elsewhere)[1:]}
    statuses.add(client.post(move, {"direction": "up"}).status_code)

    assert statuses == {404}


# List and add


def test_question_list_shows_order_kind_required_scope_and_answers(client, event, organizer):
    tutorial = SessionTypeFactory(event=event, name="Tutorial")
    anything = QuestionFactory(
        event=event, text="Anything else?", position=2, tracks=[TrackFactory(event=event)]
    )
    _answer(anything, "")  # left blank: not an answer
    level = _choice(
        event, text="Which Python level?", position=1, required=True, session_types=[tutorial]
    )
    _answer(level, "Beginner", session_type=tutorial)
    client.force_login(organizer)

    html = client.get(reverse("submissions:manage-questions", args=[event.slug])).content.decode()

    assert html.index("Which Python level?") < html.index("Anything else?")
    assert "Beginner · Intermediate · Advanced" in html
    assert "All tracks · Tutorial" in html
    assert "Choice of options" in html
    assert "Required" in html
    assert "1 answer<" in html
    assert "no answers yet" in html


def test_question_list_makes_a_constant_number_of_queries(
    client, event, organizer, tutorials, django_assert_max_num_queries
):
    client.force_login(organizer)
    url = reverse("submissions:manage-questions", args=[event.slug])
    for n in range(12):
        question = QuestionFactory(
            event=event, tracks=[tutorials], session_types=[SessionTypeFactory(event=event)]
        )
        _answer(question, str(n), track=tutorials)
    client.get(url)  # warms the session and the site's caches

    with django_assert_max_num_queries(10):
        response = client.get(url)

    assert response.content.decode().count('class="question ') == 12


def test_organizer_adds_a_choice_question_for_one_track(client, event, organizer, tutorials):
    client.force_login(organizer)

    response = client.post(reverse("submissions:manage-questions", args=[event.slug]), {
        "text": "Which Python level?", "kind": QuestionKind.CHOICE,
        "options": "Beginner\r\nIntermediate\r\n\r\nAdvanced\r\n", "required": "on",
        "tracks": [tutorials.pk],
    })  # fmt: skip

    assert response.status_code == 302
    question = Question.objects.get(event=event)
    assert (question.text, question.options, question.required) == (
        "Which Python level?", LEVELS, True
    )  # fmt: skip
    assert list(question.tracks.all()) == [tutorials]


def test_add_form_shows_errors_next_to_the_fields_and_keeps_the_input(client, event, organizer):
    client.force_login(organizer)

    response = client.post(reverse("submissions:manage-questions", args=[event.slug]), {
        "text": "", "kind": QuestionKind.CHOICE, "options": "Only one",
        "tracks": [TrackFactory().pk],
    })  # fmt: skip

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_text-errors"' in html
    assert 'id="id_options-errors"' in html
    assert "A choice question needs at least two options." in html
    assert 'id="id_tracks-errors"' in html
    assert "Only one</textarea>" in html
    assert not Question.objects.exists()


def test_add_form_refuses_an_unknown_kind_next_to_the_kind(client, event, organizer):
    client.force_login(organizer)

    response = client.post(
        reverse("submissions:manage-questions", args=[event.slug]),
        {"text": "Which Python level?", "kind": "essay"},
    )

    html = response.content.decode()
    assert 'id="id_kind-errors"' in html
    assert "Select a valid choice. essay is not one of the available choices." in html
    assert not Question.objects.exists()


# Edit, delete, move


def test_an_answer_given_while_the_organizer_edits_still_fixes_the_kind(event):
    question = QuestionFactory(event=event)
    form = QuestionForm({"text": question.text, "kind": QuestionKind.BOOLEAN}, instance=question,
                        event=event)  # fmt: skip
    assert form.is_valid()
    _answer(question, "I teach pandas.")

    with pytest.raises(ValidationError) as error:
        form.save()

    assert "which would not fit another kind" in _messages(error)["kind"][0]
    question.refresh_from_db()
    assert question.kind == QuestionKind.TEXT


def test_organizer_edits_a_question(client, event, organizer, tutorials):
    question = QuestionFactory(event=event, tracks=[tutorials])
    client.force_login(organizer)
    url = reverse("submissions:manage-question-edit", args=[event.slug, question.pk])

    response = client.post(url, {
        "text": "I agree to present it.", "kind": QuestionKind.BOOLEAN, "required": "on",
    })  # fmt: skip

    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.text, question.kind, question.required) == (
        "I agree to present it.", QuestionKind.BOOLEAN, True
    )  # fmt: skip
    assert not question.tracks.exists()


def test_edit_page_explains_the_kind_is_fixed_and_which_options_were_chosen(
    client, event, organizer
):
    question = _choice(event)
    _answer(question, "Advanced")
    client.force_login(organizer)
    url = reverse("submissions:manage-question-edit", args=[event.slug, question.pk])

    html = client.get(url).content.decode()

    assert "Proposals gave 1 answer to this question." in html
    assert "Fixed: proposals already gave 1 answer." in html
    assert "Chosen so far, so they stay: Advanced (1 answer)." in html
    assert "Beginner\nIntermediate\nAdvanced</textarea>" in html


def test_edit_refusing_a_kind_change_shows_why_next_to_the_kind(client, event, organizer):
    question = _choice(event, text="Which Python level?")
    _answer(question, "Advanced")
    client.force_login(organizer)
    url = reverse("submissions:manage-question-edit", args=[event.slug, question.pk])

    response = client.post(url, {"text": "Renamed", "kind": QuestionKind.TEXT})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_kind-errors"' in html
    assert "which would not fit another kind" in html
    assert '<h2 id="question-heading" class="h5">Which Python level?</h2>' in html
    question.refresh_from_db()
    assert (question.text, question.kind) == ("Which Python level?", QuestionKind.CHOICE)


def test_edit_refusing_to_drop_a_chosen_option_shows_it_next_to_the_options(
    client, event, organizer
):
    question = _choice(event)
    _answer(question, "Advanced")
    client.force_login(organizer)
    url = reverse("submissions:manage-question-edit", args=[event.slug, question.pk])

    response = client.post(url, {
        "text": question.text, "kind": QuestionKind.CHOICE, "options": "Beginner\nIntermediate",
    })  # fmt: skip

    html = response.content.decode()
    assert 'id="id_options-errors"' in html
    assert "Proposals chose “Advanced” (1 answer); keep it" in html
    question.refresh_from_db()
    assert question.options == LEVELS


def test_delete_page_says_how_many_answers_will_be_lost(client, event, organizer):
    question = QuestionFactory(event=event)
    _answer(question, "a")
    _answer(question, "b")
    client.force_login(organizer)

    response = client.get(
        reverse("submissions:manage-question-delete", args=[event.slug, question.pk])
    )

    html = response.content.decode()
    assert "2 answers will be lost." in html
    assert 'name="confirmed_answers" value="2"' in html


def test_organizer_deletes_a_question_after_confirming_its_answers(client, event, organizer):
    question = QuestionFactory(event=event)
    _answer(question, "a")
    client.force_login(organizer)
    url = reverse("submissions:manage-question-delete", args=[event.slug, question.pk])

    response = client.post(url, {"confirmed_answers": "1"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse(
        "submissions:manage-questions", args=[event.slug]
    )
    assert f"“{question.text}” is deleted." in response.content.decode()
    assert not Question.objects.exists()


def test_delete_asks_again_when_answers_arrived_after_the_confirmation(client, event, organizer):
    question = QuestionFactory(event=event)
    _answer(question, "a")
    _answer(question, "b")
    client.force_login(organizer)
    url = reverse("submissions:manage-question-delete", args=[event.slug, question.pk])

    response = client.post(url, {"confirmed_answers": "1"}, follow=True)

    html = response.content.decode()
    assert response.redirect_chain[-1][0] == url
    assert "2 answers would be lost; confirm that you want to delete them." in html
    assert 'name="confirmed_answers" value="2"' in html
    assert Question.objects.filter(pk=question.pk).exists()


@pytest.mark.parametrize("confirmed", ["", "-1", "lots"])
def test_delete_with_a_tampered_confirmation_deletes_nothing(client, event, organizer, confirmed):
    question = QuestionFactory(event=event)
    _answer(question, "a")
    client.force_login(organizer)
    url = reverse("submissions:manage-question-delete", args=[event.slug, question.pk])

    response = client.post(url, {"confirmed_answers": confirmed})

    assert (response.status_code, response.url) == (302, url)
    assert Question.objects.filter(pk=question.pk).exists()


def test_organizer_moves_a_question_down(client, event, organizer):
    first, second = QuestionFactory(event=event), QuestionFactory(event=event)
    client.force_login(organizer)
    url = reverse("submissions:manage-question-move", args=[event.slug, first.pk])

    response = client.post(url, {"direction": "down"})

    assert response.status_code == 302
    assert list(event.questions.values_list("pk", flat=True)) == [second.pk, first.pk]


def test_move_with_an_unknown_direction_or_a_get_changes_nothing(client, event, organizer):
    first, second = QuestionFactory(event=event), QuestionFactory(event=event)
    client.force_login(organizer)
    url = reverse("submissions:manage-question-move", args=[event.slug, first.pk])

    statuses = [
        client.post(url, {"direction": "sideways"}).status_code,
        client.get(url).status_code,
    ]

    assert statuses == [302, 405]
    assert list(event.questions.values_list("pk", flat=True)) == [first.pk, second.pk]
