"""`articlean eval`'s report: one table for the labelled dumps, the HTML pages and other extractors,
as text for a terminal or as Markdown with a bar chart of per-kind recall."""

from __future__ import annotations

from pathlib import Path

from pipeline.core.document import KINDS
from pipeline.quality.evaluate import Report, format_mistakes, format_report
from pipeline.quality.evaluate_html import HtmlReport, Scores


def _row(name: str, s: Scores) -> tuple[str, str, str, str]:
    return name, f"{s.precision:.4f}", f"{s.recall:.4f}", f"{s.f1:.4f}"


def html_rows(html: HtmlReport) -> list[tuple[str, ...]]:
    rows = [_row(name, s) for name, s in html.trafilatura.items()]
    best_name, best = html.best_trafilatura
    rows.append(_row(f"articlean (trafilatura + rules), {html.pipeline.f1 - best.f1:+.4f} F1 vs {best_name}", html.pipeline))
    return rows


def other_rows(html: HtmlReport) -> list[tuple[str, ...]]:
    rows = []
    for name, (before, after) in html.others.items():
        rows.append((name, f"{before.precision:.4f} -> {after.precision:.4f}", f"{before.recall:.4f} -> {after.recall:.4f}",
                     f"{before.f1:.4f} -> {after.f1:.4f}"))
    return rows


def text_report(dumps: Report, html: HtmlReport | None, verbose: bool = False) -> str:
    out = [format_report(dumps)]
    if html:
        out += ["", f"HTML pages: {html.pages} (body F1 on 4-token shingles)", _text_table(("system", "P", "R", "F1"), html_rows(html))]
        out += ["", "Cleaning other extractors' output (before -> after)",
                _text_table(("extractor", "P", "R", "F1"), other_rows(html))]
    if verbose:
        out.append(format_mistakes(dumps))
    return "\n".join(out).rstrip() + "\n"


def _text_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
             for r in [header, *rows]]
    return "\n".join(lines)


def markdown_report(dumps: Report, html: HtmlReport | None, chart: str | None = None) -> str:
    out = ["## Labelled dumps", "",
           f"{len(dumps.dumps)} dumps. Removal precision **{dumps.precision:.3f}**, recall **{dumps.recall:.3f}**, "
           f"F1 {dumps.f1:.3f}; body F1 **{dumps.body_f1:.3f}** (P {dumps.body_p:.3f}, R {dumps.body_r:.3f}; "
           f"no cleaning {dumps.raw_body_f1:.3f}); titles {sum(d.title_ok for d in dumps.dumps)}/{len(dumps.dumps)}.", "",
           "| kind | lines | removed | recall | removed as this kind |", "|---|---:|---:|---:|---:|"]
    for kind in KINDS:
        total = dumps.kind_total[kind]
        if total:
            out.append(f"| {kind} | {total} | {dumps.kind_removed[kind]} | {dumps.kind_recall(kind):.3f} | "
                       f"{dumps.kind_exact[kind] / total:.3f} |")
    if chart:
        out += ["", f"![per-kind recall]({chart})"]
    if html:
        out += ["", f"## HTML pages ({html.pages}, WCXB)", "", "| system | P | R | F1 |", "|---|---:|---:|---:|"]
        out += [f"| {' | '.join(r)} |" for r in html_rows(html)]
        out += ["", "## Cleaning other extractors' output (before → after)", "", "| extractor | P | R | F1 |",
                "|---|---:|---:|---:|"]
        out += [f"| {' | '.join(c.replace('->', '→') for c in r)} |" for r in other_rows(html)]
    return "\n".join(out) + "\n"


def per_kind_chart(dumps: Report, path: Path) -> None:
    """A bar chart of per-kind recall, as PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    kinds = [k for k in KINDS if dumps.kind_total[k]]
    recalls = [dumps.kind_recall(k) for k in kinds]
    fig, ax = plt.subplots(figsize=(8, 3.5), dpi=120)
    bars = ax.bar(kinds, recalls, color=["#2b7a3d" if r >= 0.9 else "#c0392b" for r in recalls])
    ax.axhline(0.9, color="#555", linestyle="--", linewidth=1, label="0.90 target")
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("recall")
    ax.set_title(f"Noise removed, by gold kind ({len(dumps.dumps)} labelled dumps)")
    for bar, recall, kind in zip(bars, recalls, kinds, strict=True):
        ax.text(bar.get_x() + bar.get_width() / 2, recall + 0.01, f"{recall:.2f}\n{dumps.kind_removed[kind]}/{dumps.kind_total[kind]}",
                ha="center", va="bottom", fontsize=7)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
