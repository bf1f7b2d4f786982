"""Line-labelled corpora (a folder holding `dumps.jsonl.gz`, see each one's README): scraper dumps rendered from
public pages, every non-blank line labelled body, noise or mixed by alignment to the page's gold text.

- `../shared/corpus`: 2,403 pages of 1,410 sites (2007-2012), five datasets whose golds follow their own
  conventions (some keep captions and credits);
- `../shared/corpus-wcxb`: 740 article pages of 709 sites (2025), labelled our way (captions and credits noise);
- `../shared/corpus-fundus`: 223 news pages of 130 publishers in 19 languages (2023-2026), labelled our way;
- `../shared/corpus-mozilla`: 91 pages of 73 sites (2012-2023), Mozilla's readability test pages: readability's
  gold (it keeps bylines at the top, some link lists) with captions and credits relabelled noise, so labelled our
  way for those two kinds only; 83 of its pages are `corpus`'s readability pages (`shared_pages.py`).

A corpus is named by its folder ("corpus-wcxb"). Labelled dumps in the gold format (a folder with dumps/ and gold/,
a labels file saved by `articlean review`, or a folder of them) read as a corpus too (`read_corpus`): each dump's
gold kinds become noise, its dataset is the corpus's name and its site the dump's source.

The split is by site and the same in every corpus, so that nothing learned or tuned on a site is scored on it: a
dump belongs to the test sites when `int(sha1(key).hexdigest(), 16) % 5 == 0`, `key` being its site, or
`dataset/page` when the site is not known (a page in two corpora has the same key in both: `shared_pages.py`).
Rules and features are written looking at training sites only; every reported number is on the test sites.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.quality.gold_slips import RELABELLED
from pipeline.quality.shared_pages import READABILITY_SITE_KEYS

# The corpora beside the project, by folder name (`../shared/<name>`).
SHARED_CORPORA = ("corpus", "corpus-wcxb", "corpus-fundus", "corpus-mozilla")
DUMPS_FILE = "dumps.jsonl.gz"
# The fields every line of a corpus's dumps file has (`site` and `url` may be null; `gold_coverage` is not read).
FIELDS = ("id", "dataset", "page", "renderer", "text", "labels", "gold")
# What to pass, said by every error about a corpus: a user has no corpus folder until they get or make one.
WHAT_TO_PASS = ("give a folder holding dumps.jsonl.gz (scraper dumps with every line labelled, one JSON object a line) "
                "or your own labelled dumps (a folder with dumps/ and gold/, or labels files saved by `articlean review`); "
                'see "Corpora: what train reads" in README.md')


class CorpusError(ValueError):
    """A path that is not a corpus, or a corpus that cannot be read; the message names it and says what to pass."""


@dataclass(frozen=True, slots=True)
class Source:
    """A dataset of labels, as its README gives it (the page texts always belong to their publishers)."""

    licence: str
    permissive: bool  # a model trained on it may ship under any terms
    origin: str
    our_conventions: bool  # captions, credits, bylines and datelines are noise, as in gold/GUIDELINES.md
    keeps_captions: bool = False  # its gold keeps photo captions and credits as article text
    relabelled: frozenset[str] = frozenset()  # kinds of noise relabelled our way in a gold that otherwise is not
    trains: bool = True  # the line model learns from it (else it only scores the model and checks the rules)

    def follows_us(self, kind: str) -> bool:
        """Whether its gold labels lines of this kind (caption, byline, related...) as our guidelines do."""
        return self.our_conventions or kind in self.relabelled


SOURCES: dict[str, Source] = {
    "page-signal-master": Source("research use only", False, "L3S-GN1 news pages (Kohlschuetter et al., WSDM 2010)", True),
    "readability": Source("Apache-2.0", True, "mozilla/readability test pages", False, keeps_captions=True),
    "cleaneval-dev": Source("unknown", False, "CleanEval development set (SIGWAC 2007)", False),
    "cleaneval-final": Source("unknown", False, "CleanEval final test set (SIGWAC 2007)", False),
    "dragnet_data": Source("AGPLv3", False, "seomoz/dragnet_data", False, keeps_captions=True),
    "wcxb": Source("CC-BY-4.0", True, "WCXB v1.0, the Web Content Extraction Benchmark (Murrough Foley)", True),
    "fundus": Source("MIT", True, "flairNLP/fundus parser test pages", True),
    # readability's expected output, which keeps bylines at the top, some related-link lists and player text; its
    # captions and credits were relabelled noise (corpus-mozilla/README.md). Not trained on: 83 of its 91 pages are
    # the readability dataset's, under the same gold but for captions; trained on both, the model's site-grouped
    # cross-validation scored a lower removal F1 on page-signal, WCXB and fundus at the same precision (0.766
    # against 0.779, averaged), so it judges the rules and scores the model only.
    "mozilla": Source("Apache-2.0", True, "mozilla/readability test pages, captions and credits relabelled noise", False,
                      relabelled=frozenset({"caption", "credit"}), trains=False),
    "hand-labelled": Source("this project's own labels (MIT)", True, "tests/data/labelled: 29 dumps of 11 news sites", True),
}
RESTRICTED = frozenset(name for name, source in SOURCES.items() if not source.permissive)
NOT_TRAINED = frozenset(name for name, source in SOURCES.items() if not source.trains)

# Dumps cleaned together (`clean_batch`, `judge_batch`) and handed to a worker process at a time: by `eval --corpus`,
# `eval --rules` and `train` alike.
BATCH = 32


def in_batches(dumps: list[CorpusDump]) -> list[list[CorpusDump]]:
    """`dumps` in consecutive runs of BATCH, in order."""
    return [dumps[at : at + BATCH] for at in range(0, len(dumps), BATCH)]


@dataclass(frozen=True, slots=True)
class CorpusDump:
    id: str
    dataset: str
    page: str
    site: str | None
    renderer: str
    text: str
    labels: dict[int, str]  # line number -> "body" | "noise" | "mixed"
    title_lines: frozenset[int]
    gold: str
    corpus: str = "corpus"  # the corpus's folder name

    @property
    def site_key(self) -> str:
        if self.dataset == "mozilla" and self.page in READABILITY_SITE_KEYS:
            return READABILITY_SITE_KEYS[self.page]  # held out, or not, as in `corpus`
        return self.site or f"{self.dataset}/{self.page}"

    @property
    def is_test(self) -> bool:
        return is_test_site(self.site_key)


def is_test_site(key: str) -> bool:
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest(), 16) % 5 == 0


def dumps_file(path: Path) -> Path:
    """The corpus's dumps file, given the corpus folder or the file itself."""
    path = Path(path)
    return path / DUMPS_FILE if path.is_dir() else path


