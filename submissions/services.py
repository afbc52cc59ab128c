"""Every write to a submission: creating, editing (with conflict detection), state changes."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst

from tracks.enums import DeadlineKind, SubmissionField
from tracks.selectors import applicable_deadline

from .enums import EDITABLE_STATES, TRANSITIONS, SubmissionState
from .models import Revision, Speaker, StateChange, Submission
from .validators import validate_word_limit

CONTENT_FIELDS = (
    "title", "abstract", "description", "notes", "outline", "prerequisites", "installation",
    "python_level", "additional_info", "ai_statement",
)  # fmt: skip

# Text fields a session type can ask for, by the SubmissionField that switches them on.
REQUESTED_TEXT_FIELDS = {
    SubmissionField.DESCRIPTION: "description",
    SubmissionField.OUTLINE: "outline",
    SubmissionField.PREREQUISITES: "prerequisites",
    SubmissionField.INSTALLATION: "installation",
    SubmissionField.PYTHON_LEVEL: "python_level",
    SubmissionField.ADDITIONAL_INFO: "additional_info",
    SubmissionField.AI_STATEMENT: "ai_statement",
    SubmissionField.PAPER_PDF: "paper",
}
OPTIONAL_WHEN_REQUESTED = frozenset({"additional_info"})


class EditConflict(Exception):
    """Someone saved the submission after the editor loaded it."""

    def __init__(self, current: Submission):
        super().__init__("The proposal was changed by someone else in the meantime.")
        self.current = current


class InvalidTransition(Exception):
    pass


def cfp_deadline(submission: Submission):
    deadlines = list(submission.event.deadlines.all())
    return applicable_deadline(
        deadlines,
        DeadlineKind.CFP_CLOSES,
        track=submission.track,
        session_type=submission.session_type,
    )


def cfp_is_open_for(submission: Submission, now=None) -> bool:
    """Open until the most specific CfP deadline for the submission's track and type."""
    deadline = cfp_deadline(submission)
    return deadline is None or (now or timezone.now()) < deadline.due


def can_be_withdrawn(submission: Submission) -> bool:
    """Whether the state graph still allows withdrawing (the event-start rule is checked on use)."""
    return SubmissionState.WITHDRAWN in TRANSITIONS[submission.state]


def author_can_edit(submission: Submission, now=None) -> bool:
    return submission.state in EDITABLE_STATES and cfp_is_open_for(submission, now)


def fields_for(session_type) -> list[str]:
    """The content fields a proposal of this type shows, in form order."""
    requested = [REQUESTED_TEXT_FIELDS[f] for f in session_type.requested_fields
                 if f in REQUESTED_TEXT_FIELDS]  # fmt: skip
    return ["title", "abstract", *requested, "notes"]


