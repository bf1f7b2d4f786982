"""Each rule's precision on the corpora's training sites (`articlean eval --rules`): how many lines it removed that
the gold calls noise, and how many it took from the article. A rule is written looking at one site's noise; this
table says whether its shape holds on the other sites of every corpus before it ships. Test sites are never read.

The rules run as the line model sees them (`pipeline.quality.train.RULES_ONLY`: the structural rules the model
replaces are off); a line the rules cut a piece from is not counted, nor mixed and headline lines. Each dataset is a
column, and a rule is judged in each dataset on its own: a rule removes a line alone only if it is precise on every
corpus's sites, not on their sum, where the biggest would hide the others. A cell counts when the dataset's gold
labels the rule's kind our way (`corpus.Source.follows_us`: not the CleanEval, dragnet or readability golds, which
keep captions, dates or lists; only captions and credits in `corpus-mozilla`, the kinds relabelled there) and holds
enough removals to measure (`MIN_LINES` from `MIN_PAGES` pages). Other cells are shown with their precision in
brackets.
"""

from __future__ import annotations

import multiprocessing
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.cleaning.engine import judge_batch
from pipeline.core.machine import usable_cores
from pipeline.quality.corpus import SOURCES, CorpusDump, in_batches, read_corpus

# What a rule needs to be judged in a dataset: 20 removed lines from 5 pages at least. A page comes in three
# renderings and often repeats its blocks, so its lines are not independent: one page's slip should not decide.
MIN_LINES = 20
MIN_PAGES = 5
# The precision a rule must reach in every dataset where it is judged, to remove a line alone.
MIN_PRECISION = 0.95


@dataclass
class RuleTally:
    """Removals on the training sites: lines by (dataset, rule, label), pages by (dataset, rule), each rule's kind."""

    lines: Counter = field(default_factory=Counter)
    pages: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)

    def add(self, other: RuleTally) -> None:
        self.lines.update(other.lines)
        for key, pages in other.pages.items():
            self.pages.setdefault(key, set()).update(pages)
        self.kinds.update(other.kinds)

    @property
    def datasets(self) -> list[str]:
        """The datasets, those labelled our way first."""
        names = {dataset for dataset, _, _ in self.lines}
        return sorted(names, key=lambda name: (not (SOURCES.get(name) and SOURCES[name].our_conventions), name))

    @property
    def rules(self) -> list[str]:
        return sorted({rule for _, rule, _ in self.lines})


@dataclass(frozen=True)
class Cell:
    noise: int
    body: int
    pages: int
    counted: bool  # the gold labels the rule's kind our way and there are enough removals to measure

    @property
    def precision(self) -> float | None:
        return self.noise / (self.noise + self.body) if self.noise + self.body else None

    @property
    def precise(self) -> bool:
        return not self.counted or self.precision >= MIN_PRECISION


def cell(tally: RuleTally, rule: str, dataset: str) -> Cell:
    noise, body = tally.lines[(dataset, rule, "noise")], tally.lines[(dataset, rule, "body")]
    pages = len(tally.pages.get((dataset, rule), ()))
    source = SOURCES.get(dataset)
    ours = source is not None and source.follows_us(tally.kinds.get(rule, ""))
    return Cell(noise, body, pages, ours and noise + body >= MIN_LINES and pages >= MIN_PAGES)


def _tally(dumps: list[CorpusDump]) -> RuleTally:
    """The rules' removals on a batch of dumps, judged together (`judge_batch`)."""
    from pipeline.quality.train import RULES_ONLY, rule_removals

    out = RuleTally()
    for dump, page in zip(dumps, judge_batch([dump.text for dump in dumps], RULES_ONLY), strict=True):
        for verdict, label in rule_removals(page, dump.labels, dump.title_lines):
            out.lines[(dump.dataset, verdict.rule, label)] += 1
            out.pages.setdefault((dump.dataset, verdict.rule), set()).add(dump.page)
            out.kinds.setdefault(verdict.rule, verdict.kind)
    return out


def rule_counts(corpora: Iterable[Path], processes: int | None = None) -> RuleTally:
    """Every rule's removals on the corpora's training sites."""
    dumps = [d for corpus in corpora for d in read_corpus(corpus) if not d.is_test]
    tally = RuleTally()
    with multiprocessing.get_context("spawn").Pool(processes or usable_cores()) as pool:
        for part in pool.imap_unordered(_tally, in_batches(dumps)):
            tally.add(part)
    return tally


def imprecise(tally: RuleTally) -> list[tuple[str, str, Cell]]:
    """(rule, dataset, cell) wherever a rule is judged and below MIN_PRECISION."""
    return [(rule, dataset, c) for rule in tally.rules for dataset in tally.datasets
            if not (c := cell(tally, rule, dataset)).precise]


def rules_table(tally: RuleTally) -> str:
    """One row per rule: removed noise/body lines and their precision in each dataset (in brackets where the rule is
    not judged there, * where it is judged and below MIN_PRECISION), and its lowest precision where judged."""
    names = tally.datasets
    header = ["rule", *names, "lowest judged"]
    rows = []
    for rule in tally.rules:
        cells = [cell(tally, rule, name) for name in names]
        row = [rule]
        for c in cells:
            if c.precision is None:
                row.append("-")
            elif c.counted:
                row.append(f"{c.noise}/{c.body} {c.precision:.3f}{'' if c.precise else '*'}")
            else:
                row.append(f"{c.noise}/{c.body} ({c.precision:.3f})")
        judged = [c.precision for c in cells if c.counted]
        row.append(f"{min(judged):.3f}" if judged else "-")
        rows.append(row)
    widths = [max([len(header[k]), *(len(row[k]) for row in rows)]) for k in range(len(header))]
    lines = [f"removed lines on the training sites, noise/body and precision: judged where the gold labels the rule's "
             f"kind our way and it removed {MIN_LINES} lines from {MIN_PAGES} pages or more (otherwise in brackets); "
             f"* below {MIN_PRECISION}",
             "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    return "\n".join(lines) + "\n"
