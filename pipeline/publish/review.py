"""`articlean review`: sample a dataset's articles for a person to correct, and write the page they do it on.

Each correction should teach the most, so the sample prefers
- lines the model was least sure of: a line whose score lies near the threshold, removed or kept, is where a
  correction moves the model; a page the rules decided alone has nothing to learn from;
- sources with few corrections so far (lines in the dataset's override table), so that one site's many articles
  do not fill the page.

The articles are cleaned again from their inputs (the rows keep removed lines, not kept ones, nor the scores of
kept lines), with what their run used: the source's learned boilerplate and the override table. An input that
changed since its row was written, or can no longer be read, is left out and counted. The page itself is
`review_page.render_review`.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

import pyarrow.compute as pc

from pipeline.cleaning.decode import DecodeError, decode
from pipeline.cleaning.engine import judge_batch, model_view
from pipeline.cleaning.features import line_features
from pipeline.cleaning.html import extract
from pipeline.cleaning.model import load_model
from pipeline.cleaning.overrides import NO_USER_LINES, UserLines
from pipeline.core.document import KINDS
from pipeline.core.settings import DEFAULT_SETTINGS, HTML_SETTINGS, IngestSettings
from pipeline.dataset.overrides import read_overrides
from pipeline.dataset.tables import Dataset
from pipeline.ingest.batch import learned_everywhere, pipeline_version, source_key
from pipeline.io.readers import RawDocument, discover, documents, load
from pipeline.io.readers import Reject as ReadReject

# Scores within this distance of the threshold count as unsure.
UNSURE = 0.2
# Articles cleaned again to choose the sample from, per article shown: enough to find the unsure ones.
POOL_PER_ARTICLE = 5
COLUMNS = ["doc_id", "source_uri", "member", "source", "title", "raw_sha256"]


class ReviewError(ValueError):
    """Nothing to review (an empty dataset, an unknown source); the message says what to do."""


@dataclass
class ReviewSample:
    payload: dict  # what `render_review` shows
    rows: int  # articles in the dataset (of the source)
    pool: int  # of them cleaned again to choose from
    skipped: Counter = field(default_factory=Counter)  # why an article of the pool could not be shown


def review_sample(dest: str, source: str | None = None, sample: int = 20, seed: int = 0,
                  rules: tuple = ()) -> ReviewSample:
    """`sample` articles of the dataset at `dest` (of one `source`), each line with its verdict and score, cleaned
    again with the user's `rules` (`CleanSettings.rules`: those the rows were cleaned with, `--rules FILE`)."""
    dataset = Dataset(dest)
    if not dataset.files("articles"):
        raise ReviewError(f"{dest}: no articles there (run `articlean ingest SOURCE {dest}` first)")
    table = dataset.arrow("articles").to_table(columns=COLUMNS)
    if source is not None:
        table = table.filter(pc.field("source") == source)
        if not len(table):
            sources = sorted({s for s in dataset.arrow("articles").to_table(columns=["source"])["source"].to_pylist() if s})
            raise ReviewError(f"{dest}: no articles of source {source!r} (sources: {', '.join(sources[:20])})")
    rows = sorted(table.to_pylist(), key=lambda row: _stable_hash(row["doc_id"], seed))
    corrections = Counter(line.source for line in read_overrides(dest).lines)
    pool = _pool(rows, sample * POOL_PER_ARTICLE, corrections)
    learned = learned_everywhere(dest)
    user_lines = read_overrides(dest).user_lines()
    model = load_model()
    threshold = model.threshold if model is not None else 1.0
    found, skipped = [], Counter()
    docs = _read_documents(pool)
    inputs = [_input(row, docs[row["doc_id"]], learned, user_lines) for row in pool]
    pages = _judged([ready for ready in inputs if not isinstance(ready, str)], rules)
    for row, ready in zip(pool, inputs, strict=True):
        if isinstance(ready, str):
            skipped[ready] += 1
        else:
            found.append(_article(row, ready, pages[id(ready)], model, threshold))
    chosen = _choose(found, sample, corrections)
    payload = {"dataset": dest, "pipeline_version": pipeline_version(),
               "created_at": datetime.now(UTC).isoformat(timespec="seconds"), "threshold": threshold,
               "kinds": list(KINDS), "articles": [a for a, _ in chosen]}
    return ReviewSample(payload, len(rows), len(pool), skipped)


def _stable_hash(doc_id: str, seed: int) -> int:
    return int.from_bytes(hashlib.blake2b(f"{seed}:{doc_id}".encode(), digest_size=8).digest(), "big")


def _pool(rows: list[dict], size: int, corrections: Counter) -> list[dict]:
    """Up to `size` rows (already in a seeded random order), the sources with the fewest corrections first."""
    by_source: dict[str, list[dict]] = {}
    for row in rows:
        by_source.setdefault(row["source"] or "", []).append(row)
    return _in_turns(by_source, sorted(by_source, key=lambda s: (corrections[s], s)), size)


def _choose(found: list[tuple[dict, float]], sample: int, corrections: Counter) -> list[tuple[dict, float]]:
    """The `sample` articles that teach most: the sources with the fewest corrections first, in each source the
    most unsure article first."""
    by_source: dict[str, list[tuple[dict, float]]] = {}
    for item in sorted(found, key=lambda item: -item[1]):
        by_source.setdefault(item[0]["source"] or "", []).append(item)
    return _in_turns(by_source, sorted(by_source, key=lambda s: (corrections[s], -by_source[s][0][1], s)), sample)


def _in_turns(by_source: dict[str, list], order: list[str], limit: int) -> list:
    """Up to `limit` items, taken from the sources in `order` round by round: every source gets its turn before
    any gets a second, so that one site's many articles do not fill the page."""
    taken: list = []
    depth = 0
    while len(taken) < limit and any(len(by_source[s]) > depth for s in order):
        taken.extend(by_source[s][depth] for s in order if len(by_source[s]) > depth)
        depth += 1
    return taken[:limit]


