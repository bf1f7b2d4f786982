"""What the line model costs per line: its features and its scoring, on the pages it sees in cleaning (the lines
the rules left), for the hand-labelled dumps and for the corpora's dumps, in microseconds per line.

    python bench/model_cost.py [--corpus ../shared/corpus-fundus ...] [--dumps 800]

Each page's view is computed once (the rules are not timed); then features and scoring run over all views, best
of three rounds. Run it on a quiet machine: the figures are wall time.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def views(texts: list[str]) -> list[list[str]]:
    from pipeline.cleaning.engine import judge, model_view
    from pipeline.quality.train import RULES_ONLY

    out = []
    for text in texts:
        _, lines = model_view(judge(text, RULES_ONLY))
        if len(lines) >= 2:
            out.append(lines)
    return out


def best_of(rounds: int, work) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def measure(name: str, pages: list[list[str]]) -> None:
    from pipeline.cleaning.features import line_features
    from pipeline.cleaning.model import load_model

    model = load_model()
    lines = sum(map(len, pages))
    if not lines:
        print(f"{name}: no page with two lines or more left after the rules")
        return
    matrices = [line_features(page) for page in pages]
    features = best_of(3, lambda: [line_features(page) for page in pages])
    scoring = best_of(3, lambda: [model.scores(X) for X in matrices])
    print(f"{name}: {len(pages)} pages, {lines / len(pages):.0f} lines a page | features {features / lines * 1e6:.1f} µs/line "
          f"({features / len(pages) * 1e3:.2f} ms/page) | scoring {scoring / lines * 1e6:.1f} µs/line "
          f"({scoring / len(pages) * 1e3:.2f} ms/page)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, action="append", help="a corpus folder; repeatable (default: the three shared ones)")
    parser.add_argument("--dumps", type=int, default=800, help="dumps per corpus (its first ones)")
    args = parser.parse_args()
    from pipeline.quality.corpus import SHARED_CORPORA, corpus_name, dumps_file, read_corpus
    from pipeline.quality.labels import labelled_dumps

    hand = [dump.read_text(encoding="utf-8") for dump, _ in labelled_dumps(ROOT / "tests" / "data" / "labelled")]
    measure("hand-labelled", views(hand))
    for corpus in args.corpus or [SHARED / name for name in SHARED_CORPORA]:
        if not dumps_file(corpus).exists():
            print(f"{corpus}: no dumps.jsonl.gz, skipped")
            continue
        texts = []
        for dump in read_corpus(corpus):
            texts.append(dump.text)
            if len(texts) == args.dumps:
                break
        measure(corpus_name(corpus), views(texts))


if __name__ == "__main__":
    main()
