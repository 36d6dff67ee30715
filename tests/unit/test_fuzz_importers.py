"""Fuzzing every importer through the import service with mutated real exports and random
bytes: only InputError comes out, nothing is half written, the library stays healthy.

(tests/unit/test_import_properties.py covers the readers alone with round-trips and junk.)
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.errors import InputError
from app.interop.importers.detect import FORMATS
from app.services.library import Library
from tests.fuzzing import examples

SAMPLES = Path(__file__).parent / "samples" / "import"
SAMPLE_FILES = sorted(p.name for p in SAMPLES.iterdir() if p.is_file())
JUNK = [b"\x00", b"\xff\xfe", b"<", b">", b'"', b",", b"\n", b"{", b"}", b"[", b"]",
        b"<script>alert(1)</script>", b"=cmd|' /C calc'!A0", b"\xe2\x80\xae", b"\r\n",
        b"javascript:alert(1)", b"https://", b"\\u0000", b"&#0;", b"\xc3"]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    """A real export with a few bytes flipped, cut, doubled or replaced by junk."""
    name = draw(st.sampled_from(SAMPLE_FILES))
    data = bytearray((SAMPLES / name).read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        kind = draw(st.sampled_from(["flip", "cut", "double", "junk", "truncate"]))
        if kind == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "cut":
            del data[at : at + draw(st.integers(1, 64))]
        elif kind == "double":
            data[at:at] = data[at : at + draw(st.integers(1, 200))]
        elif kind == "junk":
            data[at:at] = draw(st.sampled_from(JUNK))
        else:
            del data[at:]
    return name, bytes(data)


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    lib = Library.open(tmp_path_factory.mktemp("fuzz-import") / "lib")
    yield lib
    # After every example: the library is still sound.
    assert lib.doctor().ok
    lib.close()


def _import(lib: Library, name: str, data: bytes, fmt: str | None) -> None:
    before = len(lib.ids("")) + len(lib.ids("is:trashed"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            report = lib.import_file(path, fmt)
        except InputError as exc:
            assert "\n" not in str(exc).strip()
            after = len(lib.ids("")) + len(lib.ids("is:trashed"))
            assert after == before, "a refused import wrote articles"
            return
    after = len(lib.ids("")) + len(lib.ids("is:trashed"))
    assert after == before + report.added


_SETTINGS = settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@_SETTINGS
@given(sample=mutated())
def test_mutated_exports_import_or_raise_input_error(
    library: Library, sample: tuple[str, bytes]
) -> None:
    name, data = sample
    _import(library, name, data, None)


@_SETTINGS
@given(sample=mutated(), fmt=st.sampled_from(sorted(FORMATS)))
def test_mutated_exports_under_a_forced_format(
    library: Library, sample: tuple[str, bytes], fmt: str
) -> None:
    name, data = sample
    _import(library, name, data, fmt)


@settings(
    max_examples=examples(30),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".csv", ".json", ".html", ".zip"]))
def test_random_bytes_import_or_raise_input_error(
    library: Library, data: bytes, suffix: str
) -> None:
    _import(library, "random" + suffix, data, None)
