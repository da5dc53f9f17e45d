"""Worker side of a run: one file read, extracted within its time budget, its original kept."""

import os
import time

import pytest

import indexer.workers as workers
from archive.originals import Originals
from indexer.limits import RunLimits
from tests.support import PARAGRAPH, html_page, write


def _task(path, kind="html"):
    stat = os.stat(path)
    return workers.Task(str(path), kind, stat.st_size, stat.st_mtime_ns)


@pytest.fixture
def job(tmp_path):
    return workers.Job(Originals(tmp_path / "originals"))


def test_a_file_with_an_article_gives_records_and_keeps_its_original(tmp_path, job):
    path = write(tmp_path / "in" / "a.html", html_page("Harbour reopens", PARAGRAPH))
    done = workers.process_file(_task(path), job)
    assert done.error is None and [r.title for r in done.result.records] == ["Harbour reopens"]
    assert job.originals.read(done.sha256) == path.read_bytes()


def test_a_file_without_an_article_keeps_no_original(tmp_path, job):
    path = write(tmp_path / "in" / "empty.html", "   ")
    done = workers.process_file(_task(path), job)
    assert not done.result.records and done.result.rejections[0].reason == "the file is empty"
    assert not job.originals.path(done.sha256).exists()


def test_a_file_over_its_time_budget_is_rejected(tmp_path, monkeypatch):
    path = write(tmp_path / "in" / "slow.html", html_page("Slow", PARAGRAPH))
    monkeypatch.setattr(workers, "records_from_bytes", lambda *a, **k: time.sleep(5))
    job = workers.Job(Originals(tmp_path / "originals"), limits=RunLimits(file_seconds=0.1))
    started = time.monotonic()
    done = workers.process_file(_task(path), job)
    assert done.error == "took too long (over 0.1 s)" and time.monotonic() - started < 2


def test_a_pipe_is_never_read(tmp_path, job):
    fifo = tmp_path / "in.html"
    os.mkfifo(fifo)
    done = workers.process_file(workers.Task(str(fifo), "html", 0, 0), job)
    assert done.error == "cannot read the file: not a regular file"
