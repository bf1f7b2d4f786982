"""The learned line model: its scoring matches the library that trained it, `articlean train` rebuilds the
shipped file byte for byte, and the corpora's test sites score as the README says. Tests that need the corpora
(../shared/corpus, corpus-wcxb, corpus-fundus: 45 MB, not in the repository) skip when they are absent; the shipped
model needs nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from pipeline.cleaning.features import FEATURES, line_features
from pipeline.cleaning.model import MODEL_FILE, LineModel, load_model
from pipeline.quality.corpus import SHARED_CORPORA

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
CORPORA = [SHARED / name for name in SHARED_CORPORA]
needs_corpus = pytest.mark.skipif(not all((c / "dumps.jsonl.gz").exists() for c in CORPORA),
                                  reason=f"the corpora are not in {SHARED}")
ARTICLEAN = str(Path(sys.executable).with_name("articlean"))


def test_the_shipped_model_loads_and_scores_without_training_libraries():
    model = load_model()
    assert model is not None and model.features == FEATURES
    assert 0.5 <= model.threshold < 1.0
    X = line_features(["Home", "News", "The council said on Tuesday that it would debate the plan again next week."])
    scores = model.scores(X)
    assert scores.shape == (3,) and ((scores >= 0) & (scores <= 1)).all()


def test_many_lines_score_in_runs_as_each_line_alone():
    # a large page is scored ROWS_AT_ONCE lines at a time (memory); a line's score never depends on the others
    from pipeline.cleaning.model import ROWS_AT_ONCE, probability

    model = load_model()
    X = np.random.default_rng(7).normal(0, 3, size=(2 * ROWS_AT_ONCE + 37, len(FEATURES))).astype(np.float32)
    together = model.scores(X)
    assert len(together) == len(X)
    assert np.array_equal(together, probability(model.raw(X)))
    assert np.allclose(together[ROWS_AT_ONCE - 2 : ROWS_AT_ONCE + 2],
                       [model.scores(X[k : k + 1])[0] for k in range(ROWS_AT_ONCE - 2, ROWS_AT_ONCE + 2)])


def test_the_shipped_model_says_what_trained_it_and_under_which_licences():
    """Every dataset the model card lists, with its licence; the licences are the corpus READMEs' (corpus.SOURCES)."""
    import json

    from pipeline.quality.corpus import SOURCES

    trained_on = json.loads(MODEL_FILE.read_text())["trained_on"]
    assert set(trained_on["datasets"]) == {name for name, source in SOURCES.items() if source.trains}
    assert set(trained_on["excluded"]) == {name for name, source in SOURCES.items() if not source.trains}
    assert all(trained_on["datasets"][name] == SOURCES[name].licence for name in trained_on["datasets"])
    card = (MODEL_FILE.parent / "MODEL_CARD.md").read_text()
    for name, source in SOURCES.items():
        assert f"| {name} | {source.licence} |" in card, name


def test_numpy_scoring_equals_catboosts_own(tmp_path):
    """The oblivious trees, evaluated with numpy, give CatBoost's probabilities to the last bits."""
    pytest.importorskip("catboost")
    from pipeline.quality import train as T

    rng = np.random.default_rng(0)
    X = rng.random((3000, len(FEATURES))).astype(np.float32)
    y = (X[:, 0] + X[:, 5] * X[:, 9] > 0.9).astype(int)
    model = T._fit(X, y, np.ones(len(y)))
    path = tmp_path / "model.json"
    import json

    path.write_text(json.dumps(T.export(model, 0.9)))
    ours = LineModel.from_file(path).scores(X[:500])
    theirs = model.predict_proba(X[:500])[:, 1]
    assert np.abs(ours - theirs).max() < 1e-9


def test_a_sites_cross_validation_fold_depends_on_its_name_alone():
    """Issue 29: GroupKFold dealt the sites to the folds by size, so one line more on one site moved other sites to
    other folds (and the chosen threshold from 0.83 to 0.77); a site's fold is now a hash of its name."""
    from pipeline.quality import train as T

    sites = [f"site{k}.example" for k in range(200)]
    folds = dict(zip(sites, T.site_folds(sites).tolist(), strict=True))
    assert set(folds.values()) == set(range(T.FOLDS))
    lines = sites[50:] + ["new.example"] * 30 + sites[:50] * 3  # other sites, other sizes, another order
    assert all(folds[site] == fold for site, fold in zip(lines, T.site_folds(lines).tolist(), strict=True)
               if site in folds)


