"""Line-labelled dumps, from wherever they come: the repository's hand-labelled folder or a review's labels file.

Both hold the gold format of `tests/data/labelled` (see `../shared/gold/GUIDELINES.md`): per dump its `file`,
`title`, `labels` (every non-blank line once, in order) and `body`. They differ in where the dump's text is:

- a folder with `dumps/` and `gold/`: `gold/<name>.json` labels `dumps/<file>`;
- a labels file saved by `articlean review` (`"format": "articlean-labels/1"`): one JSON object whose `dumps`
  each carry their raw text (`raw`) and their identity in the dataset (`source`, `source_uri`, `member`,
  `raw_sha256`, `doc_id`), with the dataset and `pipeline_version` they were reviewed on;
- a folder of such labels files.

`read_labelled` takes any of them; `articlean eval` and `articlean train` read labels through it alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pipeline.core.document import LABELS_FORMAT
from pipeline.core.settings import IngestSettings
from pipeline.core.text import line_content
from pipeline.io.readers import TooLarge, read_document

HAND = "hand-labelled"


class LabelsError(ValueError):
    """A labels file or folder that cannot be read as labels; the message names it and says why."""


@dataclass(frozen=True)
class LabelledDump:
    name: str  # the gold's `file`
    raw: str  # the dump's text, as cleaning reads it (for an HTML page, the text trafilatura extracted)
    gold: dict
    site: str  # what cross-validation groups by, and what scores are reported by: the source
    origin: str  # HAND, or the labels file it came from
    saved_at: str = ""  # when the review saved it: of two saves of one article, the later wins

    @property
    def user(self) -> bool:
        """Labels a user saved in a review, as opposed to the repository's hand-labelled dumps."""
        return self.origin != HAND

    @property
    def html(self) -> bool:
        """The text of an HTML page: cleaned with the HTML settings (no model, no title line)."""
        return self.gold.get("kind") == "html"

    @property
    def reviewed(self) -> bool:
        """Whether every label is vouched for. An article saved with corrections but not marked reviewed vouches
        only for the lines corrected; its other labels are the cleaner's verdicts, not the user's."""
        return self.gold.get("reviewed", True)

    def trusted(self) -> list[dict]:
        """The labels vouched for: all of them, or only the corrected lines of an article not marked reviewed."""
        if self.reviewed:
            return self.gold["labels"]
        corrected = set(self.gold.get("corrected") or ())
        return [label for label in self.gold["labels"] if label["line"] in corrected]


def latest(dumps: list[LabelledDump]) -> list[LabelledDump]:
    """One entry per article: a review saved twice (each save holds every article so far) counts once, the later
    save winning. Hand-labelled dumps are kept as they are."""
    def article(dump: LabelledDump) -> tuple:
        return (dump.gold.get("doc_id"), dump.gold.get("raw_sha256")) if dump.user else (dump.origin, dump.name)

    newest: dict[tuple, LabelledDump] = {}
    for dump in dumps:
        if article(dump) not in newest or dump.saved_at >= newest[article(dump)].saved_at:
            newest[article(dump)] = dump
    return [dump for dump in dumps if newest[article(dump)] is dump]


def read_labelled(path: Path) -> list[LabelledDump]:
    """The labelled dumps at `path`: a hand-labelled folder, a labels file, or a folder of labels files."""
    path = Path(path)
    if path.is_dir() and (path / "gold").is_dir():
        return _hand_labelled(path)
    if path.is_dir():
        files = sorted(path.glob("*.json"))
        if not files:
            raise LabelsError(f"{path}: neither a folder with dumps/ and gold/ nor a folder of labels files (*.json)")
        return latest([dump for file in files for dump in _labels_file(file)])
    if path.is_file():
        return _labels_file(path)
    raise LabelsError(f"{path}: no such file or folder")


def _hand_labelled(folder: Path) -> list[LabelledDump]:
    return [LabelledDump(dump.name, _dump_text(dump), gold, dump.stem.rsplit("_", 1)[0], HAND)
            for dump, gold in labelled_dumps(folder)]


def _dump_text(dump: Path) -> str:
    """A labelled dump's text, within the size limit a run applies (a 50 MB file is a data file, not an article)."""
    try:
        return read_document(dump, IngestSettings()).decode("utf-8")
    except TooLarge as err:
        raise LabelsError(f"{dump}: {err}") from None


def labelled_dumps(folder: Path) -> list[tuple[Path, dict]]:
    """(dump path, gold) for every gold/<name>.json whose dump sits in dumps/ beside it."""
    gold_dir = folder / "gold"
    pairs = []
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        dump = folder / "dumps" / gold["file"]
        if not dump.exists():
            raise FileNotFoundError(f"{gold_path} labels {gold['file']}, which is not in {folder / 'dumps'}")
        pairs.append((dump, gold))
    return pairs


def _labels_file(path: Path) -> list[LabelledDump]:
    try:
        spec = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise LabelsError(f"{path}: not a readable JSON file ({err})") from None
    if isinstance(spec, dict) and "format" not in spec and {"file", "labels"} <= spec.keys():
        raise LabelsError(f"{path}: a gold file of labelled dumps (dumps/ and gold/), not a labels file saved by "
                          f"`articlean review`: score such a folder with `articlean eval {path.parent.parent}` or "
                          f"`articlean eval --corpus {path.parent.parent}`")
    if not isinstance(spec, dict) or spec.get("format") != LABELS_FORMAT:
        raise LabelsError(f"{path}: not a labels file saved by `articlean review` (its format is "
                          f"{spec.get('format') if isinstance(spec, dict) else None!r}, not {LABELS_FORMAT!r})")
    dumps = []
    for k, gold in enumerate(spec.get("dumps", ())):
        if "raw" not in gold or "labels" not in gold:
            raise LabelsError(f"{path}: dump {k + 1} has no raw text or no labels")
        check_labels(gold["raw"], gold["labels"], f"{path}: {gold.get('file', k + 1)}")
        site = gold.get("source") or gold.get("file", "")
        dumps.append(LabelledDump(gold.get("file") or f"{k + 1}", gold["raw"], gold, site, str(path),
                                  spec.get("saved_at") or ""))
    return dumps


def check_labels(raw: str, labels: list[dict], where: str) -> None:
    """`LabelsError` unless `labels` name every non-blank line of `raw` exactly once, in order (the gold format)."""
    lines = raw.removeprefix("\ufeff").split("\n")
    expected = [n for n, line in enumerate(lines, start=1) if line_content(line)]
    got = [label.get("line") for label in labels]
    if got != expected:
        missing = sorted(set(expected) - set(got))[:5]
        extra = sorted(set(map(str, got)) - set(map(str, expected)))[:5]
        raise LabelsError(f"{where}: labels must name every non-blank line once, in order (missing {missing}, "
                          f"not non-blank lines {extra})")
