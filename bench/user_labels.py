"""Do a user's corrections on one site help that site, and cost the corpora's test sites nothing?

    python bench/user_labels.py [--site breitbart] [--reviewed 3] [--corpus ../shared/corpus ...] [--models DIR]
    python bench/user_labels.py --site bbc.co.uk --renderer soup_text --reviewed 5

The user's site is one no model has seen: either a hand-labelled site (tests/data/labelled), taken out of the
hand-labelled dumps, or (with `--renderer`) a test site of the corpora, whose dumps of that renderer play one
scraper's output. Its first `--reviewed` articles play the reviewed ones: a labels file as `articlean review` saves
it, the gold's labels (the corpora's noise as kind widget, a mixed line as the cleaner judged it) with the lines
the shipped cleaner got wrong marked corrected. Its other articles are held out. A model is trained the
`articlean train` way on the corpora's training sites and the (other) hand-labelled dumps, with the labels file
(which prints the source's cross-validation by article without and with its trees); the model without it is the
same file without the source's trees. Each is then scored, in its own process with its model file in place:
- the site's held-out articles against their gold (removal P/R/F1, body F1);
- the test sites of each corpus (the user's site left out), never trained or tuned on.
Training on the three corpora takes about 5 minutes on 2 cores; `--models DIR` keeps the two files and scores them
again without training.
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


def labels_entry(raw: str, labels: list[dict], site: str, uri: str, doc_id: str) -> dict:
    """One reviewed article as `articlean review` saves it: its labels, and the lines the shipped cleaner got wrong
    marked corrected."""
    from pipeline import clean
    from pipeline.core.text import line_content

    lines = raw.split("\n")
    removed = {r.line for r in clean(raw).removed if r.text == line_content(lines[r.line - 1])}
    corrected = [lab["line"] for lab in labels if (lab["label"] != "body") != (lab["line"] in removed)]
    return {"file": doc_id, "labels": labels, "source": site, "source_uri": uri, "member": None, "raw_sha256": "",
            "doc_id": doc_id, "raw": raw, "reviewed": True, "corrected": corrected}


def write_labels(entries: list[dict], path: Path) -> Path:
    from pipeline.quality.labels import LABELS_FORMAT

    path.write_text(json.dumps({"format": LABELS_FORMAT, "dataset": "bench", "pipeline_version": "bench",
                                "dumps": entries}, ensure_ascii=False), encoding="utf-8")
    return path


def split_hand_labelled(site: str, reviewed: int, tmp: Path) -> tuple[Path, Path, list[str]]:
    """The hand-labelled folder without the site, the site's labels file, and the held-out dump names."""
    from pipeline.quality.labels import read_labelled

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
    entries = [{**d.gold, **labels_entry(d.raw, d.gold["labels"], site, str(LABELLED / "dumps" / d.name), d.name)}
               for d in ours[:reviewed]]
    return hand, write_labels(entries, tmp / "labels.json"), [d.name for d in ours[reviewed:]]


def split_corpus_site(corpora: list[Path], site: str, renderer: str, reviewed: int,
                      tmp: Path) -> tuple[Path, Path, list[str]]:
    """A test site of the corpora (never trained on) in one renderer, as one scraper's dumps: the labels file of
    its first `reviewed` articles (corpus labels turned into the gold format) and the ids of its other articles'
    dumps. An article is its gold text: a page two datasets both hold is one article, on one side only."""
    from pipeline import clean
    from pipeline.core.text import line_content
    from pipeline.quality.corpus import read_corpus

    dumps = sorted((d for corpus in corpora for d in read_corpus(corpus)
                    if d.is_test and d.site_key == site and d.renderer == renderer), key=lambda d: d.id)
    articles = list(dict.fromkeys(d.gold for d in dumps))
    if len(articles) <= reviewed:
        raise SystemExit(f"{site} ({renderer}): {len(articles)} test articles, need more than --reviewed {reviewed}")
    chosen = set(articles[:reviewed])
    entries = []
    for dump in (d for d in dumps if d.gold in chosen):
        verdict = {r.line: r.kind for r in clean(dump.text).removed}
        labels = []
        for number, line in enumerate(dump.text.split("\n"), start=1):
            if not line_content(line):
                continue
            label = dump.labels.get(number)
            if number in dump.title_lines:
                label = "title"
            elif label == "noise":
                label = "widget"  # the corpora say noise, not which kind
            elif label != "body":  # mixed: the user lets the cleaner's verdict stand
                label = verdict.get(number, "body")
            labels.append({"line": number, "label": label})
        entries.append(labels_entry(dump.text, labels, site, dump.id, dump.id))
    return LABELLED, write_labels(entries, tmp / "labels.json"), [d.id for d in dumps if d.gold not in chosen]


