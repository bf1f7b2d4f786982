"""Near-duplicate articles: the same story syndicated to several sites, each copy with its own furniture
and light edits, which exact `duplicate_of` misses.

MinHash over word 5-grams of the clean text (rensa, a Rust MinHash: 325 MB/s on our texts against
datasketch's 4.7 MB/s, with the same estimator), cut into BANDS bands of ROWS values for locality-sensitive
hashing: two texts become candidates when one band is equal in both, and are near-duplicates when their
signatures agree on at least THRESHOLD of the values (MinHash's estimate of Jaccard similarity).

Why 16 x 8: a pair at Jaccard 0.8 shares a band with probability 1 - (1 - 0.8^8)^16 = 0.95, at 0.85 0.99, at
0.9 1.00, and at 0.5 only 0.06 (datatrove's 14 x 8 gives 0.92 at 0.8; NeMo Curator's 20 x 13 0.68). The check
against the whole signature then drops candidates below 0.8, so the bands only decide what is compared, and
16 x 8 misses few true pairs for 128 hashes a text. Seeds are fixed: the same texts give the same
signatures, on every machine and run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

SHINGLE_WORDS = 5
BANDS, ROWS = 16, 8
NUM_PERM = BANDS * ROWS
SEED = 20240101
THRESHOLD = 0.8
# A bucket shared by many texts (a wire story copied a thousand times) is compared pair by pair only up to
# this many members for each new text; the rest are reached through the members' own links.
MAX_BUCKET_PEERS = 64

_WORD_RE = re.compile(r"\w+")
# One odd 64-bit multiplier per row: a band's key is the sum of its values times these, modulo 2**64.
_MULTIPLIERS = (np.random.default_rng(SEED).integers(1, 2**62, size=ROWS, dtype=np.uint64) * np.uint64(2) + np.uint64(1))


def params() -> dict[str, str]:
    """What a stored signature depends on: a store made with other values is rebuilt, not matched against."""
    import rensa

    version = getattr(rensa, "__version__", None) or _dist_version("rensa")
    return {"library": f"rensa {version}", "shingle_words": str(SHINGLE_WORDS), "num_perm": str(NUM_PERM),
            "seed": str(SEED), "bands": f"{BANDS}x{ROWS}", "bits": "16"}


def _dist_version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


def shingles(text: str) -> list[str]:
    """The text's word 5-grams, lower-cased, punctuation aside; none for a text of fewer than 5 words."""
    words = _WORD_RE.findall(text.lower())
    return list(map(" ".join, zip(*(words[k:] for k in range(SHINGLE_WORDS)), strict=False)))


def signature(text: str) -> np.ndarray | None:
    """NUM_PERM MinHash values of the text's shingles, each kept to its low 16 bits (b-bit MinHash: two
    unrelated values agree by chance once in 65,536, a bias of under 0.00002 on the estimate, for half the
    bytes to store and read); None when the text has no shingle (too short to judge)."""
    from rensa import RMinHash

    grams = shingles(text)
    if not grams:
        return None
    minhash = RMinHash(num_perm=NUM_PERM, seed=SEED)
    minhash.update(grams)
    return (np.asarray(minhash.digest(), dtype=np.uint32) & 0xFFFF).astype(np.uint16)


def band_keys(signatures: np.ndarray) -> np.ndarray:
    """(n, NUM_PERM) signatures -> (n, BANDS) uint64 keys, one per band; KEYS_AT_ONCE signatures at a time (the
    products are 8 bytes a value: 100k signatures at once took 300 MB)."""
    keys = np.empty((len(signatures), BANDS), np.uint64)
    for start in range(0, len(signatures), KEYS_AT_ONCE):
        chunk = signatures[start:start + KEYS_AT_ONCE]
        bands = chunk.reshape(len(chunk), BANDS, ROWS).astype(np.uint64)
        with np.errstate(over="ignore"):
            keys[start:start + len(chunk)] = (bands * _MULTIPLIERS).sum(axis=2, dtype=np.uint64) + np.arange(BANDS, dtype=np.uint64)
    return keys


KEYS_AT_ONCE = 8192


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """MinHash's estimate of the Jaccard similarity of two texts' shingle sets."""
    return float(np.count_nonzero(a == b)) / NUM_PERM


def candidate_pairs(keys: np.ndarray, new: np.ndarray) -> set[tuple[int, int]]:
    """Pairs (i, j), i < j, of rows sharing a band key, at least one of them `new` (a boolean mask): the
    pairs a run must check, without the old pairs it checked before. The definition `link_similar` follows
    (it never lists them: a story syndicated a thousand times makes millions)."""
    pairs: set[tuple[int, int]] = set()
    for members in _buckets(keys, new):
        for i in members[new[members]]:
            for j in members[:MAX_BUCKET_PEERS + 1]:
                if i != j:
                    pairs.add((min(i, j), max(i, j)))
    return pairs


