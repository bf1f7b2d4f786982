"""Which legacy code page reads bytes that are not UTF-8, if any explains them better than UTF-8 with its bad
sequences replaced (rule 4 of `pipeline.cleaning.decode`): charset-normalizer proposes code pages; each
proposal's reading is judged where UTF-8 failed (`pipeline.cleaning.spots.grade`), and Windows-1252 is preferred where the
measures cannot tell.

Also the codec error handler both use: "replace", noting where each bad sequence was (`replacing`).
"""

from __future__ import annotations

import codecs
import re
import threading
from dataclasses import dataclass

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

from pipeline.cleaning.spots import STRONG, WEAK, grade, written_in_its_language

# The legacy encodings a browser decodes (the WHATWG Encoding Standard's list, by Python's codec names: its
# Shift_JIS decoder is Windows-31J, cp932; its EUC-KR is cp949; GBK is read by gb18030). charset-normalizer knows
# some 90 code pages, DOS ones among them, and chose cp857 for ASCII with an encoded surrogate ("Hello ÿáÇ
# world"): web text is not written in them. IBM866 stays: Russian DOS text is on the web's list. Mac Roman
# ("macintosh") is left out: it reads Windows-1252's curly quotes and ellipsis as accented letters inside words
# ("ìhelloî"), which looks less chaotic than the quotes themselves, and took 80 of the corpora's Windows-1252
# pages; Mac Roman pages are far rarer, and are read as Windows-1252 (their accented letters wrong, as before).
# ISO-2022-JP is left out too: it is 7-bit, so its files are valid UTF-8 and never reach a code page (any byte
# from 0x80 on is bad to its codec), and its codec read a line break after an escape as part of a bad sequence.
LEGACY_ENCODINGS = (
    "cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258", "cp874",
    "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_5", "iso8859_6", "iso8859_7", "iso8859_8", "iso8859_10",
    "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16", "koi8_r", "koi8_u", "cp866", "mac_cyrillic",
    "gb18030", "big5", "euc_jp", "cp932", "cp949",
)
# A code page's reading is judged on at most this many of its non-ASCII spots, spread over the text: the share
# read as text is then known within about 2% (one standard deviation), well inside `_CLEARLY_MORE`, and the
# judging (a Python loop) costs about half a millisecond per proposal whatever the file's size. UTF-8's bad
# sequences are noted one by one (a Python call each: 1.9 s for the 7 million of an 8.6 MB Windows-1251 file)
# up to this many; past it, about as many are noted in `_WINDOWS` stretches spread over the bytes. At most
# `_CANDIDATES` of charset-normalizer's proposals are judged, and Windows-1252.
_SPOTS = 1_000
_WINDOWS = 32
# One spot read weakly (an accented letter inside a word) is no evidence for a code page: most stray bytes in an
# ASCII file read so ("Thoömas", "huáman"). Weak spots count as text from this many spots read as text on; a
# legacy file with one accented letter and nothing else is read as UTF-8 with that byte replaced, and said so.
_MIN_TEXT_SPOTS = 2
_CANDIDATES = 4
# A later proposal must read this much larger a share of its spots as text to beat an earlier one: a wrong code
# page reads most of them as letters too (Chinese GBK bytes read as ISO-8859-5 are Cyrillic words), and then
# charset-normalizer's order decides.
_CLEARLY_MORE = 0.05
# Readings within this much chaos (percent) and fit to a language's letters are a tie, as charset-normalizer
# itself ranks them; on fewer differing spots than this its measures are noise (one "©" in a 200-byte sample is
# 3.5% chaos).
_CHAOS_TIE = 1.0
_COHERENCE_TIE = 0.02
_FEW_SPOTS = 20
_NON_ASCII_CHAR = re.compile(r"[^\x00-\x7f]")
# charset-normalizer is shown the non-ASCII bytes with this much context on each side, up to this many bytes:
# on the corpora's pages, 8 KiB told their code page as often as 64 KiB did, at a tenth of the time.
_SAMPLE_CONTEXT = 60
_SAMPLE_BYTES = 8192
_NON_ASCII_BYTES = re.compile(rb"[\x80-\xff]+")
_BELOW_0X30 = re.compile(rb"[\x00-\x2f]")


