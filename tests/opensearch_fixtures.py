"""pytest wiring for the OpenSearch tests (``@pytest.mark.opensearch``), imported by conftest.

``opensearch_url`` starts one node the first time a test asks for it and stops it at the end of
the session. Without java, javac or mvn the OpenSearch tests skip and say why; with
``REQUIRE_OPENSEARCH=1`` (CI) that, and any other skip of an OpenSearch test, is a failure.
"""

from __future__ import annotations

import os

import pytest

from tests.opensearch_node import Cluster, missing_tools


def require_opensearch() -> None:
    """Skip (fail under REQUIRE_OPENSEARCH=1) when the tools for a test node are missing."""
    missing = missing_tools()
    if not missing:
        return
    reason = (
        f"OpenSearch tests need {', '.join(missing)}: apt-get install -y default-jdk-headless maven"
    )
    if os.environ.get("REQUIRE_OPENSEARCH") == "1":
        pytest.fail(f"REQUIRE_OPENSEARCH=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def opensearch_node():
    """One single-node cluster for the session (started lazily)."""
    require_opensearch()
    with Cluster(nodes=1) as cluster:
        yield cluster


@pytest.fixture(scope="session")
def opensearch_url(opensearch_node):
    return opensearch_node.url


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if (
        report.skipped
        and item.get_closest_marker("opensearch")
        and os.environ.get("REQUIRE_OPENSEARCH") == "1"
    ):
        report.outcome = "failed"
        report.longrepr = (
            f"REQUIRE_OPENSEARCH=1 and this OpenSearch test skipped: {report.longrepr}"
        )
    return report
