"""The facet table: values per record, and the engines' schema versions follow its changes."""

import hashlib
import json

from archive import facets
from archive.opensearch_backend import SCHEMA_VERSION as OPENSEARCH_SCHEMA
from archive.records import Origin, Record
from archive.whoosh_backend.schema import SCHEMA_VERSION as WHOOSH_SCHEMA

#: The fingerprint of what the engines index of the facet table (names, attributes, kinds),
#: with each engine's SCHEMA_VERSION when the table was so. A facet added, removed or changed
#: needs both versions bumped (old indexes are then rebuilt, not misread); then record the
#: new fingerprint and versions here.
RECORDED = {
    "fingerprint": "097261c0da7b295e",
    "whoosh": 7,
    "opensearch": 5,
}


def _fingerprint() -> str:
    table = [(f.name, f.attribute, f.kind) for f in facets.FACET_SPECS]
    return hashlib.sha256(json.dumps(table).encode()).hexdigest()[:16]


def test_a_changed_facet_table_comes_with_new_engine_schema_versions():
    if _fingerprint() == RECORDED["fingerprint"]:
        return
    unchanged = [
        name
        for name, version in (("whoosh", WHOOSH_SCHEMA), ("opensearch", OPENSEARCH_SCHEMA))
        if version == RECORDED[name]
    ]
    assert not unchanged, (
        f"The facet table changed but the schema version of {', '.join(unchanged)} did not: "
        "bump SCHEMA_VERSION in archive/whoosh_backend/schema.py and archive/opensearch_backend.py."
    )
    raise AssertionError(
        f"Schema versions bumped for the new facet table: record it in tests/test_facets.py: "
        f'"fingerprint": "{_fingerprint()}", "whoosh": {WHOOSH_SCHEMA}, '
        f'"opensearch": {OPENSEARCH_SCHEMA}.'
    )


def test_values_of_a_record_per_facet():
    record = Record(
        id="0" * 16,
        title="t",
        body="b",
        type="html",
        origin=Origin("0" * 64, "/a.html", 1),
        source="Harbour Gazette",
        places=["Aden", ""],
        lang=None,
    )
    values = facets.facet_values(record)
    assert values["source"] == ["Harbour Gazette"] and values["place"] == ["Aden"]
    assert values["lang"] == [] and "year" not in values
