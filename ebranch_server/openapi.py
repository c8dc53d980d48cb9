"""/openapi.json as the server really answers: the string rules written into request schemas.

FastAPI derives the schema from the wire models. What it cannot know is added here: every text
a request may carry outside record fields is refused (422) when it holds NUL, so request
strings get a pattern saying so (lone surrogates cannot be written in a JSON Schema pattern —
the rule is in the descriptions), and a pushed record's `fields` says how its values are judged.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

NO_NUL_PATTERN = r"^[^\u0000]*$"
STRING_RULE = "Text holding NUL (U+0000) or a lone surrogate is refused (422)."
FIELDS_RULE = ("The record's fields, as the table's field model (docs/sync-protocol.md). A change "
               "whose fields are invalid, or hold NUL, a lone surrogate or an integer beyond 64 bits, "
               "is answered `rejected` (the rest of the batch goes on).")


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _refs(node: Any) -> set[str]:
    """Component names referenced anywhere below `node`."""
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("$ref"), str):
                found.add(_ref_name(item["$ref"]))
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _constrain_strings(schema: dict[str, Any]) -> None:
    """Add the NUL pattern to plain string schemas (those without a pattern, enum or format)."""
    stack = [schema]
    while stack:
        item = stack.pop()
        if not isinstance(item, dict):
            continue
        if item.get("type") == "string" and not {"pattern", "enum", "const", "format"} & item.keys():
            item["pattern"] = NO_NUL_PATTERN
            item["description"] = (item.get("description", "") + " " + STRING_RULE).strip()
        for key in ("properties", "items", "anyOf", "oneOf", "allOf", "additionalProperties"):
            child = item.get(key)
            if isinstance(child, dict):
                stack.extend(child.values() if key == "properties" else [child])
            elif isinstance(child, list):
                stack.extend(child)


def _request_components(schema: dict[str, Any]) -> set[str]:
    """Components used by request bodies, followed through their references."""
    components = schema.get("components", {}).get("schemas", {})
    todo = set()
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            if isinstance(operation, dict) and "requestBody" in operation:
                todo |= _refs(operation["requestBody"])
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen or name not in components:
            continue
        seen.add(name)
        todo |= _refs(components[name]) - seen
    return seen


def complete_schema(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description,
                             routes=app.routes)
        components = schema.get("components", {}).get("schemas", {})
        for name in _request_components(schema):
            _constrain_strings(components[name])
        fields = components.get("PushChange", {}).get("properties", {}).get("fields")
        if fields is not None:
            fields["description"] = FIELDS_RULE
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                    _constrain_strings(parameter.get("schema", {}))
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
