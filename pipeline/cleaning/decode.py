"""Raw bytes to text: byte-order marks, UTF-8 with its bad bytes replaced, legacy code pages
(charset-normalizer), broken Unicode (ftfy).

Line breaks are left exactly as they are, so that line numbers still point into the raw file.

Which encoding reads the bytes (README "The result format" says it too):

1. A byte-order mark names it. A UTF-8 one makes the file UTF-8 whatever follows (bad bytes replaced, as in 3).
2. Valid UTF-8 is UTF-8: most dumps, and the fast path.
3. Bytes that are mostly UTF-8 are UTF-8 with each bad sequence replaced by U+FFFD (Unicode's "maximal subpart"
   practice, as Python and browsers do: an encoded lone surrogate ED A0 80 becomes three U+FFFD, never a
   surrogate, which Parquet could not store). "Mostly" means that UTF-8 explains at least as many of the
   non-ASCII spots as it cannot: its valid multi-byte characters plus its shaped bad sequences (`_UTF8_SHAPED`:
   encoded surrogates, overlong forms, sequences cut short as "F0 9F 98" of an emoji, a UTF-16 byte-order mark's
   FF FE; a UTF-8 writer's mistakes, which no code page's text makes) number at least its other bad sequences.
   One stray byte in a French, Japanese or Russian article is one U+FFFD, never the whole article in another
   encoding (such an article read as Shift-JIS came out as half-width katakana).
4. Otherwise the bytes are a legacy file, or mostly-ASCII text with a few bad bytes (`pipeline.cleaning.codepages`).
   charset-normalizer proposes code pages of the web (`codepages.LEGACY_ENCODINGS`, the WHATWG list browsers
   know), shown the bytes around the non-ASCII ones; Windows-1252 is always weighed too. Each proposal's reading
   is judged at the spots UTF-8 could not read (`pipeline.cleaning.spots.grade`), by what legacy text holds
   there: strong text is a curly quotation mark at a word's edge, an apostrophe in a contraction ("it’s",
   "l’homme"), a dash between spaces or numbers, "©" before a year, "°" after a number; weak text is an accented
   letter within a word of its script ("café", and as often a stray byte's "Thoömas"); junk is a capital inside
   a word ("bustÐling"), a quotation mark or symbol inside a word ("hum”an"), a lone capital, a letter inside a
   word of another script, a spacing accent, a control character, box drawing. The proposal reading clearly the
   largest share as text is chosen (charset-normalizer's order on a tie, Windows-1252 where the measures cannot
   tell), and it wins only when it explains the bytes better than UTF-8 with replacements: the spots it reads as
   text outnumber those it makes junk plus those that speak for UTF-8 (valid characters, shaped sequences),
   where weak spots count only from two spots read as text on, or when the one letter is of the language the
   text is in (CLD2: "März" in German). "naïve café" in Windows-1252 is Windows-1252; ASCII with "ÿþ", an
   encoded surrogate and a cut sequence ("Ã(") is UTF-8 with six bytes replaced, and so is "The café opened" in
   Windows-1252 with one: a byte that may be either is replaced and counted rather than silently misread.
5. Otherwise UTF-8 with replacements, or a reject ("undecodable") when more than `MAX_REPLACED_SHARE` of the bytes
   would be replaced: no encoding we know reads them.

`Decoded.replaced_bytes` counts the bytes replaced; the article row keeps it (`replaced_bytes`), `articlean clean`
warns about it, and a run's summary counts the documents that had any.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import ftfy

from pipeline.cleaning.codepages import legacy_reading, replaced_bytes, replacing, utf8_reading

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
# UTF-8's own mistakes: a lead byte with all its continuation bytes, for a code point UTF-8 forbids (an encoded
# surrogate, as CESU-8 and Java write; an overlong form; past U+10FFFF). Read by a code page they are a letter
# and symbols ("í\xa0€"), which text rarely holds; they speak for UTF-8. So do a UTF-16 byte-order mark's two
# bytes (FF FE, "The mayorÿþ said": a UTF-16 file's start pasted in), which no code page's text holds, and a cut
# sequence: a lead byte with fewer continuation bytes than it needs (F0 9F 98, an emoji cut short, read as
# "ðŸ˜"), which Python's decoder reports as one bad sequence of two or more bytes (`_mostly_utf8_or_legacy`).
_UTF8_SHAPED = re.compile(rb"\xed[\xa0-\xbf][\x80-\xbf]|[\xc0\xc1][\x80-\xbf]|\xe0[\x80-\x9f][\x80-\xbf]"
                          rb"|\xf0[\x80-\x8f][\x80-\xbf]{2}|\xf4[\x90-\xbf][\x80-\xbf]{2}|[\xf5-\xf7][\x80-\xbf]{3}"
                          rb"|\xff\xfe|\xfe\xff")
# With more of its bytes replaced than this and no code page that reads it, a file is not text we can read.
MAX_REPLACED_SHARE = 0.25


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can tell. `kind` names the reason for reject records."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True, slots=True)
class Decoded:
    """A document's text, the encoding that read its bytes, and how many of its bytes were not text in that
    encoding: each bad sequence became one U+FFFD (0 for clean bytes)."""

    text: str
    encoding: str
    replaced_bytes: int = 0


def decode(raw: bytes) -> Decoded:
    """Decode a dump's bytes to text; raises DecodeError with an actionable message when it can't."""
    decoded = _decode(raw)
    if not decoded.text.strip():  # whitespace in any script: NBSP, ideographic spaces
        raise DecodeError("empty", "the file holds only whitespace: there is no article in it")
    return decoded


def _decode(raw: bytes) -> Decoded:
    if not raw.strip():
        raise DecodeError("empty", "the file is empty or holds only whitespace: there is no article in it")
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            if encoding == "utf-8-sig":
                text, bad = replacing(raw[len(bom):], "utf-8")
                return Decoded(_repair(text), encoding, replaced_bytes(bad))
            try:
                return Decoded(_repair(raw.decode(encoding)), encoding)
            except UnicodeDecodeError as err:
                raise DecodeError("undecodable", f"starts with a {encoding} byte-order mark but is not {encoding}: {err}") from err
    if _looks_binary(raw):
        raise DecodeError(
            "binary",
            "the file holds binary data (NUL or control bytes), not text: is it an image or an archive? "
            "Compressed dumps must end in .gz",
        )
    try:
        return Decoded(_repair(raw.decode("utf-8")), "utf-8")
    except UnicodeDecodeError:
        pass
    return _mostly_utf8_or_legacy(raw)


def _mostly_utf8_or_legacy(raw: bytes) -> Decoded:
    """Rules 3 to 5 of the module's docstring, for bytes that are not valid UTF-8."""
    utf8 = utf8_reading(raw)
    shaped = [m.span() for m in _UTF8_SHAPED.finditer(raw)]
    in_shaped = {i for start, end in shaped for i in range(start, end)}
    other = [span for span in utf8.spans if span[0] not in in_shaped and span[1] - span[0] == 1]
    # cut sequences, counted in the spans noted (all of them, or a sample: `utf8_reading`)
    cut = round(sum(end - start > 1 for start, end in utf8.spans) * utf8.bad / max(len(utf8.spans), 1))
    other_total = utf8.bad - len(in_shaped) - cut  # each byte of a shaped sequence is a bad sequence of its own
    valid = len(utf8.text) - len(utf8.text.encode("ascii", "ignore")) - utf8.bad  # non-ASCII characters UTF-8 read
    for_utf8 = valid + len(shaped) + cut
    if for_utf8 < other_total:
        legacy = legacy_reading(raw, other, other_total, for_utf8)
        if legacy is not None:
            return Decoded(_repair(legacy.text), legacy.encoding, replaced_bytes(legacy.unread))
    if utf8.replaced > MAX_REPLACED_SHARE * len(raw):
        raise DecodeError("undecodable", f"{utf8.replaced:,} of its {len(raw):,} bytes are not UTF-8 and no other text encoding "
                          "reads them: is it text? Convert it to UTF-8 (iconv -f ENCODING -t UTF-8) if you know its encoding")
    return Decoded(_repair(utf8.text), "utf-8", utf8.replaced)


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
