"""The dataset's Parquet schema: one row per article, one per input that could not be cleaned. A column added
later reads as null in older files (`tables.Dataset.read_stamped`); `SCHEMA_VERSION` says which layout a file has."""

from __future__ import annotations

import pyarrow as pa

from pipeline.cleaning.signals import SIGNALS

REMOVAL = pa.struct([("line", pa.int32()), ("kind", pa.string()), ("rule", pa.string()), ("text", pa.string()),
                     ("score", pa.float32())])
# A line removed as the source's learned boilerplate: it occurs in `documents` of the `out_of` documents of the
# source counted since it was first seen (`pipeline.ingest.boilerplate`).
LEARNED = pa.struct([("line", pa.int32()), ("documents", pa.int32()), ("out_of", pa.int32())])
UTC_TIME = pa.timestamp("us", tz="UTC")

ARTICLE_SCHEMA = pa.schema([
    ("doc_id", pa.string()),
    ("source_uri", pa.string()),
    ("member", pa.int32()),
    ("source", pa.string()),
    ("url", pa.string()),
    ("title", pa.string()),
    ("authors", pa.list_(pa.string())),
    ("published_at", UTC_TIME),
    ("text", pa.string()),
    ("language", pa.string()),
    ("language_score", pa.float32()),
    ("n_chars", pa.int64()),
    ("n_words", pa.int64()),
    *((name, pa.float32()) for name in SIGNALS),
    ("removed", pa.list_(REMOVAL)),
    ("learned_lines", pa.list_(LEARNED)),
    ("raw_sha256", pa.string()),
    # bytes of the raw document that were not text in the encoding that read it, each bad sequence replaced
    # by U+FFFD (`pipeline.cleaning.decode`): 0 for clean bytes
    ("replaced_bytes", pa.int32()),
    ("input_sha256", pa.string()),
    ("input_stamp", pa.string()),
    ("text_sha256", pa.string()),
    ("duplicate_of", pa.string()),
    ("near_duplicate_of", pa.string()),
    ("near_duplicate_cluster", pa.string()),
    ("pipeline_version", pa.string()),
    ("ingested_at", UTC_TIME),
    ("run_id", pa.string()),
])

REJECT_SCHEMA = pa.schema([
    ("source_uri", pa.string()),
    ("member", pa.int32()),
    ("error_kind", pa.string()),
    ("message", pa.string()),
    ("raw", pa.large_binary()),
    ("raw_sha256", pa.string()),
    ("input_sha256", pa.string()),
    ("input_stamp", pa.string()),
    ("pipeline_version", pa.string()),
    ("rejected_at", UTC_TIME),
    ("run_id", pa.string()),
])

# Version 2 added `input_stamp` to both tables. A version 1 file (without it) reads as before; its inputs are
# read and hashed once more by each run, until a backfill rewrites them. Version 3 added the quality signals
# (`pipeline.cleaning.signals`) and the near-duplicate columns to articles: null in older files until rewritten. Version 4
# added `learned_lines` (null in older files) and fills `source` for every article. Version 5 added `replaced_bytes` to
# articles (null in older files).
SCHEMA_VERSION = 5
ARTICLE_SCHEMA = ARTICLE_SCHEMA.with_metadata({"articlean.schema_version": str(SCHEMA_VERSION)})
REJECT_SCHEMA = REJECT_SCHEMA.with_metadata({"articlean.schema_version": str(SCHEMA_VERSION)})
TABLES = {"articles": ARTICLE_SCHEMA, "rejects": REJECT_SCHEMA}
COLUMN_TYPES = {f.name: f.type for schema in (REJECT_SCHEMA, ARTICLE_SCHEMA) for f in schema}
