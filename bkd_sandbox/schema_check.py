"""A small JSON-schema checker for the two machine-readable API descriptions
the project tests against: X's OpenAPI document and Google's discovery
documents (the YouTube one ships inside google-api-python-client).

Only the keywords those documents use for our endpoints are implemented. A
reference to a schema that is not in the document is treated as "anything",
so a trimmed OpenAPI subset still checks what it contains. With
``strict=True`` an object property the schema does not name is an error,
because the real APIs never send fields outside their published schema.
"""

from __future__ import annotations

import re
from typing import Any

INT_STRING_FORMATS = {"int64", "uint64"}


class SchemaChecker:
    def __init__(self, schemas: dict[str, Any], *, strict: bool = True) -> None:
        self.schemas = schemas
        self.strict = strict

    @classmethod
    def for_openapi(cls, document: dict[str, Any], **kwargs: Any) -> SchemaChecker:
        return cls(document["components"]["schemas"], **kwargs)

    @classmethod
    def for_discovery(cls, document: dict[str, Any], **kwargs: Any) -> SchemaChecker:
        return cls(document["schemas"], **kwargs)

    def errors(self, value: Any, schema: dict[str, Any] | str) -> list[str]:
        problems: list[str] = []
        if isinstance(schema, str):
            schema = {"$ref": schema}
        self._check(value, schema, "$", problems)
        return problems

    def _resolve(self, ref: str) -> dict[str, Any] | None:
        name = ref.rsplit("/", 1)[-1]
        return self.schemas.get(name)

    def _check(self, value: Any, schema: dict[str, Any], path: str, problems: list[str]) -> None:
        if "$ref" in schema:
            target = self._resolve(schema["$ref"])
            if target is not None:
                self._check(value, target, path, problems)
            return
        if "allOf" in schema:
            self._check_all_of(value, schema["allOf"], path, problems)
        for key in ("anyOf", "oneOf"):
            if key in schema and not any(not self.errors(value, option) for option in schema[key]):
                problems.append(f"{path}: matches none of {key}")
        kind = schema.get("type")
        if kind == "object" or (kind is None and "properties" in schema):
            self._check_object(value, schema, path, problems)
        elif kind == "array":
            if not isinstance(value, list):
                problems.append(f"{path}: expected array, got {type(value).__name__}")
                return
            if len(value) < schema.get("minItems", 0):
                problems.append(f"{path}: fewer than {schema['minItems']} items")
            if "maxItems" in schema and len(value) > schema["maxItems"]:
                problems.append(f"{path}: more than {schema['maxItems']} items")
            for index, item in enumerate(value):
                self._check(item, schema.get("items", {}), f"{path}[{index}]", problems)
        elif kind == "string":
            self._check_string(value, schema, path, problems)
        elif kind == "integer":
            if not isinstance(value, int) or isinstance(value, bool):
                problems.append(f"{path}: expected integer, got {value!r}")
            else:
                if "minimum" in schema and value < float(schema["minimum"]):
                    problems.append(f"{path}: {value} below minimum {schema['minimum']}")
                if "maximum" in schema and value > float(schema["maximum"]):
                    problems.append(f"{path}: {value} above maximum {schema['maximum']}")
        elif kind == "number":
            if not isinstance(value, int | float) or isinstance(value, bool):
                problems.append(f"{path}: expected number, got {value!r}")
        elif kind == "boolean" and not isinstance(value, bool):
            problems.append(f"{path}: expected boolean, got {value!r}")

    def _check_all_of(self, value: Any, parts: list, path: str, problems: list[str]) -> None:
        # Each part describes only some of the properties, so unknown names are
        # judged against the union of all parts (and not at all if one part is
        # missing from the document).
        loose = SchemaChecker(self.schemas, strict=False)
        names: set[str] | None = set()
        for part in parts:
            loose._check(value, part, path, problems)
            resolved = self._resolve(part["$ref"]) if "$ref" in part else part
            if resolved is None or "allOf" in resolved:
                names = None
            elif names is not None:
                names |= set(resolved.get("properties", {}))
        if self.strict and names and isinstance(value, dict):
            problems += [f"{path}: unexpected property {n!r}" for n in value if n not in names]

    def _check_string(self, value: Any, schema: dict, path: str, problems: list[str]) -> None:
        if not isinstance(value, str):
            problems.append(f"{path}: expected string, got {value!r}")
            return
        if schema.get("format") in INT_STRING_FORMATS and not re.fullmatch(r"-?\d+", value):
            problems.append(f"{path}: {value!r} is not a {schema['format']} string")
        if schema.get("format") == "date-time" and not re.fullmatch(
            r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})", value
        ):
            problems.append(f"{path}: {value!r} is not an RFC 3339 date-time")
        if schema.get("format") == "uri" and not re.match(r"[a-z][a-z0-9+.-]*://", value):
            problems.append(f"{path}: {value!r} is not a URI")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            problems.append(f"{path}: {value!r} does not match {schema['pattern']}")
        if "enum" in schema and value not in schema["enum"]:
            problems.append(f"{path}: {value!r} not in {schema['enum']}")
        if "minLength" in schema and len(value) < schema["minLength"]:
            problems.append(f"{path}: shorter than {schema['minLength']}")
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            problems.append(f"{path}: longer than {schema['maxLength']}")

    def _check_object(self, value: Any, schema: dict, path: str, problems: list[str]) -> None:
        if not isinstance(value, dict):
            problems.append(f"{path}: expected object, got {type(value).__name__}")
            return
        properties = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value:
                problems.append(f"{path}: missing required {name!r}")
        additional = schema.get("additionalProperties")
        for name, item in value.items():
            if name in properties:
                self._check(item, properties[name], f"{path}.{name}", problems)
            elif isinstance(additional, dict):
                self._check(item, additional, f"{path}.{name}", problems)
            elif additional is False or (
                self.strict and additional is None and properties and not schema.get("allOf")
            ):
                problems.append(f"{path}: unexpected property {name!r}")
