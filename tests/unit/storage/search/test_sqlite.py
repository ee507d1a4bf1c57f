"""A search query as an FTS5 MATCH expression (``storage.search.sqlite``)."""

from __future__ import annotations

from discogs_service.search.query import build
from discogs_service.storage.search.sqlite import fts5_expression


def test_fts5_expression_quotes_every_term() -> None:
    query = build('near " OR * ( dc', {"label": "NOT"}, "release")
    assert fts5_expression(query) == (
        'kind : "release"'
        " AND {title artist anv label catno barcode credit track genre style country year format}"
        ' : (("near" "or" "dc"*) OR "nearordc"*)'
        ' AND {label} : ("not")'
    )
