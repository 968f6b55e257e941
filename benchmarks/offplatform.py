"""Off-platform detector: precision, recall and F1 on the labelled corpus, per reason, and throughput.

    .venv/bin/python benchmarks/offplatform.py [--corpus PATH ...] [--repeat 5] [--quiet]

Prints, for each corpus file and for all of them together, the overall figures (a text counts as
flagged or not); the figures per reason; every false positive and false negative with the reasons it
got, and the flagged texts whose reasons differ from the label; throughput: checks per second over the
corpus (best of --repeat runs) and the time of one 100 KB message of each adversarial shape the test
suite also bounds. Needs no database.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hirehall.offplatform.detector import REASONS, check  # noqa: E402
from hirehall.offplatform.evaluation import CORPUS_FILES, evaluate, load_corpus  # noqa: E402
from hirehall.offplatform.tests.adversarial import ADVERSARIAL  # noqa: E402


def _short(text: str, width: int = 96) -> str:
    flat = text.replace("\n", "\\n")
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, nargs="+", default=list(CORPUS_FILES))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--quiet", action="store_true", help="figures only, no example lists")
    args = parser.parse_args()

    per_file = {path.name: load_corpus(path) for path in args.corpus}
    examples = [example for batch in per_file.values() for example in batch]
    check("warm up: compile patterns and phone metadata +44 20 7946 0958")
    report = evaluate(examples)
    best = report.seconds
    for _ in range(max(0, args.repeat - 1)):
        best = min(best, evaluate(examples).seconds)

    for name, batch in [*per_file.items(), ("all", examples)]:
        o = evaluate(batch).overall if name != "all" else report.overall
        positives = sum(1 for e in batch if e.flagged)
        counts = f"(tp {o.tp}, fp {o.fp}, fn {o.fn})"
        print(
            f"{name:12s} {len(batch):4d} examples ({positives} positive, {len(batch) - positives} negative): "
            f"precision {o.precision:.3f}  recall {o.recall:.3f}  F1 {o.f1:.3f}  {counts}"
        )
    print("per reason (all):")
    print(f"  {'reason':22s} {'precision':>9s} {'recall':>7s} {'F1':>6s} {'tp':>4s} {'fp':>4s} {'fn':>4s}")
    for reason in REASONS:
        c = report.per_reason[reason]
        print(f"  {reason:22s} {c.precision:9.3f} {c.recall:7.3f} {c.f1:6.3f} {c.tp:4d} {c.fp:4d} {c.fn:4d}")
    print(
        f"throughput: {len(examples) / best:,.0f} checks/s over the corpus "
        f"(best of {args.repeat}, {best * 1000 / len(examples):.2f} ms per check, mean length "
        f"{sum(len(e.text) for e in examples) / len(examples):.0f} chars)"
    )
    print("100 KB adversarial messages:")
    for name, text in ADVERSARIAL.items():
        started = time.perf_counter()
        check(text)
        print(f"  {name:22s} {time.perf_counter() - started:6.3f} s")

    if not args.quiet:
        print(f"\nfalse positives ({len(report.false_positives)}):")
        for example, result in report.false_positives:
            print(f"  {example.source}:{example.line}: {_short(example.text)}  -> {','.join(result.reasons)}")
        print(f"false negatives ({len(report.false_negatives)}):")
        for example, _ in report.false_negatives:
            expected = ",".join(sorted(example.reasons))
            print(f"  {example.source}:{example.line}: {_short(example.text)}  (expected {expected})")
        print(f"flagged with other reasons than labelled ({len(report.reason_mismatches)}):")
        for example, result in report.reason_mismatches:
            expected = ",".join(sorted(example.reasons))
            got = ",".join(result.reasons)
            where = f"{example.source}:{example.line}"
            print(f"  {where}: {_short(example.text, 72)}  expected {expected} got {got}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
