from django import forms

from .models import User
from .validators import normalize_orcid


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "affiliation", "country", "orcid", "bio"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 6, "data-markdown-preview": ""})}
        help_texts = {
            "bio": "Markdown. Shown as your speaker bio unless you write one for an event.",
        }

    def clean_orcid(self):
        orcid = self.cleaned_data["orcid"]
        return normalize_orcid(orcid) if orcid else ""
