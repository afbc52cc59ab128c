"""The chairs' ranking page: who sees it, what each row says, sorting, filters, charts, queries."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reviews.enums import ConflictSource
from submissions.enums import SubmissionState
from tests.factories.reviews import (
    ConflictFactory,
    ReviewAssignmentFactory,
    ReviewFactory,
    ReviewFormFactory,
)
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import EventFactory, MembershipFactory, TrackFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory()


@pytest.fixture
def hpc(event):
    return TrackFactory(event=event, name="HPC")


@pytest.fixture
def form(event):
    return ReviewFormFactory(event=event)


@pytest.fixture
def organizer(event):
    return MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user


def _url(event, **query):
    url = reverse("reviews:ranking", args=[event.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _reviewer(event, name):
    user = UserFactory(name=name)
    MembershipFactory(event=event, user=user, role=CommitteeRole.REVIEWER)
    return user


def _proposal(event, track, title, state=SubmissionState.SUBMITTED):
    return SubmissionFactory(event=event, track=track, title=title, state=state)


def _review(form, proposal, reviewer, overall, confidence=2, *, assign=True):
    if assign:
        ReviewAssignmentFactory(submission=proposal, reviewer=reviewer)
    return ReviewFactory(
        form=form,
        submission=proposal,
        reviewer=reviewer,
        overall=overall,
        confidence=confidence,
        submitted_at=timezone.now(),
    )


def _rows(response):
    return [row for section in response.context["sections"] for row in section.shown]


def _titles(response):
    return [row.submission.title for row in _rows(response)]


# --- Permissions --------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, event):
    response = client.get(_url(event))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("who", ["author", "reviewer", "other_organizer"])
def test_people_who_chair_nothing_here_get_404(client, event, hpc, who):
    proposal = _proposal(event, hpc, "Numba on GPUs")
    users = {
        "author": proposal.created_by,
        "reviewer": _reviewer(event, "Ada"),
        "other_organizer": MembershipFactory(role=CommitteeRole.ORGANIZER).user,
    }
    client.force_login(users[who])

    response = client.get(_url(event))

    assert response.status_code == 404


def test_a_track_chair_sees_only_their_tracks(client, event, hpc, form):
    ml = TrackFactory(event=event, name="ML")
    chair = MembershipFactory(event=event, role=CommitteeRole.TRACK_CHAIR, tracks=[hpc]).user
    ada = _reviewer(event, "Ada Lovelace")
    _review(form, _proposal(event, hpc, "Numba on GPUs"), ada, 4)
    _review(form, _proposal(event, ml, "pixi for ML"), ada, 2)
    _proposal(event, hpc, "Draft only", state=SubmissionState.DRAFT)
    _proposal(event, hpc, "Withdrawn", state=SubmissionState.WITHDRAWN)
    client.force_login(chair)

    response = client.get(_url(event))
    html = response.content.decode()

    assert _titles(response) == ["Numba on GPUs"]
    assert [s.track.name for s in response.context["sections"]] == ["HPC"]
    assert ("pixi for ML" in html, "Draft only" in html, "Withdrawn" in html) == (
        False,
        False,
        False,
    )
    assert list(response.context["filter_form"].fields["track"].queryset) == [hpc]


def test_a_chair_of_another_track_does_not_see_the_proposal(client, event, hpc, form):
    ml = TrackFactory(event=event, name="ML")
    other_chair = MembershipFactory(event=event, role=CommitteeRole.TRACK_CHAIR, tracks=[ml]).user
    _review(form, _proposal(event, hpc, "Numba on GPUs"), _reviewer(event, "Ada Lovelace"), 4)
    client.force_login(other_chair)

    response = client.get(_url(event))

    assert response.status_code == 200
    assert "Numba on GPUs" not in response.content.decode()
    assert "Ada Lovelace" not in response.content.decode()


def test_a_conflicted_chair_sees_neither_the_proposal_nor_its_reviews(client, event, hpc, form):
    chair = MembershipFactory(event=event, role=CommitteeRole.TRACK_CHAIR, tracks=[hpc]).user
    secret = _proposal(event, hpc, "Sparse solvers")
    ConflictFactory(submission=secret, user=chair, source=ConflictSource.AUTHOR)
    _review(form, secret, _reviewer(event, "Grace Hopper"), 5)
    _review(form, _proposal(event, hpc, "Numba on GPUs"), _reviewer(event, "Ada Lovelace"), 3)
    client.force_login(chair)

    response = client.get(_url(event))
    html = response.content.decode()

    assert _titles(response) == ["Numba on GPUs"]
    assert ("Sparse solvers" in html, "Grace Hopper" in html) == (False, False)
    assert [chart.name for chart in response.context["reviewer_charts"]] == ["Ada Lovelace"]


# --- What the rows say --------------------------------------------------------------------------


def test_a_row_shows_the_statistics_of_submitted_reviews_only(client, event, hpc, form, organizer):
    proposal = _proposal(event, hpc, "Numba on GPUs")
    ada, grace, alan = (_reviewer(event, n) for n in ("Ada", "Grace", "Alan"))
    _review(form, proposal, ada, 2, confidence=1)
    _review(form, proposal, grace, 4, confidence=3)
    ReviewAssignmentFactory(submission=proposal, reviewer=alan)
    ReviewFactory(form=form, submission=proposal, reviewer=alan, overall=1)  # a draft
    client.force_login(organizer)

    response = client.get(_url(event))
    row = _rows(response)[0]
    html = response.content.decode()

    # mean (2 + 4) / 2 = 3; spread 2 (half the 1–5 scale: disagreement);
    # weighted (2·1 + 4·3) / 4 = 3.5; 2 submitted of 3 assigned, 3 wanted.
    assert (row.stats.mean, row.stats.median, row.stats.spread) == (3.0, 3.0, 2)
    assert (row.stats.weighted, row.stats.disagreement) == (3.5, True)
    assert (row.submitted, row.assigned, row.wanted, row.missing) == (2, 3, 3, True)
    assert "3.50" in html
    assert "Disagreement</span>" in html
    assert "2 / 3" in html


def test_the_ranking_downloads_as_a_spreadsheet_with_the_filters_applied(
    client, event, hpc, form, organizer
):
    numba = _proposal(event, hpc, "=Numba on GPUs")  # a formula-like title is neutralised
    ada, grace = _reviewer(event, "Ada"), _reviewer(event, "Grace")
    _review(form, numba, ada, 2, confidence=1)
    _review(form, numba, grace, 4, confidence=3)
    _proposal(event, hpc, "Dask at scale")
    _proposal(event, hpc, "Old talk", state=SubmissionState.ACCEPTED)
    client.force_login(organizer)

    response = client.get(_url(event, state="undecided", sort="-mean", format="csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}-ranking.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["track", "id", "title", "state"]
    assert rows[1:] == [
        ["HPC", str(numba.pk), "'=Numba on GPUs", "Submitted", "2", "2", "3",
         "3.00", "3.00", "2", "yes", "0.00", "3.50"],
        ["HPC", rows[2][1], "Dask at scale", "Submitted", "0", "0", "3", "", "", "", "", "", ""],
    ]  # fmt: skip


def test_a_proposal_without_reviews_says_so(client, event, hpc, organizer):
    _proposal(event, hpc, "Numba on GPUs")
    client.force_login(organizer)

    response = client.get(_url(event))

    assert _rows(response)[0].stats is None
    assert "No submitted review yet" in response.content.decode()


def test_normalized_score_calibrates_harsh_and_lenient_reviewers(
    client, event, hpc, form, organizer
):
    # Six reviews each: the harsh reviewer gives 1 and 3, the lenient one 3 and 5 (three each).
    harsh, lenient = _reviewer(event, "Harsh Hal"), _reviewer(event, "Lenient Lea")
    for n in range(3):
        for title, score in ((f"Harsh worst {n}", 1), (f"Harsh best {n}", 3)):
            _review(form, _proposal(event, hpc, title), harsh, score)
        for title, score in ((f"Easy worst {n}", 3), (f"Easy best {n}", 5)):
            _review(form, _proposal(event, hpc, title), lenient, score)
    client.force_login(organizer)

    by_mean = _titles(client.get(_url(event, sort="-mean")))
    by_normalized = client.get(_url(event, sort="-normalized"))

    # Raw means tie the harsh reviewer's best with the lenient one's worst (3, title order).
    # Normalized: calibrated ±1 weighs 6/9, the plain z-score (±√2 for 5 and 1, 0 for 3) 3/9.
    assert by_mean[3:9] == [*(f"Easy worst {n}" for n in range(3)),
                            *(f"Harsh best {n}" for n in range(3))]  # fmt: skip
    assert _titles(by_normalized)[3:9] == [*(f"Harsh best {n}" for n in range(3)),
                                           *(f"Easy worst {n}" for n in range(3))]  # fmt: skip
    texts = [row.normalized_text for row in _rows(by_normalized)]
    assert (texts[0], texts[3], texts[6], texts[9]) == ("+1.14", "+0.67", "-0.67", "-1.14")


def test_few_reviews_per_reviewer_do_not_put_a_weak_paper_first(
    client, event, hpc, form, organizer
):
    # The demo's case: reviewers with one or two reviews. Unshrunk, "Weak" (mean 1.5) led the
    # default sort: its reviewer's other review was a 1, so the 2 was +1 calibrated, while the
    # three 4.00 papers' reviewers gave 5 elsewhere, making their 4s −1 or 0.
    ada, bob, cy, di, ed, flo, gus, hal = (_reviewer(event, n) for n in "ABCDEFGH")
    weak, first, second, third = (_proposal(event, hpc, t) for t in ("Weak", "P1", "P2", "P3"))
    for proposal, reviewer, score in (
        (weak, ada, 2), (weak, bob, 1), (_proposal(event, hpc, "X1"), ada, 1),
        (first, cy, 4), (first, di, 4), (_proposal(event, hpc, "X2"), cy, 5),
        (second, ed, 4), (second, flo, 4), (_proposal(event, hpc, "X3"), flo, 5),
        (third, gus, 3), (third, hal, 5), (_proposal(event, hpc, "X4"), hal, 5),
    ):  # fmt: skip
        _review(form, proposal, reviewer, score)
    client.force_login(organizer)

    titles = _titles(client.get(_url(event)))

    assert [t for t in titles if t in ("Weak", "P1", "P2", "P3")] == ["P3", "P1", "P2", "Weak"]


def test_the_table_caption_says_the_sort_in_words(client, event, hpc, form, organizer):
    _review(form, _proposal(event, hpc, "Numba on GPUs"), _reviewer(event, "Ada"), 4)
    client.force_login(organizer)

    default = client.get(_url(event)).content.decode()
    by_title = client.get(_url(event, sort="-title")).content.decode()

    assert "Proposals of HPC, sorted by normalized score, highest first</caption>" in default
    assert "sorted by title, Z to A</caption>" in by_title


def test_titles_link_to_the_reviews_and_decidable_rows_can_be_ticked(client, event, hpc, organizer):
    open_one = _proposal(event, hpc, "Numba on GPUs")
    confirmed = _proposal(event, hpc, "Dask at scale", state=SubmissionState.CONFIRMED)
    client.force_login(organizer)

    html = client.get(_url(event, sort="title")).content.decode()

    reviews_url = reverse("reviews:proposal-reviews", args=[event.slug, open_one.pk])
    decide_url = reverse("reviews:decide", args=[event.slug])
    assert f'<a href="{reviews_url}">Numba on GPUs</a>' in html
    assert f'action="{decide_url}"' in html
    assert f'name="next" value="{_url(event, sort="title")}"' in html
    assert f'value="{open_one.pk}" form="decide-form"' in html
    assert f'value="{confirmed.pk}" form="decide-form"' not in html


def test_ticked_rows_are_decided_and_the_chair_comes_back_to_the_ranking(
    client, event, hpc, organizer
):
    proposals = [_proposal(event, hpc, title) for title in ("Alpha", "Bravo", "Charlie")]
    client.force_login(organizer)
    back = _url(event, sort="title")

    response = client.post(
        reverse("reviews:decide", args=[event.slug]),
        {"submissions": [p.pk for p in proposals[:2]], "decision": "accepted", "next": back,
         "confirmed": "1"},  # they have no reviews: confirmed on the page that said so
    )  # fmt: skip

    assert response.status_code == 302
    assert response["Location"] == back
    assert [row.submission.state for row in _rows(client.get(back))] == [
        SubmissionState.ACCEPTED,
        SubmissionState.ACCEPTED,
        SubmissionState.SUBMITTED,
    ]


# --- Sorting and filters ------------------------------------------------------------------------


@pytest.fixture
def ranked(event, hpc, form, organizer):
    """Four proposals: A (mean 4), B (mean 2, disagreement), C (mean 4, accepted), D (no review,
    one assigned: missing)."""
    ada, grace, alan = _reviewer(event, "Ada"), _reviewer(event, "Grace"), _reviewer(event, "Alan")
    a = _proposal(event, hpc, "Alpha")
    b = _proposal(event, hpc, "Bravo", state=SubmissionState.UNDER_REVIEW)
    c = _proposal(event, hpc, "Charlie", state=SubmissionState.ACCEPTED)
    d = _proposal(event, hpc, "Delta")
    for proposal, scores in ((a, (4, 4, 4)), (b, (1, 3, 2)), (c, (4, 4, 4))):
        for reviewer, score in zip((ada, grace, alan), scores, strict=True):
            _review(form, proposal, reviewer, score)
    ReviewAssignmentFactory(submission=d, reviewer=ada)
    return a, b, c, d


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("title", ["Alpha", "Bravo", "Charlie", "Delta"]),
        ("-title", ["Delta", "Charlie", "Bravo", "Alpha"]),
        ("-mean", ["Alpha", "Charlie", "Bravo", "Delta"]),  # ties by title, no reviews last
        ("mean", ["Bravo", "Alpha", "Charlie", "Delta"]),  # still last when ascending
        ("-spread", ["Bravo", "Alpha", "Charlie", "Delta"]),
        ("reviews", ["Delta", "Alpha", "Bravo", "Charlie"]),
        ("state", ["Alpha", "Delta", "Bravo", "Charlie"]),
        ("nonsense", ["Alpha", "Charlie", "Bravo", "Delta"]),  # the default: -normalized
    ],
)
def test_sorting_is_stable_and_puts_unreviewed_proposals_last(
    client, event, organizer, ranked, sort, expected
):
    client.force_login(organizer)

    response = client.get(_url(event, sort=sort))

    assert response.status_code == 200
    assert _titles(response) == expected


def test_column_headers_link_to_their_sort_and_toggle_the_current_one(client, event, organizer):
    client.force_login(organizer)

    columns = client.get(_url(event, sort="-mean", state="undecided")).context["columns"]
    by_name = {column["name"]: column for column in columns}

    assert by_name["mean"]["query"] == "sort=mean&state=undecided"
    assert by_name["mean"]["aria"] == "descending"
    assert by_name["median"]["query"] == "sort=-median&state=undecided"
    assert by_name["title"]["query"] == "sort=title&state=undecided"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"state": "undecided"}, ["Alpha", "Bravo", "Delta"]),
        ({"state": "accepted"}, ["Charlie"]),
        ({"disagreement": "on"}, ["Bravo"]),
        ({"missing": "on"}, ["Delta"]),
        ({"state": "undecided", "disagreement": "on"}, ["Bravo"]),
        ({"state": "bogus"}, ["Alpha", "Bravo", "Charlie", "Delta"]),  # ignored
    ],
)
def test_filters_narrow_the_table(client, event, organizer, ranked, query, expected):
    client.force_login(organizer)

    response = client.get(_url(event, sort="title", **query))

    assert response.status_code == 200
    assert _titles(response) == expected
    assert response.context["total"] == 4


def test_the_track_filter_keeps_one_track(client, event, hpc, form, organizer, ranked):
    ml = TrackFactory(event=event, name="ML")
    _review(form, _proposal(event, ml, "pixi for ML"), _reviewer(event, "Alan Turing"), 5)
    client.force_login(organizer)

    everything = client.get(_url(event, sort="title"))
    only_ml = client.get(_url(event, track=ml.pk))

    assert [s.track.name for s in everything.context["sections"]] == ["HPC", "ML"]
    assert _titles(only_ml) == ["pixi for ML"]
    assert [chart.name for chart in only_ml.context["reviewer_charts"]] == ["Alan Turing"]


# --- Charts -------------------------------------------------------------------------------------


def test_charts_show_each_reviewers_scores_and_each_tracks_means(
    client, event, hpc, form, organizer
):
    harsh, lenient = _reviewer(event, "Harsh Hal"), _reviewer(event, "Lenient Lea")
    for index, (low, high) in enumerate(((1, 4), (2, 5), (1, 5))):
        proposal = _proposal(event, hpc, f"P{index}")
        _review(form, proposal, harsh, low)
        _review(form, proposal, lenient, high)
    client.force_login(organizer)

    response = client.get(_url(event))
    charts = response.context["reviewer_charts"]
    html = response.content.decode()

    # Everyone's mean: (1+2+1+4+5+5)/6 = 3; Hal's 4/3 (−1.67), Lea's 14/3 (+1.67).
    assert [(c.name, c.leaning, c.counts) for c in charts] == [
        ("Harsh Hal", "harsh", [(1, 2), (2, 1), (3, 0), (4, 0), (5, 0)]),
        ("Lenient Lea", "lenient", [(1, 0), (2, 0), (3, 0), (4, 1), (5, 2)]),
    ]
    assert "2 × 1, 1 × 2, 0 × 3, 0 × 4, 0 × 5; mean 1.33." in html
    assert "(-1.67 vs all)" in html
    # Means 2.5, 3.5, 3 in half-point bins from 1 to 5.
    histogram = response.context["sections"][0].histogram
    assert [bar.count for bar in histogram.bars] == [0, 0, 0, 1, 1, 1, 0, 0]
    assert "1 with a mean of 2.5–3" in html
    assert html.count('role="img"') == 3


# --- Queries ------------------------------------------------------------------------------------


def _populate(event, track, form, proposals, reviewers):
    people = [_reviewer(event, f"Reviewer {index}") for index in range(reviewers)]
    for index in range(proposals):
        proposal = _proposal(event, track, f"Proposal {index:03}")
        for offset in range(3):
            _review(form, proposal, people[(index + offset) % reviewers], 1 + (index + offset) % 5)


def test_the_page_makes_the_same_number_of_queries_for_few_or_many_proposals(
    client, event, hpc, form, organizer, django_assert_max_num_queries
):
    _populate(event, hpc, form, proposals=2, reviewers=3)
    client.force_login(organizer)
    with CaptureQueriesContext(connection) as few:
        client.get(_url(event))
    _populate(event, TrackFactory(event=event, name="ML"), form, proposals=30, reviewers=8)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(_url(event))

    assert len(_rows(response)) == 32


# --- In a browser -------------------------------------------------------------------------------

TITLES = [
    ("HPC", "Numba kernels on AMD and NVIDIA GPUs", 4.4),
    ("HPC", "mpi4py at exascale: lessons from Frontier", 3.9),
    ("HPC", "Dask arrays for climate reanalysis", 3.2),
    ("HPC", "Sparse solvers in pure Python: a reality check", 2.1),
    ("HPC", "Checkpointing Jupyter kernels on clusters", 2.9),
    ("HPC", "Parallel HDF5 without tears", 3.6),
    ("HPC", "A tour of Legate NumPy", 1.8),
    ("ML", "Reproducible ML environments with pixi", 4.1),
    ("ML", "Conformal prediction for scientists", 3.4),
    ("ML", "scikit-learn pipelines for 1 TB tabular data", 2.6),
    ("ML", "Why your GNN benchmark is wrong", 3.8),
    ("ML", "Active learning in the wet lab", 2.3),
]
BIASES = {"Hal Harsh": -1.4, "Lea Lenient": 1.2, "Ada Lovelace": 0.2, "Grace Hopper": -0.2}


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_chair_reads_and_sorts_the_ranking(page, live_server, artifacts_dir):
    from playwright.sync_api import expect

    from tests.e2e.browser import sign_in

    event = EventFactory(name="SciPy 2027", slug="scipy-2027")
    tracks = {name: TrackFactory(event=event, name=name) for name in ("HPC", "ML")}
    form = ReviewFormFactory(event=event)
    chair = UserFactory(name="Chris Chair", email="chair@example.org")
    MembershipFactory(event=event, user=chair, role=CommitteeRole.ORGANIZER)
    reviewers = [_reviewer(event, name) for name in (*BIASES, "Alan Turing")]
    for index, (track, title, quality) in enumerate(TITLES):
        state = SubmissionState.ACCEPTED if index in (0, 7) else SubmissionState.UNDER_REVIEW
        proposal = _proposal(event, tracks[track], title, state=state)
        panel = [reviewers[(index + k) % 5] for k in range(3)]
        for k, reviewer in enumerate(panel):
            if index == 4 and k == 2:  # one review still missing
                ReviewAssignmentFactory(submission=proposal, reviewer=reviewer)
                continue
            noise = ((index * 7 + k * 3) % 5 - 2) * 0.3
            score = round(quality + BIASES.get(reviewer.name, 0) + noise)
            _review(form, proposal, reviewer, min(5, max(1, score)), confidence=1 + (index + k) % 4)
    sign_in(page, live_server, chair.email)

    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{live_server.url}/{event.slug}/manage/ranking/")
    hpc = page.locator(f"#track-{tracks['HPC'].pk}")
    expect(page.get_by_role("heading", name="Ranking")).to_be_visible()
    page.screenshot(path=artifacts_dir / "ranking-1-table.png", full_page=True)

    hpc.get_by_role("link", name="Title").click()
    expect(hpc.locator("tbody tr").first).to_contain_text("A tour of Legate NumPy")
    hpc.get_by_role("link", name="Normalized").click()  # descending first
    expect(hpc.locator("tbody tr").first).to_contain_text("mpi4py at exascale")
    hpc.get_by_label("Select “Parallel HDF5 without tears”").check()
    hpc.get_by_label("Select “mpi4py at exascale: lessons from Frontier”").check()
    page.get_by_role("button", name="Accept selected").click()

    expect(page.get_by_role("alert").first).to_contain_text("2 proposals accepted")
    expect(page).to_have_url(f"{live_server.url}/{event.slug}/manage/ranking/?sort=-normalized")
    expect(hpc.locator("tbody tr").first).to_contain_text("Accepted")
    page.get_by_label("Disagreement only").check()
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#ranking-count")).to_contain_text("of 12 proposals shown")
    page.screenshot(path=artifacts_dir / "ranking-2-accepted-and-filtered.png", full_page=True)
