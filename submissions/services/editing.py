"""Creating and editing proposals (with conflict detection), deadlines and state changes."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import capfirst

from tracks.enums import SubmissionField

from ..enums import (
    NOTIFIED_STATES,
    TRANSITIONS,
    QuestionKind,
    SubmissionState,
)
from ..models import Answer, Extension, Revision, Speaker, StateChange, Submission
from ..selectors import author_list, questions_for
from ..validators import validate_word_limit
from .cfp import author_can_edit, cfp_close, cfp_closed_by, cfp_is_open_for, find_access_code
from .deliverables import deliverables_next_step

CONTENT_FIELDS = (
    "title", "abstract", "description", "notes", "outline", "prerequisites", "installation",
    "python_level", "python_level_explanation", "additional_info", "ai_statement",
)  # fmt: skip

# Proposal fields a session type can ask for, by the SubmissionField that switches them on.
REQUESTED_FIELDS = {
    SubmissionField.DESCRIPTION: "description",
    SubmissionField.OUTLINE: "outline",
    SubmissionField.PREREQUISITES: "prerequisites",
    SubmissionField.INSTALLATION: "installation",
    SubmissionField.PYTHON_LEVEL: "python_level",
    SubmissionField.ADDITIONAL_INFO: "additional_info",
    SubmissionField.AI_STATEMENT: "ai_statement",
    SubmissionField.PAPER_PDF: "paper",
    SubmissionField.SESSION_IMAGE: "session_image",
}
OPTIONAL_WHEN_REQUESTED = frozenset({"additional_info", "session_image"})
# Shown after the field of a requested SubmissionField, and optional.
COMPANION_FIELDS = {"python_level": "python_level_explanation"}
FILE_FIELDS = ("paper", "session_image")


class EditConflict(Exception):
    """Someone else changed the same fields after the editor loaded the proposal."""

    def __init__(self, current: Submission, keys: list[str]):
        super().__init__("The proposal was changed by someone else in the meantime.")
        self.current = current
        self.keys = keys


class InvalidTransition(Exception):
    pass


def can_be_withdrawn(submission: Submission) -> bool:
    """Whether the state graph still allows withdrawing (the event-start rule is checked on use)."""
    return SubmissionState.WITHDRAWN in TRANSITIONS[submission.state]


def fields_for(session_type) -> list[str]:
    """The content fields a proposal of this type shows, in form order."""
    requested = [REQUESTED_FIELDS[f] for f in session_type.requested_fields
                 if f in REQUESTED_FIELDS]  # fmt: skip
    with_companions = [name for field in requested
                       for name in (field, COMPANION_FIELDS.get(field)) if name]  # fmt: skip
    return ["title", "abstract", *with_companions, "notes"]


def validate_for_submission(submission: Submission) -> None:
    """Everything the session type asks for is there and within its word limits."""
    session_type = submission.session_type
    errors: dict[str, list[str]] = {}
    required = ["title", "abstract", *(
        f for f in fields_for(session_type) if f in REQUESTED_FIELDS.values()
        and f not in OPTIONAL_WHEN_REQUESTED
    )]  # fmt: skip
    for field in required:
        if not str(getattr(submission, field) or "").strip():
            errors.setdefault(field, []).append(f"{_label(field)} is required to submit.")
    limits = {
        "abstract": session_type.abstract_word_limit,
        "description": session_type.description_word_limit,
    }
    for field, limit in limits.items():
        try:
            validate_word_limit(getattr(submission, field), limit, field_label=_label(field))
        except ValidationError as error:
            errors.setdefault(field, []).extend(error.messages)
    for question in questions_for(submission):
        if question.required and not answer_value(submission, question):
            errors.setdefault(question_field(question), []).append(
                "Please answer this question to submit."
                if question.kind != QuestionKind.BOOLEAN
                else "Please tick this box to submit."
            )
    if errors:
        raise ValidationError(errors)


def _label(field: str) -> str:
    return capfirst(Submission._meta.get_field(field).verbose_name)


def question_key(question_id: int) -> str:
    """The key of an answer in revision contents and in the data of ``update_submission``."""
    return f"question:{question_id}"


def question_field(question) -> str:
    """The name of a question's field in the proposal form."""
    return f"question_{question.pk}"


def answer_value(submission: Submission, question) -> str:
    answer = next((a for a in submission.answers.all() if a.question_id == question.pk), None)
    return (answer.value or answer.file.name) if answer else ""


def submission_content(submission: Submission) -> dict:
    """Everything an author can change, as stored in a revision and compared when merging."""
    content = {field: getattr(submission, field) for field in CONTENT_FIELDS}
    content.update({field: getattr(submission, field).name for field in FILE_FIELDS})
    content["authors"] = [author.name for author in author_list(submission)]
    content["resources"] = [resource.title for resource in submission.resources.all()]
    for answer in submission.answers.all():
        content[question_key(answer.question_id)] = answer.value or answer.file.name
    return content


