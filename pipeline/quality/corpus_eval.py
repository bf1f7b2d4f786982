"""Scores on a corpus's test sites, as `../shared/EVAL.md` and the corpus READMEs define them: removal
precision/recall/F1 over the lines labelled body or noise (mixed and headline lines left out), and body F1 of
the cleaned text against the page's gold text; for all test dumps, by renderer, by dataset and by the language
of the page's gold text (CLD2, as the dataset's `language` column has it). Each corpus is scored on its own.

The text scored is what the product keeps: the title it found (a column of its own) and the body; a line
moved to the title is not counted as removed.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Iterable
from dataclasses import dataclass, field

from pipeline.cleaning.engine import clean_batch
from pipeline.core.document import Article
from pipeline.core.machine import usable_cores
from pipeline.core.settings import CleanSettings
from pipeline.core.text import line_content
from pipeline.quality.corpus import CorpusDump, in_batches
from pipeline.quality.evaluate import harmonic, shingle_prf


@dataclass
class Tally:
    removed_noise: int = 0  # removed lines labelled noise
    removed_body: int = 0  # removed lines labelled body
    kept_noise: int = 0  # kept lines labelled noise
    body_p: list[float] = field(default_factory=list)  # per-document shingle precision (documents with output)
    body_r: list[float] = field(default_factory=list)  # per-document shingle recall
    dumps: int = 0

    def add(self, other: Tally) -> None:
        self.removed_noise += other.removed_noise
        self.removed_body += other.removed_body
        self.kept_noise += other.kept_noise
        self.body_p += other.body_p
        self.body_r += other.body_r
        self.dumps += other.dumps

    @property
    def precision(self) -> float:
        removed = self.removed_noise + self.removed_body
        return self.removed_noise / removed if removed else 1.0

    @property
    def recall(self) -> float:
        noise = self.removed_noise + self.kept_noise
        return self.removed_noise / noise if noise else 1.0

    @property
    def f1(self) -> float:
        return harmonic(self.precision, self.recall)

    @property
    def body_f1(self) -> float:
        p = sum(self.body_p) / len(self.body_p) if self.body_p else 0.0
        r = sum(self.body_r) / len(self.body_r) if self.body_r else 0.0
        return harmonic(p, r)


def kept_text(article: Article | None, raw: str) -> str:
    """What the product keeps of a dump: its title and body; every non-blank line when nothing cleaned it."""
    if article is None:
        return "\n\n".join(line_content(line) for line in raw.split("\n") if line_content(line))
    return "\n\n".join(part for part in (article.title, article.body) if part)


def score_dump(dump: CorpusDump, article: Article | None) -> Tally:
    tally = Tally(dumps=1)
    lines = dump.text.split("\n")
    # a headline moved to the title column is kept, not removed
    removed = set() if article is None else {
        r.line for r in article.removed if r.kind != "title" and r.text == line_content(lines[r.line - 1])}
    for number, label in dump.labels.items():
        if label == "mixed" or number in dump.title_lines:
            continue
        gone = number in removed
        if label == "noise":
            tally.removed_noise += gone
            tally.kept_noise += not gone
        else:
            tally.removed_body += gone
    tp, fp, fn = shingle_prf(kept_text(article, dump.text), dump.gold)
    if tp + fp > 0:
        tally.body_p.append(tp / (tp + fp))
    if tp + fn > 0:
        tally.body_r.append(tp / (tp + fn))
    return tally


def group_keys(dump: CorpusDump) -> tuple[str, ...]:
    from pipeline.ingest.metadata import language_of

    language = language_of(dump.gold)[0] or "unknown"
    return ("all", f"renderer {dump.renderer}", f"dataset {dump.dataset}", f"language {language}")


def _score_batch(args: tuple[list[CorpusDump], CleanSettings | None]) -> list[tuple[tuple[str, ...], Tally]]:
    dumps, settings = args
    articles = [None] * len(dumps) if settings is None else clean_batch([dump.text for dump in dumps], settings)
    return [(group_keys(dump), score_dump(dump, article)) for dump, article in zip(dumps, articles, strict=True)]


def score_corpus(dumps: Iterable[CorpusDump], settings: CleanSettings | None, processes: int | None = None) -> dict[str, Tally]:
    """Tallies by group ("all", "renderer X", "dataset Y") of cleaning every dump with `settings`; None keeps
    every line (the baseline)."""
    groups: dict[str, Tally] = {}
    dumps = list(dumps)
    work = [(batch, settings) for batch in in_batches(dumps)]
    processes = processes or usable_cores()
    with contextlib.ExitStack() as stack:
        results = map(_score_batch, work)
        if processes > 1 and len(dumps) > 50:
            pool = stack.enter_context(multiprocessing.get_context("spawn").Pool(processes))
            results = pool.imap(_score_batch, work)
        for batch in results:
            for keys, tally in batch:
                for key in keys:
                    groups.setdefault(key, Tally()).add(tally)
    return groups


# The systems compared on the test sites: keeping every line, the rules alone, and the shipped cleaner.
CLEANER = "articlean (rules + model)"
SYSTEMS: dict[str, CleanSettings | None] = {
    "keep every line": None,
    "rules alone": CleanSettings(model=False),
    CLEANER: CleanSettings(),
}


@dataclass
class CorpusReport:
    dumps: int
    sites: int
    tallies: dict[str, dict[str, Tally]]  # system -> group -> tally

    name: str = "corpus"

    def groups(self) -> list[str]:
        """"all", then renderers, datasets (when there are several) and languages, the largest first."""
        first = next(iter(self.tallies.values()))
        kinds = ("all", "renderer", "dataset", "language")
        shown = [g for g in first if not (g.startswith("dataset") and sum(k.startswith("dataset") for k in first) == 1)]
        return sorted(shown, key=lambda g: (kinds.index(g.split(" ")[0]), -first[g].dumps, g))

    @property
    def cleaner(self) -> dict[str, Tally]:
        return self.tallies[CLEANER]


def evaluate_corpus(path, processes: int | None = None) -> CorpusReport:
    """Every system of SYSTEMS on the corpus's test sites."""
    from pipeline.quality.corpus import corpus_name, read_corpus

    test = [dump for dump in read_corpus(path) if dump.is_test]
    tallies = {name: score_corpus(test, settings, processes) for name, settings in SYSTEMS.items()}
    return CorpusReport(len(test), len({d.site_key for d in test}), tallies, corpus_name(path))


