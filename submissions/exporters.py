import csv
import io

from .models import Submission

CSV_COLUMNS = [
    "id", "title", "state", "track", "session type", "speakers", "emails", "affiliations",
    "abstract", "submitted at (UTC)", "updated at (UTC)",
]  # fmt: skip
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """Neutralise spreadsheet formulas (CSV injection) in author-written text."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_PREFIXES) else text


def _row(submission: Submission) -> list[str]:
    users = [speaker.user for speaker in submission.speakers.all()]
    return [_cell(value) for value in (
        submission.pk, submission.title, submission.get_state_display(), submission.track.name,
        submission.session_type.name, "; ".join(u.public_name for u in users),
        "; ".join(u.email for u in users), "; ".join(u.affiliation for u in users),
        submission.abstract,
        submission.submitted_at.isoformat() if submission.submitted_at else "",
        submission.updated_at.isoformat(),
    )]  # fmt: skip


def submissions_csv(submissions) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(_row(submission) for submission in submissions)
    return buffer.getvalue()
