"""A user's own rules through the public API (`CleanSettings(rules=...)`, `PatternRule`), and every rule name in the
settings checked against the registry before anything is cleaned."""

from __future__ import annotations

import gzip
import json
import re

import pytest
from conftest import LABELLED
from hypothesis import given, settings
from test_invariants import assert_accounted, unicode_text

from pipeline import RULE_NAMES, CleanSettings, PatternRule, clean, clean_batch, explain_lines
from pipeline.core.settings import DEFAULT_SETTINGS, HTML_SETTINGS, HTML_STRUCTURE_RULES

SEED = (LABELLED / "dumps" / "000_ddc4de0ab6465bbc.txt").read_text(encoding="utf-8")
MULTILINGUAL = LABELLED.parent / "multilingual" / "dumps.jsonl.gz"
RULES_ONLY = CleanSettings(model=False)


def multilingual(site: str) -> str:
    with gzip.open(MULTILINGUAL, "rt", encoding="utf-8") as rows:
        return next(row["text"] for row in map(json.loads, rows) if row["site"] == site)


def removals(article, rule: str) -> list[tuple[int, str, str]]:
    return [(r.line, r.kind, r.text) for r in article.removed if r.rule == rule]


def test_a_user_rule_removes_its_lines_under_its_own_name_and_nothing_else_changes():
    # the seed's line 26, a caption the built-in rules keep: "<someone> (<who supplied the picture>)"
    rule = PatternRule("credit_in_brackets", "caption", [r"[^.()]{10,120} \((?:[A-Z][\w.]* ?){1,5}\)$"], max_chars=200)
    before = clean(SEED, RULES_ONLY)
    after = clean(SEED, CleanSettings(model=False, rules=(rule,)))
    assert removals(after, "credit_in_brackets") == [
        (26, "caption", "Chinese Foreign Ministry spokeswoman Mao Ning (Chinese Foreign Ministry)")]
    assert [p for p in before.paragraphs if p.line != 26] == after.paragraphs
    assert [r for r in after.removed if r.rule != "credit_in_brackets"] == before.removed
    # and with the model on, through the batch path, and in `explain`
    with_model = CleanSettings(rules=(rule,))
    assert removals(clean_batch([SEED], with_model)[0], "credit_in_brackets") == removals(after, "credit_in_brackets")
    assert (26, "caption", "credit_in_brackets") in [(n, kind, name) for n, _, kind, name, _ in
                                                     explain_lines(SEED, with_model)]


def test_a_rule_that_asks_where_the_line_stands_keeps_it_inside_the_story():
    paragraphs = [p.text for p in clean(SEED).paragraphs[:3]]
    pitch = "Shop the look: the coat she wore"
    text = "\n\n".join(["Headline of the story", paragraphs[0], pitch, paragraphs[1], paragraphs[2], pitch])
    rule = PatternRule("shop_the_look", "ad", [r"shop (?:the|this) look\b"], where="after_story")
    article = clean(text, CleanSettings(rules=(rule,)))
    assert removals(article, "shop_the_look") == [(11, "ad", pitch)]
    assert pitch in [p.text for p in article.paragraphs]  # line 5, between paragraphs
    anywhere = PatternRule("shop_the_look", "ad", [r"shop (?:the|this) look\b"])
    assert [n for n, _, _ in removals(clean(text, CleanSettings(rules=(anywhere,))), "shop_the_look")] == [5, 11]


def test_patterns_per_language_apply_to_pages_of_that_language_only():
    japanese = multilingual("mainichi.jp")
    german = multilingual("diepresse.com") + "\n\nこの特集をフォロー\n"
    rule = PatternRule("follow_feature", "widget", {"ja": ["この特集をフォロー$"], "de": [r"gastkommentar$"]})
    tuned = CleanSettings(rules=(rule,))
    ja, de = clean_batch([japanese, german], tuned)
    assert [text for _, _, text in removals(ja, "follow_feature")] == ["この特集をフォロー"]
    taken = [text for _, _, text in removals(de, "follow_feature")]
    assert taken and set(taken) == {"Gastkommentar"}  # the German page's pattern, not the Japanese line


def test_every_rule_name_in_the_settings_is_checked_before_cleaning():
    with pytest.raises(ValueError, match=r"disabled_rules: no rule is named 'menu_runs' \(did you mean 'menu_run'\?\)"):
        clean("A line", CleanSettings(disabled_rules=frozenset({"menu_runs"})))
    with pytest.raises(ValueError, match=r"model_replaces: no rule is named 'pullquote' \(did you mean 'pull_quote'\?\)"):
        clean_batch(["A line"], CleanSettings(model_replaces=frozenset({"pullquote"})))
    # a user's rule may be disabled by its own name
    mine = PatternRule("mine", "ad", ["buy now:"])
    text = "A headline\nBuy now: shoes\nA line"
    assert removals(clean(text, CleanSettings(rules=(mine,))), "mine") == [(2, "ad", "Buy now: shoes")]
    assert removals(clean(text, CleanSettings(rules=(mine,), disabled_rules=frozenset({"mine"}))), "mine") == []
    # the settings the package ships name only rules it has
    assert HTML_STRUCTURE_RULES <= set(RULE_NAMES)
    assert DEFAULT_SETTINGS.model_replaces <= set(RULE_NAMES)
    clean("A line", HTML_SETTINGS)


