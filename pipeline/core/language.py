"""A text's language, by CLD2 (Chromium's compact language detector, through pycld2): the row's `language`
(`pipeline.ingest.metadata`) and the page's, which the byline rules ask (`pipeline.cleaning.rules.base.Page.language`).

CLD2's tables are compiled into the package, so nothing is downloaded. Chosen over py3langid by measurement on the
2,252 corpus pages with >= 200 characters of gold text: the same language on 2,248 (the other 4: no answer or zh-Hant
for zh), 0.09 ms per article instead of 0.6 ms, and 5 MB of memory instead of 75 MB per process. The first 2,000
characters name the same language as the first 20,000 on all 257 WCXB pages."""

from __future__ import annotations

LANGUAGE_SAMPLE_CHARS = 2000


def language_of(text: str) -> tuple[str | None, float | None]:
    """ISO 639-1 code (zh-Hant kept as CLD2 names it) and the share of the text in that language (0-1);
    (None, None) when CLD2 can't tell (too little text, or none of its languages)."""
    import pycld2

    # a lone surrogate (what `surrogateescape` leaves of bytes that are not UTF-8) cannot be encoded for CLD2: "?"
    sample = text[:LANGUAGE_SAMPLE_CHARS].encode("utf-8", "replace").decode("utf-8")
    if not sample.strip():
        return None, None
    try:
        reliable, _, found = pycld2.detect(sample)
    except pycld2.error:  # it refuses some code points (C1 controls, noncharacters): read without them
        reliable, _, found = pycld2.detect("".join(c for c in sample if c.isprintable() or c in "\n\t"))
    name, code, percent, _ = found[0]
    if code == "un":
        return None, None
    return code, round(percent / 100, 4)
