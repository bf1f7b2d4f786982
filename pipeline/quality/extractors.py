"""Other extractors' text, before and after articlean cleans it: cleaning must never make an extractor worse.

Each extractor that installs (the `eval` extra) runs on the same pages with gold text: the WCXB pages and the
corpus's test-site pages. Its text is scored with body F1 as it is, and again after `clean` with the HTML
profile (`pipeline.core.settings.HTML_SETTINGS`: the rules that read a page's structure are off, because an
extractor has already removed the structure, and so is the line model, which learned scraper dumps).
"""

from __future__ import annotations

import gzip
import json
import multiprocessing
from collections.abc import Callable
from pathlib import Path

from pipeline.cleaning.engine import clean
from pipeline.core.machine import usable_cores
from pipeline.core.settings import HTML_SETTINGS
from pipeline.quality.corpus import dumps_file, is_test_site
from pipeline.quality.evaluate import body_f1


def _trafilatura(**options) -> Callable[[str], str]:
    def extract(html: str) -> str:
        import trafilatura

        return trafilatura.extract(html, **options) or ""

    return extract


def _readability(html: str) -> str:
    from lxml import html as lxml_html
    from readability import Document

    summary = Document(html).summary(html_partial=True)
    return lxml_html.fromstring(summary).text_content() if summary.strip() else ""


def _justext(html: str) -> str:
    import justext

    paragraphs = justext.justext(html.encode("utf-8", "replace"), justext.get_stoplist("English"))
    return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def _boilerpy3(html: str) -> str:
    from boilerpy3 import extractors

    return extractors.ArticleExtractor(raise_on_failure=False).get_content(html)


def _newspaper(html: str) -> str:
    import newspaper

    # no image fetching: it would go to the network (5-10 s a page here, where nothing answers)
    article = newspaper.Article("https://example.com/", fetch_images=False, memorize_articles=False)
    article.download(input_html=html)
    article.parse()
    return article.text


def _goose(html: str) -> str:
    from goose3 import Goose

    with Goose({"enable_image_fetching": False}) as goose:
        return goose.extract(raw_html=html).cleaned_text


def _html2text(html: str) -> str:
    import html2text

    converter = html2text.HTML2Text()
    converter.ignore_links = converter.ignore_images = True
    converter.body_width = 0
    return converter.handle(html)


def _inscriptis(html: str) -> str:
    from inscriptis import get_text

    return get_text(html)


EXTRACTORS: dict[str, Callable[[str], str]] = {
    "trafilatura (comments off)": _trafilatura(include_comments=False),
    "trafilatura favor_recall": _trafilatura(include_comments=False, favor_recall=True),
    "readability-lxml": _readability,
    "jusText": _justext,
    "boilerpy3 ArticleExtractor": _boilerpy3,
    "newspaper4k": _newspaper,
    "goose3": _goose,
    "html2text": _html2text,
    "inscriptis": _inscriptis,
}


def corpus_pages(corpus: Path) -> list[tuple[str, str]]:
    """(html, gold) of the corpus's test-site pages (none when the corpus has no pages file)."""
    path = dumps_file(corpus).parent / "pages.jsonl.gz"
    if not path.exists():
        return []
    found = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            page = json.loads(line)
            if page.get("gold") and is_test_site(page.get("site") or f"{page['dataset']}/{page['page']}"):
                found.append((page["html"], page["gold"]))
    return found


def _run(args: tuple[str, str]) -> tuple[str, str]:
    """(the extractor's text, that text cleaned) for one page; an extractor that fails gives no text."""
    name, html = args
    try:
        text = EXTRACTORS[name](html) or ""
    except Exception:  # noqa: BLE001 - a third-party extractor failing on a page scores it as empty
        text = ""
    return text, clean(text, HTML_SETTINGS, extract_title=False).body


def available() -> list[str]:
    """The extractors whose library is installed."""
    modules = {"trafilatura (comments off)": "trafilatura", "trafilatura favor_recall": "trafilatura",
               "readability-lxml": "readability", "jusText": "justext", "boilerpy3 ArticleExtractor": "boilerpy3",
               "newspaper4k": "newspaper", "goose3": "goose3", "html2text": "html2text", "inscriptis": "inscriptis"}
    import importlib.util

    return [name for name in EXTRACTORS if importlib.util.find_spec(modules[name]) is not None]


def before_after(pages: list[tuple[str, str]], processes: int | None = None,
                 names: list[str] | None = None) -> dict[str, tuple[tuple, tuple]]:
    """For each available extractor (or each of `names`): (P, R, F1) of its text and of that text cleaned."""
    results = {}
    with multiprocessing.get_context("spawn").Pool(processes or usable_cores()) as pool:
        for name in names or available():
            outputs = pool.map(_run, [(name, html) for html, _ in pages], chunksize=4)
            golds = [gold for _, gold in pages]
            results[name] = (body_f1([(text, gold) for (text, _), gold in zip(outputs, golds, strict=True)]),
                             body_f1([(cleaned, gold) for (_, cleaned), gold in zip(outputs, golds, strict=True)]))
    return results


def extractors_table(sets: dict[str, dict[str, tuple[tuple, tuple]]], markdown: bool = False) -> str:
    """One row per extractor and page set: P, R, F1 before -> after."""
    header = ["pages", "extractor", "P before -> after", "R before -> after", "F1 before -> after", "F1 change"]
    rows = []
    for pages_name, results in sets.items():
        for name, (before, after) in results.items():
            rows.append([pages_name, name, f"{before[0]:.4f} -> {after[0]:.4f}", f"{before[1]:.4f} -> {after[1]:.4f}",
                         f"{before[2]:.4f} -> {after[2]:.4f}", f"{after[2] - before[2]:+.4f}"])
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows]) + "\n"
    widths = [max(len(header[k]), *(len(row[k]) for row in rows)) for k in range(len(header))]
    out = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    out += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(out) + "\n"
