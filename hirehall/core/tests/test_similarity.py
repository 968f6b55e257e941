import time

import pytest

from hirehall.core import similarity
from hirehall.core.tests.similarity_pairs import PAIRS

# The thresholds the signals use (docs/spam-signals.md); asserted here against the labelled pairs.
TEMPLATE_THRESHOLD = 0.5
REPOST_THRESHOLD = 0.5


def _scores(threshold: float) -> tuple[float, float]:
    tp = fp = fn = 0
    for label, a, b in PAIRS:
        predicted = similarity.similarity(a, b) >= threshold
        tp += predicted and label
        fp += predicted and not label
        fn += label and not predicted
    return tp / (tp + fp), tp / (tp + fn)


def test_labelled_pairs_precision_and_recall() -> None:
    assert sum(1 for p in PAIRS if p[0]) >= 15 and sum(1 for p in PAIRS if not p[0]) >= 15
    precision, recall = _scores(TEMPLATE_THRESHOLD)
    assert precision >= 0.95 and recall >= 0.9, (precision, recall)


def test_thresholds_are_the_ones_the_apps_use() -> None:
    from hirehall.jobs.spam import REPOST_THRESHOLD as jobs_threshold
    from hirehall.proposals.spam import TEMPLATE_THRESHOLD as proposals_threshold

    assert jobs_threshold == REPOST_THRESHOLD and proposals_threshold == TEMPLATE_THRESHOLD


def test_basic_properties() -> None:
    assert similarity.similarity("", "anything") == 0.0
    assert similarity.similarity("same text here ok", "same text here ok") == 1.0
    assert similarity.similarity("Same, TEXT here!", "same text here") == 1.0
    assert similarity.similarity("two words", "two words") == 1.0  # shorter than a shingle
    assert similarity.similarity("a b c d e f", "g h i j k l") == 0.0
    assert similarity.near_duplicates("a b c d e", [(1, "a b c d e"), (2, "x y z w v")], 0.5) == [1]


def test_minhash_estimates_jaccard() -> None:
    a = similarity.shingles(PAIRS[0][1])
    b = similarity.shingles(PAIRS[0][2])
    exact = similarity.jaccard(a, b)
    estimate = similarity.minhash_similarity(similarity.minhash(a, 128), similarity.minhash(b, 128))
    assert abs(exact - estimate) < 0.15
    assert similarity.minhash_similarity((), ()) == 0.0


@pytest.mark.parametrize("text", ["\x00" * 100_000, "word " * 100_000, "é" * 100_000])
def test_bounded_time_on_hostile_input(text: str) -> None:
    start = time.perf_counter()
    similarity.similarity(text, text)
    assert time.perf_counter() - start < 2.0
