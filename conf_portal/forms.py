"""Rules every form of the portal applies to text, through ``TextRulesMixin``:

- a single-line field (a ``CharField`` whose widget is not a ``Textarea``: titles, names,
  affiliations, subjects, one-line answers…) refuses control characters (Unicode category Cc:
  CR, LF, TAB, NUL, ESC…), the line and paragraph separators and the bidi embedding, override
  and isolate characters, which can hide or reorder text;
- a multi-line field (Markdown texts, email bodies, lists) is capped: ``MULTI_LINE_CAPS`` by
  field name, else ``LONG_TEXT_CHARS``, unless the field sets a smaller ``max_length``.

Errors land next to the field, like any other validation error.
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError

SHORT_TEXT_CHARS = 5_000  # about 800 words: abstracts, bios, answers, short statements
LONG_TEXT_CHARS = 20_000  # about 3,000 words: descriptions, outlines, reviews, emails
SINGLE_LINE_CHARS = 1_000  # single-line fields with no max_length of their own (searches)

MULTI_LINE_CAPS = {
    "abstract": SHORT_TEXT_CHARS,
    "bio": SHORT_TEXT_CHARS,
    "expertise": SHORT_TEXT_CHARS,
    "ai_statement": SHORT_TEXT_CHARS,
    "other_affiliations": SHORT_TEXT_CHARS,
    "help_text": SHORT_TEXT_CHARS,
}
QUESTION_PREFIX = "question_"  # custom questions' answers on the proposal form
LARGEST_TEXT_CHARS = max(LONG_TEXT_CHARS, *MULTI_LINE_CAPS.values())

# Cc (U+0000–U+001F, U+007F–U+009F), U+2028/U+2029, and U+202A–U+202E, U+2066–U+2069.
FORBIDDEN_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
LINE_BREAKS = {"\n", "\r", "\x0b", "\x0c", "\x85", "\u2028", "\u2029"}


def _describe(char: str) -> str:
    if char in LINE_BREAKS:
        return "the line break"
    if char == "\t":
        return "the tab"
    name = unicodedata.name(char, "control character")
    return f"the invisible character U+{ord(char):04X} ({name.lower()})"


def validate_single_line(value) -> None:
    """Refuse line breaks, tabs and invisible control characters in a one-line value."""
    if not isinstance(value, str):
        return
    found = FORBIDDEN_IN_LINE.search(value)
    if found:
        raise ValidationError(
            "This field is a single line: remove %(what)s.",
            code="control_character",
            params={"what": _describe(found.group())},
        )


class TextCap:
    """A length cap with a message that says how much to cut (strings only: some fields, such
    as the review forms' labels, clean to other types)."""

    def __init__(self, limit: int):
        self.limit = limit

    def __call__(self, value) -> None:
        if isinstance(value, str) and len(value) > self.limit:
            raise ValidationError(
                "This is too long: at most %(limit)s characters, and it has %(length)s. "
                "Shorten it to save.",
                code="max_length",
                params={"limit": f"{self.limit:,}", "length": f"{len(value):,}"},
            )

    def __eq__(self, other):
        return isinstance(other, TextCap) and other.limit == self.limit


def multi_line_cap(name: str, field: forms.Field) -> int:
    if name.startswith(QUESTION_PREFIX):
        cap = SHORT_TEXT_CHARS
    else:
        cap = MULTI_LINE_CAPS.get(name, LONG_TEXT_CHARS)
    return min(cap, field.max_length) if field.max_length else cap


def text_validators(name: str, field: forms.Field) -> list:
    """The validators the rules above add to one field (none for other kinds of field)."""
    if not isinstance(field, forms.CharField) or field.disabled:
        return []
    widget = field.widget
    if isinstance(widget, forms.Textarea):
        return [TextCap(multi_line_cap(name, field))]
    if isinstance(widget, forms.HiddenInput | forms.PasswordInput):
        return []  # not typed in; passwords are the login's business
    cap = [] if field.max_length else [TextCap(SINGLE_LINE_CHARS)]
    return [validate_single_line, *cap]


class TextRulesMixin:
    """Mix into every form (first base): applies ``text_validators`` to its fields, including
    those added in ``__init__``, just before validation."""

    def full_clean(self):
        for name, field in self.fields.items():
            missing = [v for v in text_validators(name, field) if v not in field.validators]
            field.validators = [*field.validators, *missing]
        super().full_clean()
