"""Search: ``/database/search`` as one feature, the same for both engines.

    text.py      text as the index sees it: folding, tokens, field text
    query.py     a request's parameters as terms per index field (SearchQuery)
    facts.py     what the index knows about an entity (SearchFacts), its key and kind codes,
                 its index fields and its rendered result
    entries.py   the index entry of a prepared record, and of a master with its main release
    ranking.py   the ranking policy: bounds, strong candidates, kind boosts, paging by parts

The engines (a Tantivy index for SQLite, PostgreSQL full-text search), PostgreSQL's match
sets and the BM25 scoring that reads them live in ``storage.search``; the use case in
``services.search``.
"""
