"""An ingest run without Prefect, and the checks that a dataset's links and index are what a full read gives:
shared by the tests of the index, near-duplicates, export, the report and S3."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from conftest import articles

from pipeline.dataset import index
from pipeline.dataset.ledger import read_ledger
from pipeline.dataset.tables import Dataset
from pipeline.dedup.exact import fix_duplicates
from pipeline.ingest.batch import RunContext, process_batch, replace_inputs
from pipeline.io.readers import discover


def run(src: Path, dest: Path, link: bool = True, signed: bool = True) -> None:
    """What an ingest does, minus Prefect: the ledger of the inputs found, one batch, duplicates linked (with
    the signatures the batch computed, as the flow does; `signed=False`: computed by the link step instead)."""
    files, _ = discover(str(src))
    ledger = read_ledger(Dataset(dest), [f.uri for f in files])
    files = [f for f in files if not ledger.unchanged(f)]
    known = {f.uri: ledger.inputs[f.uri] for f in files if f.uri in ledger.inputs}
    ctx = RunContext(dest=str(dest), run_id="test")
    result = process_batch(files, known, ledger.rejects_of({f.uri for f in files}), ctx)
    for changed in result.changed:  # rewritten where its rows live, as the flow does
        replaced = replace_inputs(sorted(ledger.files[changed.uri])[0], [changed], ctx, ledger.rejects_of({changed.uri}))
        result.signatures.extend(replaced.signatures)
    if link:
        fix_duplicates(str(dest), result.signatures if signed else None)


def expected_links(rows: list[dict]) -> dict[str, str | None]:
    """`duplicate_of` computed from every row: the earliest article of each text (published first, then by
    source_uri, member, doc_id)."""
    never = datetime.max.replace(tzinfo=UTC)
    first = {}
    for row in sorted(rows, key=lambda r: (r["published_at"] is None, r["published_at"] or never, r["source_uri"],
                                           r["member"] or 0, r["doc_id"])):
        first.setdefault(row["text_sha256"], row["doc_id"])
    return {r["doc_id"]: None if first[r["text_sha256"]] == r["doc_id"] else first[r["text_sha256"]] for r in rows}


def expected_near_links(rows: list[dict]) -> dict[str, tuple[str | None, str]]:
    """(`near_duplicate_of`, `near_duplicate_cluster`) computed from every row at once: groups of near-duplicate
    texts (`near_duplicates.clusters`), each article pointing at its group's earliest."""
    from pipeline.dedup.minhash import clusters

    texts = sorted({r["text_sha256"]: r["text"] for r in rows}.items())
    group = {sha: n for n, (sha, _) in enumerate(texts)}
    for members in clusters([t for _, t in texts]):
        for i in members:
            group[texts[i][0]] = -1 - members[0]
    never = datetime.max.replace(tzinfo=UTC)
    first = {}
    for row in sorted(rows, key=lambda r: (r["published_at"] is None, r["published_at"] or never, r["source_uri"],
                                           r["member"] or 0, r["doc_id"])):
        first.setdefault(group[row["text_sha256"]], row["doc_id"])
    earliest = {r["doc_id"]: first[group[r["text_sha256"]]] for r in rows}
    return {doc: (None if top == doc else top, top) for doc, top in earliest.items()}


def assert_consistent(dest: Path) -> None:
    """Links as a full read computes them, and the index holds exactly the data's key columns."""
    rows = articles(dest)
    assert {r["doc_id"]: r["duplicate_of"] for r in rows} == expected_links(rows)
    near = {r["doc_id"]: (r["near_duplicate_of"], r["near_duplicate_cluster"]) for r in rows}
    assert near == expected_near_links(rows)
    snap = index.snapshot(Dataset(dest), "articles")
    assert snap.uncovered == []  # every file was indexed by the run that wrote it
    held = snap.index_rows(index.KEYS["articles"]).to_pylist()
    assert sorted(held, key=lambda r: r["doc_id"]) == sorted(({k: r[k] for k in index.KEYS["articles"]} for r in rows),
                                                             key=lambda r: r["doc_id"])
