from django import forms

from conf_portal.fields import WebsiteField
from conf_portal.forms import TextRulesMixin

from ..validators import checked_resource


class ResourceForm(TextRulesMixin, forms.Form):
    """A file (checked by its content) or a link, with a title."""

    title = forms.CharField(max_length=200, help_text="e.g. “Tutorial notebooks” or “Slides”.")
    file = forms.FileField(
        required=False,
        help_text="PDF, image, ZIP, slides or a text file such as a notebook; at most 16 MB.",
    )
    link = WebsiteField(max_length=500).formfield(
        required=False, help_text="Or a link, e.g. to a repository."
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        return checked_resource(upload) if upload else None

    def clean(self):
        cleaned = super().clean()
        has_file, has_link = bool(cleaned.get("file")), bool(cleaned.get("link"))
        if not self.errors and has_file == has_link:
            self.add_error(
                "link" if has_link else "file", "Upload a file or give a link, not both."
                if has_file else "Upload a file or give a link."
            )  # fmt: skip
        return cleaned
