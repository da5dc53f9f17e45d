"""The JSON API: the search page's twin, article records, and their OpenAPI description."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from archive.search import SearchRequest, related, result_to_dict, search
from web.articles import story_panel
from web.helpers import external_url, get_archive, get_record, search_url, settings, snippet_html
from web.openapi import openapi_document

bp = Blueprint("api", __name__, url_prefix="/api")


def _api_url(req: SearchRequest) -> str:
    return search_url(req, "api.search", _external=True)


@bp.get("/search", endpoint="search")
def search_json():
    """The same parameters as /search; each facet value carries its toggle URL (to this API)."""
    req = SearchRequest.from_params(request.args)
    result = search(get_archive(), req, deadline_s=settings().search_seconds)
    data = result_to_dict(result, url_for=_api_url)
    for hit, shown in zip(data["hits"], result.hits, strict=True):
        hit["snippet_html"] = str(snippet_html(shown))
        hit["article_url"] = external_url("api.article", record_id=hit["id"])
        hit["html_url"] = external_url("articles.show", record_id=hit["id"])
    last = min(result.pages, 1000)
    data["links"] = {
        "self": _api_url(req),
        "html": search_url(req, _external=True),
        "csv": search_url(req.with_page(1), "exports.search_csv", _external=True),
        "jsonl": search_url(req.with_page(1), "exports.search_jsonl", _external=True),
        "next": _api_url(req.with_page(req.page + 1)) if req.page < last else None,
        "prev": _api_url(req.with_page(req.page - 1)) if 1 < req.page <= last + 1 else None,
    }
    return jsonify(data)


@bp.get("/articles/<record_id>")
def article(record_id: str):
    record = get_record(record_id)
    archive = get_archive()
    data = record.to_dict()
    data["versions"] = archive.versions(record.id)
    data["related"] = [
        {
            "id": r.id,
            "title": r.title,
            "date": r.date.isoformat() if r.date else None,
            "source": r.source,
            "article_url": external_url("api.article", record_id=r.id),
        }
        for r in related(archive, record)
    ]
    data["story"] = story_json(story_panel(archive, record))
    claimed = archive.claimed_record(record)
    data["claims"] = _claim_json(claimed) if claimed else None
    data["claimed_by"] = [_claim_json(other) for other in archive.claimants(record)]
    data["links"] = {
        "self": external_url("api.article", record_id=record.id),
        "html": external_url("articles.show", record_id=record.id),
        "original": external_url("articles.original", record_id=record.id),
    }
    return jsonify(data)


def _claim_json(other) -> dict:
    """The article whose address a record claims, or one that claims the record's."""
    return {
        "id": other.id,
        "title": other.title,
        "source": other.source,
        "claimed_url": other.claimed_url,
        "article_url": external_url("api.article", record_id=other.id),
        "html_url": external_url("articles.show", record_id=other.id),
    }


def story_json(panel: dict | None) -> dict | None:
    """The article page's story panel as JSON (None: the article has no copy or version)."""
    if panel is None:
        return None
    first = panel["first"]
    return {
        "id": panel["id"],
        "copies": len(panel["copies"]),
        "versions": len(panel["versions"]),
        "first_seen": first
        and {
            "id": first.id,
            "source": first.source,
            "date": first.date.isoformat() if first.date else None,
        },
        "members": [
            {
                "id": item["record"].id,
                "kind": item["relative"].kind,
                "source": item["record"].source,
                "date": item["record"].date.isoformat() if item["record"].date else None,
                "share": round(item["share"], 3),
                "article_url": external_url("api.article", record_id=item["record"].id),
            }
            for item in panel["copies"] + panel["versions"]
        ],
    }


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document(settings().base_url or request.host_url.rstrip("/")))
