"""The registry: every rule, in the order in which they may claim a line.

Earlier rules win a line: specific patterns (an ad marker, a credit) come before the contextual rules
that build on them (the caption above a credit, everything after an end marker), and the broad
structural rules (repeats, menus) come last, so that they only see lines nothing else explained.
"""

from __future__ import annotations

import difflib
from functools import lru_cache

from pipeline.cleaning.rules.base import Line, Page, PatternScan, Rule, Verdict, is_text_rule
from pipeline.cleaning.rules.bylines import BYLINE_RULES, EDGE_BYLINE_RULES
from pipeline.cleaning.rules.captions import (
    CaptionAfterCredit,
    CaptionBeforeCredit,
    CaptionBeforeDuration,
    CaptionLabel,
    CaptionPhrase,
    CaptionWithBracketedCredit,
    CaptionWithTrailingCredit,
    VideoCaption,
)
from pipeline.cleaning.rules.chrome import AdMarker, MenuRun, ToolbarText
from pipeline.cleaning.rules.credits import CreditLine, GluedCredit, IndentedCredit
from pipeline.cleaning.rules.custom import PatternRule
from pipeline.cleaning.rules.duplicates import PullQuote, RepeatedAcrossSource, RepeatedCaption, RepeatedLine, RepeatedTitle
from pipeline.cleaning.rules.footers import FOOTER_RULES, Copyright, EndOfArticle, InlinePitch, TagBlock, TagList
from pipeline.cleaning.rules.related import RelatedBlock, RelatedLabel, RelatedPrefix
from pipeline.cleaning.rules.title import Title
from pipeline.core.document import KINDS
from pipeline.core.settings import CleanSettings

RULES: tuple[Rule, ...] = (
    AdMarker(),
    ToolbarText(),
    *BYLINE_RULES,
    CreditLine(),
    IndentedCredit(),
    Copyright(),
    *FOOTER_RULES,
    TagList(),
    TagBlock(),
    RelatedLabel(),
    RelatedPrefix(),
    RelatedBlock(),
    CaptionWithBracketedCredit(),
    CaptionPhrase(),
    CaptionLabel(),
    CaptionAfterCredit(),
    CaptionWithTrailingCredit(),
    VideoCaption(),
    CaptionBeforeCredit(),
    CaptionBeforeDuration(),
    EndOfArticle(),
    Title(),
    RepeatedCaption(),
    RepeatedTitle(),
    RepeatedLine(),
    PullQuote(),
    RepeatedAcrossSource(),
    *EDGE_BYLINE_RULES,
    GluedCredit(),
    InlinePitch(),
    MenuRun(),
)

RULE_NAMES = tuple(rule.name for rule in RULES)


def _steps(rules: tuple[Rule, ...]) -> tuple[Rule | PatternScan, ...]:
    """The rules in order, each run of consecutive text rules made one `PatternScan`."""
    steps: list[Rule | PatternScan] = []
    run: list[Rule] = []
    for rule in (*rules, None):
        if rule is not None and is_text_rule(rule):
            run.append(rule)
            continue
        if run:
            steps.append(PatternScan(run) if len(run) > 1 else run[0])
            run = []
        if rule is not None:
            steps.append(rule)
    return tuple(steps)


# How the engine runs RULES: the same order, the same verdicts, fewer regex calls.
STEPS = _steps(RULES)
# What `removed` records for lines no rule of the registry took: the learned model's and the user's overrides'.
RESERVED_NAMES = frozenset({"model", "user"})


def steps_for(settings: CleanSettings) -> tuple[Rule | PatternScan, ...]:
    """The steps a page cleaned with `settings` runs: the user's rules (settings.rules) first, then the registry's."""
    return (*settings.rules, *STEPS) if settings.rules else STEPS


def check_settings(settings: CleanSettings) -> None:
    """Raise ValueError naming every rule name in `settings` that the registry does not know (a typo in
    `disabled_rules` would silently leave a rule on) and everything wrong with the user's rules, each so that it can
    be fixed. Checked once per settings object: the engine asks before every batch."""
    problems = settings_problems(settings)
    if problems:
        raise ValueError("CleanSettings: " + "; ".join(problems))


def settings_problems(settings: CleanSettings) -> tuple[str, ...]:
    """What `check_settings` would say, one problem a string; () when nothing is wrong. For a caller that says
    where the settings came from (a rules file) instead of "CleanSettings"."""
    try:
        return _problems(settings)
    except TypeError:  # a rule of the user's that cannot be hashed: asked each time
        return _problems.__wrapped__(settings)


@lru_cache(maxsize=64)
def _problems(settings: CleanSettings) -> tuple[str, ...]:
    said: list[str] = []
    own: list[str] = []
    for rule in settings.rules:
        if not isinstance(rule, Rule):
            said.append(f"rules: {rule!r} is not a rule (make it a PatternRule, or a subclass of Rule with a name, "
                        "a kind and find())")
            continue
        label = getattr(rule, "name", "") or repr(rule)
        if isinstance(rule, PatternRule):
            said.extend(f"rule {label!r}: {problem}" for problem in rule.problems(KINDS))
        elif rule.kind not in KINDS:
            said.append(f"rule {label!r}: kind {rule.kind!r} is not one of {', '.join(KINDS)}")
        if rule.name in RULE_NAMES or rule.name in RESERVED_NAMES:
            said.append(f"rule {label!r}: the name is taken by a built-in rule; give yours its own")
        elif rule.name in own:
            said.append(f"rule {label!r}: two of your rules have this name")
        own.append(rule.name)
    known = (*RULE_NAMES, *own)
    for field in ("disabled_rules", "model_replaces"):
        for name in sorted(getattr(settings, field)):
            if name not in known:
                near = difflib.get_close_matches(name, known, n=1)
                hint = f" (did you mean {near[0]!r}?)" if near else f"; the rules are: {', '.join(known)}"
                said.append(f"{field}: no rule is named {name!r}{hint}")
    return tuple(said)


__all__ = ["RESERVED_NAMES", "RULES", "RULE_NAMES", "STEPS", "Line", "Page", "PatternRule", "PatternScan", "Rule",
           "Verdict", "check_settings", "settings_problems", "steps_for"]
