from django import forms

from accounts.forms import OrcidField
from conf_portal.forms import TextRulesMixin

from ..models import CoAuthor, SpeakerProfile


class CoAuthorForm(TextRulesMixin, forms.ModelForm):
    orcid = OrcidField()

    class Meta:
        model = CoAuthor
        fields = ["name", "affiliation", "orcid", "email"]
        labels = {"name": "Full name"}


class SpeakerBioForm(TextRulesMixin, forms.ModelForm):
    class Meta:
        model = SpeakerProfile
        fields = ["bio"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 8, "data-markdown-preview": ""})}
        help_texts = {
            "bio": "Markdown. Past experience as a speaker or teacher, with links to videos if "
            "you have them. Leave it empty to use the bio of your account profile."
        }
