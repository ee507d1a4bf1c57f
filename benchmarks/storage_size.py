"""Where a database's bytes are: per table (and index), per release of its catalogue.

    .venv/bin/python benchmarks/storage_size.py sqlite:///benchmarks/out/import/20000/bench.db
    .venv/bin/python benchmarks/storage_size.py postgresql+psycopg://postgres@127.0.0.1/x

SQLite: SQLite's ``dbstat`` (the pages of each b-tree: a table, an index or an FTS5 shadow
table), and the Tantivy search index's directory beside the file. PostgreSQL:
``pg_total_relation_size`` of each table (its heap, TOAST and indexes) beside
``pg_relation_size`` (the heap alone). Each figure is divided by the number of releases, the
unit the issue's footprint goal is stated in; the total is the whole file (SQLite) or the
database (PostgreSQL).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy import create_engine, make_url, text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", help="the database, as DISCOGS_DATABASE_URL writes it")
    parser.add_argument("--top", type=int, default=14, help="largest objects shown (14)")
    args = parser.parse_args(argv)
    engine = create_engine(args.url)
    with engine.connect() as conn:
        releases = int(conn.execute(text("SELECT count(*) FROM releases")).scalar_one())
        if engine.dialect.name == "sqlite":
            rows = conn.execute(
                text("SELECT name, SUM(pgsize), 0 FROM dbstat GROUP BY name ORDER BY 2 DESC")
            ).all()
            rows = sorted([*rows, *_search_index_directory(args.url)], key=lambda row: -int(row[1]))
            total = sum(int(row[1]) for row in rows)
        else:
            rows = conn.execute(
                text(
                    "SELECT relname, pg_total_relation_size(oid), pg_relation_size(oid)"
                    " FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace"
                    " ORDER BY 2 DESC"
                )
            ).all()
            total = int(
                conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
            )
    engine.dispose()
    per = max(releases, 1)
    print(f"{args.url.split('@')[-1]}: {releases:,} releases, {total / 1e6:,.1f} MB in all,")
    print(f"  {total / per:,.0f} bytes per release")
    heap = "" if engine.dialect.name == "sqlite" else "   heap B/release"
    print(f"  {'object':<32} {'MB':>9} {'B/release':>10}{heap}")
    for name, size, heap_size in rows[: args.top]:
        extra = "" if not heap else f" {int(heap_size) / per:>17,.0f}"
        print(f"  {name:<32} {int(size) / 1e6:>9,.1f} {int(size) / per:>10,.0f}{extra}")
    return 0


def _search_index_directory(url: str) -> list[tuple[str, int, int]]:
    """The Tantivy index beside a SQLite file (``<file>.search``), as one more object."""
    directory = Path(make_url(url).database or "").with_name(
        Path(make_url(url).database or "").name + ".search"
    )
    if not directory.is_dir():
        return []
    size = sum(path.stat().st_size for path in directory.rglob("*") if path.is_file())
    return [(f"{directory.name}/ (Tantivy)", size, 0)]


if __name__ == "__main__":
    sys.exit(main())
