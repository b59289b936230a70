"""The ``kgbuild`` command: thin over the library, the only place that prints.

Each command imports what it needs when it runs: ``kgbuild --help`` and
``kgbuild query`` never load spaCy or a model. ``run``, ``query`` and
``segment`` use the pipeline (kg); ``eval``, ``train`` and ``wordlists`` are
the offline tooling (kg.tools).
"""
from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click
from click.core import ParameterSource

from kg import __version__
from kg.errors import ExitStatus, InputError, KgbuildError
from kg.query import FORMATS
from kg.types import DEFAULT_SEGMENTER, SEGMENTERS

NOTES_SHOWN = 20  # notes printed by a run (files skipped, characters replaced, quotes left open); then a count


@click.group()
@click.version_option(__version__, prog_name="kgbuild")
def main() -> None:
    """Chinese news in, a who-said-what knowledge graph out."""


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(allow_dash=True))
@click.option("-o", "--outdir", type=click.Path(file_okay=False, path_type=Path), default=Path("kg-out"),
              show_default=True, help="Folder for graph.ttl, graph.gexf and statements.jsonl.")
@click.option("--base-iri", default=None, help="Base IRI for the graph's resources: an absolute http(s) IRI "
              "(RFC 3987: a Unicode host such as http://例子.中国/kg/ is fine, a % must start an escape such "
              "as %E4) ending in / or #.")
@click.option("--segmenter", type=click.Choice(SEGMENTERS), default=DEFAULT_SEGMENTER, show_default=True,
              help="Word segmenter: the shipped pkuseg model, or one token per character.")
@click.option("--ner/--no-ner", default=True, show_default=True,
              help="Use the shipped statistical NER model with the rules (--no-ner: rules only, faster).")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr for more than a few articles [default: when stderr is a terminal].")
@click.option("-j", "--jobs", type=click.IntRange(0), default=0,
              help="Worker processes for the extraction [default: 0, one for each core available]; "
              "the outputs are the same for any number.")
@click.option("--dask", metavar="ADDRESS", default=None,
              help="Extract on a Dask cluster: its scheduler's address (tcp://host:8786); needs "
              "kgbuild[dask] on every worker.")
@click.option("--allow-empty", is_flag=True,
              help="Write empty outputs when no input can be read [default: keep the earlier outputs].")
