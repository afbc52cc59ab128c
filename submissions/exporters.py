from conf_portal.spreadsheets import csv_text

from .models import Submission

CSV_COLUMNS = [
    "id", "title", "state", "track", "session type", "speakers", "emails", "affiliations",
    "co-authors", "abstract", "submitted at (UTC)", "updated at (UTC)",
]  # fmt: skip


def _row(submission: Submission, questions) -> list:
    users = [speaker.user for speaker in submission.speakers.all()]
    coauthors = [
        f"{c.name} ({c.affiliation})" if c.affiliation else c.name
        for c in submission.coauthors.all()
    ]
    answers = {a.question_id: a.value or "(file)" for a in submission.answers.all()}
    return [
        submission.pk, submission.title, submission.get_state_display(), submission.track.name,
        submission.session_type.name, "; ".join(u.public_name for u in users),
        "; ".join(u.email for u in users), "; ".join(u.affiliation for u in users),
        "; ".join(coauthors), submission.abstract,
        submission.submitted_at.isoformat() if submission.submitted_at else "",
        submission.updated_at.isoformat(),
        *(answers.get(question.pk, "") for question in questions),
    ]  # fmt: skip


def submissions_csv(submissions, questions=()) -> str:
    """One row per proposal, one column per custom question of the event at the end."""
    header = [*CSV_COLUMNS, *(question.text for question in questions)]
    return csv_text(header, (_row(submission, questions) for submission in submissions))
