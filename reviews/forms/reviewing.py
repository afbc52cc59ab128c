"""The form a reviewer fills in: built from the proposal's review form."""

from django import forms
from django.core.exceptions import ValidationError

from conf_portal.forms import TextRulesMixin

from ..services.reviewing import save_review

DRAFT, SUBMIT = "draft", "submit"


def scale_choices(low: int, high: int, labels: dict) -> list[tuple[int, str]]:
    return [
        (value, f"{value} · {labels[str(value)]}" if str(value) in labels else str(value))
        for value in range(low, high + 1)
    ]


class ReviewEntryForm(TextRulesMixin, forms.Form):
    """Criteria (``criterion_<pk>``), overall score, confidence and the two comments.

    Nothing is required to save a draft; the service checks the required answers on submit."""

    comments_to_authors = forms.CharField(
        label="Comments to the authors",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "data-markdown-preview": ""}),
        help_text="Markdown. The authors read this with the decision.",
    )
    confidential_comments = forms.CharField(
        label="Confidential comments to the committee",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "data-markdown-preview": ""}),
        help_text="Markdown. Only the chairs and the other reviewers read this, never the authors.",
    )

    def __init__(self, *args, review_form, criteria, review=None, **kwargs):
        self.review_form, self.criteria, self.review = review_form, criteria, review
        kwargs["initial"] = {**kwargs.get("initial", {}), **self._initial(review)}
        super().__init__(*args, **kwargs)
        fields = {}
        for criterion in criteria:
            fields[f"criterion_{criterion.pk}"] = self._scale(
                criterion.name,
                scale_choices(criterion.min_value, criterion.max_value, criterion.labels),
                criterion.help_text,
                criterion.required,
            )
        fields["overall"] = self._scale(
            "Overall score",
            scale_choices(
                review_form.overall_min, review_form.overall_max, review_form.overall_labels
            ),
            "Your recommendation for this proposal.",
            True,
        )
        fields["confidence"] = self._scale(
            "Confidence",
            scale_choices(1, review_form.confidence_max, review_form.confidence_labels),
            "How well you know the topic.",
            True,
        )
        self.fields = {**fields, **self.fields}

    @staticmethod
    def _scale(label, choices, help_text, needed):
        field = forms.TypedChoiceField(
            label=label,
            choices=choices,
            coerce=int,
            required=False,
            empty_value=None,
            widget=forms.RadioSelect,
            help_text=help_text,
        )
        field.needed = needed  # required to submit, shown with an asterisk
        return field

    @staticmethod
    def _initial(review):
        if review is None:
            return {}
        initial = {
            "overall": review.overall,
            "confidence": review.confidence,
            "comments_to_authors": review.comments_to_authors,
            "confidential_comments": review.confidential_comments,
        }
        initial.update({f"criterion_{s.criterion_id}": s.value for s in review.scores.all()})
        return initial

    def review_data(self) -> dict:
        data = self.cleaned_data
        return {
            "overall": data.get("overall"),
            "confidence": data.get("confidence"),
            "comments_to_authors": data.get("comments_to_authors", ""),
            "confidential_comments": data.get("confidential_comments", ""),
            "scores": {
                criterion.pk: data[f"criterion_{criterion.pk}"]
                for criterion in self.criteria
                if data.get(f"criterion_{criterion.pk}") is not None
            },
        }

    def save(self, *, submission, reviewer, submit: bool):
        """The saved review, or None with the service's errors next to their fields."""
        try:
            return save_review(
                submission=submission, reviewer=reviewer, data=self.review_data(), submit=submit
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.error_dict.items():
                    self.add_error(name if name in self.fields else None, errors)
            else:
                self.add_error(None, error)
            return None
