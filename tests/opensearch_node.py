"""OpenSearch test nodes started from the Maven artifacts: no distribution, 127.0.0.1 only.

Usable from tests and from benchmarks (no pytest here)::

    with Cluster(nodes=1) as cluster:        # or Cluster(nodes=3) for a real 3-node cluster
        requests.get(cluster.url)
        cluster.kill(0, signal.SIGKILL)

The node's classpath comes from ``scripts/opensearch/pom.xml`` through ``mvn -q
dependency:build-classpath`` (cached beside the compiled ``TestNode`` main until the pom
changes); the Maven local repository is ``~/.m2/repository`` unless ``OPENSEARCH_MAVEN_REPO``
(or ``maven_repo=``) names another. Every start gets fresh data folders in a temp dir and free
ports; every JVM is stopped by ``stop()``, at interpreter exit, and (Linux) when the Python
process that started it dies. From a shell: ``python tests/opensearch_node.py serve 3``.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import fcntl
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts" / "opensearch"
POM = SCRIPTS / "pom.xml"
MAIN_SOURCE = SCRIPTS / "TestNode.java"
LOG_CONFIG = SCRIPTS / "log4j2.properties"
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "news-archive"
TOOLS = ("java", "javac", "mvn")
HEAP = "512m"
START_TIMEOUT = 180.0  # seconds from the first JVM start to the wanted health
STOP_TIMEOUT = 20.0  # seconds between SIGTERM and SIGKILL
JVM_OPTIONS = (
    "-Dlog4j.shutdownHookEnabled=false",  # keep logging alive while the node closes
    "-Djava.locale.providers=SPI,COMPAT",  # the distribution's default; avoids date surprises
    "-Djava.awt.headless=true",
)
_HEALTH_ORDER = {"red": 0, "yellow": 1, "green": 2}
_running: list[Cluster] = []


class OpenSearchUnavailable(Exception):
    """The tools to run an OpenSearch test node (java, javac, mvn) are not all installed."""


class NodeStartError(Exception):
    """An OpenSearch test node did not start or did not reach the wanted health in time."""


def missing_tools() -> list[str]:
    """The names among java, javac and mvn that are not on PATH."""
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def require_tools() -> None:
    missing = missing_tools()
    if missing:
        raise OpenSearchUnavailable(
            f"OpenSearch test nodes need {', '.join(missing)} on PATH "
            "(Debian: apt-get install -y default-jdk-headless maven)"
        )


@contextlib.contextmanager
def _cache_lock(cache_dir: Path):
    """One resolve or compile at a time (CI prefetches while pip installs, then tests wait)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    with open(cache_dir / "opensearch.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def prepare(cache_dir: Path = DEFAULT_CACHE, maven_repo: str | None = None) -> str:
    """Resolve and compile (both cached); the classpath to run TestNode with."""
    with _cache_lock(cache_dir):
        classpath = resolve_classpath(cache_dir, maven_repo)
        return f"{compile_main(classpath, cache_dir)}{os.pathsep}{classpath}"


def resolve_classpath(cache_dir: Path = DEFAULT_CACHE, maven_repo: str | None = None) -> str:
    """The node's runtime classpath; runs Maven only when the cached one is older than the pom."""
    require_tools()
    maven_repo = maven_repo or os.environ.get("OPENSEARCH_MAVEN_REPO")
    key = hashlib.sha256(str(maven_repo or "default").encode()).hexdigest()[:12]
    cached = cache_dir / f"opensearch-classpath-{key}.txt"
    if cached.exists() and cached.stat().st_mtime > POM.stat().st_mtime:
        classpath = cached.read_text().strip()
        if all(Path(jar).exists() for jar in classpath.split(os.pathsep)):
            return classpath
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(f".{os.getpid()}.tmp")
    command = [
        "mvn",
        "-q",
        "-B",
        "-f",
        str(POM),
        "dependency:build-classpath",
        f"-Dmdep.outputFile={partial}",
    ]
    if maven_repo:
        command.append(f"-Dmaven.repo.local={maven_repo}")
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0 or not partial.exists():
        raise NodeStartError(
            f"mvn could not resolve {POM}:\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
        )
    partial.replace(cached)
    return cached.read_text().strip()


def compile_main(classpath: str, cache_dir: Path = DEFAULT_CACHE) -> Path:
    """The folder holding TestNode.class, compiled again only when the source changed."""
    classes = cache_dir / "opensearch-classes"
    compiled = classes / "TestNode.class"
    if compiled.exists() and compiled.stat().st_mtime > MAIN_SOURCE.stat().st_mtime:
        return classes
    partial = Path(tempfile.mkdtemp(prefix="classes-", dir=cache_dir))
    done = subprocess.run(
        ["javac", "-d", str(partial), "-cp", classpath, str(MAIN_SOURCE)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        shutil.rmtree(partial, ignore_errors=True)
        raise NodeStartError(f"javac failed on {MAIN_SOURCE}:\n{done.stderr[-3000:]}")
    shutil.rmtree(classes, ignore_errors=True)
    partial.replace(classes)
    return classes


def free_ports(count: int) -> list[int]:
    """``count`` distinct ports free on 127.0.0.1 now (held together, so no repeats)."""
    with contextlib.ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]


def _die_with_parent() -> None:
    """In the child: SIGKILL it when the Python process (the starting thread) goes away."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _record_pid(pid: int) -> None:
    """Append to $OPENSEARCH_PID_FILE (when set), for a CI trap that kills what is left."""
    pid_file = os.environ.get("OPENSEARCH_PID_FILE")
    if pid_file:
        with open(pid_file, "a") as out:
            out.write(f"{pid}\n")


def get_json(url: str, timeout: float = 5.0):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.loads(response.read())


class Cluster:
    """``nodes`` OpenSearch JVMs on 127.0.0.1: single-node discovery for 1, else all
    cluster-manager-eligible with explicit seed hosts. ``start()`` returns once health is
    ``wait_for`` (yellow or green) or raises NodeStartError with the log's tail."""

    def __init__(
        self,
        nodes: int = 1,
        *,
        heap: str = HEAP,
        wait_for: str = "yellow",
        timeout: float = START_TIMEOUT,
        cache_dir: Path = DEFAULT_CACHE,
        maven_repo: str | None = None,
        keep_data: bool = False,
    ):
        self.node_count = nodes
        self.heap = heap
        self.wait_for = wait_for
        self.timeout = timeout
        self.cache_dir = cache_dir
        self.maven_repo = maven_repo
        self.keep_data = keep_data
        self.base: Path | None = None
        self.http_ports: list[int] = []
        self.processes: list[subprocess.Popen] = []

    # ------------------------------------------------------------------ what tests use
    @property
    def urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.http_ports]

    @property
    def url(self) -> str:
        return self.urls[0]

    @property
    def pids(self) -> list[int]:
        return [process.pid for process in self.processes]

    def node_name(self, index: int) -> str:
        return f"node-{index}"

    def log_path(self, index: int) -> Path:
        return self.base / self.node_name(index) / "stdout.log"

    def kill(self, index: int, sig: int = signal.SIGKILL) -> None:
        """Send ``sig`` to node ``index`` and, for SIGKILL, wait until it is gone."""
        process = self.processes[index]
        process.send_signal(sig)
        if sig == signal.SIGKILL:
            process.wait()

    def alive(self, index: int) -> bool:
        return self.processes[index].poll() is None

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> Cluster:
        classpath = prepare(self.cache_dir, self.maven_repo)
        self.base = Path(tempfile.mkdtemp(prefix="opensearch-test-"))
        ports = free_ports(2 * self.node_count)
        self.http_ports, transport_ports = ports[: self.node_count], ports[self.node_count :]
        _running.append(self)
        try:
            for index in range(self.node_count):
                self.processes.append(self._start_node(index, classpath, transport_ports))
                _record_pid(self.processes[-1].pid)
            self.wait_for_health(self.wait_for, self.timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def _node_settings(self, index: int, home: Path, transport_ports: list[int]) -> dict:
        settings = {
            "cluster.name": f"news-archive-{self.base.name}",  # unique per start
            "node.name": self.node_name(index),
            "path.home": home,
            "path.data": home / "data",
            "network.host": "127.0.0.1",
            "http.port": self.http_ports[index],
            "transport.port": transport_ports[index],
            "cluster.routing.allocation.disk.threshold_enabled": "false",
        }
        if self.node_count == 1:
            settings["discovery.type"] = "single-node"
        else:
            settings["discovery.seed_hosts"] = ",".join(f"127.0.0.1:{p}" for p in transport_ports)
            settings["cluster.initial_cluster_manager_nodes"] = ",".join(
                self.node_name(i) for i in range(self.node_count)
            )
        return settings

    def _start_node(self, index: int, classpath: str, transport_ports: list[int]):
        home = self.base / self.node_name(index)
        (home / "config").mkdir(parents=True)
        shutil.copy(LOG_CONFIG, home / "config" / "log4j2.properties")
        settings = self._node_settings(index, home, transport_ports)
        command = [
            "java",
            f"-Xms{self.heap}",
            f"-Xmx{self.heap}",
            *JVM_OPTIONS,
            "-cp",
            classpath,
            "TestNode",
            *(f"{k}={v}" for k, v in settings.items()),
        ]
        with open(home / "stdout.log", "wb") as log:
            return subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent,
            )

    def wait_for_health(
        self, status: str = "yellow", timeout: float = START_TIMEOUT, nodes: int | None = None
    ) -> dict:
        """Poll the live nodes until health is at least ``status`` with ``nodes`` nodes."""
        nodes = self.node_count if nodes is None else nodes
        deadline = time.monotonic() + timeout
        last = "no answer yet"
        while time.monotonic() < deadline:
            for index, url in enumerate(self.urls):
                if not self.alive(index):
                    if nodes == self.node_count:
                        raise NodeStartError(self._failure(f"node {index} exited", index))
                    continue
                try:
                    health = get_json(f"{url}/_cluster/health?timeout=1s", timeout=5)
                except (OSError, ValueError) as error:
                    last = f"{url}: {error}"
                    continue
                last = f"{url}: {health.get('status')} with {health.get('number_of_nodes')} nodes"
                if (
                    _HEALTH_ORDER.get(health.get("status"), -1) >= _HEALTH_ORDER[status]
                    and health.get("number_of_nodes") == nodes
                ):
                    return health
            time.sleep(0.5)
        raise NodeStartError(self._failure(f"not {status} within {timeout:.0f} s ({last})", 0))

    def _failure(self, what: str, index: int) -> str:
        try:
            tail = self.log_path(index).read_text(errors="replace")[-4000:]
        except OSError:
            tail = "(no log)"
        return f"OpenSearch test cluster: {what}; {self.log_path(index)} ends:\n{tail}"

    def stop(self) -> None:
        """SIGTERM every JVM, SIGKILL what is left after STOP_TIMEOUT, remove the data."""
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + STOP_TIMEOUT
        for process in self.processes:
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self in _running:
            _running.remove(self)
        if self.base and not self.keep_data:
            shutil.rmtree(self.base, ignore_errors=True)

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


@atexit.register
def _stop_all() -> None:
    for cluster in list(_running):
        cluster.stop()


def main(argv: list[str]) -> None:
    """``python tests/opensearch_node.py``: resolve and compile only (CI runs it while pip
    installs); ``... serve [N]``: start N nodes (default 1), print their URLs, stop on Ctrl-C."""
    if not argv:
        prepare()
        return
    if argv[0] != "serve" or len(argv) > 2:
        raise SystemExit("usage: python tests/opensearch_node.py [serve [NODES]]")
    with Cluster(nodes=int(argv[1]) if len(argv) == 2 else 1) as cluster:
        print(
            " ".join(cluster.urls), f"(data and logs in {cluster.base}; Ctrl-C stops)", flush=True
        )
        with contextlib.suppress(KeyboardInterrupt):
            signal.sigwait({signal.SIGINT, signal.SIGTERM})


if __name__ == "__main__":
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    main(sys.argv[1:])
