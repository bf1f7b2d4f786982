"""The order every duplicate link follows: within a group of rows (the same text, one near-duplicate cluster),
the earliest row is the one the others point at, so that links are the same whatever order files arrive in."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


def earliest_first(rows: pa.Table, group: str) -> tuple[pa.Table, pa.ChunkedArray]:
    """Rows sorted by `group`, earliest first within it (published first, undated last, then by source_uri,
    member and doc_id), with each row's group's earliest `doc_id`. The order every link
    follows, so that links are the same whatever order files arrive in; done in Arrow, so that a run of a
    million rows does not become a million Python tuples."""
    rows = rows.append_column("member_or_0", pc.fill_null(rows["member"], 0))
    order = [(group, "ascending", "at_end"), ("published_at", "ascending", "at_end"),
             ("source_uri", "ascending", "at_end"), ("member_or_0", "ascending", "at_end"), ("doc_id", "ascending", "at_end")]
    rows = rows.sort_by(order)
    key = rows[group].combine_chunks()
    first_of_group = np.concatenate([[True], pc.not_equal(key[1:], key[:-1]).to_numpy(zero_copy_only=False)])
    starts = np.flatnonzero(first_of_group)
    return rows, rows["doc_id"].take(starts[np.cumsum(first_of_group) - 1])


def pointing_at(canonical, doc_id):
    """What a link column should hold: the group's earliest `doc_id`, null on that earliest row itself."""
    return pc.if_else(pc.equal(canonical, doc_id), pa.scalar(None, pa.string()), canonical)


def differs(a, b):
    """Row by row, whether two string columns differ, a null equal only to a null."""
    return pc.invert(pc.or_(pc.and_(pc.is_null(a), pc.is_null(b)), pc.fill_null(pc.equal(a, b), False)))
