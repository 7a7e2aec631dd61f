"""Schema migrations (Alembic), run programmatically on an open connection.

Revisions are numbered `NNNN` and their files named `NNNN_description.py`, so the schema
version of a store can be checked at every start without importing Alembic (which costs
a tenth of a second); Alembic itself is loaded only when a store needs upgrading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

HERE = Path(__file__).resolve().parent
_REVISION_FILE = re.compile(r"^(\d{4})_\w+\.py$")


@lru_cache(maxsize=1)
def known_revisions() -> tuple[str, ...]:
    """Every revision shipped with this version, oldest first (from the file names)."""
    found = sorted(
        match.group(1)
        for path in (HERE / "versions").iterdir()
        if (match := _REVISION_FILE.match(path.name))
    )
    if not found:
        raise RuntimeError("IRO Desktop was installed without its schema migrations.")
    return tuple(found)


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@dataclass(frozen=True)
class SchemaState:
    current: str | None
    head: str
    known: bool

    @property
    def is_current(self) -> bool:
        return self.current == self.head

    @property
    def too_new(self) -> bool:
        return self.current is not None and not self.known


def schema_state(connection: Connection) -> SchemaState:
    revisions = known_revisions()
    current: str | None = None
    if inspect(connection).has_table("alembic_version"):
        current = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return SchemaState(current=current, head=revisions[-1],
                       known=current is None or current in revisions)


def upgrade_to_head(connection: Connection) -> None:
    from alembic import command

    command.upgrade(alembic_config(connection), "head")
