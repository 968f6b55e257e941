"""The detector's figures on the labelled corpus (DESIGN §10, issue 13: precision ≥ 0.97, recall ≥ 0.92)."""

from __future__ import annotations

from collections import Counter

import pytest

from hirehall.offplatform.detector import REASONS
from hirehall.offplatform.evaluation import CORPUS_FILES, Example, evaluate, load_corpus

MIN_PRECISION = 0.97
MIN_RECALL = 0.92


@pytest.fixture(scope="module")
def examples() -> list[Example]:
    return [example for path in CORPUS_FILES for example in load_corpus(path)]


def test_corpus_is_large_varied_and_unique(examples):
    assert len(examples) >= 400
    positives = [e for e in examples if e.flagged]
    negatives = [e for e in examples if not e.flagged]
    assert len(positives) >= 200 and len(negatives) >= 150
    per_reason = Counter(reason for e in positives for reason in e.reasons)
    for reason in REASONS:
        assert per_reason[reason] >= 10, f"too few examples of {reason}"
    duplicates = [text for text, n in Counter(e.text for e in examples).items() if n > 1]
    assert duplicates == []


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_precision_and_recall_per_file(path):
    overall = evaluate(load_corpus(path)).overall
    assert overall.precision >= MIN_PRECISION, overall
    assert overall.recall >= MIN_RECALL, overall


def test_precision_and_recall_on_everything(examples):
    report = evaluate(examples)
    fps = [e.text for e, _ in report.false_positives]
    fns = [e.text for e, _ in report.false_negatives]
    assert report.overall.precision >= MIN_PRECISION, fps
    assert report.overall.recall >= MIN_RECALL, fns


def test_reasons_are_right_not_only_the_flag(examples):
    # Moderation shows the reason to the sender: each reason must be precise on its own too.
    report = evaluate(examples)
    for reason, counts in report.per_reason.items():
        assert counts.precision >= 0.9, (reason, counts)
        assert counts.recall >= 0.85, (reason, counts)


def test_load_corpus_refuses_unknown_reasons(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("# comment\nphone\tcall +44 20 7946 0958\nfax\t+44 20 7946 0959\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.tsv:3: unknown reasons \['fax'\]"):
        load_corpus(bad)


def test_load_corpus_refuses_a_line_without_a_tab(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("phone +44 20 7946 0958\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.tsv:1: expected"):
        load_corpus(bad)
