"""highlight placement flag and full-text search over highlights

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29

Adds `highlight.placed` (False when re-anchoring could not find the quote in the current
body: the highlight is kept and listed as unplaced) and an FTS5 external-content index over
highlight quotes and notes, kept in sync by triggers (SQLite only, like article_fts).
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

HIGHLIGHT_FTS_DDL = [
    """CREATE VIRTUAL TABLE highlight_fts USING fts5(
         quote, note, content='highlight', content_rowid='id',
         tokenize='unicode61 remove_diacritics 2', prefix='2 3')""",
    """CREATE TRIGGER highlight_fts_ai AFTER INSERT ON highlight BEGIN
         INSERT INTO highlight_fts(rowid, quote, note) VALUES (new.id, new.quote, new.note);
       END""",
    """CREATE TRIGGER highlight_fts_ad AFTER DELETE ON highlight BEGIN
         INSERT INTO highlight_fts(highlight_fts, rowid, quote, note)
         VALUES ('delete', old.id, old.quote, old.note);
       END""",
    """CREATE TRIGGER highlight_fts_au AFTER UPDATE OF quote, note ON highlight BEGIN
         INSERT INTO highlight_fts(highlight_fts, rowid, quote, note)
         VALUES ('delete', old.id, old.quote, old.note);
         INSERT INTO highlight_fts(rowid, quote, note) VALUES (new.id, new.quote, new.note);
       END""",
    "INSERT INTO highlight_fts(highlight_fts) VALUES ('rebuild')",
]


def upgrade() -> None:
    with op.batch_alter_table("highlight", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("placed", sa.Boolean(), nullable=False, server_default=sa.text("1"))
        )
    op.execute("UPDATE highlight SET placed = (position IS NOT NULL)")
    if op.get_bind().dialect.name == "sqlite":
        for statement in HIGHLIGHT_FTS_DDL:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("highlight_fts_au", "highlight_fts_ad", "highlight_fts_ai"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS highlight_fts")
    with op.batch_alter_table("highlight", schema=None) as batch_op:
        batch_op.drop_column("placed")
