"""The organizers' forms for their event's custom questions."""

from django import forms
from django.core.exceptions import ValidationError

from conf_portal.forms import TextRulesMixin

from ..enums import QuestionKind
from ..models import Question
from ..services.questions import (
    answers_phrase,
    clean_options,
    create_question,
    option_usage,
    update_question,
    validate_question,
)


class QuestionForm(TextRulesMixin, forms.ModelForm):
    """Add or edit one question of ``event``; the services keep the answers given so far valid."""

    options = forms.CharField(
        label="Options",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For a choice question: one option per line, at least two.",
    )

    class Meta:
        model = Question
        fields = [
            "text", "help_text", "kind", "required", "shown_to_reviewers", "tracks",
            "session_types",
        ]  # fmt: skip
        labels = {
            "required": "Required to submit",
            "shown_to_reviewers": "Shown to reviewers",
            "session_types": "Session types",
        }
        help_texts = {
            "help_text": "Shown under the question on the proposal form.",
            "required": "Authors cannot submit without answering. For a yes/no question this "
            "makes a confirmation checkbox they must tick.",
            "shown_to_reviewers": "Reviewers read the answers with the proposal; otherwise only "
            "the organizers do. In double-blind review, don't show answers that name the authors.",
            "tracks": "None ticked: every track.",
            "session_types": "None ticked: every session type.",
        }
        widgets = {
            "tracks": forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            "session_types": forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        }

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.instance.event = event
        self.fields["tracks"].queryset = event.tracks.all()
        self.fields["session_types"].queryset = event.session_types.all()
        self.fields["kind"].widget.attrs["data-question-kind"] = ""
        self.fields["options"].widget.attrs["data-choice-options"] = ""
        self.initial.setdefault("options", "\n".join(self.instance.options))
        self.order_fields(["text", "help_text", "kind", "options"])
        self.usage = option_usage(self.instance)
        self.answer_count = sum(self.usage.values())
        if self.usage:
            self._explain_what_answers_fix()

    def _explain_what_answers_fix(self) -> None:
        given = answers_phrase(self.answer_count)
        self.fields["kind"].help_text = f"Fixed: proposals already gave {given}."
        if self.instance.kind == QuestionKind.CHOICE:
            chosen = ", ".join(
                f"{option} ({answers_phrase(self.usage[option])})"
                for option in self.instance.options
                if self.usage[option]
            )
            self.fields["options"].help_text += f" Chosen so far, so they stay: {chosen}."

    def _posted_options(self) -> list[str]:
        lines = self.cleaned_data["options"].splitlines()
        return clean_options(self.cleaned_data.get("kind"), lines)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") and "options" in cleaned:
            try:
                validate_question(
                    event=self.event,
                    kind=cleaned["kind"],
                    options=self._posted_options(),
                    tracks=cleaned.get("tracks") or [],
                    session_types=cleaned.get("session_types") or [],
                    question=self.instance if self.instance.pk else None,
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned

    def question_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return {**data, "options": self._posted_options()}

    def save(self, commit=True) -> Question:
        if self.instance.pk:
            return update_question(question=self.instance, **self.question_data())
        return create_question(event=self.event, **self.question_data())


class QuestionDeleteForm(TextRulesMixin, forms.Form):
    """The number of answers the organizer saw on the confirmation page and agreed to lose."""

    confirmed_answers = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
