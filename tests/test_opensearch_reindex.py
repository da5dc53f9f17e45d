"""`archive reindex` on OpenSearch is resumable, and `stats`/`check` name the engine.

An interrupted reindex leaves every record it had not indexed pending; `reindex --resume`,
the next `archive index` or `archive check --repair` finish it.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

import archive.opensearch_backend as osb
from archive import index_sync
from archive.check import check_archive
from archive.opensearch_backend import OpenSearchBackend
from archive.store import open_archive
from cli import main
from indexer.run import run_index

pytestmark = pytest.mark.opensearch
SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture
def interrupted(tmp_path, monkeypatch, opensearch_url):
    """An OpenSearch archive whose reindex was interrupted after its first record."""
    index = f"test-reindex-{uuid.uuid4().hex[:10]}"
    archive = open_archive(tmp_path / "a", OpenSearchBackend(opensearch_url, index))
    run_index(archive, [str(SAMPLES)], workers=1)
    real = osb.OpenSearchBackend.upsert

    def one_then_interrupt(self, records, submit=None):
        real(self, records[:1], submit)
        raise KeyboardInterrupt

    monkeypatch.setattr(osb.OpenSearchBackend, "upsert", one_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        index_sync.reindex(archive)
    monkeypatch.undo()
    assert archive.index.count() == 1 and index_sync.pending_count(archive) == archive.count() > 1
    archive.close()
    args = ["--archive", str(tmp_path / "a"), "--engine", "opensearch",
            "--opensearch-url", opensearch_url, "--opensearch-index", index]  # fmt: skip
    yield tmp_path / "a", args
    backend = OpenSearchBackend(opensearch_url, index)
    if backend.exists():
        backend.client.indices.delete(index=index)
    backend.close()


def _ok(archive_dir, args):
    archive = open_archive(archive_dir, OpenSearchBackend(args[5], args[7]))
    try:
        assert index_sync.pending_count(archive) == 0 and archive.index.count() == archive.count()
        assert check_archive(archive).ok
    finally:
        archive.close()


def test_reindex_resume_finishes_an_interrupted_reindex(interrupted):
    archive_dir, args = interrupted
    result = CliRunner().invoke(main, [*args, "reindex", "--resume"])
    assert result.exit_code == 0, result.output
    assert "(opensearch)" in result.output
    _ok(archive_dir, args)


def test_the_next_index_run_finishes_an_interrupted_reindex(interrupted):
    archive_dir, args = interrupted
    result = CliRunner().invoke(main, [*args, "index", "-q", str(SAMPLES)])
    assert result.exit_code == 0, result.output
    _ok(archive_dir, args)


def test_check_repair_finishes_an_interrupted_reindex_and_names_the_engine(interrupted):
    archive_dir, args = interrupted
    first = CliRunner().invoke(main, [*args, "check"])
    assert first.exit_code == 1 and "pending" in first.output and "opensearch" in first.output
    repaired = CliRunner().invoke(main, [*args, "check", "--repair"])
    assert repaired.exit_code == 0, repaired.output
    assert repaired.output.startswith("REPAIRED") and "opensearch" in repaired.output
    _ok(archive_dir, args)


def test_stats_prints_the_engine_its_health_and_agreement(interrupted):
    archive_dir, args = interrupted
    CliRunner().invoke(main, [*args, "check", "--repair"])
    result = CliRunner().invoke(main, [*args, "stats"])
    assert result.exit_code == 0, result.output
    engine = next(line for line in result.output.splitlines() if "engine:" in line)
    assert "opensearch, index ok" in engine and args[5] in engine and "status" in engine
    assert "current (agrees with the records)" in result.output
