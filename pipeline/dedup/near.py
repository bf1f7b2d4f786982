"""`near_duplicate_of` and `near_duplicate_cluster` across a dataset, kept up to date run by run.

Signatures (`pipeline.dedup.minhash`) are kept beside the data, one per distinct clean text:

    DEST/_index/minhash/v2/part-<time>-<id>.parquet    text_sha256, signature (256 bytes), band_00 ... band_15

A run computes the signatures of the texts it wrote that the store lacks, matches them by their bands against
every stored one (one band column at a time, 8 bytes a text, kept to the rows holding one of the run's keys;
no text is read again, no signature recomputed), and
then settles the clusters it touched: each such cluster's texts are compared afresh (so that a rewritten
article can leave a cluster, splitting it), and each article of a cluster of two or more points at the
cluster's earliest article, in the order of `duplicate_of` (published first, then `source_uri`, `member`),
and names it in `near_duplicate_cluster`; an article with no near-duplicate is its own cluster.
Exact copies share a text, so they are near-duplicates too. The store is a cache: signatures of texts no
article holds any more are left in it and match nothing, and a store made with other MinHash settings
(`near_duplicates.params`, rensa's version among them) is ignored: only texts written after that (by a run
or a backfill) get signatures again, so a backfill is the way to link the older articles once more.
"""

from __future__ import annotations

import json

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.dataset import index
from pipeline.dataset.tables import Dataset
from pipeline.dedup import minhash as nd
from pipeline.dedup.order import differs, earliest_first, pointing_at
from pipeline.io.storage import join

VERSION = "v2"
# v1 held each signature as a list of uint16: its segments are read too and merged into v2 by the next run. An
# articlean from before v2 reads only v1, so it sees the texts stored since as missing, not as unreadable.
READ_VERSIONS = ("v1", VERSION)
PARAMS_KEY = b"articlean.minhash"
BAND_COLUMNS = [f"band_{b:02d}" for b in range(nd.BANDS)]
# A signature is stored as its NUM_PERM little-endian uint16 values in one fixed-size binary value: pyarrow reads
# a filtered slice of such a column 14x faster than the same values as a list<uint16> column (0.22 s against
# 3.16 s for 2,000 texts of a 1M-text segment), which kept a run's cost growing with the store. Segments written
# before as lists are read as well (`_as_binary`), and the next merge rewrites them.
SIGNATURE = pa.binary(2 * nd.NUM_PERM)
STORE_SCHEMA = pa.schema([("text_sha256", pa.string()), ("signature", SIGNATURE),
                          *((name, pa.uint64()) for name in BAND_COLUMNS)])
SIGNED_SCHEMA = pa.schema([("text_sha256", pa.string()), ("signature", SIGNATURE)])  # `signed`, without its metadata
STALE_COLUMNS = ["file", "doc_id", "near_duplicate_of", "near_duplicate_cluster"]
ROW_COLUMNS = ["file", "doc_id", "text_sha256", "published_at", "source_uri", "member", "near_duplicate_of",
               "near_duplicate_cluster"]