def _buckets(keys: np.ndarray, new: np.ndarray) -> Iterator[np.ndarray]:
    """Band by band, the rows of each bucket of two or more holding a new row, in row order (the rest were
    seen before)."""
    if not len(keys):
        return
    for band in range(keys.shape[1]):
        column = keys[:, band]
        order = np.argsort(column, kind="stable")
        ordered = column[order]
        starts = np.flatnonzero(np.concatenate([[True], ordered[1:] != ordered[:-1]]))
        ends = np.append(starts[1:], len(ordered))
        with_new = np.add.reduceat(new[order].astype(np.int64), starts) > 0 if len(starts) else np.zeros(0, bool)
        chosen = (ends - starts > 1) & with_new
        for start, end in zip(starts[chosen], ends[chosen], strict=True):
            yield order[start:end]


def link_similar(signatures: np.ndarray, new: np.ndarray, found: Components, node: np.ndarray | None = None) -> None:
    """Join in `found` the two rows of every candidate pair (`candidate_pairs`) whose signatures agree on at
    least THRESHOLD of their values: the groups are those of checking every pair, without listing them.

    `node`: each signature row's number in `found` (the rows themselves when None). A bucket whose rows are
    already one group is passed over (a syndicated story's copies share most of their bands: once one band has
    joined them, the other fifteen have nothing to add), and a bucket is checked as one matrix of its new
    rows against its first MAX_BUCKET_PEERS + 1, so memory and time follow the texts, not the pairs."""
    node = np.arange(len(signatures)) if node is None else node
    keys = band_keys(signatures)
    for members in _buckets(keys, new):
        roots = {found.find(n) for n in node[members].tolist()}
        if len(roots) == 1:
            continue
        peers, fresh = members[:MAX_BUCKET_PEERS + 1], members[new[members]]
        for block in range(0, len(fresh), _BLOCK):
            mine = fresh[block:block + _BLOCK]
            agree = (signatures[mine][:, None, :] == signatures[peers][None, :, :]).sum(axis=2)
            similar = (agree / NUM_PERM >= THRESHOLD) & (mine[:, None] != peers[None, :])
            _join(found, node[mine], node[peers], similar)


# New rows checked at once against a bucket's peers: a (block, peers, NUM_PERM) comparison, 8 MB at most.
_BLOCK = 1024


def _join(found: Components, rows: np.ndarray, peers: np.ndarray, similar: np.ndarray) -> None:
    """Join what the pairs (rows[i], peers[j]) with `similar[i, j]` join, in few unions: each row with its
    first similar peer, and the peers that one row is similar to with each other."""
    has = similar.any(axis=1)
    for row, first in zip(rows[has].tolist(), peers[similar[has].argmax(axis=1)].tolist(), strict=True):
        found.union(row, first)
    shared = (similar.T.astype(np.int32) @ similar.astype(np.int32)) > 0  # peers similar to one same row
    for a, b in zip(*np.nonzero(np.triu(shared, 1)), strict=True):
        found.union(int(peers[a]), int(peers[b]))


def similar_pairs(signatures: np.ndarray, new: np.ndarray) -> list[tuple[int, int]]:
    """Candidate pairs whose signatures agree on at least THRESHOLD of their values, sorted: every pair, for a
    test to hold `link_similar` to; a dataset's groups come from `link_similar`."""
    keys = band_keys(signatures)
    return sorted((i, j) for i, j in candidate_pairs(keys, new) if similarity(signatures[i], signatures[j]) >= THRESHOLD)


@dataclass
class Components:
    """Union-find over row numbers."""

    parent: list[int]

    @classmethod
    def of(cls, n: int) -> Components:
        return cls(list(range(n)))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)

    def groups(self) -> dict[int, list[int]]:
        found: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            found.setdefault(self.find(i), []).append(i)
        return found


def clusters(texts: Sequence[str]) -> list[list[int]]:
    """Groups (two or more) of near-duplicate texts held in memory, by index: what `articlean` computes over a
    dataset incrementally (`pipeline.dedup.exact.fix_duplicates`), done in one go."""
    sigs = [signature(t) for t in texts]
    held = [i for i, s in enumerate(sigs) if s is not None]
    matrix = np.stack([sigs[i] for i in held]) if held else np.zeros((0, NUM_PERM), np.uint16)
    found = Components.of(len(texts))
    link_similar(matrix, np.ones(len(held), bool), found, np.array(held, np.int64))
    return sorted(sorted(g) for g in found.groups().values() if len(g) > 1)
