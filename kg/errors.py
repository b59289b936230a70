"""The library's errors and the exit statuses they map to. Only cli.py turns
them into messages for a user."""
from enum import IntEnum


class ExitStatus(IntEnum):
    """What ``kgbuild run`` exits with, so that a script can tell outcomes apart."""

    OK = 0
    REFUSED = 1  # some inputs were refused; the rest was read and the outputs written
    USAGE = 2  # a bad option or argument (click's status for usage errors)
    NOTHING_USABLE = 3  # no input could be read: the earlier outputs are kept
    CANNOT_WRITE = 4  # the output folder cannot be written (read-only, full, not a folder)
    INTERNAL_ERROR = 70  # a bug in kgbuild (sysexits' EX_SOFTWARE): the earlier outputs are kept
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT); SIGTERM gives 143 (128 + SIGTERM)


class KgbuildError(Exception):
    """Base of every error kgbuild raises on purpose."""

    status = ExitStatus.REFUSED


class InputError(KgbuildError):
    """An input file or line that cannot be read; names the file (and line)."""

    def __init__(self, source: str, message: str, line: int | None = None):
        self.source = source
        self.line = line
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {message}")


class BadOption(KgbuildError):
    """An option's value that cannot be used (a base IRI that is no IRI …)."""

    status = ExitStatus.USAGE


class NothingUsable(KgbuildError):
    """No input of a run could be read: nothing is written over the earlier outputs."""

    status = ExitStatus.NOTHING_USABLE


class OutputError(KgbuildError):
    """The output folder cannot be written; the earlier outputs are as they were."""

    status = ExitStatus.CANNOT_WRITE


class QueryError(KgbuildError):
    """A SPARQL query or query file that cannot be run."""
