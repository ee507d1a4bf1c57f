"""Bounds of the values both databases store."""

# Ids and offsets are signed 64-bit integers (BIGINT) in SQLite and PostgreSQL alike: an id
# past this is no entity's, and a query binding it would fail.
MAX_BIGINT = 2**63 - 1
