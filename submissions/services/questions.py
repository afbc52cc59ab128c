"""The custom questions organizers add to their event's proposal form: create, edit, order and
delete them without breaking the answers proposals already gave."""

from collections import Counter
from typing import Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q

from tracks.models import Event
from tracks.validators import validate_same_event

from ..enums import QuestionKind
from ..models import Question


class AnswersWouldBeLost(ValidationError):
    """Deleting the question would delete more answers than the organizer confirmed."""

    def __init__(self, count: int):
        self.count = count
        super().__init__(
            f"{answers_phrase(count)} would be lost; confirm that you want to delete them."
        )


def answers_phrase(count: int) -> str:
    return f"{count} answer" if count == 1 else f"{count} answers"


def clean_options(kind: str, options) -> list[str]:
    """The options without surrounding spaces or blank lines; only choice questions keep any."""
    if kind != QuestionKind.CHOICE:
        return []
    return [option.strip() for option in options if option.strip()]


def given(prefix: str = "") -> Q:
    """Answers that say something: an empty text without a file is no answer at all."""
    return ~Q(**{f"{prefix}value": "", f"{prefix}file": ""})


def answer_count(question: Question) -> int:
    return question.answers.filter(given()).count()


def option_usage(question: Question) -> Counter:
    """How many answers gave each value (each option, for a choice) to a saved question."""
    if question.pk is None:
        return Counter()
    return Counter(question.answers.filter(given()).values_list("value", flat=True))


def _validate_options(options: list[str]) -> None:
    repeated = sorted({option for option in options if options.count(option) > 1})
    if repeated:
        raise ValidationError({"options": f"“{repeated[0]}” is listed twice; list it once."})
    if len(options) < 2:
        raise ValidationError({"options": "A choice question needs at least two options."})


def _validate_against_answers(stored: Question, kind: str, options: list[str]) -> None:
    """Answers already given must still make sense once the question is saved."""
    usage = option_usage(stored)
    if not usage:
        return
    total = sum(usage.values())
    if kind != stored.kind:
        raise ValidationError({"kind": (
            f"Proposals already gave {answers_phrase(total)} to this question as "
            f"“{stored.get_kind_display()}”, which would not fit another kind. "
            "Keep the kind, or add a new question instead."
        )})  # fmt: skip
    if kind == QuestionKind.CHOICE:
        _refuse_removing_chosen_options(stored, options, usage)


def _refuse_removing_chosen_options(stored: Question, options: list[str], usage: Counter) -> None:
    removed = [option for option in stored.options if option not in options and usage[option]]
    if removed:
        chosen = ", ".join(f"“{option}” ({answers_phrase(usage[option])})" for option in removed)
        keep = "it" if len(removed) == 1 else "them"
        raise ValidationError({"options": (
            f"Proposals chose {chosen}; keep {keep} so their answers stay valid."
        )})  # fmt: skip


def validate_question(*, event, kind: str, options: list[str], tracks=(), session_types=(),
                      question: Question | None = None) -> None:  # fmt: skip
    """The rules of a question beyond its own fields; ``question`` is the saved one, if any.

    Raises a ValidationError keyed by field (``kind``, ``options``, ``tracks``, ``session_types``).
    """
    validate_same_event(event, "tracks", tracks)
    validate_same_event(event, "session_types", session_types)
    if kind == QuestionKind.CHOICE:
        _validate_options(options)
    if question is not None and question.pk is not None:
        _validate_against_answers(question, kind, options)


def _save(question: Question, *, tracks, session_types) -> Question:
    question.full_clean()
    question.save()
    question.tracks.set(tracks)
    question.session_types.set(session_types)
    return question


def create_question(*, event, text: str, kind: str = QuestionKind.TEXT, help_text: str = "",
                    options=(), required: bool = False, shown_to_reviewers: bool = False,
                    tracks=(), session_types=()) -> Question:  # fmt: skip
    """Add a question at the end of the event's proposal form."""
    options = clean_options(kind, options)
    validate_question(
        event=event, kind=kind, options=options, tracks=tracks, session_types=session_types
    )
    with transaction.atomic():
        Event.objects.select_for_update().only("pk").get(pk=event.pk)  # one new position at a time
        last = event.questions.aggregate(last=Max("position"))["last"]
        question = Question(
            event=event, text=text, help_text=help_text, kind=kind, options=options,
            required=required, shown_to_reviewers=shown_to_reviewers,
            position=0 if last is None else last + 1,
        )  # fmt: skip
        return _save(question, tracks=tracks, session_types=session_types)


def update_question(*, question: Question, text: str, kind: str, help_text: str = "",
                    options=(), required: bool = False, shown_to_reviewers: bool = False,
                    tracks=(), session_types=()) -> Question:  # fmt: skip
    """Change a question; its kind, and the options answers chose, stay once answers exist."""
    options = clean_options(kind, options)
    with transaction.atomic():
        stored = Question.objects.select_for_update().select_related("event").get(pk=question.pk)
        validate_question(
            event=stored.event, kind=kind, options=options, tracks=tracks,
            session_types=session_types, question=stored,
        )  # fmt: skip
        stored.text, stored.help_text, stored.kind = text, help_text, kind
        stored.options, stored.required = options, required
        stored.shown_to_reviewers = shown_to_reviewers
        return _save(stored, tracks=tracks, session_types=session_types)


def delete_question(*, question: Question, confirmed_answers: int = 0) -> int:
    """Delete a question and its answers; returns how many answers went with it.

    Raises :class:`AnswersWouldBeLost` if it has more answers than the organizer confirmed
    losing (answers given after the confirmation page was shown are not deleted unseen).
    """
    with transaction.atomic():
        stored = Question.objects.select_for_update().get(pk=question.pk)
        count = answer_count(stored)
        if count > confirmed_answers:
            raise AnswersWouldBeLost(count)
        stored.delete()
    return count


def move_question(*, question: Question, direction: Literal["up", "down"]) -> bool:
    """Swap a question with its neighbour in the form; False if it is already first or last."""
    if direction not in ("up", "down"):
        raise ValueError(f"direction must be 'up' or 'down', not {direction!r}")
    with transaction.atomic():
        ordered = list(Question.objects.select_for_update().filter(event_id=question.event_id))
        index = [other.pk for other in ordered].index(question.pk)
        target = index - 1 if direction == "up" else index + 1
        if not 0 <= target < len(ordered):
            return False
        ordered[index], ordered[target] = ordered[target], ordered[index]
        for position, other in enumerate(ordered):
            other.position = position
        Question.objects.bulk_update(ordered, ["position"])
    return True
