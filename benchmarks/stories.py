"""Copy and version detection (archive/stories.py) on real pages made into copies, and its cost.

    .venv/bin/python benchmarks/stories.py [--bases 120] [--cost 20000,100000] [--ingest 2000]
                                           [--json]

Accuracy: real articles of eval/dev-wide (read at run time, never stored) are
extracted by the indexing pipeline, then each is re-published the way outlets do
it, as new saved pages under other outlets' templates and chrome
(``corpus.render_html``): the template alone, a new headline, the last paragraphs
cut, a local paragraph added, byline and dateline changed, a few sentences
reworded, and all of these at once; and as *versions* by its own outlet (edited
under a new address, and edited under the same address). Every page of an outlet
carries that outlet's sign-off paragraph. Negatives: the real articles among
themselves (with each one's nearest other article by vocabulary, "same
subject"), articles of the same outlet, and weekly columns (one outlet, one
title, the same intro and sign-off, different text). Everything is indexed with
``archive index`` into a temporary archive, and the stories it files are scored:
recall per kind of change, pairwise precision, links between negatives, story
purity, first seen; and, from the signatures, precision and recall of a direct
link at several thresholds (how ``COPY_THRESHOLD`` was chosen).

Cost: ``stories.note`` (signature, lookup, insert) per article on generated
records (10 % of them cut copies of earlier ones) at each size in ``--cost``,
medians over the last 1,000 articles, and the story tables' size per record;
with ``--ingest N``, the rate of ``archive index`` over N generated articles
without and with the story layer, alternating in one run.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus  # noqa: E402

from archive import database, minhash, stories  # noqa: E402
from archive.records import canonical_url, make_record_id  # noqa: E402
from archive.store import open_archive  # noqa: E402
from indexer.pipeline import records_from_bytes  # noqa: E402
from indexer.run import run_index  # noqa: E402

DEV_WIDE = ROOT.parent / "shared" / "eval" / "dev-wide"
SEED = 20261207
MIN_BASE_WORDS = 150
COPY_KINDS = ("template", "headline", "cut", "local", "byline", "reword", "combined")
VERSION_KINDS = ("version-new-address", "version-same-address")
COLUMN_SERIES, COLUMNS_PER_SERIES = 10, 4
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


@dataclass
class Page:
    """One generated saved page and what it truly is."""

    name: str
    group: str  # pages of one group are one story; every other pair is a negative
    kind: str  # "base", a copy or version kind, "column"
    outlet: int
    article: corpus.Article
    base: str | None = None  # the name of the page it copies
    extra: dict = field(default_factory=dict)


# ---------------------------------------------------------------- the pages
def load_bases(folder: Path, count: int) -> list[dict]:
    """Real articles: each dev-wide page through the pipeline, kept if long enough."""
    bases = []
    for path in sorted(folder.glob("*.html")):
        data = path.read_bytes()
        result = records_from_bytes(
            data, path=str(path), kind="html", sha256=hashlib.sha256(data).hexdigest()
        )
        if not result.records:
            continue
        record = result.records[0]
        paragraphs = [p for p in record.body.split("\n\n") if p.strip()]
        if len(record.body.split()) < MIN_BASE_WORDS or len(paragraphs) < 4:
            continue
        bases.append({"title": record.title or path.stem, "paragraphs": paragraphs})
        if len(bases) == count:
            break
    return bases


def _words(rng: random.Random, count: int) -> str:
    words, cumulative = corpus.vocabulary()
    return " ".join(rng.choices(words, cum_weights=cumulative, k=count))


def _sentence(rng: random.Random, count: int) -> str:
    text = _words(rng, count)
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, sentences: int = 3) -> str:
    return " ".join(_sentence(rng, rng.randint(10, 20)) for _ in range(sentences))


def _reword(rng: random.Random, paragraphs: list[str], sentences: int = 3) -> list[str]:
    """A few sentences lightly reworded: a word dropped, one replaced, two swapped."""
    out = list(paragraphs)
    for _ in range(sentences):
        i = rng.randrange(len(out))
        parts = re.split(r"(?<=[.!?]) ", out[i])
        j = rng.randrange(len(parts))
        words = parts[j].split()
        if len(words) > 6:
            del words[rng.randrange(1, len(words))]
            words[rng.randrange(1, len(words))] = rng.choice(("reportedly", "also", "then"))
            k = rng.randrange(1, len(words) - 1)
            words[k], words[k + 1] = words[k + 1], words[k]
        parts[j] = " ".join(words)
        out[i] = " ".join(parts)
    return out


class Outlets:
    """The generator's outlets: name, domain, template; each with its own sign-off paragraph."""

    def __init__(self):
        self.sources = corpus.source_list()
        rng = random.Random(f"{SEED}:signoff")
        self.signoff = [
            f"{_paragraph(rng, 2)} Follow {s['name']} for more news." for s in self.sources
        ]

    def article(self, outlet, number, title, paragraphs, date, slug=None, authors=None, rng=None):
        source = self.sources[outlet]
        rng = rng or random.Random(number)
        slug = slug or corpus._slug(title)[:50].strip("-") or "story"
        return corpus.Article(
            number=number,
            format="html",
            path="",
            title=title,
            body="\n\n".join([*paragraphs, self.signoff[outlet]]),
            date=date,
            source=source["name"],
            domain=source["domain"],
            url=f"https://www.{source['domain']}/news/{slug}-{number}",
            topic="world",
            authors=authors or rng.sample(source["staff"], 1),
            places=["Berlin"],
            keywords=["news"],
        )


