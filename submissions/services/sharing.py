"""Sharing a proposal: the read-only preview link, and what changed between two revisions."""

import difflib
import logging
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst

from ..enums import QuestionKind, SubmissionState
from ..models import Question, Submission
from .editing import CONTENT_FIELDS

logger = logging.getLogger(__name__)

QUESTION_PREFIX = "question:"
# Keys a revision stores besides the Submission fields, with their labels.
LIST_LABELS = {"authors": "Authors", "resources": "Resources"}
# Where each known key appears on the revisions page; custom questions follow, then the rest.
KEY_ORDER = (
    "title", "authors", "abstract", *(f for f in CONTENT_FIELDS if f not in ("title", "abstract")),
    "paper", "session_image", "resources",
)  # fmt: skip
# Words and runs of punctuation with the whitespace after them: joined back they give the text.
TOKENS = re.compile(r"\w+\s*|[^\w\s]+\s*|\s+")
WORD = re.compile(r"\w")


def enable_preview_link(*, submission: Submission, by) -> str:
    """Give the proposal a secret read-only preview link and return its token.

    A proposal that already has a link keeps it, so a link the speakers handed out stays valid.
    """
    with transaction.atomic():
        current = Submission.objects.select_for_update().get(pk=submission.pk)
        if current.state == SubmissionState.WITHDRAWN:
            raise ValidationError("A withdrawn proposal cannot be shared.")
        if not current.preview_token:
            current.preview_token = secrets.token_urlsafe(32)
            current.save(update_fields=["preview_token"])
            logger.info("Preview link of proposal %s enabled by user %s", current.pk, by.pk)
    submission.preview_token = current.preview_token
    return current.preview_token


def disable_preview_link(*, submission: Submission, by) -> bool:
    """Turn the preview link off: it answers 404 from now on. False if there was none."""
    with transaction.atomic():
        current = Submission.objects.select_for_update().get(pk=submission.pk)
        had_link = bool(current.preview_token)
        if had_link:
            current.preview_token = None
            current.save(update_fields=["preview_token"])
            logger.info("Preview link of proposal %s disabled by user %s", current.pk, by.pk)
    submission.preview_token = None
    return had_link


@dataclass(frozen=True)
class FieldChange:
    """One changed field: its label and an HTML inline diff (user text escaped)."""

    key: str
    label: str
    diff: SafeString
    # False when the older revision was saved before revisions kept this field.
    recorded_before: bool = True


def questions_in(contents: Iterable[Mapping], *, event) -> dict[int, Question]:
    """The event's questions answered in these revision contents, in one query."""
    ids = {question_id(key) for content in contents for key in content}
    ids.discard(None)
    if not ids:
        return {}
    return {question.pk: question for question in Question.objects.filter(event=event, pk__in=ids)}


def question_id(key: str) -> int | None:
    if not key.startswith(QUESTION_PREFIX):
        return None
    number = key.removeprefix(QUESTION_PREFIX)
    return int(number) if number.isdecimal() else None


def diff_revisions(
    before: Mapping, after: Mapping, *, questions: Mapping[int, Question] | None = None
) -> list[FieldChange]:
    """The fields that differ between two revision contents, in page order.

    A key missing from one side (an older revision did not record it) counts as empty.
    ``questions`` (from :func:`questions_in`) names the custom questions' keys.
    """
    questions = questions or {}
    changes = []
    for key in _ordered_keys(before.keys() | after.keys(), questions):
        old, new = _normalized(key, before.get(key)), _normalized(key, after.get(key))
        if old == new:
            continue
        changes.append(
            FieldChange(
                key=key,
                label=_label(key, questions),
                diff=_diff(key, old, new, questions),
                # A question missing from a revision was not answered then.
                recorded_before=key in before or question_id(key) is not None,
            )
        )
    return changes


