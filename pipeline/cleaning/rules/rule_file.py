"""The user's rules from a TOML file: what `--rules FILE` of `articlean clean`, `explain`, `ingest` and `backfill`
reads.

    [[rule]]
    name = "shop_the_look"
    kind = "ad"
    where = "after_story"
    max_chars = 200
    patterns = { "*" = ['shop (?:the|this) look\\b'], de = ['jetzt kaufen\\b'] }

Each [[rule]] table is one `PatternRule`, its keys PatternRule's arguments; `patterns` is a list of regexes or a
table from a language code (or "*") to a list of them. Regexes go in single quotes, TOML's literal strings: in double
quotes TOML reads "\\b" as a backspace and refuses "\\d". Everything wrong with a file is said in one `RulesFileError`
that names the file and each rule at fault, before any page is cleaned.
"""

from __future__ import annotations

import difflib
import json
import tomllib
from pathlib import Path

from pipeline.cleaning.rules import settings_problems
from pipeline.cleaning.rules.custom import PatternRule
from pipeline.core.settings import CleanSettings

REQUIRED = ("name", "kind", "patterns")
# The other keys of a [[rule]] table, with the type each must have and how an error says it.
OPTIONAL = {
    "where": (str, "a string"),
    "search": (bool, "true or false"),
    "max_chars": (int, "a whole number"),
    "ignore_case": (bool, "true or false"),
}
KEYS = (*REQUIRED, *OPTIONAL)
QUOTES_HINT = "write regexes in single quotes ('...'), TOML's literal strings, where a backslash is itself"


class RulesFileError(ValueError):
    """A rules file that cannot be read, or that holds wrong rules; the message names the file and every problem."""


def read_rules(path: str | Path) -> tuple[PatternRule, ...]:
    """The rules of a TOML rules file in the file's order (the first one to claim a line wins it), checked as
    `check_settings` checks rules: a name of their own, a known kind and place, regexes that compile."""
    document = _parsed(path)
    problems = [f"unknown key {key!r}{_did_you_mean(key, ('rule',))}" for key in document if key != "rule"]
    tables = document.get("rule")
    rules: list[PatternRule] = []
    if tables is None:
        problems.append("no [[rule]] table in it (each rule is one [[rule]] table with a name, a kind and patterns)")
    elif isinstance(tables, dict):  # `[rule]`: TOML's single table, which allows one rule and fails on a second
        problems.append("write each rule as a [[rule]] table (two brackets), not [rule]")
    elif not isinstance(tables, list) or not all(isinstance(table, dict) for table in tables):
        problems.append("'rule' must be [[rule]] tables, one per rule")
    else:
        for number, table in enumerate(tables, 1):
            said = _table_problems(table)
            problems.extend(f"{_label(number, table)}: {problem}" for problem in said)
            if not said:
                rules.append(PatternRule(**table))
    # names, kinds, places and regexes, as any rule's: of the rules whose keys and types were right
    problems.extend(settings_problems(CleanSettings(rules=tuple(rules))))
    if problems:
        raise RulesFileError(f"{path}: " + "; ".join(problems))
    return tuple(rules)


def _parsed(path: str | Path) -> dict:
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise RulesFileError(f"{path}: no such rules file") from None
    except IsADirectoryError:
        raise RulesFileError(f"{path}: is a folder; give the rules' TOML file") from None
    except PermissionError:
        raise RulesFileError(f"{path}: permission denied (check the file's read permission)") from None
    except OSError as err:
        raise RulesFileError(f"{path}: cannot be read: {err.strerror or err}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise RulesFileError(f"{path}: not UTF-8 text (byte {data[err.start]:#04x} on line {line}); TOML files are "
                             "UTF-8: save it as UTF-8") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:  # its message ends with the line and column
        hint = f"; {QUOTES_HINT}" if "Unescaped '\\'" in str(err) else ""
        raise RulesFileError(f"{path}: not valid TOML: {err}{hint}") from None


def _label(number: int, table: dict) -> str:
    """A rule as its errors name it: its place among the file's [[rule]] tables, and its name when it has one."""
    name = table.get("name")
    return f"rule {number} ({name!r})" if isinstance(name, str) and name else f"rule {number}"


def _table_problems(table: dict) -> list[str]:
    """What is wrong with a [[rule]] table's keys and the types of their values; [] when nothing is."""
    unknown = [key for key in table if key not in KEYS]
    said = [f"unknown key {key!r}{_did_you_mean(key, KEYS)}" for key in unknown]
    meant = {near for key in unknown for near in difflib.get_close_matches(key, KEYS, n=1)}
    said += [f"it has no {key} (each rule needs {', '.join(REQUIRED)})" for key in REQUIRED
             if key not in table and key not in meant]  # a misspelt key is said once, as unknown
    for key in ("name", "kind"):
        if key in table and not isinstance(table[key], str):
            said.append(f"{key} must be a string, not {_toml(table[key])}")
    for key, (kind, what) in OPTIONAL.items():
        value = table.get(key)
        # TOML's true is a Python bool, which is an int too: not a max_chars
        if value is not None and (not isinstance(value, kind) or (kind is int and isinstance(value, bool))):
            said.append(f"{key} must be {what}, not {_toml(value)}")
    if "patterns" in table:
        said += _patterns_problems(table["patterns"])
    return said


def _patterns_problems(patterns: object) -> list[str]:
    shape = "patterns must be a list of regexes, or a table from a language code (or \"*\") to a list of them"
    if isinstance(patterns, list):
        lists = {"*": patterns}
    elif isinstance(patterns, dict):
        lists = patterns
    else:
        return [f"{shape}, not {_toml(patterns)}"]
    said = []
    for language, regexes in lists.items():
        where = "" if patterns is regexes else f" ({language})"
        if not isinstance(regexes, list) or not all(isinstance(regex, str) for regex in regexes):
            said.append(f"{shape}: patterns{where} must be a list of strings, not {_toml(regexes)}")
            continue
        for regex in regexes:
            # "\b" in double quotes: TOML makes it a backspace, which no dump holds, so the rule would never match
            if "\b" in regex:
                said.append(f"pattern {regex!r}{where} holds a backspace, TOML's reading of \"\\b\" in double quotes: "
                            + QUOTES_HINT)
    return said


def _toml(value: object) -> str:
    """A value as the file would write it (true, not Python's True)."""
    return json.dumps(value, ensure_ascii=False, default=str)


def _did_you_mean(key: str, known: tuple[str, ...]) -> str:
    near = difflib.get_close_matches(key, known, n=1)
    return f" (did you mean {near[0]!r}?)" if near else f"; the keys are: {', '.join(known)}"
