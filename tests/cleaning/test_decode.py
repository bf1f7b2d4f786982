from __future__ import annotations

import codecs

import pytest

from pipeline.cleaning.decode import DecodeError, decode


def test_utf8_passes_through_unchanged():
    text = "“Curly” quotes, an em dash — and naïve café\r\nsecond line\n"
    assert decode(text.encode("utf-8")) == text


def test_byte_order_marks_are_dropped():
    assert decode(codecs.BOM_UTF8 + b"hello") == "hello"
    assert decode("hello".encode("utf-16")) == "hello"


def test_cp1252_is_detected():
    assert decode("He said “hello” at the café, naïvely.".encode("cp1252")) == "He said “hello” at the café, naïvely."


def test_mojibake_is_repaired():
    assert decode("Andrés Manuel López".encode().decode("latin-1").encode("utf-8")) == "Andrés Manuel López"


@pytest.mark.parametrize(
    ("raw", "kind"),
    [(b"", "empty"), (b" \n\t\r\n", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"), (b"text\x00with nul", "binary")],
)
def test_bad_bytes_raise_a_decode_error_with_a_kind(raw, kind):
    with pytest.raises(DecodeError) as err:
        decode(raw)
    assert err.value.kind == kind
    assert str(err.value)


def _tricky_texts() -> list[str]:
    """Every labelled dump, plus variants holding what ftfy does change: mojibake, HTML entities (before and
    after a line with markup, after which ftfy leaves entities alone), control characters, terminal escapes,
    a C1 control and a line longer than ftfy's segment bound."""
    from conftest import dump_paths

    dumps = [p.read_text(encoding="utf-8") for p in dump_paths()]
    variants = []
    for text in dumps:
        variants += [
            text.replace("’", "â€™").replace("é", "Ã©"),
            text.replace("\n", " Tom &amp; Jerry&#8217;s\n", 3),
            "a <b>bold</b> line\n" + text.replace("\n", " &lt;tag&gt;\n", 3),
            text.replace("\n", "\x07\x1b[31m red\x1b[0m\x85\n", 2),
        ]
    return dumps + variants + ["&eacute;" + "x" * 1_000_050 + "Ã©\n&amp;"]


def test_repair_equals_ftfy_fix_text_line_by_line():
    # _repair skips the lines ftfy could not change; what it returns must be ftfy's own output, character
    # for character, or line numbers and gold alignment would drift.
    import ftfy

    from pipeline.cleaning.decode import _FIX, _repair

    texts = _tricky_texts()
    changed = 0
    for text in texts:
        expected = ftfy.fix_text(text, _FIX)
        assert _repair(text) == expected
        changed += expected != text
    assert changed >= len(texts) // 2  # the variants did exercise ftfy's fixes
