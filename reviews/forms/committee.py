import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from conf_portal.forms import TextRulesMixin

from ..models import INVITABLE_ROLES
from ..services.committee import (
    invite_committee_members,
    normalize_keywords,
    save_reviewer_profile,
    update_member_scope,
)

ADDRESS_SEPARATORS = re.compile(r"[\s,;]+")
MAX_INVITES = 200


def split_emails(text: str) -> list[str]:
    return [part for part in ADDRESS_SEPARATORS.split(text) if part]


class TrackScopeField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, event, **kwargs):
        kwargs.setdefault("label", "Tracks")
        kwargs.setdefault("help_text", "Tick none for the whole event.")
        super().__init__(queryset=event.tracks.all(), required=False, **kwargs)


class CommitteeInviteForm(TextRulesMixin, forms.Form):
    emails = forms.CharField(
        label="Email addresses",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One per line, or separated by commas.",
    )
    role = forms.ChoiceField(
        choices=INVITABLE_ROLES, initial=INVITABLE_ROLES[0][0], widget=forms.RadioSelect
    )
    message = forms.CharField(
        label="Personal message",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional; included in the email.",
    )

    def __init__(self, *args, event, by, **kwargs):
        super().__init__(*args, **kwargs)
        self.event, self.by = event, by
        self.fields["tracks"] = TrackScopeField(event)
        self.order_fields(["emails", "role", "tracks", "message"])

    def clean_emails(self) -> list[str]:
        emails = split_emails(self.cleaned_data["emails"])
        invalid = []
        for email in emails:
            try:
                validate_email(email)
            except ValidationError:
                invalid.append(email)
        if invalid:
            raise ValidationError(f"Not valid email addresses: {', '.join(invalid)}.")
        if len(emails) > MAX_INVITES:
            raise ValidationError(f"Invite at most {MAX_INVITES} people at once.")
        return emails

    def save(self):
        try:
            return invite_committee_members(
                event=self.event,
                emails=self.cleaned_data["emails"],
                role=self.cleaned_data["role"],
                tracks=self.cleaned_data["tracks"],
                message=self.cleaned_data["message"],
                by=self.by,
            )
        except ValidationError as error:
            self.add_error(None, error)
            return None


class MemberScopeForm(TextRulesMixin, forms.Form):
    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership
        self.fields["tracks"] = TrackScopeField(membership.event)

    def save(self):
        try:
            return update_member_scope(
                membership=self.membership, tracks=self.cleaned_data["tracks"]
            )
        except ValidationError as error:
            self.add_error(None, error)
            return None


class DeclineForm(TextRulesMixin, forms.Form):
    reason = forms.CharField(
        label="Reason (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Passed on to whoever invited you.",
    )


class ReviewerProfileForm(TextRulesMixin, forms.Form):
    keywords = forms.CharField(
        required=False,
        max_length=500,
        help_text="Comma-separated, e.g. “GPU, MPI, numerical linear algebra”.",
    )
    expertise = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "data-markdown-preview": ""}),
        help_text="A few sentences about what you know well: methods, tools, application areas.",
    )
    affiliation = forms.CharField(
        label="Current affiliation",
        required=False,
        max_length=200,
        help_text="Saved to your account, as authors see it.",
    )
    other_affiliations = forms.CharField(
        label="Other affiliations in the last three years",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line.",
    )
    max_load = forms.IntegerField(
        label="Most proposals you can review",
        required=False,
        min_value=1,
        max_value=500,
        help_text="Leave empty to let the chairs decide.",
    )
    activity_emails = forms.BooleanField(
        label="Email me about new comments and author responses",
        required=False,
        initial=True,
        help_text="On the proposals you review or chair. The email says where to look, "
        "never what was written.",
    )

    def __init__(self, *args, event, user, profile=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event, self.user = event, user
        if profile is not None:
            for name in (
                "keywords", "expertise", "other_affiliations", "max_load", "activity_emails"
            ):  # fmt: skip
                self.fields[name].initial = getattr(profile, name)
        self.fields["affiliation"].initial = user.affiliation

    def clean_keywords(self) -> str:
        keywords = normalize_keywords(self.cleaned_data["keywords"])
        if len(keywords) > 500:
            raise ValidationError("Keep the keywords under 500 characters.")
        return keywords

    def save(self):
        return save_reviewer_profile(event=self.event, user=self.user, **self.cleaned_data)