class SignatureStore:
    """The signature segments of a dataset, those made with today's MinHash settings."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.folder = join(dataset.index_folder("minhash"), VERSION)
        wanted = json.dumps(nd.params(), sort_keys=True).encode()
        listed = dataset.store.parquet_files(dataset.index_folder("minhash"))  # (one folder level down)
        schemas = {s: dataset.store.parquet_schema(s) for s in listed
                   if any(f"/{v}/" in s.replace("\\", "/") for v in READ_VERSIONS)}
        self.segments = [s for s, schema in schemas.items() if (schema.metadata or {}).get(PARAMS_KEY) == wanted]
        # a segment of list signatures (v1) costs a conversion on every read: the next `add` merges them away
        self.converting = any(schemas[s].field("signature").type != SIGNATURE for s in self.segments)

    def read(self, columns: list[str], texts: pa.Array | None = None) -> pa.Table:
        where = None if texts is None else pc.field("text_sha256").isin(texts)
        parts = [_as_binary(self.dataset.store.read_parquet(s, columns=columns, filters=where)) for s in self.segments]
        table = pa.concat_tables(parts) if parts else STORE_SCHEMA.empty_table().select(columns)
        return _each_text_once(table)  # a text stored twice (a merge cut short by a crash) counts once

    def sharing_a_band(self, mine: pa.Table) -> pa.Array:
        """The stored texts that share a band key with one of `mine` (store rows: a text and its band keys):
        candidates, to be checked. Reads one band column at a time (8 bytes a stored text), then the hashes of
        the rows that matched."""
        if not len(mine) or not self.segments:
            return _strings(())
        positions = []
        for name in BAND_COLUMNS:
            wanted = pc.unique(pc.drop_null(mine[name]))
            if not len(wanted):
                continue
            column = pa.chunked_array([self.dataset.store.read_parquet(s, columns=[name])[name].combine_chunks()
                                       for s in self.segments], pa.uint64())
            positions.append(np.flatnonzero(pc.fill_null(pc.is_in(column, value_set=wanted), False).to_numpy(zero_copy_only=False)))
        hit = np.unique(np.concatenate(positions)) if positions else np.zeros(0, np.int64)
        if not len(hit):
            return _strings(())
        shas = pa.chunked_array([self.dataset.store.read_parquet(s, columns=["text_sha256"])["text_sha256"].combine_chunks()
                                 for s in self.segments], pa.string())
        return pc.unique(shas.take(pa.array(hit)))  # a text stored twice (a merge cut short) once

    def add(self, rows: pa.Table) -> None:
        """Store rows as a new segment; past MAX_SEGMENTS, or when a segment holds list signatures, merge every
        segment into one (a crash in between leaves both, and `read` counts a text once)."""
        if len(rows):
            table = rows.cast(STORE_SCHEMA).replace_schema_metadata({PARAMS_KEY: json.dumps(nd.params(), sort_keys=True)})
            self.segments.append(index.write_segment(self.dataset, self.folder, table))
        if len(self.segments) > index.MAX_SEGMENTS or (self.converting and self.segments):
            old, merged = list(self.segments), self.read(STORE_SCHEMA.names)
            self.converting = False
            self.segments = []
            self.add(merged)
            self.dataset.store.check_lease(self.dataset.root)
            for segment in old:
                self.dataset.store.delete(segment)


def signature_rows(texts: dict[str, str]) -> pa.Table:
    """Store rows for texts (text_sha256 -> text); a text too short for a signature is stored without one,
    so that it is not read again."""
    return store_rows(signed(texts))


def signed(texts: dict[str, str]) -> pa.Table:
    """(text_sha256, signature) of texts (text_sha256 -> text), the signature null for a text too short for
    one, with the MinHash settings that made them in the schema's metadata: what an ingest worker hands back
    with the rows it wrote (`BatchResult.sign`), so that the run's last step, in one process, only matches signatures
    (`near_updates`)."""
    return signature_table({sha: signature_bytes(texts[sha]) for sha in texts})


def signature_bytes(text: str) -> bytes | None:
    sig = nd.signature(text)
    return None if sig is None else sig.astype("<u2").tobytes()


def signature_table(signatures: dict[str, bytes | None]) -> pa.Table:
    """`signed`'s table of signatures already computed (text_sha256 -> `signature_bytes`)."""
    shas = sorted(signatures)
    return pa.table([pa.array(shas, pa.string()), pa.array([signatures[sha] for sha in shas], SIGNATURE)],
                    schema=SIGNED_SCHEMA.with_metadata({PARAMS_KEY: json.dumps(nd.params(), sort_keys=True)}))


def store_rows(table: pa.Table) -> pa.Table:
    """Store rows (`STORE_SCHEMA`) of (text_sha256, signature) rows: their band keys added, a text once,
    in text order."""
    table = _each_text_once(table.take(pc.sort_indices(table["text_sha256"])))
    valid = pc.is_valid(table["signature"]).to_numpy(zero_copy_only=False)
    keys = np.zeros((len(table), nd.BANDS), np.uint64)
    if valid.any():
        keys[valid] = nd.band_keys(_signatures(table["signature"].filter(pa.array(valid))))
    return pa.table({"text_sha256": table["text_sha256"], "signature": table["signature"].cast(SIGNATURE),
                     **{name: pa.array(keys[:, b], pa.uint64(), mask=~valid) for b, name in enumerate(BAND_COLUMNS)}})


