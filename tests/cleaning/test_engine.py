"""The engine's shortcuts give the verdicts of the plain rule-by-rule run: a `PatternScan` over consecutive text
rules claims the same lines, with the same rules, as running those rules one after another."""

from __future__ import annotations

import re

import pytest
from conftest import SEED, dump_paths

from pipeline.cleaning.engine import _record, split_lines
from pipeline.cleaning.rules import STEPS, Page, PatternScan
from pipeline.cleaning.rules.base import _alternation
from pipeline.core.settings import DEFAULT_SETTINGS

SCANS = [step for step in STEPS if isinstance(step, PatternScan)]


def one_by_one(scan: PatternScan, page: Page, skipped: frozenset[str] = frozenset()) -> dict[int, str]:
    for rule in scan.rules:
        if rule.name not in skipped:
            for verdict in rule.find(page):
                _record(page, verdict)
    return {i: v.rule for i, v in page.whole.items()}


def scanned(scan: PatternScan, page: Page, skipped: frozenset[str] = frozenset()) -> dict[int, str]:
    for verdict in scan.find(page, skipped):
        _record(page, verdict)
    return {i: v.rule for i, v in page.whole.items()}


def test_there_are_scans_and_each_holds_several_rules():
    assert len(SCANS) >= 2 and all(len(scan.rules) > 1 for scan in SCANS)


@pytest.mark.parametrize("path", [*dump_paths(), SEED], ids=lambda p: p.stem)
def test_a_scan_claims_what_its_rules_claim_one_after_another(path):
    text = path.read_text(encoding="utf-8")
    for scan in SCANS:
        expected = one_by_one(scan, Page(split_lines(text), DEFAULT_SETTINGS))
        assert scanned(scan, Page(split_lines(text), DEFAULT_SETTINGS)) == expected


def test_the_first_rule_in_order_wins_a_line_two_rules_match_and_skipped_rules_stay_out():
    scan = next(s for s in SCANS if any(r.name == "newsletter" for r in s.rules))
    lines = [r"Follow us on Twitter and sign up for our newsletter", "The council met on Tuesday to debate the plan.",
             "Share this article", "Sign up for our daily newsletter"]
    text = "\n\n".join(lines)
    for skipped in (frozenset(), frozenset({"follow_social"}), frozenset({"newsletter", "share_prompt"})):
        expected = one_by_one(scan, Page(split_lines(text), DEFAULT_SETTINGS), skipped)
        assert scanned(scan, Page(split_lines(text), DEFAULT_SETTINGS), skipped) == expected
    assert 1 not in one_by_one(scan, Page(split_lines(text), DEFAULT_SETTINGS))  # the council line is body


def test_patterns_keep_their_own_flags_inside_the_alternation():
    either = _alternation([re.compile("abc", re.IGNORECASE), re.compile("xyz")])
    assert either.match("ABC") and either.match("xyz") and not either.match("XYZ")
    with pytest.raises(ValueError, match="cannot scope"):
        _alternation([re.compile("(?i)abc")])
    with pytest.raises(ValueError, match="backreference"):
        _alternation([re.compile(r"(a)\1")])
    with pytest.raises(ValueError, match="backreference"):
        _alternation([re.compile(r"(a)?(?(1)b|c)")])  # a conditional points at a group number too


@pytest.mark.parametrize("patterns", [
    (re.compile(r"(?P<credit>AP) Photo"), re.compile(r"Photo: (?P<credit>\w+)")),  # one group name twice
    (re.compile(r"(x)?(?(1)y|Photo)"), re.compile(r"Credit")),  # a conditional on a group number
    (re.compile(r"(?i)photo"), re.compile(r"Credit")),  # a flag for the whole pattern
])
def test_a_rule_whose_patterns_cannot_be_joined_asks_them_one_by_one(patterns):
    """A line rule joins its patterns into one regex when it can; when the join would not compile or would
    mean something else, each is asked in turn and the rule matches what any of them matches."""
    from pipeline.cleaning.rules.base import LineRule

    rule = LineRule("test_rule", "credit", patterns)
    page = Page(split_lines("AP Photo\nPhoto: Smith\nCredit line\nNothing here"), DEFAULT_SETTINGS)
    expected = [any(p.match(line.text) for p in patterns) for line in page.lines]
    assert [rule.matches(line.text, page) for line in page.lines] == expected
    assert sum(expected) >= 2 and not expected[-1]  # each pattern matches a line of its own
