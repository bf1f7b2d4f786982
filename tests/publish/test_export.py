"""`articlean export`: shards, manifest and dataset card that `datasets.load_dataset` reads as they are."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from conftest import articles, make_corpus
from runs import run

from flows.cli import main
from pipeline.dataset.schema import ARTICLE_SCHEMA
from pipeline.publish.export import TRAINING_COLUMNS, ExportError, Selection, export, parse_size


@pytest.fixture(scope="module")
def dest(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("export")
    make_corpus(folder / "src", 60)
    run(folder / "src", folder / "dest")
    return folder / "dest"


def load(out: Path, monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    import datasets

    return datasets.load_dataset(str(out), split="train", cache_dir=str(tmp_path / "hf-cache"))


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_load_dataset_reads_the_export_as_it_is(dest, tmp_path, monkeypatch, fmt):
    out = tmp_path / "out"
    summary = export(str(dest), str(out), fmt=fmt, shard_bytes=parse_size("100KB"),
                     selection=Selection(columns=tuple(ARTICLE_SCHEMA.names)))
    rows = articles(dest)
    # small shards: several (a Parquet shard grows by row groups of 256 rows, so 60 rows make one)
    assert summary.rows == len(rows) == 60 and len(summary.shards) >= (2 if fmt == "jsonl" else 1)
    manifest = json.loads((out / "manifest.json").read_text())
    assert sum(s["rows"] for s in manifest["shards"]) == 60 and manifest["format"] == fmt
    for shard in manifest["shards"]:
        data = (out / shard["path"]).read_bytes()
        assert len(data) == shard["bytes"] and hashlib.sha256(data).hexdigest() == shard["sha256"]
    loaded = load(out, monkeypatch, tmp_path)
    assert loaded.num_rows == 60
    assert sorted(loaded["text"]) == sorted(r["text"] for r in rows)
    first = loaded[0]
    assert {"doc_id", "text", "removed", "near_duplicate_of", "stop_word_ratio"} <= set(first)
    assert first["removed"] and {"line", "kind", "rule", "text"} <= set(first["removed"][0])


def test_where_keeps_what_duckdb_selects_and_the_card_says_so(dest, tmp_path):
    import duckdb

    where = "n_words >= 400 AND near_duplicate_of IS NULL AND language = 'en'"
    out = tmp_path / "out"
    summary = export(str(dest), str(out), where=where)
    expected = duckdb.sql(f"SELECT doc_id FROM read_parquet('{dest}/articles/**/*.parquet') WHERE {where}").fetchall()
    assert 0 < summary.rows == len(expected) < 60
    exported = [json.loads(line)["doc_id"] for shard in summary.shards for line in Path(shard.path).read_text().splitlines()]
    assert sorted(exported) == sorted(doc for (doc,) in expected)
    card = (out / "README.md").read_text()
    assert card.startswith("---\nconfigs:") and f"Filter applied: `{where}`" in card
    assert f"| en | {summary.rows:,} |" in card and "| `near_duplicate_cluster` | string |" in card


def test_mistakes_get_a_message_and_write_nothing(dest, tmp_path, capsys):
    with pytest.raises(ExportError, match="no_such_column"):
        export(str(dest), str(tmp_path / "a"), where="no_such_column > 3")
    with pytest.raises(ExportError, match="no article matches"):
        export(str(dest), str(tmp_path / "b"), where="n_words < 0")
    with pytest.raises(ExportError, match="256MB"):
        parse_size("lots")
    assert not (tmp_path / "a" / "manifest.json").exists() and not (tmp_path / "b" / "manifest.json").exists()
    assert main(["export", str(dest), str(tmp_path / "c"), "--shard-size", "1MB"]) == 0
    assert "60 articles in 1 jsonl shard under" in capsys.readouterr().out
    assert main(["export", str(dest), str(tmp_path / "c")]) == 1  # holds an export already
    assert "already holds files" in capsys.readouterr().err


def test_training_columns_sample_limit_and_splits_that_keep_copies_together(dest, tmp_path, monkeypatch, capsys):
    """By default the columns a training job reads; --sample keeps a stable fraction (the same seed, the same
    articles), --limit caps the rows, and --split draws splits by the near-duplicate cluster: the copies of one
    story (the 60 test articles are copies of 29 stories) never land in two splits. The card says what was chosen."""
    rows = {r["doc_id"]: r for r in articles(dest)}
    out = tmp_path / "split"
    assert main(["export", str(dest), str(out), "--split", "train=0.7,validation=0.3", "--seed", "3"]) == 0
    assert "validation" in capsys.readouterr().out
    splits = {}
    for shard in json.loads((out / "manifest.json").read_text())["shards"]:
        for line in (out / shard["path"]).read_text().splitlines():
            record = json.loads(line)
            assert list(record) == list(TRAINING_COLUMNS)  # the training columns, in order, and no others
            splits[record["doc_id"]] = shard["split"]
    assert sorted(splits) == sorted(rows) and set(splits.values()) == {"train", "validation"}
    by_cluster = {}
    for doc, split in splits.items():
        by_cluster.setdefault(rows[doc]["near_duplicate_cluster"], set()).add(split)
    assert max(len(s) for s in by_cluster.values()) == 1 and len(by_cluster) < len(rows)  # clusters exist, none split
    card = (out / "README.md").read_text()
    assert "  - split: validation\n    path: data/validation-*.jsonl" in card and "`removed`" not in card
    assert load(out, monkeypatch, tmp_path).num_rows == sum(1 for s in splits.values() if s == "train")
    capsys.readouterr()  # datasets' progress lines

    picks = []
    for n, seed in enumerate((1, 1, 2)):
        summary = export(str(dest), str(tmp_path / f"sample-{n}"), selection=Selection(sample=0.5, seed=seed))
        picks.append(sorted(json.loads(line)["doc_id"] for s in summary.shards for line in Path(s.path).read_text().splitlines()))
    assert picks[0] == picks[1] != picks[2] and 15 <= len(picks[0]) <= 45
    limited = export(str(dest), str(tmp_path / "limited"), selection=Selection(limit=7, columns=("doc_id", "text")))
    assert limited.rows == 7 and "Limit: 7 articles." in (tmp_path / "limited" / "README.md").read_text()
    sampled = export(str(dest), str(tmp_path / "sampled-split"),
                     selection=Selection(sample=0.6, splits=(("train", 0.5), ("test", 0.5))))
    assert sampled.split_rows["train"] and sampled.split_rows["test"]  # the sample's draw is not the split's
    for bad in (["--split", "train=0.9,validation=0.2"], ["--columns", "text,nope"], ["--sample", "1.5"], ["--limit", "0"],
                ["--split", "train=0.5,train-extra=0.5"], ["--split", "train=0.5,train=0.5"]):
        assert main(["export", str(dest), str(tmp_path / "bad"), *bad]) == 1
        err = capsys.readouterr().err
        assert len(err.splitlines()) == 1 and err.startswith("articlean: --"), err
    assert not (tmp_path / "bad").exists()
