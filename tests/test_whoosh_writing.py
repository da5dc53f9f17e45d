"""The merge policy: small segments merged by tier, never at many times a commit's own cost."""

from __future__ import annotations

from archive.whoosh_backend import WhooshBackend
from tests.test_backend_contract import record


def segment_sizes(backend) -> list[int]:
    return sorted(s.doc_count_all() for s in backend._open().refresh()._segments())


def test_a_small_commit_leaves_a_full_tier_to_a_larger_one(tmp_path):
    backend = WhooshBackend(tmp_path / "index")
    backend.create()
    n = 0
    for _ in range(10):  # ten segments of 150: a full tier (100-999 documents)
        backend.upsert([record(n + i, f"Report {n + i}", "Text.") for i in range(150)])
        n += 150
    assert segment_sizes(backend) == [150] * 10
    backend.upsert([record(n, "One more", "Text.")])  # merging 1,500 for 1: not now
    assert segment_sizes(backend) == [1] + [150] * 10
    backend.upsert([record(n + 1 + i, f"Batch {i}", "Text.") for i in range(200)])
    assert segment_sizes(backend) == [1, 1700]  # 200 added: worth merging 1,500 (into its own)
    assert backend.count() == 1701
    backend.close()
