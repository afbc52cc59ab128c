"""Optimal reviewer assignment as a min-cost flow (pure numpy and OR-Tools, no Django).

The network: source → submission (capacity: reviews still wanted) → reviewer (one arc per
candidate pair, capacity 1, cost = the pair's weighted bid and affinity cost) → sink (one arc per
further review of the reviewer, with a rising cost that spreads the load). Bypass arcs
submission → sink carry the reviews nobody can give at a huge (and, per proposal, rising) cost,
so a shortfall is reported instead of making the problem infeasible. Reviews within a
reviewer's minimum load are cheaper than the rest by a large constant, so the optimum first
maximises coverage, then spreads what is missing over the proposals, then fills minimum loads,
then minimises the pair and load costs.
"""

import time
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import min_cost_flow

SCALE = 1000  # integer cost units per unit of weighted cost


class SolverError(RuntimeError):
    pass


@dataclass(frozen=True)
class Weights:
    bid: float = 1.0
    affinity: float = 1.0
    load: float = 1.0


@dataclass
class AssignmentProblem:
    """Indexes are positions in ``wanted`` (submissions) and ``min_load``/``max_load`` (reviewers).

    ``max_load`` is the capacity left for this run (load held outside it already subtracted).
    Each candidate pair has a bid cost and an affinity cost in [0, 1]; ``pinned`` pairs are
    forced in (unless that would exceed the reviewer's ``max_load``).
    """

    wanted: np.ndarray
    min_load: np.ndarray
    max_load: np.ndarray
    pair_submission: np.ndarray
    pair_reviewer: np.ndarray
    bid_cost: np.ndarray
    affinity_cost: np.ndarray
    pinned: np.ndarray | None = None
    weights: Weights = field(default_factory=Weights)

    def __post_init__(self):
        self.wanted = np.asarray(self.wanted, dtype=np.int64)
        self.min_load = np.asarray(self.min_load, dtype=np.int64)
        self.max_load = np.asarray(self.max_load, dtype=np.int64)
        self.pair_submission = np.asarray(self.pair_submission, dtype=np.int64)
        self.pair_reviewer = np.asarray(self.pair_reviewer, dtype=np.int64)
        self.bid_cost = np.asarray(self.bid_cost, dtype=np.float64)
        self.affinity_cost = np.asarray(self.affinity_cost, dtype=np.float64)
        n_pairs = len(self.pair_submission)
        self.pinned = (
            np.zeros(n_pairs, dtype=bool)
            if self.pinned is None
            else np.asarray(self.pinned, dtype=bool)
        )
        lengths = {
            len(a) for a in (self.pair_reviewer, self.bid_cost, self.affinity_cost, self.pinned)
        }
        if lengths != {n_pairs} or len(self.min_load) != len(self.max_load):
            raise ValueError("Pair arrays (and reviewer arrays) must have equal lengths.")
        keys = np.sort(self.pair_submission * max(self.n_reviewers, 1) + self.pair_reviewer)
        if (np.diff(keys) == 0).any():  # sorting beats np.unique's hashing here by 50×
            raise ValueError("A candidate pair appears twice.")

    @property
    def n_submissions(self) -> int:
        return len(self.wanted)

    @property
    def n_reviewers(self) -> int:
        return len(self.max_load)

    @property
    def fair_share(self) -> int:
        """Reviews per reviewer if the demand were spread evenly: the unit of load cost."""
        able = max(int((self.max_load > 0).sum()), 1)
        return max(int(np.ceil(self.wanted.sum() / able)), 1)

    def pair_costs(self) -> tuple[np.ndarray, np.ndarray]:
        return self.weights.bid * self.bid_cost, self.weights.affinity * self.affinity_cost

    def load_marginal(self, index) -> np.ndarray:
        """The load cost of a reviewer's review number ``index + 1``: rises with each one."""
        return self.weights.load * np.asarray(index, dtype=np.float64) / self.fair_share


@dataclass
class AssignmentResult:
    """``pairs`` index the problem's candidate pairs; the cost arrays are aligned with them."""

    pairs: np.ndarray
    bid_cost: np.ndarray
    affinity_cost: np.ndarray
    load_cost: np.ndarray
    total_cost: np.ndarray
    loads: np.ndarray
    coverage: np.ndarray
    rejected_pins: np.ndarray  # pair indexes of pins over the reviewer's max load
    objective: float
    timings: dict[str, float]


def solve_assignment(problem: AssignmentProblem) -> AssignmentResult:
    started = time.perf_counter()
    pins, rejected = _accept_pins(problem)
    pin_load = np.bincount(problem.pair_reviewer[pins], minlength=problem.n_reviewers)
    pin_cover = np.bincount(problem.pair_submission[pins], minlength=problem.n_submissions)
    free = np.flatnonzero(~problem.pinned)
    demand = np.maximum(problem.wanted - pin_cover, 0)
    capacity = np.maximum(problem.max_load - pin_load, 0)

    network = _FlowNetwork(problem, free, demand, capacity, pin_load)
    built = time.perf_counter()
    chosen_free = network.solve()
    solved = time.perf_counter()

    chosen = np.concatenate([pins, chosen_free])
    result = _price(problem, chosen, rejected)
    result.timings = {
        "build": round(built - started, 4),
        "solve": round(solved - built, 4),
        "arcs": network.n_arcs,
    }
    return result


