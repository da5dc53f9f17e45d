"""Every option and limit in one frozen object, built once, remembering where each value came from.

Later sources win: the defaults below < ``instance/config.py`` (Flask-style UPPERCASE names,
e.g. ``EXPORT_LIMIT = 500``) < ``config.toml`` in the archive folder (the field names,
e.g. ``export_limit = 500``) < the environment (``ARCHIVE_*``) < command-line flags.

    settings = load_settings(flags={"engine": "opensearch"})
    settings.export_limit, settings.source("export_limit")   # 10000, "default"

``archive config`` prints them all. Tests build ``Settings(archive_dir=tmp_path, ...)``.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from urllib.parse import urlsplit

from archive.errors import ArchiveError

DEFAULT_ARCHIVE_DIR = Path("~/.local/share/news-archive")
CONFIG_TOML = "config.toml"
INSTANCE_CONFIG = "config.py"
#: Where a value came from, weakest first.
SOURCES = ("default", "instance/config.py", CONFIG_TOML, "environment", "command line")


class SettingsError(ArchiveError, ValueError):
    """A setting with a value it cannot take (the message names the setting and its source)."""


def _option(default, env: str, help: str, kind: str = "str"):
    return field(default=default, metadata={"env": env, "help": help, "kind": kind})


@dataclass(frozen=True)
class Settings:
    """The effective settings of one run of the CLI or of the web app."""

    archive_dir: Path = _option(
        DEFAULT_ARCHIVE_DIR, "ARCHIVE_DIR", "the archive folder", kind="path"
    )
    engine: str = _option("whoosh", "ARCHIVE_ENGINE", "the search engine", kind="engine")
    opensearch_url: str | None = _option(
        None, "ARCHIVE_OPENSEARCH_URL", "OpenSearch nodes, separated by commas"
    )
    opensearch_index: str = _option(
        "news-archive", "ARCHIVE_OPENSEARCH_INDEX", "the index name on the OpenSearch cluster"
    )
    base_url: str | None = _option(
        None, "ARCHIVE_BASE_URL", "the public address absolute links start with", kind="url"
    )
    search_seconds: float = _option(
        3.0, "ARCHIVE_SEARCH_SECONDS", "the deadline of one search", kind="seconds"
    )
    file_seconds: float = _option(
        120.0, "ARCHIVE_FILE_SECONDS", "extraction time allowed for one file", kind="seconds"
    )
    batch_size: int = _option(
        5000, "ARCHIVE_BATCH_SIZE", "records per commit of an indexing run", kind="count"
    )
    max_file_bytes: int = _option(
        200 * 1024 * 1024, "ARCHIVE_MAX_FILE_BYTES", "a larger input file is rejected", "count"
    )
    max_extract_bytes: int = _option(
        8 * 1024 * 1024, "ARCHIVE_MAX_EXTRACT_BYTES", "bytes of a text/HTML file read", "count"
    )
    max_body_chars: int = _option(
        2_000_000, "ARCHIVE_MAX_BODY_CHARS", "characters of body text stored", kind="count"
    )
    max_worker_crashes: int = _option(
        10, "ARCHIVE_MAX_WORKER_CRASHES", "extraction crashes before a run stops", kind="count"
    )
    export_limit: int = _option(
        10_000, "ARCHIVE_EXPORT_LIMIT", "rows in one CSV / JSONL download", kind="count"
    )
    feed_entries: int = _option(50, "ARCHIVE_FEED_ENTRIES", "entries in an Atom feed", kind="count")
    facet_values_shown: int = _option(
        8, "ARCHIVE_FACET_VALUES_SHOWN", "facet values shown before “more”", kind="count"
    )
    allowed_hosts: tuple[str, ...] = _option(
        (), "ARCHIVE_ALLOWED_HOSTS", "Host names the server answers (comma separated)", "list"
    )
    public_read: bool = _option(
        False, "ARCHIVE_PUBLIC_READ", "anyone may search and read without a login", kind="bool"
    )
    session_idle_minutes: float = _option(
        720, "ARCHIVE_SESSION_IDLE_MINUTES", "a login session ends after this idle time", "minutes"
    )
    login_failures_per_account: int = _option(
        5, "ARCHIVE_LOGIN_FAILURES_PER_ACCOUNT", "failed logins per name, then logins wait", "count"
    )
    login_failures_per_address: int = _option(
        20,
        "ARCHIVE_LOGIN_FAILURES_PER_ADDRESS",
        "failed logins per address, then logins wait",
        "count",
    )
    login_throttle_minutes: float = _option(
        15, "ARCHIVE_LOGIN_THROTTLE_MINUTES", "the window of the failed-login limits", "minutes"
    )
    max_request_bytes: int = _option(
        200_000_000, "ARCHIVE_MAX_REQUEST_BYTES", "the largest request body accepted", "count"
    )
    upload_max_files: int = _option(
        1000, "ARCHIVE_UPLOAD_MAX_FILES", "files in one upload", kind="count"
    )
    host: str = _option("127.0.0.1", "ARCHIVE_HOST", "the address `archive serve` listens on")
    port: int = _option(8000, "ARCHIVE_PORT", "the port `archive serve` listens on", "port")
    threads: int = _option(4, "ARCHIVE_THREADS", "the web server's worker threads", "count")
    channel_timeout: int = _option(
        30, "ARCHIVE_CHANNEL_TIMEOUT", "seconds an idle connection is kept open", kind="count"
    )
    connection_limit: int = _option(
        1000, "ARCHIVE_CONNECTION_LIMIT", "connections the web server accepts at once", "count"
    )
    header_seconds: float = _option(
        10.0, "ARCHIVE_HEADER_SECONDS", "seconds a request's headers may take", kind="seconds"
    )
    #: Other UPPERCASE names of ``instance/config.py`` (SECRET_KEY, ...), passed to Flask as is.
    flask_config: Mapping = field(default_factory=dict, compare=False, repr=False)
    sources: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        values = {}
        for spec in options():
            raw = getattr(self, spec.name)
            values[spec.name] = _convert(spec, raw, self.sources.get(spec.name, ""))
        for name, value in values.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "flask_config", MappingProxyType(dict(self.flask_config)))
        object.__setattr__(self, "sources", MappingProxyType(dict(self.sources)))

    def source(self, name: str) -> str:
        """Where the value of ``name`` came from ("default" when it was never set)."""
        return self.sources.get(name, "default")

    def with_values(self, source: str = "command line", **values) -> Settings:
        """A copy with these values (None: keep the current one), each marked with ``source``."""
        chosen = {k: v for k, v in values.items() if v is not None}
        unknown = set(chosen) - {spec.name for spec in options()}
        if unknown:
            raise SettingsError(f"Unknown setting {sorted(unknown)[0]!r}.")
        sources = {**self.sources, **dict.fromkeys(chosen, source)}
        return dataclasses.replace(self, **chosen, sources=sources)

    def to_dict(self) -> dict:
        """name -> {value, source, env}, in a JSON-ready form."""
        out = {}
        for spec in options():
            value = getattr(self, spec.name)
            if isinstance(value, Path):
                value = str(value)
            elif isinstance(value, tuple):
                value = list(value)
            out[spec.name] = {
                "value": value,
                "source": self.source(spec.name),
                "env": spec.metadata["env"],
            }
        return out


def options() -> tuple[dataclasses.Field, ...]:
    """The settings' fields with an environment name, in the order they are declared."""
    return tuple(f for f in dataclasses.fields(Settings) if "env" in f.metadata)


