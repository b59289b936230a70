"""Run SPARQL with pyoxigraph over an output folder's store or a Turtle file, and format results.

``kgbuild run`` leaves beside graph.ttl an on-disk Oxigraph store of the same
triples (``graph.oxigraph``, built by :func:`build_store`); queries open it
read-only, so a query on a large graph does not load anything first. A Turtle
file on its own is read into an in-memory store.

Named queries live in ``ontology/queries/*.rq`` (shipped as
``kg.ontology.queries``); a query's name is its file name without ``.rq``.
"""
from __future__ import annotations

import csv
import io
import json
import unicodedata
from importlib.resources import files
from itertools import islice
from pathlib import Path

import pyoxigraph as ox

from kg.errors import QueryError
from kg.output import SPARQL_STORE as STORE  # the output folder's SPARQL store, beside graph.ttl

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


TURTLE = "graph.ttl"
LOAD_BATCH = 20_000  # triples loaded at a time into the store


def build_store(folder: Path, turtle_path: Path) -> None:
    """An on-disk Oxigraph store (RocksDB) in ``folder`` holding the triples of ``turtle_path``:
    what ``kgbuild query`` (and ``kgbuild serve``) open instead of reading the Turtle again.

    The triples go in :data:`LOAD_BATCH` at a time as pyoxigraph parses them: its
    ``bulk_load`` of a whole file holds it all in memory (511 MiB for the 600,000
    triples of 2.4 million characters of news, against 74 MiB so, for 1.5 times
    the time), and a run's memory must not grow with its corpus.
    """
    store = ox.Store(str(folder))
    triples = ox.parse(path=str(turtle_path), format=ox.RdfFormat.TURTLE)
    while batch := [ox.Quad(t.subject, t.predicate, t.object) for t in islice(triples, LOAD_BATCH)]:
        store.bulk_extend(batch)
    store.flush()
    store.optimize()
    del store  # closes the database before the folder is moved into place


def graph_file(graph: Path) -> Path:
    """The graph.ttl that ``graph`` names: the file itself, or the one in an output folder."""
    return graph / TURTLE if graph.is_dir() else graph


def open_store(graph: Path) -> ox.Store:
    """The triples of ``graph`` (a graph.ttl or an output folder) for querying: the folder's
    Oxigraph store, opened read-only, when there is one at least as new as graph.ttl; else
    graph.ttl read into memory (a Turtle file from anywhere, or one edited after the run)."""
    turtle = graph_file(graph)
    store = turtle.parent / STORE
    try:
        if store.is_dir() and store.stat().st_mtime >= turtle.stat().st_mtime:
            return ox.Store.read_only(str(store))
    except OSError:
        pass  # no graph.ttl beside it, or a store that cannot be opened: read the Turtle
    return _load(turtle)


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
    """Run ``sparql`` over a graph.ttl or an output folder (:func:`open_store`); return
    variable names and rows of text.

    SELECT gives its variables; ASK gives one column ``result`` (true/false);
    CONSTRUCT and DESCRIBE give ``subject``, ``predicate``, ``object``.
    ``name`` (a query name or file) is only used in error messages.
    """
    store = open_store(Path(turtle_path))
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