def validate_for_submission(submission: Submission) -> None:
    """Everything the session type asks for is there and within its word limits."""
    session_type = submission.session_type
    errors: dict[str, list[str]] = {}
    required = ["title", "abstract", *(
        f for f in fields_for(session_type) if f in REQUESTED_TEXT_FIELDS.values()
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
    if errors:
        raise ValidationError(errors)


def _label(field: str) -> str:
    return capfirst(Submission._meta.get_field(field).verbose_name)


def _record_revision(submission: Submission, by) -> None:
    content = {field: getattr(submission, field) for field in CONTENT_FIELDS}
    content["paper"] = submission.paper.name
    Revision.objects.create(
        submission=submission, version=submission.version, content=content, saved_by=by
    )


def create_submission(*, event, track, session_type, author, data: dict) -> Submission:
    """Start a draft proposal; the author becomes its first speaker."""
    with transaction.atomic():
        submission = Submission(
            event=event, track=track, session_type=session_type, created_by=author,
            **{field: value for field, value in data.items() if field in CONTENT_FIELDS},
        )  # fmt: skip
        if not cfp_is_open_for(submission):
            raise ValidationError("The call for proposals is closed for this track and type.")
        submission.save()
        Speaker.objects.create(submission=submission, user=author, position=0)
        _record_revision(submission, author)
    return submission


def update_submission(*, submission: Submission, data: dict, based_on_version: int, by):
    """Save an author's edit. Raises EditConflict if someone saved since ``based_on_version``."""
    with transaction.atomic():
        current = (
            Submission.objects.select_for_update()
            .select_related("event", "track", "session_type")
            .get(pk=submission.pk)
        )
        if current.version != based_on_version:
            raise EditConflict(current)
        if not author_can_edit(current):
            raise ValidationError("This proposal can no longer be edited.")
        changed = [f for f in CONTENT_FIELDS if f in data and getattr(current, f) != data[f]]
        new_paper = data.get("paper")
        if not changed and not new_paper:
            return current
        for field in changed:
            setattr(current, field, data[field])
        if new_paper:
            current.paper, current.paper_pages = new_paper, data["paper_pages"]
        current.version += 1
        current.save()
        _record_revision(current, by)
    return current


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
        current.state = to
        update = ["state", "updated_at"]
        if to == SubmissionState.SUBMITTED:
            current.submitted_at = timezone.now()
            update.append("submitted_at")
        current.save(update_fields=update)
    submission.state = current.state
    submission.submitted_at = current.submitted_at
    return True


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
    return set_submission_state(submission=submission, to=SubmissionState.WITHDRAWN, by=by)


def next_step(submission: Submission, now=None) -> str:
    """What the author should do now, for the dashboard."""
    S = SubmissionState
    if submission.state == S.DRAFT:
        if not cfp_is_open_for(submission, now):
            return "The call closed before this draft was submitted."
        deadline = cfp_deadline(submission)
        if deadline is None:
            return "Complete the proposal and submit it."
        when = f"{deadline.local_due:%b} {deadline.local_due.day}, {deadline.local_due.year}"
        return f"Complete the proposal and submit it before {when} {deadline.zone_abbreviation}."
    return {
        S.SUBMITTED: "Submitted. You can still edit it until the call closes."
        if cfp_is_open_for(submission, now)
        else "Submitted. The committee will review it after the call closes.",
        S.UNDER_REVIEW: "The committee is reviewing it.",
        S.ACCEPTED: "Accepted! Confirm that you will present it, or decline.",
        S.WAITLISTED: "On the waiting list: we will write if a slot opens.",
        S.REJECTED: "Not accepted this time.",
        S.CONFIRMED: "Confirmed. See you at the event!",
        S.DECLINED: "You declined this proposal.",
        S.WITHDRAWN: "Withdrawn.",
    }[submission.state]


def respond_to_acceptance(*, submission: Submission, confirm: bool, by) -> bool:
    """The author confirms (or declines) presenting an accepted proposal."""
    target = SubmissionState.CONFIRMED if confirm else SubmissionState.DECLINED
    return set_submission_state(submission=submission, to=target, by=by)


def invite_speaker(*, submission: Submission, email: str, by):
    """Invite a co-speaker by email; repeating an open invitation sends it again, not twice over."""
    from django.conf import settings
    from django.template.loader import render_to_string

    from mails.services import queue_email

    from .models import SpeakerInvitation

    email = email.strip().lower()
    if submission.speakers.filter(user__email__iexact=email).exists():
        raise ValidationError({"email": "This person already speaks on this proposal."})
    with transaction.atomic():
        invitation, _ = SpeakerInvitation.objects.get_or_create(
            submission=submission, email=email, accepted_at=None, defaults={"invited_by": by}
        )
        body = render_to_string("submissions/email/invitation.txt", {
            "inviter": by.public_name, "submission": submission, "email": email,
            "url": settings.SITE_URL.rstrip("/") + invitation.get_absolute_url(),
            "site_name": settings.SITE_NAME,
        })  # fmt: skip
        queue_email(
            to=email,
            subject=f"Join “{submission.title}” as a co-speaker at {submission.event.name}",
            body=body,
            event=submission.event,
        )
    return invitation


def accept_invitation(*, invitation, user) -> Speaker:
    """Add the user as the next speaker. Accepting twice changes nothing."""
    from .models import SpeakerInvitation

    with transaction.atomic():
        invitation = SpeakerInvitation.objects.select_for_update().get(pk=invitation.pk)
        submission = invitation.submission
        last = submission.speakers.order_by("-position").values_list("position", flat=True).first()
        speaker, _ = Speaker.objects.get_or_create(
            submission=submission, user=user, defaults={"position": (last or 0) + 1}
        )
        if invitation.accepted_at is None:
            invitation.accepted_at = timezone.now()
            invitation.accepted_by = user
            invitation.save(update_fields=["accepted_at", "accepted_by"])
    return speaker


def accept_invitations_for_email(*, user, email: str) -> int:
    """On sign-up, a confirmed address joins every proposal it was invited to."""
    from .models import SpeakerInvitation

    pending = SpeakerInvitation.objects.filter(email__iexact=email, accepted_at__isnull=True)
    for invitation in pending:
        accept_invitation(invitation=invitation, user=user)
    return len(pending)
