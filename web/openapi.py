"""The OpenAPI 3.1 description of the JSON API (its schemas are plain JSON Schema 2020-12)."""

from __future__ import annotations

from archive.search import (
    DEFAULT_PER_PAGE,
    FACET_NAMES,
    HIT_FIELDS,
    MAX_PAGE,
    MAX_PER_PAGE,
    SORTS,
    STORY_FIELDS,
)

_STR_LIST = {"type": "array", "items": {"type": "string"}}
_NULLABLE_STR = {"type": ["string", "null"]}
_URL = {"type": "string", "format": "uri"}


def _object(properties: dict, required: list[str] | None = None, extra: bool = False) -> dict:
    return {
        "type": "object",
        "properties": properties,
        "required": required if required is not None else list(properties),
        "additionalProperties": extra,
    }


_FIELD_SCHEMAS = {
    "id": {"type": "string", "pattern": "^[0-9a-f]{16}$"},
    "title": {"type": "string"},
    "date": {**_NULLABLE_STR, "description": "Publication date, ISO 8601 with offset"},
    "date_source": {
        **_NULLABLE_STR,
        "description": "Where the date came from: meta, json-ld, "
        "time, url, text, export, or editor (corrected; null: undated)",
    },
    "source": {"type": "string"},
    "url": _NULLABLE_STR,
    "authors": _STR_LIST,
    "lang": _NULLABLE_STR,
    "type": {"type": "string"},
    "tags": _STR_LIST,
    "places": _STR_LIST,
    "people": _STR_LIST,
    "orgs": _STR_LIST,
    "terms": _STR_LIST,
    "dates_mentioned": _STR_LIST,
    "note": {"type": "string", "description": "The editors' note (plain text; empty: none)"},
}

#: One uploaded file's outcome (the top of the answer is the first file's).
_UPLOADED_FILE = {
    "file": {"type": "string"},
    "status": {"enum": ["indexed", "updated", "duplicate", "rejected"]},
    "reason": {**_NULLABLE_STR, "description": "Why it was rejected, or what it duplicates"},
    "id": {"type": ["string", "null"], "pattern": "^[0-9a-f]{16}$"},
    "article_url": _URL,
    "html_url": _URL,
}

#: Every hit field of the search function, described (a field without a schema fails here).
_HIT_FIELDS = {name: _FIELD_SCHEMAS[name] for name in HIT_FIELDS}

#: A hit's story (archive/search/serialize.py STORY_FIELDS).
_STORY_SCHEMAS = {
    "story_id": {
        "type": ["integer", "null"],
        "description": "The story of its copies and versions (story:ID finds them all)",
    },
    "copies": {
        "type": "integer",
        "minimum": 0,
        "description": "Other articles of its story (copies and versions)",
    },
    "outlets": {"type": "integer", "minimum": 1, "description": "Outlets that ran the story"},
    "first_seen": {**_NULLABLE_STR, "description": "The story's earliest publication date"},
    "first_seen_outlet": {**_NULLABLE_STR, "description": "Who published it first"},
}
_STORY_FIELDS = {name: _STORY_SCHEMAS[name] for name in STORY_FIELDS}

