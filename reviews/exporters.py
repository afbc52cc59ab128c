"""The chairs' ranking as a spreadsheet."""

from conf_portal.spreadsheets import csv_text

RANKING_COLUMNS = [
    "track", "id", "title", "state", "reviews submitted", "reviewers assigned", "reviews wanted",
    "mean", "median", "spread", "disagreement", "normalized (z)", "confidence-weighted mean",
]  # fmt: skip


def _number(value) -> str:
    return "" if value is None else f"{value:.2f}"


def ranking_csv(sections) -> str:
    """The shown rows of each track section of the ranking, in their order."""
    rows = []
    for section in sections:
        for row in section.shown:
            submission, stats = row.submission, row.stats
            rows.append([
                section.track.name, submission.pk, submission.title,
                submission.get_state_display(), row.submitted, row.assigned, row.wanted,
                *((_number(stats.mean), _number(stats.median), stats.spread,
                   "yes" if stats.disagreement else "no", _number(stats.normalized),
                   _number(stats.weighted)) if stats else ("",) * 6),
            ])  # fmt: skip
    return csv_text(RANKING_COLUMNS, rows)
