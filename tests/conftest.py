"""Shared fixtures. Archives opened by tests are closed at the end of the session.

The web tests' fixtures (below the line) build a real archive once per session by
indexing small files written here, and give each test a copy: ``web_archive_dir``,
``app``, ``client``, ``empty_app``.
"""

import json
import shutil
from pathlib import Path

import pytest

from archive.store import Archive

pytest_plugins = ["tests.opensearch_fixtures"]  # opensearch_url, REQUIRE_OPENSEARCH

_opened: list[Archive] = []
_real_init = Archive.__init__


def _tracking_init(self, *args, **kwargs):
    _real_init(self, *args, **kwargs)
    _opened.append(self)


Archive.__init__ = _tracking_init


def pytest_sessionfinish(session, exitstatus):
    for archive in _opened:
        archive.close()


@pytest.fixture
def archive_dir(tmp_path):
    return tmp_path / "archive"


#: Every search backend the contract suite runs on (``tests/test_backend_contract.py``).
BACKENDS = ["whoosh", pytest.param("opensearch", marks=pytest.mark.opensearch)]


@pytest.fixture(params=BACKENDS)
def any_backend(request, tmp_path):
    """A new, not yet created backend of each kind."""
    if request.param == "whoosh":
        from archive.whoosh_backend import WhooshBackend

        backend = WhooshBackend(tmp_path / "index")
    else:
        import uuid

        from archive.opensearch_backend import OpenSearchBackend

        url = request.getfixturevalue("opensearch_url")
        backend = OpenSearchBackend(url, f"test-{uuid.uuid4().hex[:12]}")
    yield backend
    if backend.name == "opensearch" and backend.exists():
        backend.client.indices.delete(index=backend.index)
    backend.close()


