"""Scores the cleaner against line-labelled dumps, with the metrics of EVAL.md.

- removal precision/recall over all labelled lines (micro-averaged): a line counts as removed when a
  removal of that line carries its whole stripped content;
- per-kind recall: the share of each gold kind's lines that were removed (and, separately, removed
  with the right kind);
- body F1: the article-extraction-benchmark metric on 4-token shingles, per-document normalised;
- title accuracy: exact match with the gold title (None when the dump has none).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.cleaning.engine import clean
from pipeline.cleaning.overrides import NO_USER_LINES
from pipeline.core.document import KINDS, Article
from pipeline.core.settings import DEFAULT_SETTINGS, HTML_SETTINGS
from pipeline.core.text import line_content
from pipeline.quality.labels import LabelledDump, read_labelled

_TOKEN_RE = re.compile(r"\w+")


def shingle_counts(text: str, n: int = 4) -> Counter:
    tokens = _TOKEN_RE.findall(text)
    return Counter(tuple(tokens[i : i + n]) for i in range(max(len(tokens) - n + 1, 0)))


def shingle_prf(predicted: str, gold: str) -> tuple[float, float, float]:
    """Per-document tp, fp, fn normalised to sum to 1 (the scrapinghub benchmark's convention)."""
    pred, true = shingle_counts(predicted), shingle_counts(gold)
    tp = sum((pred & true).values())
    fp = sum(pred.values()) - tp
    fn = sum(true.values()) - tp
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def harmonic(p: float, r: float) -> float:
    """F1 of a precision and a recall."""
    return 2 * p * r / (p + r) if p + r else 0.0


def body_f1(pairs: list[tuple[str, str]]) -> tuple[float, float, float]:
    """Precision averaged over documents with tp+fp > 0, recall over those with tp+fn > 0."""
    precisions, recalls = [], []
    for predicted, gold in pairs:
        tp, fp, fn = shingle_prf(predicted, gold)
        if tp + fp > 0:
            precisions.append(tp / (tp + fp))
        if tp + fn > 0:
            recalls.append(tp / (tp + fn))
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    return p, r, harmonic(p, r)


@dataclass
class DumpScore:
    name: str
    removed_right: int = 0  # removed, and gold says noise
    removed_wrong: int = 0  # removed, but gold says body
    missed: int = 0  # gold noise left in
    fixes_wrong: int = 0  # a body line with glued noise not cut exactly as the gold's "fixed" text
    title_ok: bool = True
    mistakes: list[str] = field(default_factory=list)
    missed_lines: list[int] = field(default_factory=list)
    kind_total: Counter = field(default_factory=Counter)  # gold noise lines by kind
    kind_removed: Counter = field(default_factory=Counter)  # ... of them removed
    kind_exact: Counter = field(default_factory=Counter)  # ... of them removed with the gold's kind


@dataclass
class Report:
    dumps: list[DumpScore]
    kind_total: Counter
    kind_removed: Counter
    kind_exact: Counter
    body_p: float
    body_r: float
    body_f1: float
    raw_body_f1: float  # the same metric with no cleaning at all, for scale

    @property
    def precision(self) -> float:
        removed = sum(d.removed_right + d.removed_wrong for d in self.dumps)
        return sum(d.removed_right for d in self.dumps) / removed if removed else 1.0

    @property
    def recall(self) -> float:
        noise = sum(d.removed_right + d.missed for d in self.dumps)
        return sum(d.removed_right for d in self.dumps) / noise if noise else 1.0

    @property
    def f1(self) -> float:
        return harmonic(self.precision, self.recall)

    @property
    def title_accuracy(self) -> float:
        return sum(d.title_ok for d in self.dumps) / len(self.dumps) if self.dumps else 0.0

    def kind_recall(self, kind: str) -> float:
        return self.kind_removed[kind] / self.kind_total[kind] if self.kind_total[kind] else 1.0


def score_dump(name: str, raw: str, gold: dict, article: Article) -> DumpScore:
    lines = raw.removeprefix("\ufeff").split("\n")
    whole = {r.line: r for r in article.removed if r.text == line_content(lines[r.line - 1])}
    score = DumpScore(name, title_ok=article.title == gold["title"])
    if not score.title_ok:
        score.mistakes.append(f"title: got {article.title!r}, gold {gold['title']!r}")
    kept = {p.line: p.text for p in article.paragraphs}
    for label in gold["labels"]:
        number, kind = label["line"], label["label"]
        removal = whole.get(number)
        if "fixed" in label and not removal and kept.get(number) != label["fixed"]:
            score.fixes_wrong += 1
            score.mistakes.append(f"L{number} should be cut to {label['fixed'][:80]!r}, is {kept.get(number, '')[:80]!r}")
        text = line_content(lines[number - 1])[:100]
        if kind != "body":
            score.kind_total[kind] += 1
            score.kind_removed[kind] += removal is not None
            score.kind_exact[kind] += removal is not None and removal.kind == kind
        if kind == "body" and removal:
            score.removed_wrong += 1
            score.mistakes.append(f"L{number} body removed as {removal.kind}/{removal.rule}: {text!r}")
        elif kind != "body" and removal:
            score.removed_right += 1
            if removal.kind != kind:
                score.mistakes.append(f"L{number} {kind} removed as {removal.kind}/{removal.rule}: {text!r}")
        elif kind != "body":
            score.missed += 1
            score.missed_lines.append(number)
            score.mistakes.append(f"L{number} {kind} kept: {text!r}")
    return score


def evaluate(labelled: Path | list[LabelledDump], user_lines: dict | None = None, boilerplate: dict | None = None) -> Report:
    """Clean each labelled dump (a path as `read_labelled` takes it, or dumps read already) and score it. With
    `user_lines` and `boilerplate` (by source), each dump is cleaned with its source's overrides and learned
    boilerplate, as a run cleans it. An article saved from a review without being marked reviewed is scored on
    its corrected lines alone (`LabelledDump.trusted`), and not for its title or body."""
    dumps = labelled if isinstance(labelled, list) else read_labelled(labelled)
    scores, pairs, raw_pairs = [], [], []
    for dump in dumps:
        settings, title = (HTML_SETTINGS, False) if dump.html else (DEFAULT_SETTINGS, True)
        article = clean(dump.raw, settings, extract_title=title, boilerplate=(boilerplate or {}).get(dump.site, {}),
                        user=(user_lines or {}).get(dump.site, NO_USER_LINES), source=dump.site)
        if dump.html or not dump.reviewed:
            article.title = dump.gold["title"]  # a page's title comes from its metadata; an unreviewed one is not gold
        scores.append(score_dump(dump.name, dump.raw, {**dump.gold, "labels": dump.trusted()}, article))
        if dump.reviewed:
            pairs.append((article.body, dump.gold["body"]))
            raw_pairs.append(("\n\n".join(line.strip() for line in dump.raw.split("\n") if line.strip()), dump.gold["body"]))
    kind_total, kind_removed, kind_exact = Counter(), Counter(), Counter()
    for score in scores:
        kind_total.update(score.kind_total)
        kind_removed.update(score.kind_removed)
        kind_exact.update(score.kind_exact)
    p, r, f = body_f1(pairs)
    return Report(scores, kind_total, kind_removed, kind_exact, p, r, f, body_f1(raw_pairs)[2])


def evaluate_by_site(dumps: list[LabelledDump], user_lines: dict | None = None, boilerplate: dict | None = None) -> dict[str, Report]:
    """One report per source (site) of the dumps, in name order: how the cleaner does on each of a user's sites."""
    sites = sorted({dump.site for dump in dumps})
    return {site: evaluate([d for d in dumps if d.site == site], user_lines, boilerplate) for site in sites}


def sites_table(reports: dict[str, Report]) -> str:
    """A line per source: dumps, removal precision, recall and F1, body F1, lines got wrong."""
    width = max([len(site) for site in reports] + [6])
    out = [f"{'source':<{width}} {'dumps':>5} {'P':>6} {'R':>6} {'F1':>6} {'body F1':>8} {'wrong':>6}"]
    for site, report in reports.items():
        wrong = sum(d.removed_wrong + d.missed for d in report.dumps)
        out.append(f"{site:<{width}} {len(report.dumps):>5} {report.precision:>6.3f} {report.recall:>6.3f} "
                   f"{report.f1:>6.3f} {report.body_f1:>8.3f} {wrong:>6}")
    return "\n".join(out) + "\n"


def format_report(report: Report, verbose: bool = False) -> str:
    out = [
        f"dumps: {len(report.dumps)}",
        f"removal precision {report.precision:.3f}  recall {report.recall:.3f}  F1 {report.f1:.3f}",
        f"body P {report.body_p:.3f}  R {report.body_r:.3f}  F1 {report.body_f1:.3f}  (no cleaning: F1 {report.raw_body_f1:.3f})",
        f"title accuracy {report.title_accuracy:.3f} "
        f"({sum(d.title_ok for d in report.dumps)}/{len(report.dumps)})",
        "",
        f"{'kind':<10} {'lines':>5} {'removed':>8} {'recall':>7} {'kind ok':>8}",
    ]
    for kind in KINDS:
        total = report.kind_total[kind]
        if total:
            out.append(
                f"{kind:<10} {total:>5} {report.kind_removed[kind]:>8} {report.kind_recall(kind):>7.3f} "
                f"{report.kind_exact[kind] / total:>8.3f}"
            )
    if verbose:
        out.append(format_mistakes(report))
    return "\n".join(out)


def format_mistakes(report: Report) -> str:
    """Every labelled line the cleaner got wrong, by dump."""
    out = []
    for dump in report.dumps:
        if dump.mistakes:
            out.append(f"\n{dump.name}")
            out.extend(f"  {m}" for m in dump.mistakes)
    return "\n".join(out)