def _corpus_args() -> list[str]:
    return [arg for corpus in CORPORA for arg in ("--corpus", str(corpus))]


@needs_corpus
def test_train_rebuilds_the_shipped_model_byte_for_byte():
    pytest.importorskip("catboost")
    done = subprocess.run([ARTICLEAN, "train", *_corpus_args(), "--check"], capture_output=True, text=True,
                          timeout=3600, cwd=ROOT)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert f"identical to {MODEL_FILE}" in done.stdout


@pytest.fixture(scope="module")
def reports():
    from pipeline.quality.corpus import corpus_name
    from pipeline.quality.corpus_eval import evaluate_corpus

    return {corpus_name(corpus): evaluate_corpus(corpus) for corpus in CORPORA}


# The held-out figures of docs/quality.md, as floors (measured: see each line).
FLOORS = {
    # P 0.919 R 0.848 F1 0.882, body F1 0.853 (before issue 29's training 0.926 / 0.842 / 0.882, 0.851; issue 10's
    # model: F1 0.795, body F1 0.832; before issue 28: P 0.936, its precision floor was 0.925)
    "corpus": {"dumps": 1428, "precision": 0.915, "recall": 0.83, "f1": 0.875, "body_f1": 0.845},
    # P 0.833 R 0.561 F1 0.671, body F1 0.898 (before issue 29's training 0.841 / 0.555 / 0.669; issue 10: 0.889 /
    # 0.301 / 0.450, 0.893; before issue 28: 0.883 / 0.524 / 0.657, 0.899, with floors P 0.87, R 0.51, F1 0.645: see
    # docs/quality.md)
    "corpus-wcxb": {"dumps": 414, "precision": 0.83, "recall": 0.545, "f1": 0.66, "body_f1": 0.895},
    # P 0.953 R 0.658 F1 0.779, body F1 0.867 (before issue 29's training 0.949 / 0.624 / 0.753, 0.865; issue 10:
    # 0.973 / 0.185 / 0.311, 0.837; before issue 28: 0.948 / 0.614 / 0.745, 0.864, with floors R 0.60, F1 0.735)
    "corpus-fundus": {"dumps": 138, "precision": 0.94, "recall": 0.615, "f1": 0.745, "body_f1": 0.86},
    # P 0.846 R 0.684 F1 0.756, body F1 0.891 (before issue 29's training 0.853 / 0.678 / 0.756, 0.888; before issue
    # 28: 0.842 / 0.638 / 0.726, 0.885). Precision floor 0.85 -> 0.84 (issue 29): training without chance moved it to
    # 0.846 at the same removal F1 (0.756) and a higher body F1 (0.891), recall 0.678 -> 0.684; 33 dumps of 10
    # sites, where one page moves it by 0.005.
    "corpus-mozilla": {"dumps": 33, "precision": 0.84, "recall": 0.67, "f1": 0.75, "body_f1": 0.88},
}


@needs_corpus
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_the_test_sites_score_as_the_readme_says(reports, name):
    report, floors = reports[name], FLOORS[name]
    assert report.dumps == floors["dumps"]
    keep, rules, ours = (report.tallies[system]["all"] for system in report.tallies)
    assert ours.precision >= floors["precision"] and ours.recall >= floors["recall"], ours
    assert ours.f1 >= floors["f1"] and ours.body_f1 >= floors["body_f1"], ours
    assert ours.f1 > rules.f1 and ours.body_f1 > keep.body_f1
    for group, tally in report.cleaner.items():
        if group.startswith("dataset") and group not in UNDER_KEEPING_ALL:  # at or above keeping every line
            assert tally.body_f1 >= report.tallies["keep every line"][group].body_f1, group


# CleanEval's golds keep a general web page's lists and headings, which the model (trained on news pages labelled
# our way too) takes for menus: on its 16 development-set test dumps, body F1 0.863 against 0.883 for keeping every
# line (its 469 final-set dumps: 0.892 against 0.882).
UNDER_KEEPING_ALL = {"dataset cleaneval-dev"}


