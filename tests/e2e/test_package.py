"""The smoke script's own logic (allowlist, clean environment, missing build) and the wheel's
package list. The frozen build itself is proved by `make package-test`, which `make test` runs
after pytest (see the Makefile's `package-check`).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
SMOKE_SCRIPT = ROOT / "packaging" / "smoke_test.py"


def _smoke_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("broadsheet_smoke_test", SMOKE_SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being created
    spec.loader.exec_module(module)
    return module


smoke = _smoke_module()


def test_allowlist_accepts_known_headless_noise() -> None:
    noise = (
        "Sandboxing disabled by user.\n"
        "QRhiGles2: Failed to create temporary context\n"
        "[123:456:1125/052828.439765:ERROR:../../../qtwebengine/src/3rdparty/chromium/dbus/"
        "bus.cc:408] Failed to connect to the bus: Failed to connect to socket "
        "/run/dbus/system_bus_socket: No such file or directory\n"
        "\n"
    )
    assert smoke.unexpected_stderr(noise) == []


def test_allowlist_rejects_everything_else() -> None:
    text = (
        "Sandboxing disabled by user.\n"
        "Traceback (most recent call last):\n"
        "ERROR trafilatura.core: empty HTML tree\n"
        "Please register the custom scheme 'bsasset' via QWebEngineUrlScheme::registerScheme()\n"
    )
    assert smoke.unexpected_stderr(text) == [
        "Traceback (most recent call last):",
        "ERROR trafilatura.core: empty HTML tree",
        "Please register the custom scheme 'bsasset' via QWebEngineUrlScheme::registerScheme()",
    ]


def test_clean_env_has_nothing_from_the_dev_environment(tmp_path: Path) -> None:
    env = smoke.clean_env(tmp_path)
    assert env["HOME"] == str(tmp_path)
    assert env["QT_QPA_PLATFORM"] == "offscreen"
    assert "PATH" not in env and "PYTHONPATH" not in env and "VIRTUAL_ENV" not in env


def test_missing_build_is_a_clear_failure(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(SMOKE_SCRIPT), "--binary", str(tmp_path / "nothing")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == smoke.EXIT_NO_BUILD
    assert "make package" in proc.stderr


def test_pyproject_package_list_is_complete() -> None:
    """With an explicit `packages` list (needed to map resources/ in), no package is forgotten."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = config.get("tool", {}).get("setuptools", {}).get("packages")
    assert isinstance(listed, list), "pyproject.toml lists its packages explicitly"
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "app").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert sorted(on_disk - set(listed)) == []
