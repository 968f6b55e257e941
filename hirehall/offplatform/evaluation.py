"""Scoring the detector on a labelled corpus: shared by the test suite and benchmarks/offplatform.py."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .detector import REASONS, Result, check

CORPUS_DIR = Path(__file__).resolve().parent / "tests"
CORPUS_PATH = CORPUS_DIR / "corpus.tsv"
# Written after the detector was tuned on corpus.tsv; see its header and docs/offplatform.md.
HOLDOUT_PATH = CORPUS_DIR / "holdout.tsv"
# Written after tuning on both; see its header.
CHALLENGE_PATH = CORPUS_DIR / "challenge.tsv"
# Blind holdout written on 2026-12-02 and measured once: never tune on it (see its header).
FRESH_PATH = CORPUS_DIR / "fresh.tsv"
CORPUS_FILES = (CORPUS_PATH, HOLDOUT_PATH, CHALLENGE_PATH, FRESH_PATH)


@dataclass(frozen=True, slots=True)
class Example:
    line: int
    text: str
    reasons: frozenset[str]
    source: str = ""

    @property
    def flagged(self) -> bool:
        return bool(self.reasons)


class CorpusError(ValueError):
    pass


def load_corpus(path: Path = CORPUS_PATH) -> list[Example]:
    examples = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        label, sep, text = raw.partition("\t")
        if not sep or not text.strip():
            raise CorpusError(f"{path.name}:{number}: expected <reasons><TAB><text>")
        reasons = frozenset() if label == "-" else frozenset(label.split(","))
        unknown = reasons - set(REASONS)
        if unknown:
            raise CorpusError(f"{path.name}:{number}: unknown reasons {sorted(unknown)}")
        examples.append(Example(number, text.replace("\\n", "\n"), reasons, path.name))
    return examples


@dataclass(frozen=True, slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    overall: Counts
    per_reason: dict[str, Counts]
    false_positives: list[tuple[Example, Result]] = field(default_factory=list)
    false_negatives: list[tuple[Example, Result]] = field(default_factory=list)
    # flagged correctly but with a different set of reasons than labelled
    reason_mismatches: list[tuple[Example, Result]] = field(default_factory=list)
    seconds: float = 0.0
    examples: int = 0

    @property
    def checks_per_second(self) -> float:
        return self.examples / self.seconds if self.seconds else 0.0


def evaluate(examples: Sequence[Example], detector: Callable[[str], Result] = check) -> Report:
    results = []
    started = time.perf_counter()
    for example in examples:
        results.append(detector(example.text))
    seconds = time.perf_counter() - started

    tp = fp = fn = 0
    per_reason = {reason: [0, 0, 0] for reason in REASONS}
    report = Report(Counts(), {}, seconds=seconds, examples=len(examples))
    for example, result in zip(examples, results, strict=True):
        if result.flagged and example.flagged:
            tp += 1
        elif result.flagged:
            fp += 1
            report.false_positives.append((example, result))
        elif example.flagged:
            fn += 1
            report.false_negatives.append((example, result))
        got = set(result.reasons)
        if example.flagged and result.flagged and got != example.reasons:
            report.reason_mismatches.append((example, result))
        for reason in REASONS:
            counts = per_reason[reason]
            if reason in got and reason in example.reasons:
                counts[0] += 1
            elif reason in got:
                counts[1] += 1
            elif reason in example.reasons:
                counts[2] += 1
    report.overall = Counts(tp, fp, fn)
    report.per_reason = {reason: Counts(*values) for reason, values in per_reason.items()}
    return report
