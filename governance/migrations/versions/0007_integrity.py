"""integrity: audit trail (append-only), record versions, minutes approval, soft-deleted events

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 16:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VERSIONED = (
    "organisation",
    "person",
    "post",
    "tenure",
    "standing_body",
    "event",
    "participation",
    "attendance_group",
    "document",
    "agenda_item",
    "task",
    "task_contact",
    "election",
    "election_candidate",
    "election_officer",
    "resolution",
    "import_draft",
    "calendar_feed",
)

PG_FUNCTION = """
CREATE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_entry is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql
"""
PG_TRIGGER = """
CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()
"""
# SQLite: the same names as governance.audit.guard uses (tests empty the database with it).
SQLITE_TRIGGERS = {
    "audit_entry_no_update": "BEFORE UPDATE",
    "audit_entry_no_delete": "BEFORE DELETE",
}


def upgrade() -> None:
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("request_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("table_name", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("record_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("parent_table", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("parent_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_audit_entry_at", "audit_entry", ["at"], unique=False)
    op.create_index("ix_audit_entry_record", "audit_entry", ["table_name", "record_id"])
    op.create_index("ix_audit_entry_parent", "audit_entry", ["parent_table", "parent_id"])
    for table in VERSIONED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    with op.batch_alter_table("event") as batch:
        batch.add_column(sa.Column("minutes_approved_at", sa.DateTime(timezone=True)))
        batch.add_column(
            sa.Column("minutes_approved_by", sqlmodel.sql.sqltypes.AutoString(length=100))
        )
        batch.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True)))
        batch.add_column(sa.Column("deleted_by", sqlmodel.sql.sqltypes.AutoString(length=100)))
        batch.create_index("ix_event_deleted_at", ["deleted_at"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        op.execute(PG_TRIGGER)
    else:
        for name, when in SQLITE_TRIGGERS.items():
            op.execute(
                f"CREATE TRIGGER {name} {when} ON audit_entry "
                "BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_entry")
        op.execute("DROP FUNCTION IF EXISTS audit_entry_append_only()")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table("event") as batch:
        batch.drop_index("ix_event_deleted_at")
        batch.drop_column("deleted_by")
        batch.drop_column("deleted_at")
        batch.drop_column("minutes_approved_by")
        batch.drop_column("minutes_approved_at")
    for table in reversed(VERSIONED):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
    op.drop_index("ix_audit_entry_parent", table_name="audit_entry")
    op.drop_index("ix_audit_entry_record", table_name="audit_entry")
    op.drop_index("ix_audit_entry_at", table_name="audit_entry")
    op.drop_table("audit_entry")