# ---------------------------------------------------------------- web tests
#: Articles as a read-later export: exact control over every facet value.
EXPORT_ARTICLES = [
    {
        "title": "Hamburg dockworkers strike over automation",
        "source": "Harbour Gazette",
        "url": "https://harbour.example/news/hamburg-strike",
        "author": "Eleanor Quayle",
        "date": "2023-10-10T07:45:00+01:00",
        "lang": "en",
        "tags": ["ports", "strikes", "automation"],
        "body": "Container terminals in Hamburg stood idle on Tuesday after dockworkers began a "
        "48-hour strike over remote-controlled cranes at the port.\n\nThe union said "
        "talks with terminal operators had failed on 2 October 2023.",
    },
    {
        "title": "Automation deal ends Hamburg port dispute",
        "source": "Harbour Gazette",
        "url": "https://harbour.example/news/automation-deal",
        "author": "Eleanor Quayle",
        "date": "2023-11-02T18:05:00+01:00",
        "lang": "en",
        "tags": ["ports", "labour"],
        "body": "Terminal operators and dockworkers in Hamburg signed an agreement that ends the "
        "port dispute over automation. Cranes will be automated more slowly.",
    },
    {
        "title": "Storm closes Aberdeen harbour",
        "source": "North Courier",
        "url": "https://courier.example/storm-aberdeen",
        "author": "Alasdair Reid",
        "date": "2021-03-04",
        "lang": "en",
        "tags": ["weather", "ports"],
        "body": "Storm Ilse closed Aberdeen harbour as gales battered the coast of Scotland. "
        "It was the first full closure of the port since the winter of 2018.",
    },
    {
        "title": "Baltic converter station site chosen",
        "source": "Baltic Wire",
        "url": "https://balticwire.example/converter",
        "author": "Rasa Petrauskienė",
        "date": "28 June 2022",
        "lang": "en",
        "tags": ["energy", "grid", "Lithuania"],
        "body": "The Baltic Grid Alliance chose a site near the Lithuanian port city of Klaipėda "
        "for a converter station linking the grid to the North Sea cable.",
    },
    {
        "title": "Ferry operators in Bergen switch to batteries",
        "source": "Fjord Times",
        "url": "https://fjordtimes.example/ferries",
        "author": "Eirik Nygaard",
        "date": "2024-01-23",
        "lang": "en",
        "tags": ["energy", "ferries", "ports"],
        "body": "Bergen's fjord ferries now run on battery power. Ports and ferry operators in "
        "Denmark and Scotland are studying the experience of western Norway.",
    },
    {
        "title": "Summit in Washington on river pollution",
        "source": "Capitol Ledger",
        "url": "https://ledger.example/river-summit",
        "author": "Dana Brooks",
        "date": "2024-02-14",
        "lang": "en",
        "tags": ["Washington, D.C.", "pollution"],
        "body": "Officials met in Washington to agree limits on river pollution from factories "
        "along the Potomac. Environmental groups welcomed the plan.",
    },
    {
        "title": "Hafenstreik in Hamburg beendet",
        "source": "Rhein-Kurier",
        "url": "https://rhein-kurier.example/hafenstreik",
        "author": "Jonas Weber",
        "date": "2023-11-03",
        "lang": "de",
        "tags": ["Häfen", "Streik"],
        "body": "Der Streik im Hamburger Hafen ist beendet. Gewerkschaft und Betreiber einigten "
        "sich auf eine langsamere Automatisierung der Kräne.",
    },
    {
        "title": "Gletscher in der Schweiz schmelzen schneller",
        "source": "Alpenblatt",
        "url": "https://alpenblatt.example/gletscher",
        "author": "Anna Keller",
        "date": "2022-09-01",
        "lang": "de",
        "tags": ["Klima", "Zürich"],
        "body": "Die Gletscher in der Schweiz haben in diesem Sommer so viel Eis verloren wie "
        "nie zuvor. Forscher in Zürich sprechen von einem Rekordjahr.",
    },
    {
        "title": "Rougeole : campagne de vaccination à Genève",
        "source": "Courrier du Lac",
        "url": "https://courrier.example/rougeole",
        "author": "Claire Martin",
        "date": "2023-02-20",
        "lang": "fr",
        "tags": ["santé"],
        "body": "Les autorités de Genève lancent une campagne de vaccination contre la rougeole "
        "dans les écoles du canton.",
    },
    {
        "title": "<script>alert('title')</script> Markup & \"quotes\" in a title",
        "source": "Odd <Source> & Co",
        "url": "javascript:alert(1)",
        "author": '=HYPERLINK("http://x.example")',
        "date": "2020-05-05",
        "lang": "en",
        "tags": ["<b>tag</b>", "ports"],
        "body": "A body with <script>alert('body')</script> and <b>bold</b> markup & ampersands "
        "about the port.\n\nSecond paragraph about the harbour.",
    },
    {
        "title": "An undated note about the port",
        "source": "Notebook",
        "lang": "en",
        "tags": ["notes"],
        "body": "This note about the port and its cranes has no publication date at all.",
    },
]

HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | Coastal Review</title>
<link rel="canonical" href="https://coastal.example/{slug}">
<meta property="og:site_name" content="Coastal Review">
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{date}">
<meta property="article:author" content="Mara Lind">
<meta property="article:tag" content="ports">
<meta property="article:tag" content="erosion">
</head><body><article><h1>{title}</h1>
<p>{body}</p>
<p>Engineers said the sea wall around the port would need to be raised by a metre before
2030, and the council agreed to fund a study of the coast this year.</p>
</article></body></html>
"""

WARC_PAGES = [
    (
        "https://fjordtimes.example/ferries-warc",
        "2024-03-05T10:00:00Z",
        "Bergen ferry crossings added",
        "The ferry operator in Bergen added new crossings to "
        "the fjord as battery ferries proved reliable in the winter storms near the port.",
    ),
    (
        "https://highland.example/pylons",
        "2022-07-11T09:30:00Z",
        "Highland pylon route approved",
        "The pylon route across the Highlands was approved "
        "after a long inquiry into the grid connection and its effect on the landscape.",
    ),
]


def write_fixture_files(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "export.jsonl").write_text(
        "\n".join(json.dumps(a, ensure_ascii=False) for a in EXPORT_ARTICLES) + "\n",
        encoding="utf-8",
    )
    for slug, title, date, body in (
        (
            "sea-wall",
            "Sea wall plan for the port of Lerwick",
            "2023-06-15T08:00:00Z",
            "The council in Lerwick approved a plan for a higher sea wall at the port.",
        ),
        (
            "dune-erosion",
            "Dune erosion threatens coastal path",
            "2021-11-30T12:00:00Z",
            "Winter storms have eaten into the dunes north of the harbour town.",
        ),
    ):
        (folder / f"{slug}.html").write_text(
            HTML_PAGE.format(title=title, slug=slug, date=date, body=body), encoding="utf-8"
        )
    write_warc(folder / "crawl.warc.gz")


def write_warc(path: Path) -> None:
    from tests.support import warc_bytes

    path.write_bytes(
        warc_bytes(
            [
                (
                    url,
                    HTML_PAGE.format(
                        title=title, slug=url.rsplit("/", 1)[-1], date=when, body=body
                    ),
                )
                for url, when, title, body in WARC_PAGES
            ]
        )
    )


@pytest.fixture(scope="session")
def built_archive(tmp_path_factory) -> Path:
    """An archive indexed once per test session; tests get a copy of it."""
    root = tmp_path_factory.mktemp("built")
    files = root / "files"
    write_fixture_files(files)
    from archive.store import open_archive
    from indexer.run import run_index

    archive = open_archive(root / "archive")
    summary = run_index(archive, [str(files)], workers=1)
    assert not summary.rejected, summary.rejected
    archive.close()
    return root / "archive"


@pytest.fixture
def web_archive_dir(built_archive, tmp_path) -> Path:
    """A copy of the session's built archive that a test may change."""
    target = tmp_path / "web-archive"
    shutil.copytree(built_archive, target)
    return target


@pytest.fixture
def app(web_archive_dir):
    from app import create_app
    from tests.support import app_settings

    app = create_app(app_settings(web_archive_dir))
    yield app
    app.extensions["news_archive"].close()


@pytest.fixture
def client(app):
    """A client that behaves like a browser on the archive's own pages: its POSTs carry Origin
    and the session's CSRF token (as a page's form would)."""
    from tests.support import browser_client

    return browser_client(app)


@pytest.fixture
def team_app(web_archive_dir):
    """The web app over a copy of the test archive with a viewer, an editor and an admin."""
    from app import create_app
    from tests.support import add_team, app_settings

    app = create_app(app_settings(web_archive_dir))
    add_team(app.extensions["news_archive"])
    yield app
    app.extensions["news_archive"].close()


@pytest.fixture
def archive(app):
    return app.extensions["news_archive"]


@pytest.fixture
def empty_app(tmp_path):
    from app import create_app
    from tests.support import app_settings

    app = create_app(app_settings(tmp_path / "empty"))
    yield app
    app.extensions["news_archive"].close()


@pytest.fixture(params=BACKENDS)
def claimed_address_app(request, tmp_path):
    """The web app (on each engine) over an article and another site's page claiming its
    address: (app, genuine id, claiming id)."""
    from app import create_app
    from tests.support import app_settings, claimed_address_archive

    values, backend = {}, None
    if request.param == "opensearch":
        import uuid

        from archive.opensearch_backend import OpenSearchBackend

        url = request.getfixturevalue("opensearch_url")
        values = dict(
            engine="opensearch",
            opensearch_url=url,
            opensearch_index=f"test-{uuid.uuid4().hex[:12]}",
        )
        backend = OpenSearchBackend(url, values["opensearch_index"])
    archive, genuine, claimant = claimed_address_archive(tmp_path, backend)
    archive.close()
    app = create_app(app_settings(tmp_path / "arc", **values))
    yield app, genuine, claimant
    served = app.extensions["news_archive"]
    if backend is not None and served.index.exists():
        served.index.client.indices.delete(index=served.index.index)
    served.close()
