"""`articlean report DEST`: one self-contained HTML page about a dataset, plots first (people look at them
rather than read them), each with its numbers in a table beneath it, then a few articles per source with
their removed lines struck through and coloured by kind.

Every number comes from one DuckDB query over the dataset (`QUERIES`), scanned as Arrow so that an `s3://`
DEST needs no DuckDB extension. The plots are matplotlib SVG written into the page: no script, no CDN, no
font download; it works offline and prints.
"""

from __future__ import annotations

import html
import io
import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime

from pipeline.core.document import KINDS
from pipeline.dataset.tables import Dataset
from pipeline.publish.wording import counted

# One colour per kind of removed line, shared by the plot of removals and the struck-through examples.
KIND_COLOURS = {"title": "#7f7f7f", "byline": "#8c564b", "caption": "#d62728", "credit": "#ff7f0e",
                "duplicate": "#bcbd22", "related": "#1f77b4", "ad": "#e377c2", "widget": "#9467bd",
                "footer": "#2ca02c"}
BAR = "#4c72b0"
TOP_SOURCES = 15
LENGTH_BINS = (0, 100, 200, 400, 800, 1600, 3200)
EXAMPLE_SOURCES, EXAMPLES_PER_SOURCE, EXAMPLE_REMOVALS, EXAMPLE_PARAGRAPHS = 5, 2, 12, 3

# A row's source: its `source` column, else the folder its dump sat in (scrapers keep one folder per site, and
# a text dump has no URL to name its site by), as boilerplate learning counts sources.
_SOURCE = "coalesce(source, nullif(regexp_extract(source_uri, '([^/]+)/[^/]+$', 1), ''), '(unknown)')"
_LENGTH = "CASE " + " ".join(f"WHEN n_words < {hi} THEN '{lo}-{hi - 1}'" for lo, hi in itertools.pairwise(LENGTH_BINS)) \
          + f" ELSE '{LENGTH_BINS[-1]}+' END"
QUERIES = {
    # the partition: the day an input was first ingested (`ingested_at` moves when a backfill re-cleans it)
    "per_day": "SELECT ingest_date::VARCHAR AS day, count(*) AS articles FROM articles GROUP BY 1 ORDER BY 1",
    "per_source": f"SELECT {_SOURCE} AS source, count(*) AS articles FROM articles GROUP BY 1 ORDER BY 2 DESC, 1",
    "removed_by_kind": f"SELECT source, r.kind AS kind, count(*) AS lines FROM (SELECT {_SOURCE} AS source, "
                       "unnest(removed) AS r FROM articles) GROUP BY 1, 2 ORDER BY 1, 2",
    "lengths": f"SELECT {_LENGTH} AS words, count(*) AS articles FROM articles GROUP BY 1 ORDER BY min(n_words)",
    "languages": "SELECT coalesce(language, '(unknown)') AS language, count(*) AS articles FROM articles "
                 "GROUP BY 1 ORDER BY 2 DESC, 1",
    "duplicates": f"SELECT {_SOURCE} AS source, count(*) FILTER (WHERE duplicate_of IS NOT NULL) AS exact, "
                  "count(*) FILTER (WHERE near_duplicate_of IS NOT NULL) AS near, count(*) AS articles "
                  "FROM articles GROUP BY 1 ORDER BY 4 DESC, 1",
    "rejects": "SELECT error_kind AS kind, count(*) AS rejects FROM rejects GROUP BY 1 ORDER BY 2 DESC, 1",
    "examples": f"SELECT source, title, text, removed FROM (SELECT {_SOURCE} AS source, title, text, removed, "
                f"row_number() OVER (PARTITION BY {_SOURCE} ORDER BY len(removed) DESC, doc_id) AS n, "
                f"count(*) OVER (PARTITION BY {_SOURCE}) AS size FROM articles WHERE len(removed) > 0) "
                f"WHERE n <= {EXAMPLES_PER_SOURCE} ORDER BY size DESC, source, n",
}


@dataclass
class Figures:
    """The report's numbers: query name -> (column names, rows)."""

    dest: str
    tables: dict[str, tuple[list[str], list[tuple]]] = field(default_factory=dict)


def figures(dest: str) -> Figures:
    import duckdb

    dataset = Dataset(dest)
    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'UTC'")  # timestamps as the dataset stores them
    connection.register("articles", dataset.arrow("articles"))
    connection.register("rejects", dataset.arrow("rejects"))
    found = Figures(dest)
    for name, sql in QUERIES.items():
        relation = connection.sql(sql)
        found.tables[name] = (relation.columns, relation.fetchall())
    return found


