"""How a legacy code page's character reads where it stands (`grade`): as what legacy text holds there, strongly
or weakly, or as junk. `pipeline.cleaning.codepages` weighs a code page's reading by these grades at the spots
UTF-8 could not read.

Legacy text and a UTF-8 file with a stray byte differ in what their non-ASCII bytes read as, and where. A stray
byte lands anywhere, mostly inside a word, and reads as anything: "Thoömas", "bustÐling", "publiƒshed",
"hum”an", "pool ¼of" (the corpora's dumps, each with one random byte 80-FF inserted, read as Windows-1252).
Legacy text holds curly quotes at word edges and apostrophes in contractions, dashes between spaces or digits,
"©" before a year, "°" after a number, NBSP beside numbers and punctuation: those read *strongly*. An accented
letter inside a word is what French or German text holds, and also what most stray bytes read as: it reads
*weakly*, and counts only beside another spot read as text (`codepages._MIN_TEXT_SPOTS`).
"""

from __future__ import annotations

import functools
import unicodedata

JUNK, WEAK, STRONG = 0, 1, 2

# A neighbour's class in a shape: L a letter (or mark), D a digit, S a space or the text's edge, P anything else.
# Punctuation and symbols of the Windows code pages, where text holds them: "XY" is the class before and after.
# A shape listed under neither is junk.
_STRONG_SHAPES = {
    # apostrophes at a word's end, after a number, closing a quotation (between letters: contractions, below)
    **dict.fromkeys("’´‘", ("LS", "LP", "DS", "DP", "DL", "PS", "PP")),  # "students’ ", "1990’s", "‘boo!’ "
    # quotation marks at a word's edge: “opening”, „German“ (whose “ and ‘ close), «French», ‘single’
    "“": ("SL", "SD", "PL", "PD", "LS", "LP", "DS", "DP", "PS", "PP"),
    "‘": ("SL", "SD", "PL", "PD", "PS", "PP"),
    **dict.fromkeys("„‚", ("SL", "SD", "PL", "PD", "PP")),
    **dict.fromkeys("”", ("LS", "LP", "DS", "DP", "PS", "PP")),
    # guillemets open and close either way («French», »German«) and stand alone as arrows ("Continue »")
    **dict.fromkeys("«»‹›", ("SL", "SD", "PL", "PD", "LS", "LP", "DS", "DP", "PS", "SP", "PP", "SS")),
    # dashes between spaces, numbers, punctuation ("1990–2000", "– 5", "$50–$100"); glued to a word on one side
    # ("tools– were", " –wide") or inside one they are weak, as a stray byte lands there
    **dict.fromkeys("–—", ("SS", "DD", "SD", "PD", "SP", "PS", "DP", "DS", "PP")),
    "…": ("LS", "LP", "DS", "PS", "PP", "DP"),
    "•": ("SS", "PS"),
    "·": ("SS",),  # a separator: "P.O. Box 329 · Frisco"
    "\xa0": ("DD", "LP", "DP", "PL", "PD", "PS", "SP", "DL", "LD"),  # "10 000", "mot :", "Mr. X", "5 km"
    **dict.fromkeys("€£¥¢", ("SD", "PD", "DS", "DP", "SS")),  # "£5", "5 €"
    "©": ("SS", "SD", "PS", "PD", "PP"),  # "© 2024", "©2024", "©&nbsp;2024"
    **dict.fromkeys("®™", ("LS", "LP", "DS", "DP", "SS")),  # "Apple®", "Windows™ 11", "SALON ® is"
    "°": ("DS", "DL", "DP"),  # "25°C", "90° "
    "§": ("SS", "SD", "PS", "PD"),  # "§ 5"
    "¶": ("SS", "SD", "PS", "PD", "LS", "LP"),  # a heading's "¶" link
    **dict.fromkeys("±×÷", ("SD", "PD", "DD", "PP")),  # "±5", "1920×1080", a close button's ">×<"; "138 × 207" below
    **dict.fromkeys("½¼¾", ("DS", "DP", "SS", "SP", "PS")),  # "1½ ", " ½,"
    **dict.fromkeys("²³¹", ("LS", "LP", "DS", "DP")),  # "m² ", "10³,"
    **dict.fromkeys("ºª", ("DS", "DP", "DL")),  # "1º ", "2ª"
    **dict.fromkeys("¡¿", ("PL",)),  # "“¡Hola", "—¿Qué" (after a space, below)
    "‰": ("DS", "DP"),
    "№": ("SS", "SD", "PS", "PD"),  # Windows-1251's "№ 5"
}
_WEAK_SHAPES = {
    # an apostrophe between letters that is no contraction ("rock’n’roll", a stray byte's "chann’els"), or opening
    # a word ("’tis"); markup stripped between a word and a quotation ('the film“Thumper”')
    **dict.fromkeys("’´‘", ("LL", "SL", "PL", "LD")),
    **dict.fromkeys("“„‚", ("LL", "LD", "SS")),
    "”": ("SL", "SD", "PL", "PD", "SS"),  # Swedish and Finnish ”open” with ”
    # "Paris–London", "brands—and", and as often a stray byte's "bust–ling" (Mac Cyrillic reads D0 and D1 as
    # dashes): read strongly, dashes between letters made 5 more of 1,887 stray-byte copies of the corpora's
    # dumps silent misreadings
    **dict.fromkeys("–—", ("LL", "LS", "SL", "LP", "PL", "LD", "DL")),
    "…": ("LL", "SL", "SS", "SD", "PL"),  # "a bit…er…LOT"
    "•": ("SL", "SD", "PL"),
    "·": ("LL", "DD"),  # Catalan "col·legi"
    "\xa0": ("LL", "SS", "LS", "SL", "DS", "SD", "PP"),
    "\xad": ("LL", "SL", "LS", "PL", "LP", "SS", "PP", "SP", "PS"),  # soft hyphen: "in\xadter\xadna\xadtional"
    "°": ("LS", "LD", "SS"),  # "N° 5"
    **dict.fromkeys("ºª", ("LS", "LD")),  # "Nº 5"
    **dict.fromkeys("†‡", ("LS", "LP", "SL")),  # footnotes, "† 1999"
    "ƒ": ("SS", "SD", "SP"),  # the florin, "ƒ/2.8": a symbol, never a letter inside a word
    "¦": ("SS",),
    "©": ("LS", "LP"),  # "Company©."
    "§": ("PL",),  # 'id="§introduction"'
    **dict.fromkeys("¡¿", ("SL", "SD")),  # "dijo ¡Hola", and a stray byte's "odd-looking, ¡flat"
    **dict.fromkeys("±×÷", ("SS",)),
    **dict.fromkeys("€£¥¢", ("PP", "PS", "SP")),  # 'content:"¥"'
}
# Any of them standing apart from words, beside punctuation ('<a class="close">×</a>', 'content:"®"', "® )") is
# strong: a stray byte lands there rarely, most bytes of text being letters. Not between two spaces, which dumps
# hold often ("Izimvo  Entsimini" became "Izimvo × Entsimini"), nor the symbols that look like letters, an
# invisible soft hyphen, a spacing accent, "‰" or a sign of arithmetic, which go with a number ("tax.× Plus").
_APART = ("SP", "PS", "PP")
_WEAK_APART = "\xadƒºª´‰×÷±"
# Characters the tables above judge; other punctuation and symbols are judged by their Unicode category.
_TABLED = frozenset(_STRONG_SHAPES) | frozenset(_WEAK_SHAPES)
# Endings of an English contraction after an apostrophe ("it’s", "don’t", "we’ll"), and the one-letter words
# (and "qu") an elided French or Italian word ends in before one ("l’homme", "d’accord", "qu’il"), and "O’Neill".
_CONTRACTIONS = ("s", "t", "d", "m", "ll", "re", "ve")
_ELIDED = "ldjnscmt"
# Scripts written together, as one: Japanese mixes kanji, hiragana and katakana within a word.
_SCRIPT_GROUPS = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "KATAKANA-HIRAGANA": "CJK", "HALFWIDTH": "CJK", "IDEOGRAPHIC": "CJK",
                  "HANGUL": "CJK", "FULLWIDTH": "CJK"}
