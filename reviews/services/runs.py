"""Automatic assignment runs: start one, compute it in a worker, record failure.

A run's ``params`` (normalised by ``start_assignment_run``, every key present):
``reviews_per_submission`` (int ≥ 1), ``min_load`` and ``max_load`` (ints, 0 ≤ min ≤ max; a
reviewer's profile max_load lowers max_load, their reviews outside the run count towards both),
``weights`` {"bid", "affinity", "load"} (numbers ≥ 0) and ``keep_current`` (bool: current
assignments inside the run's scope become pins).

A finished run's ``summary`` (JSON, so every dict key is a string):
- ``wanted``: reviews wanted in total; ``submissions``, ``reviewers``: how many were considered;
  ``assigned``, ``pinned``: proposed pairs and how many of them are pins.
- ``loads`` {reviewer_id: n}: proposed reviews per reviewer (every reviewer considered, zeros
  too); ``held_elsewhere`` {reviewer_id: n}: their reviews outside the run (non-zero only).
- ``coverage`` {submission_id: n}: proposed reviews per proposal.
- ``shortfalls``: [{"kind", "submission_id", "reviewer_id", "message"}], kind one of
  reviews.assignment.explanations.KINDS (capacity, too_few_eligible, eligible_at_max_load,
  min_load, pin_rejected); the ids are None when not about one proposal or reviewer.
- ``objective``: the sum of the pairs' costs (bid + affinity + load, weighted).
- ``candidate_pairs``: pairs the solver chose from; ``sparsified``: False, or
  {"per_submission": K} when only each proposal's best K candidates (plus every eager or
  willing bid and the pins) were considered.
- ``timings``: seconds per stage ("loading", "affinity", "solving", "explaining", "saving") and
  "solver" {"build", "solve", "arcs"}.

Each ProposedAssignment carries the weighted ``bid_cost``, ``affinity_cost`` and ``load_cost``
(the marginal cost of that review in the reviewer's load), their sum ``cost``, the raw
``affinity`` (0–1), the ``bid`` and whether it was ``pinned``.
"""

import logging
import math
import time
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..assignment.loading import load_run_inputs
from ..assignment.pipeline import compute_assignment
from ..enums import RunStatus
from ..models import AssignmentRun, ProposedAssignment

logger = logging.getLogger(__name__)

DEFAULT_PARAMS = {
    "reviews_per_submission": 3,
    "min_load": 0,
    "max_load": 6,
    "weights": {"bid": 1.0, "affinity": 1.0, "load": 1.0},
    "keep_current": True,
}
WEIGHT_NAMES = ("bid", "affinity", "load")
LOADING, AFFINITY, SOLVING, EXPLAINING, SAVING = (
    "Loading proposals, reviewers, bids and conflicts",
    "Computing text affinity",
    "Solving",
    "Explaining shortfalls",
    "Saving the proposal",
)


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


MAX_REVIEWS_PER_SUBMISSION = 20
MAX_LOAD = 500  # proposals per reviewer; far above any real load, far below integer overflow


def normalize_run_params(params: dict) -> dict:
    """The parameters with defaults filled in; ValidationError keyed by parameter name."""
    unknown = set(params) - set(DEFAULT_PARAMS)
    if unknown:
        raise ValidationError({"params": f"Unknown parameters: {', '.join(sorted(unknown))}."})
    merged = DEFAULT_PARAMS | params
    merged["weights"] = DEFAULT_PARAMS["weights"] | (params.get("weights") or {})
    errors = {}
    if not _is_int(merged["reviews_per_submission"]) or not (
        1 <= merged["reviews_per_submission"] <= MAX_REVIEWS_PER_SUBMISSION
    ):
        errors["reviews_per_submission"] = (
            f"Ask for 1 to {MAX_REVIEWS_PER_SUBMISSION} reviews per proposal."
        )
    for name in ("min_load", "max_load"):
        if not _is_int(merged[name]) or not 0 <= merged[name] <= MAX_LOAD:
            errors[name] = f"Enter a whole number from 0 to {MAX_LOAD}."
    if not errors and merged["min_load"] > merged["max_load"]:
        errors["min_load"] = "Min load cannot exceed max load."
    weights = merged["weights"]
    bad = [
        name
        for name in WEIGHT_NAMES
        if not isinstance(weights.get(name), int | float)
        or isinstance(weights.get(name), bool)
        or not math.isfinite(weights[name])
        or weights[name] < 0
    ]
    if set(weights) - set(WEIGHT_NAMES) or bad:
        errors["weights"] = "Weights bid, affinity and load must be numbers, 0 or more."
    if not isinstance(merged["keep_current"], bool):
        errors["keep_current"] = "Choose yes or no."
    if errors:
        raise ValidationError(errors)
    merged["weights"] = {name: float(weights[name]) for name in WEIGHT_NAMES}
    return merged