SCHEMAS = {
    "Hit": _object(
        {
            **_HIT_FIELDS,
            "score": {"type": "number"},
            "snippet": {"type": "string", "description": "Plain text; matched words in [brackets]"},
            "partial": {
                "type": "boolean",
                "description": "Matches only some of the query's words (after all full matches)",
            },
            "snippet_html": {
                "type": "string",
                "description": "HTML-escaped text with <mark> around matched words",
            },
            **_STORY_FIELDS,
            "article_url": _URL,
            "html_url": _URL,
        }
    ),
    "FacetValue": _object(
        {
            "value": {"type": "string"},
            "count": {"type": "integer", "minimum": 0},
            "selected": {"type": "boolean"},
            "toggle_url": {**_URL, "description": "This search with the value added or removed"},
        }
    ),
    "Facet": _object(
        {
            "label": {"type": "string"},
            "truncated": {"type": "boolean", "description": "More values exist than are listed"},
            "values": {"type": "array", "items": {"$ref": "#/components/schemas/FacetValue"}},
        }
    ),
    "TimelineBucket": _object(
        {
            "label": {
                "type": "string",
                "description": "A year (2023), a month (2023-09) or a day (2023-09-19)",
            },
            "count": {"type": "integer", "minimum": 0},
            "start": {"type": "string", "format": "date"},
            "end": {"type": "string", "format": "date"},
            "url": {**_URL, "description": "The search narrowed to this period"},
        }
    ),
    "SearchResult": _object(
        {
            "query": {"type": "string"},
            "params": {
                "type": "object",
                "description": "The canonical parameters of this search",
                "additionalProperties": {"anyOf": [{"type": "string"}, _STR_LIST]},
            },
            "total": {
                "type": "integer",
                "minimum": 0,
                "description": "Articles found: exact_total, then those with some of the words",
            },
            "exact_total": {
                "type": "integer",
                "minimum": 0,
                "description": "Matches of all the words; hits after them match some words",
            },
            "stories": {
                "type": "integer",
                "minimum": 0,
                "description": "Stories the matches belong to (copies of one story count once)",
            },
            "collapse": {
                "type": "boolean",
                "description": "One hit per story (its best-ranked article); false: every copy",
            },
            "notice": {**_NULLABLE_STR, "description": "Parts of the query left out"},
            "address_notice": {
                **_NULLABLE_STR,
                "description": "No article saved from the pasted address; hits have its words",
            },
            "page": {"type": "integer", "minimum": 1},
            "pages": {"type": "integer", "minimum": 0},
            "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
            "sort": {"enum": list(SORTS)},
            "took_ms": {"type": "number"},
            "suggestion": {**_NULLABLE_STR, "description": "Did you mean"},
            "timed_out": {"type": "boolean"},
            "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
            "facets": {
                "type": "object",
                "propertyNames": {"enum": list(FACET_NAMES)},
                "additionalProperties": {"$ref": "#/components/schemas/Facet"},
            },
            "timeline": _object(
                {
                    "unit": {"enum": ["year", "month", "day"]},
                    "undated": {"type": "integer", "minimum": 0},
                    "buckets": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/TimelineBucket"},
                    },
                }
            ),
            "links": _object(
                {
                    "self": _URL,
                    "html": _URL,
                    "csv": _URL,
                    "jsonl": _URL,
                    "next": {"anyOf": [_URL, {"type": "null"}]},
                    "prev": {"anyOf": [_URL, {"type": "null"}]},
                }
            ),
        }
    ),
    "Version": _object(
        {
            "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            "member": {"type": "string", "description": "WARC offset or JSON line; '' for files"},
            "added": {"type": "string"},
            "name": {"type": "string", "description": "The file as it was saved"},
            "size": {"type": "integer"},
        }
    ),
    "Article": _object(
        {
            **_HIT_FIELDS,
            "body": {"type": "string", "description": "The readable text"},
            "summary": {"type": "string"},
            "word_count": {"type": "integer"},
            "captured": {
                **_NULLABLE_STR,
                "description": "When the page was saved or crawled (WARC-Date or file time)",
            },
            "claimed_url": {
                **_NULLABLE_STR,
                "description": "An address the page claimed but that is another article's",
            },
            "user_tags": {
                "type": ["array", "null"],
                "items": {"type": "string"},
                "description": "The tags given with `archive index --tag` (null: not kept apart)",
            },
            "origin": _object(
                {
                    "sha256": {"type": "string"},
                    "path": {"type": "string"},
                    "size": {"type": "integer"},
                    "member": _NULLABLE_STR,
                    "media_type": {"type": "string"},
                    "captured_from": {
                        **_NULLABLE_STR,
                        "description": (
                            "The capture's own address (WARC target URI, MHTML location)"
                        ),
                    },
                }
            ),
            "added": _NULLABLE_STR,
            "updated": _NULLABLE_STR,
            "extractor_version": {"type": "integer"},
            "corrected": {
                "type": "object",
                "description": "The editors' corrections by field (title, date, ..., tag:NAME,"
                " reject:KIND:NAME): who (by), when (at), and what extraction found (extracted)",
                "additionalProperties": _object(
                    {"by": {"type": "string"}, "at": {"type": "string"}, "extracted": {}}
                ),
            },
            "versions": {"type": "array", "items": {"$ref": "#/components/schemas/Version"}},
            "related": {
                "type": "array",
                "items": _object(
                    {
                        "id": {"type": "string"},
                        "title": {"type": "string"},
                        "date": _NULLABLE_STR,
                        "source": {"type": "string"},
                        "article_url": _URL,
                    }
                ),
            },
            "story": {
                "description": "Its copies in other outlets and versions by its own (null: none)",
                "anyOf": [{"type": "null"}, {"$ref": "#/components/schemas/Story"}],
            },
            "claims": {
                "description": "The article whose address this page claims (claimed_url), "
                "kept apart from it (null: it claims none, or that article is gone)",
                "anyOf": [{"type": "null"}, {"$ref": "#/components/schemas/Claim"}],
            },
            "claimed_by": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/Claim"},
                "description": "Saved pages that claim this article's address but whose text "
                "is not this article's: each kept as a record of its own",
            },
            "links": _object({"self": _URL, "html": _URL, "original": _URL}),
        }
    ),
    "Claim": _object(
        {
            "id": {"type": "string"},
            "title": {"type": "string"},
            "source": {"type": "string"},
            "claimed_url": _NULLABLE_STR,
            "article_url": _URL,
            "html_url": _URL,
        }
    ),
    "UploadResult": _object(
        {
            **_UPLOADED_FILE,
            "files": {"type": "array", "items": _object(_UPLOADED_FILE, ["file", "status"])},
            "summary": {"type": "object", "description": "The counts of `archive index`"},
            "error": {"type": "object", "description": "When every file was rejected"},
        },
        ["file", "status", "reason", "id", "files", "summary"],
    ),
    "Story": _object(
        {
            "id": {"type": "integer", "description": "The story id (stable; `story:` in queries)"},
            "copies": {"type": "integer"},
            "versions": {"type": "integer"},
            "first_seen": {
                "description": "The earliest dated publication (null: none is dated)",
                "anyOf": [
                    {"type": "null"},
                    _object(
                        {
                            "id": {"type": "string"},
                            "source": {"type": "string"},
                            "date": _NULLABLE_STR,
                        }
                    ),
                ],
            },
            "members": {
                "type": "array",
                "items": _object(
                    {
                        "id": {"type": "string"},
                        "kind": {"enum": ["copy", "version"]},
                        "source": {"type": "string"},
                        "date": _NULLABLE_STR,
                        "share": {
                            "type": "number",
                            "description": "The share of this article's text the other has",
                        },
                        "article_url": _URL,
                    }
                ),
            },
        }
    ),
    "Error": _object(
        {
            "error": _object(
                {
                    "status": {"type": "integer"},
                    "title": {"type": "string"},
                    "message": {
                        "type": "string",
                        "description": "What is wrong, in words a user can act on",
                    },
                }
            ),
        }
    ),
}