def corpus_table(report: CorpusReport, markdown: bool = False) -> str:
    """One row per group (all test sites, by renderer, by dataset): body F1 of each system, and removal
    precision/recall/F1 of the rules alone and of the cleaner."""
    names = list(report.tallies)
    cleaner, rules = CLEANER, names[1]
    header = ["group", "dumps", "keep-all body F1", "rules P", "rules R", "rules F1", "rules body F1",
              "P", "R", "removal F1", "body F1"]
    rows = []
    for group in report.groups():
        keep, r, c = (report.tallies[n][group] for n in (names[0], rules, cleaner))
        rows.append([group, str(c.dumps), f"{keep.body_f1:.3f}", f"{r.precision:.3f}", f"{r.recall:.3f}", f"{r.f1:.3f}",
                     f"{r.body_f1:.3f}", f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}", f"{c.body_f1:.3f}"])
    title = f"{report.name} test sites: {report.dumps} dumps from {report.sites} sites (held out from training and tuning)"
    if markdown:
        lines = [title, "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines) + "\n"
    widths = [max(len(header[k]), *(len(row[k]) for row in rows)) for k in range(len(header))]
    lines = [title, "  ".join(h.rjust(w) if k else h.ljust(w) for k, (h, w) in enumerate(zip(header, widths, strict=True)))]
    lines += ["  ".join(v.rjust(w) if k else v.ljust(w) for k, (v, w) in enumerate(zip(row, widths, strict=True))) for row in rows]
    return "\n".join(lines) + "\n"
