"""Sidecars: written with each new original by ``Originals``, read back as they were written."""

from __future__ import annotations

import stat

import pytest

from archive.originals import Originals
from archive.sidecars import FORMAT, Sidecar, SidecarItem
from tests.support import PARAGRAPH, build_archive, html_page, write


def sidecar(sha="ab" * 32) -> Sidecar:
    return Sidecar(
        sha256=sha,
        name="page.html",
        path="/home/me/saved/page.html",
        kind="html",
        size=12,
        mtime_ns=1_700_000_000_000_000_000,
        user_tags=["coast"],
        items=[SidecarItem(None, "0123456789abcdef", "https://x.example/a", "2024-01-02T03:04:05")],
        kept_ns=1_700_000_001_000_000_000,
    )


def test_a_sidecar_reads_back_as_written():
    written = sidecar()
    assert Sidecar.from_json(written.to_json()) == written
    assert written.added_of(None) == "2024-01-02T03:04:05"
    assert written.added_of("17") is None


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"not json", "not a sidecar"),
        (b'{"sha256": "ab"}', "not a sidecar"),
        (b'{"format": %d}' % (FORMAT + 1), "newer than this version reads"),
    ],
)
def test_what_is_not_a_sidecar_says_why(data, reason):
    with pytest.raises(ValueError, match=reason):
        Sidecar.from_json(data)


def test_originals_write_the_sidecar_with_a_new_original_only(tmp_path):
    originals = Originals(tmp_path / "originals")
    sha = "cd" * 32
    originals.write(sha, b"first bytes", sidecar(sha))
    path = originals.sidecar_path(sha)
    assert path.parent.parent.name == "sidecars" and path.name == f"{sha}.json"
    assert not stat.S_IMODE(path.stat().st_mode) & 0o222  # read-only, like the original
    assert originals.sidecar(sha) == sidecar(sha)
    later = sidecar(sha)
    later.name = "copy.html"
    originals.write(sha, b"first bytes", later)  # the original exists: both stay as they are
    assert originals.sidecar(sha).name == "page.html"
    assert list(originals.stored()) == [sha]  # the sidecar is not an original
    originals.path(sha).unlink()  # an original deleted, then restored by reading its file again
    originals.write(sha, b"first bytes", later)
    assert originals.sidecar(sha).name == "page.html"  # the first capture's facts stay
    assert originals.sidecar("ef" * 32) is None


def test_indexing_keeps_what_the_intake_knew_beside_each_original(tmp_path):
    page = write(
        tmp_path / "in" / "quay.html",
        html_page("Quay", f"The quay. {PARAGRAPH}", url="https://harbour.example/quay"),
    )
    archive, _ = build_archive(tmp_path / "arc", page, user_tags=("coast",))
    (record,) = archive.iter_records()
    kept = archive.originals.sidecar(record.origin.sha256)
    assert (kept.name, kept.path, kept.kind) == ("quay.html", str(page.resolve()), "html")
    assert (kept.size, kept.mtime_ns) == (page.stat().st_size, page.stat().st_mtime_ns)
    assert kept.user_tags == ["coast"]
    assert kept.items == [
        SidecarItem(None, record.id, "https://harbour.example/quay", record.added.isoformat())
    ]
