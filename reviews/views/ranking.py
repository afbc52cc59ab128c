"""The chairs' ranking: per track, proposals with their score statistics, sorted and filtered,
with charts of each reviewer's scores and of each track's means (inline SVG)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.urls import path
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from conf_portal.spreadsheets import csv_download
from submissions.enums import SubmissionState
from submissions.models import Submission

from ..conflicts import conflict_map
from ..enums import REVIEWABLE_STATES, Decision
from ..exporters import ranking_csv
from ..forms.ranking import SORT_COLUMNS, UNDECIDED, RankingFilterForm
from ..models import Review
from ..scoring import ProposalStats, ScoredReview, calibrate, histogram, proposal_stats
from .assignments import wanted_reviews
from .mixins import ChairMixin

S = SubmissionState
RANKED_STATES = (*REVIEWABLE_STATES, S.ACCEPTED, S.WAITLISTED, S.REJECTED, S.CONFIRMED, S.DECLINED)
STATE_ORDER = {state: index for index, state in enumerate(RANKED_STATES)}
# Confirmed and declined are the speakers' answer to an acceptance: chairs no longer decide them.
DECIDABLE_STATES = (*REVIEWABLE_STATES, S.ACCEPTED, S.WAITLISTED, S.REJECTED)


@dataclass
class Row:
    submission: Submission
    stats: ProposalStats | None
    assigned: int
    wanted: int

    @property
    def submitted(self) -> int:
        return self.stats.count if self.stats else 0

    @property
    def missing(self) -> bool:
        """Fewer submitted reviews than assigned reviewers, or than wanted."""
        return self.submitted < max(self.assigned, self.wanted)

    @property
    def normalized_text(self) -> str:
        if not self.stats:
            return ""
        value = round(self.stats.normalized, 2)
        return f"{value:+.2f}" if value else "0.00"

    @property
    def undecided(self) -> bool:
        return self.submission.state in REVIEWABLE_STATES

    @property
    def decidable(self) -> bool:
        return self.submission.state in DECIDABLE_STATES

    def value(self, column: str):
        if column == "title":
            return self.submission.title.casefold()
        if column == "reviews":
            return self.submitted
        if column == "state":
            return STATE_ORDER[self.submission.state]
        return getattr(self.stats, column) if self.stats else None


def sort_rows(rows: list[Row], sort: str) -> list[Row]:
    """Sorted by a column (``-`` first: descending); proposals without a value come last and ties
    keep title order, so the order is stable."""
    column = sort.lstrip("-")
    rows = sorted(rows, key=lambda row: (row.submission.title.casefold(), row.submission.pk))
    valued = [row for row in rows if row.value(column) is not None]
    valued.sort(key=lambda row: row.value(column), reverse=sort.startswith("-"))
    return valued + [row for row in rows if row.value(column) is None]


# How the table caption names each sort: (the column in words, ascending, descending).
SORT_WORDS = {
    "title": ("title", "A to Z", "Z to A"),
    "mean": ("mean score", "lowest first", "highest first"),
    "median": ("median score", "lowest first", "highest first"),
    "spread": ("spread of the scores", "smallest first", "largest first"),
    "normalized": ("normalized score", "lowest first", "highest first"),
    "weighted": ("confidence-weighted mean", "lowest first", "highest first"),
    "reviews": ("number of submitted reviews", "fewest first", "most first"),
    "state": ("state", "undecided first", "undecided last"),
}


def sort_in_words(sort: str) -> str:
    """“-normalized” → “normalized score, highest first”, for people and screen readers."""
    column, ascending, descending = SORT_WORDS[sort.lstrip("-")]
    return f"{column}, {descending if sort.startswith('-') else ascending}"


def keep_row(row: Row, *, state: str, disagreement: bool, missing: bool) -> bool:
    if state == UNDECIDED and not row.undecided:
        return False
    if state and state != UNDECIDED and row.submission.state != state:
        return False
    if disagreement and not (row.stats and row.stats.disagreement):
        return False
    return not (missing and not row.missing)


def scored_reviews(event) -> list[tuple[ScoredReview, str]]:
    """Every submitted review of the event with a score, and its reviewer's name (one query)."""
    reviews = Review.objects.filter(
        submission__event=event, submitted_at__isnull=False, overall__isnull=False
    ).values_list(
        "reviewer_id",
        "submission_id",
        "overall",
        "confidence",
        "form__overall_min",
        "form__overall_max",
        "reviewer__name",
        "reviewer__email",
    )
    return [(ScoredReview(*values[:6]), name or email) for *values, name, email in reviews]


