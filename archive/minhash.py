"""MinHash signatures of a text's word shingles and their LSH band keys (numpy).

A small numpy MinHash rather than datasketch's: datasketch 2.0.0 pulls in scipy
(35 MB) for its LSH parameter search and keeps its LSH in memory or Redis, not
in SQLite; only these few functions were needed. ``archive.stories`` keeps the
signatures and bands in ``archive.db``; this module only computes.
"""

from __future__ import annotations

import hashlib
import re
import zlib

import numpy as np

#: Words per shingle.
SHINGLE = 3
#: LSH bands and rows per band; the signature has BANDS * ROWS hash values.
BANDS, ROWS = 32, 3
NUM_PERM = BANDS * ROWS
#: Bodies with fewer shingles than this get no signature: too short to tell a copy.
MIN_SHINGLES = 20
#: Words of a body that are signed: a copy keeps an article's beginning, and a long body
#: costs no more than this.
MAX_WORDS = 2000

_rng = np.random.default_rng(20261207)  # fixed: signatures are stored, so never change it
_A = _rng.integers(0, 1 << 63, NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_B = _rng.integers(0, 1 << 63, NUM_PERM, dtype=np.uint64)
_WORD = re.compile(r"\w+")


def shingle_hashes(text: str) -> np.ndarray:
    """The distinct 32-bit hashes of the text's ``SHINGLE``-word shingles (lower-cased)."""
    words = _WORD.findall((text or "").lower())[:MAX_WORDS]
    if len(words) < SHINGLE:
        return np.zeros(0, dtype=np.uint64)
    w = np.fromiter(map(zlib.crc32, map(str.encode, words)), dtype=np.uint64, count=len(words))
    h = np.zeros(len(words) - SHINGLE + 1, dtype=np.uint64)
    for i in range(SHINGLE):  # a polynomial over the word hashes, then a 64-bit mix
        h = h * np.uint64(0x100000001B3) + w[i : len(w) - SHINGLE + 1 + i]
    h ^= h >> np.uint64(33)
    h *= np.uint64(0xFF51AFD7ED558CCD)
    h ^= h >> np.uint64(33)
    return np.unique(h >> np.uint64(32))


def signature(hashes: np.ndarray) -> np.ndarray:
    """The MinHash signature (``NUM_PERM`` uint32) of a set of shingle hashes.

    Each permutation is a multiply-shift hash ``(a * x + b) >> 32`` (odd ``a``, mod 2**64).
    """
    values = np.multiply.outer(hashes, _A)
    values += _B
    return (values.min(axis=0) >> np.uint64(32)).astype(np.uint32)


def bucket_keys(raw: bytes) -> list[int]:
    """One signed 64-bit key per band of a stored signature (the band number salts the key)."""
    size = ROWS * 4
    return [
        int.from_bytes(
            hashlib.blake2b(
                raw[i * size : (i + 1) * size], digest_size=8, salt=bytes([i])
            ).digest(),
            "little",
            signed=True,
        )
        for i in range(BANDS)
    ]


def containment(sig_a: bytes, count_a: int, sig_b: bytes, count_b: int) -> float:
    """Estimated share of the smaller shingle set found in the larger (from Jaccard and sizes)."""
    a, b = np.frombuffer(sig_a, dtype=np.uint32), np.frombuffer(sig_b, dtype=np.uint32)
    jaccard = float(np.count_nonzero(a == b)) / NUM_PERM
    if jaccard == 0.0:
        return 0.0
    shared = jaccard * (count_a + count_b) / (1 + jaccard)
    return min(1.0, shared / min(count_a, count_b))


def containments(sig: bytes, count: int, others: list[bytes], counts: list[int]) -> np.ndarray:
    """``containment`` of one signature against many, at once."""
    if not others:
        return np.zeros(0)
    mine = np.frombuffer(sig, dtype=np.uint32)
    theirs = np.frombuffer(b"".join(others), dtype=np.uint32).reshape(len(others), NUM_PERM)
    jaccard = (theirs == mine).sum(axis=1) / NUM_PERM
    sizes = np.asarray(counts, dtype=np.float64)
    shared = jaccard * (count + sizes) / (1 + jaccard)
    return np.minimum(1.0, shared / np.minimum(count, sizes))


def shared_share(text: str, other: str) -> float:
    """Exactly what share of ``text``'s shingles ``other`` has too (for the article page)."""
    mine = shingle_hashes(text)
    if not len(mine):
        return 0.0
    return float(np.isin(mine, shingle_hashes(other), assume_unique=True).mean())
