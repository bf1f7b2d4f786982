"""The HTML path: pages and WARC responses through trafilatura and the rules."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import DATA, articles

from pipeline.cleaning.html import clean_html
from pipeline.ingest.batch import RunContext, process_batch
from pipeline.io.readers import discover
from pipeline.quality.evaluate_html import evaluate_html

SAMPLE = DATA / "wcxb"
FULL_WCXB = Path(__file__).parents[3] / "shared" / "html" / "wcxb"  # beside the checkout, in CI too


def page(name: str) -> str:
    return (SAMPLE / name / "page.html").read_text(encoding="utf-8")


def test_a_page_gives_its_main_text_and_metadata():
    article = clean_html(page("5266"))
    assert article.title and article.body
    assert article.metadata.get("url", "").startswith("http")
    assert all(r.kind and r.rule for r in article.removed)


def warc_of(pages: list[tuple[str, str]]) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for url, html in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()), http_headers=headers))
    css = StatusAndHeaders("200 OK", [("Content-Type", "text/css")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://example.com/a.css", "response", payload=io.BytesIO(b"p{}"), http_headers=css))
    return out.getvalue()


def test_html_and_warc_inputs_become_articles(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "page.html").write_text(page("5083"), encoding="utf-8")
    (src / "crawl.warc.gz").write_bytes(warc_of([("https://example.com/one", page("4542")), ("https://example.com/two", page("5597"))]))
    (src / "broken.warc.gz").write_bytes(warc_of([("https://example.com/x", page("4117"))])[:200])
    files, _ = discover(str(src))
    ctx = RunContext(dest=str(tmp_path / "dest"), run_id="html")
    result = process_batch(files, {}, set(), ctx)
    rows = articles(tmp_path / "dest")
    by_member = {(Path(r["source_uri"]).name, r["member"]): r for r in rows}
    assert set(by_member) == {("page.html", None), ("crawl.warc.gz", 1), ("crawl.warc.gz", 2)}  # the CSS response is not a page
    assert by_member[("crawl.warc.gz", 1)]["url"] == "https://example.com/one"
    assert all(r["title"] and r["text"] for r in rows)
    assert dict(result.rejected) == {"truncated_gzip": 1}  # the cut-off archive, with its bytes


def test_cleaning_other_extractors_raises_precision_and_keeps_recall():
    report = evaluate_html(SAMPLE)
    for name, (before, after) in report.others.items():
        assert after.precision > before.precision, name
        assert after.recall >= before.recall - 0.005, name


@pytest.mark.skipif(not FULL_WCXB.is_dir(), reason="the 257 WCXB pages live in shared/, beside the checkout")
def test_on_all_257_pages_the_pipeline_beats_every_trafilatura_configuration():
    report = evaluate_html(FULL_WCXB)
    assert report.pages == 257
    best_name, best = report.best_trafilatura
    assert report.pipeline.f1 > best.f1, (best_name, best, report.pipeline)
    for name, (before, after) in report.others.items():
        assert after.precision > before.precision, name
        assert after.recall >= before.recall - 0.005, name
