"""MinHash signatures and LSH band keys: stable, case-blind, and estimating what they should."""

import pytest

from archive import minhash
from tests.support import OTHER, WIRE


def test_signatures_are_stable_case_blind_and_bands_distinct():
    sig = minhash.signature(minhash.shingle_hashes(" ".join(WIRE)))
    assert sig.dtype.name == "uint32" and len(sig) == minhash.NUM_PERM
    again = minhash.signature(minhash.shingle_hashes(" ".join(WIRE).upper()))
    assert (sig == again).all()
    assert len(set(minhash.bucket_keys(sig.tobytes()))) == minhash.BANDS


def test_containment_estimates_a_cut_copy_as_contained_and_other_text_as_not():
    def signed(text):
        hashes = minhash.shingle_hashes(text)
        return minhash.signature(hashes).tobytes(), len(hashes)

    whole, cut, other = signed(" ".join(WIRE)), signed(" ".join(WIRE[:3])), signed(" ".join(OTHER))
    assert minhash.containment(*whole, *cut) > 0.8
    assert minhash.containment(*whole, *other) < 0.1


def test_only_the_first_max_words_are_signed():
    words = " ".join(f"w{i}" for i in range(minhash.MAX_WORDS + 500))
    assert len(minhash.shingle_hashes(words)) == minhash.MAX_WORDS - minhash.SHINGLE + 1
    assert len(minhash.shingle_hashes("two words")) == 0


def test_containments_at_once_equal_one_by_one():
    texts = [" ".join(WIRE), " ".join(WIRE[:3]), " ".join(OTHER), " ".join(WIRE[2:])]
    signed = []
    for text in texts:
        hashes = minhash.shingle_hashes(text)
        signed.append((minhash.signature(hashes).tobytes(), len(hashes)))
    sig, count = signed[0]
    many = minhash.containments(sig, count, [s for s, _ in signed[1:]], [c for _, c in signed[1:]])
    assert list(many) == pytest.approx([minhash.containment(sig, count, *o) for o in signed[1:]])
    assert len(minhash.containments(sig, count, [], [])) == 0
