"""`articlean train --labelled`: a user's corrections on one synthetic source teach the model that source's noise,
shown on held-out articles of the source, and change no other source's cleaning.

Training is real (CatBoost, the train extra) on a small corpus made from the hand-labelled dumps, so it takes
seconds. The source's noise is a line no rule knows and the shipped model keeps as body."""

from __future__ import annotations

import gzip
import json
import random

import pytest
from conftest import LABELLED

import pipeline.cleaning.engine as engine
from pipeline import clean
from pipeline.cleaning.model import LineModel
from pipeline.core.text import line_content
from pipeline.quality.evaluate import evaluate
from pipeline.quality.labels import LABELS_FORMAT, read_labelled

pytest.importorskip("catboost")

PLANTED = "Hear this story read aloud in our app, available on every phone and tablet."
SOURCE = "river-gazette.example"
CORPORA_PART = ("features", "split_features", "borders", "leaves", "bias", "threshold")


def corpus_from_hand_labelled(folder) -> None:
    """The hand-labelled dumps as a line-labelled corpus (dataset wcxb: labelled our way)."""
    folder.mkdir()
    with gzip.open(folder / "dumps.jsonl.gz", "wt", encoding="utf-8") as handle:
        for dump in read_labelled(LABELLED):
            labels = [{"line": lab["line"], "label": "body" if lab["label"] == "body" else "noise",
                       **({"title": True} if lab["label"] == "title" else {})} for lab in dump.gold["labels"]]
            handle.write(json.dumps({"id": dump.name, "dataset": "wcxb", "page": dump.name, "site": f"{dump.site}.example",
                                     "renderer": "text", "text": dump.raw, "labels": labels, "gold": dump.gold["body"]}) + "\n")


def source_articles(n: int) -> list[tuple[str, list[dict]]]:
    """`n` articles of the synthetic source: a headline, eight real paragraphs, the planted line after the third;
    with their labels (the planted line is a widget)."""
    rng = random.Random(0)
    paragraphs = [line_content(dump.raw.split("\n")[lab["line"] - 1]) for dump in read_labelled(LABELLED)
                  for lab in dump.gold["labels"] if lab["label"] == "body"]
    paragraphs = [p for p in paragraphs if len(p.split()) >= 12]
    articles = []
    for k in range(n):
        title = f"Council votes on plan {k} for the river district"
        lines = [title, ""]
        for j, paragraph in enumerate(rng.sample(paragraphs, 8)):
            lines += [paragraph, ""] + ([PLANTED, ""] if j == 2 else [])
        text = "\n".join(lines)
        labels = [{"line": number, "label": "title" if raw == title else "widget" if raw == PLANTED else "body"}
                  for number, raw in enumerate(text.split("\n"), start=1) if line_content(raw)]
        articles.append((text, labels))
    return articles


def save_labels(path, articles, source: str = SOURCE) -> None:
    dumps = [{"file": f"a{k}.txt", "title": text.split("\n")[0], "labels": labels, "body": "",
              "notes": "reviewed in articlean review", "source": source, "source_uri": f"/in/a{k}.txt", "member": None,
              "raw_sha256": "0" * 64, "doc_id": f"{source}/a{k}", "raw": text,
              "corrected": [lab["line"] for lab in labels if lab["label"] == "widget"]}
             for k, (text, labels) in enumerate(articles)]
    path.write_text(json.dumps({"format": LABELS_FORMAT, "dataset": "data/", "pipeline_version": "test", "dumps": dumps}),
                    encoding="utf-8")


def planted_kept(model: LineModel, articles, monkeypatch, source: str | None = SOURCE) -> list[bool]:
    monkeypatch.setattr(engine, "load_model", lambda path=None: model)
    return [not any(r.text == PLANTED for r in clean(text, source=source).removed) for text, _ in articles]


def test_corrections_on_one_source_teach_that_source_and_leave_the_others_as_they_were(tmp_path, monkeypatch, capsys):
    from pipeline.quality.train import train

    corpus_from_hand_labelled(tmp_path / "corpus")
    articles = source_articles(16)
    reviewed, held_out = articles[:10], articles[10:]
    save_labels(tmp_path / "labels.json", reviewed)
    # a second source whose reviewer found nothing the rules left to remove: no trees for it, and said so
    quiet = [(text, [{**lab, "label": "body" if lab["label"] == "widget" else lab["label"]} for lab in labels])
             for text, labels in articles[:2]]
    save_labels(tmp_path / "quiet.json", quiet, source="quiet.example")

    corpora, kwargs = [tmp_path / "corpus"], {"exclude": ["hand-labelled"], "log": lambda line: None}
    train(corpora, LABELLED, tmp_path / "without.json", **kwargs)
    said = []
    spec = train(corpora, LABELLED, tmp_path / "with.json", labelled=[tmp_path / "labels.json", tmp_path / "quiet.json"],
                 exclude=["hand-labelled"], log=said.append)
    without, with_labels = LineModel.from_file(tmp_path / "without.json"), LineModel.from_file(tmp_path / "with.json")

    # cross-validation by article within the source: held-out articles gain from the others' corrections
    report = spec["cross_validation"]["with_and_without_user_labels"]
    assert report["without"]["user_sources"][SOURCE]["f1"] < report["with"]["user_sources"][SOURCE]["f1"]
    assert spec["trained_on"]["datasets"]["user"].startswith("your own labels")
    assert list(spec["sources"]) == [SOURCE] and report["no_trees"] == ["quiet.example"]
    assert any("quiet.example" in line and "no trees of its own" in line for line in "\n".join(said).splitlines())
    # the articles no model saw: the line stays without the corrections, goes with them
    assert all(planted_kept(without, held_out, monkeypatch))
    assert not any(planted_kept(with_labels, held_out, monkeypatch))
    # the source's trees are its own: the same articles from another source, or from none, keep the line
    assert all(planted_kept(with_labels, held_out, monkeypatch, source="another.example"))
    assert all(planted_kept(with_labels, held_out, monkeypatch, source=None))
    # and every other source cleans exactly as it did: the corpora's trees and threshold are the same file's
    assert {k: v for k, v in json.loads((tmp_path / "with.json").read_text()).items() if k in CORPORA_PART} == \
        {k: v for k, v in json.loads((tmp_path / "without.json").read_text()).items() if k in CORPORA_PART}
    # `articlean explain --source` and `clean --source` clean a file as a document of that source
    from flows.cli import main

    held_file = tmp_path / "held.txt"
    held_file.write_text(held_out[0][0], encoding="utf-8")
    capsys.readouterr()
    assert main(["explain", str(held_file), "--source", SOURCE]) == 0
    assert any(PLANTED in line and " model " in line for line in capsys.readouterr().out.splitlines())
    assert main(["clean", str(held_file)]) == 0 and PLANTED in capsys.readouterr().out
    assert main(["clean", str(held_file), "--source", SOURCE]) == 0 and PLANTED not in capsys.readouterr().out
    monkeypatch.setattr(engine, "load_model", lambda path=None: without)
    before = evaluate(LABELLED)
    monkeypatch.setattr(engine, "load_model", lambda path=None: with_labels)
    after = evaluate(LABELLED)
    assert [s.mistakes for s in after.dumps] == [s.mistakes for s in before.dumps]
