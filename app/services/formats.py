"""The import and export formats the services accept, with a label each (for dialogs)."""

from __future__ import annotations

from app.interop.exporters import EXPORT_FORMATS
from app.interop.importers.detect import FORMATS

#: Import format key -> what it is; a Broadsheet bundle is detected or named "bundle".
IMPORT_FORMATS: dict[str, str] = {
    "bundle": "Broadsheet bundle (.zip) made by Export",
    **FORMATS,
}

__all__ = ["EXPORT_FORMATS", "IMPORT_FORMATS"]
