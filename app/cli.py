"""The `broadsheet` command line; with no subcommand it opens the window.

Exit status: 0 done, 1 failed at run time, 2 bad input or usage. Errors are one line on
stderr: `broadsheet: error: …`.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from app import APP_NAME, __version__, cli_highlights, cli_tags
from app.cli_output import print_detail, print_json, print_records, print_tags
from app.domain.errors import BroadsheetError, InputError, LibraryError
from app.paths import default_data_dir

PROG = "broadsheet"
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

log = logging.getLogger(__name__)


class UsageError(Exception):
    """Bad command-line usage (exit 2)."""


class Parser(argparse.ArgumentParser):
    """argparse with a one-line error instead of usage + error."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _add_common(p: argparse.ArgumentParser) -> None:
    # Accepted after the subcommand too, so `broadsheet list --data-dir X` works.
    p.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS, help="library folder")
    p.add_argument("--offline", action="store_true", default=argparse.SUPPRESS,
                   help="store URLs, fetch nothing")  # fmt: skip


def build_parser() -> Parser:
    """The whole command-line grammar."""
    parser = Parser(prog=PROG, description=f"{APP_NAME}: your offline article archive.")
    parser.add_argument("--data-dir", type=Path, default=None, help="library folder "
                        "(default: $BROADSHEET_DATA_DIR, else the library chosen in Preferences, "
                        "else the user data folder)")  # fmt: skip
    parser.add_argument("--offline", action="store_true", help="store URLs, fetch nothing")
    parser.add_argument("--version", action="store_true", help="print versions and exit")
    parser.add_argument("--screenshot", type=Path, help="save a PNG of the main window, exit")
    parser.add_argument("--theme", choices=("light", "sepia", "dark", "system"), default=None)
    parser.add_argument("--smoke-test", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", parser_class=Parser)

    def cmd(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text)
        _add_common(p)
        return p

    p = cmd("add", "save URLs or files; prints the new (or existing) ids")
    p.add_argument("items", nargs="+", metavar="URL|FILE")
    p.add_argument("--tag", action="append", default=[], metavar="T")
    p.add_argument("--json", action="store_true")

    p = cmd("fetch", "fetch the pages still waiting (saved --offline, imported, interrupted)")
    p.add_argument("--limit", type=int, default=None, metavar="N")
    p.add_argument("--retry-failed", action="store_true", help="also retry failed fetches")

    p = cmd("refetch", "fetch articles' pages again")
    p.add_argument("ids", nargs="+", type=int, metavar="ID")

    p = cmd("reextract", "extract articles again from their stored pages (offline)")
    p.add_argument("ids", nargs="+", type=int, metavar="ID")

    p = cmd("list", "list articles (every article not in the trash by default)")
    p.add_argument("--query", "-q", default=None)
    p.add_argument("--sort", default=None, help="saved, published, title, site, minutes; "
                   "prefix - or + for direction")  # fmt: skip
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--json", action="store_true")

    p = cmd("search", "ranked search with snippets")
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--json", action="store_true")

    p = cmd("show", "show one article")
    p.add_argument("id", type=int)
    p.add_argument("--summary", action="store_true")
    p.add_argument("--json", action="store_true")

    p = cmd("highlights", "list highlights: one article's, or across the library")
    cli_highlights.add_arguments(p)

    p = cmd("mark", "change reading state")
    p.add_argument("args", nargs="+", metavar="ID... ACTION")

    p = cmd("tag", "add or remove tags on articles")
    p.add_argument("ids", nargs="+", type=int, metavar="ID")
    p.add_argument("--add", action="append", default=[], metavar="T")
    p.add_argument("--remove", action="append", default=[], metavar="T")

    p = cmd("tags", "list, rename or merge tags")
    p.add_argument("--json", action="store_true")
    tags_sub = p.add_subparsers(dest="tags_command", parser_class=Parser)
    r = tags_sub.add_parser("rename", help="rename a tag (and its subtree)")
    r.add_argument("old")
    r.add_argument("new")
    m = tags_sub.add_parser("merge", help="merge tags: SRC... INTO")
    m.add_argument("names", nargs="+", metavar="SRC... INTO")
    d = tags_sub.add_parser("delete", help="delete a tag (and its subtree)")
    d.add_argument("name")
    for q in (r, m, d):
        _add_common(q)
    cli_tags.add_tag_subcommands(tags_sub, _add_common)
    cli_tags.add_searches_command(sub, _add_common)

    p = cmd("summarize", "summarize an article, a file, or JSON lines on stdin")
    p.add_argument("id", type=int, nargs="?")
    p.add_argument("--file", type=Path)
    p.add_argument("--jsonl", action="store_true")
    p.add_argument("--method", choices=("extractive", "llm"), default=None,
                   help="llm: the model from `broadsheet llm` (else extractive)")  # fmt: skip
    p.add_argument("--points", action="store_true", help="the key points as a list")
    p.add_argument("--json", action="store_true")

    p = cmd("llm", "set up the optional local LLM summarizer (off by default)")
    p.add_argument("--url", default=None, help="an OpenAI-compatible base URL or an Ollama "
                   "/api/generate URL, e.g. http://127.0.0.1:11434/api/generate")  # fmt: skip
    p.add_argument("--model", default=None)
    p.add_argument("--api-key-file", type=Path, default=None, metavar="FILE")
    p.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS")
    p.add_argument("--default", choices=("extractive", "llm"), default=None,
                   help="the method `summarize ID` uses")  # fmt: skip
    p.add_argument("--off", action="store_true", help="forget the endpoint and its key")

    p = cmd("extract", "extract articles from files (nothing is saved)")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--url", default=None)
    p.add_argument("--jsonl", action="store_true")

    p = cmd("view", "open the reader on an article")
    p.add_argument("id", type=int)
    p.add_argument("--summary", action="store_true")
    p.add_argument("--theme", choices=("light", "sepia", "dark", "system"), default=None)
    p.add_argument("--screenshot", type=Path)

    p = cmd("import", "import another tool's export (format detected when not given)")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--format", dest="fmt", default=None, metavar="F")
    p.add_argument("--json", action="store_true")

    p = cmd("export", "export articles: bundle, markdown, epub, netscape, csv, bibtex, csl-json")
    p.add_argument("out", type=Path, metavar="OUT")
    p.add_argument("--format", dest="fmt", required=True, metavar="F")
    p.add_argument("--query", "-q", default=None)
    p.add_argument("--saved", default=None, metavar="NAME", help="a saved search's articles")

    p = cmd("backup", "back up the library (to OUT, or the backups folder)")
    p.add_argument("out", nargs="?", type=Path)

    p = cmd("restore", "replace the library with a backup (the current one is kept aside)")
    p.add_argument("backup", type=Path)

    p = cmd("doctor", "check the library's integrity")
    p.add_argument("--json", action="store_true")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    logging.basicConfig(level=os.environ.get("BROADSHEET_LOG", "WARNING").upper(),
                        format="%(levelname)s %(name)s: %(message)s")  # fmt: skip
    parser = build_parser()
    try:
        args = parser.parse_args(_glue_query_values(list(sys.argv[1:] if argv is None else argv)))
    except UsageError as exc:
        return _fail(str(exc), EXIT_USAGE)
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    try:
        return _dispatch(args)
    except InputError as exc:
        return _fail(str(exc), EXIT_USAGE)
    except UsageError as exc:
        return _fail(str(exc), EXIT_USAGE)
    except LibraryError as exc:
        return _fail(str(exc), EXIT_FAILED)
    except BroadsheetError as exc:
        return _fail(str(exc), EXIT_FAILED)
    except KeyboardInterrupt:
        return _fail("interrupted", EXIT_FAILED)
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:
        name = f"{exc.filename}: " if exc.filename else ""
        return _fail(f"{name}{exc.strerror or exc}", EXIT_FAILED)


def _glue_query_values(argv: list[str]) -> list[str]:
    """Let `--query -tag:x` and `search -word` work: argparse would read a value starting
    with "-" as an option, so such values are glued on (`--query=-tag:x`) or put after `--`."""
    out: list[str] = []
    tail: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        nxt = argv[i + 1] if i + 1 < len(argv) else None
        if arg in ("--query", "-q") and nxt is not None and nxt.startswith("-"):
            out.append(f"--query={nxt}")
            i += 2
            continue
        if arg == "search" and "search" not in out and nxt is not None and nxt.startswith("-") \
                and not nxt.startswith("--"):  # fmt: skip
            out.append(arg)
            tail = ["--", nxt]
            i += 2
            continue
        out.append(arg)
        i += 1
    return out + tail


def _fail(message: str, code: int) -> int:
    line = " ".join(message.split())
    print(f"{PROG}: error: {line}", file=sys.stderr)
    return code


def data_dir_of(args: argparse.Namespace) -> Path:
    """The library folder from --data-dir, the environment, or the default."""
    chosen = getattr(args, "data_dir", None)
    return Path(chosen).expanduser() if chosen else default_data_dir()


def _dispatch(args: argparse.Namespace) -> int:
    if args.version:
        print(version_text())
        return EXIT_OK
    command = args.command
    if command is None:
        from app.ui.launch import run_window

        return int(
            run_window(
                data_dir_of(args),
                screenshot=args.screenshot,
                theme=args.theme,
                offline=bool(args.offline),
                smoke_test=bool(args.smoke_test),
            )
        )
    if command == "extract":
        return cmd_extract(args)
    if command == "summarize" and args.id is None:
        return cmd_summarize_text(args)
    if command in ("backup", "restore"):
        return cmd_backup_restore(args)
    if command == "view":
        from app.ui.launch import run_viewer

        return int(
            run_viewer(
                data_dir_of(args),
                args.id,
                summary=args.summary,
                theme=args.theme,
                screenshot=args.screenshot,
            )
        )
    handler = COMMANDS[command]
    from app.services.library import Library

    with Library.open(data_dir_of(args)) as lib:
        return handler(lib, args)


def version_text() -> str:
    """App, Python, Qt, SQLite versions and FTS5 availability."""
    from app.storage.engine import fts5_available, sqlite_version

    try:
        from PySide6 import __version__ as pyside_version
        from PySide6.QtCore import qVersion

        qt = f"Qt {qVersion()} (PySide6 {pyside_version})"
    except ImportError:  # pragma: no cover - PySide6 is a hard dependency
        qt = "Qt not available"
    fts = "FTS5 available" if fts5_available() else "FTS5 MISSING"
    return (
        f"{APP_NAME} {__version__}\n"
        f"Python {platform.python_version()}\n"
        f"{qt}\n"
        f"SQLite {sqlite_version()} ({fts})"
    )


def _ids(args: Sequence[str]) -> list[int]:
    out = []
    for raw in args:
        try:
            out.append(int(raw))
        except ValueError:
            raise InputError(f"not an article id: {raw!r}") from None
    return out


def cmd_add(lib: Any, args: argparse.Namespace) -> int:
    offline = bool(getattr(args, "offline", False))
    # Validate everything first, so a bad item stores nothing at all.
    for item in args.items:
        if _looks_like_url(item):
            from app.domain.urls import normalize_url

            normalize_url(item)
        elif not Path(item).exists():
            raise InputError(f"{item}: no such file (and not an http(s) URL)")
    urls = [item for item in args.items if _looks_like_url(item)]
    ids: dict[str, int] = {}
    for item in args.items:  # files first: an unreadable one stops the run before any URL
        if item not in urls:
            ids[item] = lib.add_file(Path(item), args.tag).article_id
    # URLs are stored before anything is fetched, so an interrupted run loses no save.
    stored = dict(zip(urls, lib.store_urls(urls, args.tag), strict=True))
    new_ids = [r.article_id for r in stored.values() if r.created]
    final: dict[int, int] = {}
    if new_ids and not offline:
        report = lib.fetch_articles(new_ids, on_progress=_progress_of("fetching"))
        _end_progress()
        final = report.final_ids
    for url, result in stored.items():
        ids[url] = final.get(result.article_id, result.article_id)
    failed = 0
    for item in args.items:
        detail = lib.get(ids[item])
        if detail.record.fetch_status == "failed":
            failed += 1
            print(f"{PROG}: warning: {item}: saved as {ids[item]}, but the fetch "
                  f"failed: {detail.fetch_error} (retry: broadsheet refetch "
                  f"{ids[item]})", file=sys.stderr)  # fmt: skip
    if args.json:
        print_json([lib.get(ids[item]).record.to_json() for item in args.items])
    else:
        for item in args.items:
            print(ids[item])
    if ids:
        from app.window_link import notify_window

        notify_window(lib.data_dir)  # an open window on this library refreshes its list
    return EXIT_FAILED if failed else EXIT_OK


def cmd_fetch(lib: Any, args: argparse.Namespace) -> int:
    """Fetch the pages still waiting (saved offline, imported, or cut short by a crash)."""
    if args.limit is not None and args.limit < 1:
        raise InputError(f"--limit must be at least 1, not {args.limit}")
    report = lib.fetch_queued(
        limit=args.limit, retry_failed=args.retry_failed, on_progress=_progress_of("fetching")
    )
    _end_progress()
    for article_id, error in list(report.errors.items())[:20]:
        print(f"{PROG}: warning: article {article_id}: {error}", file=sys.stderr)
    print(f"fetched {report.fetched}, failed {report.failed}, "
          f"still waiting {len(lib.queued_ids())}")  # fmt: skip
    return EXIT_FAILED if report.failed else EXIT_OK


def _looks_like_url(item: str) -> bool:
    from app.domain.urls import is_http_url

    lowered = item.strip().lower()
    return (
        is_http_url(item)
        or "://" in item
        or lowered.startswith(("javascript:", "data:", "mailto:"))
    )


def cmd_refetch(lib: Any, args: argparse.Namespace) -> int:
    failed = 0
    for article_id in args.ids:
        final = lib.refetch(article_id)
        detail = lib.get(final)
        if detail.record.fetch_status == "failed":
            failed += 1
            print(f"{PROG}: error: article {article_id}: {detail.fetch_error}", file=sys.stderr)
    return EXIT_FAILED if failed else EXIT_OK


def cmd_reextract(lib: Any, args: argparse.Namespace) -> int:
    for article_id in args.ids:
        lib.reextract(article_id)
    return EXIT_OK


def cmd_list(lib: Any, args: argparse.Namespace) -> int:
    records = lib.list(args.query, sort=args.sort, limit=args.limit)
    if args.json:
        print_json([r.to_json() for r in records])
    else:
        print_records(records)
    return EXIT_OK


def cmd_search(lib: Any, args: argparse.Namespace) -> int:
    page = lib.search(args.query, limit=args.limit)
    if args.json:
        print_json([r.to_json() for r in page.items])
    else:
        print_records(page.items)
    return EXIT_OK


def cmd_show(lib: Any, args: argparse.Namespace) -> int:
    detail = lib.get(args.id)
    summary = lib.summary(args.id) if (args.summary or args.json) else None
    if args.json:
        data = detail.to_json()
        data["summary"] = summary.to_json() if summary else None
        print_json(data)
    else:
        print_detail(detail, summary.text if summary and args.summary else None)
    return EXIT_OK


def cmd_mark(lib: Any, args: argparse.Namespace) -> int:
    from app.services.library import STATE_ACTIONS

    *raw_ids, action = args.args
    if action not in STATE_ACTIONS:
        raise UsageError(f"the last word must be an action: {', '.join(STATE_ACTIONS)}")
    if not raw_ids:
        raise UsageError("name at least one article id before the action")
    lib.mark(_ids(raw_ids), action)
    return EXIT_OK


def cmd_tag(lib: Any, args: argparse.Namespace) -> int:
    if not args.add and not args.remove:
        raise UsageError("give --add T or --remove T")
    if args.add:
        lib.add_tags(args.ids, args.add)
    if args.remove:
        lib.remove_tags(args.ids, args.remove)
    return EXIT_OK


def cmd_tags(lib: Any, args: argparse.Namespace) -> int:
    sub = args.tags_command
    if sub == "rename":
        lib.rename_tag(args.old, args.new)
    elif sub == "merge":
        if len(args.names) < 2:
            raise UsageError("tags merge needs SRC... INTO")
        lib.merge_tags(args.names[:-1], args.names[-1])
    elif sub == "delete":
        lib.delete_tag(args.name)
    elif sub in cli_tags.TAG_COMMANDS:
        return cli_tags.run_tag_command(lib, args)
    elif args.json:
        print_json([t.to_json() for t in lib.tags()])
    else:
        print_tags(lib.tags())
    return EXIT_OK


def cmd_summarize(lib: Any, args: argparse.Namespace) -> int:
    method = args.method or lib.default_summary_method()
    summary = lib.summary(args.id, method)
    if summary.note:
        print(f"{PROG}: warning: {summary.note}", file=sys.stderr)
    if args.json:
        print_json(summary.to_json())
    elif args.points:
        print("\n".join(f"- {point}" for point in summary.points))
    else:
        print(summary.text)
    return EXIT_OK


def cmd_llm(lib: Any, args: argparse.Namespace) -> int:
    """Show, set or remove the optional LLM summarizer (off unless set here)."""
    if args.off:
        lib.disable_llm()
        print("LLM summaries off; summaries are extractive")
        return EXIT_OK
    if args.url or args.model:
        if not (args.url and args.model):
            raise UsageError("give both --url and --model")
        api_key = _read_key_file(args.api_key_file) if args.api_key_file else None
        lib.configure_llm(args.url, args.model, api_key=api_key, timeout=args.timeout)
    if args.default:
        lib.set_default_summary_method(args.default)
    config = lib.llm_config()
    if config is None:
        print("no LLM set up; summaries are extractive (set one: broadsheet llm --url URL "
              "--model M)")  # fmt: skip
        return EXIT_OK
    key = "set" if config.api_key else "none"
    print(f"endpoint: {config.url}\nmodel: {config.model}\ntimeout: {config.timeout:g} s\n"
          f"api key: {key}\ndefault method: {lib.default_summary_method()}")  # fmt: skip
    return EXIT_OK


def _read_key_file(path: Path) -> str:
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    key = path.read_text(encoding="utf-8").strip()
    if not key or "\n" in key:
        raise InputError(f"{path}: expected one line holding the API key")
    return key


def cmd_summarize_text(args: argparse.Namespace) -> int:
    """`summarize --file PATH` or `--jsonl` (no library needed)."""
    from app.services.summaries import summarize_text

    if args.jsonl:
        for number, line in enumerate(sys.stdin, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                text = item["text"]
                if not isinstance(text, str):
                    raise TypeError
            except (ValueError, KeyError, TypeError):
                raise InputError(f'stdin: line {number}: expected {{"id", "text"}} JSON')
            summary = summarize_text(text)
            print(json.dumps({"id": item.get("id"), "summary": summary}, ensure_ascii=False))
        return EXIT_OK
    if args.file is None:
        raise UsageError("summarize needs an ID, --file PATH or --jsonl")
    from app.ingest.files import load_file

    loaded = load_file(args.file)
    extraction = loaded.extraction
    summary = summarize_text(extraction.body_text, extraction.language, extraction.title)
    if args.points:
        summary = "\n".join(f"- {line}" for line in summary.splitlines() if line.strip())
    print(summary)
    return EXIT_OK


def cmd_extract(args: argparse.Namespace) -> int:
    """Extraction only: one JSON object per file (nothing saved)."""
    from app.ingest.extract import extract_html, extraction_to_json
    from app.ingest.files import load_file

    for path in args.files:
        if args.url:
            raw = _read_limited(path)
            extraction = extract_html(raw, args.url)
        else:
            extraction = load_file(path).extraction
        data = extraction_to_json(str(path), extraction)
        if args.jsonl:
            print(json.dumps(data, ensure_ascii=False))
        else:
            print_json(data)
    return EXIT_OK


def _read_limited(path: Path) -> bytes:
    from app.ingest.files import MAX_FILE_BYTES

    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InputError(f"{path}: too large (over {MAX_FILE_BYTES // (1024 * 1024)} MB)")
    return path.read_bytes()


def _progress_of(label: str) -> Callable[[int, int], None]:
    """A `label: done/total` line on stderr, rewritten in place (only on a terminal)."""
    interactive = sys.stderr.isatty()

    def report(done: int, total: int) -> None:
        if interactive:
            print(f"\r{label}: {done}/{total}", end="", file=sys.stderr, flush=True)

    return report


def _end_progress() -> None:
    if sys.stderr.isatty():
        print(file=sys.stderr)


def _progress(label: str) -> Callable[[int], None]:
    """A one-line progress counter on stderr (only on a terminal)."""
    interactive = sys.stderr.isatty()

    def report(done: int) -> None:
        if interactive:
            print(f"\r{label}: {done}", end="", file=sys.stderr, flush=True)

    return report


def cmd_import(lib: Any, args: argparse.Namespace) -> int:
    report = lib.import_file(args.file, args.fmt, on_progress=_progress("imported"))
    if sys.stderr.isatty():
        print(file=sys.stderr)
    fetch_now = bool(report.queued) and not getattr(args, "offline", False)
    if not args.json:
        print(f"added {report.added}, already there {report.merged}, skipped {report.skipped}, "
              f"queued for fetching {report.queued}, highlights {report.highlights}")  # fmt: skip
        for problem in report.problems[:20]:
            print(f"{PROG}: warning: {args.file}: {problem}", file=sys.stderr)
        if report.queued and not fetch_now:
            print(f"{report.queued} articles wait for their pages: `broadsheet fetch` (or the "
                  f"app) fetches them")  # fmt: skip
    data = report.to_json()
    if fetch_now:
        # Newest first and polite per host; Ctrl+C stops, and `broadsheet fetch` resumes.
        fetched = lib.fetch_queued(on_progress=_progress_of("fetching"))
        _end_progress()
        data.update(fetched=fetched.fetched, fetch_failed=fetched.failed)
        if not args.json:
            print(f"fetched {fetched.fetched}, failed {fetched.failed}")
    if args.json:
        print_json(data)
    return EXIT_OK


def cmd_export(lib: Any, args: argparse.Namespace) -> int:
    query = cli_tags.saved_query(lib, args.saved, args.query)
    count = lib.export(args.fmt, args.out, query, progress=_progress("exported"))
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(f"exported {count} articles to {args.out}")
    return EXIT_OK


def cmd_backup_restore(args: argparse.Namespace) -> int:
    """Backups work on the file itself, so restore also rescues a damaged library."""
    from app.services import backups

    data_dir = data_dir_of(args)
    if args.command == "backup":
        print(backups.make_backup(data_dir, args.out))
        return EXIT_OK
    aside = backups.restore(data_dir, args.backup)
    if aside is not None:
        print(f"previous library kept as {aside}")
    return EXIT_OK


def cmd_doctor(lib: Any, args: argparse.Namespace) -> int:
    report = lib.doctor()
    if args.json:
        print_json(report.to_json())
    else:
        print(f"SQLite integrity: {report.sqlite_integrity}")
        print(f"Full-text index:  {report.fts_integrity}")
        print(f"Articles: {report.articles}; assets checked: {report.assets_checked}")
        for label, items in (
            ("missing asset", report.missing_assets),
            ("corrupt asset", report.corrupt_assets),
            ("orphaned file (harmless)", report.orphaned_files),
        ):
            for digest in items[:20]:
                print(f"{label}: {digest}")
        print("OK" if report.ok else "PROBLEMS FOUND")
    return EXIT_OK if report.ok else EXIT_FAILED


COMMANDS: dict[str, Callable[[Any, argparse.Namespace], int]] = {
    "add": cmd_add,
    "list": cmd_list,
    "search": cmd_search,
    "show": cmd_show,
    "mark": cmd_mark,
    "tag": cmd_tag,
    "tags": cmd_tags,
    "summarize": cmd_summarize,
    "doctor": cmd_doctor,
    "refetch": cmd_refetch,
    "fetch": cmd_fetch,
    "llm": cmd_llm,
    "import": cmd_import,
    "export": cmd_export,
    "reextract": cmd_reextract,
    "highlights": cli_highlights.run,
    "searches": cli_tags.run_searches,
}
