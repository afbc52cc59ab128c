from django import forms
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile

from conf_portal.forms import TextRulesMixin
from tracks.models import SessionType, Track

from ..enums import YES, QuestionKind, SubmissionState
from ..models import Submission
from ..selectors import questions_for
from ..services import CONTENT_FIELDS, fields_for, question_field, question_key
from ..validators import (
    checked_paper,
    checked_resource,
    page_rule,
    reencode_image,
)

MARKDOWN_FIELDS = {
    "abstract", "description", "notes", "outline", "prerequisites", "installation",
    "additional_info",
}  # fmt: skip


class SubmissionForm(TextRulesMixin, forms.ModelForm):
    """The fields the submission's session type asks for, then the event's custom questions.

    ``version`` is the version the author started from, for merging concurrent edits.
    """

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Submission
        fields = [
            "title", "abstract", "description", "outline", "prerequisites", "installation",
            "python_level", "python_level_explanation", "additional_info", "ai_statement", "paper",
            "session_image", "notes",
        ]  # fmt: skip
        widgets = {
            "ai_statement": forms.Textarea(attrs={"rows": 2}),
            "python_level_explanation": forms.Textarea(attrs={"rows": 2}),
            "paper": forms.FileInput(attrs={"accept": "application/pdf"}),
            "session_image": forms.ClearableFileInput(attrs={"accept": "image/*"}),
        }
        help_texts = {
            "abstract": "Shown in the program.",
            "description": "For the reviewers.",
            "notes": "Only the committee reads these; never shown publicly.",
            "session_image": "PNG, JPEG, GIF or WebP, at most 10 MB and 25 megapixels; shown "
            "publicly. "
            "We strip its metadata (camera, location).",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        session_type = self.instance.session_type
        shown = set(fields_for(session_type))
        for name in list(self.fields):
            if name not in shown and name != "version":
                del self.fields[name]
        limits = {
            "abstract": session_type.abstract_word_limit,
            "description": session_type.description_word_limit,
        }
        for name, field in self.fields.items():
            field.required = name == "title"
            if name in MARKDOWN_FIELDS:
                field.widget.attrs.update(rows=8, **{"data-markdown-preview": ""})
            if limits.get(name):
                field.widget.attrs["data-word-limit"] = limits[name]
        if "abstract" in self.fields:
            self.fields["abstract"].widget.attrs["rows"] = 4
        self.initial.setdefault("version", self.instance.version)
        if "paper" in self.fields:
            self.fields["paper"].help_text = f"PDF, at most 10 MB, {page_rule(session_type)}."
        self._add_questions()

    def _add_questions(self) -> None:
        self.questions = {question_field(q): q for q in questions_for(self.instance)}
        for name, question in self.questions.items():
            self.fields[name] = question_form_field(question)
            self.initial.setdefault(name, initial_answer(self.instance, question))
        order = [name for name in self.fields if name not in ("notes", "version")]
        self.order_fields([*order, "notes", "version"])

    def clean_paper(self):
        paper = self.cleaned_data.get("paper")
        if isinstance(paper, UploadedFile):
            self.paper_pages = checked_paper(paper, self.instance.session_type).total
        return paper

    def clean_session_image(self):
        image = self.cleaned_data.get("session_image")
        if isinstance(image, UploadedFile):
            return reencode_image(image)
        return image

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("python_level_explanation") and not cleaned.get("python_level"):
            self.add_error("python_level_explanation", "Choose the level this explains.")
        for name, question in self.questions.items():
            upload = cleaned.get(name)
            if question.kind == QuestionKind.FILE and isinstance(upload, UploadedFile):
                try:
                    cleaned[name] = checked_resource(upload)
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return cleaned

    @property
    def content(self) -> dict:
        """The posted texts for the service, keyed as in revisions."""
        data = {name: value for name, value in self.cleaned_data.items()
                if name in CONTENT_FIELDS}  # fmt: skip
        for name, question in self.questions.items():
            if question.kind != QuestionKind.FILE:
                data[question_key(question.pk)] = answer_text(question, self.cleaned_data[name])
        return data

    @property
    def files_to_save(self) -> dict:
        """New uploads (and a removed session image) for the service."""
        cleaned, files = self.cleaned_data, {}
        if isinstance(cleaned.get("paper"), UploadedFile):
            files["paper"] = (cleaned["paper"], self.paper_pages)
        if _is_new_file(cleaned.get("session_image")):
            files["session_image"] = cleaned["session_image"]
        elif cleaned.get("session_image") is False:
            files["session_image"] = None
        for name, question in self.questions.items():
            if question.kind == QuestionKind.FILE and _is_new_file(cleaned.get(name)):
                files[question_key(question.pk)] = cleaned[name]
        return files

    def field_name(self, key: str) -> str:
        """The form field of a content key (``question:7`` → ``question_7``)."""
        return key.replace(":", "_")


def _is_new_file(value) -> bool:
    """An upload (or its checked copy), not the file already stored."""
    return isinstance(value, File) and not isinstance(value, FieldFile)


def question_form_field(question) -> forms.Field:
    common = {"label": question.text, "help_text": question.help_text, "required": False}
    if question.kind == QuestionKind.BOOLEAN:
        return forms.BooleanField(**common)
    if question.kind == QuestionKind.CHOICE:
        choices = [("", "—"), *((option, option) for option in question.options)]
        return forms.ChoiceField(choices=choices, **common)
    if question.kind == QuestionKind.FILE:
        return forms.FileField(**common)
    return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **common)


def initial_answer(submission, question):
    answer = next((a for a in submission.answers.all() if a.question_id == question.pk), None)
    if answer is None:
        return None
    if question.kind == QuestionKind.BOOLEAN:
        return answer.value == YES
    if question.kind == QuestionKind.FILE:
        return answer.file or None
    return answer.value


def answer_text(question, value) -> str:
    if question.kind == QuestionKind.BOOLEAN:
        return YES if value else ""
    return (value or "").strip() if isinstance(value, str) else str(value or "")


class SubmissionFilterForm(TextRulesMixin, forms.Form):
    """Filters of the organizers' list; every field is optional."""

    q = forms.CharField(
        label="Search",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "Title, speaker or email"}),
    )
    track = forms.ModelChoiceField(
        queryset=Track.objects.none(), required=False, empty_label="All tracks"
    )
    session_type = forms.ModelChoiceField(
        queryset=SessionType.objects.none(), required=False, empty_label="All types"
    )
    state = forms.ChoiceField(choices=[("", "All states"), *SubmissionState.choices],
                              required=False)  # fmt: skip

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = event.tracks.all()
        self.fields["session_type"].queryset = event.session_types.all()

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"track": data["track"], "session_type": data["session_type"],
                "state": data["state"], "query": data["q"].strip()}  # fmt: skip


class InviteSpeakerForm(TextRulesMixin, forms.Form):
    email = forms.EmailField(label="Co-speaker's email")