@pytest.mark.parametrize(("rule", "said"), [
    (PatternRule("Shop Look", "ad", ["x"]), "name 'Shop Look' must be lower-case letters"),
    (PatternRule("shop", "advert", ["x"]), "kind 'advert' is not one of title, byline, caption"),
    (PatternRule("shop", "ad", ["x"], where="bottom"), "where='bottom' is not one of anywhere, before_story"),
    (PatternRule("shop", "ad", ["(shop"]), r"pattern '\(shop' \(\*\) is not a valid regex: missing \)"),
    (PatternRule("shop", "ad", {"english": ["x"]}), "'english' is not a language code"),
    (PatternRule("shop", "ad", []), "it has no patterns"),
    (PatternRule("menu_run", "ad", ["x"]), "the name is taken by a built-in rule"),
    (PatternRule("model", "ad", ["x"]), "the name is taken by a built-in rule"),
    ("shop", "is not a rule"),
])
def test_a_wrong_rule_is_named_with_what_to_fix(rule, said):
    with pytest.raises(ValueError, match=said):
        clean("A line", CleanSettings(rules=(rule,)))


def test_two_rules_of_one_name_are_refused():
    with pytest.raises(ValueError, match="two of your rules have this name"):
        clean("A line", CleanSettings(rules=(PatternRule("shop", "ad", ["x"]), PatternRule("shop", "ad", ["y"]))))


def test_settings_given_a_list_or_a_set_stay_hashable():
    mine = PatternRule("mine", "ad", ["advertisement$"])
    loose = CleanSettings(rules=[mine], disabled_rules={"menu_run"}, model_replaces=["pull_quote"])
    assert loose.rules == (mine,) and loose.disabled_rules == frozenset({"menu_run"}) and hash(loose)
    assert removals(clean("Advertisement\nA line of text", loose), "mine") == [(1, "ad", "Advertisement")]


GREEDY = CleanSettings(rules=(PatternRule("any_line", "widget", [r"\w"], where="outside_story", max_chars=40),
                              PatternRule("any_search", "ad", {"*": ["©"], "ja": ["記"]}, search=True)))


@settings(max_examples=300, deadline=None)
@given(unicode_text)
def test_any_unicode_with_user_rules_never_raises_and_every_line_is_accounted_for(text):
    assert_accounted(text, GREEDY)


def test_patterns_that_cannot_be_joined_are_asked_one_at_a_time():
    """A global flag ("(?i)") or a backreference passes the check and must not make cleaning raise: the patterns are
    then asked one at a time instead of as one alternation."""
    rule = PatternRule("odd_patterns", "ad", ["(?i)shop now", r"(\w)\1 deal"])
    article = clean("A headline\n\nShop now\n\naa deal\n\nab deal", CleanSettings(rules=(rule,)))
    assert removals(article, "odd_patterns") == [(3, "ad", "Shop now"), (5, "ad", "aa deal")]


# ---- rules from a TOML file (`--rules FILE`): `pipeline.cleaning.rules.rule_file`

# The seed's line 26 (the first test's rule), and the README's rule: two rules, both forms of `patterns`.
RULES_TOML = """
# comments are allowed
[[rule]]
name = "credit_in_brackets"
kind = "caption"
max_chars = 200
patterns = ['[^.()]{10,120} \\((?:[A-Z][\\w.]* ?){1,5}\\)$']

[[rule]]
name = "shop_the_look"
kind = "ad"
where = "after_story"
patterns = { "*" = ['shop (?:the|this) look\\b'], de = ['jetzt kaufen\\b'] }
"""
LINE_26 = (26, "caption", "Chinese Foreign Ministry spokeswoman Mao Ning (Chinese Foreign Ministry)")


