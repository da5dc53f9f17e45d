"""A JSON or JSONL export: one article per object (a list, an object holding one, a line each)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from indexer.readers._items import Rejection, SourceItem


def read(data: bytes) -> Iterator[SourceItem | Rejection]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        yield Rejection(None, "a JSON export must be UTF-8")
        return
    stripped = text.lstrip()
    objects: list[tuple[str, object]] = []
    if stripped.startswith("[") or (stripped.startswith("{") and "\n{" not in stripped):
        try:
            loaded = json.loads(text)
        except json.JSONDecodeError as error:
            yield Rejection(None, f"invalid JSON: {error.msg} at line {error.lineno}")
            return
        if isinstance(loaded, dict):
            inner = next(
                (
                    loaded[k]
                    for k in ("articles", "items", "entries", "data")
                    if isinstance(loaded.get(k), list)
                ),
                None,
            )
            loaded = inner if inner is not None else [loaded]
        if not isinstance(loaded, list):
            yield Rejection(None, "a JSON export must hold an object or a list of objects")
            return
        objects = [(f"item {i + 1}", obj) for i, obj in enumerate(loaded)]
    else:
        for lineno, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                objects.append((f"line {lineno}", json.loads(line)))
            except json.JSONDecodeError as error:
                yield Rejection(f"line {lineno}", f"invalid JSON: {error.msg}")
    results = [_json_item(member, obj) for member, obj in objects]
    if results and not any(isinstance(r, SourceItem) for r in results):
        yield Rejection(
            None,
            f"none of its {len(results)} JSON objects is an article "
            "(an article needs a 'body', 'text' or 'content' field)",
        )
        return
    yield from results


def _json_item(member: str, obj) -> SourceItem | Rejection:
    if not isinstance(obj, dict):
        return Rejection(member, "not a JSON object")
    if not any(isinstance(obj.get(k), str) and obj[k].strip() for k in BODY_KEYS):
        return Rejection(member, "no article text (expected a 'body', 'text' or 'content' field)")
    url = obj.get("url")
    return SourceItem("json", obj, member=member, url=url if isinstance(url, str) else None)


BODY_KEYS = ("body", "text", "content", "article", "full_text")