def record_revision(submission: Submission, by) -> None:
    """Keep the proposal as it is now; ``version`` must already be raised by the caller."""
    Revision.objects.create(
        submission=submission,
        version=submission.version,
        content=submission_content(submission),
        saved_by=by,
    )


def bump_version(submission: Submission, by) -> None:
    """After a change outside the form (people, resources): a new version and its revision."""
    Submission.objects.filter(pk=submission.pk).update(version=F("version") + 1)
    fresh = Submission.objects.get(pk=submission.pk)  # without the caller's stale prefetches
    record_revision(fresh, by)
    submission.version = fresh.version


def create_submission(*, event, track, session_type, author, data: dict,
                      access_code: str = "") -> Submission:  # fmt: skip
    """Start a draft proposal; the author becomes its first speaker.

    After the call closed, the author needs a personal extension or a running ``access_code``.
    """
    with transaction.atomic():
        submission = Submission(
            event=event, track=track, session_type=session_type, created_by=author,
            **{field: value for field, value in data.items() if field in CONTENT_FIELDS},
        )  # fmt: skip
        if access_code:
            submission.access_code = find_access_code(
                event, access_code, track=track, session_type=session_type
            )
        if not cfp_is_open_for(submission, authors={author.pk}):
            raise ValidationError("The call for proposals is closed for this track and type.")
        submission.save()
        Speaker.objects.create(submission=submission, user=author, position=0)
        record_revision(submission, author)
    return submission


def update_submission(*, submission: Submission, data: dict, based_on_version: int, by,
                      files: dict | None = None) -> Submission:  # fmt: skip
    """Save an author's edit, merged field by field with what others saved meanwhile.

    ``data`` holds texts keyed as in ``submission_content`` (fields, ``question:<id>``);
    ``files`` new uploads: ``paper`` as (file, pages), ``session_image`` (None removes it),
    ``question:<id>``. Raises EditConflict if someone else changed one of the same fields
    since ``based_on_version``.
    """
    files = files or {}
    with transaction.atomic():
        current = (
            Submission.objects.select_for_update()
            .select_related("event", "track", "session_type")
            .get(pk=submission.pk)
        )
        if not author_can_edit(current):
            raise ValidationError("This proposal can no longer be edited.")
        now = submission_content(current)
        seen = based_on_version
        base = now if current.version == seen else _content_at(current, seen)
        edits = {key: value for key, value in data.items()
                 if base is None or value != base.get(key, "")}  # fmt: skip
        clashes = [
            key for key, value in edits.items()
            if now.get(key, "") != value and (base is None or now.get(key, "") != base.get(key, ""))
        ]  # fmt: skip
        if clashes:
            raise EditConflict(current, clashes)
        changes = {key: value for key, value in edits.items() if now.get(key, "") != value}
        if not changes and not files:
            return current
        _apply(current, changes, files)
        current.version += 1
        current.save()
        record_revision(current, by)
    return current


def _content_at(submission: Submission, version: int) -> dict | None:
    """What the editor started from; None if unknown, and then every difference is a clash."""
    revision = submission.revisions.filter(version=version).first()
    return revision.content if revision else None


def _apply(submission: Submission, changes: dict, files: dict) -> None:
    for key, value in changes.items():
        if key in CONTENT_FIELDS:
            setattr(submission, key, value)
        elif key.startswith("question:"):
            _save_answer(submission, int(key.split(":")[1]), value=value)
    if "paper" in files:
        submission.paper, submission.paper_pages = files["paper"]
    if "session_image" in files:
        submission.session_image = files["session_image"] or ""
    for key, upload in files.items():
        if key.startswith("question:"):
            _save_answer(submission, int(key.split(":")[1]), upload=upload)


def _save_answer(submission: Submission, question_id: int, *, value="", upload=None) -> None:
    if not value and upload is None:
        Answer.objects.filter(submission=submission, question_id=question_id).delete()
        return
    answer, _ = Answer.objects.get_or_create(submission=submission, question_id=question_id)
    answer.value = value
    if upload is not None:
        answer.file = upload
    answer.save()


def set_submission_state(*, submission: Submission, to: str, by=None) -> bool:
    """The one place states change. Returns False if the submission already was in ``to``."""
    with transaction.atomic():
        current = Submission.objects.select_for_update().get(pk=submission.pk)
        if current.state == to:
            return False
        if to not in TRANSITIONS[current.state]:
            raise InvalidTransition(
                f"A {current.get_state_display().lower()} proposal cannot become "
                f"{SubmissionState(to).label.lower()}."
            )
        StateChange.objects.create(
            submission=current, from_state=current.state, to_state=to, changed_by=by
        )
        current.announced_state = _announced_after(current, to)
        current.state = to
        update = ["state", "announced_state", "updated_at"]
        if to == SubmissionState.SUBMITTED:
            current.submitted_at = timezone.now()
            update.append("submitted_at")
        current.save(update_fields=update)
    submission.state = current.state
    submission.announced_state = current.announced_state
    submission.submitted_at = current.submitted_at
    return True


