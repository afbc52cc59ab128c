import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reviews.enums import ReviewMode
from reviews.forms.review_setup import parse_labels
from reviews.models import ReviewCriterion, ReviewForm, ReviewScore, ReviewSettings
from reviews.services.review_setup import delete_criterion, move_criterion
from tests.factories.reviews import ReviewCriterionFactory, ReviewFactory, ReviewFormFactory
from tests.factories.tracks import DeadlineFactory, EventFactory, MembershipFactory, TrackFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole, DeadlineKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory()


@pytest.fixture
def organizer(event):
    return MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user


@pytest.fixture
def review_form(event):
    return ReviewFormFactory(event=event, name="Papers", overall_min=1, overall_max=5)


def url(name, event, **kwargs):
    return reverse(f"reviews:{name}", kwargs={"event": event.slug, **kwargs})


def form_data(**changes):
    return {
        "name": "Talks",
        "track": "",
        "session_type": "",
        "overall_min": "1",
        "overall_max": "4",
        "overall_labels": "1: Reject\n4: Accept",
        "confidence_max": "3",
        "confidence_labels": "",
        **changes,
    }


def criterion_data(**changes):
    return {
        "action": "add-criterion",
        "name": "Clarity",
        "help_text": "",
        "min_value": "1",
        "max_value": "3",
        "labels": "3: Crystal clear",
        "required": "on",
        **changes,
    }


# Labels


def test_parse_labels_reads_lines_and_skips_blank_ones():
    assert parse_labels("1: Strong reject\n\n 5 : Strong accept: really\n-1: Harmful") == {
        "1": "Strong reject",
        "5": "Strong accept: really",
        "-1": "Harmful",
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("one: Reject", "Line 1: write a whole number"),
        ("1 Reject", "Line 1: write a whole number"),
        ("1:", "Line 1: write a whole number"),
        ("1: A\n1: B", "Line 2: 1 has a label already"),
    ],
)
def test_parse_labels_names_the_bad_line(text, message):
    with pytest.raises(ValidationError, match=message):
        parse_labels(text)


# Permissions


def _reviewer(event):
    return MembershipFactory(event=event, role=CommitteeRole.REVIEWER).user


def _track_chair(event):
    return MembershipFactory(
        event=event, role=CommitteeRole.TRACK_CHAIR, tracks=[TrackFactory(event=event)]
    ).user


def _other_organizer(event):
    return MembershipFactory(role=CommitteeRole.ORGANIZER).user


def _stranger(event):
    return UserFactory()


@pytest.mark.parametrize("who", [_reviewer, _track_chair, _other_organizer, _stranger])
def test_setup_pages_are_404_for_all_but_organizers(client, event, review_form, who):
    criterion = ReviewCriterionFactory(form=review_form)
    client.force_login(who(event))
    pages = [
        url("review-settings", event),
        url("review-forms", event),
        url("review-form", event, pk=review_form.pk),
        url("review-criterion", event, pk=review_form.pk, criterion=criterion.pk),
    ]

    answers = [client.get(page).status_code for page in pages]
    posts = [
        client.post(url("review-settings", event), {"mode": "open"}).status_code,
        client.post(url("review-forms", event), form_data()).status_code,
        client.post(
            url("review-criterion-action", event, pk=review_form.pk, criterion=criterion.pk),
            {"action": "remove"},
        ).status_code,
        client.post(url("review-form-delete", event, pk=review_form.pk)).status_code,
    ]

    assert answers == [404] * 4
    assert posts == [404] * 4
    assert ReviewForm.objects.count() == 1
    assert ReviewCriterion.objects.count() == 1
    assert not ReviewSettings.objects.filter(mode=ReviewMode.OPEN).exists()


def test_setup_pages_send_anonymous_to_sign_in(client, event):
    response = client.get(url("review-settings", event))

    assert response.status_code == 302


# Settings


def test_settings_page_shows_modes_and_review_deadlines(client, event, organizer):
    DeadlineFactory(event=event, kind=DeadlineKind.REVIEWS_DUE, label="Reviews of papers due")
    DeadlineFactory(event=event, kind=DeadlineKind.CFP_CLOSES, label="Papers due")
    client.force_login(organizer)

    response = client.get(url("review-settings", event))

    content = response.content.decode()
    assert "Reviews of papers due" in content
    assert "Papers due<" not in content
    assert "Reviewers never see authors&#x27; names" in content
    assert reverse("tracks:manage-deadlines", args=[event.slug]) in content


def test_settings_save(client, event, organizer):
    client.force_login(organizer)

    response = client.post(
        url("review-settings", event),
        {"mode": "double_blind", "author_response": "on", "response_word_limit": "750"},
    )

    settings = ReviewSettings.objects.get(event=event)
    assert response.status_code == 302
    assert (settings.mode, settings.others_after_own, settings.author_response) == (
        ReviewMode.DOUBLE_BLIND,
        False,
        True,
    )
    assert settings.response_word_limit == 750


def test_settings_refuse_a_tiny_word_limit(client, event, organizer):
    client.force_login(organizer)

    response = client.post(
        url("review-settings", event), {"mode": "open", "response_word_limit": "10"}
    )

    assert response.context["form"].errors == {"response_word_limit": ["Allow at least 50 words."]}
    assert ReviewSettings.objects.get(event=event).mode == ReviewMode.SINGLE_BLIND


# Forms


