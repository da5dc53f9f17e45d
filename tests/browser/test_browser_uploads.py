"""The upload page in a real Chromium: many files with per-file progress and results, drag and
drop, the plain form without JavaScript, and the refusal a viewer gets."""

from __future__ import annotations

import re
import shutil

import pytest

from archive.store import open_archive
from tests.browser.conftest import serve_archive
from tests.browser.test_browser_accounts import log_in
from tests.support import add_team, html_page

#: An upload's answer waits for the server's extraction (the first one starts its worker
#: pool): on a loaded machine that passed 10 s; the test checks what is shown, not speed.
UPLOAD_MS = 60_000

pytestmark = pytest.mark.browser

BODY = "Cranes at the north quay were repaired overnight.\n\n" + (
    "Dockworkers said the terminal would reopen once the inspectors had signed off. " * 4
)


def files(tmp_path, *names: str) -> list[str]:
    paths = []
    for name in names:
        path = tmp_path / name
        if name.endswith(".html"):
            path.write_text(html_page(f"Upload {name}", BODY + f"\n\nMarker {name[:-5]}."))
        else:
            path.write_bytes(b"PK\x03\x04 a zip archive")
        paths.append(str(path))
    return paths


@pytest.fixture(scope="module")
def server(built_archive, tmp_path_factory):
    folder = tmp_path_factory.mktemp("uploads") / "archive"
    shutil.copytree(built_archive, folder)
    archive = open_archive(folder)
    add_team(archive)
    archive.close()
    with serve_archive(folder) as url:
        yield url


def test_upload_many_files_with_progress_and_a_reason_for_each_rejection(
    page, server, tmp_path, shot
):
    log_in(page, server, "eddie")
    page.get_by_role("link", name="Add articles").click()
    page.wait_for_url(re.compile(r"/upload$"))
    chosen = files(tmp_path, "quayone.html", "quaytwo.html", "bundle.zip")
    page.get_by_label("Files to add").set_input_files(chosen)
    page.get_by_role("button", name="Upload").click()
    done = page.locator("#upload-done")
    done.wait_for(timeout=UPLOAD_MS)
    shot(page, "upload-done")
    assert done.inner_text() == "3 files: 2 indexed, 0 updated, 0 duplicates, 1 rejected."
    rows = page.locator("#upload-list li")
    assert rows.count() == 3
    assert page.locator("#upload-list progress").evaluate_all("bars => bars.map(b => b.value)") == [
        100,
        100,
        100,
    ]
    assert "rejected: not an article format (.zip)" in rows.nth(2).inner_text()
    rows.nth(0).get_by_role("link", name="open").click()
    page.wait_for_url(re.compile(r"/articles/[0-9a-f]{16}$"))
    assert "Upload quayone.html" in page.locator("h1").inner_text()


def test_dropping_files_uploads_them(page, server):
    log_in(page, server, "eddie")
    page.goto(server + "/upload")
    page.evaluate(
        """() => {
            const data = new DataTransfer();
            const html = "<html><head><title>Dropped quay page</title></head><body><article>"
                + "<p>The dropped page tells of the quay and its cranes, repaired at night.</p>"
                + "</article></body></html>";
            data.items.add(new File([html], "dropped.html", {type: "text/html"}));
            const zone = document.getElementById("drop-zone");
            zone.dispatchEvent(new DragEvent("drop", {dataTransfer: data, bubbles: true}));
        }"""
    )
    page.locator("#upload-done").wait_for(timeout=UPLOAD_MS)
    assert page.locator("#upload-done").inner_text().startswith("1 file: 1 indexed")


def test_without_javascript_the_form_posts_every_file_and_shows_the_summary(
    browser, server, tmp_path
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, server, "eddie")
        page.goto(server + "/upload")
        chosen = files(tmp_path, "nojsone.html", "other.zip")
        page.get_by_label("Files to add").set_input_files(chosen)
        page.get_by_role("button", name="Upload").click()
        page.locator("#upload-summary").wait_for()
        summary = " ".join(page.locator("#upload-summary").inner_text().split())
        assert "2 files: 1 indexed, 0 updated, 0 duplicates, 1 rejected." in summary
        assert "not an article format (.zip)" in page.locator("#upload-results").inner_text()
    finally:
        context.close()


def test_a_viewer_is_refused_with_a_clear_page(page, server):
    log_in(page, server, "vera")
    assert page.get_by_role("link", name="Add articles").count() == 0
    response = page.goto(server + "/upload")
    assert response.status == 403
    assert "needs editor rights" in page.locator("main").inner_text()
