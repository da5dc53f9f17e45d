"""archive.settings: defaults < instance/config.py < config.toml < environment < flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.settings import Settings, SettingsError, load_settings, options


@pytest.fixture
def instance(tmp_path) -> Path:
    folder = tmp_path / "instance"
    folder.mkdir()
    return folder


def _load(tmp_path, instance, environ=None, **flags):
    flags.setdefault("archive_dir", str(tmp_path / "arc"))
    return load_settings(flags=flags, environ=environ or {}, instance_dir=instance)


def test_defaults_when_nothing_is_set(tmp_path, instance):
    settings = _load(tmp_path, instance)
    assert settings.export_limit == 10_000 and settings.source("export_limit") == "default"
    assert settings.engine == "whoosh" and settings.search_seconds == 3.0
    assert settings.session_idle_minutes == 720 and settings.channel_timeout == 30
    assert settings.archive_dir == (tmp_path / "arc").resolve()
    assert settings.source("archive_dir") == "command line"


def test_each_source_wins_over_the_one_before(tmp_path, instance):
    (instance / "config.py").write_text(
        "EXPORT_LIMIT = 11\nFEED_ENTRIES = 12\nFACET_VALUES_SHOWN = 13\nTHREADS = 14\n"
    )
    (tmp_path / "arc").mkdir()
    (tmp_path / "arc" / "config.toml").write_text(
        "feed_entries = 22\nfacet_values_shown = 23\nthreads = 24\n"
    )
    environ = {"ARCHIVE_FACET_VALUES_SHOWN": "33", "ARCHIVE_THREADS": "34"}
    settings = _load(tmp_path, instance, environ, threads=44)
    got = {
        name: (getattr(settings, name), settings.source(name))
        for name in ("export_limit", "feed_entries", "facet_values_shown", "threads")
    }
    assert got == {
        "export_limit": (11, "instance/config.py"),
        "feed_entries": (22, "config.toml"),
        "facet_values_shown": (33, "environment"),
        "threads": (44, "command line"),
    }


def test_the_environment_chooses_the_archive_whose_config_toml_is_read(tmp_path, instance):
    (tmp_path / "env-arc").mkdir()
    (tmp_path / "env-arc" / "config.toml").write_text('engine = "opensearch"\n')
    environ = {"ARCHIVE_DIR": str(tmp_path / "env-arc"), "ARCHIVE_OPENSEARCH_URL": "http://n:9200"}
    settings = load_settings(environ=environ, instance_dir=instance)
    assert settings.archive_dir == (tmp_path / "env-arc").resolve()
    assert (settings.engine, settings.source("engine")) == ("opensearch", "config.toml")


def test_values_are_typed_and_lists_split_on_commas(tmp_path, instance):
    environ = {
        "ARCHIVE_ALLOWED_HOSTS": "news.example, archive.example ,",
        "ARCHIVE_PUBLIC_READ": "no",
        "ARCHIVE_SEARCH_SECONDS": "0.5",
        "ARCHIVE_BASE_URL": "https://news.example/archive/",
    }
    settings = _load(tmp_path, instance, environ)
    assert settings.allowed_hosts == ("news.example", "archive.example")
    assert settings.public_read is False and settings.search_seconds == 0.5
    assert settings.base_url == "https://news.example/archive"


@pytest.mark.parametrize(
    "name, value, message",
    [
        (
            "ARCHIVE_EXPORT_LIMIT",
            "many",
            r"ARCHIVE_EXPORT_LIMIT \(from environment\): must be a whole",
        ),
        ("ARCHIVE_SEARCH_SECONDS", "0", "must be a number of seconds above 0"),
        ("ARCHIVE_PUBLIC_READ", "perhaps", "must be true or false"),
        ("ARCHIVE_ENGINE", "solr", "unknown engine 'solr': use one of whoosh, opensearch"),
        ("ARCHIVE_PORT", "70000", "up to 65535"),
        ("ARCHIVE_BASE_URL", "news.example", "BASE_URL must be the archive's address"),
    ],
)
def test_a_bad_value_is_a_one_line_error_naming_it(tmp_path, instance, name, value, message):
    with pytest.raises(SettingsError, match=message) as caught:
        _load(tmp_path, instance, {name: value})
    assert "\n" not in str(caught.value)


def test_bad_files_are_one_line_errors(tmp_path, instance):
    (tmp_path / "arc").mkdir()
    (tmp_path / "arc" / "config.toml").write_text("export_limt = 5\n")
    with pytest.raises(SettingsError, match="unknown setting 'export_limt'"):
        _load(tmp_path, instance)
    (tmp_path / "arc" / "config.toml").write_text("export_limit = \n")
    with pytest.raises(SettingsError, match="is not valid TOML"):
        _load(tmp_path, instance)
    (tmp_path / "arc" / "config.toml").unlink()
    (instance / "config.py").write_text("EXPORT_LIMIT = (\n")
    with pytest.raises(SettingsError, match="cannot be read: SyntaxError"):
        _load(tmp_path, instance)


def test_with_values_marks_its_source_and_keeps_the_rest(tmp_path, instance):
    settings = _load(tmp_path, instance, {"ARCHIVE_THREADS": "3"})
    served = settings.with_values(port=9000, threads=None)
    assert (served.port, served.source("port")) == (9000, "command line")
    assert (served.threads, served.source("threads")) == (3, "environment")
    with pytest.raises(SettingsError, match="Unknown setting 'prot'"):
        settings.with_values(prot=1)


def test_settings_are_frozen_and_built_directly_in_tests(tmp_path):
    settings = Settings(archive_dir=tmp_path, export_limit=5)
    assert settings.export_limit == 5 and settings.archive_dir == tmp_path.resolve()
    with pytest.raises(AttributeError):
        settings.export_limit = 6  # type: ignore[misc]
    with pytest.raises(SettingsError, match="ARCHIVE_FEED_ENTRIES"):
        Settings(archive_dir=tmp_path, feed_entries=0)


def test_every_setting_has_an_archive_environment_name_and_help():
    names = [spec.metadata["env"] for spec in options()]
    assert all(name.startswith("ARCHIVE_") for name in names)
    assert len(set(names)) == len(names)
    assert all(spec.metadata["help"] for spec in options())
