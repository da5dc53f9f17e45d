"""archive/__init__.py: the public API loads lazily and names real objects."""

from __future__ import annotations

import subprocess
import sys

import pytest

import archive


@pytest.mark.parametrize("name", archive.__all__)
def test_every_public_name_resolves(name):
    assert getattr(archive, name) is not None


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        archive.nothing  # noqa: B018


def test_importing_the_package_or_the_settings_loads_no_engine_and_no_indexer():
    code = (
        "import sys, archive, archive.settings, archive.engines, archive.store\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('whoosh', 'indexer', 'web', 'flask')"
        " or m in ('archive.whoosh_backend', 'archive.opensearch_backend')]\n"
        "print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_no_public_name_is_shadowed_by_a_submodule():
    import pkgutil

    submodules = {info.name for info in pkgutil.iter_modules(archive.__path__)}
    assert not submodules & set(archive.__all__)
