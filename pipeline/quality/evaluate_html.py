"""Scores the HTML path on pages with gold main text (WCXB), against trafilatura in the same run, and
shows what cleaning does to the text of other extractors (BeautifulSoup, trafilatura with images)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.cleaning.engine import clean
from pipeline.cleaning.html import clean_html
from pipeline.core.settings import HTML_SETTINGS, IngestSettings
from pipeline.io.readers import TooLarge, read_document
from pipeline.quality.evaluate import body_f1

# trafilatura's own configurations, each scored as it is: the pipeline must beat the best of them.
TRAFILATURA_CONFIGS: dict[str, dict] = {
    "trafilatura default": {},
    "trafilatura include_comments=False": {"include_comments": False},
    "trafilatura favor_precision": {"include_comments": False, "favor_precision": True},
    "trafilatura favor_recall": {"include_comments": False, "favor_recall": True},
}


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float


@dataclass
class HtmlReport:
    pages: int
    trafilatura: dict[str, Scores] = field(default_factory=dict)
    pipeline: Scores | None = None
    others: dict[str, tuple[Scores, Scores]] = field(default_factory=dict)  # extractor -> (before, after)

    @property
    def best_trafilatura(self) -> tuple[str, Scores]:
        return max(self.trafilatura.items(), key=lambda item: item[1].f1)


def bs4_text(html: str) -> str:
    """What many pipelines do: the text of the <article> element (or <body>), scripts and styles dropped."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    node = soup.find("article") or soup.body or soup
    return node.get_text("\n")


def trafilatura_with_images(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html, include_comments=False, include_images=True) or ""


OTHER_EXTRACTORS: dict[str, Callable[[str], str]] = {
    "BeautifulSoup get_text of the article element (else body)": bs4_text,
    "trafilatura include_images=True": trafilatura_with_images,
}


def pages(folder: Path) -> list[tuple[str, str]]:
    """(html, gold text) of every page folder under `folder`, in name order."""
    found = []
    for page in sorted(p for p in folder.iterdir() if (p / "page.html").exists() and (p / "gold.txt").exists()):
        try:
            html = read_document(page / "page.html", IngestSettings()).decode("utf-8", errors="replace")
        except TooLarge as err:  # a page no run would clean
            raise TooLarge(f"{page / 'page.html'}: {err}") from None
        found.append((html, (page / "gold.txt").read_text(encoding="utf-8")))
    if not found:
        raise FileNotFoundError(f"{folder}: no page folders with page.html and gold.txt")
    return found


def evaluate_html(folder: Path) -> HtmlReport:
    import trafilatura

    data = pages(folder)
    report = HtmlReport(pages=len(data))
    for name, options in TRAFILATURA_CONFIGS.items():
        report.trafilatura[name] = _score([(trafilatura.extract(html, **options) or "", gold) for html, gold in data])
    report.pipeline = _score([(clean_html(html).body, gold) for html, gold in data])
    for name, extractor in OTHER_EXTRACTORS.items():
        texts = [(extractor(html), gold) for html, gold in data]
        cleaned = [(clean(text, HTML_SETTINGS, extract_title=False).body, gold) for text, gold in texts]
        report.others[name] = (_score(texts), _score(cleaned))
    return report


def _score(pairs: list[tuple[str, str]]) -> Scores:
    return Scores(*body_f1(pairs))
