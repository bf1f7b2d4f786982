"""`articlean train --corpus` from a fresh clone: what it reads (a corpus's dumps file, or labelled dumps in the gold
format), one line saying what to pass when a path is not a corpus, and its stages shown while it trains.

Training is real (CatBoost, the train extra) on the corpora copied into tests/data: the ten multilingual dumps (a
corpus's format, all on training sites) and the hand-labelled dumps read as a corpus, so each run takes seconds."""

from __future__ import annotations

import gzip
import io
import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import DATA, LABELLED

import flows.progress as shown
from pipeline.quality.corpus import CorpusError, check_corpus, read_corpus
from pipeline.quality.labels import read_labelled

ROOT = Path(__file__).resolve().parents[2]
ARTICLEAN = str(Path(sys.executable).with_name("articlean"))
MULTILINGUAL = DATA / "multilingual"
STAGES = ["reading corpora", "line features", "cross-validation, 5 folds", "choosing the threshold",
          "fitting the model", "writing the model file"]


def articlean(*argv: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([ARTICLEAN, *argv], capture_output=True, text=True, timeout=600, cwd=cwd)


def said_once(done: subprocess.CompletedProcess) -> str:
    """The one error line: exit status 2, no traceback, nothing else said as an error."""
    errors = [line for line in done.stderr.splitlines() if line.startswith("articlean: ")]
    assert done.returncode == 2 and "Traceback" not in done.stderr and len(errors) == 1, done.stderr
    return errors[0]


def write_corpus(folder: Path, lines: list[str]) -> Path:
    folder.mkdir(parents=True)
    with gzip.open(folder / "dumps.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write("".join(line + "\n" for line in lines))
    return folder


def test_without_a_corpus_train_says_in_one_line_what_to_pass(tmp_path):
    """From a fresh clone there is no corpus beside the checkout: whatever --corpus is (none, absent, a folder of
    something else, not gzip), one line says what to pass and where the README says more, naming no path of the
    machine the project was made on."""
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes.txt").write_text("not a corpus\n")
    cases = [(), ("--corpus", str(tmp_path / "absent")), ("--corpus", str(tmp_path / "empty")),
             ("--corpus", str(tmp_path / "notes.txt"))]
    for argv in cases:
        line = said_once(articlean("train", *argv, cwd=tmp_path))
        assert "dumps.jsonl.gz" in line and "labelled dumps" in line, line
        assert '"Corpora: what train reads" in README.md' in line, line
        assert "../shared" not in line and "/work/" not in line, line
    assert "at least one --corpus" in said_once(articlean("train", cwd=tmp_path))
    assert "no such file or folder" in said_once(articlean("train", "--corpus", str(tmp_path / "absent")))
    assert "not a gzip-compressed JSON-lines file" in said_once(articlean("train", "--corpus", str(tmp_path / "notes.txt")))
    # eval --corpus reads corpora the same way and says the same
    assert "no such file or folder" in said_once(articlean("eval", "--no-html", "--corpus", str(tmp_path / "absent")))


def test_a_corpus_broken_past_its_first_line_is_one_line_too(tmp_path):
    first = next(iter(gzip.open(MULTILINGUAL / "dumps.jsonl.gz", "rt", encoding="utf-8"))).rstrip("\n")
    bad_json = write_corpus(tmp_path / "bad-json", [first, '{"id": "x", "text": '])
    unlabelled = {key: value for key, value in json.loads(first).items() if key != "labels"}
    no_labels = write_corpus(tmp_path / "no-labels", [first, json.dumps(unlabelled)])
    line = said_once(articlean("train", "--corpus", str(bad_json), "--exclude", "hand-labelled"))
    assert line.startswith(f"articlean: {bad_json / 'dumps.jsonl.gz'} line 2: not a JSON object"), line
    line = said_once(articlean("train", "--corpus", str(no_labels), "--exclude", "hand-labelled"))
    assert line.startswith(f"articlean: {no_labels / 'dumps.jsonl.gz'} line 2: no labels"), line
    with pytest.raises(CorpusError, match="line 1: no page, renderer, text, labels, gold "):
        check_corpus(write_corpus(tmp_path / "first-line", [json.dumps({"id": "x", "dataset": "d"})]))


def test_a_wrong_hand_labelled_folder_is_said_before_training(tmp_path):
    line = said_once(articlean("train", "--corpus", str(MULTILINGUAL), "--hand", str(tmp_path)))
    assert "no dumps/ and gold/ there" in line and "--exclude hand-labelled" in line


def test_labelled_dumps_read_as_a_corpus_split_by_site():
    """The gold format (what `articlean review` saves, and tests/data/labelled) is a corpus as it is: body stays
    body, every other kind is noise, the headline is marked, the dump's source is its site."""
    dumps = list(read_corpus(LABELLED))
    golds = {dump.name: dump for dump in read_labelled(LABELLED)}
    assert len(dumps) == len(golds) == 29
    for dump in dumps:
        gold = golds[dump.page]
        assert dump.text == gold.raw and dump.site == gold.site and dump.dataset == "labelled"
        assert dump.labels == {lab["line"]: "body" if lab["label"] == "body" else "noise" for lab in gold.gold["labels"]}
        assert dump.title_lines == {lab["line"] for lab in gold.gold["labels"] if lab["label"] == "title"}
    assert {d.site for d in dumps if d.is_test} == {"breitbart", "cointelegraph", "reviewjournal", "washingtonpost"}


def test_train_and_eval_take_labelled_dumps_as_a_corpus(tmp_path):
    """Your own labelled pages as a corpus: train learns from its training sites and says which it left out, and
    eval --corpus scores those held-out sites."""
    out = tmp_path / "model.json"
    done = articlean("train", "--corpus", str(LABELLED), "--exclude", "hand-labelled", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "labelled: trained on 19 dumps of 7 sites; 10 dumps of 4 test sites left out" in done.stdout
    assert done.stdout.endswith(f"wrote {out}\n")
    assert json.loads(out.read_text())["trained_on"]["datasets"] == {"labelled": "unknown"}
    left_out = articlean("train", "--corpus", str(LABELLED), "--exclude", "hand-labelled", "--exclude", "labelled",
                         "--out", str(tmp_path / "none.json"))
    assert "labelled: 29 dumps of labelled not trained on" in left_out.stdout and "trained on 0" not in left_out.stdout
    assert left_out.returncode != 0 and "training sites: 0" in left_out.stderr
    done = articlean("eval", "--no-html", "--corpus", str(LABELLED))
    assert done.returncode == 0 and "labelled test sites: 10 dumps from 4 sites" in done.stdout, done.stderr


@dataclass
class Recorder:
    """Every stage train announces, and the steps it then reports: [name, total, unit, steps done]."""

    stages: list = field(default_factory=list)

    def stage(self, name: str, total: int, unit: str, units: str | None = None) -> None:
        self.stages.append([name, total, unit, 0])

    def advance(self, steps: int = 1) -> None:
        self.stages[-1][3] += steps


def test_training_reports_each_stage_to_its_end_and_learns_the_same_with_or_without(tmp_path):
    pytest.importorskip("catboost")
    from pipeline.quality.train import TREES, train

    recorder = Recorder()
    train([MULTILINGUAL], LABELLED, tmp_path / "shown.json", exclude=["hand-labelled"], log=lambda line: None,
          progress=recorder)
    assert [name for name, *_ in recorder.stages] == STAGES
    assert all(total == done for _, total, _, done in recorder.stages), recorder.stages  # each stage reached its end
    assert dict((name, total) for name, total, *_ in recorder.stages)["cross-validation, 5 folds"] == 5 * TREES
    assert dict((name, total) for name, total, *_ in recorder.stages)["line features"] == 10  # the ten dumps
    # CatBoost's callback that counts the trees changes nothing of what they learn
    train([MULTILINGUAL], LABELLED, tmp_path / "quiet.json", exclude=["hand-labelled"], log=lambda line: None)
    assert (tmp_path / "shown.json").read_bytes() == (tmp_path / "quiet.json").read_bytes()


def test_the_command_shows_the_stages_as_lines_in_a_log(tmp_path):
    """stderr not a terminal (a log, CI): a line as each stage starts and ends, on stderr; the figures on stdout."""
    done = articlean("train", "--corpus", str(MULTILINGUAL), "--exclude", "hand-labelled", "--out", str(tmp_path / "m.json"))
    assert done.returncode == 0, done.stderr
    said = done.stderr.splitlines()
    assert all(line.startswith("articlean train: ") for line in said), said
    stages = [line.removeprefix("articlean train: ").split(": ", 1)[0] for line in said]
    assert list(dict.fromkeys(stages)) == STAGES, said  # in this order
    assert sum("done in" in line for line in said) == len(STAGES)
    assert "articlean train: line features: 10 dumps" in said and "articlean train: reading corpora: 1 corpus" in said
    assert "training lines:" in done.stdout and "training lines" not in done.stderr


def test_in_a_log_each_tenth_says_the_time_left(monkeypatch):
    """A stage long enough says, at each tenth at most every QUIET_SECONDS, how far it is and about how long is left."""
    clock = [0.0]
    monkeypatch.setattr(shown.time, "monotonic", lambda: clock[0])
    stream = io.StringIO()
    with shown.stage_bars(stream, live=False) as progress:
        progress.stage("cross-validation, 5 folds", 100, "tree")
        for _ in range(100):  # a tree a second
            clock[0] += 1
            progress.advance()
        progress.stage("writing the model file", 1, "file")
        clock[0] += 1
        progress.advance()
    said = stream.getvalue().splitlines()
    assert said[0] == "articlean train: cross-validation, 5 folds: 100 trees"
    assert said[1] == "articlean train: cross-validation, 5 folds: 10 of 100 trees (10%), 0:00:10 so far, about 0:01:30 left"
    assert said[9] == "articlean train: cross-validation, 5 folds: 90 of 100 trees (90%), 0:01:30 so far, about 0:00:10 left"
    assert said[10:] == ["articlean train: cross-validation, 5 folds: done in 0:01:40",
                         "articlean train: writing the model file: 1 file", "articlean train: writing the model file: done in 0:00:01"]


def test_on_a_terminal_each_stage_is_a_bar_with_the_time_left():
    stream = io.StringIO()
    with shown.stage_bars(stream, live=True) as progress:
        for name, total, unit in [("reading corpora", 3, "corpus"), ("line features", 40, "dump")]:
            progress.stage(name, total, unit, "corpora" if unit == "corpus" else None)
            for _ in range(total):
                progress.advance()
    drawn = stream.getvalue()
    assert "\x1b[" in drawn and "━" in drawn  # a terminal's escapes and rich's bar
    last = [row for row in re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", drawn).replace("\r", "\n").splitlines() if row.strip()][-2:]
    assert re.fullmatch(r"reading corpora +━+ 3/3 +corpora +0:00:0\d · 0:00:00 left", last[0].rstrip()), last
    assert re.fullmatch(r"line features +━+ 40/40 +dumps +0:00:0\d · 0:00:00 left", last[1].rstrip()), last
    assert all(len(row) <= 80 for row in last)  # fits an 80-column terminal