def is_labelled(path: Path) -> bool:
    """Whether `path` holds labelled dumps in the gold format rather than a dumps file: a folder with gold/, a
    labels file (.json), or a folder of labels files."""
    path = Path(path)
    if path.is_dir():
        return not (path / DUMPS_FILE).exists() and ((path / "gold").is_dir() or any(path.glob("*.json")))
    return path.suffix == ".json"


def corpus_name(path: Path) -> str:
    """A corpus's name: its folder's ("corpus-wcxb"); a labels file's, its name without .json."""
    path = Path(path)
    if is_labelled(path):
        return path.resolve().name if path.is_dir() else path.stem
    return dumps_file(path).resolve().parent.name


def check_corpus(path: Path) -> None:
    """`CorpusError` unless `path` reads as a corpus with at least one dump (its first dump is read)."""
    path = Path(path)
    if not path.exists():
        raise CorpusError(f"--corpus {path}: no such file or folder; {WHAT_TO_PASS}")
    if path.is_dir() and not (path / DUMPS_FILE).exists() and not is_labelled(path):
        raise CorpusError(f"--corpus {path}: neither a corpus (no {DUMPS_FILE} in it) nor labelled dumps; {WHAT_TO_PASS}")
    if next(read_corpus(path), None) is None:
        raise CorpusError(f"--corpus {path}: holds no dumps; {WHAT_TO_PASS}")


def read_corpus(path: Path) -> Iterator[CorpusDump]:
    """The dumps of a corpus, in its file's order: a dumps file (or its folder), or labelled dumps in the gold
    format. `CorpusError` names the file and line of anything that is not a corpus dump."""
    if is_labelled(path):
        yield from _labelled_corpus(Path(path))
        return
    name, file = corpus_name(path), dumps_file(path)
    try:
        with gzip.open(file, "rt", encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                yield _dump(line, name, f"{file} line {number}")
    except (OSError, EOFError, UnicodeDecodeError) as err:  # gzip.BadGzipFile is an OSError
        raise CorpusError(f"--corpus {path}: {file} is not a gzip-compressed JSON-lines file ({err}); {WHAT_TO_PASS}") from None


def _dump(line: str, name: str, where: str) -> CorpusDump:
    try:
        d = json.loads(line)
    except ValueError as err:
        raise CorpusError(f"{where}: not a JSON object ({err})") from None
    missing = [key for key in FIELDS if not isinstance(d, dict) or key not in d]
    if missing:
        raise CorpusError(f"{where}: no {', '.join(missing)} (each line is one dump: {', '.join(FIELDS)}; "
                          f'see "Corpora: what train reads" in README.md)')
    try:
        labels = {lab["line"]: lab["label"] for lab in d["labels"]}
        labels.update(RELABELLED.get(d["id"], {}))  # a gold's slips on training sites, read our way (gold_slips.py)
        titles = frozenset(lab["line"] for lab in d["labels"] if lab.get("title"))
    except (TypeError, KeyError, AttributeError):
        raise CorpusError(f'{where}: labels must be a list of {{"line": n, "label": "body"|"noise"|"mixed"}}') from None
    return CorpusDump(id=d["id"], dataset=d["dataset"], page=d["page"], site=d.get("site"), renderer=d["renderer"],
                      text=d["text"], labels=labels, title_lines=titles, gold=d["gold"], corpus=name)


def _labelled_corpus(path: Path) -> Iterator[CorpusDump]:
    """Labelled dumps in the gold format as corpus dumps: body stays body, every other kind is noise, the title
    line is marked as a headline. Lines an unreviewed article does not vouch for are left unlabelled, and HTML
    pages' texts are left out (the model does not clean them)."""
    from pipeline.quality.labels import LabelsError, read_labelled

    name = corpus_name(path)
    try:
        dumps = read_labelled(path)
    except (LabelsError, FileNotFoundError, ValueError) as err:
        raise CorpusError(f"--corpus {path}: {err}; {WHAT_TO_PASS}") from None
    for dump in dumps:
        if dump.html:
            continue
        trusted = dump.trusted()
        yield CorpusDump(id=f"{name}/{dump.site}/{dump.name}", dataset=name, page=dump.name, site=dump.site,
                         renderer="labelled", text=dump.raw,
                         labels={lab["line"]: "body" if lab["label"] == "body" else "noise" for lab in trusted},
                         title_lines=frozenset(lab["line"] for lab in trusted if lab["label"] == "title"),
                         gold=dump.gold.get("body") or "", corpus=name)

