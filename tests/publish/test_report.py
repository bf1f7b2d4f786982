"""`articlean report`: the page parses, holds every plot, its numbers are DuckDB's on the same dataset, and a
browser shows the plots and the struck-through examples in their colours."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import dump_paths
from runs import run

from flows.cli import main
from pipeline.publish.report import BAR, KIND_COLOURS

PLOTS = ["per-day", "per-source", "removed-by-kind", "lengths", "languages", "duplicates", "rejects"]


@pytest.fixture(scope="module")
def dest(tmp_path_factory) -> Path:
    """Dumps in one folder per site, an exact copy, a near copy, and three inputs that are rejected."""
    folder = tmp_path_factory.mktemp("report")
    src = folder / "src"
    for n, path in enumerate(dump_paths() * 2):
        site = path.stem.rsplit("_", 1)[0]
        (src / site).mkdir(parents=True, exist_ok=True)
        (src / site / f"{path.stem}-{n}.txt").write_text(f"{path.read_text(encoding='utf-8')}\n\nClosing paragraph {n}.\n",
                                                         encoding="utf-8")
    first = sorted((src / "apnews").glob("*.txt"))[0]
    shutil.copy(first, src / "apnews" / "exact-copy.txt")
    (src / "cbsnews" / "near-copy.txt").write_text(first.read_text(encoding="utf-8").replace(" the ", " a ", 2), encoding="utf-8")
    (src / "broken").mkdir()
    (src / "broken" / "empty.txt").write_text("   \n")
    (src / "broken" / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (src / "broken" / "blank.txt").write_text("")
    run(src, folder / "dest")
    return folder / "dest"


@pytest.fixture(scope="module")
def page(dest, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("page") / "report.html"
    assert main(["report", str(dest), "--out", str(out)]) == 0
    return out


def duck(dest: Path, sql: str) -> list[tuple]:
    import duckdb

    glob = f"{dest}/{{}}/**/*.parquet"
    sql = sql.replace("ARTICLES", f"read_parquet('{glob.format('articles')}', union_by_name=true)")
    return duckdb.sql(sql.replace("REJECTS", f"read_parquet('{glob.format('rejects')}', union_by_name=true)")).fetchall()


def table(page: Path, name: str) -> list[tuple]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    rows = soup.select(f'table[data-query="{name}"] tbody tr')
    return [tuple(td.get_text() for td in row.find_all("td")) for row in rows]


def as_text(rows: list[tuple]) -> list[tuple]:
    return [tuple(str(v) for v in row) for row in rows]


SITE = "coalesce(source, regexp_extract(source_uri, '([^/]+)/[^/]+$', 1))"


def test_every_plot_is_in_the_page_and_nothing_is_fetched(page):
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for plot in PLOTS:
        figure = soup.select_one(f'figure[data-plot="{plot}"]')
        assert figure is not None and figure.find("svg") is not None and len(figure.find_all("path")) > 5, plot
    assert not soup.find_all("script") and not soup.find_all("link") and not soup.find_all("img")
    assert "url(" not in "".join(s.get_text() for s in soup.find_all("style"))
    assert len(soup.select(".example")) >= 5 and soup.select(".example del")


@pytest.mark.parametrize("name, sql", [
    ("per_source", f"SELECT {SITE} s, count(*) FROM ARTICLES GROUP BY s ORDER BY 2 DESC, 1"),
    ("languages", "SELECT coalesce(language, '(unknown)'), count(*) FROM ARTICLES GROUP BY 1 ORDER BY 2 DESC, 1"),
    # the partition, as DuckDB reads it (a date)
    ("per_day", "SELECT ingest_date::VARCHAR, count(*) FROM ARTICLES GROUP BY 1 ORDER BY 1"),
    ("removed_by_kind", f"SELECT {SITE} s, r.kind, count(*) FROM (SELECT *, unnest(removed) r FROM ARTICLES) "
                        "GROUP BY ALL ORDER BY 1, 2"),
    ("duplicates", f"SELECT {SITE} s, count(duplicate_of), count(near_duplicate_of), count(*) FROM ARTICLES "
                   "GROUP BY s ORDER BY 4 DESC, 1"),
    ("rejects", "SELECT error_kind, count(*) FROM REJECTS GROUP BY 1 ORDER BY 2 DESC, 1"),
])
def test_the_numbers_are_duckdbs(page, dest, name, sql):
    expected = as_text(duck(dest, sql))
    assert expected and table(page, name) == expected


def test_lengths_add_up_and_duplicates_are_there(page, dest):
    lengths = table(page, "lengths")
    (total,) = duck(dest, "SELECT count(*) FROM ARTICLES")[0]
    assert sum(int(n) for _, n in lengths) == total
    (short,) = duck(dest, "SELECT count(*) FROM ARTICLES WHERE n_words < 100")[0]
    assert dict(lengths).get("0-99", "0") == str(short)
    duplicates = {row[0]: row[1:] for row in table(page, "duplicates")}
    assert int(duplicates["apnews"][0]) >= 1  # the exact copy
    assert int(duplicates["cbsnews"][1]) >= 1  # the near copy, filed under another site
    assert sum(int(n) for _, n in table(page, "rejects")) == 3


def test_a_browser_shows_the_plots_and_the_struck_through_removals(page, tmp_path):
    # What a person sees: Debian's chromium renders the page headless; the screenshot must hold the bars'
    # colour and the colours of the kinds struck through in the examples.
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("chromium is not installed (.ci/run installs Debian's chromium package)")
    from PIL import Image

    shot = tmp_path / "shot.png"
    subprocess.run([browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--window-size=1200,9000", f"--screenshot={shot}", page.as_uri()],
                   check=True, capture_output=True, timeout=120)
    image = Image.open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20)
    counts = {}
    for n, rgb in colours:
        counts[rgb] = counts.get(rgb, 0) + n

    def pixels(hex_colour: str) -> int:
        target = tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
        return sum(n for rgb, n in counts.items() if max(abs(a - b) for a, b in zip(rgb, target, strict=True)) <= 12)

    assert pixels(BAR) > 5000  # the bar charts were drawn
    for kind in ("caption", "footer", "related"):
        assert pixels(KIND_COLOURS[kind]) > 200, kind  # in the stacked plot and the struck-through examples
    white = pixels("#ffffff")
    assert white < 0.97 * image.width * image.height  # not a blank page


def section(page: str, anchor: str) -> str:
    start = page.index(f'<section id="{anchor}">')
    return page[start:page.index("</section>", start)]


def test_a_small_dataset_without_rejects_has_whole_counts_and_says_there_are_no_rejects(tmp_path, capsys):
    """Count axes tick at whole non-negative numbers (two articles do not make a 0.5 tick), no rejects and no
    duplicates are a sentence each, not a plot of zeros (whose axis ran from -0.045 to 0.045), and one source is
    "1 source"."""
    import re

    src = tmp_path / "src" / "site"
    src.mkdir(parents=True)
    for n, path in enumerate(dump_paths()[:2]):
        shutil.copy(path, src / f"{n}.txt")
    run(tmp_path / "src", tmp_path / "dest")
    out = tmp_path / "report.html"
    capsys.readouterr()
    assert main(["report", str(tmp_path / "dest"), "--out", str(out)]) == 0
    assert capsys.readouterr().out == f"articlean report: wrote {out} (2 articles, 1 source, 0 rejects)\n"
    page = out.read_text(encoding="utf-8")
    assert "<b>2</b> articles from <b>1</b> source, <b>0</b> rejected documents." in page
    rejects = section(page, "rejects")
    assert "No document was rejected" in rejects and "<svg" not in rejects
    duplicates = section(page, "duplicates")
    assert "No duplicates: no article is an exact or near copy of an earlier one." in duplicates
    assert "<svg" not in duplicates and 'data-query="duplicates"' in duplicates  # the numbers (zeros) stay beneath
    for figure in re.findall(r'<figure data-plot="([\w-]+)">(.*?)</figure>', page, re.S):
        ticks = re.findall(r">\s*(-?[\d.,−]+)\s*</text>", figure[1])
        assert all(re.fullmatch(r"\d+", t) for t in ticks), (figure[0], ticks)
    per_source = page[page.index('<figure data-plot="per-source">'):page.index('<section id="removed-by-kind">')]
    assert re.findall(r">\s*(-?[\d.,−]+)\s*</text>", per_source)  # the check above saw the ticks


def test_a_dataset_with_nothing_removed_says_so_instead_of_an_empty_plot(tmp_path):
    src = tmp_path / "src" / "site"
    src.mkdir(parents=True)
    (src / "plain.txt").write_text("The council met on Tuesday and voted to repair the bridge before the winter, "
                                   "after months of debate about its cost.\n", encoding="utf-8")
    run(tmp_path / "src", tmp_path / "dest")
    out = tmp_path / "report.html"
    assert main(["report", str(tmp_path / "dest"), "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<b>1</b> article from <b>1</b> source" in page
    removed = section(page, "removed-by-kind")
    assert "No line was removed" in removed and "<svg" not in removed
