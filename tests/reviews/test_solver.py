import itertools

import numpy as np
import pytest

from reviews.assignment import explanations
from reviews.assignment.solver import AssignmentProblem, Weights, solve_assignment


def _random_problem(rng, n_sub, n_rev, density=0.8, pin_rate=0.1) -> AssignmentProblem:
    pairs = [(i, j) for i in range(n_sub) for j in range(n_rev) if rng.random() < density]
    n = len(pairs)
    max_load = rng.integers(0, 4, n_rev)
    return AssignmentProblem(
        wanted=rng.integers(0, 3, n_sub),
        min_load=np.minimum(rng.integers(0, 3, n_rev), max_load),
        max_load=max_load,
        pair_submission=[p[0] for p in pairs],
        pair_reviewer=[p[1] for p in pairs],
        bid_cost=rng.choice([0.0, 0.25, 0.5, 1.0], n),
        affinity_cost=rng.integers(0, 11, n) / 10,
        pinned=rng.random(n) < pin_rate,
        weights=Weights(*rng.integers(0, 3, 3).astype(float)),
    )


def _key(problem: AssignmentProblem, chosen) -> tuple[int, int, int, float]:
    """What the solver optimises, in order: coverage, shortfalls spread (the sum over proposals
    of 0 + 1 + … + (missing − 1)), minimum loads met, then cost."""
    chosen = np.asarray(chosen, dtype=np.int64)
    cover = np.bincount(problem.pair_submission[chosen], minlength=problem.n_submissions)
    missing = np.maximum(problem.wanted - cover, 0)
    loads = np.bincount(problem.pair_reviewer[chosen], minlength=problem.n_reviewers)
    bid, affinity = problem.pair_costs()
    load_cost = sum(problem.load_marginal(np.arange(n)).sum() for n in loads)
    cost = float((bid + affinity)[chosen].sum() + load_cost)
    return (
        int(np.minimum(cover, problem.wanted).sum()),
        int((missing * (missing - 1) // 2).sum()),
        int(np.minimum(loads, problem.min_load).sum()),
        cost,
    )


def _feasible(problem: AssignmentProblem, chosen, pins) -> bool:
    chosen = list(chosen)
    if not set(pins) <= set(chosen):
        return False
    loads = np.bincount(problem.pair_reviewer[chosen], minlength=problem.n_reviewers)
    cover = np.bincount(problem.pair_submission[chosen], minlength=problem.n_submissions)
    free = [p for p in chosen if p not in pins]
    free_cover = np.bincount(problem.pair_submission[free], minlength=problem.n_submissions)
    pin_cover = cover - free_cover
    return bool(
        (loads <= problem.max_load).all()
        and (free_cover <= np.maximum(problem.wanted - pin_cover, 0)).all()
    )


def _rank(key) -> tuple:
    return (-key[0], key[1], -key[2], key[3])


def _brute_force_best(problem: AssignmentProblem, pins) -> tuple[int, int, int, float]:
    free = [p for p in range(len(problem.pair_submission)) if p not in pins]
    best = None
    for size in range(len(free) + 1):
        for subset in itertools.combinations(free, size):
            chosen = [*pins, *subset]
            if _feasible(problem, chosen, pins):
                key = _key(problem, chosen)
                if best is None or _rank(key) < _rank(best):
                    best = key
    return best


@pytest.mark.parametrize("seed", range(40))
def test_solver_is_optimal_against_brute_force(seed):
    rng = np.random.default_rng(seed)
    problem = _random_problem(rng, n_sub=int(rng.integers(1, 4)), n_rev=int(rng.integers(1, 4)))

    result = solve_assignment(problem)

    pins = [int(p) for p in np.flatnonzero(problem.pinned) if p not in result.rejected_pins]
    solver_key = _key(problem, result.pairs)
    best = _brute_force_best(problem, pins)
    assert solver_key[:3] == best[:3]
    assert solver_key[3] == pytest.approx(best[3], abs=1e-3 * (len(result.pairs) + 1))
    assert result.objective == pytest.approx(solver_key[3])


@pytest.mark.parametrize("seed", range(60))
def test_solver_constraints_always_hold(seed):
    rng = np.random.default_rng(1000 + seed)
    n_sub, n_rev = int(rng.integers(1, 40)), int(rng.integers(1, 15))
    problem = _random_problem(rng, n_sub, n_rev, density=rng.random(), pin_rate=0.05)

    result = solve_assignment(problem)

    chosen = result.pairs
    keys = problem.pair_submission[chosen] * n_rev + problem.pair_reviewer[chosen]
    pins = np.flatnonzero(problem.pinned)
    accepted = np.setdiff1d(pins, result.rejected_pins)
    pin_cover = np.bincount(problem.pair_submission[accepted], minlength=n_sub)
    assert len(np.unique(keys)) == len(chosen)
    assert set(accepted) <= set(chosen.tolist())
    assert (result.loads <= problem.max_load).all()
    assert (result.coverage <= np.maximum(problem.wanted, pin_cover)).all()
    assert result.loads.sum() == len(chosen) == result.coverage.sum()
    rejected_loads = problem.max_load[problem.pair_reviewer[result.rejected_pins]]
    accepted_per_reviewer = np.bincount(problem.pair_reviewer[accepted], minlength=n_rev)
    assert (
        accepted_per_reviewer[problem.pair_reviewer[result.rejected_pins]] == rejected_loads
    ).all()
    np.testing.assert_allclose(
        result.total_cost, result.bid_cost + result.affinity_cost + result.load_cost
    )


def test_solver_spreads_load_when_costs_tie():
    problem = AssignmentProblem(
        wanted=[1] * 4,
        min_load=[0, 0],
        max_load=[4, 4],
        pair_submission=[0, 0, 1, 1, 2, 2, 3, 3],
        pair_reviewer=[0, 1] * 4,
        bid_cost=[0.0] * 8,
        affinity_cost=[0.0] * 8,
    )

    result = solve_assignment(problem)

    assert result.loads.tolist() == [2, 2]
    assert sorted(result.load_cost.tolist()) == [0.0, 0.0, 0.5, 0.5]


def test_solver_prefers_coverage_over_cheaper_pairs():
    problem = AssignmentProblem(
        wanted=[1, 1],
        min_load=[0, 0],
        max_load=[1, 1],
        pair_submission=[0, 0, 1],
        pair_reviewer=[0, 1, 0],
        bid_cost=[0.0, 1.0, 1.0],
        affinity_cost=[0.0, 1.0, 1.0],
    )

    result = solve_assignment(problem)

    assert sorted(
        zip(
            problem.pair_submission[result.pairs].tolist(),
            problem.pair_reviewer[result.pairs].tolist(),
            strict=True,
        )
    ) == [(0, 1), (1, 0)]


def test_solver_meets_min_load_before_cost():
    problem = AssignmentProblem(
        wanted=[1, 1],
        min_load=[0, 1],
        max_load=[2, 2],
        pair_submission=[0, 0, 1, 1],
        pair_reviewer=[0, 1, 0, 1],
        bid_cost=[0.0, 1.0, 0.0, 1.0],
        affinity_cost=[0.0, 1.0, 0.0, 1.0],
        weights=Weights(load=0.0),
    )

    result = solve_assignment(problem)

    assert result.loads.tolist() == [1, 1]


def _context(problem, **overrides) -> explanations.Context:
    n_sub, n_rev = problem.n_submissions, problem.n_reviewers
    values = {
        "submission_ids": [100 + i for i in range(n_sub)],
        "reviewer_ids": [200 + j for j in range(n_rev)],
        "submission_labels": [f"#{100 + i}" for i in range(n_sub)],
        "reviewer_labels": [f"R{j}" for j in range(n_rev)],
        "max_load": int(problem.max_load.max(initial=0)),
        "reviewer_cap": np.full(n_rev, 10**6),
        "held": np.zeros(n_rev, dtype=np.int64),
        "committee_size": np.full(n_sub, n_rev),
        "conflicted": np.zeros(n_sub, dtype=np.int64),
        "forbidden": np.zeros(n_sub, dtype=np.int64),
        "outside_scope": np.zeros(n_sub, dtype=np.int64),
    }
    return explanations.Context(**values | overrides)


def _dense(n_sub, n_rev, wanted, max_load, min_load=0) -> AssignmentProblem:
    return AssignmentProblem(
        wanted=[wanted] * n_sub,
        min_load=[min_load] * n_rev,
        max_load=[max_load] * n_rev,
        pair_submission=np.repeat(np.arange(n_sub), n_rev),
        pair_reviewer=np.tile(np.arange(n_rev), n_sub),
        bid_cost=np.zeros(n_sub * n_rev),
        affinity_cost=np.zeros(n_sub * n_rev),
    )


def test_explains_total_capacity_below_demand():
    problem = _dense(n_sub=100, n_rev=70, wanted=3, max_load=4)

    shortfalls = explanations.explain_shortfalls(
        problem, solve_assignment(problem), _context(problem)
    )

    assert shortfalls[0] == {
        "kind": "capacity",
        "submission_id": None,
        "reviewer_id": None,
        "message": "300 reviews wanted, the reviewers can take 280 at max load 4: "
        "raise max load to 5 or add 5 reviewers.",
    }
    assert [s["kind"] for s in shortfalls[1:]] == ["eligible_at_max_load"] * 20


def test_explains_proposal_with_too_few_eligible_reviewers():
    problem = AssignmentProblem(
        wanted=[3],
        min_load=[0, 0],
        max_load=[5, 5],
        pair_submission=[0, 0],
        pair_reviewer=[0, 1],
        bid_cost=[0.0, 0.0],
        affinity_cost=[0.0, 0.0],
    )
    context = _context(
        problem,
        committee_size=np.array([12]),
        conflicted=np.array([7]),
        forbidden=np.array([2]),
        outside_scope=np.array([1]),
    )

    shortfalls = explanations.explain_shortfalls(problem, solve_assignment(problem), context)

    assert shortfalls == [
        {
            "kind": "too_few_eligible",
            "submission_id": 100,
            "reviewer_id": None,
            "message": "#100 needs 3 reviews, got 2: 2 eligible of 12 reviewers (7 conflicted, "
            "2 forbidden, 1 outside its track). Add reviewers for its track or lower the "
            "reviews per proposal.",
        }
    ]


def test_explains_eligible_reviewers_all_at_max_load():
    problem = AssignmentProblem(
        wanted=[1, 1],
        min_load=[0, 0],
        max_load=[1, 5],
        pair_submission=[0, 1],
        pair_reviewer=[0, 0],
        bid_cost=[0.0, 1.0],
        affinity_cost=[0.0, 1.0],
    )

    shortfalls = explanations.explain_shortfalls(
        problem, solve_assignment(problem), _context(problem, committee_size=np.array([1, 1]))
    )

    assert [s["kind"] for s in shortfalls] == ["eligible_at_max_load"]
    assert shortfalls[0]["submission_id"] == 101
    assert "got 0: the other 1 eligible reviewer is at their max load" in (shortfalls[0]["message"])


def test_max_load_explanation_counts_only_the_reviewers_not_already_on_the_proposal():
    problem = AssignmentProblem(
        wanted=[3],
        min_load=[0, 0, 0],
        max_load=[2, 2, 0],
        pair_submission=[0, 0, 0],
        pair_reviewer=[0, 1, 2],
        bid_cost=[0.0, 0.0, 0.0],
        affinity_cost=[0.0, 0.0, 0.0],
    )

    shortfalls = explanations.explain_shortfalls(
        problem, solve_assignment(problem), _context(problem, committee_size=np.array([3]))
    )

    assert [s["kind"] for s in shortfalls] == ["eligible_at_max_load"]
    assert "got 2: the other 1 eligible reviewer is at their max load" in (shortfalls[0]["message"])


@pytest.mark.parametrize(
    ("wanted", "pairs", "reason"),
    [
        (1, 2, "only 2 proposals they may review"),
        (0, 6, "only 0 reviews are wanted"),
    ],
)
def test_explains_unmet_min_load(wanted, pairs, reason):
    problem = AssignmentProblem(
        wanted=[wanted] * 6,
        min_load=[3],
        max_load=[5],
        pair_submission=list(range(pairs)),
        pair_reviewer=[0] * pairs,
        bid_cost=[0.0] * pairs,
        affinity_cost=[0.0] * pairs,
    )

    [shortfall] = [
        s
        for s in explanations.explain_shortfalls(
            problem, solve_assignment(problem), _context(problem)
        )
        if s["kind"] == "min_load"
    ]

    assert shortfall["reviewer_id"] == 200
    assert shortfall["message"].startswith("R0 has ")
    assert reason in shortfall["message"]


def test_explains_pin_over_max_load():
    problem = AssignmentProblem(
        wanted=[1, 1],
        min_load=[0],
        max_load=[1],
        pair_submission=[0, 1],
        pair_reviewer=[0, 0],
        bid_cost=[0.0, 0.0],
        affinity_cost=[0.0, 0.0],
        pinned=[True, True],
    )

    result = solve_assignment(problem)
    shortfalls = explanations.explain_shortfalls(problem, result, _context(problem))

    assert result.pairs.tolist() == [0]
    assert shortfalls[-1] == {
        "kind": "pin_rejected",
        "submission_id": 101,
        "reviewer_id": 200,
        "message": "Pin of R0 on #101 rejected: over their max load (1 in this run).",
    }


def test_problem_rejects_duplicate_pairs():
    with pytest.raises(ValueError, match="twice"):
        AssignmentProblem(
            wanted=[1],
            min_load=[0],
            max_load=[1],
            pair_submission=[0, 0],
            pair_reviewer=[0, 0],
            bid_cost=[0.0, 0.0],
            affinity_cost=[0.0, 0.0],
        )
