"""Small saved pages written for the tests, and a helper to build a real archive from them."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive.query import parse_query_notes
from archive.settings import Settings
from archive.store import open_archive
from indexer.run import run_index

PARAGRAPH = (
    "Officials said the measures would be reviewed after the winter, when the new figures "
    "are published and the regional council meets again to discuss the budget."
)


def html_page(
    title: str,
    body: str,
    *,
    date: str | None = None,
    site: str = "Harbour Gazette",
    url: str | None = None,
    author: str | None = None,
    keywords: str | None = None,
    lang: str = "en",
) -> str:
    """A saved news page with the usual chrome around the article."""
    meta = [
        f'<meta property="og:site_name" content="{site}">',
        f'<meta property="og:title" content="{title}">',
    ]
    if date:
        meta.append(f'<meta property="article:published_time" content="{date}">')
    if url:
        meta.append(f'<link rel="canonical" href="{url}">')
    if author:
        meta.append(f'<meta name="author" content="{author}">')
    if keywords:
        meta.append(f'<meta name="keywords" content="{keywords}">')
    paragraphs = "\n".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title} | {site}</title>
{chr(10).join(meta)}</head>
<body><header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav></header>
<main><article><h1>{title}</h1>
{paragraphs}
</article></main>
<footer><p>Copyright {site}. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>"""


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def warc_bytes(pages: list[tuple[str, str]], gz: bool = True) -> bytes:
    """A WARC with a warcinfo record, a request, one HTML response per (url, html), and an image."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "tests"}))
    for url, html in pages:
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(html.encode("utf-8")),
            length=len(html.encode("utf-8")),
            http_headers=headers,
            warc_headers_dict={"WARC-Date": "2024-02-03T10:00:00Z"},
        )
        writer.write_record(record)
    image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(
            "https://example.org/logo.png",
            "response",
            payload=io.BytesIO(b"\x89PNG...."),
            length=8,
            http_headers=image,
        )
    )
    return out.getvalue()


def jsonl(objects: list[dict]) -> str:
    return "\n".join(json.dumps(o) for o in objects) + "\n"


def sigint_as_at_a_terminal() -> None:
    """A child's ``preexec_fn``: Ctrl-C (SIGINT) handled as at a terminal. A test suite run as a
    background job ignores SIGINT and its children inherit that, so they would not stop."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def slow_article(monkeypatch, member: str, seconds: float = 5) -> None:
    """Make the extraction of the container article ``member`` take ``seconds``."""
    import indexer.pipeline as pipeline

    real = pipeline.build_record

    def build_record(item, *args, **kwargs):
        if item.member == member:
            time.sleep(seconds)
        return real(item, *args, **kwargs)

    monkeypatch.setattr(pipeline, "build_record", build_record)


def build_archive(archive_dir: Path, *paths: Path, backend=None, **options):
    """Index ``paths`` into a real archive in ``archive_dir`` (on ``backend``, else
    Whoosh); returns (archive, summary)."""
    archive = open_archive(archive_dir, backend)
    summary = run_index(archive, [str(p) for p in paths], workers=1, **options)
    return archive, summary


def edited_article(folder: Path) -> Path:
    """An archive source folder where one page was saved, edited (a stealth edit) and copied."""
    url = "https://harbour.example/news/quay"
    first = html_page(
        "Quay repairs finished",
        f"The council said the quay repairs cost 2 million.\n\n{PARAGRAPH}",
        date="2023-05-02T08:00:00+00:00",
        url=url,
    )
    write(folder / "quay.html", first)
    return folder / "quay.html"


def edit_article(path: Path) -> None:
    """The same page saved again with a changed figure and an added sentence."""
    text = path.read_text(encoding="utf-8")
    text = text.replace("cost 2 million.", "cost 3 million, more than planned.")
    path.write_text(text, encoding="utf-8")
    import os

    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


def mhtml_bytes(
    html: str, *, charset: str = "utf-8", url: str = "https://news.example/page"
) -> bytes:
    """A page saved as MHTML (as Chrome writes it): the HTML part quoted-printable, one image."""
    import quopri

    body = quopri.encodestring(html.encode(charset)).decode("ascii")
    return (
        "From: <Saved by Blink>\r\n"
        f"Snapshot-Content-Location: {url}\r\n"
        "Subject: saved page\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; type="text/html"; boundary="----MultipartBoundary--x1"\r\n'
        "\r\n"
        "------MultipartBoundary--x1\r\n"
        f"Content-Type: text/html; charset={charset}\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n"
        f"Content-Location: {url}\r\n"
        "\r\n"
        f"{body}\r\n"
        "------MultipartBoundary--x1\r\n"
        "Content-Type: image/png\r\n"
        "Content-Transfer-Encoding: base64\r\n"
        "Content-Location: https://news.example/logo.png\r\n"
        "\r\n"
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==\r\n"
        "------MultipartBoundary--x1--\r\n"
    ).encode("ascii")