@dataclass(frozen=True, slots=True)
class Reading:
    """A legacy code page's reading of bytes: the text, each byte span it could not read either replaced by
    U+FFFD (`unread`)."""

    encoding: str
    text: str
    unread: list[tuple[int, int]]


def legacy_reading(raw: bytes, bad: list[tuple[int, int]], bad_total: int, for_utf8: int) -> Reading | None:
    """The legacy code page that explains more of the non-ASCII spots than UTF-8 does, among charset-normalizer's
    first few proposals and Windows-1252; None when none does. `bad` are the byte spans UTF-8 cannot read
    (shaped sequences left out; all `bad_total` of them, or a sample spread over the bytes: `utf8_reading`),
    `for_utf8` the spots that speak for UTF-8 (its valid non-ASCII characters and shaped sequences)."""
    sample = _non_ascii_sample(raw)
    matches = [m for m in from_bytes(sample, cp_isolation=list(LEGACY_ENCODINGS)) if m.encoding in LEGACY_ENCODINGS]
    # A match stands for every code page that reads the sample alike (`could_be_from_charset`): Windows-1252
    # when it is one of them. Its first few proposals come least chaos first, then best fit to a language's letters.
    proposals = [("cp1252" if "cp1252" in m.could_be_from_charset else m.encoding, m.percent_chaos, m.coherence)
                 for m in matches[:_CANDIDATES]]
    if all(encoding != "cp1252" for encoding, _, _ in proposals):
        # Windows-1252, the web's default for unlabelled Western pages, is always weighed: on a page with two
        # non-ASCII bytes ("©", a soft hyphen) charset-normalizer put IBM866 first and Windows-1252 nowhere
        found = next((m for m in matches if "cp1252" in m.could_be_from_charset), None)
        if found is not None:
            proposals.append(("cp1252", found.percent_chaos, found.coherence))
        elif _reads(sample, "cp1252"):
            proposals.append(("cp1252", mess_ratio(sample.decode("cp1252"), 1.0) * 100, None))
    best = None
    for encoding, chaos, coherence in proposals:
        text, unread = replacing(raw, encoding)
        strong, weak, junk = _judge(text, len(raw), bad, bad_total)
        junk += len(unread)
        text_like = strong + weak
        own = weak and text_like < _MIN_TEXT_SPOTS and len(text) == len(raw) and _own_letters(text, bad, weak)
        evidence = text_like if text_like >= _MIN_TEXT_SPOTS or own else strong
        reading = _Weighed(encoding, text, unread, evidence - junk - for_utf8, (text_like - junk) / max(text_like + junk, 1),
                           chaos, coherence)
        if best is None or reading.better_than(best, bad):
            best = reading
    if best is None or best.margin <= 0:
        return None
    return Reading(best.encoding, best.text, best.unread)


def _own_letters(text: str, bad: list[tuple[int, int]], weak: int) -> bool:
    """Whether the few spots a single-byte code page reads weakly are letters of the language the text is in
    (`spots.written_in_its_language`: "März" in a German text, not a stray byte's "Thoömas" in an English one)."""
    if len(bad) > _MIN_TEXT_SPOTS:
        return False
    spots = [start for start, end in bad if end - start == 1 and grade(text, start) == WEAK]
    return len(spots) == weak and all(written_in_its_language(text, i) for i in spots)