def _accept_pins(problem: AssignmentProblem) -> tuple[np.ndarray, np.ndarray]:
    """Pins in the order given, each reviewer's beyond their max load rejected."""
    pins = np.flatnonzero(problem.pinned)
    reviewers = problem.pair_reviewer[pins]
    order = np.argsort(reviewers, kind="stable")
    sorted_reviewers = reviewers[order]
    first = np.searchsorted(sorted_reviewers, sorted_reviewers, side="left")
    rank = np.empty(len(pins), dtype=np.int64)
    rank[order] = np.arange(len(pins)) - first
    fits = rank < problem.max_load[reviewers]
    return pins[fits], pins[~fits]


class _FlowNetwork:
    def __init__(self, problem, free, demand, capacity, pin_load):
        self.problem, self.free = problem, free
        n_sub, n_rev = problem.n_submissions, problem.n_reviewers
        self.source, self.sink = n_sub + n_rev, n_sub + n_rev + 1
        bid, affinity = problem.pair_costs()
        pair_cost = np.rint((bid + affinity)[free] * SCALE).astype(np.int64)

        degree = np.bincount(problem.pair_reviewer[free], minlength=n_rev)
        units = np.minimum(capacity, degree)
        unit_reviewer = np.repeat(np.arange(n_rev), units)
        unit_index = np.arange(units.sum()) - np.repeat(np.cumsum(units) - units, units)
        unit_index += pin_load[unit_reviewer]
        load_cost = np.rint(problem.load_marginal(unit_index) * SCALE).astype(np.int64)

        spread = int(pair_cost.max(initial=0) + load_cost.max(initial=0) + 1)
        chain = 2 * min(n_sub, n_rev) + 2  # an augmenting path crosses at most this many arcs
        min_bonus = spread * chain
        below_min = unit_index < problem.min_load[unit_reviewer]
        load_cost += np.where(below_min, 0, min_bonus)
        # A review nobody can give goes sub → sink; each further one missing on the same
        # proposal costs more, so shortfalls spread over proposals instead of piling up.
        missing_step = 3 * min_bonus
        missing_base = missing_step * (2 * int(demand.max(initial=0)) + 2)
        subs = np.flatnonzero(demand)
        miss_sub = np.repeat(subs, demand[subs])
        miss_index = np.arange(len(miss_sub)) - np.repeat(
            np.cumsum(demand[subs]) - demand[subs], demand[subs]
        )
        miss_cost = missing_base + missing_step * miss_index

        total = int(demand.sum())
        self.tails = np.concatenate(
            [
                np.full(len(subs), self.source),
                problem.pair_submission[free],
                n_sub + unit_reviewer,
                miss_sub,
            ]
        )
        self.heads = np.concatenate(
            [
                subs,
                n_sub + problem.pair_reviewer[free],
                np.full(len(unit_reviewer) + len(miss_sub), self.sink),
            ]
        )
        n_unit_arcs = len(free) + len(unit_reviewer) + len(miss_sub)
        self.capacities = np.concatenate([demand[subs], np.ones(n_unit_arcs, dtype=np.int64)])
        self.costs = np.concatenate(
            [np.zeros(len(subs), dtype=np.int64), pair_cost, load_cost, miss_cost]
        )
        self.pair_arcs = slice(len(subs), len(subs) + len(free))
        self.total = total
        self.n_arcs = len(self.tails)

    def solve(self) -> np.ndarray:
        if self.total == 0 or len(self.free) == 0:
            return np.empty(0, dtype=np.int64)
        flow = min_cost_flow.SimpleMinCostFlow()
        arcs = flow.add_arcs_with_capacity_and_unit_cost(
            self.tails.astype(np.int32),
            self.heads.astype(np.int32),
            self.capacities.astype(np.int64),
            self.costs.astype(np.int64),
        )
        flow.set_node_supply(self.source, self.total)
        flow.set_node_supply(self.sink, -self.total)
        status = flow.solve()
        if status != flow.OPTIMAL:
            raise SolverError(f"The min-cost flow solver stopped with status {status}.")
        used = flow.flows(arcs[self.pair_arcs]) > 0
        return self.free[used]


def _price(problem: AssignmentProblem, chosen: np.ndarray, rejected: np.ndarray):
    """Cost breakdown per chosen pair: each reviewer's pins take the first load slots, then
    their other pairs from the cheapest up, so the most expensive pair carries the last
    (highest) marginal load cost."""
    bid, affinity = problem.pair_costs()
    pair_cost = bid[chosen] + affinity[chosen]
    reviewers = problem.pair_reviewer[chosen]
    order = np.lexsort((pair_cost, ~problem.pinned[chosen], reviewers))
    chosen, pair_cost, reviewers = chosen[order], pair_cost[order], reviewers[order]
    slot = np.arange(len(chosen)) - np.searchsorted(reviewers, reviewers, side="left")
    load_cost = problem.load_marginal(slot)
    total = pair_cost + load_cost
    return AssignmentResult(
        pairs=chosen,
        bid_cost=bid[chosen],
        affinity_cost=affinity[chosen],
        load_cost=load_cost,
        total_cost=total,
        loads=np.bincount(reviewers, minlength=problem.n_reviewers),
        coverage=np.bincount(problem.pair_submission[chosen], minlength=problem.n_submissions),
        rejected_pins=rejected,
        objective=float(total.sum()),
        timings={},
    )
