"""Each rule's precision on the corpora's training sites (`articlean eval --rules`): how many lines it removed that
the gold calls noise, and how many it took from the article. A rule is written looking at one site's noise; this
table says whether its shape holds on the other sites of every corpus before it ships. Test sites are never read.

The rules run as the line model sees them (`pipeline.quality.train.RULES_ONLY`: the structural rules the model
replaces are off); a line the rules cut a piece from is not counted, nor mixed and headline lines. Each dataset is a
column; those whose gold follows other conventions than ours (`corpus.SOURCES`) are shown but not counted.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from pipeline.cleaning.engine import judge
from pipeline.quality.corpus import SOURCES, CorpusDump, read_corpus


def ours(dataset: str) -> bool:
    source = SOURCES.get(dataset)
    return source is not None and source.our_conventions


def _tally(dump: CorpusDump) -> tuple[str, Counter]:
    from pipeline.quality.train import RULES_ONLY, rule_removals

    page = judge(dump.text, RULES_ONLY)
    return dump.dataset, Counter((verdict.rule, label) for verdict, label in rule_removals(page, dump.labels, dump.title_lines))


def rule_counts(corpora: Iterable[Path], processes: int | None = None) -> dict[str, Counter]:
    """dataset -> Counter of (rule, label) over its training sites."""
    dumps = [d for corpus in corpora for d in read_corpus(corpus) if not d.is_test]
    columns: dict[str, Counter] = {}
    with multiprocessing.get_context("spawn").Pool(processes or os.cpu_count() or 1) as pool:
        for column, counts in pool.imap_unordered(_tally, dumps, chunksize=16):
            columns.setdefault(column, Counter()).update(counts)
    return columns


def precision_of(columns: dict[str, Counter], rule: str) -> tuple[int, int]:
    """(noise, body) lines the rule removed on the training sites of the datasets labelled our way."""
    noise = sum(c[(rule, "noise")] for name, c in columns.items() if ours(name))
    body = sum(c[(rule, "body")] for name, c in columns.items() if ours(name))
    return noise, body


def rules_table(columns: dict[str, Counter]) -> str:
    """One row per rule: removed noise/body lines in each dataset, and the precision on our conventions."""
    names = sorted(columns, key=lambda c: (not ours(c), c))
    rules = sorted({rule for counts in columns.values() for rule, _ in counts})
    header = ["rule", *names, "precision (our conventions)"]
    rows = []
    for rule in rules:
        noise, body = precision_of(columns, rule)
        cells = [f"{columns[c][(rule, 'noise')]}/{columns[c][(rule, 'body')]}" for c in names]
        rows.append([rule, *cells, f"{noise / (noise + body):.3f}" if noise + body else "-"])
    widths = [max([len(header[k]), *(len(row[k]) for row in rows)]) for k in range(len(header))]
    others = ", ".join(name for name in names if not ours(name)) or "none"
    lines = [f"removed lines on the training sites, noise/body (datasets whose gold keeps captions or lists: {others}; "
             "shown, not counted in the precision)",
             "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(lines) + "\n"
