from django import forms
from django.core.exceptions import ValidationError

from conf_portal.forms import TextRulesMixin
from submissions.validators import validate_word_limit

from ..enums import Decision
from ..services.responses import save_author_response, save_meta_review


class AuthorResponseForm(TextRulesMixin, forms.Form):
    text = forms.CharField(
        label="Your response",
        widget=forms.Textarea(attrs={"rows": 10, "data-markdown-preview": ""}),
        error_messages={"required": "Write your response before saving it."},
    )

    def __init__(self, *args, submission, word_limit: int | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.submission = submission
        self.word_limit = word_limit
        field = self.fields["text"]
        if word_limit:
            field.widget.attrs["data-word-limit"] = word_limit
            field.help_text = (
                f"At most {word_limit} words. Answer factual errors and the reviewers' questions; "
                "the committee reads it before deciding."
            )

    def clean_text(self):
        text = self.cleaned_data["text"]
        validate_word_limit(text, self.word_limit, field_label="Your response")
        return text

    def save(self, *, by):
        """Save through the service; a refusal (e.g. the deadline passed) becomes a form error."""
        try:
            return save_author_response(
                submission=self.submission, by=by, text=self.cleaned_data["text"]
            )
        except ValidationError as error:
            self.add_error("text", error)
            return None


class MetaReviewForm(TextRulesMixin, forms.Form):
    recommendation = forms.ChoiceField(
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose accept, reject or waitlist."},
    )
    text = forms.CharField(
        label="Your meta-review",
        widget=forms.Textarea(attrs={"rows": 10, "data-markdown-preview": ""}),
        help_text="Summarise the reviews, the discussion and the authors' response. The authors "
        "read it with the decision; reviewers are never named in it unless the event reviews in "
        "the open.",
        error_messages={"required": "Write the meta-review before saving it."},
    )

    def __init__(self, *args, submission, **kwargs):
        super().__init__(*args, **kwargs)
        self.submission = submission

    def save(self, *, by):
        try:
            return save_meta_review(
                submission=self.submission,
                by=by,
                text=self.cleaned_data["text"],
                recommendation=self.cleaned_data["recommendation"],
            )
        except ValidationError as error:
            self.add_error(None, error)
            return None
