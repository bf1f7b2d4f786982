"""What the dataset holds, by input: the content hash and stamp its rows were made from, the files holding them,
and the failures already recorded. Read from the index (`index`), so a run reads what it asks about."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyarrow.compute as pc

from pipeline.dataset.index import snapshot
from pipeline.dataset.tables import Dataset


@dataclass
class Ledger:
    """What DEST already holds, by input: the content hash it was made from and the files holding it."""

    inputs: dict[str, str] = field(default_factory=dict)  # source_uri -> input_sha256 (articles)
    files: dict[str, set[str]] = field(default_factory=dict)  # source_uri -> article files holding its rows
    # (source_uri, input_sha256, member, error_kind) of every reject row: the same failure is recorded once
    rejected: set[tuple] = field(default_factory=set)
    stamps: dict[str, str] = field(default_factory=dict)  # source_uri -> the input's stamp when its rows were made

    def unchanged(self, input_file) -> bool:
        """The listing says the input is the version its rows were made from: no need to read it."""
        return bool(input_file.stamp) and self.stamps.get(input_file.uri) == input_file.stamp

    def rejects_of(self, uris: set[str]) -> set[tuple]:
        return {r for r in self.rejected if r[0] in uris}


def read_ledger(dataset: Dataset, uris: Iterable[str] | None = None) -> Ledger:
    """What the dataset holds for the inputs `uris` (every input when None): the Python work is over their rows
    only; the index is filtered by pyarrow."""
    where = None if uris is None else pc.field("source_uri").isin(sorted(set(uris)))
    ledger = Ledger()
    rows = snapshot(dataset, "articles").rows(where)
    for path, uri, digest, stamp in zip(*(rows[c].to_pylist() for c in ("file", "source_uri", "input_sha256",
                                                                          "input_stamp")), strict=True):
        ledger.inputs[uri] = digest
        ledger.files.setdefault(uri, set()).add(path)
        if stamp:
            ledger.stamps[uri] = stamp
    # Stamps come from article rows only: an input with reject rows alone is read again by every run, since
    # its articles may not be in yet (a run killed between publishing its rejects and its articles) or the
    # reason may since have been fixed (a permission, a size limit) without the file changing.
    rows = snapshot(dataset, "rejects").rows(where)
    for uri, digest, member, kind in zip(*(rows[c].to_pylist() for c in ("source_uri", "input_sha256", "member",
                                                                        "error_kind")), strict=True):
        ledger.rejected.add((uri, digest or "", member, kind))
    return ledger
