import re

from django.core.exceptions import ValidationError

_WORD = re.compile(r"\S+")


def count_words(text: str | None) -> int:
    return len(_WORD.findall(text or ""))


def validate_word_limit(text: str | None, limit: int | None, *, field_label: str) -> None:
    """The same rule the live counter in the form shows: at most ``limit`` words."""
    if limit is None:
        return
    words = count_words(text)
    if words > limit:
        raise ValidationError(
            f"{field_label} has {words} words; the limit is {limit}. Please shorten it by "
            f"{words - limit} word{'s' if words - limit != 1 else ''}.",
            code="word_limit",
        )
