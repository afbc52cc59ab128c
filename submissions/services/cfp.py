"""Until when authors may edit and submit: the call's deadline for the track and type, pushed
back by any extension (per proposal, per person or by access code) that covers the proposal."""

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tracks.enums import DeadlineKind
from tracks.selectors import applicable_deadline
from tracks.validators import validate_same_event

from ..enums import EDITABLE_STATES
from ..models import Extension, Submission
from ..selectors import speaker_ids


def cfp_deadline(submission: Submission):
    return applicable_deadline(
        submission.event.deadlines.all(),
        DeadlineKind.CFP_CLOSES,
        track=submission.track,
        session_type=submission.session_type,
    )


def event_extensions(event) -> list[Extension]:
    """The event's extensions with their scopes, loaded once per event object."""
    prefetched = getattr(event, "_prefetched_objects_cache", {}).get("extensions")
    if prefetched is not None:
        return list(prefetched)
    if "_extensions" not in event.__dict__:
        event.__dict__["_extensions"] = list(
            Extension.objects.filter(event=event).prefetch_related("tracks", "session_types")
        )
    return event.__dict__["_extensions"]


def covering_extensions(submission: Submission, *, authors=None) -> list[Extension]:
    """Extensions that cover this proposal, running or ended. ``authors``: user ids, for a
    proposal not saved yet."""
    authors = set(authors) if authors is not None else speaker_ids(submission)
    return [
        extension
        for extension in event_extensions(submission.event)
        if extension.covers(submission.track_id, submission.session_type_id)
        and (
            (extension.submission_id is not None and extension.submission_id == submission.pk)
            or extension.user_id in authors
            or (extension.code and extension.pk == submission.access_code_id)
        )
    ]


def running_extensions(submission: Submission, now=None, *, authors=None) -> list[Extension]:
    """Extensions still running that cover this proposal."""
    now = now or timezone.now()
    return [extension for extension in covering_extensions(submission, authors=authors)
            if extension.due > now]  # fmt: skip


def cfp_closed_by(submission: Submission):
    """The Deadline or the last extension that closed (or will close) the call for this proposal,
    counting extensions that ended; None if the call has no end."""
    deadline = cfp_deadline(submission)
    if deadline is None:
        return None
    return max([deadline, *covering_extensions(submission)], key=lambda closing: closing.due)


def cfp_close(submission: Submission, now=None, *, authors=None):
    """The Deadline or Extension that closes the call for this proposal (the later one), if any."""
    deadline = cfp_deadline(submission)
    if deadline is None:
        return None
    return max([deadline, *running_extensions(submission, now, authors=authors)],
               key=lambda closing: closing.due)  # fmt: skip


def cfp_is_open_for(submission: Submission, now=None, *, authors=None) -> bool:
    """Open until the most specific CfP deadline for the track and type, or a later extension."""
    closing = cfp_close(submission, now, authors=authors)
    return closing is None or (now or timezone.now()) < closing.due


def author_can_edit(submission: Submission, now=None) -> bool:
    """While the call is open for it and, as its speakers know it, it is a draft or submitted: a
    decision they were not told yet changes nothing for them (HotCRP's rule too)."""
    return submission.speaker_state in EDITABLE_STATES and cfp_is_open_for(submission, now)


def find_access_code(event, code: str, *, track, session_type, now=None) -> Extension:
    """The running access code ``code`` for that track and type, or a ValidationError."""
    wanted = code.strip().lower()
    extension = next((e for e in event_extensions(event) if e.code and e.code.lower() == wanted),
                     None)  # fmt: skip
    if extension is None:
        raise ValidationError({"access_code": "This access code is not valid for this event."})
    if extension.due <= (now or timezone.now()):
        raise ValidationError({"access_code": "This access code has expired."})
    if not extension.covers(track.pk, session_type.pk):
        raise ValidationError(
            {"access_code": "This access code is for another track or session type."}
        )
    return extension


def _require_editable_state(submission: Submission, *, field: str) -> None:
    if submission.speaker_state not in EDITABLE_STATES:
        state = submission.get_speaker_state_display().lower()
        raise ValidationError(
            {field: f"This proposal is {state}: its authors can no longer edit it."}
        )


def redeem_access_code(*, submission: Submission, code: str, by) -> Extension:
    """Attach an access code to a proposal, so its authors may edit and submit until it ends."""
    _require_editable_state(submission, field="access_code")
    extension = find_access_code(
        submission.event, code, track=submission.track, session_type=submission.session_type
    )
    with transaction.atomic():
        Submission.objects.filter(pk=submission.pk).update(access_code=extension)
    submission.access_code = extension
    return extension


ACCESS_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def suggest_access_code() -> str:
    """A random code such as ``K7QM-3XPA`` that is easy to read out and type."""
    groups = ("".join(secrets.choice(ACCESS_CODE_ALPHABET) for _ in range(4)) for _ in range(2))
    return "-".join(groups)


def validate_access_code_is_new(event, code: str, *, field: str = "code") -> None:
    """Codes are matched ignoring case, so they must differ in more than case within an event."""
    if code and Extension.objects.filter(event=event, code__iexact=code.strip()).exists():
        raise ValidationError({field: "This access code is already used in this event."})


def _validate_targets(event, submission, tracks, session_types) -> None:
    if submission is not None and submission.event_id != event.pk:
        raise ValidationError({"submission": "Choose a proposal of this event."})
    validate_same_event(event, "tracks", tracks)
    validate_same_event(event, "session_types", session_types)


def grant_extension(*, event, due, by, submission=None, user=None, code="", tracks=(),
                    session_types=(), time_zone="", note="") -> Extension:  # fmt: skip
    """An organizer lets a proposal, a person or whoever has ``code`` edit and submit until ``due``.

    Granting one for a proposal is how an organizer reopens it after the call closed.
    """
    _validate_targets(event, submission, tracks, session_types)
    validate_access_code_is_new(event, code)
    try:
        with transaction.atomic():
            extension = Extension(
                event=event, submission=submission, user=user, code=code.strip(), due=due,
                time_zone=time_zone, note=note, created_by=by,
            )  # fmt: skip
            extension.full_clean()
            extension.save()
            extension.tracks.set(tracks)
            extension.session_types.set(session_types)
    except IntegrityError as race:  # another organizer granted the same code a moment ago
        raise ValidationError({"code": "This access code is already in use."}) from race
    event.__dict__.pop("_extensions", None)
    return extension


def reopen_submission(*, submission: Submission, due, by, time_zone="") -> Extension:
    """Let the speakers of a draft or submitted proposal edit (and submit) it again until ``due``,
    after its call closed."""
    _require_editable_state(submission, field="due_date")
    return grant_extension(
        event=submission.event, submission=submission, due=due, time_zone=time_zone,
        note="Reopened from the proposal page.", by=by,
    )  # fmt: skip


def revoke_extension(*, extension: Extension) -> None:
    """Delete an extension. Proposals that redeemed its code keep their content but lose the
    extra time: they are read-only again once the call has closed for them."""
    with transaction.atomic():
        extension.delete()
    extension.event.__dict__.pop("_extensions", None)