def _reads(raw: bytes, encoding: str) -> bool:
    try:
        raw.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class _Weighed:
    """A code page's reading of the bytes, as `legacy_reading` weighs it."""

    encoding: str
    text: str
    unread: list[tuple[int, int]]  # byte spans the code page could not read either
    margin: int  # spots it reads as text, less those it makes junk (or cannot read) and those that speak for UTF-8
    share: float  # (text - junk) / spots: comparable between single- and multi-byte readings
    chaos: float  # charset-normalizer's measures of the sample's reading: chaos (percent), fit to a language's
    coherence: float | None  # letters (0-1; None when charset-normalizer did not propose it)

    def better_than(self, earlier: _Weighed, bad: list[tuple[int, int]]) -> bool:
        """Whether this proposal beats an earlier one. By reading clearly more of its spots as text: on a French
        Windows-1252 page charset-normalizer put IBM866 first, its letters read as box drawing. Or as
        Windows-1252, the most common legacy encoding of web text, reading about as many: where the two
        readings differ on a few spots (cp1250's "naďve"; IBM866's "н" and "й" for a soft hyphen and "©",
        which charset-normalizer finds less chaotic), or where charset-normalizer finds them as good, within its
        own tie margins (ISO-8859-1 pages came out as cp1257). Czech in cp1250 and Turkish in cp1254 read as
        Windows-1252 are clearly a worse fit to their language's letters, and stay."""
        if self.share > earlier.share + _CLEARLY_MORE:
            return True
        if self.encoding != "cp1252" or self.share < earlier.share - _CLEARLY_MORE:
            return False
        if _differences(self.text, earlier.text, bad) < _FEW_SPOTS:
            return True
        return self.chaos <= earlier.chaos + _CHAOS_TIE and (
            self.coherence is None or earlier.coherence is None or self.coherence >= earlier.coherence - _COHERENCE_TIE)


def _differences(one: str, other: str, bad: list[tuple[int, int]]) -> int:
    """On how many of the bad spots two single-byte readings differ (as many as there are for a multi-byte one),
    counted up to `_FEW_SPOTS`: all `better_than` asks is whether they are few."""
    if len(one) != len(other):
        return len(bad)
    found = 0
    for start, end in bad:
        found += one[start:end] != other[start:end]
        if found >= _FEW_SPOTS:
            break
    return found


