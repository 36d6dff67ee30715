"""Prove a frozen build works: run it in an empty environment and check its output and stderr.

Usage: python packaging/smoke_test.py [--binary dist/broadsheet/broadsheet] [--verbose]

The binary runs with nothing but HOME (a temporary folder), QT_QPA_PLATFORM=offscreen and, as
root, QTWEBENGINE_DISABLE_SANDBOX=1: no venv, no PYTHONPATH, the temporary folder as working
directory. Any stderr line that is not on the allowlist of known harmless Chromium/Qt lines
fails the check (after qutebrowser's scripts/dev/build_release.py smoke test).

Exit status: 0 all checks passed, 1 a check failed, 3 there is no build to test.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXIT_OK, EXIT_FAILED, EXIT_NO_BUILD = 0, 1, 3
EXE_NAME = "broadsheet.exe" if sys.platform == "win32" else "broadsheet"
DEFAULT_BINARY = ROOT / "dist" / "broadsheet" / EXE_NAME

# Chromium's own log prefix: [pid:tid:MMDD/HHMMSS.micros:LEVEL:file.cc(line)] or file.cc:line]
_CHROMIUM = r"\[\d+:\d+:\d{4}/\d{6}\.\d+:(?:ERROR|WARNING|INFO|VERBOSE\d*):[^\]]+\] "

# Lines a healthy build prints on a headless machine (no GPU, no D-Bus, no session).
# Every entry is a full-line regex; keep the list short and specific.
STDERR_ALLOWLIST: tuple[str, ...] = (
    # QTWEBENGINE_DISABLE_SANDBOX=1 (running as root, in CI containers)
    r"Sandboxing disabled by user\.",
    # No GPU / no OpenGL under QT_QPA_PLATFORM=offscreen: Qt falls back to software rendering
    r"QRhiGles2: Failed to create (?:temporary )?context",
    r"Failed to create RHI for backend: OpenGL",
    r"This plugin does not support createPlatformVulkanInstance",
    r"QVulkanInstance: Failed to initialize Vulkan",
    r"GBM is not supported with the current configuration and Vulkan is not available\. "
    r"Fallback to software rendering\.",
    r"GPUInfo not initialized on GpuInfoUpdate",
    r"Compositor returned null texture",
    r"This plugin does not support propagateSizeHints\(\)",  # the offscreen platform
    _CHROMIUM + r"Failed to connect to the bus: .*",  # no D-Bus in a container
    _CHROMIUM + r".*(?:viz_main_impl|gpu_init|gl_display|angle_platform_impl).*",
    # An empty environment has no XDG_RUNTIME_DIR
    r"QStandardPaths: XDG_RUNTIME_DIR not set, defaulting to '[^']*'",
    r"QStandardPaths: wrong permissions on runtime directory .*",
    # An empty environment has no LANG; Qt switches to C.UTF-8 itself and says so
    r'Detected locale "C" with character encoding "[^"]*", which is not UTF-8\.',
    r'Qt depends on a UTF-8 locale, and has switched to "C\.UTF-8" instead\.',
    r"If this causes problems, reconfigure your locale\. See the locale\(1\) manual",
    r"for more information\.",
)
_ALLOWED = [re.compile(pattern) for pattern in STDERR_ALLOWLIST]

CHECK_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tide tables of the north</title></head>
<body><article><h1>Tide tables of the north</h1>
<p>The harbour master publishes the tide tables every spring. Fishermen read them closely,
because the tides decide when the boats can leave the harbour safely.</p>
<p>This year the tables were late. The printer broke down, so the harbour master wrote every
table by hand and pinned the pages to the door of the harbour office.</p>
<p>Nobody complained. The handwritten tables were clearer than the printed ones had ever been,
and the fishermen asked for them again the next spring.</p>
</article></body></html>
"""


def unexpected_stderr(text: str) -> list[str]:
    """The stderr lines that are not blank and not on the allowlist."""
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not any(pattern.fullmatch(stripped) for pattern in _ALLOWED):
            lines.append(stripped)
    return lines


