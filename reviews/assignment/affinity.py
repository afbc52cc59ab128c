"""Text affinity between reviewers and proposals: TF-IDF cosine similarity with scipy.sparse.

A document is a string or a list of (text, weight) parts, so a reviewer's keywords can count
more than their free text. Values lie in [0, 1]; a document without words scores 0 with all.
"""

import re
from collections.abc import Iterator, Sequence

import numpy as np
from scipy import sparse

Document = str | Sequence[tuple[str, float]]

TOKEN = re.compile(r"[a-z][a-z0-9+#]*(?:[-.][a-z0-9]+)*")
_STOPWORDS_TEXT = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up us very was we
    were what when where which while who whom why will with would you your yours yourself
    yourselves new use used using based via within without across however well one two three
    many much may might must shall talk paper present presents show shows work approach
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


def tokenize(text: str) -> list[str]:
    """Lower-case words without stopwords, plurals folded ("libraries" → "library")."""
    return [_singular(word) for word in TOKEN.findall(text.lower()) if word not in STOPWORDS]


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "is")):
        # "corpus", "status" stay; "gpus", "cpus" fold
        return word if len(word) > 4 and word.endswith("us") else word[:-1]
    return word


def tfidf_matrices(
    reviewer_docs: Sequence[Document], submission_docs: Sequence[Document]
) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """L2-normalised TF-IDF rows (reviewers, submissions) over one vocabulary, so that
    ``submissions @ reviewers.T`` is the cosine similarity."""
    vocabulary: dict[str, int] = {}
    reviewer_counts = _count(reviewer_docs, vocabulary)
    submission_counts = _count(submission_docs, vocabulary)
    n_terms = len(vocabulary)
    reviewer_counts.resize((reviewer_counts.shape[0], n_terms))
    submission_counts.resize((submission_counts.shape[0], n_terms))
    both = sparse.vstack([reviewer_counts, submission_counts]).tocsc()
    document_frequency = np.diff(both.indptr)
    n_docs = both.shape[0]
    idf = np.log((1 + n_docs) / (1 + document_frequency)) + 1.0
    return _weigh(reviewer_counts, idf), _weigh(submission_counts, idf)


def _count(docs: Sequence[Document], vocabulary: dict[str, int]) -> sparse.csr_matrix:
    indptr, indices, values = [0], [], []
    for doc in docs:
        counts: dict[int, float] = {}
        for text, weight in [(doc, 1.0)] if isinstance(doc, str) else doc:
            for word in tokenize(text):
                term = vocabulary.setdefault(word, len(vocabulary))
                counts[term] = counts.get(term, 0.0) + weight
        indices.extend(counts)
        values.extend(counts.values())
        indptr.append(len(indices))
    return sparse.csr_matrix(
        (np.asarray(values, dtype=np.float64), np.asarray(indices, dtype=np.int64), indptr),
        shape=(len(docs), max(len(vocabulary), 1)),
    )


def _weigh(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    weighted = counts.copy()
    weighted.data = (1.0 + np.log(np.maximum(weighted.data, 1e-12))).clip(min=0.0)
    weighted.data *= idf[weighted.indices]
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ weighted)


def affinity_matrix(reviewers: sparse.csr_matrix, submissions: sparse.csr_matrix) -> np.ndarray:
    """Dense (submissions × reviewers) cosine similarities; for inputs that fit in memory."""
    return np.clip((submissions @ reviewers.T).toarray(), 0.0, 1.0)


def affinity_blocks(
    reviewers: sparse.csr_matrix, submissions: sparse.csr_matrix, *, max_cells: int = 2_000_000
) -> Iterator[tuple[slice, np.ndarray]]:
    """(row slice, dense block) over the submissions, each block at most ``max_cells`` cells:
    memory stays bounded however many submissions and reviewers there are."""
    rows = max(1, max_cells // max(reviewers.shape[0], 1))
    reviewers_t = reviewers.T.tocsc()
    for start in range(0, submissions.shape[0], rows):
        block = slice(start, min(start + rows, submissions.shape[0]))
        yield block, np.clip((submissions[block] @ reviewers_t).toarray(), 0.0, 1.0)


def pair_affinities(
    reviewers: sparse.csr_matrix,
    submissions: sparse.csr_matrix,
    submission_index: np.ndarray,
    reviewer_index: np.ndarray,
) -> np.ndarray:
    """The similarity of the given (submission, reviewer) pairs only."""
    if len(submission_index) == 0:
        return np.empty(0)
    products = submissions[submission_index].multiply(reviewers[reviewer_index])
    return np.clip(np.asarray(products.sum(axis=1)).ravel(), 0.0, 1.0)
