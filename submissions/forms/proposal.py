from django import forms
from django.core.files.uploadedfile import UploadedFile

from tracks.models import SessionType, Track

from ..enums import SubmissionState
from ..models import Submission
from ..services import fields_for
from ..validators import page_rule, pdf_page_count, validate_page_range

MARKDOWN_FIELDS = {
    "abstract", "description", "notes", "outline", "prerequisites", "installation",
    "additional_info",
}  # fmt: skip


class SubmissionForm(forms.ModelForm):
    """The fields the submission's session type asks for; ``version`` detects concurrent edits."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Submission
        fields = [
            "title", "abstract", "description", "outline", "prerequisites", "installation",
            "python_level", "additional_info", "ai_statement", "paper", "notes",
        ]  # fmt: skip
        widgets = {
            "ai_statement": forms.Textarea(attrs={"rows": 2}),
            "paper": forms.FileInput(attrs={"accept": "application/pdf"}),
        }
        help_texts = {
            "abstract": "Shown in the program.",
            "description": "For the reviewers.",
            "notes": "Only the committee reads these; never shown publicly.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        session_type = self.instance.session_type
        shown = set(fields_for(session_type))
        for name in list(self.fields):
            if name not in shown and name != "version":
                del self.fields[name]
        limits = {
            "abstract": session_type.abstract_word_limit,
            "description": session_type.description_word_limit,
        }
        for name, field in self.fields.items():
            field.required = name == "title"
            if name in MARKDOWN_FIELDS:
                field.widget.attrs.update(rows=8, **{"data-markdown-preview": ""})
            if limits.get(name):
                field.widget.attrs["data-word-limit"] = limits[name]
        if "abstract" in self.fields:
            self.fields["abstract"].widget.attrs["rows"] = 4
        self.initial.setdefault("version", self.instance.version)
        if "paper" in self.fields:
            self.fields["paper"].help_text = f"PDF, at most 10 MB, {page_rule(session_type)}."

    def clean_paper(self):
        paper = self.cleaned_data.get("paper")
        if isinstance(paper, UploadedFile):
            self.paper_pages = pdf_page_count(paper)
            validate_page_range(self.paper_pages, self.instance.session_type)
        return paper

    @property
    def content(self) -> dict:
        """The posted content for the service; the paper only when a new one was uploaded."""
        content = {k: v for k, v in self.cleaned_data.items() if k not in ("version", "paper")}
        if isinstance(self.cleaned_data.get("paper"), UploadedFile):
            content.update(paper=self.cleaned_data["paper"], paper_pages=self.paper_pages)
        return content


class SubmissionFilterForm(forms.Form):
    """Filters of the organizers' list; every field is optional."""

    q = forms.CharField(
        label="Search",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "Title, speaker or email"}),
    )
    track = forms.ModelChoiceField(
        queryset=Track.objects.none(), required=False, empty_label="All tracks"
    )
    session_type = forms.ModelChoiceField(
        queryset=SessionType.objects.none(), required=False, empty_label="All types"
    )
    state = forms.ChoiceField(choices=[("", "All states"), *SubmissionState.choices],
                              required=False)  # fmt: skip

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = event.tracks.all()
        self.fields["session_type"].queryset = event.session_types.all()

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"track": data["track"], "session_type": data["session_type"],
                "state": data["state"], "query": data["q"].strip()}  # fmt: skip


class InviteSpeakerForm(forms.Form):
    email = forms.EmailField(label="Co-speaker's email")