def _judge(text: str, raw_length: int, bad: list[tuple[int, int]], bad_total: int) -> tuple[int, int, int]:
    """How many non-ASCII spots of a code page's reading are strong text, weak text and junk (`spots.grade`: a
    spot is as good as its worst character). A single-byte code page reads one character a byte: its spots are
    where UTF-8 failed (`bad`, a sample of `bad_total`). A multi-byte one is judged on every non-ASCII character
    it reads. Of more than `_SPOTS` spots, that many spread evenly over the text are judged, and the rest counted
    as they were."""
    single_byte = len(text) == raw_length
    if single_byte:
        total = bad_total
        spots = [bad[k * len(bad) // _SPOTS] for k in range(_SPOTS)] if len(bad) > _SPOTS else bad
    else:
        total = len(text) - len(text.encode("ascii", "ignore"))
        if total > _SPOTS:
            found = (_NON_ASCII_CHAR.search(text, k * len(text) // _SPOTS) for k in range(_SPOTS))
            starts = sorted({m.start() for m in found if m})
        else:
            starts = [m.start() for m in _NON_ASCII_CHAR.finditer(text)]
        spots = [(start, start + 1) for start in starts]
    graded = [0, 0, 0]
    for start, end in spots:
        graded[min(grade(text, i, single_byte) for i in range(start, end)) if end - start > 1 else grade(text, start, single_byte)] += 1
    scale = total / max(len(spots), 1)
    strong, weak = round(graded[STRONG] * scale), round(graded[WEAK] * scale)
    return strong, weak, total - strong - weak


def _non_ascii_sample(raw: bytes) -> bytes:
    """The bytes around the first non-ASCII ones, up to `_SAMPLE_BYTES`, for charset-normalizer: it reads five
    512-byte chunks of what it is given, which in a page of markup are often all ASCII (it read Japanese pages
    as Arabic). Each piece starts and ends next to a byte below 0x30 (controls, space, ASCII punctuation), which no
    multi-byte code page uses inside a character (GB18030 uses digits), so no character is cut."""
    pieces, taken, last = [], 0, 0
    for run in _NON_ASCII_BYTES.finditer(raw):
        if run.end() <= last:
            continue
        start = max(last, run.start() - _SAMPLE_CONTEXT)
        while start > last and raw[start - 1] >= 0x30:
            start -= 1
        end = _BELOW_0X30.search(raw, min(len(raw), run.end() + _SAMPLE_CONTEXT))
        last = end.start() if end else len(raw)
        pieces.append(raw[start:last])
        taken += last - start
        if taken >= _SAMPLE_BYTES:
            break
    return b"\n".join(pieces)


_bad_spans = threading.local()


def _note_bad_span(err: UnicodeDecodeError) -> tuple[str, int]:
    """A codec error handler: "replace" (one U+FFFD for each bad sequence), noting where each was."""
    _bad_spans.found.append((err.start, err.end))
    return "\ufffd", err.end


codecs.register_error("articlean.replace", _note_bad_span)


def replacing(raw: bytes, encoding: str) -> tuple[str, list[tuple[int, int]]]:
    """`raw` decoded with each bad sequence replaced by U+FFFD, and the byte spans of those sequences."""
    _bad_spans.found = []
    text = raw.decode(encoding, "articlean.replace")
    return text, _bad_spans.found


def replaced_bytes(spans: list[tuple[int, int]]) -> int:
    return sum(end - start for start, end in spans)


@dataclass(frozen=True, slots=True)
class Utf8Reading:
    """Bytes read as UTF-8 with each bad sequence replaced by U+FFFD: the text, how many bad sequences there were
    and how many bytes they held, and their byte spans: all of them, or past `_SPOTS`, a sample of about as many
    spread over the bytes."""

    text: str
    bad: int
    replaced: int
    spans: list[tuple[int, int]]


def utf8_reading(raw: bytes) -> Utf8Reading:
    """`raw` read as UTF-8 with replacements (`Utf8Reading`): counted by Python's own "replace", in C; spans noted
    one by one only up to `_SPOTS` of them."""
    text = raw.decode("utf-8", "replace")
    bad = text.count("\ufffd") - raw.count(b"\xef\xbf\xbd")  # less the U+FFFD the bytes hold
    if bad <= _SPOTS:
        spans = replacing(raw, "utf-8")[1]
        return Utf8Reading(text, bad, replaced_bytes(spans), spans)
    # each bad sequence became 3 bytes of U+FFFD; the rest were read as they are
    replaced = len(raw) + 3 * bad - len(text.encode("utf-8"))
    return Utf8Reading(text, bad, replaced, _spread_spans(raw, bad))


_ASCII_BYTE = re.compile(rb"[\x00-\x7f]")


def _spread_spans(raw: bytes, bad: int) -> list[tuple[int, int]]:
    """About `_SPOTS` of UTF-8's `bad` bad sequences, from `_WINDOWS` stretches of the bytes spread evenly over
    them, each starting and ending at an ASCII byte (which starts a character in UTF-8, so the stretch is read as
    the whole is)."""
    width = max(64, len(raw) * _SPOTS // (_WINDOWS * bad))  # bytes that hold about _SPOTS / _WINDOWS of them
    spans, last = [], 0
    for k in range(_WINDOWS):
        found = _ASCII_BYTE.search(raw, max(last, k * len(raw) // _WINDOWS))
        start = found.start() if found else max(last, k * len(raw) // _WINDOWS)
        found = _ASCII_BYTE.search(raw, start + width)
        last = found.start() if found else min(len(raw), start + width)
        spans += [(start + a, start + b) for a, b in replacing(raw[start:last], "utf-8")[1]]
    return spans