# What may stand before a one-letter word in a single-byte code page's text: a space, an opening bracket or
# quotation mark, a dash, the end of a tag or an entity ("à Paris", "(à", "«à", "<p>à", "jusqu&#8217;à"), not a
# full stop ("providers.ά", a stray byte read as Greek).
_BEFORE_A_WORD = " \t\n\r([{\"'“‘«„-–—/>;"
# Capitals that are words of their own, at a sentence's start: French "À Paris", Portuguese "É", Irish "Ó".
_CAPITAL_WORDS = "ÀÉÈÓÒ"


# The letters beyond ASCII each language's text is written with, by CLD2's codes. One letter read weakly is
# text when it is one of the language the rest of the text is in ("März" in German), not when a stray byte reads
# so in another ("Thoömas" in English): `written_in_its_language`.
_LETTERS_OF = {
    "de": "äöüß", "fr": "àâæçéèêëîïôœùûüÿ", "es": "áéíóúñü", "pt": "áâãàçéêíóôõú", "it": "àèéìíòóù", "ca": "àèéíïòóúüç",
    "nl": "éëïöóèá", "da": "æøåé", "no": "æøåé", "nb": "æøåé", "sv": "åäöé", "fi": "äöå", "is": "áðéíóúýþæö", "et": "äöõüšž",
    "pl": "ąćęłńóśźż", "cs": "áčďéěíňóřšťúůýž", "sk": "áäčďéíĺľňóôŕšťúýž", "hu": "áéíóöőúüű", "ro": "ăâîșțşţ",
    "hr": "čćđšž", "sl": "čšž", "bs": "čćđšž", "sr": "čćđšž", "tr": "çğıöşü", "lv": "āčēģīķļņšūž", "lt": "ąčęėįšųūž",
    "ga": "áéíóú", "cy": "âêîôûŵŷ", "eu": "ñ", "gl": "áéíóúñ", "af": "êëéèôûî", "sq": "çë", "mt": "ċġħż",
}
_LANGUAGE_SAMPLE = 4000


