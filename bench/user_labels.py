"""Do a user's corrections on one site help that site, and cost the corpora's test sites nothing?

    python bench/user_labels.py [--site breitbart] [--reviewed 3] [--corpus ../shared/corpus ...]

The user's site is one of the hand-labelled sites (tests/data/labelled), taken out of the hand-labelled dumps so
that no model has seen it. Its first `--reviewed` dumps play the reviewed articles: a labels file as
`articlean review` saves it, the gold's labels with the lines the shipped cleaner got wrong marked corrected. Its
other dumps are the held-out articles. Two models are trained the `articlean train` way on the corpora and the
other hand-labelled dumps: without the labels file and with it (which also prints the cross-validation with and
without). Each is then scored, in its own process with its model file in place:
- the site's held-out articles against their gold (removal P/R/F1, body F1);
- the test sites of each corpus (removal and body F1 of the cleaner), never trained or tuned on.
Training twice on the three corpora takes tens of minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
if "--score-only" not in sys.argv:  # the child scores the `pipeline` of its PYTHONPATH, with the model under test
    sys.path.insert(0, str(ROOT))
LABELLED = ROOT / "tests" / "data" / "labelled"


def split_hand_labelled(site: str, reviewed: int, tmp: Path) -> tuple[Path, Path, list[str]]:
    """The hand-labelled folder without the site, the site's labels file, and the held-out dump names."""
    from pipeline import clean
    from pipeline.core.text import line_content
    from pipeline.quality.labels import LABELS_FORMAT, read_labelled

    hand = tmp / "hand"
    (hand / "dumps").mkdir(parents=True)
    (hand / "gold").mkdir()
    ours = []
    for dump in read_labelled(LABELLED):
        if dump.site == site:
            ours.append(dump)
            continue
        shutil.copy(LABELLED / "dumps" / dump.name, hand / "dumps" / dump.name)
        shutil.copy(LABELLED / "gold" / f"{Path(dump.name).stem}.json", hand / "gold")
    if len(ours) <= reviewed:
        raise SystemExit(f"{site}: {len(ours)} hand-labelled dumps, need more than --reviewed {reviewed}")
    saved = []
    for dump in ours[:reviewed]:
        article = clean(dump.raw)
        lines = dump.raw.split("\n")
        removed = {r.line for r in article.removed if r.text == line_content(lines[r.line - 1])}
        corrected = [lab["line"] for lab in dump.gold["labels"]
                     if (lab["label"] != "body") != (lab["line"] in removed)]
        saved.append({**dump.gold, "source": site, "source_uri": str(LABELLED / "dumps" / dump.name), "member": None,
                      "raw_sha256": "", "doc_id": dump.name, "raw": dump.raw, "corrected": corrected})
    labels = tmp / "labels.json"
    labels.write_text(json.dumps({"format": LABELS_FORMAT, "dataset": "bench", "pipeline_version": "bench",
                                  "dumps": saved}, ensure_ascii=False), encoding="utf-8")
    return hand, labels, [d.name for d in ours[reviewed:]]


def score_with(model: Path, held_out: list[str], corpora: list[Path], tmp: Path) -> dict:
    """The figures of one model file, in a process whose `pipeline` has it as the shipped model."""
    package = tmp / f"pkg-{model.stem}"
    shutil.copytree(ROOT / "pipeline", package / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(model, package / "pipeline" / "cleaning" / "models" / "line_model.json")
    env = {**os.environ, "PYTHONPATH": str(package)}
    out = subprocess.run([sys.executable, __file__, "--score-only", json.dumps({"held_out": held_out,
                          "corpora": [str(c) for c in corpora]})], env=env, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"scoring {model} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def score_only(spec: dict) -> dict:
    """In the child: the held-out articles and the corpora's test sites with the model in place."""
    import pipeline
    from pipeline.core.settings import CleanSettings
    from pipeline.quality.corpus import corpus_name, read_corpus
    from pipeline.quality.corpus_eval import score_corpus
    from pipeline.quality.evaluate import evaluate
    from pipeline.quality.labels import read_labelled

    assert Path(pipeline.__file__).parents[1] != ROOT, "the model under test must be the child's own"
    held = [d for d in read_labelled(LABELLED) if d.name in set(spec["held_out"])]
    report = evaluate(held)
    figures = {"held_out": {"dumps": len(held), "precision": report.precision, "recall": report.recall,
                            "f1": report.f1, "body_f1": report.body_f1}}
    for corpus in spec["corpora"]:
        test = [d for d in read_corpus(Path(corpus)) if d.is_test]
        tally = score_corpus(test, CleanSettings())["all"]
        figures[corpus_name(Path(corpus))] = {"dumps": len(test), "precision": tally.precision, "recall": tally.recall,
                                              "f1": tally.f1, "body_f1": tally.body_f1}
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", default="breitbart", help="a hand-labelled site (default: breitbart)")
    parser.add_argument("--reviewed", type=int, default=3, help="its dumps used as the reviewed articles (default: 3)")
    parser.add_argument("--corpus", type=Path, action="append", default=[], help="default: the three of ../shared")
    parser.add_argument("--models", type=Path, default=None, metavar="DIR",
                        help="keep the two model files there, and score the ones already there instead of training")
    parser.add_argument("--score-only", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.score_only:
        print(json.dumps(score_only(json.loads(args.score_only))))
        return
    from pipeline.quality.corpus import SHARED_CORPORA
    from pipeline.quality.train import train

    corpora = args.corpus or [SHARED / name for name in SHARED_CORPORA if (SHARED / name).is_dir()]
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        hand, labels, held_out = split_hand_labelled(args.site, args.reviewed, tmp)
        print(f"site {args.site}: {args.reviewed} reviewed articles, {len(held_out)} held out; corpora: "
              f"{', '.join(c.name for c in corpora)}", flush=True)
        models = args.models or tmp
        models.mkdir(parents=True, exist_ok=True)
        for name, extra in (("without", []), ("with", [labels])):
            if (models / f"{name}.json").exists():
                print(f"{name} the labels: {models / f'{name}.json'} (trained before)", flush=True)
                continue
            started = time.monotonic()
            train(corpora, hand, models / f"{name}.json", labelled=extra, log=lambda line: print("  " + line, flush=True))
            print(f"trained {name} the labels in {time.monotonic() - started:.0f} s", flush=True)
        results = {name: score_with(models / f"{name}.json", held_out, corpora, tmp) for name in ("without", "with")}
    print(f"\n{'':<34} {'without':>28}   {'with':>28}")
    for what in results["without"]:
        before, after = results["without"][what], results["with"][what]
        label = f"{args.site} held-out articles" if what == "held_out" else f"{what} test sites"
        cells = [f"P {f['precision']:.3f} R {f['recall']:.3f} F1 {f['f1']:.3f} body {f['body_f1']:.3f}" for f in (before, after)]
        print(f"{label + ' (' + str(before['dumps']) + ')':<34} {cells[0]:>28}   {cells[1]:>28}   "
              f"F1 {after['f1'] - before['f1']:+.4f}, body {after['body_f1'] - before['body_f1']:+.4f}")


if __name__ == "__main__":
    main()
