"""Whatever a caller sends to /database/search, the answer is JSON: results, or the API's
error body (422 for an unreadable value, 404 for a page out of range), never a 500.
Property-based (hypothesis) against the real server on both engines, plus the known
trouble-makers by name: FTS operators, SQL, empty and very long text, every kind of Unicode."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from discogs_service.api.pagination import MAX_REPEATED_QUERY
from discogs_service.services.search import PARAMETERS
from tests.functional.support import error_message

TEXT_PARAMETERS = [p for p in PARAMETERS if p != "type"]
ALLOWED = {200, 404, 422}
HYPOTHESIS = settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Operators and quoting of FTS5, tsquery and SQL, and text that tends to break tokenizers.
NASTY = [
    "",
    " ",
    '"',
    '""',
    '"unterminated',
    "*",
    "**",
    "a*",
    "*a",
    ":",
    "title:black",
    "kind : release",
    "(",
    ")",
    "(()",
    "NEAR",
    "NEAR(a b, 2)",
    "a NEAR b",
    "-",
    "-black",
    "--",
    "AND",
    "OR",
    "NOT",
    "a AND NOT b",
    "a | b & !c",
    "a <-> b",
    "'",
    "''",
    "\\",
    "%",
    "_",
    "'; DROP TABLE search_docs; --",
    "1' OR '1'='1",
    "1; SELECT pg_sleep(5)",
    "{title artist} : x",
    "^a",
    "a:*",
    "\x00",
    "\ufeff",
    "\u200b",
    "\u0301",
    "\ud7ff",
    "🎵🎶",
    "👩‍👩‍👧",
    "ﷺ",
    "ǅ",
    "İstanbul",
    "ΣΊΣΥΦΟΣ",
    "日本語のテキスト",
    "עברית",
    "x" * 5000,
    "word " * 500,
    "ö" * 300,
]


def assert_json_answer(response: httpx.Response) -> Any:
    assert response.status_code in ALLOWED, (response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    if response.status_code == 200:
        assert list(body) == ["pagination", "results"]
    else:
        assert list(body) == ["message"]
    return body


def ask(find: httpx.Client, parameters: dict[str, str]) -> Any:
    return assert_json_answer(find.get("/database/search", params=parameters))


# Each value in q and in two field parameters; values with a NUL only in q (one is enough).
TROUBLE = [
    (name, value)
    for name in ("q", "title", "barcode")
    for value in NASTY
    if name == "q" or "\x00" not in value
]


@pytest.mark.parametrize(("name", "value"), TROUBLE)
def test_known_trouble_makers_get_a_json_answer(find: httpx.Client, name: str, value: str) -> None:
    ask(find, {name: value})


@pytest.mark.parametrize(
    ("parameters", "named"),
    [
        ({"q": "\x00"}, "q"),
        ({"title": "a\x00b", "q": "black"}, "title"),
        ({"key": "\x00"}, "key"),  # credentials are read before anything else
        ({"key": "a\x00b", "secret": "s"}, "key"),
        ({"token": "a\x00b"}, "token"),
    ],
)
def test_a_nul_in_the_query_is_refused_alike_on_both_engines(
    find: httpx.Client, parameters: dict[str, str], named: str
) -> None:
    """PostgreSQL's text cannot hold a NUL: refused as it is read, before any query."""
    answer = find.get("/database/search", params=parameters)
    assert error_message(answer, 422) == f"Invalid {named}: expected text without NUL characters."


@pytest.mark.parametrize("length", [2_000, 64_000])
def test_an_overlong_query_is_refused(find: httpx.Client, length: int) -> None:
    """Page links repeat q: 2,000 characters made a header nginx refuses (502), 64,000 one of
    128 KB. Refused before searching, with the Link header's limit."""
    answer = find.get("/database/search", params={"q": ("black " * length)[:length]})
    assert error_message(answer, 422) == (
        f"Invalid query string: expected at most {MAX_REPEATED_QUERY} characters, URL-encoded."
    )
    assert "link" not in answer.headers


def test_a_long_query_within_the_limit_is_answered(find: httpx.Client) -> None:
    q = ("black sabbath paranoid vertigo " * 20)[: MAX_REPEATED_QUERY - len("q=&type=release")]
    answer = find.get("/database/search", params={"q": q, "type": "release"})
    assert answer.status_code == 200
    assert answer.headers["link"]


def test_a_non_numeric_year_finds_nothing(find: httpx.Client) -> None:
    assert ask(find, {"year": "nineteen eighty"})["results"] == []


def test_an_unknown_type_is_the_apis_error_body(find: httpx.Client) -> None:
    body = ask(find, {"type": "'; DROP TABLE x; --"})
    assert body["message"].startswith("Invalid type")


def test_fts_operator_words_are_plain_words(find: httpx.Client) -> None:
    # "Near Dark" and a track "Not And Or": the words are found, not obeyed
    results = ask(find, {"q": "near"})["results"]
    assert [(r["type"], r["id"]) for r in results] == [("release", 49)]
    results = ask(find, {"q": "not and or"})["results"]
    assert [(r["type"], r["id"]) for r in results] == [("release", 49)]


@HYPOTHESIS
@given(value=st.text(max_size=300))
def test_any_text_as_q_gets_a_json_answer(find: httpx.Client, value: str) -> None:
    ask(find, {"q": value})


@HYPOTHESIS
@given(
    parameters=st.dictionaries(
        st.sampled_from(TEXT_PARAMETERS),
        st.text(st.characters(codec="utf-8"), max_size=60)
        | st.sampled_from(NASTY)
        | st.from_regex(r"[0-9 \-]{0,20}", fullmatch=True),
        max_size=5,
    ),
    kind=st.sampled_from(["", "release", "master", "artist", "label", "Release", "x"]),
    page=st.one_of(st.none(), st.integers(-5, 50).map(str), st.text(max_size=5)),
    per_page=st.one_of(st.none(), st.integers(-5, 500).map(str), st.text(max_size=5)),
)
def test_any_mix_of_parameters_gets_a_json_answer(
    find: httpx.Client,
    parameters: dict[str, str],
    kind: str,
    page: str | None,
    per_page: str | None,
) -> None:
    asked = dict(parameters, type=kind)
    if page is not None:
        asked["page"] = page
    if per_page is not None:
        asked["per_page"] = per_page
    ask(find, asked)


@HYPOTHESIS
@given(value=st.text(st.characters(codec="utf-8"), min_size=1, max_size=40))
def test_case_does_not_change_what_is_found(find: httpx.Client, value: str) -> None:
    lower = ask(find, {"q": value.lower(), "per_page": "100"})
    upper = ask(find, {"q": value.upper(), "per_page": "100"})
    assert lower == upper
