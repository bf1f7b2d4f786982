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


def test_a_large_legacy_file_is_judged_on_a_bounded_sample(monkeypatch):
    # every bad UTF-8 sequence was noted by a Python call, and up to 50,000 spots judged per proposal: Windows-1251
    # Russian took 55 ms a document instead of 2.8 and an 8.6 MB file 7.3 s. Now at most about 1,000 sequences are
    # noted, from stretches spread over the bytes, and 1,000 spots judged per proposal, whatever the size
    import gzip
    import json

    from conftest import DATA

    from pipeline.cleaning import codepages
    from pipeline.cleaning import decode as decoding
    from pipeline.ingest.metadata import language_of

    with gzip.open(DATA / "multilingual" / "dumps.jsonl.gz", "rt", encoding="utf-8") as lines:
        russian = next(d["text"] for d in map(json.loads, lines) if language_of(d["gold"])[0] == "ru")
    text = (russian + "\n") * 40  # 310,000 characters, 250,000 of them Cyrillic
    noted, judged = [], []
    replacing, grade = codepages.replacing, codepages.grade

    def noting(raw: bytes, encoding: str):
        read, spans = replacing(raw, encoding)
        noted.extend(spans if encoding == "utf-8" else [])
        return read, spans

    def judging(*args):
        judged.append(args[1])
        return grade(*args)

    monkeypatch.setattr(codepages, "replacing", noting)
    monkeypatch.setattr(decoding, "replacing", noting)
    monkeypatch.setattr(codepages, "grade", judging)
    decoded = decoding.decode(text.encode("cp1251"))
    assert (decoded.encoding, decoded.text) == ("cp1251", text)
    assert len(noted) <= 2_000 and len(judged) <= (codepages._CANDIDATES + 1) * 1_000