def written_in_its_language(text: str, i: int) -> bool:
    """Whether the letter at `i` is one the language of `text` (CLD2's guess) is written with."""
    import pycld2

    try:
        _, _, found = pycld2.detect(text[:_LANGUAGE_SAMPLE].replace("\ufffd", ""))
    except pycld2.error:  # it refuses some code points (C1 controls, noncharacters)
        return False
    return text[i].lower() in _LETTERS_OF.get(found[0][1], "")


def grade(text: str, i: int, single_byte: bool = True) -> int:
    """How the code page's character at `i` reads where it stands: STRONG, WEAK or JUNK (module docstring).

    A letter (or mark) joined to a letter of its own script or to a digit ("café", "naïve", "2ème") is weak
    text, but a capital after a small letter ("bustÐling", "theÅ") is junk; so is a letter inside a word of
    another script (a Hebrew or Chinese letter inside an English word), a lone capital ("and Ã( bad"),
    half-width katakana (cp932's "ﾊ" for a Windows-1252 "Ê"), a control or unassigned code. A one-letter word
    that is not a capital ("à", "в", a Chinese character between tags) is weak text. Punctuation and symbols are
    judged by the shapes above (an apostrophe between letters is strong in a contraction: "it’s", "l’homme");
    others by their kind: junk between letters (the © of "rÃ©forme", "Mph†athiswa") and, in a single-byte code
    page's reading, a spacing accent ("1¸0") or a symbol from arrows on (box drawing, blocks, shapes,
    mathematics: "mayor ■ said ├(", as IBM866 reads bad UTF-8), which legacy web text does not hold (a multi-byte
    one's Japanese text does: "■"); weak elsewhere. A multi-byte code page's text is at most weak: one
    character of it can be a stray byte and the ASCII letter after it ("Universit﹜", GB18030's)."""
    char = text[i]
    if char < "\x80":
        return STRONG
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    found = _grade_between(before, char, after, single_byte)
    # "´" as an apostrophe ("don´t") stays weak: a stray B4 byte reads so ("new´s")
    if found == WEAK and char in "’‘" and before.isalpha() and after.isalpha() and _contraction(text, i):
        return STRONG
    if found == WEAK and char in "±×÷" and (text[i - 2:i - 1].isdigit() or text[i + 2:i + 3].isdigit()):  # "138 × 207"
        return STRONG
    return found


