"""Every threshold of the cleaner in one frozen object, each with the reason for its value."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CleanSettings:
    # A caption is a sentence or two; AP's run to ~800 characters ("... (AP Photo/Seth Wenig)").
    # A line longer than this is prose even when it ends in something credit-like.
    max_caption_chars: int = 1000
    # A line that directly precedes a standalone credit is that credit's caption, unless it is longer
    # than a caption can be (then the credit belongs to a photo the scraper dropped).
    max_caption_before_credit_chars: int = 450
    # ... and only when the page ties them (`CaptionBeforeCredit`): one block, on a page that sets its blocks apart
    # with blank lines, i.e. at least this share of the gaps between its lines are blank. On the training sites
    # labelled our way a caption directly above its credit was the caption 139 times in 141 on such pages, 28 in 38
    # on pages written line after line.
    min_blank_gap_share: float = 0.3
    # A line above a credit as long as the page's paragraphs (this share of their median length or more) is one of
    # them: captions there were shorter than 0.8 of it.
    caption_body_length_share: float = 0.8
    # "FG Trade via Getty Images <text>": HuffPost's caption form. With a short text the whole line is
    # the caption; a long text is a paragraph with the credit glued to it.
    max_credit_prefixed_caption_chars: int = 320
    # A standalone credit line is a name and an agency, never a sentence.
    max_credit_chars: int = 160
    # Photo captions are repeated by scrapers (lead photo and gallery); copies share their opening.
    repeat_prefix_chars: int = 80
    # A headline is short; a first line longer than this is the lead paragraph.
    max_title_words: int = 30
    # Menus and link lists: a run of at least this many short, unpunctuated lines is page chrome.
    # Four keeps the "key headlines" lists and lone subheadings of real articles.
    min_menu_run: int = 5
    max_menu_item_words: int = 5
    max_menu_item_chars: int = 40
    # Lines after a related-stories header that still look like headlines belong to it.
    max_related_item_words: int = 25
    # A pull quote repeats a body sentence, sometimes with words elided ("... others view them as
    # inspiration"): this share of its word 4-grams occur in one longer line.
    # A line of up to 12 words is a section heading that echoes its section (the Guardian's
    # "‘Hard-boiled egg? I’d rather eat a fistful of cat litter’"), part of the article's structure.
    pull_quote_min_words: int = 13
    pull_quote_max_chars: int = 400
    pull_quote_overlap: float = 0.6
    # Exact repeats shorter than this are left alone: "Yes." twice in an interview is speech, and a table's
    # or a list's labels ("Recommended configuration", "Specs & Configurations") recur by design.
    min_duplicate_chars: int = 40
    # A copyright line only ends the article when it comes late: a "© Reuters" near the top is a
    # photo credit, not the page footer.
    end_zone_start: float = 0.5
    # "COMMENTS" ends the article only in the page's last third (or last three lines); earlier it is a subheading.
    end_marker_start: float = 2 / 3
    # Furniture after the end is short (links, prompts, notices): "Please let us know if you're having
    # issues with commenting." has 10 words. A line this long is prose, and the sweep of everything after
    # an end marker stops there.
    min_prose_words: int = 20
    # Rules (by name) not to run. See HTML_SETTINGS for why a profile turns some off.
    disabled_rules: frozenset[str] = frozenset()
    # The learned line model (pipeline.cleaning.model) removes what the rules left when it scores a line as noise at or
    # above its threshold, chosen for precision (see its model card); `model_threshold` overrides it. Off:
    # the rules alone.
    model: bool = True
    model_threshold: float | None = None
    # Rules (by name) that run only when the model is off, leaving their lines to it: the structural rules it does
    # better (they guess noise from a page's structure, a run of short lines, a repeated line, which the model reads
    # with more context; measured on the corpus's training sites (CV), where they removed real content most often),
    # and a rule that is not precise enough to remove a line alone: `related_prefix` ("Read more: ...", "Also read:
    # ...", "click here" inside a story, which WCXB's gold keeps: 60 of its 151 removals on WCXB's training sites,
    # 6 of 38 on fundus's).
    model_replaces: frozenset[str] = frozenset({"menu_run", "repeated_line", "pull_quote", "related_prefix"})
    # A line holding at least this share of the page's text is the article itself, whatever its shape.
    whole_article_share: float = 0.5
    # The user's own rules (`pipeline.cleaning.rules.custom.PatternRule`, or any `Rule`), run before the built-in
    # ones. Typed loosely here: the settings sit below the cleaning package, which checks them
    # (`pipeline.cleaning.rules.check_settings`) before it cleans a page.
    rules: tuple[object, ...] = ()

    def __post_init__(self) -> None:
        # a list or set where a tuple or frozenset is meant: the settings stay hashable (the engine checks each
        # settings object once) and frozen
        for name, kind in (("disabled_rules", frozenset), ("model_replaces", frozenset), ("rules", tuple)):
            value = getattr(self, name)
            if not isinstance(value, kind):
                object.__setattr__(self, name, kind([value] if isinstance(value, str) else value))


DEFAULT_SETTINGS = CleanSettings()

# For text that an HTML extractor (trafilatura) already took out of the page: the page's structure
# (menus, link lists, repeated blocks) is gone, and what looks like it in the extracted text is the
# article's own lists, tables, code and headings. Measured on the 257 WCXB pages, these rules removed
# mostly real content there, while the caption, credit, promo and footer rules still find noise.
HTML_STRUCTURE_RULES = frozenset({
    "menu_run", "repeated_line", "pull_quote", "tag_list",
    "related_prefix", "byline_source", "byline_age",
})
# The line model learned scraper dumps, not extractors' output: off here (see the extractors' before/after
# scores in the README).
HTML_SETTINGS = CleanSettings(disabled_rules=HTML_STRUCTURE_RULES, model=False)


@dataclass(frozen=True, slots=True)
class IngestSettings:
    # The longest real article is well under 1 MB of text; 10 MB leaves room for pages saved whole.
    # A larger single document is a data file or a scraper fault, rejected (its bytes kept up to
    # max_reject_raw_bytes; a JSONL line or WARC response over it is skipped without being read into memory).
    max_document_bytes: int = 10 * 1024 * 1024
    # An input larger than this is rejected unread. Inputs are streamed, so this bounds time, not memory.
    max_file_bytes: int = 1024 * 1024 * 1024
    # A .gz (not .warc.gz) that inflates past this is a gzip bomb or a dump to split first. It is inflated
    # once to check, keeping nothing, before any of it is cleaned. A WARC bounds each response instead
    # (max_document_bytes): a Common Crawl file inflates to about 5 GB by design.
    max_inflated_bytes: int = 1024 * 1024 * 1024
    # An input up to this size is read into memory once (hashed and parsed from the same bytes); a larger
    # one is streamed twice (hashed, then parsed), so memory never grows with an input's size.
    max_buffered_bytes: int = 64 * 1024 * 1024
    # A reject row keeps the bytes it rejects (nothing is lost) up to this size; a larger input stays at its
    # source_uri, identified by input_sha256. The 50 MB single-line dump of the tests is kept.
    max_reject_raw_bytes: int = 64 * 1024 * 1024
    # Documents per task run: Prefect task runs cost milliseconds, so batch hundreds; memory grows
    # with this, never with the corpus.
    batch_documents: int = 500
    # Input bytes per batch, so that a few large files don't make one batch huge.
    batch_bytes: int = 32 * 1024 * 1024
    # A run whose new inputs add up to at most this (a compressed input counting 10 times its size) is
    # cleaned in the flow's own process: starting a worker costs about 0.5 s and 110 MB, as long as
    # cleaning 1 MB takes.
    inline_bytes: int = 1024 * 1024
