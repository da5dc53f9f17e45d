"""Search: one request type, one search function, typed results, their JSON and rows.

``request`` (state, validation, URL), ``run`` (the search), ``results`` (typed
results), ``serialize`` (JSON, CSV and JSONL rows), ``related`` (articles like one).
Pages, API, CLI and feeds import from here.
"""

from archive.search.related import related
from archive.search.request import (
    DEFAULT_PER_PAGE,
    FACET_LABELS,
    FACET_NAMES,
    MAX_PAGE,
    MAX_PER_PAGE,
    SORT_LABELS,
    SORTS,
    SearchRequest,
    describe,
    wants_partial,
)
from archive.search.results import (
    Facet,
    FacetValue,
    Hit,
    SearchResult,
    TimelineBucket,
    bucket_request,
    bucket_selected,
)
from archive.search.run import DEFAULT_DEADLINE_S, search
from archive.search.serialize import (
    HIT_FIELDS,
    STORY_FIELDS,
    dict_params,
    hit_to_dict,
    result_to_dict,
)

__all__ = [
    "DEFAULT_DEADLINE_S",
    "DEFAULT_PER_PAGE",
    "FACET_LABELS",
    "FACET_NAMES",
    "HIT_FIELDS",
    "MAX_PAGE",
    "MAX_PER_PAGE",
    "SORTS",
    "SORT_LABELS",
    "STORY_FIELDS",
    "Facet",
    "FacetValue",
    "Hit",
    "SearchRequest",
    "SearchResult",
    "TimelineBucket",
    "bucket_request",
    "bucket_selected",
    "describe",
    "dict_params",
    "hit_to_dict",
    "related",
    "result_to_dict",
    "search",
    "wants_partial",
]
