"""Text helpers every package shares: what a blank character is, a line's content, one word count, and the
normalised form (and its hash) under which copies of a line are compared."""

from __future__ import annotations

import hashlib
import re

# Characters that print nothing: a line of them is blank. Whitespace (the "\\r" of CRLF files, tabs, non-breaking
# spaces) is stripped as the gold guidelines do, and so are the byte-order marks and zero-width spaces that scrapers
# leave mid-file, which are not whitespace to Python.
INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"
# Every character `str.isspace` knows (a test checks this against all of Unicode): stripped together with the
# invisible ones in one pass, so that "text\u2060\x85" loses both (stripping one kind after the other left
# the zero-width character, which a second cleaning then removed).
WHITESPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"
BLANK = WHITESPACE + INVISIBLE


def line_content(raw: str) -> str:
    """A raw line's content: stripped of whitespace and invisible characters."""
    return raw.strip(BLANK)


def join_around(left: str, right: str) -> str:
    """Glue what is left of a line after a cut, with one space where both sides have text."""
    left, right = left.rstrip(BLANK), right.lstrip(BLANK)
    if left and right:
        return f"{left} {right}"
    return left or right


def word_count(text: str) -> int:
    """Words as `str.split` sees them: runs of anything but whitespace. The one word count of the library."""
    return len(text.split())


_NORMALISE_RE = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """Text reduced to lower-case words, for comparing copies that differ in punctuation."""
    return _NORMALISE_RE.sub(" ", text.lower()).strip()


def line_hash(key: str) -> int:
    """8 bytes standing for a normalised line, so that counts over a large corpus stay small."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")
