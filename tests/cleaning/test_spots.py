"""How a code page's character reads where it stands (`pipeline.cleaning.spots.grade`): the stray bytes of the
corpora's dumps read as Windows-1252, and what legacy text holds."""

from __future__ import annotations

import pytest

from pipeline.cleaning.spots import JUNK, STRONG, WEAK, grade


def graded(text: str) -> list[int]:
    return [grade(text, i) for i, char in enumerate(text) if char >= "\x80"]


@pytest.mark.parametrize(("text", "expected"), [
    # legacy text: quotation marks at a word's edge, contractions and elisions, dashes and symbols apart
    ("He said “fine” and left", [STRONG, STRONG]), ("it’s", [STRONG]), ("l’homme", [STRONG]), ("O’Neill", [STRONG]),
    ("1990–2000", [STRONG]), ("a – b", [STRONG]), ("© 2015", [STRONG]), ("25°C", [STRONG]), ("£5", [STRONG]),
    ("Apple® ", [STRONG]), ("»Sammobile«", [STRONG, STRONG]), ("Continue »</a>", [STRONG]), ("138 × 207", [STRONG]),
    # weak: accented letters in words, what a stray byte reads as just as often
    ("café", [WEAK]), ("Thoömas", [WEAK]), ("brands—and", [WEAK]), ("chann’els", [WEAK]), ("new´s", [WEAK]),
    ("tools– were", [WEAK]), ("à Paris", [WEAK]),
    # junk: no text holds these
    ("bustÐling", [JUNK]), ("hum”an", [JUNK]), ("pool ¼of", [JUNK]), ("1¸0", [JUNK]), ("providers.ά", [JUNK]),
    ("and Ã( bad", [JUNK]), ("would ©add", [JUNK]), ("LEV-¡1", [JUNK]),
])
def test_grade(text, expected):
    assert graded(text) == expected
