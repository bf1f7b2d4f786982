"""Near-duplicates: MinHash + LSH on a generated set with known answers (`tests/syndicated.py`)."""

from __future__ import annotations

import functools
import random
import shutil

import numpy as np
import pytest
from syndicated import generate, pair_scores

from pipeline import clean
from pipeline.dedup.minhash import NUM_PERM, Components, band_keys, candidate_pairs, clusters, link_similar, signature, similar_pairs


@pytest.fixture(scope="module")
def cleaned():
    items = generate()
    return items, [clean(item.text).body for item in items]


def test_syndicated_copies_are_found_and_same_topic_stories_are_not(cleaned):
    # Each story as its own dump, under three other sites' furniture (cleaned away first), lightly edited;
    # and a same-topic story sharing its lead. Measured: precision 1.000, recall 1.000 (270 true pairs).
    items, texts = cleaned
    precision, recall, predicted, truth = pair_scores(items, clusters(texts))
    assert truth >= 250
    assert precision >= 0.98 and recall >= 0.98, (precision, recall, predicted, truth)
    same_topic = {i for i, item in enumerate(items) if item.group is None}
    assert not any(same_topic & set(group) for group in clusters(texts))


def test_the_result_does_not_depend_on_order(cleaned):
    items, texts = cleaned
    order = list(range(len(texts)))
    random.Random(3).shuffle(order)
    shuffled = clusters([texts[i] for i in order])
    assert sorted(sorted(order[i] for i in group) for group in shuffled) == clusters(texts)


def test_signatures_are_fixed_and_short_texts_have_none():
    text = "The quick brown fox jumps over the lazy dog near the river bank today."
    first = signature(text)
    assert first.dtype == np.uint16 and first.shape == (NUM_PERM,)
    assert np.array_equal(first, signature(text))  # fixed seeds: same on every run and machine
    assert signature("Too short to judge.") is None  # four words: no 5-gram


def test_only_pairs_with_a_new_text_are_candidates():
    texts = ["alpha beta gamma delta epsilon zeta eta theta iota kappa"] * 3
    sigs = np.stack([signature(t) for t in texts])
    keys = band_keys(sigs)
    assert candidate_pairs(keys, np.array([False, False, True])) == {(0, 2), (1, 2)}
    assert candidate_pairs(keys, np.array([False, False, False])) == set()


def _groups(found: Components) -> list[list[int]]:
    return sorted(sorted(g) for g in found.groups().values())


@pytest.mark.parametrize("seed", range(6))
def test_linking_without_listing_pairs_gives_the_groups_every_pair_gives(seed, monkeypatch):
    # Stories copied up to 300 times (buckets far past MAX_BUCKET_PEERS), each copy with a few to many of its
    # values changed, so that pairs share a band yet fall on either side of THRESHOLD; some rows are old, some
    # groups stand from before, and the rows are numbered in `found` their own way. `link_similar` must give
    # the groups that checking every candidate pair (`similar_pairs`) gives.
    rng = np.random.default_rng(seed)
    rows = []
    for size in rng.integers(1, 300, size=8):
        base = rng.integers(0, 2**16, NUM_PERM, dtype=np.uint16)
        for _ in range(size):
            copy = base.copy()
            changed = rng.choice(NUM_PERM, size=int(rng.choice([0, 3, 20, 26, 40, 90])), replace=False)
            copy[changed] = rng.integers(0, 2**16, len(changed), dtype=np.uint16)
            rows.append(copy)
    sigs = np.stack(rows)[rng.permutation(len(rows))]
    new = rng.random(len(sigs)) < [1.0, 0.5, 0.1][seed % 3]
    node = rng.permutation(len(sigs) + 5)[:len(sigs)]
    standing = [list(rng.choice(len(sigs) + 5, size=3, replace=False)) for _ in range(4)]

    def start() -> Components:
        found = Components.of(len(sigs) + 5)
        for a, *rest in standing:
            for b in rest:
                found.union(int(a), int(b))
        return found

    if seed % 2:  # a bucket's new rows checked in many blocks
        monkeypatch.setattr("pipeline.dedup.minhash._BLOCK", 7)
    every, fast = start(), start()
    for i, j in similar_pairs(sigs, new):
        every.union(int(node[i]), int(node[j]))
    link_similar(sigs, new, fast, node)
    assert _groups(fast) == _groups(every)
    assert max(len(g) for g in _groups(every)) > 65  # the bucket cap was in play