def rules_file(tmp_path, text: str, name: str = "rules.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_rules_file_makes_the_rules_the_python_api_makes(tmp_path):
    from pipeline.cleaning.rules.rule_file import read_rules

    brackets, shop = read_rules(rules_file(tmp_path, RULES_TOML))
    assert (brackets.name, brackets.kind, brackets.max_chars, brackets.where) == ("credit_in_brackets", "caption", 200, "anywhere")
    assert brackets.by_language() == {"*": (r"[^.()]{10,120} \((?:[A-Z][\w.]* ?){1,5}\)$",)}  # backslashes as written
    assert shop.by_language() == {"*": (r"shop (?:the|this) look\b",), "de": (r"jetzt kaufen\b",)}
    assert (shop.where, shop.search, shop.ignore_case, shop.max_chars) == ("after_story", False, True, None)
    article = clean(SEED, CleanSettings(model=False, rules=(brackets, shop)))
    assert removals(article, "credit_in_brackets") == [LINE_26]
    assert [r for r in article.removed if r.rule != "credit_in_brackets"] == clean(SEED, RULES_ONLY).removed


@pytest.mark.parametrize(("text", "said"), [
    ("[[rule]\nname = 'x'\n", r"not valid TOML: Expected '\]\]' at the end of an array declaration \(at line 1, column 7\)"),
    ('[[rule]]\nname = "x"\nkind = "ad"\npatterns = ["\\d+ deals"]\n',
     r"not valid TOML: Unescaped '\\' in a string \(at line 4, column 16\); write regexes in single quotes"),
    ("", r"no \[\[rule\]\] table in it"),
    ("[rule]\nname = 'x'\nkind = 'ad'\npatterns = ['x']\n", r"write each rule as a \[\[rule\]\] table \(two brackets\), not \[rule\]"),
    ("[[rules]]\nname = 'x'\n", r"unknown key 'rules' \(did you mean 'rule'\?\); no \[\[rule\]\] table in it"),
    ("rule = ['x']\n", "'rule' must be \\[\\[rule\\]\\] tables"),
    ("[[rule]]\nname = 'shop'\nkind = 'ad'\npattern = ['x']\n", r"rule 1 \('shop'\): unknown key 'pattern' \(did you mean 'patterns'\?\)$"),
    ("[[rule]]\nname = 'shop'\nkind = 'ad'\npatterns = ['x']\nlanguage = 'de'\n",
     r"rule 1 \('shop'\): unknown key 'language'; the keys are: name, kind, patterns, where, search, max_chars, ignore_case$"),
    ("[[rule]]\nkind = 'ad'\npatterns = ['x']\n", r"rule 1: it has no name \(each rule needs name, kind, patterns\)$"),
    ("[[rule]]\nname = 'a'\nkind = 'ad'\npatterns = ['x']\n[[rule]]\nname = 'b'\nkind = 'ad'\nmax_chars = true\npatterns = ['y']\n",
     r"rule 2 \('b'\): max_chars must be a whole number, not true$"),
    ("[[rule]]\nname = 'shop'\nkind = 'ad'\nsearch = 'yes'\npatterns = ['x']\n", r"search must be true or false, not \"yes\""),
    ("[[rule]]\nname = 3\nkind = 'ad'\npatterns = ['x']\n", r"rule 1: name must be a string, not 3$"),
    ("[[rule]]\nname = 'shop'\nkind = 'ad'\npatterns = 'x'\n", r"patterns must be a list of regexes, or a table .* not \"x\"$"),
    ("[[rule]]\nname = 'shop'\nkind = 'ad'\npatterns = { de = 'x' }\n", r"patterns \(de\) must be a list of strings, not \"x\"$"),
    ('[[rule]]\nname = "shop"\nkind = "ad"\npatterns = ["shop now\\b"]\n',
     r"pattern 'shop now\\x08' holds a backspace, TOML's reading of \"\\b\" in double quotes: write regexes in single"),
    # what `check_settings` finds, said with the file's name
    ("[[rule]]\nname = 'shop'\nkind = 'ad'\npatterns = ['(shop']\n",
     r"^\S+rules.toml: rule 'shop': pattern '\(shop' \(\*\) is not a valid regex: missing \)"),
    ("[[rule]]\nname = 'shop'\nkind = 'advert'\nwhere = 'bottom'\npatterns = ['x']\n",
     r"rule 'shop': kind 'advert' is not one of .*; rule 'shop': where='bottom' is not one of anywhere"),
    ("[[rule]]\nname = 'menu_run'\nkind = 'ad'\npatterns = ['x']\n", "rule 'menu_run': the name is taken by a built-in rule"),
    ("[[rule]]\nname = 'shop'\nkind = 'ad'\npatterns = ['x']\n[[rule]]\nname = 'shop'\nkind = 'ad'\npatterns = ['y']\n",
     "rule 'shop': two of your rules have this name"),
    ("[[rule]]\nname = 'shop'\nkind = 'ad'\npatterns = { english = ['x'] }\n", "'english' is not a language code"),
])
def test_a_wrong_rules_file_is_said_with_the_file_the_rule_and_what_to_fix(tmp_path, text, said):
    from pipeline.cleaning.rules.rule_file import RulesFileError, read_rules

    path = rules_file(tmp_path, text)
    with pytest.raises(RulesFileError, match=said) as raised:
        read_rules(path)
    assert str(raised.value).startswith(f"{path}: ") and "\n" not in str(raised.value)


def test_every_problem_of_a_rules_file_is_said_at_once(tmp_path):
    from pipeline.cleaning.rules.rule_file import RulesFileError, read_rules

    path = rules_file(tmp_path, "[[rule]]\nname = 'shop'\nknd = 'ad'\npatterns = ['x']\n"
                                "[[rule]]\nname = 'Deal'\nkind = 'ad'\npatterns = ['(deal']\n")
    with pytest.raises(RulesFileError) as raised:
        read_rules(path)
    # a misspelt key is said once (as unknown, not as a missing kind too)
    assert str(raised.value) == (f"{path}: rule 1 ('shop'): unknown key 'knd' (did you mean 'kind'?); "
                                 "rule 'Deal': name 'Deal' must be lower-case letters, digits and '_', starting with a letter; "
                                 "rule 'Deal': pattern '(deal' (*) is not a valid regex: missing ), unterminated subpattern at "
                                 "position 0")


def test_a_rules_file_that_cannot_be_read_is_said_with_what_to_do(tmp_path):
    from pipeline.cleaning.rules.rule_file import RulesFileError, read_rules

    (tmp_path / "latin1.toml").write_bytes("[[rule]]\nname = 'caf\xe9'\n".encode("latin-1"))
    for path, said in ((tmp_path / "missing.toml", "no such rules file"),
                       (tmp_path, "is a folder; give the rules' TOML file"),
                       (tmp_path / "latin1.toml", "not UTF-8 text (byte 0xe9 on line 2); TOML files are UTF-8: save it as UTF-8")):
        with pytest.raises(RulesFileError) as raised:
            read_rules(path)
        assert str(raised.value) == f"{path}: {said}"


def test_the_rules_digest_changes_with_what_the_rules_do_and_only_with_that(tmp_path):
    from pipeline.cleaning.rules.custom import rules_digest
    from pipeline.cleaning.rules.rule_file import read_rules

    digest = rules_digest(read_rules(rules_file(tmp_path, RULES_TOML)))
    assert len(digest) == 8
    # the same rules written otherwise: keys in another order, no comment, a list as {"*" = list}
    reworded = RULES_TOML.replace("# comments are allowed\n", "").replace(
        "max_chars = 200\npatterns = ['[^.()]{10,120} \\((?:[A-Z][\\w.]* ?){1,5}\\)$']",
        "patterns = { \"*\" = ['[^.()]{10,120} \\((?:[A-Z][\\w.]* ?){1,5}\\)$'] }\nmax_chars = 200")
    assert reworded != RULES_TOML and rules_digest(read_rules(rules_file(tmp_path, reworded, "same.toml"))) == digest
    changed = [RULES_TOML.replace("max_chars = 200", "max_chars = 201"),
               RULES_TOML.replace("jetzt kaufen", "jetzt bestellen"),
               RULES_TOML.replace('where = "after_story"', 'where = "outside_story"'),
               RULES_TOML.replace('kind = "ad"', 'kind = "widget"'),
               RULES_TOML + "search = true\n"]
    digests = {rules_digest(read_rules(rules_file(tmp_path, text, f"{n}.toml"))) for n, text in enumerate(changed)}
    assert len(digests) == len(changed) and digest not in digests
    brackets, shop = read_rules(rules_file(tmp_path, RULES_TOML))
    assert rules_digest((shop, brackets)) != digest  # the first rule wins a line: the order is part of it


def test_a_rule_goes_to_a_worker_process_after_it_has_cleaned():
    """A rule whose patterns cannot be joined asks them through a lambda, which pickle refuses: a rule that has
    cleaned in the flow's process is sent to the workers without its compiled scans."""
    import pickle

    rule = PatternRule("odd_patterns", "ad", ["(?i)shop now", r"(\w)\1 deal"])
    text = "A headline\n\nShop now\n\naa deal\n\nab deal"
    before = removals(clean(text, CleanSettings(rules=(rule,))), "odd_patterns")
    copy = pickle.loads(pickle.dumps(rule))
    assert copy.spec() == rule.spec() and removals(clean(text, CleanSettings(rules=(copy,))), "odd_patterns") == before


def test_a_users_rules_clean_an_html_page_too():
    from conftest import DATA

    from pipeline.cleaning.html import clean_html

    html = (DATA / "wcxb" / "5083" / "page.html").read_text(encoding="utf-8")
    plain = clean_html(html)
    last = plain.paragraphs[-1]
    rule = PatternRule("page_last_line", "footer", [re.escape(last.text[:40])])
    mine = clean_html(html, rules=(rule,))
    assert removals(mine, "page_last_line") == [(last.line, "footer", last.text)]
    assert [p for p in plain.paragraphs if p.line != last.line] == mine.paragraphs