def load_settings(
    flags: Mapping | None = None,
    environ: Mapping[str, str] | None = None,
    instance_dir: str | os.PathLike | None = None,
) -> Settings:
    """The settings from defaults, instance config, config.toml, environment and ``flags``.

    ``flags`` holds command-line values by field name (None: not given). ``environ``
    defaults to ``os.environ``; ``instance_dir`` to $ARCHIVE_INSTANCE_DIR, else the
    project's ``instance`` folder (Flask's instance folder of ``app``).
    """
    environ = os.environ if environ is None else environ
    values: dict = {}
    sources: dict = {}
    extra: dict = {}
    by_key = {spec.name.upper(): spec.name for spec in options()}
    instance_dir = instance_dir or environ.get("ARCHIVE_INSTANCE_DIR") or default_instance_dir()
    instance_file = Path(instance_dir) / INSTANCE_CONFIG
    for key, value in _read_instance_config(instance_file).items():
        if key in by_key:
            _put(values, sources, by_key[key], value, "instance/config.py")
        else:
            extra[key] = value
    env_values = {
        spec.name: environ[spec.metadata["env"]]
        for spec in options()
        if environ.get(spec.metadata["env"], "") != ""
    }
    flag_values = {k: v for k, v in (flags or {}).items() if v is not None}
    # config.toml lives in the archive folder, so that folder is settled first
    for chosen in (env_values, flag_values):
        if "archive_dir" in chosen:
            values["archive_dir"] = chosen["archive_dir"]
    folder = _convert(_spec("archive_dir"), values.get("archive_dir", DEFAULT_ARCHIVE_DIR), "")
    for name, value in _read_toml(folder / CONFIG_TOML).items():
        _put(values, sources, name, value, CONFIG_TOML)
    for name, value in env_values.items():
        _put(values, sources, name, value, "environment")
    for name, value in flag_values.items():
        _put(values, sources, name, value, "command line")
    return Settings(**values, flask_config=extra, sources=sources)