def score_with(model: Path, spec: dict, tmp: Path) -> dict:
    """The figures of one model file, in a process whose `pipeline` has it as the shipped model."""
    package = tmp / f"pkg-{model.stem}"
    shutil.copytree(ROOT / "pipeline", package / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(model, package / "pipeline" / "cleaning" / "models" / "line_model.json")
    env = {**os.environ, "PYTHONPATH": str(package)}
    out = subprocess.run([sys.executable, __file__, "--score-only", json.dumps(spec)], env=env, capture_output=True,
                         text=True)
    if out.returncode:
        raise SystemExit(f"scoring {model} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def score_only(spec: dict) -> dict:
    """In the child: the held-out articles and the corpora's test sites (but the user's site) with the model in
    place."""
    import pipeline
    from pipeline.core.settings import CleanSettings
    from pipeline.quality.corpus import corpus_name, read_corpus
    from pipeline.quality.corpus_eval import Tally, score_corpus, score_dump
    from pipeline.quality.evaluate import evaluate
    from pipeline.quality.labels import read_labelled

    assert Path(pipeline.__file__).parents[1] != ROOT, "the model under test must be the child's own"

    def figures(tally, dumps: int) -> dict:
        return {"dumps": dumps, "precision": tally.precision, "recall": tally.recall, "f1": tally.f1,
                "body_f1": tally.body_f1}

    held_out = set(spec["held_out"])
    tests = {corpus_name(Path(c)): [d for d in read_corpus(Path(c)) if d.is_test] for c in spec["corpora"]}
    if spec["mode"] == "hand":
        held = [d for d in read_labelled(LABELLED) if d.name in held_out]
        out = {"held_out": figures(evaluate(held), len(held))}
    else:
        held = [d for test in tests.values() for d in test if d.id in held_out]
        tally = Tally()
        for dump in held:  # cleaned as a run cleans the source's documents: with its name, for its trees
            tally.add(score_dump(dump, pipeline.clean(dump.text, CleanSettings(), source=spec["site"])))
        out = {"held_out": figures(tally, len(held))}
    for name, test in tests.items():
        test = [d for d in test if d.site_key != spec["site"]]
        out[name] = figures(score_corpus(test, CleanSettings())["all"], len(test))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", default="breitbart",
                        help="a hand-labelled site (default: breitbart), or a test site of the corpora with --renderer")
    parser.add_argument("--renderer", help="the corpora's renderer that plays the user's scraper (a corpus site)")
    parser.add_argument("--reviewed", type=int, default=3, help="its articles used as the reviewed ones (default: 3)")
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
        if args.renderer:
            hand, labels, held_out = split_corpus_site(corpora, args.site, args.renderer, args.reviewed, tmp)
        else:
            hand, labels, held_out = split_hand_labelled(args.site, args.reviewed, tmp)
        print(f"site {args.site}: {args.reviewed} reviewed articles, {len(held_out)} held out; corpora: "
              f"{', '.join(c.name for c in corpora)}", flush=True)
        models = args.models or tmp
        models.mkdir(parents=True, exist_ok=True)
        if (models / "with.json").exists():
            print(f"the models in {models} (trained before)", flush=True)
        else:
            started = time.monotonic()
            train(corpora, hand, models / "with.json", labelled=[labels], log=lambda line: print("  " + line, flush=True))
            print(f"trained with the labels in {time.monotonic() - started:.0f} s", flush=True)
            # without them is the same file without the source's trees: the corpora's model does not see the labels
            spec = json.loads((models / "with.json").read_text(encoding="utf-8"))
            spec.pop("sources", None)
            (models / "without.json").write_text(json.dumps(spec), encoding="utf-8")
        spec = {"mode": "corpus" if args.renderer else "hand", "site": args.site, "held_out": held_out,
                "corpora": [str(c) for c in corpora]}
        results = {name: score_with(models / f"{name}.json", spec, tmp) for name in ("without", "with")}
    print(f"\n{'':<46} {'without':>38}   {'with':>38}")
    for what in results["without"]:
        before, after = results["without"][what], results["with"][what]
        label = f"{args.site} held-out articles" if what == "held_out" else f"{what} test sites"
        label += " but the site's" if what != "held_out" and args.renderer else ""
        cells = [f"P {f['precision']:.3f} R {f['recall']:.3f} F1 {f['f1']:.3f} body {f['body_f1']:.3f}" for f in (before, after)]
        print(f"{label + ' (' + str(before['dumps']) + ')':<46} {cells[0]:>38}   {cells[1]:>38}   "
              f"F1 {after['f1'] - before['f1']:+.4f}, body {after['body_f1'] - before['body_f1']:+.4f}")


if __name__ == "__main__":
    main()
