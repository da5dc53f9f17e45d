"""Faults on the OpenSearch engine: a cluster that is down or refuses records loses nothing.

- the web page and the JSON API answer 503 with a message a user can act on;
- the CLI prints one line (no traceback) and exits 1;
- an indexing run whose cluster goes away keeps its records pending; the next run,
  or ``archive check --repair``, indexes them;
- a record the cluster rejects is reported by id, never dropped.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

import archive.opensearch_backend as osb
from archive import index_sync
from archive.check import check_archive
from archive.errors import EngineUnavailableError
from archive.opensearch_backend import OpenSearchBackend, OpenSearchError
from archive.store import open_archive
from indexer.run import run_index
from tests.opensearch_node import free_ports

pytestmark = pytest.mark.opensearch
SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture
def dead_url():
    """An address where nothing listens (a free port on 127.0.0.1)."""
    return f"http://127.0.0.1:{free_ports(1)[0]}"


@pytest.fixture
def index_name(opensearch_url):
    name = f"test-faults-{uuid.uuid4().hex[:10]}"
    yield name
    backend = OpenSearchBackend(opensearch_url, name)
    if backend.exists():
        backend.client.indices.delete(index=name)
    backend.close()


@pytest.fixture
def made_archive(tmp_path, dead_url):
    """An archive folder with its records database (and no reachable cluster)."""
    archive = open_archive(tmp_path / "a", OpenSearchBackend(dead_url))
    assert archive.count() == 0  # creates archive.db
    archive.close()
    return tmp_path / "a"


def _cli(*args, env=None):
    from cli import main

    return CliRunner().invoke(main, list(args), env=env or {}, catch_exceptions=True)


def test_cli_search_with_the_cluster_down_prints_one_line(made_archive, dead_url):
    result = _cli(
        "--archive", str(made_archive), "--engine", "opensearch",
        "--opensearch-url", dead_url, "search", "x",
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert "cannot be reached" in lines[0] and dead_url in lines[0]
    assert "Traceback" not in result.output


def test_cli_stats_with_the_cluster_down_shows_the_archive_and_says_unavailable(
    made_archive, dead_url
):
    args = ["--archive", str(made_archive), "--engine", "opensearch", "--opensearch-url", dead_url]
    result = _cli(*args, "stats")
    assert result.exit_code == 0, result.output
    assert "records: 0" in result.output and "Traceback" not in result.output
    assert "opensearch, index unavailable" in result.output and dead_url in result.output
    data = __import__("json").loads(_cli(*args, "stats", "--json").output)
    assert data["index"] == "unavailable" and data["engine"]["status"] == "unavailable"


def test_cli_index_with_the_cluster_down_exits_1_and_the_next_run_indexes(
    tmp_path, dead_url, opensearch_url, index_name
):
    folder = tmp_path / "in"
    shutil.copytree(SAMPLES, folder)
    base = ["--archive", str(tmp_path / "a"), "--engine", "opensearch", "--opensearch-index",
            index_name]  # fmt: skip
    down = _cli(*base, "--opensearch-url", dead_url, "index", "-q", str(folder))
    assert down.exit_code == 1
    errors = [x for x in down.output.splitlines() if x.startswith("Error:")]
    assert len(errors) == 1 and "cannot be reached" in errors[0], down.output
    assert "Traceback" not in down.output
    up = _cli(*base, "--opensearch-url", opensearch_url, "index", "-q", str(folder))
    assert up.exit_code == 0, up.output
    archive = open_archive(tmp_path / "a", OpenSearchBackend(opensearch_url, index_name))
    assert archive.count() > 0 and archive.index.count() == archive.count()
    assert check_archive(archive).ok


def test_web_page_and_api_answer_503_when_the_cluster_is_down(made_archive, dead_url):
    from app import create_app
    from tests.support import app_settings

    app = create_app(app_settings(made_archive, engine="opensearch", opensearch_url=dead_url))
    client = app.test_client()
    page = client.get("/search?q=port")
    assert page.status_code == 503
    assert b"Search engine unavailable" in page.data and b"cannot be reached" in page.data
    api = client.get("/api/search?q=port")
    assert api.status_code == 503
    error = api.get_json()["error"]
    assert error["status"] == 503 and "cannot be reached" in error["message"]


def test_a_run_whose_cluster_goes_down_keeps_its_records_pending(
    tmp_path, monkeypatch, dead_url, opensearch_url, index_name
):
    folder = tmp_path / "in"
    shutil.copytree(SAMPLES, folder)
    archive = open_archive(tmp_path / "a", OpenSearchBackend(opensearch_url, index_name))
    archive.index.create()
    real_upsert = osb.OpenSearchBackend.upsert

    def upsert_on_a_dead_cluster(self, records, submit=None):
        self.close()
        self.url, self.urls = dead_url, [dead_url]  # the cluster is gone from here on
        return real_upsert(self, records, submit)

    monkeypatch.setattr(osb.OpenSearchBackend, "upsert", upsert_on_a_dead_cluster)
    with pytest.raises(EngineUnavailableError):
        run_index(archive, [str(folder)], workers=1)
    monkeypatch.undo()
    saved, pending = archive.count(), index_sync.pending_count(archive)
    assert saved > 0 and pending == saved  # every record is saved, none marked indexed
    archive.close()

    again = open_archive(tmp_path / "a", OpenSearchBackend(opensearch_url, index_name))
    report = check_archive(again, repair=True)
    assert index_sync.pending_count(again) == 0
    assert again.index.count() == saved
    assert check_archive(again).ok, report.verdict()
    summary = run_index(again, [str(folder)], workers=1)
    assert not summary.rejected and again.count() == saved  # nothing lost, nothing doubled


def test_a_record_the_mapping_rejects_is_reported_by_id(
    tmp_path, monkeypatch, opensearch_url, index_name
):
    archive = open_archive(tmp_path / "a", OpenSearchBackend(opensearch_url, index_name))
    run_index(archive, [str(SAMPLES)], workers=1)
    records = [archive.get(rid) for rid in sorted(archive.index.ids())[:3]]
    bad = records[1].id
    real = osb.record_to_document

    def rejected_date(record):
        document = real(record)
        if record.id == bad:
            document["published"] = "not a date"
        return document

    monkeypatch.setattr(osb, "record_to_document", rejected_date)
    with archive.transaction() as conn:
        conn.executemany("UPDATE records SET pending = 1 WHERE id = ?", [(r.id,) for r in records])
    with pytest.raises(OpenSearchError) as raised:
        index_sync.index_pending(archive)
    assert "1 record(s)" in str(raised.value) and bad in str(raised.value)
    assert index_sync.pending_count(archive) == 3  # the whole batch stays pending: retried next run
    monkeypatch.undo()
    assert index_sync.index_pending(archive) == 3 and check_archive(archive).ok