def clean_env(home: Path) -> dict[str, str]:
    """The only environment the build gets."""
    env = {"HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        env["QTWEBENGINE_DISABLE_SANDBOX"] = "1"  # Chromium refuses its sandbox as root
    if sys.platform == "win32":  # Windows cannot start a process without these
        for name in ("SYSTEMROOT", "SYSTEMDRIVE", "TEMP", "TMP"):
            if name in os.environ:
                env[name] = os.environ[name]
        env["USERPROFILE"] = env["APPDATA"] = env["LOCALAPPDATA"] = str(home)
    return env


@dataclass
class Check:
    """One run of the binary and what it must show."""

    name: str
    args: list[str]
    timeout: float
    stdout_must_contain: list[str] = field(default_factory=list)
    stdin: str | None = None


@dataclass
class Outcome:
    """What went wrong in one check (empty problems: it passed)."""

    check: Check
    problems: list[str]
    stdout: str = ""
    stderr: str = ""


def run_check(binary: Path, check: Check, home: Path) -> Outcome:
    """Run one check in the clean environment."""
    try:
        proc = subprocess.run(
            [str(binary), *check.args],
            env=clean_env(home),
            cwd=home,
            input=check.stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=check.timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode(errors="replace") if isinstance(exc.stdout, bytes) else ""
        err = exc.stderr.decode(errors="replace") if isinstance(exc.stderr, bytes) else ""
        return Outcome(check, [f"timed out after {check.timeout:.0f}s"], out, err)
    except OSError as exc:
        return Outcome(check, [f"could not start {binary}: {exc}"])
    problems = []
    if proc.returncode != 0:
        problems.append(f"exit status {proc.returncode}, expected 0")
    for needle in check.stdout_must_contain:
        if needle not in proc.stdout:
            problems.append(f"stdout lacks {needle!r}")
    for line in unexpected_stderr(proc.stderr):
        problems.append(f"unexpected stderr: {line}")
    return Outcome(check, problems, proc.stdout, proc.stderr)


def app_version() -> str | None:
    """__version__ from the source tree (the build must report the same)."""
    text = (ROOT / "app" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    return match.group(1) if match else None


def checks(home: Path) -> list[Check]:
    """What the build must do: versions, the GUI smoke test, a command-line round trip."""
    version = app_version()
    page = home / "tides.html"
    page.write_text(CHECK_HTML, encoding="utf-8")
    library = str(home / "cli-library")
    return [
        Check(
            "--version",
            ["--version"],
            timeout=60,
            stdout_must_contain=[
                f"Broadsheet {version}" if version else "Broadsheet",
                "Qt 6.",
                "SQLite 3.",
                "FTS5 available",
            ],
        ),
        Check("--smoke-test", ["--smoke-test"], timeout=180),
        Check("add (file)", ["add", str(page), "--data-dir", library], timeout=60),
        Check(
            "search",
            ["search", "harbour", "--data-dir", library],
            timeout=60,
            stdout_must_contain=["Tide tables"],
        ),
        Check(
            "show --summary",
            ["show", "1", "--summary", "--data-dir", library],
            timeout=60,
            stdout_must_contain=["harbour"],
        ),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Run every check; print one line per check and the details of failures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", type=Path, default=DEFAULT_BINARY, help="the built executable")
    parser.add_argument("--verbose", "-v", action="store_true", help="show all output")
    args = parser.parse_args(argv)
    binary: Path = args.binary
    if not binary.is_file():
        print(
            f"smoke_test: no build at {binary}: run `make package` (packaging/build.sh) first",
            file=sys.stderr,
        )
        return EXIT_NO_BUILD
    failed = 0
    with tempfile.TemporaryDirectory(prefix="broadsheet-smoke-") as tmp:
        home = Path(tmp)
        for check in checks(home):
            outcome = run_check(binary, check, home)
            status = "FAIL" if outcome.problems else "ok"
            print(f"smoke_test: {status:4}  broadsheet {' '.join(check.args)}", flush=True)
            if outcome.problems or args.verbose:
                for problem in outcome.problems:
                    print(f"    {problem}")
                for label, text in (("stdout", outcome.stdout), ("stderr", outcome.stderr)):
                    if text.strip():
                        print(f"    --- {label} ---")
                        print("\n".join(f"    {line}" for line in text.strip().splitlines()[-40:]))
            failed += bool(outcome.problems)
    if failed:
        print(f"smoke_test: {failed} check(s) FAILED for {binary}", file=sys.stderr)
        return EXIT_FAILED
    print(f"smoke_test: all checks passed for {binary}")
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
