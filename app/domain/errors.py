"""The error types every layer raises; the CLI maps them to exit codes."""


class BroadsheetError(Exception):
    """Base of every error Broadsheet reports to a person (one clear line)."""


class InputError(BroadsheetError):
    """The user gave something unusable: a bad file, id, query or argument (exit 2)."""


class NotFoundError(InputError):
    """An article, tag or other named thing does not exist."""


class QuerySyntaxError(InputError):
    """A search query that cannot be parsed; carries the position at fault."""

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.position = position


class LibraryError(BroadsheetError):
    """The library itself cannot be used: corrupt, locked, too new, unwritable (exit 1)."""


class FetchError(BroadsheetError):
    """A network fetch failed; the article is kept with this message as its error."""


class LibraryOpenError(LibraryError):
    """The library file cannot be opened (damaged, not SQLite, read-only, locked, too new).

    `problem` is the one-line reason naming the file; `newest_backup` the backup a restore
    would use (None when there is none). The message also says how to restore.
    """

    def __init__(self, problem: str, newest_backup: str | None = None) -> None:
        self.problem = problem
        self.newest_backup = newest_backup
        if newest_backup:
            hint = f"; to go back to the newest backup: broadsheet restore {newest_backup}"
        else:
            hint = "; to go back to a backup: broadsheet restore BACKUP"
        super().__init__(problem + hint)
