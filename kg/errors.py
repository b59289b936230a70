"""The library's errors. Only cli.py turns them into messages for a user."""


class KgbuildError(Exception):
    """Base of every error kgbuild raises on purpose."""


class InputError(KgbuildError):
    """An input file or line that cannot be read; names the file (and line)."""

    def __init__(self, source: str, message: str, line: int | None = None):
        self.source = source
        self.line = line
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {message}")


class QueryError(KgbuildError):
    """A SPARQL query or query file that cannot be run."""
