"""Which (submission, reviewer) pairs the solver may choose from, with their bid and affinity.

Every eligible pair when they fit (``dense_limit``); otherwise, per submission, its best
``per_submission`` reviewers by weighted cost plus every eager or willing bid. Eligible means
the reviewer's tracks cover the proposal and the pair is not excluded (conflict, forbidden).
Work goes block by block over the submissions, so memory stays bounded.
"""

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .affinity import affinity_blocks
from .solver import Weights

NO_BID, EAGER, WILLING, NOT_WILLING = 0, 1, 2, 3
BID_CODES = {"eager": EAGER, "willing": WILLING, "not_willing": NOT_WILLING}
BID_NAMES = {code: name for name, code in BID_CODES.items()} | {NO_BID: ""}
# Cost of a pair by bid code: no bid sits between willing and not willing.
BID_COSTS = np.array([0.5, 0.0, 0.25, 1.0])

DENSE_LIMIT = 2_000_000
PER_SUBMISSION = 40


@dataclass
class Candidates:
    submission: np.ndarray
    reviewer: np.ndarray
    affinity: np.ndarray
    bid: np.ndarray  # bid codes
    eligible_count: np.ndarray  # per submission, before sparsification
    per_submission: int | None  # None: every eligible pair (dense)

    @property
    def sparsified(self) -> bool:
        return self.per_submission is not None


def find_candidates(
    *,
    reviewers_tfidf: sparse.csr_matrix,
    submissions_tfidf: sparse.csr_matrix,
    submission_track: np.ndarray,
    reviewer_scope: np.ndarray,
    excluded: sparse.csr_matrix,
    bids: sparse.csr_matrix,
    weights: Weights,
    per_submission: int = PER_SUBMISSION,
    dense_limit: int = DENSE_LIMIT,
    max_cells: int = 2_000_000,
) -> Candidates:
    """``reviewer_scope`` is a (reviewers × tracks) boolean matrix, ``submission_track`` the
    track column of each submission; ``excluded`` and ``bids`` are (submissions × reviewers)."""
    n_sub, n_rev = submissions_tfidf.shape[0], reviewers_tfidf.shape[0]
    dense = n_sub * n_rev <= dense_limit
    k = min(per_submission, n_rev)
    parts, eligible_count = [], np.zeros(n_sub, dtype=np.int64)
    for rows, affinity in affinity_blocks(reviewers_tfidf, submissions_tfidf, max_cells=max_cells):
        eligible = reviewer_scope[:, submission_track[rows]].T & ~excluded[rows].toarray()
        codes = bids[rows].toarray().astype(np.int8)
        eligible_count[rows] = eligible.sum(axis=1)
        chosen = eligible if dense else _best(eligible, codes, affinity, weights, k)
        sub, rev = np.nonzero(chosen)
        parts.append((sub + rows.start, rev, affinity[sub, rev], codes[sub, rev]))
    dtypes = (np.int64, np.int64, np.float64, np.int8)
    columns = [
        np.concatenate([p[i] for p in parts]).astype(dtype) if parts else np.empty(0, dtype)
        for i, dtype in enumerate(dtypes)
    ]
    return Candidates(
        *columns,
        eligible_count=eligible_count,
        per_submission=None if dense else k,
    )


def _best(eligible, codes, affinity, weights: Weights, k: int) -> np.ndarray:
    cost = weights.affinity * (1.0 - affinity) + weights.bid * BID_COSTS[codes]
    cost[~eligible] = np.inf
    best = np.argpartition(cost, k - 1, axis=1)[:, :k]
    chosen = np.zeros_like(eligible)
    np.put_along_axis(chosen, best, True, axis=1)
    return (chosen & eligible) | (eligible & ((codes == EAGER) | (codes == WILLING)))
