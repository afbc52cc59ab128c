"""Benchmark the automatic assignment engine on synthetic but structured conferences.

    .venv/bin/python benchmarks/assignment.py [--case small|large] [--seed N]

small: 3,000 proposals × 300 reviewers × 3 reviews (every eligible pair, dense).
large: 20,000 proposals × 20,000 reviewers × 4 reviews (each proposal's best candidates).

Proposals and reviewers draw their words from topics; reviewers bid mostly on their own topics,
some pairs are conflicts, some reviewers review only some tracks, chairs pinned a few pairs.
Affinity (TF-IDF and candidate selection) and solving are timed separately, then every
constraint of the result is checked. Not part of the test suite.
"""

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reviews.assignment import explanations
from reviews.assignment.affinity import pair_affinities, tfidf_matrices
from reviews.assignment.candidates import (
    BID_COSTS,
    EAGER,
    NOT_WILLING,
    WILLING,
    find_candidates,
)
from reviews.assignment.solver import AssignmentProblem, Weights, solve_assignment


@dataclass(frozen=True)
class Case:
    submissions: int
    reviewers: int
    reviews: int
    min_load: int
    max_load: int
    bids: str  # how bids are drawn
    tracks: int = 6
    topics: int = 60


CASES = {
    "small": Case(3000, 300, 3, min_load=20, max_load=40, bids="10% of all pairs"),
    "large": Case(20000, 20000, 4, min_load=2, max_load=6, bids="40 per reviewer"),
}


def _documents(rng, count, topics, words_per_topic, length):
    main = rng.integers(0, topics, count)
    second = rng.integers(0, topics, count)
    docs = []
    for m, s in zip(main, second, strict=True):
        topic = np.where(rng.random(length) < 0.75, m, s)
        word = rng.integers(0, words_per_topic, length)
        docs.append(" ".join(f"t{t}w{w}" for t, w in zip(topic, word, strict=True)))
    return docs, main


