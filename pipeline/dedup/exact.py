"""Exact duplicates across the whole dataset: every article points at the earliest article with the same clean
text (`order`); the near-duplicate links (`near`) are set in the same pass, and the index updated after."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.dataset import index
from pipeline.dataset.tables import Dataset
from pipeline.dedup.near import near_updates
from pipeline.dedup.order import differs, earliest_first, pointing_at


def fix_duplicates(dest: str, signatures: list[pa.Table] | None = None) -> int:
    """Point every article at the earliest article with the same clean text (published first, then by
    where it came from), so that the answer is the same whatever order the files arrived in, and at the
    earliest of its near-duplicates (`pipeline.dedup.near`); then add the files written since the last call
    to the dataset's index (`pipeline.dataset.index`).

    `signatures`: `pipeline.dedup.near.signed` tables of texts written, as the workers computed them.

    Reads the files the index does not hold yet (this run's) and, from the index, the rows that share a text
    with them or with rows they replaced; rewrites only the files whose link values change. The cost
    follows the run, but for the near-duplicate store's band and signature columns, read in full (see
    `pipeline.dedup.near`). Returns how many rows changed."""
    dataset = Dataset(dest)
    articles = index.snapshot(dataset, "articles")
    fresh = articles.data_rows(articles.uncovered)
    replaced = articles.index_rows(["text_sha256", "doc_id", "near_duplicate_cluster"], files=articles.changed)
    # the texts to link again: those of the rows written or rewritten since, of the rows they replaced, and of
    # the rows pointing at any of them (which covers an old version the index lost with a segment)
    moved = pc.unique(pa.concat_arrays([*fresh["doc_id"].chunks, *replaced["doc_id"].chunks]))
    pointing = articles.index_rows(["text_sha256"], where=pc.field("duplicate_of").isin(moved))
    texts = pc.unique(pa.concat_arrays([*fresh["text_sha256"].chunks, *replaced["text_sha256"].chunks,
                                        *pointing["text_sha256"].chunks]))
    held = articles.index_rows(index.schema("articles").names, where=pc.field("text_sha256").isin(texts))
    exact = _stale_links(pa.concat_tables([held, fresh.select(held.column_names)]))
    near = near_updates(dataset, fresh, replaced, lambda where: articles.index_rows(index.schema("articles").names, where=where),
                        signatures)
    changes = _changes(exact, near)
    # a file's changes become Python values only while that file is rewritten: a first run of 100,000 documents
    # changes most of them, and the whole run's as dicts held 100 MB
    for path, updates in _by_file(changes):
        rows = dataset.iter_rows(path)
        dataset.write("articles", ({**row, **updates.get(row["doc_id"], {})} for row in rows), path)
    index.update(dataset, "articles", fresh)
    index.update(dataset, "rejects")
    return len(changes)


def _stale_links(rows: pa.Table) -> pa.Table:
    """The rows whose `duplicate_of` is not what it should be, as (file, doc_id, duplicate_of) with the value it
    should hold: every row points at the earliest row with its text (`earliest_first`), and the earliest at nothing."""
    if not len(rows):
        return pa.table({name: pa.array([], pa.string()) for name in ("file", "doc_id", "duplicate_of")})
    rows, canonical = earliest_first(rows, "text_sha256")
    wanted = pointing_at(canonical, rows["doc_id"])
    return pa.table({"file": rows["file"], "doc_id": rows["doc_id"], "duplicate_of": wanted}).filter(differs(wanted, rows["duplicate_of"]))


def _changes(exact: pa.Table, near: pa.Table) -> pa.Table:
    """One row per article to change (file, doc_id, then the link columns), sorted by file: `exact`'s
    `duplicate_of` and `near`'s two near-duplicate columns, with `has_exact` / `has_near` telling which of them the
    article takes (a null there is a value to write, not an absent change)."""
    exact = exact.append_column("has_exact", pa.array(np.ones(len(exact), bool)))
    near = near.append_column("has_near", pa.array(np.ones(len(near), bool)))
    joined = exact.join(near, keys=["file", "doc_id"], join_type="full outer")
    return joined.sort_by([("file", "ascending"), ("doc_id", "ascending")])


def _by_file(changes: pa.Table) -> Iterator[tuple[str, dict[str, dict]]]:
    """(file, {doc_id: {column: value}}) for each file `changes` (sorted by file) touches."""
    files = changes["file"].combine_chunks()
    if not len(files):
        return
    starts = np.flatnonzero(np.concatenate([[True], pc.not_equal(files[1:], files[:-1]).to_numpy(zero_copy_only=False)]))
    for start, end in zip(starts.tolist(), [*starts[1:].tolist(), len(files)], strict=True):
        updates: dict[str, dict] = {}
        for row in changes.slice(start, end - start).to_pylist():
            values = updates.setdefault(row["doc_id"], {})
            if row["has_exact"]:
                values["duplicate_of"] = row["duplicate_of"]
            if row["has_near"]:
                values.update(near_duplicate_of=row["near_duplicate_of"], near_duplicate_cluster=row["near_duplicate_cluster"])
        yield files[start].as_py(), updates
