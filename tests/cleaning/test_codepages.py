"""Which legacy code page reads bytes that are not UTF-8 (`pipeline.cleaning.codepages`)."""

from __future__ import annotations

import random

import pytest

from pipeline.cleaning.codepages import LEGACY_ENCODINGS, replacing


@pytest.mark.parametrize("encoding", LEGACY_ENCODINGS)
def test_every_code_page_weighed_keeps_each_line_break(encoding):
    # line numbers point into the raw file: a codec must read each CR and LF as one, whatever bytes stand around
    # them. ISO-2022-JP did not: after an escape (ESC $ B) it read "\n1\n" as one replaced character
    rng = random.Random(28)
    pieces = [b"\n", b"\r\n", b"\x1b$B", b"\x1b(B", *(bytes([b]) for b in range(0x21, 0x100))]
    for _ in range(300):
        raw = b"".join(rng.choice(pieces) for _ in range(60))
        text, _ = replacing(raw, encoding)
        assert (text.count("\n"), text.count("\r")) == (raw.count(b"\n"), raw.count(b"\r")), raw