# --- Charts ------------------------------------------------------------------------------------


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    count: int
    label: str

    @property
    def center(self) -> float:
        return self.x + self.width / 2


@dataclass
class Chart:
    width: int
    height: int
    baseline: float
    bars: list[Bar]
    ticks: list[tuple[float, str]] = field(default_factory=list)
    marker: float | None = None  # x of a mean line


def bar_chart(counts, labels, *, width, height, top=14, bottom=16) -> Chart:
    highest = max(counts, default=0) or 1
    step = width / max(len(counts), 1)
    plot = height - top - bottom
    bars = []
    for index, (count, label) in enumerate(zip(counts, labels, strict=True)):
        bar_height = plot * count / highest
        x = index * step + step * 0.12
        bars.append(Bar(x, top + plot - bar_height, step * 0.76, bar_height, count, label))
    return Chart(width, height, top + plot, bars)


@dataclass
class ReviewerChart:
    name: str
    count: int
    mean: float
    difference: float  # mean minus everyone's mean (points)
    counts: list[tuple[int, int]]
    chart: Chart

    @property
    def difference_text(self) -> str:
        value = round(self.difference, 2)
        return f"{value:+.2f}" if value else "±0.00"

    @property
    def leaning(self) -> str:
        if self.difference <= -0.5:
            return "harsh"
        return "lenient" if self.difference >= 0.5 else ""


def reviewer_charts(reviews: list[tuple[ScoredReview, str]]) -> list[ReviewerChart]:
    """Per reviewer, how often they gave each score, harshest first."""
    if not reviews:
        return []
    low = min(r.scale_min for r, _ in reviews)
    high = max(r.scale_max for r, _ in reviews)
    everyone = sum(r.overall for r, _ in reviews) / len(reviews)
    by_reviewer = defaultdict(list)
    for review, name in reviews:
        by_reviewer[(review.reviewer_id, name)].append(review.overall)
    values = list(range(low, high + 1))
    charts = []
    for (_, name), scores in by_reviewer.items():
        counts = [scores.count(value) for value in values]
        chart = bar_chart(counts, [str(v) for v in values], width=168, height=64)
        mean = sum(scores) / len(scores)
        chart.marker = (mean - low + 0.5) * chart.width / len(values)
        chart.ticks = [(bar.center, bar.label) for bar in chart.bars]
        pairs = list(zip(values, counts, strict=True))
        charts.append(ReviewerChart(name, len(scores), mean, mean - everyone, pairs, chart))
    return sorted(charts, key=lambda c: (c.mean, c.name.casefold()))


def means_histogram(rows: list[Row], *, low: int, high: int) -> Chart:
    """How many proposals of a track have a mean in each half-point (one point above 1–6)."""
    width = 0.5 if high - low <= 6 else 1.0
    counts = histogram(
        [row.stats.mean for row in rows if row.stats], low=low, high=high, width=width
    )
    edges = [low + index * width for index in range(len(counts))]
    labels = [f"{edge:g}–{edge + width:g}" for edge in edges]
    chart = bar_chart(counts, labels, width=320, height=96, bottom=16)
    step = chart.width / len(counts)
    chart.ticks = [(index * step, f"{edge:g}") for index, edge in enumerate(edges)]
    chart.ticks.append((chart.width, f"{high:g}"))
    return chart


# --- The page ----------------------------------------------------------------------------------


