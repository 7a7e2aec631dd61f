"""consultations: the child's consultation form and its follow-up flags

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27

"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _record_columns() -> list[sa.Column[Any]]:
    """The columns every record carries (RecordMixin)."""
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deleted_reason", sa.String(length=500), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "consultation",
        sa.Column("child_id", sa.String(length=36), nullable=False),
        sa.Column("review_id", sa.String(length=36), nullable=True),
        sa.Column("iro_id", sa.String(length=36), nullable=True),
        sa.Column("age_band", sa.String(length=10), nullable=False),
        sa.Column("form_version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("method", sa.String(length=30), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("consulted_on", sa.Date(), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        *_record_columns(),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_consultation_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["review_id"], ["review.id"], name=op.f("fk_consultation_review_id_review")
        ),
        sa.ForeignKeyConstraint(["iro_id"], ["iro.id"], name=op.f("fk_consultation_iro_id_iro")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation")),
    )
    with op.batch_alter_table("consultation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consultation_child_id"), ["child_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_consultation_review_id"), ["review_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_consultation_iro_id"), ["iro_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_consultation_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_consultation_consulted_on"), ["consulted_on"],
                              unique=False)

    op.create_table(
        "consultation_flag",
        sa.Column("child_id", sa.String(length=36), nullable=False),
        sa.Column("consultation_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.String(length=300), nullable=False),
        sa.Column("raised_on", sa.Date(), nullable=False),
        sa.Column("action_taken", sa.Text(), nullable=False),
        sa.Column("resolved_on", sa.Date(), nullable=True),
        *_record_columns(),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_consultation_flag_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_consultation_flag_consultation_id_consultation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_flag")),
    )
    with op.batch_alter_table("consultation_flag", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consultation_flag_child_id"), ["child_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_consultation_flag_consultation_id"),
                              ["consultation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_consultation_flag_resolved_on"), ["resolved_on"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("consultation_flag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultation_flag_resolved_on"))
        batch_op.drop_index(batch_op.f("ix_consultation_flag_consultation_id"))
        batch_op.drop_index(batch_op.f("ix_consultation_flag_child_id"))
    op.drop_table("consultation_flag")
    with op.batch_alter_table("consultation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultation_consulted_on"))
        batch_op.drop_index(batch_op.f("ix_consultation_status"))
        batch_op.drop_index(batch_op.f("ix_consultation_iro_id"))
        batch_op.drop_index(batch_op.f("ix_consultation_review_id"))
        batch_op.drop_index(batch_op.f("ix_consultation_child_id"))
    op.drop_table("consultation")
