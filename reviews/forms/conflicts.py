from django import forms
from django.core.exceptions import ValidationError

from conf_portal.forms import TextRulesMixin

from ..enums import ConflictReason
from ..services.conflicts import (
    clear_detected_conflict,
    declarable_members,
    declare_author_conflict,
    remove_chair_decision,
    set_chair_conflict,
)

CLEARED = "cleared"


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return f"{user.public_name} — {user.affiliation}" if user.affiliation else user.public_name


class AuthorConflictForm(TextRulesMixin, forms.Form):
    """Authors name the committee members who should not review their proposal."""

    members = MemberChoiceField(
        label="Committee members",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Pick at least one committee member."},
    )
    reason = forms.CharField(
        label="Reason (optional)",
        max_length=300,
        required=False,
        help_text="Only the chairs see it, e.g. “PhD advisor” or “same lab until 2025”.",
    )

    def __init__(self, *args, submission, exclude_ids=(), query="", **kwargs):
        super().__init__(*args, **kwargs)
        self.submission = submission
        members = declarable_members(submission.event).exclude(pk__in=exclude_ids)
        members = members.exclude(speaker_roles__submission=submission)
        if query:
            members = members.filter(name__icontains=query) | members.filter(
                affiliation__icontains=query
            )
        self.fields["members"].queryset = members

    def save(self, *, declared_by) -> int:
        saved = 0
        for user in self.cleaned_data["members"]:
            try:
                declare_author_conflict(
                    submission=self.submission,
                    user=user,
                    reason=self.cleaned_data["reason"],
                    declared_by=declared_by,
                )
            except ValidationError as error:
                self.add_error("members", error)
            else:
                saved += 1
        return saved


class ConflictFilterForm(TextRulesMixin, forms.Form):
    """Filters of the chairs' conflict list; every field is optional."""

    q = forms.CharField(
        label="Proposal",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "Title", "type": "search"}),
    )
    member = forms.ModelChoiceField(queryset=None, required=False, empty_label="All members")
    reason = forms.ChoiceField(
        choices=[("", "All reasons"), *ConflictReason.choices, (CLEARED, "Cleared by a chair")],
        required=False,
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members


class ChairConflictForm(TextRulesMixin, forms.Form):
    """A chair marks a member as conflicted with a proposal."""

    submission = forms.ModelChoiceField(
        label="Proposal", queryset=None, empty_label="Choose a proposal"
    )
    user = forms.ModelChoiceField(
        label="Committee member", queryset=None, empty_label="Choose a member"
    )
    reason = forms.CharField(label="Reason", max_length=300, required=False)

    def __init__(self, *args, submissions, members, **kwargs):
        super().__init__(*args, prefix="add", **kwargs)
        self.fields["submission"].queryset = submissions
        self.fields["submission"].label_from_instance = lambda submission: submission.title
        self.fields["user"].queryset = members

    def save(self, *, set_by):
        try:
            return set_chair_conflict(
                submission=self.cleaned_data["submission"],
                user=self.cleaned_data["user"],
                reason=self.cleaned_data["reason"],
                set_by=set_by,
            )
        except ValidationError as error:
            self.add_error("user", error)
            return None


class ConflictDecisionForm(TextRulesMixin, forms.Form):
    """Clear a pair's detected conflict with a note, or undo a chair's decision on the pair."""

    CLEAR, UNDO = "clear", "undo"

    action = forms.ChoiceField(choices=[(CLEAR, CLEAR), (UNDO, UNDO)])
    submission = forms.ModelChoiceField(queryset=None)
    user = forms.ModelChoiceField(queryset=None)
    note = forms.CharField(max_length=300, required=False)

    def __init__(self, *args, submissions, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission"].queryset = submissions
        self.fields["user"].queryset = members

    def clean(self):
        data = super().clean()
        if data.get("action") == self.CLEAR and not data.get("note", "").strip():
            self.add_error("note", "Say why this is not a conflict.")
        return data

    def save(self, *, decided_by) -> bool:
        data = self.cleaned_data
        try:
            if data["action"] == self.CLEAR:
                clear_detected_conflict(
                    submission=data["submission"],
                    user=data["user"],
                    note=data["note"],
                    cleared_by=decided_by,
                )
            else:
                remove_chair_decision(
                    submission=data["submission"], user=data["user"], by=decided_by
                )
        except ValidationError as error:
            self.add_error("note", error)
            return False
        return True

    def pair(self) -> tuple[int, int] | None:
        try:
            return int(self.data.get("submission")), int(self.data.get("user"))
        except (TypeError, ValueError):
            return None