def test_create_form_with_labels(client, event, organizer):
    track = TrackFactory(event=event)
    client.force_login(organizer)

    response = client.post(url("review-forms", event), form_data(track=track.pk))

    created = ReviewForm.objects.get(event=event)
    assert response.status_code == 302
    assert (created.name, created.track, created.overall_max) == ("Talks", track, 4)
    assert created.overall_labels == {"1": "Reject", "4": "Accept"}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"overall_labels": "9: Amazing"}, "overall_labels", "9 outside the scale from 1 to 4."),
        ({"overall_labels": "great"}, "overall_labels", "Line 1: write a whole number"),
        ({"confidence_labels": "4: Expert"}, "confidence_labels", "4 outside the scale"),
        ({"overall_max": "1"}, "overall_max", "Must be above the lowest score."),
        ({"confidence_max": "1"}, "confidence_max", "Give reviewers at least two levels."),
    ],
)
def test_create_form_errors_next_to_the_field(client, event, organizer, changes, field, message):
    client.force_login(organizer)

    response = client.post(url("review-forms", event), form_data(**changes))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert response.context["form"]["name"].value() == "Talks"
    assert ReviewForm.objects.count() == 0


def test_create_form_refuses_a_second_form_for_the_same_scope(client, event, organizer):
    ReviewFormFactory(event=event)
    client.force_login(organizer)

    response = client.post(url("review-forms", event), form_data())

    assert response.context["form"].errors["track"] == [
        "This event has a form for this track and session type already."
    ]
    assert ReviewForm.objects.count() == 1


def test_edit_form_with_reviews_locks_scales_but_allows_renames(
    client, event, organizer, review_form
):
    ReviewFactory(form=review_form, submission__event=event)
    client.force_login(organizer)

    page = client.get(url("review-form", event, pk=review_form.pk))
    client.post(
        url("review-form", event, pk=review_form.pk),
        form_data(name="Papers v2", overall_max="10", overall_labels="5: Top"),
    )

    review_form.refresh_from_db()
    assert page.context["form"].fields["overall_max"].disabled
    assert "scales are locked" in page.content.decode()
    assert (review_form.name, review_form.overall_max) == ("Papers v2", 5)
    assert review_form.overall_labels == {"5": "Top"}


def test_save_review_form_service_refuses_scale_change_with_reviews(event, review_form):
    from reviews.services.review_setup import save_review_form

    ReviewFactory(form=review_form, submission__event=event)
    review_form.overall_max = 7

    with pytest.raises(ValidationError) as raised:
        save_review_form(form=review_form)

    assert list(raised.value.message_dict) == ["overall_max"]


def test_delete_form_only_without_reviews(client, event, organizer, review_form):
    used = ReviewFormFactory(event=event, track=TrackFactory(event=event))
    ReviewFactory(form=used, submission__event=event)
    client.force_login(organizer)

    client.post(url("review-form-delete", event, pk=review_form.pk))
    client.post(url("review-form-delete", event, pk=used.pk))

    assert list(ReviewForm.objects.all()) == [used]


# Criteria


def test_add_criterion(client, event, organizer, review_form):
    ReviewCriterionFactory(form=review_form, position=0)
    client.force_login(organizer)

    response = client.post(url("review-form", event, pk=review_form.pk), criterion_data())

    added = ReviewCriterion.objects.get(name="Clarity")
    assert response.status_code == 302
    assert (added.form, added.position, added.labels) == (review_form, 1, {"3": "Crystal clear"})


def test_add_criterion_errors_next_to_the_field(client, event, organizer, review_form):
    client.force_login(organizer)

    response = client.post(
        url("review-form", event, pk=review_form.pk), criterion_data(labels="0: Nothing")
    )

    assert response.context["criterion_form"].errors == {
        "labels": ["0 outside the scale from 1 to 3."]
    }
    assert ReviewCriterion.objects.count() == 0


def test_edit_scored_criterion_keeps_its_scale(client, event, organizer, review_form):
    criterion = ReviewCriterionFactory(form=review_form, max_value=5)
    review = ReviewFactory(form=review_form, submission__event=event)
    ReviewScore.objects.create(review=review, criterion=criterion, value=2)
    client.force_login(organizer)

    client.post(
        url("review-criterion", event, pk=review_form.pk, criterion=criterion.pk),
        criterion_data(name="Clarity of writing", max_value="3", labels="", required=""),
    )

    criterion.refresh_from_db()
    assert (criterion.name, criterion.max_value, criterion.required) == (
        "Clarity of writing",
        5,
        False,
    )


def test_remove_criterion_only_without_scores(client, event, organizer, review_form):
    unused = ReviewCriterionFactory(form=review_form)
    scored = ReviewCriterionFactory(form=review_form)
    review = ReviewFactory(form=review_form, submission__event=event)
    ReviewScore.objects.create(review=review, criterion=scored, value=2)
    client.force_login(organizer)

    for criterion in (unused, scored):
        client.post(
            url("review-criterion-action", event, pk=review_form.pk, criterion=criterion.pk),
            {"action": "remove"},
        )

    assert list(ReviewCriterion.objects.all()) == [scored]
    with pytest.raises(ValidationError, match="can't be removed"):
        delete_criterion(criterion=scored)


def test_move_criterion(review_form):
    a, b, c = (ReviewCriterionFactory(form=review_form, position=n) for n in range(3))

    move_criterion(criterion=c, up=True)
    move_criterion(criterion=a, up=True)

    assert list(review_form.criteria.all()) == [a, c, b]


def test_move_criterion_through_the_page(client, event, organizer, review_form):
    a, b = (ReviewCriterionFactory(form=review_form, position=n) for n in range(2))
    client.force_login(organizer)

    client.post(
        url("review-criterion-action", event, pk=review_form.pk, criterion=a.pk),
        {"action": "down"},
    )

    assert list(review_form.criteria.all()) == [b, a]
