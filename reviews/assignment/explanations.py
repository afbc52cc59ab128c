"""Why a requirement of an assignment was not met, in words a chair can act on (no Django).

Each shortfall is a dict: ``kind`` (one of KINDS), ``submission_id`` and ``reviewer_id`` (or
None) and ``message``.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .solver import AssignmentProblem, AssignmentResult

CAPACITY = "capacity"
TOO_FEW_ELIGIBLE = "too_few_eligible"
ELIGIBLE_AT_MAX_LOAD = "eligible_at_max_load"
MIN_LOAD = "min_load"
PIN_REJECTED = "pin_rejected"
KINDS = (CAPACITY, TOO_FEW_ELIGIBLE, ELIGIBLE_AT_MAX_LOAD, MIN_LOAD, PIN_REJECTED)


@dataclass
class Context:
    """What the caller knows beyond the solver's arrays; per-submission and per-reviewer arrays
    are aligned with the problem's indexes."""

    submission_ids: Sequence[int]
    reviewer_ids: Sequence[int]
    submission_labels: Sequence[str]
    reviewer_labels: Sequence[str]
    max_load: int  # the run's parameter
    reviewer_cap: np.ndarray  # each reviewer's own limit (profile), a large number if none
    held: np.ndarray  # reviews each reviewer holds outside the run
    committee_size: np.ndarray  # per submission: reviewers considered
    conflicted: np.ndarray
    forbidden: np.ndarray
    outside_scope: np.ndarray
    per_submission: int | None = None  # candidates kept per submission when sparsified


def shortfall(kind, message, *, submission_id=None, reviewer_id=None) -> dict:
    return {
        "kind": kind,
        "submission_id": submission_id,
        "reviewer_id": reviewer_id,
        "message": message,
    }


def explain_shortfalls(
    problem: AssignmentProblem, result: AssignmentResult, context: Context
) -> list[dict]:
    return [
        *_capacity(problem, result, context),
        *_submissions(problem, result, context),
        *_min_loads(problem, result, context),
        *_rejected_pins(problem, result, context),
    ]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _capacity(problem, result, context) -> list[dict]:
    demand = int(problem.wanted.sum())
    capacity = int(problem.max_load.sum())
    if capacity >= demand or int(result.coverage.sum()) >= demand:
        return []
    deficit, load = demand - capacity, context.max_load
    advice = [f"add {math.ceil(deficit / max(load, 1))} reviewers"]
    raised = _load_reaching(demand, context)
    if raised is not None:
        advice.insert(0, f"raise max load to {raised}")
    return [
        shortfall(
            CAPACITY,
            f"{demand} reviews wanted, the reviewers can take {capacity} at max load {load}: "
            f"{' or '.join(advice)}.",
        )
    ]


def _load_reaching(demand: int, context: Context) -> int | None:
    """The smallest max load at which the reviewers could take ``demand`` reviews, if any."""

    def room(load: int) -> int:
        return int(np.clip(np.minimum(load, context.reviewer_cap) - context.held, 0, None).sum())

    low, high = context.max_load + 1, context.max_load + demand
    if room(high) < demand:
        return None
    while low < high:
        middle = (low + high) // 2
        low, high = (middle + 1, high) if room(middle) < demand else (low, middle)
    return low


def _submissions(problem, result, context) -> list[dict]:
    found = []
    for i in np.flatnonzero(result.coverage < problem.wanted):
        wanted, got = int(problem.wanted[i]), int(result.coverage[i])
        eligible = int(
            context.committee_size[i]
            - context.conflicted[i]
            - context.forbidden[i]
            - context.outside_scope[i]
        )
        label = context.submission_labels[i]
        if eligible < wanted:
            reasons = [
                f"{n} {what}"
                for n, what in (
                    (context.conflicted[i], "conflicted"),
                    (context.forbidden[i], "forbidden"),
                    (context.outside_scope[i], "outside its track"),
                )
                if n
            ]
            message = (
                f"{label} needs {wanted} reviews, got {got}: "
                f"{eligible} eligible of {_plural(int(context.committee_size[i]), 'reviewer')}"
                + (f" ({', '.join(reasons)})" if reasons else "")
                + ". Add reviewers for its track or lower the reviews per proposal."
            )
            kind = TOO_FEW_ELIGIBLE
        else:
            considered = (
                f" (of the {context.per_submission} best candidates considered)"
                if context.per_submission
                else ""
            )
            message = (
                f"{label} needs {wanted} reviews, got {got}: the other "
                f"{_plural(eligible - got, 'eligible reviewer')}{considered} "
                f"{'is' if eligible - got == 1 else 'are all'} at their max load (reviews held "
                "in other tracks count). Raise max load or lower the reviews per proposal."
            )
            kind = ELIGIBLE_AT_MAX_LOAD
        found.append(shortfall(kind, message, submission_id=context.submission_ids[i]))
    return found


def _min_loads(problem, result, context) -> list[dict]:
    options = np.bincount(problem.pair_reviewer, minlength=problem.n_reviewers)
    demand, minimum_total = int(problem.wanted.sum()), int(problem.min_load.sum())
    found = []
    for j in np.flatnonzero(result.loads < problem.min_load):
        got, minimum = int(result.loads[j]), int(problem.min_load[j])
        held = int(context.held[j])
        elsewhere = f" (+{held} held in other tracks)" if held else ""
        head = (
            f"{context.reviewer_labels[j]} has {_plural(got, 'review')}{elsewhere}, "
            f"min load {minimum + held}: "
        )
        if problem.max_load[j] < minimum:
            reason = (
                f"they can take only {int(problem.max_load[j])} more "
                f"(their own limit or reviews held elsewhere)."
            )
        elif options[j] < minimum:
            reason = (
                f"only {_plural(int(options[j]), 'proposal')} they may review "
                "(conflicts, tracks, forbidden pairs)."
            )
        elif demand < minimum_total:
            reason = (
                f"only {demand} reviews are wanted, fewer than the minimum loads add up to "
                f"({minimum_total}). Lower min load or raise the reviews per proposal."
            )
        else:
            reason = (
                "the proposals they may review are covered by reviewers who also need their "
                "minimum. Lower min load or raise the reviews per proposal."
            )
        found.append(shortfall(MIN_LOAD, head + reason, reviewer_id=context.reviewer_ids[j]))
    return found


def _rejected_pins(problem, result, context) -> list[dict]:
    found = []
    for pair in result.rejected_pins:
        i, j = problem.pair_submission[pair], problem.pair_reviewer[pair]
        found.append(
            shortfall(
                PIN_REJECTED,
                f"Pin of {context.reviewer_labels[j]} on {context.submission_labels[i]} "
                f"rejected: over their max load ({int(problem.max_load[j])} in this run).",
                submission_id=context.submission_ids[i],
                reviewer_id=context.reviewer_ids[j],
            )
        )
    return found