def pdf_bytes(lines: list[str], *, title: str | None = None, text: bool = True) -> bytes:
    """A minimal one-page PDF written by hand: ``lines`` in its text layer (Helvetica)."""

    def escape(line: str) -> str:
        return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    ops = ["BT", "/F1 11 Tf", "14 TL", "72 720 Td"]
    for line in lines:
        ops.append(f"({escape(line)}) Tj T*")
    ops.append("ET")
    stream = "\n".join(ops) if text else "0 0 m 100 100 l S"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream",
    ]
    if title:
        objects.append(f"<< /Title ({escape(title)}) >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    info = f" /Info {len(objects)} 0 R" if title else ""
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{info} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


@contextlib.contextmanager
def read_only_view(folder: Path) -> Iterator[Path]:
    """``folder`` as the system makes it read-only: ``chmod -R a-w`` for a normal user; for
    root (whom permissions do not stop) a read-only bind mount. Skips where neither works."""
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in [folder, *folder.rglob("*")]}
        for path, mode in modes.items():
            path.chmod(mode & ~0o222)
        try:
            yield folder
        finally:
            for path, mode in modes.items():
                path.chmod(mode)
        return
    view = folder.with_name(folder.name + "-read-only")
    view.mkdir()
    mounted = subprocess.run(["mount", "--bind", str(folder), str(view)], capture_output=True)
    if mounted.returncode:
        view.rmdir()
        pytest.skip(f"root cannot make a read-only view here: {mounted.stderr.decode().strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(view)], check=True)
        yield view
    finally:
        subprocess.run(["umount", str(view)], check=True)
        view.rmdir()


# ---------------------------------------------------------------- one story, several outlets
#: A wire story written for these tests: six paragraphs.
WIRE = [
    "Fishermen in the northern bay hauled in their largest herring catch in twenty years on "
    "Monday, after a cold spring pushed the shoals closer to the coast than usual.",
    "The cooperative that runs the harbour auction said boats landed more than four hundred "
    "tonnes before noon, and that prices fell by a third as buyers struggled to keep up.",
    "Marine biologists at the coastal institute warned that a single good season did not mean "
    "the stock had recovered, and asked the ministry to keep the quotas agreed last year.",
    "Smokehouses along the quay hired extra workers for the week, and the town's two canneries "
    "said they would run night shifts for the first time since the factory fire in March.",
    "The ministry said it would publish new survey figures in the autumn, when research vessels "
    "return from the outer banks with samples from the spawning grounds.",
    "Until then the quotas stay as they are, a spokeswoman said, adding that inspectors would "
    "check landings at every harbour along the coast during the season.",
]
OTHER = [
    "The city council approved a new cycle lane along the river embankment on Thursday, ending a "
    "dispute with shop owners who feared the loss of parking spaces in front of their doors.",
    "Construction is due to begin in the spring and to last eight months, the transport "
    "department said, with the old tram bridge closed to cars for most of that time.",
    "Residents' groups welcomed the decision but asked for more crossings near the schools, "
    "where parents have long complained about lorries using the embankment as a shortcut.",
]
LOCAL = (
    "In our own harbour, skipper Ann Holm said the boats from the island had never seen so much "
    "herring so early, and that the local fish market would stay open on Sunday."
)


def _story_page(title, paragraphs, site, url, date):
    return html_page(title, "\n\n".join(paragraphs), site=site, url=url, date=date)


def write_wire_story(folder: Path) -> list[str]:
    """A wire story, a copy by another outlet (new headline, end cut, local paragraph), a version
    by the same outlet under a new address, and an unrelated article; the file names."""
    pages = {
        "orig.html": _story_page(
            "Record herring catch in the bay",
            WIRE,
            "Coast Post",
            "https://coastpost.example/herring",
            "2024-04-08T09:00:00+00:00",
        ),
        "copy.html": _story_page(
            "Herring boom surprises skippers",
            [LOCAL, *WIRE[:4]],
            "Island Herald",
            "https://islandherald.example/news/herring-boom",
            "2024-04-08T15:30:00+00:00",
        ),
        "version.html": _story_page(
            "Record herring catch in the bay, quotas stay",
            [*WIRE[:5], WIRE[5].replace("every harbour", "every port")],
            "Coast Post",
            "https://coastpost.example/herring-quotas",
            "2024-04-08T18:00:00+00:00",
        ),
        "other.html": _story_page(
            "Cycle lane approved",
            OTHER,
            "Coast Post",
            "https://coastpost.example/cycle-lane",
            "2024-04-09T08:00:00+00:00",
        ),
    }
    for name, text in pages.items():
        write(folder / name, text)
    return list(pages)


def wire_ids(archive, names: list[str]) -> dict[str, str]:
    """File name -> record id in an archive built from ``write_wire_story``'s folder."""
    return {
        name: archive.db.execute(
            "SELECT id FROM records WHERE json_extract(data, '$.origin.path') LIKE ?",
            (f"%/{name}",),
        ).fetchone()[0]
        for name in names
    }


@contextlib.contextmanager
def wire_story_app(tmp_path: Path):
    """The app over an archive of ``write_wire_story``'s three pages: (app, name -> id);
    the app's archive is closed on leaving."""
    from app import create_app

    names = write_wire_story(tmp_path / "in")
    arc, _ = build_archive(tmp_path / "arc", tmp_path / "in")
    ids = wire_ids(arc, names)
    arc.close()
    app = create_app(app_settings(tmp_path / "arc"))
    try:
        yield app, ids
    finally:
        app.extensions["news_archive"].close()


def lighthouse_archive(tmp_path: Path):
    """Three dated HTML pages about lighthouses, indexed into tmp_path/arc."""
    for n in range(3):
        write(
            tmp_path / "in" / f"p{n}.html",
            html_page(
                f"Lighthouse story {n}",
                f"Keepers of lighthouse {n}.\n\n{PARAGRAPH}",
                date=f"2022-05-0{n + 1}T10:00:00+00:00",
                url=f"https://e.example/{n}",
            ),
        )
    archive, _ = build_archive(tmp_path / "arc", tmp_path / "in")
    return archive


def parse_query(text: str):
    """The query tree of ``text`` alone (the product asks for its notices too)."""
    return parse_query_notes(text)[0]


def app_settings(folder, testing: bool = True, **values) -> Settings:
    """Settings for a test app over ``folder``: nothing read from the environment or instance."""
    return Settings(archive_dir=folder, flask_config={"TESTING": testing}, **values)


CSRF_TOKEN = "test-csrf-token"


def with_csrf(client):
    """A Flask test client whose POSTs carry its session's CSRF token, as a page's form would."""
    with client.session_transaction() as session:
        session["csrf_token"] = CSRF_TOKEN
    client.environ_base["HTTP_X_CSRF_TOKEN"] = CSRF_TOKEN
    return client


@contextlib.contextmanager
def serve_app(app, host: str = "127.0.0.1"):
    """A real werkzeug server for ``app`` in a thread; yields its base URL."""
    from werkzeug.serving import make_server

    server = make_server(host, 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()


TEAM_PASSWORD = "correct horse battery"
TEAM = (("vera", "viewer"), ("eddie", "editor"), ("ada", "admin"))


def add_team(archive) -> None:
    """A viewer (vera), an editor (eddie) and an admin (ada), all with TEAM_PASSWORD."""
    from archive import accounts

    for name, role in TEAM:
        accounts.add_user(archive, name, role, TEAM_PASSWORD)


def browser_client(app):
    """A test client that sends Origin and its session's CSRF token, like the site's forms."""
    client = with_csrf(app.test_client())
    client.environ_base["HTTP_ORIGIN"] = "http://localhost"
    return client


def login(app, name: str, password: str = TEAM_PASSWORD):
    """A client logged in as ``name`` through the login form, carrying its CSRF token."""
    client = browser_client(app)
    response = client.post("/login", data={"name": name, "password": password})
    assert response.status_code == 303, response.get_data(as_text=True)
    with client.session_transaction() as session:
        client.environ_base["HTTP_X_CSRF_TOKEN"] = session["csrf_token"]
    return client


def serve_nothing(monkeypatch, served: list) -> None:
    """``archive serve`` builds its app and server but does not listen; ``served`` gets
    (app, options) of each server made."""

    class Bound:
        def run(self):
            pass

        def stop(self):
            pass

    def make_server(app, host, port, limits):
        served.append((app, {"host": host, "port": port, **vars(limits)}))
        return Bound()

    monkeypatch.setattr("web.server.make_server", make_server)


def claimed_address_archive(tmp_path: Path, backend=None):
    """An article saved from its own site, then a page of another site whose canonical claims
    its address (``www.``, a slash and a fragment added) over another text (issue 22.1):
    (archive in tmp_path/arc, the genuine record's id, the claiming record's id)."""
    genuine = write(
        tmp_path / "saved" / "herring.html",
        _story_page(
            "Record herring catch in the bay",
            WIRE,
            "Coast Post",
            "https://coastpost.example/herring",
            "2024-04-08T09:00:00+00:00",
        ),
    )
    archive, _ = build_archive(tmp_path / "arc", genuine, backend=backend)
    claimant = write(
        tmp_path / "elsewhere" / "offer.html",
        _story_page(
            "Cycle lane approved",
            OTHER,
            "Spam Daily",
            "https://www.coastpost.example/herring/#top",
            "2024-04-09T08:00:00+00:00",
        ),
    )
    summary = run_index(archive, [str(claimant)], workers=1)
    counts = summary.to_dict()
    assert (counts["indexed"], counts["updated"]) == (1, 0), counts
    by_file = {Path(r.origin.path).name: r.id for r in archive.iter_records()}
    return archive, by_file["herring.html"], by_file["offer.html"]


def wait_for(condition, seconds: float = 15.0) -> bool:
    """Whether ``condition()`` came true within ``seconds`` (asked every 50 ms)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False