def resolve_archive_dir(option: str | os.PathLike | None = None) -> Path:
    """``--archive DIR``, else $ARCHIVE_DIR, else ~/.local/share/news-archive."""
    chosen = option or os.environ.get("ARCHIVE_DIR") or DEFAULT_ARCHIVE_DIR
    return Path(chosen).expanduser().resolve()


def default_instance_dir() -> Path:
    """Flask's instance folder of the ``app`` module: ``instance/`` beside it in a checkout."""
    here = Path(__file__).resolve().parent.parent
    if "site-packages" in here.parts:
        return Path(sys.prefix) / "var" / "app-instance"
    return here / "instance"


def check_base_url(value: str | None) -> str | None:
    """The configured base URL without a trailing slash; a one-line error if it is no URL."""
    if not value:
        return None
    parts = urlsplit(str(value).strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise SettingsError(
            f"BASE_URL must be the archive's address, such as https://news.example.org/archive, "
            f"not {value!r}."
        )
    return str(value).strip().rstrip("/")


def _put(values: dict, sources: dict, name: str, value, source: str) -> None:
    values[name] = value
    sources[name] = source


def _spec(name: str) -> dataclasses.Field:
    return next(spec for spec in options() if spec.name == name)


def _read_instance_config(path: Path) -> dict:
    """The UPPERCASE names a Flask-style ``config.py`` defines (none if there is no file)."""
    if not path.is_file():
        return {}
    namespace: dict = {"__file__": str(path)}
    try:
        exec(compile(path.read_bytes(), str(path), "exec"), namespace)  # noqa: S102 - Flask's way
    except Exception as error:
        raise SettingsError(f"{path} cannot be read: {type(error).__name__}: {error}") from None
    return {k: v for k, v in namespace.items() if k.isupper()}


def _read_toml(path: Path) -> dict:
    """The settings of an archive's ``config.toml`` (none if there is no file)."""
    if not path.is_file():
        return {}
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SettingsError(f"{path} is not valid TOML: {error}") from None
    names = {spec.name for spec in options()} - {"archive_dir"}
    unknown = sorted(set(data) - names)
    if unknown:
        raise SettingsError(
            f"{path}: unknown setting {unknown[0]!r}; use one of {', '.join(sorted(names))}."
        )
    return data


def _convert(spec: dataclasses.Field, raw, source: str):
    """A raw value (text from the environment, or a typed one) as the field's type."""
    convert = _CONVERTERS[spec.metadata["kind"]]
    try:
        return convert(raw)
    except SettingsError:
        raise
    except (TypeError, ValueError) as error:
        where = f" (from {source})" if source else ""
        raise SettingsError(
            f"{spec.metadata['env']}{where}: {error if str(error) else 'invalid'}"
        ) from None


def _to_str(raw) -> str | None:
    return None if raw is None or str(raw).strip() == "" else str(raw).strip()


def _to_count(raw) -> int:
    if isinstance(raw, bool) or not str(raw).strip().isdigit() or int(str(raw).strip()) < 1:
        raise ValueError(f"must be a whole number of at least 1, not {raw!r}")
    return int(str(raw).strip())


def _to_port(raw) -> int:
    port = _to_count(raw)
    if port > 65535:
        raise ValueError(f"must be a port number up to 65535, not {raw!r}")
    return port


def _to_seconds(raw) -> float:
    try:
        seconds = float(raw)
    except (TypeError, ValueError):
        seconds = -1.0
    if isinstance(raw, bool) or not seconds > 0 or seconds == float("inf"):
        raise ValueError(f"must be a number of seconds above 0, not {raw!r}")
    return seconds


def _to_minutes(raw) -> float:
    try:
        minutes = _to_seconds(raw)  # the same rule: a number above 0
    except ValueError:
        raise ValueError(f"must be a number of minutes above 0, not {raw!r}") from None
    return int(minutes) if minutes.is_integer() else minutes


def _to_bool(raw) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"must be true or false, not {raw!r}")


def _to_list(raw) -> tuple[str, ...]:
    items = raw.split(",") if isinstance(raw, str) else list(raw or ())
    return tuple(str(item).strip() for item in items if str(item).strip())


def _to_path(raw) -> Path:
    if raw is None or str(raw).strip() == "":
        raise ValueError("must name a folder")
    return Path(raw).expanduser().resolve()


def _to_engine(raw) -> str:
    from archive.engines import ENGINES

    name = str(raw or "").strip().lower()
    if name not in ENGINES:
        raise ValueError(f"unknown engine {raw!r}: use one of {', '.join(ENGINES)}")
    return name


_CONVERTERS: dict[str, Callable] = {
    "str": _to_str,
    "count": _to_count,
    "port": _to_port,
    "seconds": _to_seconds,
    "minutes": _to_minutes,
    "bool": _to_bool,
    "list": _to_list,
    "path": _to_path,
    "engine": _to_engine,
    "url": check_base_url,
}
