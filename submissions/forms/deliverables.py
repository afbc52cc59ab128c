from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from conf_portal.forms import TextRulesMixin

from ..enums import DeliverableFormat
from ..models import Deliverable, DeliverableRequirement, Submission
from ..services.deliverables import (
    MAX_PDF_BYTES,
    DeliverableItem,
    check_deliverable_file,
    lower_first,
    save_deliverable,
)
from ..validators import MAX_PAPER_BYTES, page_rule

PDF = {"accept": "application/pdf"}
LINK_INVALID = "Enter a full web address, e.g. https://github.com/you/tutorial."


def _file_help(requirement: DeliverableRequirement) -> str:
    if requirement.format == DeliverableFormat.PAPER_PDF:
        rule = page_rule(requirement.session_type)
        return f"PDF, at most {MAX_PAPER_BYTES // 2**20} MB, {rule}."
    return f"PDF, at most {MAX_PDF_BYTES // 2**20} MB."


class DeliverableForm(TextRulesMixin, forms.Form):
    """The one input a requirement's format asks for: a PDF, a Markdown text or a link.

    Prefixed with the requirement, so that several of these forms live on one page.
    """

    def __init__(self, *args, item: DeliverableItem, submission: Submission, **kwargs):
        self.item = item
        self.requirement = item.requirement
        self.submission = submission
        super().__init__(*args, prefix=f"requirement-{self.requirement.pk}", **kwargs)
        self.fields[self.value_field] = self._make_field(item.deliverable)

    @property
    def value_field(self) -> str:
        return {
            DeliverableFormat.PAPER_PDF: "file",
            DeliverableFormat.PDF: "file",
            DeliverableFormat.TEXT: "text",
            DeliverableFormat.LINK: "link",
        }[self.requirement.format]

    def _make_field(self, current: Deliverable | None) -> forms.Field:
        label = self.requirement.title
        title = lower_first(label)
        if self.value_field == "file":
            return forms.FileField(
                label=f"{label} (PDF file)",
                widget=forms.FileInput(attrs=PDF),
                help_text=_file_help(self.requirement),
                error_messages={"required": "Choose a PDF file to upload."},
            )
        if self.value_field == "text":
            return forms.CharField(
                label=f"{label} (Markdown)",
                error_messages={"required": f"Write the {title} first."},
                initial=current.text if current else "",
                widget=forms.Textarea(attrs={"rows": 10, "data-markdown-preview": ""}),
                strip=False,
            )
        return forms.URLField(
            label=f"{label}: web address",
            error_messages={"required": "Enter the web address.", "invalid": LINK_INVALID},
            initial=current.link if current else "",
            assume_scheme="https",
            max_length=500,
            widget=forms.URLInput(attrs={"placeholder": "https://github.com/…"}),
        )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            check_deliverable_file(self.requirement, upload)
        return upload

    def save(self, *, by) -> Deliverable | None:
        """Hand the value to the service; its refusals end up next to the field or on the form."""
        try:
            return save_deliverable(
                submission=self.submission, requirement=self.requirement, by=by,
                **{self.value_field: self.cleaned_data[self.value_field]},
            )  # fmt: skip
        except ValidationError as error:
            self.add_error(None, error)  # a dict of errors lands next to its fields
            return None