def write_report(dest: str, out: str) -> Figures:
    found = figures(dest)
    with open(out, "w", encoding="utf-8") as handle:
        handle.write(render(found))
    return found


# --- plots -------------------------------------------------------------------------------------------------

def _svg(figure) -> str:
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg"):]  # inline: without the XML declaration and doctype


def _figure(height: float):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.fonttype": "none", "font.size": 9, "svg.hashsalt": "articlean"})
    return plt.subplots(figsize=(8, height))


def _whole_numbers(axes, horizontal: bool) -> None:
    """Count axes tick at whole numbers only (no 0.5 articles)."""
    from matplotlib.ticker import MaxNLocator

    (axes.xaxis if horizontal else axes.yaxis).set_major_locator(MaxNLocator(integer=True))


def _bars(labels: list[str], values: list[int], title: str, horizontal: bool = False) -> str:
    figure, axes = _figure(max(2.2, 0.28 * len(labels) + 0.8) if horizontal else 2.8)
    if horizontal:
        axes.barh(labels[::-1], values[::-1], color=BAR)
    else:
        axes.bar(labels, values, color=BAR)
        axes.tick_params(axis="x", labelrotation=45 if len(labels) > 8 else 0)
    _whole_numbers(axes, horizontal)
    axes.set_title(title)
    axes.spines[["top", "right"]].set_visible(False)
    return _svg(figure)


def _stacked_kinds(rows: list[tuple], sources: list[str]) -> str:
    counts = {(source, kind): n for source, kind, n in rows}
    figure, axes = _figure(max(2.2, 0.3 * len(sources) + 1.2))
    left = [0] * len(sources)
    for kind in KINDS:
        values = [counts.get((source, kind), 0) for source in sources]
        if any(values):
            axes.barh(sources[::-1], values[::-1], left=left[::-1], color=KIND_COLOURS[kind], label=kind)
            left = [a + b for a, b in zip(left, values, strict=True)]
    _whole_numbers(axes, horizontal=True)
    axes.legend(ncols=5, fontsize=8, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.12))
    axes.set_title("Removed lines by kind, per source")
    axes.spines[["top", "right"]].set_visible(False)
    return _svg(figure)


def _grouped_duplicates(rows: list[tuple]) -> str:
    figure, axes = _figure(max(2.2, 0.32 * len(rows) + 0.9))
    names = [r[0] for r in rows][::-1]
    positions = list(range(len(names)))
    axes.barh([p + 0.2 for p in positions], [r[1] for r in rows][::-1], height=0.4, color=BAR, label="exact")
    axes.barh([p - 0.2 for p in positions], [r[2] for r in rows][::-1], height=0.4, color="#dd8452", label="near")
    axes.set_yticks(positions, names)
    _whole_numbers(axes, horizontal=True)
    axes.legend(frameon=False)
    axes.set_title("Duplicates per source (articles pointing at an earlier copy)")
    axes.spines[["top", "right"]].set_visible(False)
    return _svg(figure)


# --- page --------------------------------------------------------------------------------------------------

_STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 60em; color: #222; padding: 0 1em; }
h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ddd; }
figure { margin: 0.5em 0; } figure svg { max-width: 100%; height: auto; }
table.data { border-collapse: collapse; font-size: 12px; margin: 0.5em 0; }
table.data td, table.data th { border: 1px solid #ddd; padding: 2px 8px; text-align: right; }
table.data td:first-child, table.data th:first-child { text-align: left; }
details summary { cursor: pointer; color: #555; }
.example { border: 1px solid #ddd; border-radius: 4px; padding: 0.6em 1em; margin: 0.8em 0; }
.example h4 { margin: 0 0 0.4em; }
.removed { margin: 0.2em 0; }
.removed del { text-decoration-thickness: 2px; }
.kind { font-size: 11px; color: #fff; border-radius: 3px; padding: 0 4px; margin-right: 6px; }
.body p { margin: 0.3em 0; }
""" + "\n".join(f".k-{kind} del {{ color: {colour}; }} .k-{kind} .kind {{ background: {colour}; }}"
                for kind, colour in KIND_COLOURS.items())


def _bold(n: int, noun: str) -> str:
    """"<b>2</b> sources": a count in bold, its noun as the count wants it."""
    number, words = counted(n, noun).split(" ", 1)
    return f"<b>{number}</b> {words}"


def _table(name: str, columns: list[str], rows: list[tuple]) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>" for row in rows)
    return (f'<details><summary>the numbers</summary><table class="data" data-query="{name}">'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></details>")


def _section(anchor: str, title: str, plot: str | None, name: str, figures_: Figures, note: str = "",
             nothing: str = "") -> str:
    """A plot with its numbers beneath; with `plot` None, the sentence `nothing` says why there is none (a plot of
    zeros has no bars to read and an axis around zero, -0.045 to 0.045)."""
    columns, rows = figures_.tables[name]
    shown = f'<figure data-plot="{anchor}">{plot}</figure>' if plot is not None else f'<p class="none">{nothing}</p>'
    return f'<section id="{anchor}"><h2>{html.escape(title)}</h2>{note}{shown}{_table(name, columns, rows)}</section>'


def _examples(rows: list[tuple]) -> str:
    parts, per_source = [], {}
    for source, title, text, removed in rows:
        per_source.setdefault(source, []).append((title, text, removed))
    for source in list(per_source)[:EXAMPLE_SOURCES]:
        parts.append(f"<h3>{html.escape(source)}</h3>")
        for title, text, removed in per_source[source]:
            lines = "".join(
                f'<div class="removed k-{html.escape(r["kind"])}"><span class="kind">{html.escape(r["kind"])}</span>'
                f'<del>{html.escape(r["text"])}</del> <small>line {r["line"]}, {html.escape(r["rule"])}</small></div>'
                for r in sorted(removed, key=lambda r: r["line"])[:EXAMPLE_REMOVALS])
            more = len(removed) - EXAMPLE_REMOVALS
            paragraphs = text.split("\n\n")
            body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs[:EXAMPLE_PARAGRAPHS])
            parts.append(f'<div class="example"><h4>{html.escape(title or "(no title)")}</h4>{lines}'
                         + (f"<div><small>... and {counted(more, 'more removed line')}</small></div>" if more > 0 else "")
                         + f'<div class="body">{body}'
                         + (f"<p><small>... {counted(len(paragraphs) - EXAMPLE_PARAGRAPHS, 'more paragraph')}</small></p>"
                            if len(paragraphs) > EXAMPLE_PARAGRAPHS else "") + "</div></div>")
    return "".join(parts)


def render(found: Figures) -> str:
    from pipeline.core import __version__
    t = found.tables
    per_source = t["per_source"][1]
    sources = [s for s, _ in per_source[:TOP_SOURCES]]
    total = sum(n for _, n in per_source)
    rejected = sum(n for _, n in t["rejects"][1])
    removals = sum(n for _, _, n in t["removed_by_kind"][1])
    copies = sum(exact + near for _, exact, near, _ in t["duplicates"][1])
    legend = "".join(f'<span class="k-{k}"><span class="kind">{k}</span></span>' for k in KINDS)
    sections = [
        _section("per-day", "Articles per ingest day", _bars([d for d, _ in t["per_day"][1]], [n for _, n in t["per_day"][1]],
                 "Articles per ingest day"), "per_day", found),
        _section("per-source", "Articles per source", _bars(sources, [n for _, n in per_source[:TOP_SOURCES]],
                 f"Articles per source (top {TOP_SOURCES})", horizontal=True), "per_source", found),
        _section("removed-by-kind", "Removed lines by kind, per source",
                 _stacked_kinds(t["removed_by_kind"][1], sources) if removals else None, "removed_by_kind", found,
                 "<p>Where the noise comes from: each removed line counted by the kind the cleaner gave it.</p>",
                 "No line was removed: every line of every article was kept."),
        _section("lengths", "Article length", _bars([w for w, _ in t["lengths"][1]], [n for _, n in t["lengths"][1]],
                 "Articles by length (words)"), "lengths", found),
        _section("languages", "Languages", _bars([x for x, _ in t["languages"][1]], [n for _, n in t["languages"][1]],
                 "Articles by language", horizontal=True), "languages", found),
        _section("duplicates", "Exact and near duplicates per source",
                 _grouped_duplicates(t["duplicates"][1][:TOP_SOURCES]) if copies else None, "duplicates", found,
                 nothing="No duplicates: no article is an exact or near copy of an earlier one."),
        _section("rejects", "Rejects by kind", _bars([k for k, _ in t["rejects"][1]], [n for _, n in t["rejects"][1]],
                 "Rejected documents by kind", horizontal=True) if rejected else None, "rejects", found,
                 nothing="No document was rejected: every input became an article."),
    ]
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>articlean report: {html.escape(found.dest)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>articlean report</h1><p><code>{html.escape(found.dest)}</code>: {_bold(total, 'article')} from "
        f"{_bold(len(per_source), 'source')}, {_bold(rejected, 'rejected document')}. Written by articlean "
        f"{__version__} on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.</p>",
        *sections,
        f'<section id="examples"><h2>Examples</h2><p>A few articles of the largest sources: each removed line struck '
        f"through in the colour of its kind, then the start of the clean text. {legend}</p>",
        _examples(t["examples"][1]), "</section></body></html>",
    ])
