"""What the OpenAPI contract tests share: the reference documents, the relaxations of
docs/seed-spec-deviations.md that apply to more than one group of operations, and the checks
run on served answers.

Each contract test copies a document and applies, in its own ``contract()``, the written
deviations exactly where they apply; the helpers here take the operations they act on, so
that a deviation never reaches an operation its entry does not name.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import yaml
from schemathesis.core.transport import Response
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from discogs_service.api.pagination import MAX_REPEATED_QUERY
from tests.conftest import SHARED, USER_AGENT

SEED = SHARED / "reference" / "discogs-openapi.seed.yaml"
HEAD = SHARED / "reference" / "discogs-openapi.head.yaml"
RATE_LIMIT_HEADERS = (
    "X-Discogs-RateLimit",
    "X-Discogs-RateLimit-Used",
    "X-Discogs-RateLimit-Remaining",
)
HEADERS = {"User-Agent": USER_AGENT}
# The checks that concern a served body; sweeps run them on many answers.
SWEEP_CHECKS = [
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@cache
def load(path: Path) -> dict[str, Any]:
    """A reference document as it is (callers deep-copy before changing it)."""
    document: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return document


def empty_or(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` or the empty string."""
    return {"anyOf": [schema, {"type": "string", "const": ""}]}


def relax_uri(node: dict[str, Any], *names: str) -> None:
    properties = node["properties"]
    for name in names:
        properties[name] = empty_or(properties[name])


def operations(spec: dict[str, Any], operation_ids: Iterable[str]) -> Iterator[dict[str, Any]]:
    """The operations of ``spec`` named in ``operation_ids``."""
    wanted = set(operation_ids)
    for item in spec["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and operation.get("operationId") in wanted:
                yield operation


def relax_paging(spec: dict[str, Any]) -> None:
    """D1, D2 and D11 on the shared ``Page`` and ``PerPage`` parameters."""
    parameters = spec["components"]["parameters"]
    # D1: per_page above 100 is clamped by the real API, not refused.
    del parameters["PerPage"]["schema"]["maximum"]
    # D2: page and per_page below 1 are read as absent (page 1, 50 per page).
    del parameters["Page"]["schema"]["minimum"]
    del parameters["PerPage"]["schema"]["minimum"]
    # D11: an empty page or per_page is read as absent.
    for name in ("Page", "PerPage"):
        parameters[name]["schema"] = empty_or(parameters[name]["schema"])


def answer_unreadable_queries(spec: dict[str, Any], operation_ids: Iterable[str]) -> None:
    """D3: unreadable query values are answered 422 with the error body."""
    for operation in operations(spec, operation_ids):
        operation["responses"]["422"] = {
            "description": "A query parameter cannot be read.",
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/ServiceError"}}
            },
        }


def refuse_nul_in_text(spec: dict[str, Any], operation_ids: Iterable[str]) -> None:
    """D17: no text may hold a NUL (PostgreSQL's text cannot): refused with D3's 422."""
    without_nul = "^[^\\x00]*$"
    for free_text in _free_text_query_parameters(spec, operation_ids):
        if "pattern" in free_text:  # a deviation's own pattern: both must hold
            free_text["allOf"] = [{"pattern": free_text.pop("pattern")}, {"pattern": without_nul}]
        else:
            free_text["pattern"] = without_nul


def _free_text_query_parameters(
    spec: dict[str, Any], operation_ids: Iterable[str]
) -> Iterator[dict[str, Any]]:
    """The schema of each query parameter of the operations that takes any string."""
    shared = spec["components"]["parameters"]
    seen: set[int] = set()
    for operation in operations(spec, operation_ids):
        for parameter in operation.get("parameters", []):
            if "$ref" in parameter:
                parameter = shared[parameter["$ref"].rsplit("/", 1)[1]]
            value = parameter["schema"]
            is_text = value.get("type") == "string" and "enum" not in value
            if parameter["in"] == "query" and is_text and id(value) not in seen:
                seen.add(id(value))
                yield value


def refused_for_its_page_links(response: Response) -> bool:
    """D18: a list request whose parameters, repeated by its page links, are longer than
    MAX_REPEATED_QUERY characters URL-encoded is refused with D3's 422 - a bound on the
    parameters together, which no schema can state. True when the answer is that refusal and
    the request sent was over the bound (any other 422 is validated as usual)."""
    if response.status_code != 422 or "Invalid query string" not in response.text:
        return False
    sent = parse_qsl(urlsplit(str(response.request.url)).query, keep_blank_values=True)
    repeated = [(name, value) for name, value in sent if name not in ("page", "per_page")]
    assert len(urlencode(repeated)) > MAX_REPEATED_QUERY, response.request.url
    return True