@dataclass
class TrackSection:
    track: object
    rows: list[Row]
    shown: list[Row]
    histogram: Chart

    @property
    def scored(self) -> int:
        return sum(1 for row in self.rows if row.stats)


class RankingView(ChairMixin, TemplateView):
    """Per track, every reviewed or decided proposal the chair may see, ranked by its scores.

    Proposals the chair is conflicted with are left out entirely, charts included; the
    normalized score still calibrates each reviewer on all their reviews in the event.
    """

    template_name = "reviews/ranking/ranking.html"
    manage_tab = "ranking"

    @cached_property
    def filter_form(self) -> RankingFilterForm:
        return RankingFilterForm(self.request.GET or None, event=self.event, scope=self.scope)

    def visible_submissions(self, track):
        hidden = {sid for sid, _ in conflict_map(self.event, user_ids=[self.request.user.pk])}
        submissions = (
            Submission.objects.filter(event=self.event, state__in=RANKED_STATES)
            .exclude(pk__in=hidden)
            .select_related("track")
            .annotate(n_assigned=Count("assignments"))
        )
        if self.scope is not None:
            submissions = submissions.filter(track_id__in=self.scope)
        if track is not None:
            submissions = submissions.filter(track=track)
        return list(submissions)

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            sections = self.get_context_data()["sections"]
            return csv_download(ranking_csv(sections), f"{self.event.slug}-ranking.csv")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        filters = self.filter_form.filters()
        submissions = self.visible_submissions(filters["track"])
        reviews = scored_reviews(self.event)
        visible_ids = {s.pk for s in submissions}
        visible = [(r, name) for r, name in reviews if r.submission_id in visible_ids]
        stats = proposal_stats(
            [r for r, _ in visible], calibration=calibrate(r for r, _ in reviews)
        )
        wanted = wanted_reviews(self.event)
        rows = [Row(s, stats.get(s.pk), s.n_assigned, wanted) for s in submissions]
        low = min((r.scale_min for r, _ in visible), default=1)
        high = max((r.scale_max for r, _ in visible), default=5)
        sections = self.sections(rows, filters, low=low, high=high)
        return super().get_context_data(
            filter_form=self.filter_form,
            sections=sections,
            shown=sum(len(section.shown) for section in sections),
            total=len(rows),
            reviewer_charts=reviewer_charts(visible),
            sort=filters["sort"],
            sort_words=sort_in_words(filters["sort"]),
            columns=self.column_links(filters["sort"]),
            wanted=wanted,
            decisions=Decision,
            **kwargs,
        )

    def sections(self, rows, filters, *, low, high) -> list[TrackSection]:
        by_track = defaultdict(list)
        for row in sort_rows(rows, filters["sort"]):
            by_track[row.submission.track].append(row)
        conditions = {key: filters[key] for key in ("state", "disagreement", "missing")}
        return [
            TrackSection(
                track=track,
                rows=track_rows,
                shown=[row for row in track_rows if keep_row(row, **conditions)],
                histogram=means_histogram(track_rows, low=low, high=high),
            )
            for track, track_rows in sorted(
                by_track.items(), key=lambda item: (item[0].position, item[0].name, item[0].pk)
            )
        ]

    def column_links(self, sort: str) -> list[dict]:
        """Per column, the query string that sorts by it (descending first for numbers) and
        whether the table is sorted by it now."""
        query = self.request.GET.copy()
        links = []
        for column, label in SORT_COLUMNS.items():
            current = sort.lstrip("-") == column
            descending = sort.startswith("-")
            first = column if column in ("title", "state") else f"-{column}"
            query["sort"] = (column if descending else f"-{column}") if current else first
            links.append(
                {
                    "name": column,
                    "label": label,
                    "query": query.urlencode(),
                    "active": current,
                    "aria": ("descending" if descending else "ascending") if current else "none",
                }
            )
        return links


urlpatterns = [
    path("<slug:event>/manage/ranking/", RankingView.as_view(), name="ranking"),
]