def near_updates(dataset: Dataset, fresh: pa.Table, replaced: pa.Table, lookup,
                 signatures: list[pa.Table] | None = None) -> pa.Table:
    """The rows whose near-duplicate values must change, as (file, doc_id, near_duplicate_of,
    near_duplicate_cluster) with the values they must hold.

    `fresh`: the rows of the files written or rewritten since the index last held them (with `ROW_COLUMNS`);
    `replaced`: the rows those rewritten files held before (their clusters are settled again: the article
    that joined them may have changed); `lookup(where)`: rows the index holds, restricted by an expression;
    `signatures`: `signed` tables already computed (by the workers that wrote the texts): the texts the store
    lacks and these do not hold are read again and signed here.

    Texts, documents and clusters stay Arrow columns, not Python sets of strings (the link of a first run of
    100,000 documents peaked at 653 MB with sets, 524 MB so)."""
    store = SignatureStore(dataset)
    written = pc.unique(fresh["text_sha256"]) if len(fresh) else _strings(())
    have = store.read(["text_sha256"], written)["text_sha256"]
    missing = pc.filter(written, pc.invert(pc.is_in(written, have))) if len(written) else written
    given = _given(signatures, missing)
    unsigned = pc.filter(missing, pc.invert(pc.is_in(missing, given["text_sha256"]))) if len(missing) else missing
    added = store_rows(pa.concat_tables([given.replace_schema_metadata(None), _signed_from_files(dataset, fresh, unsigned)]))
    del given
    store.add(added)
    # the band keys of the run's texts: those just computed, and from the store those it held already
    keyed = ["text_sha256", *BAND_COLUMNS]
    mine = added.select(keyed)
    del added
    if len(have):
        known = store.read(keyed, have)
        mine = pa.concat_tables([mine, known.cast(mine.schema)])
    partners = store.sharing_a_band(mine)
    del mine
    # texts whose clusters may change: those written, their candidates, and every text of the clusters of any
    texts = _unique(written, partners)
    moved = pc.unique(fresh["doc_id"]) if len(fresh) else _strings(())
    rows = _rows(lookup, fresh, pc.field("text_sha256").isin(texts))
    clusters = pc.drop_null(_unique(rows["near_duplicate_cluster"], replaced["near_duplicate_cluster"], moved))
    if len(clusters):
        rows = _rows(lookup, fresh, pc.field("text_sha256").isin(texts) | pc.field("near_duplicate_cluster").isin(clusters))
    texts = _unique(rows["text_sha256"])  # texts no article holds any more drop out here
    texts = texts.take(pc.array_sort_indices(texts))
    # An old cluster stands as it is unless one of its articles was rewritten (it may have held the cluster
    # together): those are compared afresh, with the run's texts; the others only join what the run brings.
    old = rows.filter(pc.invert(rows["fresh"])).select(["text_sha256", "near_duplicate_cluster"])
    rewritten = old["near_duplicate_cluster"].filter(pc.is_in(old["near_duplicate_cluster"], moved))
    again = pc.is_in(old["near_duplicate_cluster"], _unique(replaced["near_duplicate_cluster"], rewritten))
    recheck = _unique(written, old["text_sha256"].filter(again))
    component = _components(store, texts, old.filter(pc.invert(again)), recheck)
    at = pc.index_in(rows["text_sha256"], value_set=texts).to_numpy(zero_copy_only=False)
    return _stale(rows.append_column("component", pa.array(component[at], pa.int64())))


def _unique(*columns) -> pa.Array:
    """The distinct values of string columns together (nulls kept once)."""
    chunks = [chunk for column in columns
              for chunk in (column.chunks if isinstance(column, pa.ChunkedArray) else [column])]
    return pc.unique(pa.chunked_array(chunks, pa.string())) if chunks else _strings(())


def _strings(values) -> pa.Array:
    return pa.array(sorted(values), pa.string())  # typed even when empty, as `isin` needs


def _each_text_once(table: pa.Table) -> pa.Table:
    """The table's rows, each text's first row only, in their order."""
    codes = table["text_sha256"].combine_chunks().dictionary_encode().indices.to_numpy(zero_copy_only=False)
    _, first = np.unique(codes, return_index=True)
    return table if len(first) == len(table) else table.take(np.sort(first))


def _given(signatures: list[pa.Table] | None, wanted: pa.Array) -> pa.Table:
    """The rows of `signed` tables for the texts `wanted`; a table made with other MinHash settings (a worker
    with another rensa) is left out, and its texts are signed again here."""
    mine = json.dumps(nd.params(), sort_keys=True).encode()
    usable = [t.select(SIGNED_SCHEMA.names).cast(SIGNED_SCHEMA) for t in signatures or ()
              if (t.schema.metadata or {}).get(PARAMS_KEY) == mine]
    if not usable or not len(wanted):
        return SIGNED_SCHEMA.empty_table()
    table = pa.concat_tables(usable)
    return table.filter(pc.is_in(table["text_sha256"], wanted))


def _signed_from_files(dataset: Dataset, fresh: pa.Table, wanted: pa.Array) -> pa.Table:
    """`signed` rows of texts read back from the files of `fresh` that hold them, a file at a time (a run's
    texts are never all in memory at once)."""
    parts = [SIGNED_SCHEMA.empty_table()]
    if len(wanted):
        files = sorted(set(fresh.filter(pc.is_in(fresh["text_sha256"], wanted))["file"].to_pylist()))
        for path in files:
            table = dataset.store.read_parquet(path, columns=["text_sha256", "text"], filters=pc.field("text_sha256").isin(wanted))
            parts.append(signed(dict(zip(table["text_sha256"].to_pylist(), table["text"].to_pylist(), strict=True))))
    return pa.concat_tables([p.replace_schema_metadata(None) for p in parts])


