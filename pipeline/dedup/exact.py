"""Exact duplicates across the whole dataset: every article points at the earliest article with the same clean
text (`order`); the near-duplicate links (`near`) are set in the same pass, and the index updated after."""

from __future__ import annotations

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
    stale: dict[str, dict[str, dict]] = {}
    for entry in _stale_links(pa.concat_tables([held, fresh.select(held.column_names)])).to_pylist():
        stale.setdefault(entry["file"], {}).setdefault(entry["doc_id"], {})["duplicate_of"] = entry["wanted"]
    near = near_updates(dataset, fresh, replaced, lambda where: articles.index_rows(index.schema("articles").names, where=where),
                        signatures)
    for path, updates in near.items():
        for doc, (near_of, cluster) in updates.items():
            stale.setdefault(path, {}).setdefault(doc, {}).update(near_duplicate_of=near_of, near_duplicate_cluster=cluster)
    for path, updates in stale.items():
        rows = dataset.iter_rows(path)
        dataset.write("articles", ({**row, **updates.get(row["doc_id"], {})} for row in rows), path)
    index.update(dataset, "articles", fresh)
    index.update(dataset, "rejects")
    return sum(len(u) for u in stale.values())


def _stale_links(rows: pa.Table) -> pa.Table:
    """The rows whose `duplicate_of` is not what it should be, as (file, doc_id, wanted): every row points at
    the earliest row with its text (`earliest_first`), and the earliest at nothing."""
    if not len(rows):
        return pa.table({"file": pa.array([], pa.string()), "doc_id": pa.array([], pa.string()),
                         "wanted": pa.array([], pa.string())})
    rows, canonical = earliest_first(rows, "text_sha256")
    wanted = pointing_at(canonical, rows["doc_id"])
    return pa.table({"file": rows["file"], "doc_id": rows["doc_id"], "wanted": wanted}).filter(differs(wanted, rows["duplicate_of"]))
