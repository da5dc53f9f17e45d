"""What accounts cost: a login's password hashing, and the per-request access check.

    .venv/bin/python benchmarks/accounts.py ARCHIVE_DIR [--repeats 30] [--json]

Works on a copy of ARCHIVE_DIR (a viewer is added there, never to the original).
The search page (``web_latency.QUERIES``) is requested in turn anonymously (the copy
is served with ``public_read``) and with a logged-in session, in the same run; p50/p95
are over all timed requests. ``check_us`` times the request hooks alone (Host
check, Origin check, session and role check) with ``app.preprocess_request``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import g  # noqa: E402
from werkzeug.security import check_password_hash, generate_password_hash  # noqa: E402

from app import create_app  # noqa: E402
from archive import Settings, accounts  # noqa: E402
from benchmarks.web_latency import QUERIES, percentile  # noqa: E402

PASSWORD = "a benchmark password"


def kdf_ms(rounds: int = 7) -> dict:
    """Median ms to hash a password (adding a user) and to check one (a login)."""
    hashed, checked = [], []
    for _ in range(rounds):
        started = time.perf_counter()
        value = generate_password_hash(PASSWORD, method=accounts.KDF)
        hashed.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        assert check_password_hash(value, PASSWORD)
        checked.append((time.perf_counter() - started) * 1000)
    return {"hash_ms": statistics.median(hashed), "check_ms": statistics.median(checked)}


def _check_us(app, cookie: str | None, rounds: int = 2000) -> float:
    """Median µs of the before-request hooks for GET /search (no view, no template)."""
    headers = {"Cookie": f"archive_session={cookie}"} if cookie else {}
    times = []
    for _ in range(rounds):
        with app.test_request_context("/search?q=port", headers=headers):
            started = time.perf_counter()
            assert app.preprocess_request() is None
            times.append((time.perf_counter() - started) * 1e6)
            assert (g.user is not None) == bool(cookie)
    return statistics.median(times)


def measure(archive_dir: str, repeats: int) -> dict:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp) / "archive"
        shutil.copytree(archive_dir, folder, ignore=shutil.ignore_patterns(".lock"))
        app = create_app(Settings(archive_dir=folder, public_read=True))
        archive = app.extensions["news_archive"]
        accounts.add_user(archive, "bench", "viewer", PASSWORD)
        anonymous, member = app.test_client(), app.test_client()
        member.environ_base["HTTP_ORIGIN"] = "http://localhost"
        with member.session_transaction() as session:
            session["csrf_token"] = "bench"
        member.post(
            "/login",
            data={"name": "bench", "password": PASSWORD, "csrf_token": "bench"},
        )
        cookie = member.get_cookie("archive_session").value
        times: dict[str, list[float]] = {"anonymous": [], "session": []}
        for params in QUERIES:
            url = "/search?" + urlencode({k: v for k, v in params.items() if v})
            for name, client in (("anonymous", anonymous), ("session", member)):
                response = client.get(url, follow_redirects=True)  # warm up
                if response.status_code != 200:
                    raise SystemExit(f"{url} gave HTTP {response.status_code} ({name})")
            for _ in range(repeats):
                for name, client in (("anonymous", anonymous), ("session", member)):
                    started = time.perf_counter()
                    _ = client.get(url, follow_redirects=True).data
                    times[name].append((time.perf_counter() - started) * 1000)
        result = {
            "requests_each": len(times["session"]),
            **{
                f"{name}_{stat}_ms": round(fn(values), 2)
                for name, values in times.items()
                for stat, fn in (("p50", statistics.median), ("p95", lambda v: percentile(v, 95)))
            },
            "check_us_anonymous": round(_check_us(app, None), 1),
            "check_us_session": round(_check_us(app, cookie), 1),
            **{k: round(v, 1) for k, v in kdf_ms().items()},
        }
        archive.close()
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive_dir")
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = measure(args.archive_dir, args.repeats)
    for key, value in result.items():
        print(f"{key:24} {value}")
    if args.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
