"""One kgbuild run: inputs → articles → extractions → graph → output files.

This is the library behind ``kgbuild run``; the CLI only parses options and
prints. Bad inputs are collected, not raised: the run goes on with the rest.
"""
from __future__ import annotations

import io
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

import kg
from kg import gexf, jsonld, rdf
from kg.errors import InputError, NothingUsable
from kg.extract import CHUNK, Analyser, extract
from kg.graph import ARTICLE_T, ORG_T, PERSON_T, PLACE_T, STATEMENT_T, build_graph, nodes_of_type
from kg.output import OUTPUTS, RECORDS, SPARQL_STORE, check_space, prepare, write_all, write_statements
from kg.query import build_store
from kg.reader import STDIN, iter_articles
from kg.store import Records, recover
from kg.types import DEFAULT_SEGMENTER, Article, Extraction

PROGRESS_MIN = 5  # show a progress bar above this many articles


def sample_inputs() -> list[str]:
    """The built-in sample: team-written articles and one newspaper page."""
    folder = files("kg.sample")
    return [str(folder / "articles.jsonl"), str(folder / "page.txt")]


@dataclass
class RunResult:
    outdir: Path
    articles: int = 0
    added: int = 0  # articles extracted by this run (all of them but for an update)
    updated: bool = False
    people: int = 0
    organizations: int = 0
    places: int = 0
    statements: int = 0
    attributed: int = 0
    seconds: float = 0.0
    errors: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [
            f"articles       {self.articles}" + (f" ({self.added} added or replaced)" if self.updated else ""),
            f"people         {self.people}",
            f"organisations  {self.organizations}",
            f"places         {self.places}",
            f"statements     {self.statements} ({self.attributed} with a speaker)",
            f"seconds        {self.seconds:.1f}",
            f"outputs        {', '.join(str(self.outdir / n) for n in (*OUTPUTS, SPARQL_STORE, RECORDS))}",
        ]
        if self.errors:
            lines.append(f"refused        {len(self.errors)} input(s); see the messages above")
        return "\n".join(lines)


