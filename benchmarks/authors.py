"""Author accuracy on eval/dev and eval/dev-wide, on all pages and on sites left out.

    .venv/bin/python benchmarks/authors.py [--shared /work/shared] [--misses] [--held-out]

Each page goes through the author ladder alone (``parse_page``, ``extract_sitename``,
``extract_authors``: what ``extract_html`` does for authors), scored as ``score.py`` scores
them (its normalisation is read from ``eval/score.py`` at run time): accuracy over the pages
whose gold names an author, and the share of no-author pages left empty.

The leave-sites-out measure. The author rules are written by hand from the pages whose
misses we read, so a page whose misses were read is no test of them. Every site (the
host of the page's address; for a web.archive.org capture the archived host) falls into
one of ``FOLDS`` folds by a hash of its name; the sites of fold ``HELD_OUT`` are the
held-out sites: ``--misses`` never prints their pages (``--held-out`` does, to audit the
split, and spends it), and no rule may be written from them; a held-out page read all
the same is listed in ``SPENT`` and counts as fitted. The figure on held-out sites is
the leave-sites-out figure; the figure on the other sites is the one the rules were
fitted to. Rules from before the split (``SPLIT_SINCE``) saw every page, so for them
the held-out figure is an upper bound.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.extract._authors import extract_authors  # noqa: E402
from indexer.extract._charset import decode_bytes  # noqa: E402
from indexer.extract._metadata import extract_sitename, extract_url  # noqa: E402
from indexer.extract._page import parse_page  # noqa: E402

SETS = ("dev", "dev-wide")
FOLDS = 3
HELD_OUT = 0
#: When rules began to be written without reading held-out pages.
SPLIT_SINCE = "the authors branch, December 2026"
#: Held-out pages read while writing rules all the same (spent): they count as fitted.
SPENT = frozenset({"dev051_link.springer.com.1007.html"})


def site_of(url: str | None) -> str:
    """The site a gold address belongs to: its host without ``www.``; a web.archive.org
    capture belongs to the archived host."""
    parts = urlsplit(url or "")
    host = parts.netloc.lower()
    if host == "web.archive.org":
        inner = parts.path.split("/", 3)[-1]
        inner = inner if "://" in inner else "http://" + inner
        host = urlsplit(inner).netloc.lower()
    return host.removeprefix("www.")


def is_held_out(site: str) -> bool:
    """Whether ``site`` is one of the held-out sites (a fixed hash of its name)."""
    return int(hashlib.sha256(site.encode()).hexdigest(), 16) % FOLDS == HELD_OUT


def predict(path: Path) -> list[str]:
    """The authors the ladder gives for the saved page at ``path``."""
    page = parse_page(decode_bytes(path.read_bytes()), None)
    page.url = extract_url(page)
    return extract_authors(page, extract_sitename(page))


def _score_module(shared: Path):
    spec = importlib.util.spec_from_file_location("score", shared / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def evaluate(shared: Path, name: str) -> list[dict]:
    """One row per gold page of set ``name`` that has author gold."""
    score = _score_module(shared)
    folder = shared / "eval" / name
    rows = []
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        if gold.get("author") is None:
            continue
        authors = predict(folder / gold["file"])
        site = site_of(gold.get("url"))
        expected, got = score.author_set(gold["author"]), score.author_set("; ".join(authors))
        rows.append(
            {
                "set": name,
                "file": gold["file"],
                "site": site,
                "held_out": is_held_out(site) and gold["file"] not in SPENT,
                "gold": gold["author"],
                "predicted": authors,
                "has_author": bool(expected),
                "right": expected == got,
            }
        )
    return rows


def summary(rows: list[dict]) -> str:
    """'accuracy (right/pages), no-author left empty (right/pages)'."""
    named = [row for row in rows if row["has_author"]]
    empty = [row for row in rows if not row["has_author"]]
    return (
        f"author {_share(named)} ({sum(r['right'] for r in named)}/{len(named)}), "
        f"no-author empty {_share(empty)} ({sum(r['right'] for r in empty)}/{len(empty)})"
    )


def _share(rows: list[dict]) -> str:
    return f"{sum(r['right'] for r in rows) / len(rows):.3f}" if rows else "n/a"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--misses", action="store_true", help="list misses on fitted sites")
    parser.add_argument("--held-out", action="store_true", help="list held-out misses too")
    args = parser.parse_args(argv)
    every: list[dict] = []
    for name in SETS:
        rows = evaluate(args.shared, name)
        every += rows
        fitted = [row for row in rows if not row["held_out"]]
        held = [row for row in rows if row["held_out"]]
        print(f"{name}: all pages {summary(rows)}")
        print(f"{name}:   fitted sites ({len(fitted)} pages) {summary(fitted)}")
        print(f"{name}:   held-out sites ({len(held)} pages) {summary(held)}")
        for row in rows:
            if (
                not row["right"]
                and (args.misses or args.held_out)
                and (args.held_out or not row["held_out"])
            ):
                print(f"  miss {row['file']}: gold {row['gold']!r} got {row['predicted']!r}")
    held = [row for row in every if row["held_out"]]
    print(f"both sets: held-out sites ({len(held)} pages) {summary(held)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
