"""All tables of a Broadsheet library (SQLModel); Alembic migrations create them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel


class Article(SQLModel, table=True):
    """A saved article: where it came from, what it says, and its reading state."""

    __tablename__ = "article"
    __table_args__ = (
        Index("ix_article_saved", "saved", "id"),
        Index("ix_article_published", "published", "id"),
        Index("ix_article_title", "title_key", "id"),
        Index("ix_article_site", "site", "id"),
        Index("ix_article_host", "host", "id"),
        Index("ix_article_minutes", "reading_minutes", "id"),
        Index("ix_article_trashed", "trashed_at"),
        Index("ix_article_url_key", "url_key"),
        Index("ix_article_final_key", "final_key"),
        Index("ix_article_canonical_key", "canonical_key"),
        Index("ix_article_fetch", "fetch_status", "saved"),
    )

    id: int | None = Field(default=None, primary_key=True)
    given_url: str
    url_key: str = Field(description="normalised given URL, for duplicate detection")
    final_url: str | None = None
    final_key: str | None = None
    canonical_url: str | None = None
    canonical_key: str | None = None
    title: str
    title_key: str = Field(description="casefolded title, for sorting")
    author: str | None = None
    site: str | None = None
    host: str | None = Field(default=None, description="host without www., for site: filters")
    language: str | None = None
    description: str | None = None
    lead_image: str | None = None
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    published: datetime | None = None
    saved: datetime
    updated: datetime | None = None
    excerpt: str | None = None
    word_count: int = 0
    reading_minutes: int = 0
    read: bool = False
    favorite: bool = False
    archived: bool = False
    trashed_at: datetime | None = None
    reading_progress: float = 0.0
    reading_anchor: str | None = None
    tags_text: str = Field(
        default="", description="tag paths joined by newlines, for FTS and lists"
    )
    content_hash: str | None = None
    source: str = "file"
    fetch_status: str = Field(default="done", description="pending | done | failed")
    fetch_error: str | None = None
    fetch_attempts: int = 0
    # The bodies are stored last (migration 0003): columns after a long body can only be
    # read by walking its overflow pages, and lists and search read every other column.
    body_text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    body_markdown: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class Tag(SQLModel, table=True):
    """A hierarchical tag; `key` is the casefolded path, so `a/` prefixes find children."""

    __tablename__ = "tag"

    id: int | None = Field(default=None, primary_key=True)
    path: str
    key: str = Field(unique=True, index=True)
    color: str | None = None
    created: datetime


class ArticleTag(SQLModel, table=True):
    """Which article carries which tag."""

    __tablename__ = "article_tag"
    __table_args__ = (Index("ix_article_tag_tag", "tag_id", "article_id"),)

    article_id: int = Field(foreign_key="article.id", primary_key=True, ondelete="CASCADE")
    tag_id: int = Field(foreign_key="tag.id", primary_key=True, ondelete="CASCADE")


class Asset(SQLModel, table=True):
    """A file in the content-addressed asset store (the bytes live on disk)."""

    __tablename__ = "asset"

    sha256: str = Field(primary_key=True)
    mime: str
    bytes: int
    created: datetime


class ArticleAsset(SQLModel, table=True):
    """An asset used by an article, with its role (image, lead, snapshot, original)."""

    __tablename__ = "article_asset"
    __table_args__ = (Index("ix_article_asset_sha", "sha256"),)

    article_id: int = Field(foreign_key="article.id", primary_key=True, ondelete="CASCADE")
    sha256: str = Field(foreign_key="asset.sha256", primary_key=True)
    role: str = Field(primary_key=True)
    source_url: str | None = None


class Summary(SQLModel, table=True):
    """The cached summary of an article, valid for one body hash, method and version."""

    __tablename__ = "summary"

    article_id: int = Field(foreign_key="article.id", primary_key=True, ondelete="CASCADE")
    method: str
    version: str
    text: str = Field(sa_column=Column(Text, nullable=False))
    body_hash: str | None = None
    created: datetime


class Highlight(SQLModel, table=True):
    """A marked passage: the quote, text around it and a position, so it can be re-anchored."""

    __tablename__ = "highlight"
    __table_args__ = (Index("ix_highlight_article", "article_id"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", ondelete="CASCADE")
    quote: str = Field(sa_column=Column(Text, nullable=False))
    note: str | None = None
    color: str = "yellow"
    prefix: str = ""
    suffix: str = ""
    position: int | None = None
    placed: bool = Field(default=True, description="False: not found in the current body")
    created: datetime
    updated: datetime | None = None


class SavedSearch(SQLModel, table=True):
    """A query kept under a name, shown in the sidebar."""

    __tablename__ = "saved_search"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    query: str
    created: datetime


class Setting(SQLModel, table=True):
    """A preference stored in the library (JSON-encoded value)."""

    __tablename__ = "setting"

    key: str = Field(primary_key=True)
    value: str
