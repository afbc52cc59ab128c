"""Organizers' forms for the review settings and the review forms."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html

from conf_portal.forms import TextRulesMixin

from ..models import ReviewCriterion, ReviewForm, ReviewSettings
from ..services.review_setup import (
    criterion_has_scores,
    form_has_reviews,
    save_criterion,
    save_review_form,
)

LABELS_HELP = format_html(
    "One per line, as <code>{}</code>, e.g. <code>{}</code>.", "value: label", "1: Strong reject"
)


def parse_labels(text: str) -> dict[str, str]:
    """``value: label`` lines into {"value": "label"}; errors name the offending line."""
    labels, errors = {}, []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        value, colon, label = line.partition(":")
        value, label = value.strip(), label.strip()
        if not colon or not value.lstrip("-").isdigit() or not label:
            errors.append(f"Line {number}: write a whole number, a colon and a label.")
        elif str(int(value)) in labels:
            errors.append(f"Line {number}: {int(value)} has a label already.")
        else:
            labels[str(int(value))] = label
    if errors:
        raise ValidationError(errors)
    return labels


def format_labels(labels: dict) -> str:
    return "\n".join(f"{value}: {labels[value]}" for value in sorted(labels, key=int))


def check_labels_in_scale(labels: dict, low: int, high: int) -> None:
    outside = [value for value in labels if not low <= int(value) <= high]
    if outside:
        raise ValidationError(
            f"{', '.join(sorted(outside, key=int))} outside the scale from {low} to {high}."
        )


class LabelsField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 5})

    def __init__(self, **kwargs):
        super().__init__(required=False, help_text=LABELS_HELP, **kwargs)

    def prepare_value(self, value):
        return format_labels(value) if isinstance(value, dict) else value

    def to_python(self, value):
        return parse_labels(super().to_python(value) or "")


class ReviewSettingsForm(TextRulesMixin, forms.ModelForm):
    class Meta:
        model = ReviewSettings
        fields = [
            "mode",
            "others_after_own",
            "author_response",
            "response_word_limit",
            "meta_review",
        ]
        widgets = {"mode": forms.RadioSelect}
        labels = {
            "mode": "Review mode",
            "author_response": "Author response round",
            "response_word_limit": "Word limit of a response",
            "meta_review": "Meta-reviews by track chairs",
        }

    def clean_response_word_limit(self):
        limit = self.cleaned_data["response_word_limit"]
        if limit < 50:
            raise ValidationError("Allow at least 50 words.")
        return limit


class ScaleLockMixin:
    """Disables the scale fields once reviews use them, with the reason next to them."""

    scale_fields: tuple[str, ...] = ()
    locked_help = "Locked: submitted and draft reviews already use this scale."

    def lock_scales(self, locked: bool) -> None:
        self.scales_locked = locked
        for name in self.scale_fields if locked else ():
            self.fields[name].disabled = True
            self.fields[name].help_text = self.locked_help


class ReviewFormForm(TextRulesMixin, ScaleLockMixin, forms.ModelForm):
    overall_labels = LabelsField(label="Overall score labels")
    confidence_labels = LabelsField(label="Confidence labels")
    scale_fields = ("overall_min", "overall_max", "confidence_max")

    class Meta:
        model = ReviewForm
        fields = [
            "name",
            "track",
            "session_type",
            "overall_min",
            "overall_max",
            "overall_labels",
            "confidence_max",
            "confidence_labels",
        ]
        labels = {
            "overall_min": "Overall score from",
            "overall_max": "Overall score to",
            "confidence_max": "Confidence from 1 to",
        }

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.event = event
        self.fields["track"].queryset = event.tracks.all()
        self.fields["track"].empty_label = "Every track"
        self.fields["session_type"].queryset = event.session_types.all()
        self.fields["session_type"].empty_label = "Every session type"
        self.lock_scales(form_has_reviews(self.instance))

    def clean(self):
        data = super().clean()
        low, high = data.get("overall_min"), data.get("overall_max")
        if low is not None and high is not None:
            if low >= high:
                self.add_error("overall_max", "Must be above the lowest score.")
            elif "overall_labels" in data:
                self._labels_in_scale("overall_labels", low, high)
        confidence = data.get("confidence_max")
        if confidence is not None and confidence < 2:
            self.add_error("confidence_max", "Give reviewers at least two levels.")
        elif confidence is not None and "confidence_labels" in data:
            self._labels_in_scale("confidence_labels", 1, confidence)
        return data

    def _labels_in_scale(self, name, low, high):
        try:
            check_labels_in_scale(self.cleaned_data[name], low, high)
        except ValidationError as error:
            self.add_error(name, error)

    def validate_unique(self):
        form = self.instance
        taken = ReviewForm.objects.filter(
            event=form.event, track=form.track, session_type=form.session_type
        ).exclude(pk=form.pk)
        if taken.exists():
            self.add_error(
                "track", "This event has a form for this track and session type already."
            )

    def save(self, commit=True):
        try:
            return save_review_form(form=self.instance)
        except ValidationError as error:
            self._update_errors(error)
            return None


class ReviewCriterionForm(TextRulesMixin, ScaleLockMixin, forms.ModelForm):
    labels = LabelsField(label="Labels")
    scale_fields = ("min_value", "max_value")
    locked_help = "Locked: reviews already scored this question."

    class Meta:
        model = ReviewCriterion
        fields = ["name", "help_text", "min_value", "max_value", "labels", "required"]
        labels = {
            "name": "Question",
            "help_text": "Guidance for reviewers",
            "min_value": "Scale from",
            "max_value": "Scale to",
            "required": "Required to submit a review",
        }

    def __init__(self, *args, review_form, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.form = review_form
        self.lock_scales(criterion_has_scores(self.instance))

    def clean(self):
        data = super().clean()
        low, high = data.get("min_value"), data.get("max_value")
        if low is not None and high is not None:
            if low >= high:
                self.add_error("max_value", "Must be above the lowest value.")
            elif "labels" in data:
                try:
                    check_labels_in_scale(data["labels"], low, high)
                except ValidationError as error:
                    self.add_error("labels", error)
        return data

    def validate_unique(self):
        pass

    def save(self, commit=True):
        try:
            return save_criterion(criterion=self.instance)
        except ValidationError as error:
            self._update_errors(error)
            return None