def _read_documents(rows: list[dict]) -> dict[str, RawDocument | str]:
    """Each row's document read again from its input (by doc_id), or why it cannot be. Each input is read once,
    up to the last member wanted, however many of its documents the pool holds (a JSONL or WARC input holds
    thousands)."""
    settings = IngestSettings()
    by_input: dict[str, dict] = {}
    for row in rows:
        by_input.setdefault(row["source_uri"], {})[row["member"]] = row
    found: dict[str, RawDocument | str] = {}
    for uri, wanted in by_input.items():
        try:
            files, _ = discover(uri)
        except (FileNotFoundError, PermissionError):
            files = []
        loaded = load(files[0], settings) if len(files) == 1 else None
        if loaded is None or isinstance(loaded, ReadReject):
            found.update({row["doc_id"]: "input gone or unreadable" for row in wanted.values()})
            continue
        left = dict(wanted)
        for doc in documents(loaded, settings):
            if isinstance(doc, ReadReject) or doc.member not in left:
                continue
            row = left.pop(doc.member)
            same = hashlib.sha256(doc.raw).hexdigest() == row["raw_sha256"]
            found[row["doc_id"]] = doc if same else "input changed since its row was written"
            if not left:
                break
        found.update({row["doc_id"]: "input changed since its row was written" for row in left.values()})
    return found


@dataclass(frozen=True)
class _Input:
    """An article's text as it is cleaned again, with what its cleaning takes: its source's learned lines and
    overrides, and whether it is a page's extracted text (the HTML profile)."""

    text: str
    kind: str  # the input's format (RawDocument.kind)
    boilerplate: Collection[int]  # its source's learned lines, as `judge` takes them
    user: UserLines
    source: str | None

    @property
    def html(self) -> bool:
        return self.kind == "html"


def _input(row: dict, doc: RawDocument | str, learned: dict, user_lines: dict) -> _Input | str:
    """The text to clean again for one row, or why it cannot be shown."""
    if isinstance(doc, str):
        return doc
    try:
        text = decode(doc.raw).text
    except DecodeError:
        return "input no longer decodes"
    user = user_lines.get(row["source"], NO_USER_LINES)
    if doc.kind == "html":
        return _Input(extract(text, url=doc.fields.get("url")).text, doc.kind, frozenset(), user, None)
    return _Input(text, doc.kind, learned.get(source_key(doc), {}), user, row["source"])


def _judged(inputs: list[_Input], rules: tuple = ()) -> dict[int, object]:
    """Each input's judged page (by the input's id), the dumps cleaned together as ingest cleans them (`judge_batch`),
    the pages' extracted text together with the HTML profile; both with the user's `rules`, as ingest runs them."""
    pages = {}
    for html in (False, True):
        group = [ready for ready in inputs if ready.html == html]
        settings = HTML_SETTINGS if html else DEFAULT_SETTINGS
        judged = judge_batch([ready.text for ready in group], replace(settings, rules=rules) if rules else settings,
                             extract_title=not html, boilerplate=[ready.boilerplate for ready in group],
                             users=[ready.user for ready in group], sources=[ready.source for ready in group])
        pages.update({id(ready): page for ready, page in zip(group, judged, strict=True)})
    return pages


def _article(row: dict, ready: _Input, page, model, threshold: float) -> tuple[dict, float]:
    """One article for the page and how unsure the model was about it (the number of lines scored within
    UNSURE of the threshold, and how near the nearest came)."""
    text = ready.text
    model = model.for_source(row["source"]) if model is not None else None
    scores = _kept_scores(page, model)
    lines, unsure, nearest = [], 0, 1.0
    for i, line in enumerate(page.lines):
        verdict = page.whole.get(i)
        score = verdict.score if verdict is not None and verdict.score is not None else scores.get(i)
        if score is not None:
            distance = abs(score - threshold)
            unsure += distance <= UNSURE
            nearest = min(nearest, distance)
        cuts = page.cuts.get(i)
        lines.append({"line": line.number, "text": line.text,
                      "kind": verdict.kind if verdict else None, "rule": verdict.rule if verdict else None,
                      "score": None if score is None else round(float(score), 4),
                      "why": _why(page, i, model),
                      "fixed": page.kept_text(i) if cuts and verdict is None else None})
    article = {"doc_id": row["doc_id"], "source": row["source"], "source_uri": row["source_uri"],
               "member": row["member"], "raw_sha256": row["raw_sha256"], "file": _file_name(row), "kind": ready.kind,
               "title": row["title"], "raw": text, "lines": lines}
    return article, unsure + (1.0 - nearest)


def _why(page, index: int, model) -> str:
    """For a line the model removed, the features that decided it, as `articlean explain` shows them."""
    decided = page.cache.get("model_features", {}).get(index)
    if decided is None or model is None:
        return ""
    return ", ".join(f"{name} {effect:+.2f}" for name, effect in model.reasons(*decided))


def _kept_scores(page, model) -> dict[int, float]:
    """The model's score of each line it left, as the page stands (what the last pass saw)."""
    if model is None or not page.settings.model:  # HTML pages: the model does not run on them, nor is shown
        return {}
    view, texts = model_view(page)
    if len(view) < 2:
        return {}
    scores = model.scores(line_features(texts))
    return {i: float(s) for i, s in zip(view, scores.tolist(), strict=True) if i not in page.whole}


def _file_name(row: dict) -> str:
    name = row["source_uri"].rstrip("/").rsplit("/", 1)[-1]
    return name if row["member"] is None else f"{name}#{row['member']}"
