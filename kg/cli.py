"""The ``kgbuild`` command: thin over the library, the only place that prints."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from kg import __version__
from kg.errors import InputError, KgbuildError
from kg.query import FORMATS


@click.group()
@click.version_option(__version__, prog_name="kgbuild")
def main() -> None:
    """Chinese news in, a who-said-what knowledge graph out."""


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(allow_dash=True))
@click.option("-o", "--outdir", type=click.Path(file_okay=False, path_type=Path), default=Path("kg-out"),
              show_default=True, help="Folder for graph.ttl, graph.gexf and statements.jsonl.")
@click.option("--base-iri", default=None, help="Base IRI for the graph's resources (an absolute http(s) IRI "
              "ending in / or #).")
@click.option("--segmenter", type=click.Choice(["char"]), default="char", show_default=True,
              help="Word segmenter of the spaCy pipeline.")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr for more than a few articles [default: when stderr is a terminal].")
def run(inputs: tuple[str, ...], outdir: Path, base_iri: str | None, segmenter: str, progress: bool | None) -> None:
    """Build the graph of INPUTS: files, folders (*.txt, *.jsonl) or - for stdin.

    With no INPUTS, runs on the built-in sample. The exit status is 1 when an
    input was refused (the rest is still processed and written).
    """
    from kg import rdf
    from kg.run import run as run_build

    def refuse(err: InputError) -> None:
        click.echo(f"kgbuild: refused {err}", err=True)

    try:
        result = run_build(
            inputs, outdir, base_iri=base_iri or rdf.DEFAULT_BASE, segmenter=segmenter,
            on_error=refuse, progress=sys.stderr.isatty() if progress is None else progress,
            stdin=sys.stdin.buffer,
        )
    except KgbuildError as e:
        raise click.ClickException(str(e)) from e
    if not inputs:
        click.echo("kgbuild: no input given; ran on the built-in sample.", err=True)
    click.echo(result.summary(), err=True)
    if result.errors:
        sys.exit(1)


@main.command()
@click.argument("graph", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("sparql", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read the SPARQL query from a file.")
@click.option("-n", "--name", help="Run a named query shipped with kgbuild (see --list).")
@click.option("--list", "list_names", is_flag=True, help="List the named queries and exit.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
def query(graph: Path, sparql: str | None, query_file: Path | None, name: str | None, list_names: bool,
          fmt: str) -> None:
    """Run a SPARQL query over GRAPH (a graph.ttl) and print the result."""
    from kg.query import format_table, load_query, named_queries, run_query

    if list_names:
        for n in sorted(named_queries()):
            click.echo(n)
        return
    given = [x for x in (sparql, query_file, name) if x]
    if len(given) != 1:
        raise click.UsageError("give exactly one of SPARQL, --file FILE or --name NAME")
    try:
        if query_file:
            text = query_file.read_text(encoding="utf-8")
        elif name:
            text = load_query(name)
        else:
            text = sparql
        names, rows = run_query(graph, text, name=name or (str(query_file) if query_file else None))
    except KgbuildError as e:
        raise click.ClickException(str(e)) from e
    click.echo(format_table(names, rows, fmt), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
