"""The override table: lines a user marked for one source, always to remove or always to keep.

    DEST/_overrides.json

A small JSON file beside the dataset, read by every run (`articlean ingest`, `backfill`, `serve`) and applied
to each article of the source as `pipeline.cleaning.overrides.UserLines`: a removed line is recorded in the
row's `removed` with rule `user`. Each change makes a new `version` and adds an entry to `history`, so that a
dataset's readers can tell which table a run used; a row cleaned before a change keeps the old verdict until a
backfill re-cleans it (`articlean backfill` re-cleans every input with the table as it stands).

A line is matched by its source and its key (`pipeline.cleaning.overrides.user_key`: case and punctuation
aside); marking the same line again replaces its entry. The file is written whole under a hidden name and put
in place in one step, under the dataset's lock, so a run reads either the old table or the new one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from pipeline.cleaning.overrides import UserLines, user_key
from pipeline.core.document import KINDS
from pipeline.io.storage import join, store_for

FILE = "_overrides.json"
FORMAT = "articlean-overrides/1"
ACTIONS = ("remove", "keep")


class OverrideError(ValueError):
    """An override that cannot be taken (an unknown kind, a table written by something else); the message says
    what to do."""


@dataclass(frozen=True)
class Override:
    source: str
    text: str  # the line as the user marked it (matched by `user_key`)
    action: str  # "remove" or "keep"
    kind: str | None = None  # the kind a removed line is recorded as
    version: int = 0  # the table version that added it
    added_at: str = ""
    origin: str = ""  # "cli", or the labels file it came from

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, user_key(self.text))

    def to_dict(self) -> dict:
        return {"source": self.source, "text": self.text, "action": self.action, "kind": self.kind,
                "version": self.version, "added_at": self.added_at, "from": self.origin}


def checked(source: str, text: str, action: str, kind: str | None = None, origin: str = "cli") -> Override:
    """An override as a user asked for it; `OverrideError` when it cannot be taken."""
    if action not in ACTIONS:
        raise OverrideError(f"action {action!r}: use one of {', '.join(ACTIONS)}")
    if not user_key(text):
        raise OverrideError(f"{text!r}: a blank line cannot be marked")
    if not source:
        raise OverrideError("an override needs its source (the `source` column of the articles)")
    if action == "remove":
        kind = kind or "widget"
        if kind not in KINDS:
            raise OverrideError(f"kind {kind!r}: use one of {', '.join(KINDS)}")
    else:
        kind = None
    return Override(source, text, action, kind, origin=origin)


@dataclass(frozen=True)
class OverrideTable:
    version: int = 0
    lines: tuple[Override, ...] = ()
    history: tuple[dict, ...] = field(default_factory=tuple)

    def user_lines(self) -> dict[str, UserLines]:
        """Each source's overrides, as cleaning takes them."""
        by_source: dict[str, tuple[dict, list]] = {}
        for line in self.lines:
            remove, keep = by_source.setdefault(line.source, ({}, []))
            if line.action == "remove":
                remove[line.text] = line.kind
            else:
                keep.append(line.text)
        return {source: UserLines.of(remove, keep) for source, (remove, keep) in by_source.items()}

    def changed(self, add: list[Override] = (), drop: list[tuple[str, str]] = (), by: str = "cli") -> OverrideTable:
        """A new version with `add` (replacing what marked the same lines) and without the lines `drop` names
        as (source, text). The same table when nothing changes."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        version = self.version + 1
        current = {line.key: line for line in self.lines}
        added = changed = dropped = 0
        for source, text in drop:
            dropped += current.pop((source, user_key(text)), None) is not None
        for line in add:
            before = current.get(line.key)
            if before is not None and (before.action, before.kind) == (line.action, line.kind):
                continue
            added += before is None
            changed += before is not None
            current[line.key] = replace(line, version=version, added_at=now)
        if not (added or changed or dropped):
            return self
        entry = {"version": version, "at": now, "added": added, "changed": changed, "dropped": dropped, "by": by}
        return OverrideTable(version, tuple(sorted(current.values(), key=lambda o: (o.source, o.key[1]))),
                             (*self.history, entry))

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, "version": self.version, "lines": [o.to_dict() for o in self.lines],
                           "history": list(self.history)}, ensure_ascii=False, indent=1) + "\n"


def table_path(dest: str) -> str:
    return join(dest, FILE)


def read_overrides(dest: str) -> OverrideTable:
    """The dataset's override table; an empty one when it has none."""
    path = table_path(dest)
    try:
        raw = store_for(path).read(path)
    except FileNotFoundError:
        return OverrideTable()
    try:
        spec = json.loads(raw)
    except ValueError as err:
        raise OverrideError(f"{path}: not JSON ({err}); restore it from a backup or delete it") from None
    if spec.get("format") != FORMAT:
        raise OverrideError(f"{path}: not an articlean override table ({spec.get('format')!r})")
    lines = tuple(Override(o["source"], o["text"], o["action"], o.get("kind"), o.get("version", 0),
                           o.get("added_at", ""), o.get("from", "")) for o in spec["lines"])
    return OverrideTable(int(spec["version"]), lines, tuple(spec.get("history", ())))


def write_overrides(dest: str, table: OverrideTable) -> None:
    """Put the table in place in one step (the caller holds the dataset's lock)."""
    path = table_path(dest)
    store = store_for(path)
    with store.hidden_sink(path) as (tmp, handle):
        handle.write(table.to_json().encode("utf-8"))
    store.publish(tmp, path)


def from_labels(labels: dict, origin: str) -> tuple[list[Override], list[Override]]:
    """The overrides a saved review (`articlean review`'s labels file) asks for: each line the user corrected,
    removed with its new kind when it is now noise, kept when it is now body. A line whose text the labels call
    body in one place and noise in another (a headline and its later copy, a duplicate) is decided by its place,
    which an override by text cannot say: those come back second, left out, for training to learn instead."""
    wanted: list[Override] = []
    actions: dict[tuple[str, str], set[str]] = {}
    for dump in labels.get("dumps", ()):
        corrected = set(dump.get("corrected") or ())
        raw_lines = dump["raw"].removeprefix("\ufeff").split("\n")
        for label in dump["labels"]:
            if not dump.get("reviewed", True) and label["line"] not in corrected:
                continue  # an article not marked reviewed vouches for its corrected lines only
            text = raw_lines[label["line"] - 1]
            action = "keep" if label["label"] == "body" else "remove"
            actions.setdefault((dump["source"], user_key(text)), set()).add(action)
            if label["line"] in corrected:
                wanted.append(checked(dump["source"], text, action, None if action == "keep" else label["label"], origin))
    taken = [o for o in wanted if len(actions[o.key]) == 1]
    left_out = {o.key: o for o in wanted if len(actions[o.key]) > 1}  # once each, however often corrected
    return taken, list(left_out.values())