def start_assignment_run(*, event, by, track_ids: list[int] | None, params: dict) -> AssignmentRun:
    """Create a queued run for the event (some tracks, or all when ``track_ids`` is None or
    empty) and queue its computation after commit. The caller checks that ``by`` may manage
    assignments in those tracks."""
    from ..tasks import run_assignment

    params = normalize_run_params(params)
    tracks = list(event.tracks.filter(pk__in=track_ids)) if track_ids else []
    if track_ids and len(tracks) != len(set(track_ids)):
        raise ValidationError({"track_ids": "Choose tracks of this event."})
    with transaction.atomic():
        run = AssignmentRun.objects.create(event=event, params=params, created_by=by)
        run.tracks.set(tracks)
        run_id = run.pk
        transaction.on_commit(lambda: run_assignment.delay(run_id=run_id))
    return run


def claim_assignment_run(*, run_id: int) -> bool:
    """Mark a queued run running; False if another worker has it. A run left running longer
    than the task time limit (its worker died) can be claimed again."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    claimable = Q(status=RunStatus.QUEUED) | Q(status=RunStatus.RUNNING, started_at__lt=stale)
    claimed = (
        AssignmentRun.objects.filter(claimable, pk=run_id).update(
            status=RunStatus.RUNNING, started_at=now, progress=0, stage=LOADING, error=""
        )
        == 1
    )
    return claimed


def execute_assignment_run(*, run_id: int) -> bool:
    """Compute a run: claim it, load, solve, store the pairs and summary. Returns False when
    the run was already claimed (a redelivered task) or does not exist."""
    if not claim_assignment_run(run_id=run_id):
        logger.info("Assignment run %s is not queued; nothing to do.", run_id)
        return False
    started = time.perf_counter()
    try:
        run = AssignmentRun.objects.select_related("event").get(pk=run_id)
        _report(run_id, LOADING, 5)
        inputs = load_run_inputs(run)
        loading = round(time.perf_counter() - started, 4)
        outcome = compute_assignment(inputs, run.params, lambda stage, p: _report(run_id, stage, p))
        _report(run_id, SAVING, 90)
        _save(run_id, outcome, loading)
    except Exception as error:
        # The task's on_failure hook does the same; doing it here too covers eager runs.
        mark_assignment_run_failed(run_id=run_id, error=f"{type(error).__name__}: {error}")
        raise
    logger.info("Assignment run %s done in %.1f s.", run_id, time.perf_counter() - started)
    return True


def _report(run_id: int, stage: str, progress: int) -> None:
    AssignmentRun.objects.filter(pk=run_id).update(stage=stage, progress=progress)


def _save(run_id: int, outcome, loading: float) -> None:
    started = time.perf_counter()
    with transaction.atomic():
        ProposedAssignment.objects.filter(run_id=run_id).delete()
        ProposedAssignment.objects.bulk_create(
            [ProposedAssignment(run_id=run_id, **vars(pair)) for pair in outcome.pairs],
            batch_size=2000,
        )
        summary = outcome.summary
        summary["timings"] = {"loading": loading, **summary["timings"]}
        summary["timings"]["saving"] = round(time.perf_counter() - started, 4)
        AssignmentRun.objects.filter(pk=run_id).update(
            status=RunStatus.DONE,
            progress=100,
            stage="Done",
            summary=summary,
            finished_at=timezone.now(),
        )


def mark_assignment_run_failed(*, run_id: int, error: str) -> None:
    AssignmentRun.objects.filter(pk=run_id).exclude(status=RunStatus.DONE).update(
        status=RunStatus.FAILED, error=error[:2000], stage="Failed", finished_at=timezone.now()
    )
