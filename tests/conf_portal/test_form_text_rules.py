"""Every form refuses control characters in single-line fields and caps multi-line (Markdown)
texts, with the error next to the field and nothing saved lost (conf_portal/forms.py)."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.urls import reverse

from accounts.forms import ProfileForm, SignupForm
from conf_portal.forms import (
    LARGEST_TEXT_CHARS,
    LONG_TEXT_CHARS,
    SHORT_TEXT_CHARS,
    TextCap,
    TextRulesMixin,
    text_validators,
    validate_single_line,
)
from reviews.forms.decisions import NotificationTemplateForm
from reviews.forms.responses import AuthorResponseForm
from submissions.forms import CoAuthorForm, StartSubmissionForm
from submissions.models import Submission
from submissions.services.editing import record_revision
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import DeadlineFactory, EventFactory, SessionTypeFactory, TrackFactory
from tests.factories.users import UserFactory
from tracks.forms import EventForm

FORM_PACKAGES = [
    "accounts.forms",
    "submissions.forms",
    "reviews.forms",
    "tracks.forms",
    "program.forms",
    "program.exporters.forms",
    "api.forms",
    "mails.forms",
    "proceedings.forms",
]
SINGLE_LINE_ERROR = "This field is a single line: remove the line break."


def _form_modules():
    for name in FORM_PACKAGES:
        module = importlib.import_module(name)
        yield module
        for info in pkgutil.iter_modules(getattr(module, "__path__", [])):
            yield importlib.import_module(f"{name}.{info.name}")


def _form_classes():
    for module in _form_modules():
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield cls


def test_every_form_of_the_apps_applies_the_text_rules():
    classes = list(_form_classes())

    missing = [f"{cls.__module__}.{cls.__name__}" for cls in classes if
               not issubclass(cls, TextRulesMixin)]  # fmt: skip

    assert len(classes) > 30
    assert missing == []


@pytest.mark.parametrize(
    ("value", "what"),
    [
        ("Mallory paper\r\nBcc: x@evil.example", "the line break"),
        ("two\nlines", "the line break"),
        ("a\u2028b", "the line break"),
        ("tab\there", "the tab"),
        ("nul\x00", "the invisible character U+0000 (control character)"),
        ("bell\x07", "the invisible character U+0007 (control character)"),
        ("c1\x9b", "the invisible character U+009B (control character)"),
        ("txt.\u202egnp", "the invisible character U+202E (right-to-left override)"),
        ("iso\u2066late", "the invisible character U+2066 (left-to-right isolate)"),
    ],
)
def test_single_line_refuses_control_and_bidi_override_characters(value, what):
    with pytest.raises(forms.ValidationError) as raised:
        validate_single_line(value)

    assert raised.value.messages == [f"This field is a single line: remove {what}."]


@pytest.mark.parametrize(
    "value",
    [
        "Ruben Arts",
        "Université Côte d’Azur — 東京大学",
        "می\u200cخواهم",  # Persian needs the zero-width non-joiner
        "\u200fשלום\u200f",  # right-to-left marks are ordinary in Hebrew and Arabic names
        "Scientist 👩\u200d🔬",
        "",
    ],
)
def test_single_line_accepts_ordinary_text_in_any_script(value):
    validate_single_line(value)


@pytest.mark.parametrize(
    ("name", "field", "cap"),
    [
        ("abstract", forms.CharField(widget=forms.Textarea), SHORT_TEXT_CHARS),
        ("bio", forms.CharField(widget=forms.Textarea), SHORT_TEXT_CHARS),
        ("question_7", forms.CharField(widget=forms.Textarea), SHORT_TEXT_CHARS),
        ("description", forms.CharField(widget=forms.Textarea), LONG_TEXT_CHARS),
        ("comments_to_authors", forms.CharField(widget=forms.Textarea), LONG_TEXT_CHARS),
        ("text", forms.CharField(widget=forms.Textarea, max_length=1_000), 1_000),
    ],
)
def test_multi_line_fields_get_a_cap_by_kind(name, field, cap):
    assert text_validators(name, field) == [TextCap(cap)]


@pytest.mark.parametrize(
    "field",
    [
        forms.CharField(widget=forms.HiddenInput),
        forms.CharField(widget=forms.PasswordInput),
        forms.CharField(disabled=True),
        forms.IntegerField(),
        forms.ChoiceField(choices=[("a", "A")]),
    ],
)
def test_fields_nobody_types_a_line_into_get_no_rules(field):
    assert text_validators("x", field) == []


def test_the_largest_cap_is_the_previews():
    from conf_portal.views import PREVIEW_MAX_CHARS

    assert PREVIEW_MAX_CHARS == LARGEST_TEXT_CHARS == LONG_TEXT_CHARS


def test_validating_twice_reports_each_error_once():
    form = CoAuthorForm(data={"name": "Eve\nAdams", "email": ""})

    form.full_clean()
    form.full_clean()

    assert form.errors["name"] == [SINGLE_LINE_ERROR]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("form", "field"),
    [
        (lambda v: CoAuthorForm(data={"name": "Eve", "affiliation": v}), "affiliation"),
        (lambda v: ProfileForm(data={"name": v, "country": ""}), "name"),
        (lambda v: StartSubmissionForm(data={"title": v}, event=EventFactory()), "title"),
        (
            lambda v: NotificationTemplateForm(
                data={"subject": v, "body": "Hi"}, event=None, decision=None
            ),
            "subject",
        ),
        (lambda v: SignupForm(data={"name": v, "email": "a@example.org"}), "name"),
    ],
)
def test_forms_refuse_a_line_break_in_single_line_fields(form, field):
    bound = form("Mallory paper\r\nBcc: x@evil.example")

    assert not bound.is_valid()
    assert bound.errors[field] == [SINGLE_LINE_ERROR]


@pytest.mark.parametrize(
    ("form", "field", "cap"),
    [
        (
            lambda v: AuthorResponseForm(data={"text": v}, submission=None, word_limit=None),
            "text",
            LONG_TEXT_CHARS,
        ),
        (lambda v: EventForm(data={"description": v}), "description", LONG_TEXT_CHARS),
        (lambda v: ProfileForm(data={"name": "A", "bio": v}), "bio", SHORT_TEXT_CHARS),
    ],
)
@pytest.mark.django_db
def test_forms_cap_markdown_texts_with_a_clear_message(form, field, cap):
    at_cap, over = form("x" * cap), form("y" * (cap + 1))

    at_cap.is_valid()
    over.is_valid()

    assert field not in at_cap.errors
    assert over.errors[field] == [
        f"This is too long: at most {cap:,} characters, and it has {cap + 1:,}. Shorten it to save."
    ]


# The pages: the error is shown next to the field and what was saved stays.


@pytest.fixture
def submission(db):
    submission = SubmissionFactory(title="Saved title", abstract="Saved abstract.")
    DeadlineFactory(event=submission.event)
    record_revision(submission, submission.created_by)
    return submission


def _post_edit(client, submission, **fields):
    client.force_login(submission.created_by)
    data = {"version": submission.version, "title": submission.title,
            "abstract": submission.abstract, "description": submission.description,
            "ai_statement": submission.ai_statement, "save": "1", **fields}  # fmt: skip
    url = reverse("submissions:edit", args=[submission.event.slug, submission.pk])
    return client.post(url, data)


def test_edit_refuses_a_title_with_a_line_break_next_to_the_field(client, submission):
    response = _post_edit(client, submission, title="Mallory paper\r\nBcc: x@evil.example")

    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_title-errors"><div>{SINGLE_LINE_ERROR}</div>' in html
    submission.refresh_from_db()
    assert (submission.title, submission.version) == ("Saved title", 1)


def test_edit_refuses_an_over_long_abstract_and_keeps_the_saved_one(client, submission):
    response = _post_edit(client, submission, title="New title", abstract="[" * 25_000)

    html = response.content.decode()
    assert response.status_code == 200
    too_long = "This is too long: at most 5,000 characters, and it has 25,000. Shorten it to save."
    assert f'id="id_abstract-errors"><div>{too_long}</div>' in html
    submission.refresh_from_db()
    assert (submission.title, submission.abstract) == ("Saved title", "Saved abstract.")


@pytest.mark.django_db
def test_start_refuses_a_title_with_a_line_break(client):
    event = EventFactory()
    track, talk = TrackFactory(event=event), SessionTypeFactory(event=event)
    DeadlineFactory(event=event)
    client.force_login(UserFactory())

    response = client.post(
        reverse("submissions:start", args=[event.slug]),
        {"track": track.pk, "session_type": talk.pk, "title": "Mallory paper\r\nBcc: x@evil"},
    )

    assert response.status_code == 200
    assert SINGLE_LINE_ERROR in response.content.decode()
    assert not Submission.objects.exists()