def _write(folder, items) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for item in items:
        (folder / f"{item.name}.txt").write_text(item.text, encoding="utf-8")


def _links(dest) -> dict[str, tuple]:
    from conftest import articles

    from pipeline.io.storage import Path

    by_doc = {r["doc_id"]: Path(r["source_uri"]).name for r in articles(dest)}
    return {by_doc[r["doc_id"]]: (by_doc.get(r["near_duplicate_of"]), by_doc[r["near_duplicate_cluster"]])
            for r in articles(dest)}


def _counted(calls: list, real, text: str):
    calls.append(text)
    return real(text)


def _marked(marks: list, calls: list, real, *args):
    marks.append(len(calls))  # how many signatures were computed before the link step started
    return real(*args)


def test_links_kept_run_by_run_equal_one_computation_whatever_the_order(tmp_path, monkeypatch):
    # The syndicated set arrives over three runs, in two different orders, into two datasets; each run matches
    # its new texts against the stored signatures. Both end as one computation over everything would have it.
    # "forward" links with the signatures its batches computed (as the flow does), "backward" without them, so
    # that the link step signs what the store lacks itself.
    from runs import assert_consistent, run

    import pipeline.dedup.minhash as nd
    from pipeline.dedup import exact

    items = generate()
    src = tmp_path / "src"
    orders = {"forward": items, "backward": items[::-1]}
    for name, ordered in orders.items():
        shutil.rmtree(src, ignore_errors=True)
        for part in range(3):
            _write(src, ordered[part::3] if part < 2 else ordered[2::3])
            if part == 2:
                calls, linking = [], []
                monkeypatch.setattr(nd, "signature", functools.partial(_counted, calls, nd.signature))
                monkeypatch.setattr("runs.fix_duplicates", functools.partial(_marked, linking, calls, exact.fix_duplicates))
            run(src, tmp_path / name, signed=name == "forward")
            monkeypatch.undo()
        earlier = {clean(i.text).body for i in ordered[0::3] + ordered[1::3]}
        written = {clean(i.text).body for i in ordered[2::3]}
        by_batch, by_link = calls[:linking[0]], calls[linking[0]:]
        # the batch signs each text it writes once; the link step signs nothing more when given those
        # signatures, and otherwise only the texts new to the dataset, each once
        assert len(by_batch) == len(set(by_batch)) == len(written)
        assert by_link == [] if name == "forward" else (len(by_link) == len(set(by_link)) == len(written - earlier) >= 1)
        assert_consistent(tmp_path / name)
    forward, backward = _links(tmp_path / "forward"), _links(tmp_path / "backward")
    assert forward == backward
    groups: dict[str, list[int]] = {}
    for n, item in enumerate(items):
        groups.setdefault(forward[f"{item.name}.txt"][1], []).append(n)
    precision, recall, _, _ = pair_scores(items, [g for g in groups.values() if len(g) > 1])
    assert precision >= 0.98 and recall >= 0.98


def test_an_article_rewritten_to_another_story_leaves_its_cluster(tmp_path):
    from runs import assert_consistent, run

    items = generate()[:12]  # two stories, each with its copies
    src, dest = tmp_path / "src", tmp_path / "dest"
    _write(src, items)
    run(src, dest)
    before = _links(dest)
    moved = f"{items[1].name}.txt"
    assert before[moved][1] == before[f"{items[0].name}.txt"][1]  # with its story
    (src / moved).write_text(items[7].text.replace("\n\n", "\n\nAnd so on.\n\n", 1), encoding="utf-8")
    run(src, dest)
    after = _links(dest)
    assert after[moved][1] == after[f"{items[7].name}.txt"][1] != after[f"{items[0].name}.txt"][1]
    assert_consistent(dest)


