"""Render resources/icons/app/broadsheet.svg to PNGs (and .ico/.icns when Pillow is present)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICON_DIR = ROOT / "resources" / "icons" / "app"
SVG = ICON_DIR / "broadsheet.svg"
SIZES = (16, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def png_path(size: int) -> Path:
    """Where the PNG of one size lives."""
    return ICON_DIR / f"broadsheet-{size}.png"


def render_pngs(svg: Path, sizes: tuple[int, ...]) -> list[Path]:
    """Render `svg` to one transparent PNG per size with QSvgRenderer."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: {svg}: not a valid SVG")
    written = []
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        out = png_path(size)
        if not image.save(str(out), "PNG"):
            raise SystemExit(f"render_icons: could not write {out}")
        written.append(out)
    return written


def write_ico_icns() -> list[Path]:
    """broadsheet.ico (Windows) and broadsheet.icns (macOS) from the largest PNG, via Pillow."""
    try:
        from PIL import Image
    except ImportError:
        print("render_icons: Pillow is not installed; skipped broadsheet.ico and broadsheet.icns")
        return []
    big = Image.open(png_path(max(SIZES))).convert("RGBA")
    ico = ICON_DIR / "broadsheet.ico"
    big.save(ico, format="ICO", sizes=[(s, s) for s in ICO_SIZES])
    icns = ICON_DIR / "broadsheet.icns"
    big.save(icns, format="ICNS")
    return [ico, icns]


def main(argv: list[str] | None = None) -> int:
    """Render every size; print what was written."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-ico", action="store_true", help="skip the .ico and .icns files")
    args = parser.parse_args(argv)
    written = render_pngs(SVG, SIZES)
    if not args.no_ico:
        written += write_ico_icns()
    for path in written:
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