def build_inputs(case: Case, seed: int):
    rng = np.random.default_rng(seed)
    sub_docs, sub_topic = _documents(rng, case.submissions, case.topics, 40, 80)
    rev_docs, rev_topic = _documents(rng, case.reviewers, case.topics, 40, 40)
    submission_track = sub_topic % case.tracks
    reviewer_scope = np.ones((case.reviewers, case.tracks), dtype=bool)
    narrow = rng.random(case.reviewers) < 0.3  # 30% review only their topic's track
    reviewer_scope[narrow] = False
    reviewer_scope[narrow, rev_topic[narrow] % case.tracks] = True

    n_pairs = case.submissions * case.reviewers
    if case.bids.startswith("10%"):
        bid_keys = rng.choice(n_pairs, n_pairs // 10, replace=False)
    else:
        same_topic = [np.flatnonzero(sub_topic == t) for t in range(case.topics)]
        bid_keys = np.concatenate([rng.choice(same_topic[t], 40) for t in rev_topic])
        bid_keys = bid_keys * case.reviewers + np.repeat(np.arange(case.reviewers), 40)
        bid_keys = np.unique(bid_keys)
    bid_sub, bid_rev = np.divmod(bid_keys, case.reviewers)
    matches = sub_topic[bid_sub] == rev_topic[bid_rev]
    codes = np.where(
        matches,
        rng.choice([EAGER, WILLING], len(bid_keys)),
        rng.choice([WILLING, NOT_WILLING], len(bid_keys)),
    ).astype(np.int8)
    bids = sparse.csr_matrix(
        (codes, (bid_sub, bid_rev)), shape=(case.submissions, case.reviewers), dtype=np.int8
    )
    conflict_keys = np.unique(rng.choice(n_pairs, case.submissions * 2))
    conflict_sub, conflict_rev = np.divmod(conflict_keys, case.reviewers)
    excluded = sparse.csr_matrix(
        (np.ones(len(conflict_keys), dtype=bool), (conflict_sub, conflict_rev)),
        shape=(case.submissions, case.reviewers),
    )
    return {
        "sub_docs": sub_docs,
        "rev_docs": rev_docs,
        "submission_track": submission_track,
        "reviewer_scope": reviewer_scope,
        "bids": bids,
        "excluded": excluded,
    }


def _pins(rng, candidates, count):
    picked = rng.choice(len(candidates.submission), count, replace=False)
    return candidates.submission[picked], candidates.reviewer[picked]


def run(case: Case, seed: int) -> dict:
    data = build_inputs(case, seed)
    weights = Weights()
    started = time.perf_counter()
    reviewers_tfidf, submissions_tfidf = tfidf_matrices(data["rev_docs"], data["sub_docs"])
    tfidf_seconds = time.perf_counter() - started
    candidates = find_candidates(
        reviewers_tfidf=reviewers_tfidf,
        submissions_tfidf=submissions_tfidf,
        submission_track=data["submission_track"],
        reviewer_scope=data["reviewer_scope"],
        excluded=data["excluded"],
        bids=data["bids"],
        weights=weights,
    )
    affinity_seconds = time.perf_counter() - started

    pin_sub, pin_rev = _pins(np.random.default_rng(seed + 1), candidates, 50)
    pinned = np.isin(
        candidates.submission * case.reviewers + candidates.reviewer,
        pin_sub * case.reviewers + pin_rev,
    )
    problem = AssignmentProblem(
        wanted=np.full(case.submissions, case.reviews),
        min_load=np.full(case.reviewers, case.min_load),
        max_load=np.full(case.reviewers, case.max_load),
        pair_submission=candidates.submission,
        pair_reviewer=candidates.reviewer,
        bid_cost=BID_COSTS[candidates.bid],
        affinity_cost=1.0 - candidates.affinity,
        pinned=pinned,
        weights=weights,
    )
    started = time.perf_counter()
    result = solve_assignment(problem)
    solve_seconds = time.perf_counter() - started
    shortfalls = explanations.explain_shortfalls(problem, result, _context(case, problem))
    _verify(case, data, problem, result, reviewers_tfidf, submissions_tfidf)
    return {
        "tfidf_s": round(tfidf_seconds, 2),
        "affinity_and_candidates_s": round(affinity_seconds, 2),
        "solve_s": round(solve_seconds, 2),
        "solver_timings": result.timings,
        "candidate_pairs": len(candidates.submission),
        "sparsified_per_submission": candidates.per_submission,
        "assigned": len(result.pairs),
        "wanted": int(problem.wanted.sum()),
        "load_min_max": (int(result.loads.min()), int(result.loads.max())),
        "mean_affinity": round(float(candidates.affinity[result.pairs].mean()), 3),
        "mean_candidate_affinity": round(float(candidates.affinity.mean()), 3),
        "pairs_with_eager_or_willing_bid": int(np.isin(candidates.bid[result.pairs], [1, 2]).sum()),
        "shortfalls": len(shortfalls),
    }


def _context(case, problem):
    return explanations.Context(
        submission_ids=range(case.submissions),
        reviewer_ids=range(case.reviewers),
        submission_labels=[f"#{i}" for i in range(case.submissions)],
        reviewer_labels=[f"R{j}" for j in range(case.reviewers)],
        max_load=case.max_load,
        reviewer_cap=np.full(case.reviewers, 10**6),
        held=np.zeros(case.reviewers, dtype=np.int64),
        committee_size=np.full(case.submissions, case.reviewers),
        conflicted=np.zeros(case.submissions, dtype=np.int64),
        forbidden=np.zeros(case.submissions, dtype=np.int64),
        outside_scope=np.zeros(case.submissions, dtype=np.int64),
    )


def _verify(case, data, problem, result, reviewers_tfidf, submissions_tfidf):
    sub = problem.pair_submission[result.pairs]
    rev = problem.pair_reviewer[result.pairs]
    keys = sub * case.reviewers + rev
    assert len(np.unique(keys)) == len(keys), "duplicate pair"
    assert not np.asarray(data["excluded"][sub, rev]).any(), "conflicted pair assigned"
    assert data["reviewer_scope"][rev, data["submission_track"][sub]].all(), "outside scope"
    loads = np.bincount(rev, minlength=case.reviewers)
    assert (loads <= case.max_load).all(), "load above max"
    assert (np.bincount(sub, minlength=case.submissions) <= case.reviews).all(), "too many"
    assert set(np.flatnonzero(problem.pinned)) <= set(result.pairs.tolist()), "pin missing"
    recomputed = pair_affinities(reviewers_tfidf, submissions_tfidf, sub, rev)
    np.testing.assert_allclose(1.0 - problem.affinity_cost[result.pairs], recomputed, atol=1e-9)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", choices=sorted(CASES), default="small")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    case = CASES[args.case]
    print(f"case {args.case}: {case}")
    started = time.perf_counter()
    figures = run(case, args.seed)
    for key, value in figures.items():
        print(f"  {key}: {value}")
    print(f"  all constraints hold; total {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