def make_pages(bases: list[dict], outlets: Outlets) -> list[Page]:
    """Every base page, its copies and versions, and the columns."""
    rng = random.Random(SEED)
    pages, number = [], itertools.count(1)
    for b, base in enumerate(bases):
        home = b % len(outlets.sources)
        day = f"2024-{1 + b % 12:02d}-{1 + b % 27:02d}"
        paragraphs = base["paragraphs"]
        article = outlets.article(
            home, next(number), base["title"], paragraphs, f"{day}T06:00:00+00:00"
        )
        pages.append(Page(f"b{b}", f"g{b}", "base", home, article))
        for hour, kind in enumerate(COPY_KINDS, 8):
            outlet = rng.choice([o for o in range(len(outlets.sources)) if o != home])
            title, paras, authors = base["title"], list(paragraphs), None
            if kind in ("headline", "combined"):
                title = _sentence(rng, 7)[:-1]
            if kind in ("cut", "combined"):
                paras = paras[: max(2, len(paras) * 2 // 3)]
            if kind in ("local", "combined"):
                paras.insert(1, _paragraph(rng))
            if kind in ("byline", "combined"):
                authors = rng.sample(outlets.sources[outlet]["staff"], 1)
                paras[0] = f"BERLIN ({outlets.sources[outlet]['name']}) \u2014 {paras[0]}"
            if kind in ("reword", "combined"):
                paras = _reword(rng, paras)
            art = outlets.article(
                outlet,
                next(number),
                title,
                paras,
                f"{day}T{hour:02d}:00:00+00:00",
                authors=authors,
                rng=rng,
            )
            pages.append(Page(f"b{b}-{kind}", f"g{b}", kind, outlet, art, base=f"b{b}"))
        edited = _reword(rng, paragraphs, 1) + [_paragraph(rng, 1)]
        moved = outlets.article(
            home,
            next(number),
            base["title"] + " (updated)",
            edited,
            f"{day}T20:00:00+00:00",
            slug="updated",
            rng=rng,
        )
        pages.append(
            Page(f"b{b}-version-new-address", f"g{b}", "version-new-address", home, moved, f"b{b}")
        )
        same = outlets.article(home, article.number, base["title"], edited, article.date, rng=rng)
        same.url = article.url
        pages.append(
            Page(f"b{b}-version-same-address", f"g{b}", "version-same-address", home, same, f"b{b}")
        )
    for s in range(COLUMN_SERIES):
        outlet = (s * 7) % len(outlets.sources)
        intro = f"Every week our correspondent writes from the capital. {_paragraph(rng, 1)}"
        domain = outlets.sources[outlet]["domain"]
        outro = f"Write to the column at letters@{domain}. {_sentence(rng, 12)}"
        for w in range(COLUMNS_PER_SERIES):
            body = [intro, *(_paragraph(rng, 4) for _ in range(4)), outro]
            art = outlets.article(
                outlet,
                next(number),
                "Letter from the capital",
                body,
                f"2024-03-{1 + 7 * w:02d}T07:00:00+00:00",
                slug=f"letter-{s}-{w}",
                rng=rng,
            )
            pages.append(Page(f"c{s}-{w}", f"c{s}-{w}", "column", outlet, art, extra={"series": s}))
    return pages


# ---------------------------------------------------------------- scoring
def ingest(pages: list[Page], folder: Path) -> dict[str, str]:
    """Index the pages (in order: bases first) into an archive; page name -> record id."""
    files = folder / "pages"
    for n, page in enumerate(pages):
        sub = files / f"{n // 1000:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        path = sub / f"{n:05d}-{page.name}.html"
        path.write_text(corpus.render_html(page.article), encoding="utf-8")
    archive = open_archive(folder / "archive")
    # the same-address versions replace their base's record: index them last
    first = [p for p in sorted(files.rglob("*.html")) if "version-same-address" not in p.name]
    run_index(archive, [str(p) for p in first], workers=2)
    run_index(
        archive, [str(p) for p in sorted(files.rglob("*version-same-address.html"))], workers=2
    )
    stored = {r.id for r in archive.iter_records()}
    ids = {}
    for page in pages:  # a record's id comes from its address (the pipeline's rule)
        rid = make_record_id(f"url:{canonical_url(page.article.url)}")
        ids[page.name] = rid if rid in stored else None
    return archive, ids


def score(archive, pages: list[Page], ids: dict[str, str]) -> dict:
    db = archive.db
    story = dict(db.execute("SELECT record_id, story FROM story_members"))
    by_name = {p.name: p for p in pages}
    kinds = {}
    for kind in (*COPY_KINDS, *VERSION_KINDS):
        found = total = labelled = 0
        for page in (p for p in pages if p.kind == kind):
            total += 1
            rid, base = ids.get(page.name), ids.get(page.base)
            if kind == "version-same-address":
                found += (
                    bool(rid) and len(archive.versions(rid)) == 2 and story.get(rid) is not None
                )
                labelled += 1
                continue
            hit = rid and base and story.get(rid) == story.get(base)
            found += bool(hit)
            want = "version" if kind.startswith("version") else "copy"
            labelled += (
                any(r.record_id == base and r.kind == want for r in stories.relatives(db, rid))
                if hit
                else 0
            )
        kinds[kind] = {"pages": total, "recall": found / total, "kind_right": labelled / total}
    group_of = {ids[p.name]: p.group for p in pages if ids.get(p.name)}
    members = defaultdict(list)
    for rid, s in story.items():
        if rid in group_of:
            members[s].append(rid)
    same = wrong = 0
    false_pairs = []
    for rids in members.values():
        for a, b in itertools.combinations(rids, 2):
            if group_of[a] == group_of[b]:
                same += 1
            else:
                wrong += 1
                false_pairs.append((a, b))
    purity = sum(max(Counter(group_of[r] for r in rids).values()) for rids in members.values())
    name_of = {rid: name for name, rid in ids.items() if rid}
    negatives = Counter()
    for a, b in false_pairs:
        pa, pb = by_name[name_of[a]], by_name[name_of[b]]
        if pa.kind == pb.kind == "column":
            negatives["columns"] += 1
        elif pa.outlet == pb.outlet:
            negatives["same outlet"] += 1
        else:
            negatives["other"] += 1
    first_right = 0
    bases = [p for p in pages if p.kind == "base"]
    for page in bases:
        seen = stories.first_seen(db, story[ids[page.name]])
        first_right += bool(seen) and seen[0] == ids[page.name]
    return {
        "kinds": kinds,
        "pair_precision": same / max(1, same + wrong),
        "false_pairs": dict(negatives),
        "story_purity": purity / max(1, len(group_of)),
        "stories": len(members),
        "records": len(group_of),
        "first_seen_right": first_right / len(bases),
    }


def sweep(archive, pages: list[Page], ids: dict[str, str], bases_text: dict) -> dict:
    """Precision and recall of one direct link (page -> its base) per threshold, from signatures."""
    rows = {
        rid: (blob, count)
        for rid, blob, count in archive.db.execute(
            "SELECT record_id, signature, shingles FROM story_members WHERE signature IS NOT NULL"
        )
    }
    positives, negatives = [], []
    for page in pages:
        if page.base and page.kind != "version-same-address":
            a, b = rows.get(ids.get(page.name)), rows.get(ids.get(page.base))
            if a and b:
                positives.append(minhash.containment(*a, *b))
    names = [p for p in pages if p.kind in ("base", "column") and ids.get(p.name) in rows]
    for pa, pb in itertools.combinations(names, 2):
        negatives.append(minhash.containment(*rows[ids[pa.name]], *rows[ids[pb.name]]))
    nearest = _nearest_pairs(bases_text)
    subject = [
        minhash.containment(*rows[ids[f"b{i}"]], *rows[ids[f"b{j}"]])
        for i, j in nearest
        if ids.get(f"b{i}") in rows and ids.get(f"b{j}") in rows
    ]
    table = {}
    for t in THRESHOLDS:
        tp = sum(v >= t for v in positives)
        fp = sum(v >= t for v in negatives)
        table[t] = {
            "precision": tp / max(1, tp + fp),
            "recall": tp / max(1, len(positives)),
            "false": fp,
        }
    return {
        "positives": len(positives),
        "negative_pairs": len(negatives),
        "min_positive": round(min(positives), 3),
        "p05_positive": round(sorted(positives)[len(positives) // 20], 3),
        "max_negative": round(max(negatives), 3),
        "max_same_subject": round(max(subject), 3) if subject else None,
        "by_threshold": table,
    }


def _nearest_pairs(texts: dict[int, str]) -> list[tuple[int, int]]:
    """Each base with its nearest other base by shared distinct words (same subject, as near as
    we have)."""
    bags = {i: {w for w in re.findall(r"\w{5,}", t.lower())} for i, t in texts.items()}
    pairs = []
    for i, bag in bags.items():
        best = max(
            (j for j in bags if j != i), key=lambda j: len(bag & bags[j]) / (1 + len(bag | bags[j]))
        )
        pairs.append((i, best))
    return pairs


# ---------------------------------------------------------------- cost
def cost(sizes: list[int]) -> list[dict]:
    """ms per article of stories.note at each size, on generated records, and the tables' size."""
    rng = random.Random(f"{SEED}:cost")
    results, bodies = [], []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "stories.db"
        conn = database.connect(path, read_only=False)  # stories mark records' index rows
        done = 0
        for size in sorted(sizes):
            timings, signing = [], []
            while done < size:
                conn.execute("BEGIN")
                for _ in range(min(1000, size - done)):
                    if bodies and rng.random() < 0.1:  # a cut copy of an earlier article
                        words = rng.choice(bodies).split()
                        body = " ".join(words[: len(words) * 2 // 3])
                    else:
                        body = " ".join(_paragraph(rng, rng.randint(20, 40)) for _ in range(1))
                    if len(bodies) < 5000:
                        bodies.append(body)
                    record = SimpleNamespace(
                        id=f"{done:016x}", body=body, source=f"outlet {done % 200}", url=None
                    )
                    conn.execute(  # the record's row, as the write batch saves it first
                        "INSERT INTO records (id, sha256, added, updated, content_hash,"
                        " extractor_version, data) VALUES (?, '', '', '', '', 0, '{}')",
                        (record.id,),
                    )
                    start = time.perf_counter()
                    stories.note(conn, record)
                    elapsed = time.perf_counter() - start
                    if size - done <= 1000:
                        timings.append(elapsed * 1000)
                        start = time.perf_counter()
                        minhash.signature(minhash.shingle_hashes(body))
                        signing.append((time.perf_counter() - start) * 1000)
                    done += 1
                conn.execute("COMMIT")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            size_mb = path.stat().st_size / 1e6
            results.append(
                {
                    "records": size,
                    "note_ms_p50": round(statistics.median(timings), 3),
                    "note_ms_p95": round(sorted(timings)[int(len(timings) * 0.95)], 3),
                    "signature_ms_p50": round(statistics.median(signing), 3),
                    "index_mb": round(size_mb, 1),
                    "bytes_per_record": round(size_mb * 1e6 / size),
                }
            )
            print(f"cost at {size}: {results[-1]}", file=sys.stderr)
        conn.close()
    return results


def ingest_rate(count: int, rounds: int = 2) -> dict:
    """Articles per second of ``archive index`` over a generated corpus, without and with stories.

    The two alternate (off, on, off, on, ...) in the same run, each into a new archive.
    """
    folder = corpus.build_corpus(count).files
    rates: dict[str, list[float]] = {"off": [], "on": []}
    real = stories.note
    for mode in ("off", "on") * rounds:
        with tempfile.TemporaryDirectory() as tmp:
            if mode == "off":
                stories.note = lambda conn, record: 0
            try:
                archive = open_archive(Path(tmp) / "archive")
                start = time.perf_counter()
                run_index(archive, [str(folder)], workers=2)
                rates[mode].append(count / (time.perf_counter() - start))
                archive.close()
            finally:
                stories.note = real
        print(f"ingest {mode}: {rates[mode][-1]:.1f} articles/s", file=sys.stderr)
    off, on = statistics.median(rates["off"]), statistics.median(rates["on"])
    return {
        "articles": count,
        "off_per_s": round(off, 1),
        "on_per_s": round(on, 1),
        "cost_pct": round(100 * (off - on) / off, 1),
        "runs": rates,
    }


# ---------------------------------------------------------------- main
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bases", type=int, default=120)
    parser.add_argument("--pages", type=Path, default=DEV_WIDE)
    parser.add_argument(
        "--cost", default="20000,100000", help="sizes for the cost run ('' skips it)"
    )
    parser.add_argument(
        "--ingest", type=int, default=0, help="articles for the ingest A/B (0 skips)"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    out = {"threshold": stories.COPY_THRESHOLD, "bands": minhash.BANDS, "rows": minhash.ROWS}
    if args.bases:
        start = time.perf_counter()
        bases = load_bases(args.pages, args.bases)
        outlets = Outlets()
        pages = make_pages(bases, outlets)
        print(f"{len(bases)} articles, {len(pages)} pages", file=sys.stderr)
        with tempfile.TemporaryDirectory() as tmp:
            archive, ids = ingest(pages, Path(tmp))
            out["accuracy"] = score(archive, pages, ids)
            texts = {i: "\n".join(b["paragraphs"]) for i, b in enumerate(bases)}
            out["sweep"] = sweep(archive, pages, ids, texts)
            archive.close()
        out["accuracy_seconds"] = round(time.perf_counter() - start, 1)
        _print_accuracy(out)
    if args.cost:
        out["cost"] = cost([int(s) for s in args.cost.split(",") if s])
        for row in out["cost"]:
            print(
                f"{row['records']:>7} records: note p50 {row['note_ms_p50']} ms, p95 "
                f"{row['note_ms_p95']} ms (signature p50 {row['signature_ms_p50']} ms); "
                f"story tables {row['index_mb']} MB ({row['bytes_per_record']} B/record)"
            )
    if args.ingest:
        out["ingest"] = row = ingest_rate(args.ingest)
        print(
            f"ingest of {row['articles']} articles: {row['off_per_s']}/s without stories, "
            f"{row['on_per_s']}/s with ({row['cost_pct']} % slower)"
        )
    if args.json:
        print(json.dumps(out))


def _print_accuracy(out: dict) -> None:
    acc = out["accuracy"]
    print(f"{'change':<22}{'pages':>6}{'recall':>8}{'kind right':>12}")
    for kind, row in acc["kinds"].items():
        print(f"{kind:<22}{row['pages']:>6}{row['recall']:>8.3f}{row['kind_right']:>12.3f}")
    print(
        f"pairwise precision {acc['pair_precision']:.4f}; false pairs {acc['false_pairs'] or 0}; "
        f"story purity {acc['story_purity']:.4f} ({acc['records']} records in {acc['stories']} "
        f"stories); first seen right {acc['first_seen_right']:.3f}"
    )
    sw = out["sweep"]
    print(
        f"containment of a copy or version to its base: min {sw['min_positive']}, 5th percentile "
        f"{sw['p05_positive']}; of negatives ({sw['negative_pairs']} pairs):"
        f" max {sw['max_negative']}"
        f" (nearest same-subject pair: {sw['max_same_subject']})"
    )
    for t, row in sw["by_threshold"].items():
        print(
            f"  threshold {t}: precision {row['precision']:.4f} recall {row['recall']:.4f}"
            f" ({row['false']} false links)"
        )


if __name__ == "__main__":
    main()