def _announced_after(current: Submission, to: str) -> str:
    """What the speakers know once ``current`` moves to ``to``: a decision waits for its email
    (they keep knowing the state before it); any other state is theirs at once."""
    if to not in NOTIFIED_STATES:
        return ""
    known = current.announced_state or current.state
    return "" if known == to else known


def submit_submission(*, submission: Submission, by) -> bool:
    """Hand a complete draft to the committee while the call is open."""
    if not cfp_is_open_for(submission):
        raise ValidationError("The call for proposals is closed for this track and type.")
    validate_for_submission(submission)
    return set_submission_state(submission=submission, to=SubmissionState.SUBMITTED, by=by)


def withdraw_submission(*, submission: Submission, by) -> bool:
    """Authors may withdraw at any time before the event starts (in the event's time zone)."""
    event = submission.event
    if timezone.localdate(timezone=event.zone) >= event.start_date:
        raise InvalidTransition("The event has begun; its proposals can no longer be withdrawn.")
    changed = set_submission_state(submission=submission, to=SubmissionState.WITHDRAWN, by=by)
    Submission.objects.filter(pk=submission.pk).update(preview_token=None)  # no more previews
    return changed


def next_step(submission: Submission, now=None) -> str:
    """What the author should do now, for the dashboard and the proposal page: what the
    speakers were told, never a decision still waiting for its email."""
    S = SubmissionState
    state = submission.speaker_state
    if submission.announced_state in NOTIFIED_STATES:
        return "The organizers are revising this decision; they will email you the outcome."
    if submission.delivers and (due := deliverables_next_step(submission, now)):
        lead = "Confirmed." if state == S.CONFIRMED else "Accepted! Please confirm."
        return f"{lead} {due}"
    if state == S.DRAFT:
        if not cfp_is_open_for(submission, now):
            return "The call closed before this draft was submitted."
        until = _open_until(submission, now)
        return f"Complete the proposal and submit it{f' before {until}' if until else ''}."
    if state == S.SUBMITTED and cfp_is_open_for(submission, now):
        return f"Submitted. You can still edit it until {editable_until(submission, now)}."
    if state == S.SUBMITTED:
        closed = cfp_closed_by(submission)
        return (
            f"Submitted. The call closed{f' on {_closing_day(closed)}' if closed else ''}, so it "
            "can no longer be edited; the organizers will email you their decision."
        )
    return {
        S.UNDER_REVIEW: "The committee is reviewing it.",
        S.ACCEPTED: "Accepted! Confirm that you will present it, or decline.",
        S.WAITLISTED: "On the waiting list: we will write if a slot opens.",
        S.REJECTED: "Not accepted this time.",
        S.CONFIRMED: "Confirmed. See you at the event!",
        S.DECLINED: "You declined this proposal.",
        S.WITHDRAWN: "Withdrawn.",
    }[state]


def editable_until(submission: Submission, now=None) -> str:
    """Until when its authors may edit a proposal of an open call: “Sep 15, 2020 AoE (your
    access code)”, or “the call closes” if the call has no end."""
    return _open_until(submission, now) or "the call closes"


def _open_until(submission: Submission, now) -> str:
    """“Sep 15, 2020 AoE”, with “(your extension)” when one keeps the call open; "" if no end."""
    closing = cfp_close(submission, now)
    return _closing_day(closing) if closing is not None else ""


def _closing_day(closing) -> str:
    """“Sep 15, 2020 AoE” for a Deadline; an Extension says whose it is."""
    due = closing.local_due
    whose = ""
    if isinstance(closing, Extension):
        whose = " (your access code)" if closing.code else " (your extension)"
    return f"{due:%b} {due.day}, {due.year} {closing.zone_abbreviation}{whose}"


def can_respond_to_acceptance(submission: Submission) -> bool:
    """Whether its speakers may confirm or decline: accepted, and told so."""
    return submission.state == SubmissionState.ACCEPTED and not submission.announced_state


def respond_to_acceptance(*, submission: Submission, confirm: bool, by) -> bool:
    """The author confirms (or declines) presenting an accepted proposal they were told of."""
    refusal = "Only a proposal you were told is accepted can be confirmed."
    if not can_respond_to_acceptance(submission):
        raise InvalidTransition(refusal)
    target = SubmissionState.CONFIRMED if confirm else SubmissionState.DECLINED
    try:
        return set_submission_state(submission=submission, to=target, by=by)
    except InvalidTransition:  # a chair changed the decision meanwhile: don't name the new one
        raise InvalidTransition(refusal) from None
