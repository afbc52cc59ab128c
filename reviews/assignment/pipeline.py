"""From a run's loaded inputs to proposed pairs and a summary (no database access).

``compute_assignment`` reports each stage through ``report(stage, percent)``.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from . import explanations
from .affinity import pair_affinities, tfidf_matrices
from .candidates import BID_CODES, BID_COSTS, BID_NAMES, find_candidates
from .loading import ReviewerRow, RunInputs, SubmissionRow
from .solver import AssignmentProblem, Weights, solve_assignment

KEYWORD_WEIGHT = 3.0
TITLE_WEIGHT = 2.0
RUNNERS_UP = 3  # candidates per proposal shown as "not chosen", with why
NO_LIMIT = 10**6

Report = Callable[[str, int], None]


@dataclass
class ProposedPair:
    submission_id: int
    reviewer_id: int
    cost: float
    bid_cost: float
    affinity_cost: float
    load_cost: float
    affinity: float
    bid: str
    pinned: bool


@dataclass
class Outcome:
    pairs: list[ProposedPair]
    summary: dict


def reviewer_document(reviewer: ReviewerRow) -> list[tuple[str, float]]:
    keywords = reviewer.keywords.replace(",", " ")
    return [(keywords, KEYWORD_WEIGHT), (reviewer.expertise, 1.0), (reviewer.authored, 1.0)]


def submission_document(submission: SubmissionRow) -> list[tuple[str, float]]:
    return [
        (submission.title, TITLE_WEIGHT),
        (submission.abstract, 1.0),
        (submission.description, 1.0),
        (submission.track_name, 1.0),
    ]


def compute_assignment(inputs: RunInputs, params: dict, report: Report) -> Outcome:
    timings: dict[str, float] = {}
    clock = time.perf_counter()
    report("Computing text affinity", 25)
    index = _Index(inputs)
    weights = Weights(**params["weights"])
    reviewers_tfidf, submissions_tfidf = tfidf_matrices(
        [reviewer_document(r) for r in inputs.reviewers],
        [submission_document(s) for s in inputs.submissions],
    )
    candidates = find_candidates(
        reviewers_tfidf=reviewers_tfidf,
        submissions_tfidf=submissions_tfidf,
        submission_track=index.submission_track,
        reviewer_scope=index.reviewer_scope,
        excluded=index.excluded,
        bids=index.bids,
        weights=weights,
    )
    pins, rejected = index.pins(params["keep_current"])
    pin_affinity = pair_affinities(reviewers_tfidf, submissions_tfidf, pins[:, 0], pins[:, 1])
    timings["affinity"] = _lap(clock)

    clock = time.perf_counter()
    report("Solving", 55)
    problem, affinity, bid_codes = _problem(index, candidates, pins, pin_affinity, params, weights)
    result = solve_assignment(problem)
    timings["solving"] = _lap(clock)

    clock = time.perf_counter()
    report("Explaining shortfalls", 80)
    shortfalls = rejected + explanations.explain_shortfalls(
        problem, result, index.context(params["max_load"], candidates.per_submission)
    )
    pairs = [
        ProposedPair(
            submission_id=index.submission_ids[problem.pair_submission[p]],
            reviewer_id=index.reviewer_ids[problem.pair_reviewer[p]],
            cost=float(result.total_cost[n]),
            bid_cost=float(result.bid_cost[n]),
            affinity_cost=float(result.affinity_cost[n]),
            load_cost=float(result.load_cost[n]),
            affinity=float(affinity[p]),
            bid=BID_NAMES[int(bid_codes[p])],
            pinned=bool(problem.pinned[p]),
        )
        for n, p in enumerate(result.pairs)
    ]
    runners_up = _runners_up(index, problem, result, affinity, bid_codes)
    timings["explaining"] = _lap(clock)
    summary = {
        "wanted": int(problem.wanted.sum()),
        "submissions": len(inputs.submissions),
        "reviewers": len(inputs.reviewers),
        "assigned": len(pairs),
        "pinned": sum(p.pinned for p in pairs),
        "loads": {str(r): int(n) for r, n in zip(index.reviewer_ids, result.loads, strict=True)},
        "held_elsewhere": {str(r.id): r.held for r in inputs.reviewers if r.held},
        "coverage": {
            str(s): int(n) for s, n in zip(index.submission_ids, result.coverage, strict=True)
        },
        "shortfalls": shortfalls,
        "runners_up": runners_up,
        "objective": round(result.objective, 6),
        "candidate_pairs": len(problem.pair_submission),
        "sparsified": (
            {"per_submission": candidates.per_submission} if candidates.sparsified else False
        ),
        "timings": timings | {"solver": result.timings},
    }
    return Outcome(pairs=pairs, summary=summary)


def _runners_up(index, problem, result, affinity, bid_codes) -> dict[str, list[dict]]:
    """Per proposal, the cheapest candidates the optimum left out, with what adding each would
    have cost (its load cost as its reviewer's next review) and whether they were full."""
    chosen = np.zeros(len(problem.pair_submission), dtype=bool)
    chosen[result.pairs] = True
    left = np.flatnonzero(~chosen)
    bid_cost, affinity_cost = problem.pair_costs()
    pair_cost = bid_cost[left] + affinity_cost[left]
    order = left[np.lexsort((pair_cost, problem.pair_submission[left]))]
    submissions = problem.pair_submission[order]
    first = np.searchsorted(submissions, submissions, side="left")
    order = order[np.arange(len(order)) - first < RUNNERS_UP]
    runners_up: dict[str, list[dict]] = {}
    for p in order:
        j = problem.pair_reviewer[p]
        load_cost = float(problem.load_marginal(result.loads[j]))
        runners_up.setdefault(str(index.submission_ids[problem.pair_submission[p]]), []).append(
            {
                "reviewer_id": index.reviewer_ids[j],
                "bid": BID_NAMES[int(bid_codes[p])],
                "affinity": round(float(affinity[p]), 4),
                "bid_cost": round(float(bid_cost[p]), 4),
                "affinity_cost": round(float(affinity_cost[p]), 4),
                "load_cost": round(load_cost, 4),
                "total": round(float(bid_cost[p] + affinity_cost[p]) + load_cost, 4),
                "full": bool(result.loads[j] >= problem.max_load[j]),
            }
        )
    return runners_up


def _lap(started: float) -> float:
    return round(time.perf_counter() - started, 4)


def _problem(index, candidates, pins, pin_affinity, params, weights):
    n_rev = len(index.reviewer_ids)
    pin_keys = pins[:, 0] * n_rev + pins[:, 1]
    keep = ~np.isin(candidates.submission * n_rev + candidates.reviewer, pin_keys)
    pin_bids = np.array([index.bids[i, j] for i, j in pins] if len(pins) else [], dtype=np.int8)
    submission = np.concatenate([candidates.submission[keep], pins[:, 0]])
    reviewer = np.concatenate([candidates.reviewer[keep], pins[:, 1]])
    affinity = np.concatenate([candidates.affinity[keep], pin_affinity])
    bid_codes = np.concatenate([candidates.bid[keep], pin_bids])
    pinned = np.concatenate([np.zeros(int(keep.sum()), bool), np.ones(len(pins), bool)])
    problem = AssignmentProblem(
        wanted=np.full(len(index.submission_ids), params["reviews_per_submission"]),
        min_load=index.min_load(params["min_load"]),
        max_load=index.max_load(params["max_load"]),
        pair_submission=submission,
        pair_reviewer=reviewer,
        bid_cost=BID_COSTS[bid_codes],
        affinity_cost=1.0 - affinity,
        pinned=pinned,
        weights=weights,
    )
    return problem, affinity, bid_codes


class _Index:
    """Positions of submissions, reviewers and tracks, and the pair matrices built on them."""

    def __init__(self, inputs: RunInputs):
        self.inputs = inputs
        self.submission_ids = [s.id for s in inputs.submissions]
        self.reviewer_ids = [r.id for r in inputs.reviewers]
        self.sub_pos = {pk: i for i, pk in enumerate(self.submission_ids)}
        self.rev_pos = {pk: j for j, pk in enumerate(self.reviewer_ids)}
        track_ids = sorted({s.track_id for s in inputs.submissions})
        track_pos = {pk: t for t, pk in enumerate(track_ids)}
        self.submission_track = np.array(
            [track_pos[s.track_id] for s in inputs.submissions], dtype=np.int64
        )
        self.reviewer_scope = np.array(
            [
                [r.track_ids is None or t in r.track_ids for t in track_ids]
                for r in inputs.reviewers
            ],
            dtype=bool,
        ).reshape(len(inputs.reviewers), len(track_ids))
        self.conflicted_pairs = self._positions(inputs.conflicts)
        self.forbidden_pairs = self._positions(inputs.forbidden) - self.conflicted_pairs
        self.excluded = self._matrix(
            dict.fromkeys(self.conflicted_pairs | self.forbidden_pairs, 1), bool
        )
        self.bids = self._matrix(
            {
                (self.sub_pos[s], self.rev_pos[r]): BID_CODES[preference]
                for (s, r), preference in inputs.bids.items()
                if s in self.sub_pos and r in self.rev_pos
            },
            np.int8,
        )

    def _positions(self, pairs) -> set[tuple[int, int]]:
        return {
            (self.sub_pos[s], self.rev_pos[r])
            for s, r in pairs
            if s in self.sub_pos and r in self.rev_pos
        }

    def _matrix(self, values: dict, dtype) -> sparse.csr_matrix:
        shape = (len(self.submission_ids), len(self.reviewer_ids))
        if not values:
            return sparse.csr_matrix(shape, dtype=dtype)
        rows, cols = zip(*values, strict=True)
        return sparse.csr_matrix((list(values.values()), (rows, cols)), shape=shape, dtype=dtype)

    def in_scope(self, i: int, j: int) -> bool:
        return bool(self.reviewer_scope[j, self.submission_track[i]])

    def pins(self, keep_current: bool) -> tuple[np.ndarray, list[dict]]:
        """Accepted pin positions (chairs' pins, then kept assignments) and rejected ones."""
        kept = self.inputs.current - self.inputs.pins - self.inputs.forbidden
        wanted = sorted(self.inputs.pins) + sorted(kept if keep_current else set())
        accepted, rejected = [], []
        for submission_id, reviewer_id in wanted:
            reason = self._pin_problem(submission_id, reviewer_id)
            if reason:
                rejected.append(
                    explanations.shortfall(
                        explanations.PIN_REJECTED,
                        reason,
                        submission_id=submission_id,
                        reviewer_id=reviewer_id,
                    )
                )
            else:
                accepted.append((self.sub_pos[submission_id], self.rev_pos[reviewer_id]))
        return np.array(accepted, dtype=np.int64).reshape(-1, 2), rejected

    def _pin_problem(self, submission_id: int, reviewer_id: int) -> str | None:
        what = "Pin" if (submission_id, reviewer_id) in self.inputs.pins else "Current assignment"
        if reviewer_id not in self.rev_pos:
            return (
                f"{what} on proposal {submission_id} rejected: the user does not review its track."
            )
        i, j = self.sub_pos[submission_id], self.rev_pos[reviewer_id]
        pair = f"{what} of {self.reviewer_label(j)} on {self.submission_label(i)}"
        if (submission_id, reviewer_id) in self.inputs.conflicts:
            reasons = ", ".join(
                str(r.label) for r in self.inputs.conflicts[submission_id, reviewer_id]
            )
            return f"{pair} rejected: conflict of interest ({reasons.lower()})."
        if not self.in_scope(i, j):
            return f"{pair} rejected: the proposal's track is outside the reviewer's tracks."
        return None

    def submission_label(self, i: int) -> str:
        submission = self.inputs.submissions[i]
        return f"#{submission.id} “{submission.title}”"

    def reviewer_label(self, j: int) -> str:
        return self.inputs.reviewers[j].label

    def caps(self) -> np.ndarray:
        return np.array(
            [NO_LIMIT if r.cap is None else r.cap for r in self.inputs.reviewers], dtype=np.int64
        )

    def held(self) -> np.ndarray:
        return np.array([r.held for r in self.inputs.reviewers], dtype=np.int64)

    def max_load(self, max_load: int) -> np.ndarray:
        return np.clip(np.minimum(max_load, self.caps()) - self.held(), 0, None)

    def min_load(self, min_load: int) -> np.ndarray:
        return np.clip(np.minimum(min_load, self.caps()) - self.held(), 0, None)

    def context(self, max_load: int, per_submission: int | None) -> explanations.Context:
        n_sub = len(self.submission_ids)
        scope_size = self.reviewer_scope.sum(axis=0)[self.submission_track]
        return explanations.Context(
            submission_ids=self.submission_ids,
            reviewer_ids=self.reviewer_ids,
            submission_labels=[self.submission_label(i) for i in range(n_sub)],
            reviewer_labels=[self.reviewer_label(j) for j in range(len(self.reviewer_ids))],
            max_load=max_load,
            reviewer_cap=self.caps(),
            held=self.held(),
            committee_size=np.full(n_sub, len(self.reviewer_ids)),
            conflicted=self._count_in_scope(self.conflicted_pairs),
            forbidden=self._count_in_scope(self.forbidden_pairs),
            outside_scope=len(self.reviewer_ids) - scope_size,
            per_submission=per_submission,
        )

    def _count_in_scope(self, pairs) -> np.ndarray:
        counts = np.zeros(len(self.submission_ids), dtype=np.int64)
        for i, j in pairs:
            if self.in_scope(i, j):
                counts[i] += 1
        return counts
