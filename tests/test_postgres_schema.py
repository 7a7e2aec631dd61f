"""The same migrations build the schema on PostgreSQL, the future team store.

Needs the server on 127.0.0.1:5432 (database `test`, trust auth). Skipped with a reason
when none is there, but in CI (CI=true) a missing server is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.orm import Session

from iro_desktop.store.migrations import schema_state, upgrade_to_head
from iro_desktop.store.models import Child, PeriodOfCare, Review

from .conftest import in_ci

PG_URL = os.environ.get(
    "IRO_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@pytest.fixture
def pg_engine() -> Iterator[Engine]:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        if in_ci():
            raise
        pytest.skip("psycopg is not installed (pip install -e '.[test]')")
    engine = create_engine(PG_URL)
    try:
        with engine.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as exc:
        engine.dispose()
        if in_ci():
            pytest.fail(f"CI needs PostgreSQL at {PG_URL}: {exc}")
        pytest.skip(f"no PostgreSQL server at {PG_URL}: {type(exc).__name__}")
    schema = f"iro_test_{uuid.uuid4().hex[:10]}"
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    scoped_engine = create_engine(PG_URL, connect_args={"options": f"-csearch_path={schema}"})
    try:
        yield scoped_engine
    finally:
        scoped_engine.dispose()
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


@pytest.mark.postgres
def test_migrations_build_the_schema_on_postgresql(pg_engine: Engine) -> None:
    with pg_engine.begin() as conn:
        upgrade_to_head(conn)
    with pg_engine.connect() as conn:
        state = schema_state(conn)
        assert state.is_current
    with Session(pg_engine) as session, session.begin():
        child = Child(
            local_id="PG1", first_name="Ffion", last_name="Testerby", date_of_birth=date(2013, 5, 6)
        )
        child.periods.append(
            PeriodOfCare(
                start_date=date(2024, 2, 1),
                legal_status="C2",
                placement_type="U4",
                category_of_need="N1",
            )
        )
        child.reviews.append(
            Review(
                number=1,
                status="finalised",
                meeting_date=date(2024, 2, 28),
                further_sittings=["2024-03-04"],
            )
        )
        session.add(child)
    with Session(pg_engine) as session:
        loaded = session.scalar(select(Child).where(Child.local_id == "PG1"))
        assert loaded is not None
        assert loaded.reviews[0].further_sittings == ["2024-03-04"]
        assert loaded.created_at.tzinfo is not None
        assert loaded.version == 1
