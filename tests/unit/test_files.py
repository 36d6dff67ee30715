"""Tests for reading local files: kinds, saved pages, front matter, PDFs and bad input."""

from __future__ import annotations

import io
import random
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from app.domain.errors import InputError
from app.ingest.files import MAX_FILE_BYTES, load_file, sniff_kind

PARAGRAPH = (
    "The committee met on Tuesday to discuss the new harbour plan, which would move the ferry "
    "terminal further east and open the old quay to walkers and cyclists for the first time "
    "in a century. Residents who spoke at the meeting were broadly in favour of the change."
)


def page(body: str, head: str = "", prefix: str = "") -> str:
    return (
        f"{prefix}<!DOCTYPE html><html><head><title>Harbour plan</title>{head}</head>"
        f"<body><article><h1>Harbour plan</h1>{body}</article></body></html>"
    )


def make_pdf(lines: list[str], title: str | None = None) -> bytes:
    """A minimal one-page PDF with a real text layer (Helvetica, one line per entry)."""
    ops = b"BT /F1 12 Tf 72 720 Td 14 TL "
    ops += b" ".join(b"(" + line.encode("latin-1") + b") '" for line in lines) + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(ops) + ops + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if title:
        objects.append(b"<< /Title (" + title.encode() + b") /Author (Ann Author) >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    if title:
        trailer += b" /Info %d 0 R" % len(objects)
    out.write(b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


# --- bad input -------------------------------------------------------------------------------


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.html: no such file"):
        load_file(tmp_path / "nope.html")


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        load_file(tmp_path)


def test_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "blob.bin"
    path.write_bytes(random.Random(7).randbytes(4096))
    with pytest.raises(InputError, match=r"blob\.bin: not an HTML, Markdown, text or PDF file"):
        load_file(path)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(InputError, match=r"empty\.txt: empty file"):
        load_file(path)


def test_invalid_utf8_names_byte_and_offset(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"Hello there, this is fine\xff and this is not.")
    with pytest.raises(InputError) as caught:
        load_file(path)
    assert str(caught.value) == f"{path}: not valid UTF-8 (invalid byte 0xff at offset 25)"


def test_oversized_file_is_rejected_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.html"
    with path.open("wb") as handle:
        handle.write(b"<html><body>")
        handle.truncate(50 * 1024 * 1024)  # sparse: no 50 MB actually written
    opened: list[Path] = []
    real_open = Path.open

    def spy(self: Path, *args: Any, **kwargs: Any) -> Any:
        opened.append(self)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spy)
    with pytest.raises(InputError, match=r"huge\.html: too large \(50 MB; the limit is 32 MB\)"):
        load_file(path)
    assert path not in opened
    assert MAX_FILE_BYTES == 32 * 1024 * 1024


def test_empty_page(tmp_path: Path) -> None:
    path = tmp_path / "blank.html"
    path.write_text("<html><head><title>Blank</title></head><body></body></html>")
    with pytest.raises(InputError, match=r"blank\.html: .*no readable article text"):
        load_file(path)


def test_page_of_only_navigation(tmp_path: Path) -> None:
    links = "".join(f'<li><a href="/s/{n}">Section {n}</a></li>' for n in range(40))
    path = tmp_path / "nav.html"
    path.write_text(
        f"<html><body><nav><ul>{links}</ul></nav><footer>{links}</footer></body></html>"
    )
    with pytest.raises(InputError, match=r"nav\.html: .*no readable article text"):
        load_file(path)


def test_broken_pdf(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n this is not really a pdf at all")
    with pytest.raises(InputError, match=r"broken\.pdf: "):
        load_file(path)


def test_pdf_without_text(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_pdf([]))
    with pytest.raises(InputError, match=r"scan\.pdf: the PDF has no text layer"):
        load_file(path)


# --- kinds -----------------------------------------------------------------------------------


def test_html_file_with_canonical_url(tmp_path: Path) -> None:
    path = tmp_path / "article.html"
    canonical = '<link rel="canonical" href="https://coastal.example/harbour">'
    path.write_text(page(f"<p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>", head=canonical))
    loaded = load_file(path)
    assert loaded.kind == "html"
    assert loaded.mime == "text/html"
    assert loaded.raw == path.read_bytes()
    assert loaded.source_url == "https://coastal.example/harbour"
    assert "harbour plan" in loaded.extraction.body_text
    assert loaded.extraction.title == "Harbour plan"


def test_saved_page_folder_images_are_local(tmp_path: Path) -> None:
    folder = tmp_path / "Harbour_files"
    folder.mkdir()
    (folder / "quay.jpg").write_bytes(b"\xff\xd8\xff fake jpeg")
    outside = tmp_path.parent / "secret.png"
    body = (
        f"<p>{PARAGRAPH}</p><img src='Harbour_files/quay.jpg' alt='Quay'>"
        f"<p>{PARAGRAPH}</p><img src='/media/remote.jpg' alt='Remote'>"
        f"<p>{PARAGRAPH}</p><img src='../{outside.name}' alt='Escape'><p>{PARAGRAPH}</p>"
    )
    path = tmp_path / "Harbour.html"
    path.write_text(
        page(body, prefix="<!-- saved from url=(0031)https://coastal.example/harbour -->\n")
    )
    loaded = load_file(path)
    assert loaded.source_url == "https://coastal.example/harbour"
    assert loaded.local_images == (("Harbour_files/quay.jpg", (folder / "quay.jpg").resolve()),)
    assert "https://coastal.example/media/remote.jpg" in loaded.extraction.image_urls
    assert "](Harbour_files/quay.jpg" in loaded.extraction.body_markdown
    assert "](https://coastal.example/media/remote.jpg" in loaded.extraction.body_markdown


def test_html_is_detected_by_content_not_extension(tmp_path: Path) -> None:
    path = tmp_path / "download.txt"
    path.write_text(page(f"<p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>"))
    assert load_file(path).kind == "html"


def test_markdown_with_front_matter(tmp_path: Path) -> None:
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "map.png").write_bytes(b"\x89PNG fake")
    path = tmp_path / "note.md"
    path.write_text(
        "---\n"
        'title: "Harbour: the plan"\n'
        "url: https://coastal.example/harbour\n"
        "tags: [harbour, council/plans]\n"
        "date: 2024-03-05\n"
        "---\n"
        "# Heading in the body\n\n"
        f"{PARAGRAPH} **Bold words** and [a link](https://x.example).\n\n"
        "![Map](img/map.png)\n\n![Missing](img/none.png)\n",
        encoding="utf-8",
    )
    loaded = load_file(path)
    assert loaded.kind == "markdown"
    assert loaded.mime == "text/markdown"
    assert loaded.extraction.title == "Harbour: the plan"
    assert loaded.source_url == "https://coastal.example/harbour"
    assert loaded.tags == ("harbour", "council/plans")
    assert loaded.saved == datetime(2024, 3, 5)
    assert loaded.local_images == (("img/map.png", (tmp_path / "img" / "map.png").resolve()),)
    text = loaded.extraction.body_text
    assert "Bold words" in text and "**" not in text and "https://x.example" not in text
    assert loaded.extraction.body_markdown.startswith("# Heading in the body")


def test_markdown_without_front_matter_takes_title_from_heading(tmp_path: Path) -> None:
    path = tmp_path / "plain.markdown"
    path.write_text(f"# Harbour notes\n\n{PARAGRAPH}\n")
    loaded = load_file(path)
    assert loaded.extraction.title == "Harbour notes"
    assert loaded.tags == () and loaded.saved is None and loaded.source_url is None


def test_plain_text_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text(f"Harbour notes\n\n{PARAGRAPH}\nsecond line *not emphasis*\n", "utf-8")
    loaded = load_file(path)
    assert loaded.kind == "text"
    assert loaded.mime == "text/plain"
    assert loaded.extraction.title == "Harbour notes"
    assert loaded.extraction.body_text.startswith("Harbour notes\n\n")
    assert r"\*not emphasis\*" in loaded.extraction.body_markdown
    assert loaded.extraction.word_count > 40


def test_pdf_file_keeps_raw_bytes_and_metadata(tmp_path: Path) -> None:
    raw = make_pdf(["The harbour report begins here.", "It continues on this line."], "Report")
    path = tmp_path / "report.pdf"
    path.write_bytes(raw)
    loaded = load_file(path)
    assert loaded.kind == "pdf"
    assert loaded.mime == "application/pdf"
    assert loaded.raw == raw
    assert loaded.extraction.title == "Report"
    assert loaded.extraction.author == "Ann Author"
    assert "harbour report begins here" in loaded.extraction.body_text


@pytest.mark.parametrize(
    ("data", "suffix", "kind"),
    [
        (b"%PDF-1.7\n...", ".txt", "pdf"),
        (b"\xef\xbb\xbf<!doctype html><p>x</p>", ".dat", "html"),
        (b"# Title\n\ntext", ".md", "markdown"),
        (b"# Title\n\ntext", ".txt", "text"),
        (b"---\ntitle: x\n---\nbody", ".txt", "markdown"),
        (b"plain words", "", "text"),
        (b"\x00\x01\x02\x03binary", ".txt", None),
    ],
)
def test_sniff_kind(data: bytes, suffix: str, kind: str | None) -> None:
    assert sniff_kind(data, suffix) == kind
