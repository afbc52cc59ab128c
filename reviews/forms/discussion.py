from django import forms
from django.core.exceptions import ValidationError

from conf_portal.forms import TextRulesMixin

from ..services.discussion import MAX_COMMENT_LENGTH, post_comment


class DiscussionCommentForm(TextRulesMixin, forms.Form):
    """A committee member's comment on a proposal; only the committee reads it."""

    text = forms.CharField(
        label="Your comment",
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "data-markdown-preview": ""}),
        help_text="Only the proposal's chairs and reviewers read the discussion, never the "
        "authors or anyone in conflict with it.",
        error_messages={"required": "Write a comment first."},
    )

    def __init__(self, *args, submission, author, **kwargs):
        super().__init__(*args, **kwargs)
        self.submission = submission
        self.author = author

    def save(self):
        """Post the comment; None (with the error on the field) when the service refuses it."""
        try:
            return post_comment(
                submission=self.submission, author=self.author, text=self.cleaned_data["text"]
            )
        except ValidationError as error:
            self.add_error("text", error)
            return None