@click.option("--update", "update", metavar="OUT", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Add INPUTS to the output folder OUT of an earlier run (an article id sent again replaces "
              "the earlier article) without extracting the earlier articles again; the outputs are those of "
              "one run over all of them. Needs the same --segmenter and --ner as that run.")
def run(inputs: tuple[str, ...], outdir: Path, base_iri: str | None, segmenter: str, ner: bool,
        progress: bool | None, jobs: int, dask: str | None, allow_empty: bool, update: Path | None) -> None:
    """Build the graph of INPUTS: files, folders (*.txt, *.jsonl) or - for stdin.

    With no INPUTS, runs on the built-in sample. The outputs are replaced all
    at once, or not at all. Exit status:

    \b
      0    done
      1    done, but some inputs were refused (named above; the rest is written)
      2    a bad option or argument
      3    no input could be read: nothing written, the earlier outputs kept
      4    the output folder cannot be written (read-only, disk full): earlier outputs kept
      70   an internal error (a bug in kgbuild: please report it): earlier outputs kept
      130  interrupted by Ctrl-C (143: by SIGTERM): earlier outputs kept
    """
    import signal

    from kg.extract import available_cores
    from kg.run import run as run_build

    def refuse(err: InputError) -> None:
        click.echo(f"kgbuild: refused {err}", err=True)

    notes = [0]

    def note(message: str) -> None:
        notes[0] += 1
        if notes[0] <= NOTES_SHOWN:
            click.echo(f"kgbuild: note: {message}", err=True)

    def terminated(signum, frame) -> None:
        raise _Terminated

    if update is not None:
        given = click.get_current_context().get_parameter_source("outdir") is not ParameterSource.DEFAULT
        if given and outdir != update:
            raise click.UsageError(f"--update {update} and -o {outdir}: give one output folder")
        outdir = update
    before = signal.signal(signal.SIGTERM, terminated)
    try:
        result = run_build(
            inputs, outdir, base_iri=base_iri, segmenter=segmenter, ner=ner,
            on_error=refuse, progress=sys.stderr.isatty() if progress is None else progress,
            stdin=sys.stdin.buffer, allow_empty=allow_empty, on_note=note, jobs=jobs or available_cores(),
            dask=dask, update=update is not None,
        )
    except KgbuildError as e:
        click.echo(f"kgbuild: {e}", err=True)
        sys.exit(e.status)
    except (KeyboardInterrupt, _Terminated) as e:
        click.echo(f"kgbuild: interrupted; the outputs in {outdir} are as they were", err=True)
        sys.exit(ExitStatus.INTERRUPTED if isinstance(e, KeyboardInterrupt) else 128 + signal.SIGTERM)
    except Exception:  # noqa: BLE001 - a bug must not exit 1, which means "some inputs refused"
        click.echo(traceback.format_exc(), err=True)
        click.echo(f"kgbuild: internal error (a bug in kgbuild; please report it with the traceback above); "
                   f"the outputs in {outdir} are as they were", err=True)
        sys.exit(ExitStatus.INTERNAL_ERROR)
    finally:
        signal.signal(signal.SIGTERM, before)
    if notes[0] > NOTES_SHOWN:
        click.echo(f"kgbuild: {notes[0] - NOTES_SHOWN} more notes not shown", err=True)
    if not inputs:
        click.echo("kgbuild: no input given; ran on the built-in sample.", err=True)
    click.echo(result.summary(), err=True)
    if result.errors:
        sys.exit(ExitStatus.REFUSED)


class _Terminated(BaseException):
    """SIGTERM, raised where the run is so that it stops as Ctrl-C stops it."""


@main.command()
@click.argument("graph", type=click.Path(exists=True, path_type=Path))
@click.argument("sparql", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read the SPARQL query from a file.")
@click.option("-n", "--name", help="Run a named query shipped with kgbuild (see --list).")
@click.option("--list", "list_names", is_flag=True, help="List the named queries and exit.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
def query(graph: Path, sparql: str | None, query_file: Path | None, name: str | None, list_names: bool,
          fmt: str) -> None:
    """Run a SPARQL query over GRAPH (an output folder of kgbuild run, or a graph.ttl) and print
    the result. The folder's SPARQL store (graph.oxigraph) is used when there is one, so nothing
    is loaded; a graph.ttl on its own is read into memory first."""
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


@main.command()
@click.argument("out", type=click.Path(exists=True, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0: every interface; the pages and the endpoint are read-only).")
@click.option("-p", "--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
def serve(out: Path, host: str, port: int) -> None:
    """Serve OUT (an output folder of kgbuild run, or a graph.ttl) in the browser: who-said-what pages
    (search, people, organisations, statements, articles, the network) and a read-only SPARQL 1.1
    endpoint at /sparql. Stop with Ctrl-C."""
    from kg.serve import listen, make_app

    try:
        app = make_app(out)
    except KgbuildError as e:
        raise click.ClickException(str(e)) from e
    click.echo(f"kgbuild: serving {out} at http://{host}:{port}/ (SPARQL: /sparql); Ctrl-C stops", err=True)
    listen(app, host, port)


@main.command()
@click.argument("out", type=click.Path(exists=True, path_type=Path))
def validate(out: Path) -> None:
    """Check OUT (an output folder of kgbuild run, or a graph.ttl) against kgbuild's SHACL shapes
    (ontology/shapes.ttl, with pySHACL) and say in plain words what does not conform, a line for
    each kind of problem. Exit status 0 when it conforms, 1 when it does not. The whole graph is
    read into memory: minutes for millions of triples."""
    from kg.validate import validate as check  # pySHACL and rdflib: imported only here

    try:
        problems = check(out)
    except KgbuildError as e:
        raise click.ClickException(str(e)) from e
    for problem in problems:
        click.echo(problem)
    if problems:
        sys.exit(ExitStatus.REFUSED)
    click.echo(f"kgbuild: {out} conforms to kgbuild's shapes", err=True)


@main.command()
@click.argument("files", nargs=-1, type=click.File("r", encoding="utf-8"), default=("-",))
@click.option("--segmenter", type=click.Choice(SEGMENTERS), default=DEFAULT_SEGMENTER, show_default=True)
@click.option("--entities", is_flag=True,
              help="Keep the entity word lists whole, as kgbuild run does (not the PKU standard).")
def segment(files, segmenter: str, entities: bool) -> None:
    """Print each line of FILES (or stdin) segmented, words separated by spaces.

    The words keep the input's characters exactly, so the output can be
    scored against any gold standard.
    """
    from kg.segmenter import blank, entity_words, segment_lines  # spaCy

    try:
        nlp = blank(segmenter, entity_words() if entities and segmenter == "pkuseg" else None)
    except KgbuildError as e:
        raise click.ClickException(str(e)) from e
    for f in files:
        for line in segment_lines(f, nlp):
            click.echo(line)


@main.group("eval")
def eval_group() -> None:
    """Measure kgbuild on public test sets and gold annotations, as it runs."""


def _print_result(result: dict | str, as_json: bool) -> None:
    import json

    click.echo(json.dumps(result, ensure_ascii=False, indent=1) if as_json else result)


@eval_group.command("ner")
@click.option("--set", "sets", type=click.Choice(["msra", "cluener", "resume"]), multiple=True,
              help="Test set(s) [default: all three].")
@click.option("--data", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("../shared/data"),
              show_default=True, help="Folder holding msra_ner/, cluener2020/, resume_ner/.")
@click.option("--segmenter", type=click.Choice(SEGMENTERS), default=DEFAULT_SEGMENTER, show_default=True)
@click.option("--limit", type=click.IntRange(1), default=None, help="Only the first N sentences of each set.")
@click.option("--ner/--no-ner", default=True, show_default=True,
              help="Use the shipped statistical NER model with the rules (--no-ner: rules only, faster).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def eval_ner(sets: tuple[str, ...], data: Path, segmenter: str, limit: int | None, ner: bool, as_json: bool) -> None:
    """Entities and titles: precision, recall, F1 per type, exact span, micro-averaged."""
    from kg.nlp import load_pipeline
    from kg.tools.ner_eval import evaluate, format_report

    try:
        nlp = load_pipeline(segmenter, ner=ner)
        results = [evaluate(name, data, nlp, limit) for name in sets or ("msra", "cluener", "resume")]
    except KgbuildError as e:
        raise click.ClickException(str(e)) from e
    _print_result(results if as_json else format_report(results), as_json)


@eval_group.command("statements")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--segmenter", type=click.Choice(SEGMENTERS), default=DEFAULT_SEGMENTER, show_default=True)
@click.option("--ner/--no-ner", default=True, show_default=True,
              help="Use the shipped statistical NER model with the rules (--no-ner: rules only, faster).")
@click.option("--split", type=click.Choice(["dev", "test"]), default=None,
              help="Score only the gold's articles of this split (the real-news set has both).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def eval_statements(gold: Path, inputs: tuple[str, ...], segmenter: str, ner: bool, split: str | None,
                    as_json: bool) -> None:
    """Build the graph of INPUTS and score its statements against GOLD.

    GOLD is in the format of docs/annotation.md; the statements are read back
    from the graph's Turtle with SPARQL, as a user of the graph gets them.
    Reported: statements with the right speaker and start (recall, precision,
    F1; direct, indirect and organisation speakers apart), quotes found by
    span (overlap >= 0.3 and exact start), the speaker accuracy on found
    quotes, quotes that are no statement given a speaker, and the titles and
    organisations of quoted people.
    """
    import tempfile

    from kg.run import run as run_build
    from kg.tools.evaluate import score_statements

    with tempfile.TemporaryDirectory(prefix="kgbuild-eval-") as tmp:
        try:
            result = run_build(inputs, Path(tmp), segmenter=segmenter, ner=ner,
                               on_error=lambda err: click.echo(f"kgbuild: refused {err}", err=True))
            score = score_statements(Path(tmp) / "graph.ttl", gold, split=split)
        except KgbuildError as e:
            raise click.ClickException(str(e)) from e
    _print_result(score.as_dict() if as_json else score.report(), as_json)
    if result.errors:
        sys.exit(1)


@eval_group.group("realnews")
def realnews() -> None:
    """The real-news evaluation set (eval/realnews): its texts rebuilt, its annotations checked."""


@realnews.command("feed")
@click.option("--gold", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=Path("eval/realnews/gold.json"), show_default=True)
@click.option("--shared", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("../shared"),
              show_default=True, help="The shared/ folder: People's Daily 1998 is rebuilt from it.")
@click.option("--pages", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Folder of the saved web pages, <passage id>.txt each (see eval/realnews/README.md).")
@click.option("--split", type=click.Choice(["dev", "test"]), default=None, help="Only this split.")
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The JSONL feed to write, for kgbuild run or kgbuild eval statements.")
def realnews_feed(gold: Path, shared: Path, pages: Path | None, split: str | None, out: Path) -> None:
    """Rebuild the passages' texts as a JSONL feed, each checked against the SHA-256 the gold records."""
    from kg.tools import realnews as rn

    try:
        data = rn.load_gold(gold)
        lines = list(rn.feed_lines(data, rn.passage_texts(data, shared, pages), split))
    except KgbuildError as e:
        raise click.ClickException(str(e)) from e
    out.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    click.echo(f"{len(lines)} passages written to {out}", err=True)


@realnews.command("check")
@click.argument("texts", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def realnews_check(texts: Path, files: tuple[Path, ...]) -> None:
    """Check annotation FILES (one passage each) against the passage texts in TEXTS; write their spans."""
    from kg.tools.realnews import check_files

    problems = check_files(files, texts)
    for problem in problems:
        click.echo(problem)
    if problems:
        sys.exit(1)
    click.echo("ok")


@realnews.command("merge")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("eval/realnews/gold.json"), show_default=True)
def realnews_merge(files: tuple[Path, ...], out: Path) -> None:
    """Merge checked annotation FILES (one passage each) into one gold file."""
    import json

    from kg.tools.realnews import merge

    try:
        gold = merge(files)
    except KgbuildError as e:
        raise click.ClickException(str(e)) from e
    out.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    click.echo(f"{len(gold['articles'])} passages, {len(gold['statements'])} statements written to {out}",
               err=True)


@main.group()
def train() -> None:
    """Train the models kgbuild ships (reproducibly, from public data).

    A new model goes to the folder given with -o (new or empty); the shipped
    one in kg/models is rebuilt only with --replace-shipped.
    """


def _model_folder(command: str, out: Path | None, replace_shipped: bool) -> Path:
    """The folder a training command writes, checked before any work; a usage error if it may not."""
    from kg.errors import BadOption
    from kg.tools.model_folder import check_new, output_dir

    try:
        out = output_dir(command, out, replace_shipped)
        check_new(out, replace_shipped)
    except BadOption as e:
        raise click.UsageError(str(e)) from e
    return out


_REPLACE_SHIPPED = click.option(
    "--replace-shipped", is_flag=True,
    help="Write the model over the one kgbuild ships (kg/models), as the README's rebuild command does.")


@train.command("segmenter")
@click.option("--data", type=click.Path(exists=True, file_okay=False, path_type=Path), required=True,
              help="People's Daily 1998 folder: peoples_daily_1998_original or peoples_daily_1998_pos.")
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the new model: new or empty [required unless --replace-shipped].")
@_REPLACE_SHIPPED
@click.option("--iterations", type=click.IntRange(1), default=15, show_default=True)
@click.option("--prune", type=float, default=0.03, show_default=True,
              help="Drop features whose weights are all within this of zero.")
@click.option("--lexicon", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="SIGHAN 2005 PKU training word list: corpus words it lacks are split into its words.")
@click.option("--reg", type=float, default=3.0, show_default=True, help="pkuseg's L2 prior width.")
@click.option("--eval-data", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Score the model afterwards on the test sets in this folder (e.g. ../shared/data).")
def train_segmenter(data: Path, out: Path | None, replace_shipped: bool, iterations: int, prune: float,
                    lexicon: Path | None, reg: float, eval_data: Path | None) -> None:
    """Train the spacy-pkuseg segmenter from the People's Daily 1998 corpus."""
    from kg.tools.train_segmenter import train as train_model

    out = _model_folder("segmenter", out, replace_shipped)
    try:
        card = train_model(data, out, iterations=iterations, threshold=prune, eval_data=eval_data,
                           lexicon=lexicon, reg=reg, log=lambda m: click.echo(m, err=True),
                           replace=replace_shipped)
    except KgbuildError as e:
        raise click.ClickException(str(e)) from e
    click.echo(f"model written to {out} ({card['bytes'] / 1e6:.1f} MB)", err=True)


@train.command("ner")
@click.option("--shared", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("../shared"),
              show_default=True, help="Folder whose data/ holds msra_ner/, cluener2020/, resume_ner/ and "
              "peoples_daily_1998_original/.")
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the new model: new or empty [required unless --replace-shipped].")
@_REPLACE_SHIPPED
@click.option("--max-steps", type=click.IntRange(1), default=20000, show_default=True,
              help="Training steps; the learning rate falls to 0 at step 20000 (kg/tools/ner_config.cfg).")
def train_ner(shared: Path, out: Path | None, replace_shipped: bool, max_steps: int) -> None:
    """Train the character NER model from the public training splits (kg/tools/ner_config.cfg)."""
    from kg.tools.train_ner import train as train_model

    out = _model_folder("ner", out, replace_shipped)
    try:
        card = train_model(shared, out, max_steps=max_steps, log=lambda m: click.echo(m, err=True),
                           replace=replace_shipped)
    except KgbuildError as e:
        raise click.ClickException(str(e)) from e
    click.echo(f"model written to {out} ({card['bytes'] / 1e6:.1f} MB), held-out F1 {card['dev_ents_f']:.3f}",
               err=True)


@train.command("ner-data")
@click.option("--shared", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("../shared"),
              show_default=True, help="Folder whose data/ holds the training sets.")
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for train.spacy and dev.spacy.")
def train_ner_data(shared: Path, out: Path) -> None:
    """Write the NER training data only (train.spacy, dev.spacy), as `train ner` builds it."""
    from kg.tools.train_ner import build_corpora

    try:
        counts = build_corpora(shared, out)
    except KgbuildError as e:
        raise click.ClickException(str(e)) from e
    for name, by in counts.items():
        for split, c in by.items():
            click.echo(f"{name} {split} " + " ".join(f"{k}={v}" for k, v in c.items()))


@main.group()
def wordlists() -> None:
    """The word lists of kg/data."""


@wordlists.command("build")
@click.option("--shared", type=click.Path(exists=True, file_okay=False, path_type=Path), required=True,
              help="The shared/ folder (has data/gazetteers).")
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to write into [default: the source tree's kg/data].")
def wordlists_build(shared: Path, out: Path | None) -> None:
    """Regenerate the derived word lists from the public data sets, byte for byte the same each time."""
    from kg.tools.build_wordlists import build

    try:
        for path in build(shared, out):
            click.echo(path)
    except KgbuildError as e:
        raise click.ClickException(str(e)) from e


if __name__ == "__main__":  # pragma: no cover
    main()
