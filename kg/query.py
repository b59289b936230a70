"""Run SPARQL over an exported Turtle file with pyoxigraph, and format results.

Named queries live in ``ontology/queries/*.rq`` (shipped as
``kg.ontology.queries``); a query's name is its file name without ``.rq``.
"""
from __future__ import annotations

import csv
import io
import json
import unicodedata
from importlib.resources import files
from pathlib import Path

import pyoxigraph as ox

from kg.errors import QueryError

FORMATS = ("table", "csv", "json")


def named_queries() -> dict[str, str]:
    """Every named query: name → SPARQL text, sorted by name.

    >>> "who_said_what" in named_queries()
    True
    """
    folder = files("kg.ontology.queries")
    found = {
        entry.name.removesuffix(".rq"): entry.read_text(encoding="utf-8")
        for entry in folder.iterdir()
        if entry.name.endswith(".rq")
    }
    return dict(sorted(found.items()))


def load_query(name: str) -> str:
    """The SPARQL text of a named query; QueryError lists the known names."""
    queries = named_queries()
    if name not in queries:
        known = ", ".join(queries) or "none"
        raise QueryError(f"unknown query {name!r}; known queries: {known}")
    return queries[name]


def _display(term: object) -> str:
    """A term as text: literals by lexical value, IRIs as they are, unbound empty."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return " ".join(_display(t) for t in (term.subject, term.predicate, term.object))
    return term.value


def _load(turtle_path: Path) -> ox.Store:
    store = ox.Store()  # in memory
    try:
        store.bulk_load(path=str(turtle_path), format=ox.RdfFormat.TURTLE)
    except OSError as e:
        raise QueryError(f"{turtle_path}: cannot read Turtle file: {e.strerror or e}") from e
    except SyntaxError as e:
        raise QueryError(f"{turtle_path}: not valid Turtle: {e}") from e
    return store


def run_query(
    turtle_path: Path, sparql: str, *, name: str | None = None
) -> tuple[list[str], list[list[str]]]:
    """Run ``sparql`` over the Turtle file; return variable names and rows of text.

    SELECT gives its variables; ASK gives one column ``result`` (true/false);
    CONSTRUCT and DESCRIBE give ``subject``, ``predicate``, ``object``.
    ``name`` (a query name or file) is only used in error messages.
    """
    store = _load(Path(turtle_path))
    which = f"query {name!r}" if name else "query"
    try:
        result = store.query(sparql)
    except SyntaxError as e:
        raise QueryError(f"{which}: SPARQL syntax error: {e}") from e
    except OSError as e:
        raise QueryError(f"{which} failed on {turtle_path}: {e}") from e
    if isinstance(result, ox.QueryBoolean):
        return ["result"], [[str(bool(result)).lower()]]
    if isinstance(result, ox.QueryTriples):
        rows = [[_display(t.subject), _display(t.predicate), _display(t.object)] for t in result]
        return ["subject", "predicate", "object"], rows
    names = [v.value for v in result.variables]
    return names, [[_display(solution[n]) for n in names] for solution in result]


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: CJK characters take two."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


def _cell(text: str) -> str:
    # Article text keeps its paragraph breaks; a table row must stay one line.
    return text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", " ")


def _table(names: list[str], rows: list[list[str]]) -> str:
    cells = [names, *([_cell(c) for c in row] for row in rows)]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(names))]

    def line(row: list[str]) -> str:
        padded = (c + " " * (w - _width(c)) for c, w in zip(row, widths))
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(names), rule, *(line(r) for r in cells[1:])])


def format_table(names: list[str], rows: list[list[str]], fmt: str) -> str:
    """Rows as an aligned ``table``, ``csv`` with a header, or ``json`` objects.

    Each ends with a newline, ready to write to a file or terminal as it is.

    >>> print(format_table(["人", "n"], [["魏亮", "2"]], "table"), end="")
    人    n
    ----  -
    魏亮  2
    """
    if fmt == "table":
        return _table(names, rows) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(names)
        writer.writerows(rows)
        return buf.getvalue()
    if fmt == "json":
        objects = [dict(zip(names, row)) for row in rows]
        return json.dumps(objects, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    raise QueryError(f"unknown output format {fmt!r}; expected one of {', '.join(FORMATS)}")