def _rows(lookup, fresh: pa.Table, where: pc.Expression) -> pa.Table:
    """Rows from the index and from `fresh` matching `where`, with a `fresh` column telling them apart."""
    indexed = lookup(where).select(ROW_COLUMNS)
    new = fresh.filter(where).select(ROW_COLUMNS).cast(indexed.schema)
    return pa.concat_tables([indexed.append_column("fresh", pa.array(np.zeros(len(indexed), bool))),
                             new.append_column("fresh", pa.array(np.ones(len(new), bool)))])


def _components(store: SignatureStore, texts: pa.Array, standing: pa.Table, recheck: pa.Array) -> np.ndarray:
    """For each of `texts`, the number of its group of near-duplicates among them: the groups `standing` holds
    (rows of text_sha256 and near_duplicate_cluster) kept together as they are, joined by the pairs that hold a
    text of `recheck` (compared with every text it shares a band with)."""
    found = nd.Components.of(len(texts))
    if len(standing):
        node = pc.index_in(standing["text_sha256"], value_set=texts).to_numpy(zero_copy_only=False)
        group = standing["near_duplicate_cluster"].combine_chunks().dictionary_encode("encode").indices.to_numpy(zero_copy_only=False)
        order = np.argsort(group, kind="stable")
        node, group = node[order], group[order]
        same = group[1:] == group[:-1]  # each text with the one before it in its group
        for a, b in zip(node[:-1][same].tolist(), node[1:][same].tolist(), strict=True):
            found.union(a, b)
    table = store.read(["text_sha256", "signature"], texts)
    table = table.filter(pc.is_valid(table["signature"]))
    if len(table):
        mask = pc.is_in(table["text_sha256"], value_set=recheck).to_numpy(zero_copy_only=False)
        node = pc.index_in(table["text_sha256"], value_set=texts).to_numpy(zero_copy_only=False).astype(np.int64)
        nd.link_similar(_signatures(table["signature"]), mask, found, node)
    return np.array([found.find(n) for n in range(len(texts))], np.int64)


def _signatures(column: pa.ChunkedArray) -> np.ndarray:
    """The (texts, NUM_PERM) uint16 matrix of a signature column holding no nulls."""
    if not len(column):
        return np.zeros((0, nd.NUM_PERM), np.uint16)
    values = column.combine_chunks()
    data = np.frombuffer(values.buffers()[1], dtype="<u2", count=(values.offset + len(values)) * nd.NUM_PERM)
    # a view of Arrow's buffer, not a copy (100,000 signatures are 51 MB): read-only, as every reader here is
    return data[values.offset * nd.NUM_PERM:].reshape(-1, nd.NUM_PERM).astype(np.uint16, copy=False)


def _as_binary(table: pa.Table) -> pa.Table:
    """A segment's rows with its signature column as STORE_SCHEMA has it: a segment written when signatures
    were lists of uint16 is converted (nulls kept)."""
    if "signature" not in table.column_names or table.schema.field("signature").type == SIGNATURE:
        return table
    lists = table["signature"].combine_chunks()
    valid = pc.is_valid(lists).to_numpy(zero_copy_only=False)
    matrix = np.zeros((len(lists), nd.NUM_PERM), "<u2")
    if valid.any():
        flat = pc.list_flatten(lists).to_numpy(zero_copy_only=False)
        matrix[valid] = flat.reshape(-1, nd.NUM_PERM)
    validity = pa.py_buffer(np.packbits(valid, bitorder="little").tobytes())
    binary = pa.FixedSizeBinaryArray.from_buffers(SIGNATURE, len(lists), [validity, pa.py_buffer(matrix.tobytes())])
    return table.set_column(table.column_names.index("signature"), "signature", binary)


def _stale(rows: pa.Table) -> pa.Table:
    """For rows grouped by `component`: every row names the group's earliest row as its cluster, and points
    at it unless it is that row (an article alone is its own cluster and points at nothing). The rows whose
    values differ from that, as (file, doc_id, near_duplicate_of, near_duplicate_cluster)."""
    if not len(rows):
        return pa.table({name: pa.array([], pa.string()) for name in STALE_COLUMNS})
    ordered, cluster = earliest_first(rows, "component")
    near = pointing_at(cluster, ordered["doc_id"])
    changed = pc.or_(differs(near, ordered["near_duplicate_of"]), differs(cluster, ordered["near_duplicate_cluster"]))
    return pa.table([ordered["file"], ordered["doc_id"], near, cluster], names=STALE_COLUMNS).filter(changed)
