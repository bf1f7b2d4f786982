"""HTML pages to text through trafilatura, then through the line rules.

trafilatura does what it is best at (finding the main text of a page and its metadata); the line rules
then remove what it leaves in (photo credits, promos, bylines), with the HTML profile of the settings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from pipeline.cleaning.engine import clean
from pipeline.cleaning.overrides import NO_USER_LINES, UserLines
from pipeline.core.settings import HTML_SETTINGS


@dataclass(frozen=True, slots=True)
class ExtractedPage:
    text: str
    metadata: dict = field(default_factory=dict)  # title, author, date, url, sitename, when trafilatura finds them


def date_params() -> dict:
    """htmldate's settings for trafilatura: its own (the original date, not the last update; none after today), with
    the time and zone where the page gives them ("2019-12-08T09:59:25-0800"), not the day alone."""
    from trafilatura.settings import set_date_params

    return {**set_date_params(True), "outputformat": "%Y-%m-%dT%H:%M:%S%z"}


def extract(html: str, url: str | None = None, **options) -> ExtractedPage:
    """The main text of a page (comments left out) and its metadata. Empty text when there is none."""
    import trafilatura

    # favor_recall: on the 257 WCXB pages it is trafilatura's best setting (F1 0.9525 against 0.9503 for
    # include_comments=False alone), and the line rules take out much of the extra noise it lets in.
    settings = {"include_comments": False, "favor_recall": True, "date_extraction_params": date_params(), **options}
    # one parse for the text and the metadata (extract() and extract_metadata() would parse twice)
    found = trafilatura.bare_extraction(html, url=url, with_metadata=True, **settings)
    if found is None:
        return ExtractedPage("", {})
    metadata = {key: getattr(found, key) for key in ("title", "author", "date", "url", "sitename") if getattr(found, key, None)}
    return ExtractedPage(found.text or "", metadata)


def clean_html(html: str, url: str | None = None, user_of: Callable[[dict], UserLines] = lambda metadata: NO_USER_LINES,
               rules: tuple = ()):
    """A page through trafilatura, then through the line rules with the HTML profile. Returns the article
    (its title from the page's metadata) and the metadata. `user_of` gives the overrides of the page's source,
    which may be known only from the metadata (its URL); `rules` are the user's own (`CleanSettings.rules`), run on
    pages as on dumps."""
    page = extract(html, url=url)
    settings = replace(HTML_SETTINGS, rules=rules) if rules else HTML_SETTINGS
    article = clean(page.text, settings, extract_title=False, user=user_of(page.metadata))
    article.title = page.metadata.get("title")
    article.byline = page.metadata.get("author")
    article.date = page.metadata.get("date")
    article.metadata = page.metadata
    return article
