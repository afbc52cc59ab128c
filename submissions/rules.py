"""Who may see and change a submission."""

import rules

from tracks.rules import is_chair_of_track, is_organizer


@rules.predicate
def is_speaker(user, submission) -> bool:
    from .selectors import speaker_ids

    if not getattr(user, "is_authenticated", False) or submission is None:
        return False
    return user.pk in speaker_ids(submission)


@rules.predicate
def is_organizer_of_submission(user, submission) -> bool:
    return is_organizer(user, submission.event)


@rules.predicate
def is_chair_of_submission_track(user, submission) -> bool:
    return is_chair_of_track(user, submission.track)


@rules.predicate
def author_may_edit(user, submission) -> bool:
    from .services import author_can_edit

    return author_can_edit(submission)


can_view_submission = is_speaker | is_organizer_of_submission | is_chair_of_submission_track
can_deliver = is_speaker | is_organizer_of_submission
can_edit_submission = is_speaker & author_may_edit