def _ordered_keys(keys: set[str], questions: Mapping[int, Question]) -> list[str]:
    def position(key: str) -> tuple:
        if key in KEY_ORDER:
            return (0, KEY_ORDER.index(key), 0)
        number = question_id(key)
        if number in questions:
            return (1, questions[number].position, number)
        if number is not None:  # the question was deleted since
            return (2, 0, number)
        return (3, 0, key)

    return sorted(keys, key=position)


def _model_field(key: str) -> models.Field | None:
    try:
        field = Submission._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None  # not a reverse relation


def _label(key: str, questions: Mapping[int, Question]) -> str:
    if key in LIST_LABELS:
        return LIST_LABELS[key]
    number = question_id(key)
    if number is not None:
        question = questions.get(number)
        return question.text if question else "A question that was removed"
    field = _model_field(key)
    if field is not None:
        return capfirst(field.verbose_name)
    return capfirst(key.replace("_", " "))


def _normalized(key: str, value) -> str | list[str]:
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    if value is None:
        return [] if key in LIST_LABELS else ""
    field = _model_field(key)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def _is_file(key: str, questions: Mapping[int, Question]) -> bool:
    number = question_id(key)
    if number is not None:
        question = questions.get(number)
        return question is not None and question.kind == QuestionKind.FILE
    return isinstance(_model_field(key), models.FileField)


def _diff(key, old, new, questions) -> SafeString:
    if isinstance(old, list) or isinstance(new, list):
        return diff_lines(_as_lines(old), _as_lines(new))
    if _is_file(key, questions):
        return _file_change(old, new)
    return diff_words(old, new)


def _as_lines(value) -> list[str]:
    return value if isinstance(value, list) else value.splitlines()


def _file_change(old: str, new: str) -> SafeString:
    # Stored names are random; what matters is that the file changed.
    if not new:
        return format_html("<del>{}</del>", "Removed")
    if old:
        return format_html("<ins>{}</ins>", "New file uploaded (replaces the previous one)")
    return format_html("<ins>{}</ins>", "New file uploaded")


def diff_words(old: str, new: str) -> SafeString:
    """``new`` with deleted words in <del> and inserted words in <ins>, all text escaped."""
    parts = []
    for unchanged, removed, added in _word_runs(TOKENS.findall(old), TOKENS.findall(new)):
        if unchanged:
            parts.append(format_html("{}", unchanged))
        if removed:
            parts.append(format_html("<del>{}</del>", removed))
        if added:
            parts.append(format_html("<ins>{}</ins>", added))
    return mark_safe("".join(parts))  # every part went through format_html


def _word_runs(old_tokens: list[str], new_tokens: list[str]) -> list[tuple[str, str, str]]:
    """(unchanged, removed, added) runs. Two changes only a space or a comma apart become one,
    so that a rewritten sentence reads as one deletion and one insertion."""
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    runs: list[tuple[str, str, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = "".join(old_tokens[i1:i2]), "".join(new_tokens[j1:j2])
        if tag == "equal":
            runs.append((added, "", ""))
        elif len(runs) >= 2 and not WORD.search(runs[-1][0]) and not runs[-2][0]:
            gap = runs.pop()[0]
            _, before_removed, before_added = runs.pop()
            runs.append(("", before_removed + gap + removed, before_added + gap + added))
        else:
            runs.append(("", removed, added))
    return runs


def diff_lines(old: list[str], new: list[str]) -> SafeString:
    """A list of lines (e.g. author names): removed ones in <del>, added ones in <ins>."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    rows = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows.extend(("diff-same", "{}", line) for line in new[j1:j2])
            continue
        rows.extend(("diff-removed", "<del>{}</del>", line) for line in old[i1:i2])
        rows.extend(("diff-added", "<ins>{}</ins>", line) for line in new[j1:j2])
    items = format_html_join(
        "", '<li class="{}">{}</li>', ((css, format_html(mark, line)) for css, mark, line in rows)
    )
    return format_html('<ul class="diff-lines">{}</ul>', items)