def test_merging_the_signature_store_keeps_every_text(tmp_path, monkeypatch):
    # Past MAX_SEGMENTS the store's segments are merged into one; the merged segment must hold them all
    # (a review found the merge read nothing and deleted everything).
    from pipeline.dataset import index
    from pipeline.dataset.tables import Dataset
    from pipeline.dedup.near import SignatureStore, signature_rows

    monkeypatch.setattr(index, "MAX_SEGMENTS", 2)
    words = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu".split()
    texts = {f"{n:064x}": " ".join(words[n:] + words[:n]) for n in range(5)}
    store = SignatureStore(Dataset(str(tmp_path)))
    for sha, text in texts.items():
        store.add(signature_rows({sha: text}))
    again = SignatureStore(Dataset(str(tmp_path)))
    assert len(again.segments) <= 2
    assert sorted(again.read(["text_sha256"])["text_sha256"].to_pylist()) == sorted(texts)


def test_a_segment_written_with_list_signatures_reads_as_the_same_signatures(tmp_path):
    """Signatures were once stored as lists of uint16; such a segment still reads, gives back the same values
    (a text without a signature stays without), and the next segment added merges it into today's fixed-size form."""
    import json

    import pyarrow as pa

    from pipeline.dataset import index
    from pipeline.dataset.tables import Dataset
    from pipeline.dedup import near

    words = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu".split()
    texts = {f"{n:064x}": " ".join(words[n:] + words[:n]) for n in range(4)}
    texts[f"{9:064x}"] = "too short"
    rows = near.signature_rows(texts)
    expected = {sha: signature(text) for sha, text in texts.items()}
    old_type = pa.list_(pa.uint16(), NUM_PERM)
    as_lists = [None if s is None else s.tolist() for s in (expected[sha] for sha in rows["text_sha256"].to_pylist())]
    legacy = rows.set_column(1, pa.field("signature", old_type), pa.array(as_lists, old_type))
    dataset = Dataset(str(tmp_path))
    meta = {near.PARAMS_KEY: json.dumps(nd_params(), sort_keys=True)}
    index.write_segment(dataset, near.join(dataset.index_folder("minhash"), "v1"), legacy.replace_schema_metadata(meta))

    def stored(store) -> dict:
        table = store.read(["text_sha256", "signature"])
        held = table.filter(pa.compute.is_valid(table["signature"]))
        got = dict(zip(held["text_sha256"].to_pylist(), near._signatures(held["signature"]), strict=True))
        return {sha: got.get(sha) for sha in texts}

    store = near.SignatureStore(dataset)
    assert store.read(["text_sha256", "signature"]).schema.field("signature").type == near.SIGNATURE
    for sha, got in stored(store).items():
        assert (got is None and expected[sha] is None) or np.array_equal(got, expected[sha]), sha
    assert store.converting
    store.add(near.signature_rows({}))  # a run that adds no text still merges them, at once, not after MAX_SEGMENTS
    merged = near.SignatureStore(dataset)
    assert len(merged.segments) == 1 and "/v2/" in merged.segments[0].replace("\\", "/") and not merged.converting
    assert dataset.store.parquet_schema(merged.segments[0]).field("signature").type == near.SIGNATURE
    for sha, got in stored(merged).items():
        assert (got is None and expected[sha] is None) or np.array_equal(got, expected[sha]), sha


def nd_params() -> dict:
    from pipeline.dedup.minhash import params

    return params()


def test_every_text_too_short_to_sign_makes_no_group():
    assert clusters(["Too short.", "Far too short."]) == []


def test_candidate_pairs_are_the_pairs_sharing_a_band_key():
    # the definition `link_similar` is held to, checked by brute force over every pair of rows
    rng = np.random.default_rng(5)
    keys = rng.integers(0, 4, size=(40, 3)).astype(np.uint64)
    new = rng.random(40) < 0.4
    expected = set()
    for i in range(40):
        for j in range(i + 1, 40):
            for band in range(3):
                if keys[i, band] == keys[j, band] and (new[i] or new[j]):
                    members = [k for k in range(40) if keys[k, band] == keys[i, band]]
                    peers = members[:65]
                    if (new[i] and j in peers) or (new[j] and i in peers):
                        expected.add((i, j))
    assert candidate_pairs(keys, new) == expected


