"""The benchmark: ingest, unchanged re-run, search latency with facets, the server, FTS5 beside it.

    .venv/bin/python benchmarks/run.py --articles 5000 --json

Prints a table; with ``--json`` the last line of output is one JSON object of the figures.
Progress goes to stderr. Everything it writes lives under ``benchmarks/.cache/``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import corpus as corpus_module
import fts5
import psutil
import synthetic as synthetic_records
import tantivy_reference
from measure import folder_mb, median, percentile
from opensearch_engine import measure_opensearch, print_engines
from product import Server, archive_command, index_paths, open_search, subprocess_env
from queries import MIX_CATEGORIES, QUERIES

TARGETS = {  # at 100,000 articles on 2 cores (the targets)
    "ingest_per_s": (">=", 150),
    "reindex_unchanged_per_s": (">=", 2000),
    "search_p95_ms": ("<=", 100),
    "search_p95_ratio_fts5": ("<=", 1.0),
    "broad_p95_ms": ("<=", 300),
    "phrase_p95_ms": ("<=", 500),
    "commit_visible_s": ("<=", 2.0),
    "server_rss_mb": ("<=", 500),
}
COMMIT_PROBES = 3
COMMIT_POLL_S = 0.05
COMMIT_TIMEOUT_S = 60.0


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    size = parser.add_mutually_exclusive_group(required=True)
    size.add_argument("--articles", type=int, help="corpus size (saved pages, end to end)")
    size.add_argument(
        "--synthetic-records",
        type=int,
        metavar="N",
        help="N records written directly (no files, no extraction; benchmarks/synthetic.py)",
    )
    parser.add_argument("--json", action="store_true", help="end with one JSON line")
    parser.add_argument("--repeats", type=int, default=10, help="timed passes over the query mix")
    parser.add_argument("--reruns", type=int, default=3, help="unchanged re-runs of the indexer")
    parser.add_argument("--http-repeats", type=int, default=3, help="passes over HTTP")
    parser.add_argument("--profile", action="store_true", help="cProfile the slowest query")
    parser.add_argument(
        "--engine",
        choices=["whoosh", "opensearch"],
        default="whoosh",
        help="opensearch: also measure an OpenSearch node beside Whoosh",
    )
    parser.add_argument(
        "--opensearch-ingest",
        choices=["index", "reindex"],
        default="index",
        help="index: extract the corpus again into the OpenSearch archive (end "
        "to end); reindex: send the Whoosh run's records only (large corpora)",
    )
    parser.add_argument(
        "--opensearch-only",
        action="store_true",
        help="with --synthetic-records: no Whoosh index, FTS5, tantivy or server; only "
        "OpenSearch is built and searched (sizes Whoosh cannot build in the time)",
    )
    parser.add_argument(
        "--opensearch-heap", default="1g", help="the OpenSearch node's JVM heap (default 1g)"
    )
    args = parser.parse_args(argv)
    if args.opensearch_only and not args.synthetic_records:
        parser.error("--opensearch-only needs --synthetic-records")
    if args.opensearch_only:
        args.engine = "opensearch"
    started = time.perf_counter()
    synthetic = bool(args.synthetic_records)
    args.articles = args.articles or args.synthetic_records
    figures: dict = {"articles": args.articles, "synthetic": synthetic, "machine": machine()}

    name = f"run-synthetic-n{args.articles}" if synthetic else f"run-n{args.articles}"
    work = corpus_module.CACHE_DIR / name
    if work.exists():
        shutil.rmtree(work)  # a fresh archive every run; fails loudly if it cannot
    work.mkdir(parents=True)
    archive_dir = work / "archive"

    if synthetic:
        manifest = work / "manifest.jsonl"
        synthetic_records.measure_synthetic(
            figures, archive_dir, args.articles, manifest, log, build_index=not args.opensearch_only
        )
        corpus = SimpleNamespace(count=args.articles, files=None)

        def articles():
            return synthetic_records.manifest_articles(manifest)
    else:
        log(f"corpus of {args.articles} articles")
        t0 = time.perf_counter()
        cached = corpus_module.corpus_dir(args.articles).joinpath("corpus.json").exists()
        corpus = corpus_module.build_corpus(args.articles, log=log)
        figures["corpus_s"] = round(time.perf_counter() - t0, 1)
        figures["corpus_cached"] = cached
        articles = corpus.articles
        measure_ingest(figures, archive_dir, corpus, args.reruns)
    if args.opensearch_only:
        return finish_opensearch_only(figures, work, corpus, args, started)
    log("FTS5 reference index")
    figures["fts5_build"] = fts5.build_index(articles(), work / "fts5.db")
    log("tantivy reference index")
    figures["tantivy_build"] = tantivy_reference.build_index(articles(), work / "tantivy")
    per_query = measure_search(figures, archive_dir, work, args.repeats)
    try:
        with Server(archive_dir) as server:
            measure_server(figures, server, work, args)
    except (RuntimeError, OSError) as error:  # reported, so the other figures still print
        log(f"server measurements failed: {error}")
        figures.setdefault("errors", []).append(f"server: {str(error)[-500:]}")
    if args.engine == "opensearch":
        end_to_end = args.opensearch_ingest == "index" and not synthetic
        opensearch_figures(figures, work, corpus, args, end_to_end=end_to_end)
    figures["targets"] = check_targets(figures)
    figures["total_s"] = round(time.perf_counter() - started, 1)
    print_table(figures, per_query)
    if args.engine == "opensearch":
        print_engines(figures)
    if args.profile:
        print(profile_slowest(archive_dir, per_query))
    if args.json:
        print(json.dumps(figures, sort_keys=True))
    return 0


def finish_opensearch_only(figures: dict, work: Path, corpus, args, started: float) -> int:
    """OpenSearch alone on the synthetic records (no Whoosh to interleave with)."""
    opensearch_figures(figures, work, corpus, args, end_to_end=False, with_whoosh=False)
    figures["machine"]["load_1min_end"] = round(os.getloadavg()[0], 2)
    figures["total_s"] = round(time.perf_counter() - started, 1)
    print_engines(figures)
    if args.json:
        print(json.dumps(figures, sort_keys=True))
    return 0


def opensearch_figures(
    figures: dict, work: Path, corpus, args, *, end_to_end: bool, with_whoosh: bool = True
) -> None:
    """OpenSearch's figures, beside Whoosh's or alone; a failure is reported (the others print)."""
    try:
        measure_opensearch(
            figures,
            work,
            corpus,
            args.repeats,
            log,
            end_to_end=end_to_end,
            heap=args.opensearch_heap,
            with_whoosh=with_whoosh,
        )
    except (RuntimeError, OSError) as error:
        log(f"OpenSearch measurements failed: {error}")
        figures.setdefault("errors", []).append(f"opensearch: {str(error)[-500:]}")


def machine() -> dict:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "load_1min": round(os.getloadavg()[0], 2),
        "memory_gb": round(psutil.virtual_memory().total / 1e9, 1),
    }


# ---------------------------------------------------------------- ingest


def measure_ingest(figures: dict, archive_dir: Path, corpus, reruns: int) -> None:
    timeout = 600 + corpus.count * 0.2
    log(f"archive index ({' '.join(archive_command())})")
    first = index_paths(archive_dir, [corpus.files], timeout)
    summary = first["summary"]
    stored = summary.get("indexed", 0) + summary.get("updated", 0)
    figures["ingest_s"] = round(first["seconds"], 2)
    figures["ingest_per_s"] = round(stored / first["seconds"], 1)  # articles made searchable
    figures["ingest_files_per_s"] = round(corpus.count / first["seconds"], 1)
    figures["indexer_rss_mb"] = round(first["rss_mb"], 1)  # with its extraction workers
    figures["indexer_main_rss_mb"] = round(first["own_rss_mb"], 1)
    figures["ingest_summary"] = first["summary"]
    figures["rejected_sample"] = first["rejected_sample"]
    times, rss = [], []
    for number in range(reruns):
        log(f"unchanged re-run {number + 1}/{reruns}")
        again = index_paths(archive_dir, [corpus.files], timeout)
        times.append(again["seconds"])
        rss.append(again["rss_mb"])
        figures["reindex_summary"] = again["summary"]
    figures["reindex_unchanged_s"] = round(median(times), 2)
    figures["reindex_unchanged_per_s"] = round(corpus.count / median(times), 1)
    figures["reindex_rss_mb"] = round(max(rss), 1)
    figures["index_mb"] = round(folder_mb(archive_dir / "index"), 1)
    figures["archive_mb"] = round(folder_mb(archive_dir), 1)


# ---------------------------------------------------------------- search


def measure_search(figures: dict, archive_dir: Path, work: Path, repeats: int) -> list[dict]:
    """Each query on every engine in turn (ours, FTS5, tantivy), shuffled, ``repeats`` times."""
    log("in-process search: product, FTS5 and tantivy interleaved")
    run, close = open_search(archive_dir)
    reference = fts5.Fts5Search(work / "fts5.db")
    peer = tantivy_reference.TantivySearch(work / "tantivy")
    rows = [
        {"query": query, "ours": [], "fts5": [], "fts5_text": [], "tantivy": []}
        for query in QUERIES
    ]
    try:
        t0 = time.perf_counter()
        run(QUERIES[0].q)
        figures["first_search_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        facets_seen = True
        for row in rows:  # warm-up and totals; a phrase's first run is not served from caches
            t = time.perf_counter()
            result = run(row["query"].q, row["query"].sort)
            row["first_ms"] = round((time.perf_counter() - t) * 1000, 1)
            page = reference.page(row["query"])
            row["total"], row["fts5_total"] = result.total, page["total"]
            row["tantivy_total"] = peer.page(row["query"])["total"]
            if result.total:
                facets_seen &= bool(result.facets) and bool(result.timeline)
        order = list(range(len(rows)))
        shuffler = random.Random(1)
        for _ in range(repeats):
            shuffler.shuffle(order)
            for index in order:
                query = rows[index]["query"]
                t = time.perf_counter()
                run(query.q, query.sort)
                rows[index]["ours"].append(time.perf_counter() - t)
                t = time.perf_counter()
                reference.page(query)
                rows[index]["fts5"].append(time.perf_counter() - t)
                t = time.perf_counter()
                reference.page(query, with_facets=False)
                rows[index]["fts5_text"].append(time.perf_counter() - t)
                t = time.perf_counter()
                peer.page(query)
                rows[index]["tantivy"].append(time.perf_counter() - t)
    finally:
        close()
        reference.close()
        peer.close()

    def pooled(categories, engine):
        return [
            s * 1000 for row in rows if row["query"].category in categories for s in row[engine]
        ]

    mix_ours, mix_ref = pooled(MIX_CATEGORIES, "ours"), pooled(MIX_CATEGORIES, "fts5")
    selective = tuple(c for c in MIX_CATEGORIES if c != "broad")
    figures.update(
        facets_included=facets_seen,
        search_p50_ms=round(percentile(mix_ours, 50), 1),
        search_p95_ms=round(percentile(mix_ours, 95), 1),
        fts5_p50_ms=round(percentile(mix_ref, 50), 1),
        fts5_p95_ms=round(percentile(mix_ref, 95), 1),
        fts5_text_p95_ms=round(percentile(pooled(MIX_CATEGORIES, "fts5_text"), 95), 1),
        search_p95_selective_ms=round(percentile(pooled(selective, "ours"), 95), 1),
        fts5_p95_selective_ms=round(percentile(pooled(selective, "fts5"), 95), 1),
        broad_p95_ms=round(percentile(pooled(("broad",), "ours"), 95), 1),
        fts5_broad_p95_ms=round(percentile(pooled(("broad",), "fts5"), 95), 1),
        phrase_p95_ms=round(percentile(pooled(("phrase",), "ours"), 95), 1),
        fts5_phrase_p95_ms=round(percentile(pooled(("phrase",), "fts5"), 95), 1),
        fts5_text_phrase_p95_ms=round(percentile(pooled(("phrase",), "fts5_text"), 95), 1),
        search_samples=len(mix_ours),
        phrase_first_max_ms=max(
            (row["first_ms"] for row in rows if row["query"].category == "phrase"), default=0
        ),
    )
    figures["search_p95_ratio_fts5"] = ratio(figures["search_p95_ms"], figures["fts5_p95_ms"])
    figures["tantivy_p95_ms"] = round(percentile(pooled(MIX_CATEGORIES, "tantivy"), 95), 1)
    figures["search_p95_ratio_tantivy"] = ratio(figures["search_p95_ms"], figures["tantivy_p95_ms"])
    figures["tantivy_by_category"] = {}
    for category in dict.fromkeys(row["query"].category for row in rows):
        ours_p95 = round(percentile(pooled((category,), "ours"), 95), 1)
        peer_p95 = round(percentile(pooled((category,), "tantivy"), 95), 1)
        figures["tantivy_by_category"][category] = {
            "ours_p95_ms": ours_p95,
            "tantivy_p95_ms": peer_p95,
            "ratio": ratio(ours_p95, peer_p95),
        }
    figures["broad_p95_ratio_fts5"] = ratio(figures["broad_p95_ms"], figures["fts5_broad_p95_ms"])
    figures["phrase_p95_ratio_fts5"] = ratio(
        figures["phrase_p95_ms"], figures["fts5_phrase_p95_ms"]
    )
    for row in rows:
        row["ours_p50"], row["ours_p95"] = (
            round(percentile([s * 1000 for s in row["ours"]], p), 1) for p in (50, 95)
        )
        row["fts5_p50"], row["fts5_p95"] = (
            round(percentile([s * 1000 for s in row["fts5"]], p), 1) for p in (50, 95)
        )
    figures["queries"] = [
        {
            "q": row["query"].q,
            "category": row["query"].category,
            "total": row["total"],
            "first_ms": row["first_ms"],
            "fts5_total": row["fts5_total"],
            "tantivy_total": row["tantivy_total"],
            "tantivy_p95_ms": round(percentile([s * 1000 for s in row["tantivy"]], 95), 1),
            "p50_ms": row["ours_p50"],
            "p95_ms": row["ours_p95"],
            "fts5_p50_ms": row["fts5_p50"],
            "fts5_p95_ms": row["fts5_p95"],
        }
        for row in rows
    ]
    return rows


def ratio(ours: float, reference: float) -> float | None:
    return round(ours / reference, 2) if reference else None


# ---------------------------------------------------------------- server


def measure_server(figures: dict, server: Server, work: Path, args) -> None:
    log(f"server on 127.0.0.1:{server.port}: HTTP mix")
    api, page, failures = [], [], {}
    for _ in range(args.http_repeats):
        for query in QUERIES:
            if query.category not in MIX_CATEGORIES:
                continue
            for path, times in (("/api/search", api), ("/search", page)):
                status, _, seconds = server.get(path, {"q": query.q})
                if status == 200:
                    times.append(seconds * 1000)
                else:
                    failures[f"{path} {status}"] = failures.get(f"{path} {status}", 0) + 1
    if failures:
        figures.setdefault("errors", []).append(f"HTTP answers other than 200: {failures}")
    figures["http_api_p50_ms"] = round(percentile(api, 50), 1)
    figures["http_api_p95_ms"] = round(percentile(api, 95), 1)
    figures["http_page_p50_ms"] = round(percentile(page, 50), 1)
    figures["http_page_p95_ms"] = round(percentile(page, 95), 1)

    log("commit visibility: index one new file while the server runs")
    after_exit, after_start = [], []
    for probe in range(COMMIT_PROBES):
        marker = "benchprobe" + "".join(random.Random(probe).choices("qxzjkv", k=8))
        folder = work / f"new-{probe}"
        corpus_module.write_article(folder, args.articles + probe, marker=marker)
        exit_s, visible_s = probe_commit(server, folder, marker)
        after_exit.append(max(0.0, visible_s - exit_s))
        after_start.append(visible_s)
    figures["commit_visible_s"] = round(median(after_exit), 2)
    figures["new_file_visible_s"] = round(median(after_start), 2)
    figures["server_rss_mb"] = round(server.peak_rss_mb, 1)


def probe_commit(server: Server, folder: Path, marker: str) -> tuple[float, float]:
    """Seconds from launching ``archive index`` to its exit, and to the marker being found."""
    command = [
        *archive_command(),
        "--archive",
        str(server.archive_dir),
        "index",
        "--quiet",
        str(folder),
        "--json",
    ]
    started = time.perf_counter()
    proc = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=subprocess_env()
    )
    exited = None
    try:
        while time.perf_counter() - started < COMMIT_TIMEOUT_S:
            if exited is None and proc.poll() is not None:
                exited = time.perf_counter() - started
            if server.total(marker) > 0:
                return (
                    exited if exited is not None else time.perf_counter() - started,
                    time.perf_counter() - started,
                )
            time.sleep(COMMIT_POLL_S)
        raise RuntimeError(f"new article not visible within {COMMIT_TIMEOUT_S:.0f} s")
    finally:
        if proc.poll() is None:
            proc.wait(timeout=COMMIT_TIMEOUT_S)


# ---------------------------------------------------------------- output


def check_targets(figures: dict) -> dict:
    checked = {}
    for key, (op, bound) in TARGETS.items():
        value = figures.get(key)
        if value is None:
            checked[key] = None
        else:
            checked[key] = value >= bound if op == ">=" else value <= bound
    return checked


def print_table(figures: dict, rows: list[dict]) -> None:
    f = figures
    if f["synthetic"]:
        made = f"synthetic records written at {f['synthetic_write_per_s']}/s"
    else:
        made = f"corpus {'cached' if f['corpus_cached'] else 'generated'} in {f['corpus_s']} s"
    lines = [
        f"Benchmark: {f['articles']} articles, {f['machine']['cpus']} CPUs,"
        f" load {f['machine']['load_1min']} ({made}; total {f['total_s']} s)",
        "",
        f"{'figure':34} {'ours':>10} {'FTS5':>10} {'ratio':>7}  target (100k)",
    ]

    def line(label, key, ref_key=None, with_target=True):
        value = f.get(key)
        ref = f.get(ref_key) if ref_key else None
        target = TARGETS.get(key) if with_target else None
        verdict = ""
        if target:
            ok = f["targets"].get(key)
            verdict = f"{target[0]} {target[1]}  {'n/a' if ok is None else 'ok' if ok else 'MISS'}"
        cells = [
            f"{label:34}",
            f"{value!s:>10}",
            f"{(ref if ref is not None else ''):>10}",
            f"{(ratio(value, ref) if ref and value is not None else '') or '':>7}",
            f" {verdict}",
        ]
        lines.append(" ".join(cells))

    fb = f["fts5_build"]
    f["fts5_ingest_per_s"] = round(fb["per_s"], 1)
    if f["synthetic"]:
        line("index from records/s (FTS5: manifest)", "index_build_per_s", "fts5_ingest_per_s")
        line("  `archive reindex` peak RSS MB", "index_build_rss_mb")
    else:
        line("ingest, articles/s (FTS5: manifest)", "ingest_per_s", "fts5_ingest_per_s")
        line("ingest, files/s (all formats)", "ingest_files_per_s")
        line("unchanged re-run, files/s", "reindex_unchanged_per_s")
    line("search p50 ms (mix, full page)", "search_p50_ms", "fts5_p50_ms")
    line("search p95 ms (mix, full page)", "search_p95_ms", "fts5_p95_ms")
    line("  ratio p95 ours/FTS5", "search_p95_ratio_fts5")
    line("  FTS5 without facets/timeline", "search_p95_ms", "fts5_text_p95_ms", False)
    line("search p95 ms (mix without broad)", "search_p95_selective_ms", "fts5_p95_selective_ms")
    line("broad word p95 ms", "broad_p95_ms", "fts5_broad_p95_ms")
    line("phrase p95 ms", "phrase_p95_ms", "fts5_phrase_p95_ms")
    line("  FTS5 without facets/timeline", "phrase_p95_ms", "fts5_text_phrase_p95_ms", False)
    line("first search ms (cold)", "first_search_ms")
    line("HTTP /api/search p95 ms", "http_api_p95_ms")
    line("HTTP /search page p95 ms", "http_page_p95_ms")
    line("commit visible s (after exit)", "commit_visible_s")
    line("new file visible s (from launch)", "new_file_visible_s")
    if not f["synthetic"]:
        line("indexer peak RSS MB", "indexer_rss_mb")
        line("  of which the main process", "indexer_main_rss_mb")
    line("server peak RSS MB", "server_rss_mb")
    f["fts5_mb"] = round(fb["mb"], 1)
    line("index MB on disk", "index_mb", "fts5_mb")
    line("whole archive MB", "archive_mb")
    lines += [
        "",
        f"{'query':44} {'cat':10} {'total':>7} {'fts5':>7} {'p50':>7} {'p95':>7}"
        f" {'fts5p50':>7} {'fts5p95':>7}",
    ]
    for q in f["queries"]:
        lines.append(
            f"{q['q'][:44]:44} {q['category']:10} {q['total']:>7} {q['fts5_total']:>7}"
            f" {q['p50_ms']:>7} {q['p95_ms']:>7}"
            f" {q['fts5_p50_ms']:>7} {q['fts5_p95_ms']:>7}"
        )
    tb = f["tantivy_build"]
    lines += [
        "",
        f"tantivy reference (same corpus and mix, interleaved): indexed {tb['count']} at"
        f" {tb['per_s']:.0f}/s, {tb['mb']:.1f} MB; mix p95 ours {f['search_p95_ms']} ms,"
        f" tantivy {f['tantivy_p95_ms']} ms, ratio {f['search_p95_ratio_tantivy']}",
        f"{'query type':12} {'ours p95':>9} {'tantivy p95':>12} {'ours/tantivy':>13}",
    ]
    for category, c in f["tantivy_by_category"].items():
        lines.append(
            f"{category:12} {c['ours_p95_ms']:>9} {c['tantivy_p95_ms']:>12} {c['ratio']!s:>13}"
        )
    print("\n".join(lines), flush=True)


def profile_slowest(archive_dir: Path, rows: list[dict]) -> str:
    slowest = max(rows, key=lambda row: row["ours_p50"])["query"]
    run, close = open_search(archive_dir)
    try:
        run(slowest.q)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(5):
            run(slowest.q, slowest.sort)
        profiler.disable()
    finally:
        close()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
    return f"\nProfile of 5 runs of {slowest.q!r} (slowest median):\n{out.getvalue()}"


if __name__ == "__main__":
    sys.exit(main())
