"""Converting a database's stored documents in place: to zstd frames (``compress``), or back to
plain JSON (``expand``, for a downgrade).

Rows are walked in key order, a batch per transaction. A row is written only while it still
holds the other form, tested in the UPDATE itself, so a converter killed at any point loses
nothing and a second run converts what the first left, and an import running meanwhile
(which writes compressed documents) is never overwritten with older bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, text

from discogs_service.search.facts import KIND_NAMES
from discogs_service.storage import compressed

# Rows per transaction: large enough that the commit is a small part of a batch, small enough
# that a killed run redoes little.
BATCH = 2_000


@dataclass(frozen=True, slots=True)
class Target:
    table: str
    column: str
    key: str  # the primary key column, walked in order
    # The dictionary's kind (storage.compressed); with a kind column, its prefix, completed
    # per row by the entity kind the row's code names.
    kind: str
    kind_column: str | None = None

    @property
    def name(self) -> str:
        return self.table if self.column == "doc" else f"{self.table}.{self.column}"

    def dictionary_kind(self, code: int | None) -> str:
        if code is None:
            return self.kind
        return self.kind + KIND_NAMES[code] + "s"


TARGETS = (
    Target("artists", "doc", "id", "artists"),
    Target("labels", "doc", "id", "labels"),
    Target("masters", "doc", "id", "masters"),
    Target("releases", "doc", "id", "releases"),
    Target("releases", "summary", "id", compressed.RELEASE_SUMMARIES),
    Target("search_docs", "facts", "key", compressed.FACTS_KIND_PREFIX, kind_column="kind"),
)

Advance = Callable[[int], None]  # rows walked since the last call


def row_count(engine: Engine, target: Target) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {target.table}")).scalar_one())


def compress(source: Engine | Connection, target: Target, advance: Advance) -> int:
    """Compress the target's plain documents; the number of rows written."""
    with _batch(source) as conn:
        packers = _packers(conn, target)

    def convert(_conn: Connection, value: bytes, code: int | None) -> bytes | None:
        if value[:4] == compressed.MAGIC:
            return None
        return packers[target.dictionary_kind(code)].pack(value)

    return _walk(source, target, convert, _is_frame(source, target, False), advance)


def expand(source: Engine | Connection, target: Target, advance: Advance) -> int:
    """Write the target's compressed documents back as plain JSON; the number written."""

    def convert(conn: Connection, value: bytes, _code: int | None) -> bytes | None:
        return compressed.expand(value, conn) if value[:4] == compressed.MAGIC else None

    return _walk(source, target, convert, _is_frame(source, target, True), advance)


def expand_in_transaction(conn: Connection) -> None:
    """Every stored document back to plain JSON, in the caller's transaction (a downgrade)."""
    for target in TARGETS:
        expand(conn, target, lambda _rows: None)


def vacuum_sqlite(engine: Engine) -> None:
    """Rewrite a SQLite file compactly: the converted rows leave their pages part empty (10 %
    smaller: 1,012 to 935 MB for 100,000 releases) until VACUUM (to 497 MB)."""
    connection = engine.raw_connection()
    try:
        # VACUUM cannot run in a transaction, and the engine's connections begin one
        # themselves (storage.engine): the driver's connection is in autocommit mode.
        connection.driver_connection.execute("VACUUM")  # type: ignore[union-attr]
    finally:
        connection.close()


def _packers(conn: Connection, target: Target) -> dict[str, compressed.Packer]:
    """The packer of each dictionary kind the target holds: the stored dictionary, else one
    trained on the first documents of that kind."""
    codes: list[int | None] = [None] if target.kind_column is None else list(range(len(KIND_NAMES)))
    packers = {}
    for code in codes:
        kind = target.dictionary_kind(code)
        packer = compressed.stored_packer(conn, kind)
        if packer is None:
            samples = _samples(conn, target, code)
            if len(samples) >= compressed.MIN_SAMPLES:
                packer = compressed.train(conn, kind, samples)
        packers[kind] = packer or compressed.plain_packer(kind)
    return packers


def _samples(conn: Connection, target: Target, code: int | None) -> list[bytes]:
    where = "" if code is None else f" WHERE {target.kind_column} = {int(code)}"
    rows = conn.execute(
        text(
            f"SELECT {target.column} FROM {target.table}{where} ORDER BY {target.key}"
            f" LIMIT {compressed.MAX_SAMPLES}"
        )
    )
    return [compressed.expand(bytes(row[0]), conn) for row in rows]


def _walk(
    source: Engine | Connection,
    target: Target,
    convert: Callable[[Connection, bytes, int | None], bytes | None],
    still_other_form: str,
    advance: Advance,
) -> int:
    kind = f", {target.kind_column}" if target.kind_column else ""
    select = text(
        f"SELECT {target.key}, {target.column}{kind} FROM {target.table}"
        f" WHERE {target.key} > :after"
        f" ORDER BY {target.key} LIMIT {BATCH}"
    )
    update = text(
        f"UPDATE {target.table} SET {target.column} = :value"
        f" WHERE {target.key} = :key AND {still_other_form}"
    )
    written = 0
    after = -(2**63)
    while True:
        with _batch(source) as conn:
            rows = conn.execute(select, {"after": after}).all()
            if not rows:
                return written
            changes = []
            for row in rows:
                value = convert(conn, bytes(row[1]), row[2] if target.kind_column else None)
                if value is not None:
                    changes.append({"value": value, "key": row[0]})
            if changes:
                conn.execute(update, changes)
        written += len(changes)
        after = rows[-1][0]
        advance(len(rows))


def _is_frame(source: Engine | Connection, target: Target, frame: bool) -> str:
    """SQL true when the target's value is a zstd frame (``frame``), or when it is not."""
    test = "=" if frame else "<>"
    if source.dialect.name == "postgresql":
        return f"substring({target.column} from 1 for 4) {test} '\\x28b52ffd'::bytea"
    return f"substr({target.column}, 1, 4) {test} X'28B52FFD'"


@contextmanager
def _batch(source: Engine | Connection) -> Iterator[Connection]:
    """A transaction of its own on an engine; the caller's on a connection."""
    if isinstance(source, Connection):
        yield source
        return
    if source.dialect.name == "sqlite":  # take SQLite's write lock up front
        source = source.execution_options(sqlite_begin="IMMEDIATE")
    with source.begin() as conn:
        yield conn
