"""A user's word on single lines of one source: always remove this line, always keep that one.

Training teaches the model a site in a later release; an override works in the next run. The table lives beside
the dataset (`pipeline.dataset.overrides`); what cleaning needs of it is this: the lines of one source to remove
(with the kind the user gave) and to keep, each as the hash of its key (`user_key`). A removed line is recorded
with rule `user`. A kept line is claimed by no rule and no model pass, so the rules that look at its
neighbours see it as the body it is.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from pipeline.core.text import line_content, line_hash

RULE = "user"


def user_key(text: str) -> str:
    """What an override matches: the line's letters, marks and digits, case folded and in one Unicode form (NFKC),
    so that "Share this story!" and "SHARE THIS STORY" are one line, and "Café" composed or decomposed too; its
    punctuation, symbols and spacing count as one space. Marks are kept: in Devanagari or Thai they are vowels,
    and "दिन" is not "दुन". A line of no letters or digits (a row of symbols, an emoji) is matched by its content,
    so that marking one such line does not mark them all."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    words = "".join(c if unicodedata.category(c)[0] in "LMN" else " " for c in folded).split()
    return " ".join(words) or line_content(text)


@dataclass(frozen=True)
class UserLines:
    """One source's overrides, by `line_hash(user_key(line))`."""

    remove: dict[int, str] = field(default_factory=dict)  # hash -> the kind to record
    keep: frozenset[int] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.remove or self.keep)

    @classmethod
    def of(cls, remove: dict[str, str] | None = None, keep: tuple[str, ...] | list[str] = ()) -> UserLines:
        """From line texts: `remove` maps a line to its kind, `keep` lists lines."""
        return cls({line_hash(user_key(text)): kind for text, kind in (remove or {}).items()},
                   frozenset(line_hash(user_key(text)) for text in keep))

    def verdict_of(self, text: str) -> tuple[str, str] | None:
        """("remove", kind), ("keep", "") or None for one line's text."""
        key = line_hash(user_key(text))
        if key in self.keep:
            return ("keep", "")
        if key in self.remove:
            return ("remove", self.remove[key])
        return None


NO_USER_LINES = UserLines()
