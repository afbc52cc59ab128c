import numpy as np
import pytest
from scipy import sparse

from reviews.assignment.affinity import (
    affinity_blocks,
    affinity_matrix,
    pair_affinities,
    tfidf_matrices,
    tokenize,
)
from reviews.assignment.candidates import EAGER, NOT_WILLING, find_candidates
from reviews.assignment.solver import Weights

REVIEWERS = [
    [("GPU, CUDA, kernels", 3.0), ("I tune GPU kernels for dense linear algebra.", 1.0)],
    "Galaxy surveys with radio telescopes and astronomy pipelines",
    "",
]
SUBMISSIONS = [
    "Autotuning CUDA kernels on modern GPUs",
    "A radio telescope survey of nearby galaxies",
    "Gardening for beginners",
]


def test_tokenize_drops_stopwords_and_folds_plurals():
    assert tokenize("The libraries and the GPUs of HPC-systems") == [
        "library",
        "gpu",
        "hpc-system",
    ]


def test_similar_texts_score_higher():
    reviewers, submissions = tfidf_matrices(REVIEWERS, SUBMISSIONS)

    scores = affinity_matrix(reviewers, submissions)

    assert scores.shape == (3, 3)
    assert scores[0].argmax() == 0
    assert scores[1].argmax() == 1
    assert scores[0, 0] > 0.3
    assert scores[2].max() == 0.0
    assert (scores >= 0).all()
    assert (scores <= 1).all()


def test_identical_texts_score_one():
    reviewers, submissions = tfidf_matrices(["sparse solvers"], ["Sparse solvers"])

    assert affinity_matrix(reviewers, submissions)[0, 0] == pytest.approx(1.0)


def test_weighted_keywords_count_more():
    plain, _ = tfidf_matrices(["python gardening"], ["python"])
    weighted, submissions = tfidf_matrices([[("python", 3.0), ("gardening", 1.0)]], ["python"])

    assert affinity_matrix(weighted, submissions)[0, 0] > affinity_matrix(plain, submissions)[0, 0]


def test_blocks_and_pairs_match_the_dense_matrix():
    rng = np.random.default_rng(3)
    words = [f"w{n}" for n in range(30)]
    docs = [" ".join(rng.choice(words, 8)) for _ in range(50)]
    reviewers, submissions = tfidf_matrices(docs[:20], docs[20:])
    dense = affinity_matrix(reviewers, submissions)

    blocks = list(affinity_blocks(reviewers, submissions, max_cells=100))
    pairs = pair_affinities(reviewers, submissions, np.array([0, 29]), np.array([19, 3]))

    assert len(blocks) == 6
    np.testing.assert_allclose(np.vstack([b for _, b in blocks]), dense)
    np.testing.assert_allclose(pairs, [dense[0, 19], dense[29, 3]])


def _candidate_inputs():
    reviewers, submissions = tfidf_matrices(
        ["alpha", "beta", "gamma", "alpha beta"], ["alpha", "beta gamma"]
    )
    return {
        "reviewers_tfidf": reviewers,
        "submissions_tfidf": submissions,
        "submission_track": np.array([0, 1]),
        "reviewer_scope": np.array([[True, True], [True, True], [False, True], [True, True]]),
        "excluded": sparse.csr_matrix(([True], ([0], [3])), shape=(2, 4)),
        "bids": sparse.csr_matrix(
            ([EAGER, NOT_WILLING], ([1, 1], [0, 1])), shape=(2, 4), dtype=np.int8
        ),
        "weights": Weights(),
    }


def test_dense_candidates_are_every_eligible_pair():
    candidates = find_candidates(**_candidate_inputs())

    pairs = set(zip(candidates.submission.tolist(), candidates.reviewer.tolist(), strict=True))
    assert pairs == {(0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (1, 3)}
    assert candidates.eligible_count.tolist() == [2, 4]
    assert candidates.sparsified is False


def test_sparsified_candidates_keep_best_and_eager_bids():
    candidates = find_candidates(**_candidate_inputs(), per_submission=1, dense_limit=0)

    pairs = set(zip(candidates.submission.tolist(), candidates.reviewer.tolist(), strict=True))
    assert pairs == {(0, 0), (1, 2), (1, 0)}
    assert candidates.per_submission == 1
    assert candidates.eligible_count.tolist() == [2, 4]
