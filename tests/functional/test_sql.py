"""The SQL helpers (``storage.sql``) against a real database."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from discogs_service.storage.engine import build_engine
from discogs_service.storage.sql import bigint_array

BIGINT = st.integers(min_value=-(2**63), max_value=2**63 - 1)


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(BIGINT, max_size=60))
def test_a_bigint_array_as_text_is_the_array_postgresql_reads(
    database_url: str, values: list[int]
) -> None:
    engine = build_engine(database_url)
    try:
        with engine.connect() as conn:
            read = conn.exec_driver_sql("SELECT %s::bigint[]", (bigint_array(values),)).scalar()
        assert read == values
    finally:
        engine.dispose()
