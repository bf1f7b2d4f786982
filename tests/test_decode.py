from __future__ import annotations

import codecs

import pytest

from pipeline.decode import DecodeError, decode


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
