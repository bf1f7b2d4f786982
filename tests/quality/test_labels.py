"""Labels files saved by a review load with the reader `articlean eval` and `articlean train` use for the
hand-labelled dumps, score source by source, and a file that is not one says so."""

from __future__ import annotations

import json

import pytest
from conftest import LABELLED

from flows.cli import main
from pipeline.quality.evaluate import evaluate, evaluate_by_site
from pipeline.quality.labels import LABELS_FORMAT, LabelsError, read_labelled


def labels_file(path, names: list[str], source: str = "apnews.com") -> None:
    """A labels file as the review page saves it, made from hand-labelled dumps (their gold as the corrections)."""
    dumps = []
    for name in names:
        gold = json.loads((LABELLED / "gold" / f"{name}.json").read_text(encoding="utf-8"))
        raw = (LABELLED / "dumps" / gold["file"]).read_text(encoding="utf-8")
        dumps.append({**gold, "source": source, "source_uri": f"/in/{gold['file']}", "member": None, "raw_sha256": "0" * 64,
                      "doc_id": name, "raw": raw, "corrected": []})
    path.write_text(json.dumps({"format": LABELS_FORMAT, "dataset": "data/", "pipeline_version": "0.1.0+x",
                                "saved_at": "2026-12-03T00:00:00Z", "dumps": dumps}, ensure_ascii=False), encoding="utf-8")


def test_a_labels_file_scores_as_the_same_dumps_in_the_hand_labelled_folder(tmp_path):
    names = ["apnews_3", "apnews_4", "foxnews_3"]
    labels_file(tmp_path / "labels.json", names)
    loaded = read_labelled(tmp_path / "labels.json")
    assert [d.name for d in loaded] == [f"{n}.txt" for n in names] and all(d.user for d in loaded)
    hand = [d for d in read_labelled(LABELLED) if d.name in {f"{n}.txt" for n in names}]
    assert not any(d.user for d in hand)
    ours, theirs = evaluate(loaded), evaluate(hand)
    assert (ours.precision, ours.recall, ours.body_f1) == (theirs.precision, theirs.recall, theirs.body_f1)
    # a folder of labels files reads as all of them; scores come by source
    labels_file(tmp_path / "more.json", ["cbsnews_1"], source="cbsnews.com")
    assert len(read_labelled(tmp_path)) == 4
    assert list(evaluate_by_site(read_labelled(tmp_path))) == ["apnews.com", "cbsnews.com"]


def test_a_file_that_is_not_labels_says_why(tmp_path):
    (tmp_path / "x.json").write_text(json.dumps({"format": "something"}), encoding="utf-8")
    with pytest.raises(LabelsError, match="not a labels file saved by `articlean review`"):
        read_labelled(tmp_path / "x.json")
    gold = LABELLED / "gold" / "apnews_3.json"  # the other format a user holds: say which command reads it
    with pytest.raises(LabelsError, match=rf"a gold file of labelled dumps .* `articlean eval {LABELLED}`"):
        read_labelled(gold)
    labels_file(tmp_path / "gap.json", ["apnews_3"])
    spec = json.loads((tmp_path / "gap.json").read_text(encoding="utf-8"))
    del spec["dumps"][0]["labels"][2]
    (tmp_path / "gap.json").write_text(json.dumps(spec), encoding="utf-8")
    with pytest.raises(LabelsError, match="every non-blank line once"):
        read_labelled(tmp_path / "gap.json")
    with pytest.raises(LabelsError, match="no such file"):
        read_labelled(tmp_path / "missing.json")


def test_eval_labelled_prints_a_line_per_source(tmp_path, capsys):
    labels_file(tmp_path / "labels.json", ["apnews_3", "apnews_4"])
    assert main(["eval", "--labelled", str(tmp_path / "labels.json")]) == 0
    out = capsys.readouterr().out
    assert "2 labelled articles of 1 source;" in out and "\napnews.com " in out
    assert main(["eval", "--labelled", str(tmp_path / "nothing.json")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_override_and_eval_say_what_is_wrong_with_their_arguments(tmp_path, capsys):
    assert main(["override", str(tmp_path / "typo"), "--source", "a.com", "--remove", "Share this"]) == 2
    assert "no articles there" in capsys.readouterr().err and not (tmp_path / "typo").exists()
    assert main(["eval", "--dest", str(tmp_path)]) == 2
    assert "--dest goes with --labelled" in capsys.readouterr().err


def test_saving_a_review_twice_counts_each_article_once(tmp_path):
    labels_file(tmp_path / "first.json", ["apnews_3", "apnews_4"])
    labels_file(tmp_path / "second.json", ["apnews_4", "apnews_5"])
    spec = json.loads((tmp_path / "second.json").read_text(encoding="utf-8"))
    spec["saved_at"] = "2026-12-04T00:00:00Z"
    (tmp_path / "second.json").write_text(json.dumps(spec), encoding="utf-8")
    loaded = read_labelled(tmp_path)
    assert sorted(d.name for d in loaded) == ["apnews_3.txt", "apnews_4.txt", "apnews_5.txt"]
    assert next(d for d in loaded if d.name == "apnews_4.txt").origin.endswith("second.json")


def test_an_article_saved_unreviewed_is_scored_on_its_corrected_lines_only(tmp_path):
    labels_file(tmp_path / "labels.json", ["apnews_3"])
    spec = json.loads((tmp_path / "labels.json").read_text(encoding="utf-8"))
    spec["dumps"][0] |= {"reviewed": False, "corrected": [spec["dumps"][0]["labels"][1]["line"]]}
    (tmp_path / "labels.json").write_text(json.dumps(spec), encoding="utf-8")
    (dump,) = read_labelled(tmp_path / "labels.json")
    assert [lab["line"] for lab in dump.trusted()] == spec["dumps"][0]["corrected"]
    report = evaluate([dump])
    assert sum(report.kind_total.values()) + report.dumps[0].removed_wrong <= 1  # one line scored, not the page


def test_eval_labelled_verbose_lists_every_line_it_got_wrong_as_eval_v_does(tmp_path, capsys):
    """`eval --labelled L -v` lists each wrong line by article, in `eval -v`'s format: the same blocks `eval -v`
    prints for the same dumps in the hand-labelled folder. Without -v, none."""
    labels_file(tmp_path / "labels.json", ["apnews_3", "apnews_4", "foxnews_3"])
    labels_file(tmp_path / "more.json", ["cbsnews_1"], source="cbsnews.com")
    argv = ["eval", "--labelled", str(tmp_path / "labels.json"), "--labelled", str(tmp_path / "more.json")]
    assert main(argv) == 0
    quiet = capsys.readouterr().out
    assert main([*argv, "-v"]) == 0
    verbose = capsys.readouterr().out
    assert verbose.startswith(quiet)
    listed = verbose[len(quiet):]
    assert main(["eval", str(LABELLED), "--no-html", "-v"]) == 0
    hand = capsys.readouterr().out
    blocks = [block for block in listed.strip().split("\n\n")]
    assert [block.split("\n")[0] for block in blocks] == ["foxnews_3.txt", "cbsnews_1.txt"]  # the dumps with mistakes
    for block in blocks:
        assert f"\n{block}\n" in hand  # line for line as eval -v says them
    # every line the table counts as wrong is listed (the table's last column: removed body + kept noise)
    wrong = sum(int(row.split()[-1]) for row in quiet.splitlines()[2:])
    assert wrong == sum(1 for line in listed.splitlines() if line.startswith("  L") and (" kept: " in line or " body removed " in line))
