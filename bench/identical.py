"""Does a change to the engine clean every known text to the same bytes and the same removals?

    python bench/identical.py --write /tmp/before.jsonl.gz     # on the commit before the change
    python bench/identical.py --against /tmp/before.jsonl.gz   # after it: lists every document that differs
    python bench/identical.py --against /tmp/before.jsonl.gz --batch 500   # the same, cleaned 500 at a time

The texts: the seed, the hand-labelled dumps, the multilingual test dumps, the 28 real dumps of ../shared/dumps and
every dump of the three corpora (../shared/corpus, corpus-wcxb, corpus-fundus) when they are there. Each is cleaned
with the default settings; its record is the title, byline, date, every paragraph (line, text) and every removal
(line, kind, rule, text, score rounded to 1e-6). `--against` prints the count compared, the count that differ, and
for the first few the first field that differs.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))


def texts() -> Iterator[tuple[str, str]]:
    """(name, text) of every known dump, in a fixed order."""
    for folder in (ROOT / "seeds", ROOT / "tests" / "data" / "labelled" / "dumps", SHARED / "dumps"):
        for path in sorted(folder.glob("*.txt")):
            yield f"{folder.name}/{path.name}", path.read_text(encoding="utf-8", errors="surrogateescape")
    for jsonl in (ROOT / "tests" / "data" / "multilingual" / "dumps.jsonl.gz",
                  *(SHARED / name / "dumps.jsonl.gz" for name in ("corpus", "corpus-wcxb", "corpus-fundus"))):
        if jsonl.exists():
            with gzip.open(jsonl, "rt", encoding="utf-8") as lines:
                for line in lines:
                    row = json.loads(line)
                    yield f"{jsonl.parent.name}/{row['id']}", row["text"]


def records(named: Iterator[tuple[str, str]], batch: int) -> Iterator[dict]:
    """`record` of each (name, text), cleaned one by one (`batch` 0: `clean`) or `batch` at a time (`clean_batch`,
    which asks the rules' patterns of a whole batch's lines at once)."""
    from pipeline import clean, clean_batch

    if not batch:
        yield from (record(name, clean(text)) for name, text in named)
        return
    group: list[tuple[str, str]] = []
    for item in named:
        group.append(item)
        if len(group) == batch:
            yield from _batch_records(group, clean_batch)
            group = []
    if group:
        yield from _batch_records(group, clean_batch)


def _batch_records(group: list[tuple[str, str]], clean_batch) -> Iterator[dict]:
    articles = clean_batch([text for _, text in group])
    yield from (record(name, article) for (name, _), article in zip(group, articles, strict=True))


def record(name: str, article) -> dict:
    return {
        "name": name,
        "title": article.title,
        "byline": article.byline,
        "date": article.date,
        "paragraphs": [[p.line, p.text] for p in article.paragraphs],
        "removed": [[r.line, r.kind, r.rule, r.text, None if r.score is None else round(r.score, 6)]
                    for r in article.removed],
    }


def _first_difference(old: dict, new: dict) -> str:
    for key in ("title", "byline", "date", "paragraphs", "removed"):
        if old[key] != new[key]:
            if isinstance(old[key], list):
                for a, b in zip(old[key], new[key], strict=False):  # one may be longer
                    if a != b:
                        return f"{key}: {a!r} -> {b!r}"
                return f"{key}: {len(old[key])} -> {len(new[key])} entries"
            return f"{key}: {old[key]!r} -> {new[key]!r}"
    return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", type=Path, help="write every record to this .jsonl.gz")
    action.add_argument("--against", type=Path, help="compare with records written before")
    parser.add_argument("--show", type=int, default=10, help="differences to print")
    parser.add_argument("--batch", type=int, default=0, help="clean N texts at a time with clean_batch (default: one "
                        "by one with clean)")
    args = parser.parse_args()
    if args.batch < 0:
        parser.error("--batch takes 0 (one by one) or a positive number of texts")

    started = time.perf_counter()
    if args.write:
        count = 0
        with gzip.open(args.write, "wt", encoding="utf-8") as out:
            for row in records(texts(), args.batch):
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
        print(f"{count} documents written to {args.write} in {time.perf_counter() - started:.0f} s")
        return
    with gzip.open(args.against, "rt", encoding="utf-8") as before:
        old = {row["name"]: row for row in map(json.loads, before)}
    compared, differ, missing = 0, [], 0
    for new in records(texts(), args.batch):
        name = new["name"]
        if name not in old:
            missing += 1
            continue
        compared += 1
        if new != old[name]:
            differ.append((name, _first_difference(old[name], new)))
    print(f"{compared} documents compared in {time.perf_counter() - started:.0f} s: {len(differ)} differ"
          + (f", {missing} not in {args.against}" if missing else ""))
    for name, difference in differ[: args.show]:
        print(f"  {name}: {difference}")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
