"""archive.engines: engines by name, built lazily from the settings."""

from __future__ import annotations

import pytest

from archive.engines import ENGINES, default_backend, make_backend
from archive.errors import ArchiveError
from archive.settings import Settings


def test_whoosh_is_the_default_and_lives_in_the_archive_folder(tmp_path):
    backend = make_backend(Settings(archive_dir=tmp_path))
    assert ENGINES[0] == "whoosh" and backend.name == "whoosh"
    assert default_backend(tmp_path).name == "whoosh"


def test_opensearch_needs_an_address(tmp_path):
    settings = Settings(archive_dir=tmp_path, engine="opensearch")
    with pytest.raises(ArchiveError, match="needs the cluster's address: --opensearch-url"):
        make_backend(settings)
    backend = make_backend(settings.with_values(opensearch_url="http://127.0.0.1:9"))
    assert backend.name == "opensearch"


def test_an_engine_the_registry_does_not_know_is_a_clear_error(tmp_path):
    settings = Settings(archive_dir=tmp_path)
    object.__setattr__(settings, "engine", "solr")  # past the settings' own check
    with pytest.raises(ArchiveError, match="Unknown engine 'solr': use one of whoosh, opensearch"):
        make_backend(settings)