@needs_corpus
@pytest.mark.xfail(strict=True, reason="see UNDER_KEEPING_ALL")
def test_body_f1_is_at_least_keeping_every_line_for_cleaneval_dev(reports):
    report = reports["corpus"]
    for group in UNDER_KEEPING_ALL:
        assert report.cleaner[group].body_f1 >= report.tallies["keep every line"][group].body_f1, group


@needs_corpus
@pytest.mark.xfail(strict=True, reason="issue 17's targets on today's pages are not reached: WCXB test sites removal "
                   "F1 0.671 at P 0.833 and body F1 0.898, fundus F1 0.779 at P 0.953 and body F1 0.867 (docs/quality.md)")
@pytest.mark.parametrize("name", ["corpus-wcxb", "corpus-fundus"])
def test_todays_pages_reach_removal_f1_085_at_precision_095_and_body_f1_095(reports, name):
    ours = reports[name].cleaner["all"]
    assert ours.precision >= 0.95 and ours.f1 >= 0.85 and ours.body_f1 >= 0.95


@needs_corpus
def test_eval_prints_a_table_for_each_corpus():
    done = subprocess.run([ARTICLEAN, "eval", "--no-html", *_corpus_args()], capture_output=True, text=True,
                          timeout=1800, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    for title in ("corpus test sites: 1428 dumps from 323 sites", "corpus-wcxb test sites: 414 dumps from 139 sites",
                  "corpus-fundus test sites: 138 dumps from 29 sites", "corpus-mozilla test sites: 33 dumps from 10 sites"):
        assert title in done.stdout
    for group in ("renderer soup_text", "renderer readability", "dataset page-signal-master", "dataset cleaneval-final",
                  "language de", "language ja"):
        assert group in done.stdout


@needs_corpus
@pytest.mark.xfail(strict=True, reason="on the readability renderer, whose text is nearly all article, the cleaner "
                   "scores under keeping every line: 0.918 vs 0.920 on the corpus, 0.901 vs 0.906 on WCXB, 0.976 vs 0.982 "
                   "on corpus-mozilla (docs/quality.md)")
def test_body_f1_is_at_least_keeping_every_line_for_every_renderer(reports):
    for report in reports.values():
        for group, tally in report.cleaner.items():
            if group.startswith("renderer"):
                assert tally.body_f1 >= report.tallies["keep every line"][group].body_f1, (report.name, group)


WCXB = ROOT.parent / "shared" / "html" / "wcxb"


@pytest.mark.skipif(not WCXB.is_dir(), reason=f"the WCXB pages are not at {WCXB}")
def test_cleaning_other_extractors_text_does_not_make_it_worse():
    """The README's WCXB rows: for each extractor, F1 after cleaning at least F1 before (to 0.0002) and recall
    lost at most 0.002 (newspaper4k and goose3 are left to `articlean eval --extractors`: heavy to install)."""
    from pipeline.quality import evaluate_html, extractors

    light = [name for name in extractors.available() if name not in ("newspaper4k", "goose3")]
    assert len(light) >= 5, f"install the eval extra: only {light}"
    pages = evaluate_html.pages(WCXB)
    for name, (before, after) in extractors.before_after(pages, names=light).items():
        assert after[2] >= before[2] - 0.0002, (name, before, after)
        assert before[1] - after[1] <= 0.002, (name, before, after)


@needs_corpus
def test_each_rule_is_precise_on_the_training_sites_labelled_our_way():
    """`articlean eval --rules`: a rule removes a line alone only if at least 0.95 of its removals are noise on the
    training sites of every dataset labelled our way (for its kind) where it removed 20 lines from 5 pages or more;
    a rule that takes real text on other sites than the one it was written for must not ship unnoticed. Test sites
    are never read."""
    from pipeline.quality.rule_report import MIN_LINES, MIN_PAGES, MIN_PRECISION, cell, imprecise, rule_counts

    assert MIN_PRECISION >= 0.95 and MIN_LINES <= 20 and MIN_PAGES <= 5
    tally = rule_counts(CORPORA)
    assert len(tally.rules) >= 25
    assert imprecise(tally) == []
    # judged somewhere: the rules that remove most, in the corpora of today's pages at least
    for rule in ("credit_line", "caption_before_credit", "related_block", "toolbar_text", "byline_date"):
        judged = [name for name in ("wcxb", "fundus") if cell(tally, rule, name).counted]
        assert judged and all(cell(tally, rule, name).precision >= MIN_PRECISION for name in judged), rule
