"""Near-duplicate precision and recall on stories from the corpus's held-out test sites (never tuned on).

    python bench/near_dup_heldout.py [--stories 60]

The same construction as `tests/syndicated.py` (each story as its own dump, under three other sites'
furniture, lightly edited, plus same-topic stories sharing its lead), with the stories and the furniture
taken from the line-labelled corpus's test sites (one page per site: its body lines, and its noise lines as
furniture) instead of the hand-labelled dumps. Every dump is cleaned first, as ingest does, so a copy whose
foreign furniture the cleaner leaves in drifts from its original: recall here carries the cleaner's
held-out recall.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
CORPUS = ROOT.parent / "shared" / "corpus"


def heldout_stories(limit: int) -> list:
    import syndicated

    from pipeline.quality.corpus import read_corpus

    found, seen = [], set()
    for dump in read_corpus(CORPUS):
        if not dump.is_test or dump.site_key in seen:
            continue
        lines = dump.text.split("\n")
        body = [lines[n - 1].strip() for n, label in sorted(dump.labels.items()) if label == "body" and lines[n - 1].strip()]
        noise = [lines[n - 1].strip() for n, label in sorted(dump.labels.items()) if label == "noise" and lines[n - 1].strip()]
        if len(re.findall(r"\w+", " ".join(body))) >= 150 and len(noise) >= 3:
            seen.add(dump.site_key)
            found.append(syndicated.Story(dump.site_key, body[0][:80], body, noise))
        if len(found) >= limit:
            break
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=int, default=60)
    args = parser.parse_args()
    import syndicated

    from pipeline import clean
    from pipeline.dedup.minhash import clusters, shingles

    stories = heldout_stories(args.stories)
    syndicated.stories = lambda: stories  # the generator's source of stories, swapped for held-out ones
    items = syndicated.generate()
    texts = [clean(item.text).body for item in items]
    groups = clusters(texts)
    precision, recall, predicted, truth = syndicated.pair_scores(items, groups)
    same_topic = {i for i, item in enumerate(items) if item.group is None}
    print(f"{len(stories)} stories from held-out test sites, {len(items)} dumps: precision {precision:.3f}, recall "
          f"{recall:.3f} ({predicted} predicted, {truth} true pairs); same-topic stories in a cluster: "
          f"{sum(i in same_topic for g in groups for i in g)}")
    originals = {item.group: n for n, item in enumerate(items) if item.name.endswith("-original")}
    for kind in ("under", "edited"):
        similar = []
        for n, item in enumerate(items):
            if item.group is not None and f"-{kind}" in item.name:
                a, b = set(shingles(texts[originals[item.group]])), set(shingles(texts[n]))
                similar.append(len(a & b) / max(1, len(a | b)))
        print(f"  copies {kind} another site's furniture" if kind == "under" else "  lightly edited copies",
              f"({len(similar)}): median Jaccard to the cleaned original {statistics.median(similar):.3f}, "
              f"{sum(j >= 0.8 for j in similar) / len(similar):.0%} at 0.8 or more")


if __name__ == "__main__":
    main()