def _param(name: str, schema: dict, description: str, many: bool = False) -> dict:
    if many:
        schema = {"type": "array", "items": schema}
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
        **({"style": "form", "explode": True} if many else {}),
    }


SEARCH_PARAMETERS = [
    _param(
        "q",
        {"type": "string", "maxLength": 1000},
        'The query language: words (AND), "phrases", OR, -word / NOT, (groups), '
        "field:value (title, author, source, tag, place, person, org, term, lang, type, story), "
        "copies:yes|none|1|2-5|6+, "
        "date:2023, date:2023-09, date:[2020-01-01 TO 2020-12-31], after:DATE, before:DATE, "
        "prefix*.",
    ),
    *[
        _param(
            name,
            {"type": "string"},
            f"Facet filter on {name}; repeat for several values (any of them matches)",
            many=True,
        )
        for name in FACET_NAMES
    ],
    _param(
        "collapse",
        {"enum": ["0", "1"], "default": "1"},
        "1: copies of one story as one hit (pages count stories); 0: every copy",
    ),
    _param("sort", {"enum": list(SORTS), "default": "relevance"}, "Order of the hits"),
    _param("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}, "Page"),
    _param(
        "n",
        {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": DEFAULT_PER_PAGE},
        "Hits per page",
    ),
]


def _json(ref: str, description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
    }


def _export(media: str, what: str) -> dict:
    return {
        "summary": f"All matches of a search as {what}",
        "description": "Streamed; at most EXPORT_LIMIT rows (10,000 by default). The headers "
        "X-Total-Count, X-Export-Limit, X-Export-Rows and X-Export-Truncated say "
        "how many matched and how many were sent. Only articles with all the words "
        "unless partial=1; each row's partial says whether it has only some of them.",
        "parameters": [
            *SEARCH_PARAMETERS[:-2],
            {
                "name": "partial",
                "in": "query",
                "description": "1: after the articles with all the words, those with some",
                "schema": {"enum": ["0", "1"]},
            },
        ],
        "responses": {
            "200": {"description": what, "content": {media: {"schema": {"type": "string"}}}},
            "400": _json("Error", "The query or a parameter is malformed"),
        },
    }


def openapi_document(server_url: str) -> dict:
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "News archive API",
            "version": "1",
            "description": "Search saved news articles and read their records. The search "
            "takes the same parameters as the HTML search page.",
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/api/search": {
                "get": {
                    "operationId": "search",
                    "summary": "Search: one page of hits, exact total, facet counts, timeline",
                    "parameters": SEARCH_PARAMETERS,
                    "responses": {
                        "200": _json("SearchResult", "The result"),
                        "400": _json("Error", "The query or a parameter is malformed"),
                    },
                }
            },
            "/api/articles/{id}": {
                "get": {
                    "operationId": "getArticle",
                    "summary": "One article: metadata, text, saved versions, related articles",
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "pattern": "^[0-9a-f]{16}$"},
                        }
                    ],
                    "responses": {
                        "200": _json("Article", "The article record"),
                        "404": _json("Error", "No article with this id"),
                    },
                }
            },
            "/api/articles": {
                "post": {
                    "operationId": "saveArticle",
                    "summary": "Add saved files (SingleFile's REST form upload): the same "
                    "rules as `archive index`; editors only",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "multipart/form-data": {
                                "schema": _object(
                                    {
                                        "file": {"type": "string", "format": "binary"},
                                        "url": {
                                            **_URL,
                                            "description": "The page's address, "
                                            "kept when the page names none",
                                        },
                                        "tag": {**_STR_LIST, "description": "Tags of yours"},
                                    },
                                    ["file"],
                                    extra=True,
                                )
                            }
                        },
                    },
                    "responses": {
                        "201": _json("UploadResult", "Indexed (a new article)"),
                        "200": _json("UploadResult", "Updated, or a duplicate"),
                        "422": _json("UploadResult", "Rejected: `reason` says why"),
                        "413": _json("Error", "Too large, or too many files"),
                    },
                }
            },
            "/search.csv": {"get": {"operationId": "exportCsv", **_export("text/csv", "CSV")}},
            "/search.jsonl": {
                "get": {
                    "operationId": "exportJsonl",
                    **_export("application/x-ndjson", "JSON Lines"),
                }
            },
        },
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An API token (`archive tokens create USER NAME`, or the "
                    "Tokens page); not needed on an archive without accounts.",
                }
            },
        },
        "security": [{"bearer": []}, {}],
    }
