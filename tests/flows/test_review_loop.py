"""The loop a user runs to adapt the cleaner to their sites, end to end: ingest, review in a real browser (a
click on a line the cleaner kept), save the labels, take them as overrides, backfill. The corrected source's rows
change, in every article holding the line; the other source's rows, holding the same line, do not."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import LABELLED, articles

from flows.cli import main
from pipeline.dataset.overrides import read_overrides
from pipeline.publish.review import review_sample
from pipeline.publish.review_page import render_review
from pipeline.quality.evaluate import evaluate
from pipeline.quality.labels import read_labelled

pytestmark = pytest.mark.usefixtures("prefect_api")

PLANTED = "Hear this story read aloud in our app, available on every phone and tablet."
# Each source's dumps, and which of them hold the planted line: two of three, too few for the line to be learned
# as the source's boilerplate, so that only the user's word removes it.
SOURCES = {"siteA": ["apnews_3", "apnews_4", "apnews_5"], "siteB": ["cbsnews_1", "cbsnews_2", "cbsnews_3"]}


def plant(text: str) -> str:
    lines = text.split("\n")
    lines.insert(len(lines) // 2, PLANTED)
    return "\n".join(lines)


def make_sources(src: Path) -> None:
    for source, names in SOURCES.items():
        (src / source).mkdir(parents=True)
        for k, name in enumerate(names):
            text = (LABELLED / "dumps" / f"{name}.txt").read_text(encoding="utf-8")
            (src / source / f"{name}.txt").write_text(plant(text) if k < 2 else text, encoding="utf-8")


def rows_by_source(dest: Path) -> dict[str, dict[str, tuple]]:
    """Each source's rows by doc_id, without what says when and by which run they were written."""
    out: dict[str, dict[str, tuple]] = {}
    for row in articles(dest):
        out.setdefault(row["source"], {})[row["doc_id"]] = tuple(
            v for k, v in sorted(row.items()) if k not in ("ingested_at", "run_id"))
    return out


def review_and_click(driver, tmp_path: Path, downloads: Path, dest: Path) -> Path:
    """Write the review page of siteA, click the planted line in the first article holding it, save: the file."""
    from selenium.webdriver.common.action_chains import ActionChains

    found = review_sample(str(dest), source="siteA", sample=3)
    shown = found.payload["articles"]
    assert {a["source"] for a in shown} == {"siteA"} and len(shown) == 3
    page = tmp_path / "review.html"
    page.write_text(render_review(found.payload), encoding="utf-8")
    driver.get(page.as_uri())
    k, number = next((k, line["line"]) for k, a in enumerate(shown) for line in a["lines"] if line["text"] == PLANTED)
    for _ in range(k):
        ActionChains(driver).send_keys("n").perform()
    driver.find_element("css selector", f'#lines li[data-line="{number}"]').click()
    before = set(downloads.glob("labels-*.json"))
    ActionChains(driver).send_keys("s").perform()
    deadline, saved = time.monotonic() + 10, set()
    while time.monotonic() < deadline and not saved:
        saved = set(downloads.glob("labels-*.json")) - before
        time.sleep(0.1)
    assert saved, "no labels file was downloaded"
    return saved.pop()


def test_review_override_and_backfill_change_the_corrected_source_only(tmp_path, driver, downloads):
    from flows.ingest import backfill, ingest

    src, dest = tmp_path / "src", tmp_path / "data"
    make_sources(src)
    ingest(str(src), str(dest))
    before = rows_by_source(dest)
    assert sum(PLANTED in row["text"] for row in articles(dest)) == 4  # the cleaner keeps it, in both sources

    saved = review_and_click(driver, tmp_path, downloads, dest)
    # the saved labels load with eval's reader, and say the line is noise now
    (dump,) = read_labelled(saved)
    assert dump.site == "siteA" and dump.gold["corrected"] and evaluate([dump]).dumps[0].missed == 1

    assert main(["override", str(dest), "--from-labels", str(saved)]) == 0
    ingest(str(src), str(dest))  # nothing new: rows written before the change keep their verdict
    assert rows_by_source(dest) == before

    summary = backfill(str(src), str(dest))
    assert {"what": "lines in the override table (version 1)", "count": 1} in summary.table()
    after = rows_by_source(dest)
    assert after["siteB"] == before["siteB"]  # the same line, another source: untouched
    rows = {row["doc_id"]: row for row in articles(dest)}
    changed = {doc_id for doc_id in after["siteA"] if after["siteA"][doc_id] != before["siteA"][doc_id]}
    assert len(changed) == 2  # both siteA articles holding the line, and only they
    for doc_id in changed:
        assert PLANTED not in rows[doc_id]["text"]
        (removal,) = [r for r in rows[doc_id]["removed"] if r["text"] == PLANTED]
        assert removal["rule"] == "user" and removal["kind"] == "widget"
    # scored again with the dataset's overrides, the corrected article is right
    assert evaluate([dump], read_overrides(str(dest)).user_lines()).dumps[0].missed == 0