def run(
    inputs: Sequence[str],
    outdir: Path,
    base_iri: str | None = None,
    segmenter: str = DEFAULT_SEGMENTER,
    ner: bool = True,
    pipeline: Analyser | None = None,
    on_error: Callable[[InputError], None] | None = None,
    progress: bool = False,
    stdin=None,
    allow_empty: bool = False,
    on_note: Callable[[str], None] | None = None,
    jobs: int = 1,
    dask: str | None = None,
    update: bool = False,
) -> RunResult:
    """Build the graph of ``inputs`` (or the sample) and write it to ``outdir``.

    ``base_iri`` defaults to the earlier run's for an update, else to rdf.DEFAULT_BASE.
    ``ner=False`` leaves out the statistical NER model: rules only, faster.
    ``pipeline`` is one from ``kg.nlp.load_pipeline`` to reuse (then
    ``segmenter`` and ``ner`` are its own).

    The articles stream through: read, extracted, and kept in the output
    folder's record of articles (kg.store), from which the exports are then
    written; no stage holds the corpus in memory but the graph. ``update``
    adds the articles to those of the earlier run in ``outdir`` (an id sent
    again replaces the earlier article) instead of starting afresh; the outputs
    are those one run over all of them would give.

    The output folder is checked before the work: OutputError if it cannot be
    written, or has clearly too little space. If no article could be read,
    NothingUsable is raised and the earlier outputs stay, unless
    ``allow_empty``. Notes (files skipped, quotes left open) go to ``on_note``
    as they come and are kept in ``RunResult.warnings``. ``jobs`` worker
    processes extract the articles (kg.extract), no more than there are
    chunks of articles to give them; the outputs are the same for any number.
    ``dask`` is the address of a Dask scheduler whose workers extract instead
    (kg.cluster); the outputs are the same as a local run's.
    """
    t0 = time.perf_counter()
    result = RunResult(outdir=outdir, updated=update)

    def refuse(err: InputError) -> None:
        result.errors.append(err)
        if on_error:
            on_error(err)

    def note(message: str) -> None:
        result.warnings.append(message)
        if on_note:
            on_note(message)

    if base_iri is not None:
        rdf.check_base_iri(base_iri)  # fail before the work, not after it
    if update:
        Records.check_earlier(outdir)  # before anything is made or read
    for stale in prepare(outdir):
        note(f"{stale}: removed: a temporary file of an interrupted run")
    recover(outdir)  # what a killed update left half done is undone before anything reads or replaces it
    sources = list(inputs) or sample_inputs()
    given = io.BytesIO((stdin or sys.stdin.buffer).read()) if STDIN in sources else None

    def read(report: bool) -> Iterator[Article]:
        if given:
            given.seek(0)
        return iter_articles(sources, refuse if report else _ignore, stdin=given, skip=[outdir],
                             on_note=note if report else None)

    # A first reading counts the articles (for the progress bar, the workers, the space
    # check), and finds before anything is loaded whether there is any at all.
    count = size = 0
    for article in read(report=False):
        count += 1
        size += len(article.text.encode("utf-8", "surrogatepass"))
    if not count:
        for _ in read(report=True):  # the reasons, named
            pass
        if not allow_empty:
            raise NothingUsable(_nothing(outdir))
    check_space(outdir, size)
    if pipeline is None and dask is None:
        from kg.nlp import load_pipeline  # spaCy and the models: loaded only to build

        pipeline = load_pipeline(segmenter, ner=ner)
    settings = {"kgbuild": kg.__version__, "segmenter": getattr(pipeline, "segmenter", segmenter),
                "ner": "yes" if getattr(pipeline, "ner", ner) else "no"}
    records = Records.update(outdir, settings) if update else Records.create(outdir, settings)
    try:
        base_iri = records.base_iri(base_iri, rdf.DEFAULT_BASE)
        result.added = _extract_into(records, read(report=count > 0), count, pipeline, segmenter, ner, dask,
                                        jobs, progress, refuse, note)
        if not result.added and not allow_empty:
            raise NothingUsable(_nothing(outdir))
        g = build_graph(_counted(records, result))
        write_all(outdir, {
            "graph.ttl": lambda f: rdf.write_turtle(g, f, base_iri),
            "graph.jsonld": lambda f: jsonld.write_jsonld(g, f, base_iri),
            "graph.gexf": lambda f: gexf.write_gexf(g, f),
            "people.gexf": lambda f: gexf.write_people_gexf(g, f),
            "statements.jsonl": lambda f: write_statements(records, f),
        }, ready={} if update else {RECORDS: records.path},
            folder=(SPARQL_STORE, lambda path, written: build_store(path, written["graph.ttl"])),
            commit=records.commit, forked=FORKED, jobs=jobs)
    finally:
        records.close()
        if not update and records.path.exists():
            records.path.unlink()  # not moved into place: the run failed
    result.articles = len(nodes_of_type(g, ARTICLE_T))
    result.people = len(nodes_of_type(g, PERSON_T))
    result.organizations = len(nodes_of_type(g, ORG_T))
    result.places = len(nodes_of_type(g, PLACE_T))
    result.statements = len(nodes_of_type(g, STATEMENT_T))
    result.seconds = time.perf_counter() - t0
    return result


# Exports written by a forked process while this one writes the others (with -j above 1): those made
# from the graph alone (statements.jsonl reads articles.sqlite, whose connection a fork cannot share).
FORKED = ("graph.jsonld", "graph.gexf", "people.gexf")


def _extract_into(records: Records, articles: Iterator[Article], count: int, pipeline: Analyser | None,
                  segmenter: str, ner: bool, dask: str | None, jobs: int, progress: bool,
                  refuse: Callable[[InputError], None], note: Callable[[str], None]) -> int:
    """Extract ``articles`` (``count`` of them) into ``records``; return how many were."""
    bar = None
    if progress and count > PROGRESS_MIN:
        from tqdm import tqdm

        bar = tqdm(total=count, unit="article", desc="kgbuild", leave=False)
    if dask is not None:
        from kg.cluster import extract_on_cluster

        extractions = extract_on_cluster(dask, articles, segmenter, ner, on_error=refuse)
    else:
        extractions = extract(pipeline, articles, on_error=refuse, jobs=max(1, min(jobs, count // CHUNK)))
    done = 0
    for ex in extractions:
        records.put(ex)
        done += 1
        for w in ex.warnings:
            note(f"{ex.article.origin or ex.article.id}: {w}")
        if bar:
            bar.update()
    if bar:
        bar.close()
    return done


def _counted(extractions: Iterable[Extraction], result: RunResult) -> Iterator[Extraction]:
    """The extractions as they go by, their statements with a speaker counted into ``result``."""
    for ex in extractions:
        result.attributed += sum(1 for s in ex.statements if s.speaker)
        yield ex


def _ignore(_: InputError) -> None:
    pass


def _nothing(outdir: Path) -> str:
    return (f"no input could be read, so nothing was written: the outputs in {outdir} are as they were "
            "(--allow-empty writes empty outputs)")