def test_a_batch_signs_every_text_it_writes_and_a_replacement_its_new_texts(tmp_path):
    from conftest import articles

    from pipeline.dedup.near import signed
    from pipeline.ingest.batch import RunContext, process_batch, replace_inputs
    from pipeline.io.readers import discover

    items = generate()[:9]
    src, dest = tmp_path / "src", tmp_path / "dest"
    _write(src, items)
    files, _ = discover(str(src))
    ctx = RunContext(dest=str(dest), run_id="t")
    result = process_batch(files, {}, set(), ctx)
    rows = articles(dest)
    texts = {r["text_sha256"]: r["text"] for r in rows}
    got = pa_concat(result.signatures)
    assert got.equals(signed(texts).replace_schema_metadata(None)) and not result.pending
    changed = next(f for f in files if f.uri.endswith(f"{items[0].name}.txt"))
    (src / f"{items[0].name}.txt").write_text(items[4].text + "\n\nA new closing line.\n", encoding="utf-8")
    changed, = [f for f in discover(str(src))[0] if f.uri == changed.uri]
    part, = [str(p) for p in (dest / "articles").rglob("*.parquet")]  # the batch's one file
    again = replace_inputs(part, [changed], ctx)
    new_text = next(r for r in articles(dest) if r["source_uri"] == changed.uri)
    assert pa_concat(again.signatures)["text_sha256"].to_pylist() == [new_text["text_sha256"]]


def pa_concat(tables):
    import pyarrow as pa

    return pa.concat_tables([t.replace_schema_metadata(None) for t in tables])


def test_signatures_made_with_other_settings_are_not_used_and_stored_texts_are_not_stored_again(tmp_path, monkeypatch):
    import json

    import pyarrow as pa
    import pyarrow.parquet as pq

    import pipeline.dedup.minhash as nd
    from pipeline.dataset.tables import Dataset
    from pipeline.dedup import near
    from pipeline.ingest.batch import RunContext, process_batch
    from pipeline.io.readers import discover

    items = generate()[:9]
    src, dest = tmp_path / "src", tmp_path / "dest"
    _write(src, items[:5])
    ctx = RunContext(dest=str(dest), run_id="t")
    first = process_batch(discover(str(src))[0], {}, set(), ctx)
    from pipeline.dedup.exact import fix_duplicates

    fix_duplicates(str(dest), first.signatures)
    _write(src, items[5:])
    files = [f for f in discover(str(src))[0] if any(f.uri.endswith(f"{i.name}.txt") for i in items[5:])]
    second = process_batch(files, {}, set(), ctx)
    # a worker with another rensa: its table says so, and must not be used
    foreign = [t.replace_schema_metadata({near.PARAMS_KEY: json.dumps({**nd.params(), "library": "rensa 0.0.1"})})
               for t in second.signatures]
    calls = []
    monkeypatch.setattr(nd, "signature", functools.partial(_counted, calls, nd.signature))
    fix_duplicates(str(dest), foreign + first.signatures)  # the first run's texts again: the store has them
    monkeypatch.undo()
    assert len(calls) == len(pa_concat(second.signatures)) >= 1  # signed again from the data, each once
    stored = near.SignatureStore(Dataset(str(dest))).read(["text_sha256"])["text_sha256"].to_pylist()
    assert len(stored) == len(set(stored)) == len(set(pa_concat(first.signatures + second.signatures)["text_sha256"].to_pylist()))
    segments = near.SignatureStore(Dataset(str(dest))).segments
    raw = pa.concat_tables([pq.read_table(s, columns=["text_sha256"]) for s in segments])
    assert len(raw) == len(set(raw["text_sha256"].to_pylist()))  # no text written to the store twice