def _contraction(text: str, i: int) -> bool:
    """Whether the apostrophe at `i`, between letters, is one of a contraction or an elision."""
    end = i + 1
    while end < len(text) and end - i <= 3 and text[end].isalpha():
        end += 1
    if (end == len(text) or not text[end].isalpha()) and text[i + 1:end].lower() in _CONTRACTIONS:
        return True
    if text[i - 2:i].lower() == "qu" or text[i - 1:i + 2:2] == "O" + text[i + 1].upper():  # "qu’il", "O’Neill"
        return True
    return text[i - 1].lower() in _ELIDED and (i == 1 or not text[i - 2].isalpha())


@functools.lru_cache(maxsize=1 << 16)  # a file's spots repeat the same few characters and neighbours: "ье", "ы,"
def _grade_between(before: str, char: str, after: str, single_byte: bool) -> int:
    kind = unicodedata.category(char)
    if kind[0] in "LM" and char not in _TABLED:  # "ƒ", "º" and "ª" are letters only to Unicode
        return _letter(before, char, after, single_byte)
    if kind in ("Cc", "Co", "Cn", "Cs"):
        return JUNK
    if not single_byte:
        return JUNK if kind[0] in "SP" and before.isalpha() and after.isalpha() and kind not in ("Pd", "Pi", "Pf") else WEAK
    shape = _class(before) + _class(after)
    if char in _TABLED:
        if shape in _STRONG_SHAPES.get(char, ()) or (shape in _APART and char not in _WEAK_APART):
            return STRONG
        return WEAK if shape in _WEAK_SHAPES.get(char, ()) else JUNK
    if kind == "Sk" and shape not in _APART:  # a spacing accent: "1¸0"; alone, it is decoration ("¯<!-- ¯ -->")
        return JUNK
    if (kind[0] == "S" and char >= "\u2190") or shape == "LL":
        return JUNK
    return WEAK


def _letter(before: str, char: str, after: str, single_byte: bool) -> int:
    script = _script(char)
    joined = [n for n in (before, after) if n.isdigit() or unicodedata.category(n)[0] == "M" or (n.isalpha() and _script(n) == script)]
    if joined:
        return JUNK if char.isupper() and before.islower() and _script(before) == script else WEAK
    if (char.isupper() and char not in _CAPITAL_WORDS) or before.isalpha() or after.isalpha() or "\uff61" <= char <= "\uff9f":
        return JUNK
    return WEAK if not single_byte or before in _BEFORE_A_WORD else JUNK


def _class(char: str) -> str:
    if char.isalpha() or unicodedata.category(char)[0] == "M":
        return "L"
    if char.isdigit():
        return "D"
    return "S" if char.isspace() else "P"


@functools.cache  # unicodedata.name builds a string: it took most of the judging's time, per spot and proposal
def _script(char: str) -> str:
    """The script a letter belongs to, from its Unicode name ("LATIN SMALL LETTER E WITH ACUTE": LATIN)."""
    word = unicodedata.name(char, "").split(" ", 1)[0]
    return _SCRIPT_GROUPS.get(word, word)
