from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms

from conf_portal.forms import TextRulesMixin

from .models import User
from .validators import normalize_orcid


class OrcidField(forms.CharField):
    """An ORCID iD, typed bare or as its orcid.org link; cleans to ``0000-0000-0000-000X``."""

    def __init__(self, **kwargs):
        kwargs = {
            "label": "ORCID iD", "max_length": 64, "required": False,
            "help_text": "For example 0000-0002-1825-0097, or its https://orcid.org/ link.",
            **kwargs,
        }  # fmt: skip
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return normalize_orcid(value) if value else ""


class ProfileForm(TextRulesMixin, forms.ModelForm):
    orcid = OrcidField()

    class Meta:
        model = User
        fields = ["name", "affiliation", "country", "orcid", "bio"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 6, "data-markdown-preview": ""})}
        help_texts = {
            "bio": "Shown as your speaker bio unless you write one for an event.",
        }


class SignupForm(TextRulesMixin, AllauthSignupForm):
    """allauth's sign-up with the name programs and committees show, asked up front."""

    name = forms.CharField(
        label="Full name", max_length=200, help_text="As it should appear in programs."
    )
    field_order = ["name", "email", "password1", "password2"]

    def save(self, request):
        user = super().save(request)
        user.name = self.cleaned_data["name"].strip()
        user.save(update_fields=["name"])
        return user
