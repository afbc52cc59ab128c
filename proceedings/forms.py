"""The proceedings settings and the chair's request for changes."""

import re
import string

from django import forms
from django.core.exceptions import ValidationError

from conf_portal.forms import TextRulesMixin

from .models import ProceedingsSettings
from .selectors import paper_requirements
from .services import save_settings

DOI_PLACEHOLDERS = ("prefix", "event", "year", "id")
# What a DOI suffix may hold besides placeholders (Crossref's recommended characters).
DOI_SUFFIX_CHARACTERS = re.compile(r"^[A-Za-z0-9\-._;()/:]*$")


def validate_doi_pattern(pattern: str) -> None:
    """{prefix}/ then a suffix that tells papers apart ({id}); known placeholders. A DOI is
    permanent, so nothing that changes when papers are added or reordered ({number}, the place
    in the volume) may be part of it."""
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError as error:
        raise ValidationError(
            "A brace is not closed or not opened: write placeholders as {id}."
        ) from error
    names = [name for _, name, _, _ in parts if name is not None]
    if "number" in names:
        raise ValidationError(
            "Remove {number}: a paper's place in the volume changes when papers are added or "
            "reordered, but a DOI is permanent. Use {id} (the proposal's number) instead."
        )
    unknown = sorted({name for name in names if name not in DOI_PLACEHOLDERS})
    if unknown:
        listed = ", ".join(f"{{{name}}}" for name in unknown)
        known = ", ".join(f"{{{name}}}" for name in DOI_PLACEHOLDERS)
        raise ValidationError(f"Unknown placeholder {listed}. Use {known}.")
    if any(spec or conversion for _, name, spec, conversion in parts if name is not None):
        raise ValidationError("Write placeholders plainly, e.g. {id}, without : or !.")
    if not pattern.startswith("{prefix}/"):
        raise ValidationError("A DOI starts with your prefix: begin the pattern with {prefix}/.")
    if "id" not in names:
        raise ValidationError("Include {id} so that every paper gets its own, permanent DOI.")
    literal = "".join(text for text, _, _, _ in parts)
    if not DOI_SUFFIX_CHARACTERS.match(literal):
        raise ValidationError(
            "Use only letters, digits and - . _ ; ( ) / : between the placeholders."
        )


def validate_isbn(value: str) -> None:
    """An ISBN-13 (or ISBN-10) with a correct check digit; hyphens and spaces allowed."""
    digits = re.sub(r"[\s-]", "", value).upper()
    if len(digits) == 13 and digits.isdigit():
        total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits))
        valid = total % 10 == 0
    elif len(digits) == 10 and digits[:9].isdigit() and (digits[9].isdigit() or digits[9] == "X"):
        values = [int(d) for d in digits[:9]] + [10 if digits[9] == "X" else int(digits[9])]
        valid = sum((10 - i) * v for i, v in enumerate(values)) % 11 == 0
    else:
        raise ValidationError("An ISBN has 13 digits (or 10), e.g. 978-1-23456-789-7.")
    if not valid:
        raise ValidationError(
            "This ISBN's check digit is wrong; copy it again from your publisher."
        )


class ProceedingsSettingsForm(TextRulesMixin, forms.ModelForm):
    class Meta:
        model = ProceedingsSettings
        fields = [
            "title", "editors", "publisher", "isbn", "paper_size", "preface", "order",
            "requirement", "doi_prefix", "doi_pattern", "depositor_name", "depositor_email",
        ]  # fmt: skip
        widgets = {
            "editors": forms.Textarea(attrs={"rows": 3}),
            "preface": forms.Textarea(attrs={"rows": 10, "data-markdown-preview": ""}),
            "paper_size": forms.RadioSelect,
            "order": forms.RadioSelect,
        }
        labels = {"requirement": "Camera-ready deliverable", "depositor_name": "Depositor name",
                  "depositor_email": "Depositor email"}  # fmt: skip
        help_texts = {
            "title": "Empty: “Proceedings of” and the event's name.",
            "requirement": "The paper PDF that goes into the volume. Empty: each session type's "
            "paper PDF due at the camera-ready deadline.",
            "depositor_name": "Who Crossref writes to about the deposit (with the email).",
            "isbn": "Optional, e.g. 978-1-23456-789-7.",
            "preface": "Printed after the committee, before the contents.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["requirement"]
        field.queryset = paper_requirements(self.instance.event)
        field.label_from_instance = lambda r: f"{r.title} ({r.session_type.name})"
        field.empty_label = "Each paper type's camera-ready paper"

    def clean_doi_pattern(self):
        pattern = self.cleaned_data["doi_pattern"].strip()
        validate_doi_pattern(pattern)
        return pattern

    def clean_isbn(self):
        isbn = self.cleaned_data["isbn"].strip()
        if isbn:
            validate_isbn(isbn)
        return isbn

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("doi_prefix"):
            for name in ("depositor_name", "depositor_email"):
                if name in cleaned and not cleaned[name]:
                    self.add_error(name, "Crossref needs the depositor's name and email for DOIs.")
        return cleaned

    def save(self, commit=True):
        return save_settings(settings=self.instance)


class RequestChangesForm(TextRulesMixin, forms.Form):
    note = forms.CharField(
        label="What should the authors change?",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Emailed to the speakers with the checks' findings and the upload link.",
    )
