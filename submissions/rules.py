"""Who may see and change a submission."""

import rules

from tracks.rules import is_organizer


@rules.predicate
def is_speaker(user, submission) -> bool:
    if not getattr(user, "is_authenticated", False) or submission is None:
        return False
    speaker_ids = submission.__dict__.get("_speaker_ids")
    if speaker_ids is None:
        speaker_ids = set(submission.speakers.values_list("user_id", flat=True))
        submission.__dict__["_speaker_ids"] = speaker_ids
    return user.pk in speaker_ids


@rules.predicate
def is_organizer_of_submission(user, submission) -> bool:
    return is_organizer(user, submission.event)


@rules.predicate
def author_may_edit(user, submission) -> bool:
    from .services import author_can_edit

    return author_can_edit(submission)


can_view_submission = is_speaker | is_organizer_of_submission
can_edit_submission = is_speaker & author_may_edit
