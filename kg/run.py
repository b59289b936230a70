"""One kgbuild run: inputs → articles → extractions → graph → output files.

This is the library behind ``kgbuild run``; the CLI only parses options and
prints. Bad inputs are collected, not raised: the run goes on with the rest.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from kg import gexf, rdf
from kg.errors import InputError, NothingUsable
from kg.extract import CHUNK, Analyser, extract
from kg.graph import ARTICLE_T, ORG_T, PERSON_T, PLACE_T, STATEMENT_T, build_graph, nodes_of_type
from kg.output import OUTPUTS, check_space, prepare, statements_jsonl, write_all
from kg.reader import iter_articles
from kg.types import DEFAULT_SEGMENTER

PROGRESS_MIN = 5  # show a progress bar above this many articles


def sample_inputs() -> list[str]:
    """The built-in sample: team-written articles and one newspaper page."""
    folder = files("kg.sample")
    return [str(folder / "articles.jsonl"), str(folder / "page.txt")]


@dataclass
class RunResult:
    outdir: Path
    articles: int = 0
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
            f"articles       {self.articles}",
            f"people         {self.people}",
            f"organisations  {self.organizations}",
            f"places         {self.places}",
            f"statements     {self.statements} ({self.attributed} with a speaker)",
            f"seconds        {self.seconds:.1f}",
            f"outputs        {', '.join(str(self.outdir / n) for n in OUTPUTS)}",
        ]
        if self.errors:
            lines.append(f"refused        {len(self.errors)} input(s); see the messages above")
        return "\n".join(lines)


def run(
    inputs: Sequence[str],
    outdir: Path,
    base_iri: str = rdf.DEFAULT_BASE,
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
) -> RunResult:
    """Build the graph of ``inputs`` (or the sample) and write it to ``outdir``.

    ``ner=False`` leaves out the statistical NER model: rules only, faster.
    ``pipeline`` is one from ``kg.nlp.load_pipeline`` to reuse (then
    ``segmenter`` and ``ner`` are its own).

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
    result = RunResult(outdir=outdir)

    def refuse(err: InputError) -> None:
        result.errors.append(err)
        if on_error:
            on_error(err)

    def note(message: str) -> None:
        result.warnings.append(message)
        if on_note:
            on_note(message)

    rdf.check_base_iri(base_iri)  # fail before the work, not after it
    for stale in prepare(outdir):
        note(f"{stale}: removed: a temporary file of an interrupted run")
    articles = list(iter_articles(list(inputs) or sample_inputs(), refuse, stdin=stdin, skip=[outdir],
                                  on_note=note))
    if not articles and not allow_empty:
        raise NothingUsable(_nothing(outdir))
    check_space(outdir, sum(len(a.text.encode("utf-8")) for a in articles))
    if pipeline is None and dask is None:
        from kg.nlp import load_pipeline  # spaCy and the models: loaded only to build

        pipeline = load_pipeline(segmenter, ner=ner)
    bar = None
    if progress and len(articles) > PROGRESS_MIN:
        from tqdm import tqdm

        bar = tqdm(total=len(articles), unit="article", desc="kgbuild", leave=False)
    extractions = []
    if dask is not None:
        from kg.cluster import extract_on_cluster

        extractions_of = extract_on_cluster(dask, articles, segmenter, ner, on_error=refuse)
    else:
        extractions_of = extract(pipeline, articles, on_error=refuse, jobs=max(1, min(jobs, len(articles) // CHUNK)))
    for ex in extractions_of:
        extractions.append(ex)
        for w in ex.warnings:
            note(f"{ex.article.origin or ex.article.id}: {w}")
        if bar:
            bar.update()
    if bar:
        bar.close()
    if not extractions and not allow_empty:
        raise NothingUsable(_nothing(outdir))

    g = build_graph(extractions)
    write_all(outdir, {
        "graph.ttl": rdf.turtle_bytes(g, base_iri),
        "graph.gexf": gexf.gexf_bytes(g),
        "statements.jsonl": statements_jsonl(extractions),
    })
    result.articles = len(nodes_of_type(g, ARTICLE_T))
    result.people = len(nodes_of_type(g, PERSON_T))
    result.organizations = len(nodes_of_type(g, ORG_T))
    result.places = len(nodes_of_type(g, PLACE_T))
    result.statements = len(nodes_of_type(g, STATEMENT_T))
    result.attributed = sum(1 for ex in extractions for s in ex.statements if s.speaker)
    result.seconds = time.perf_counter() - t0
    return result


def _nothing(outdir: Path) -> str:
    return (f"no input could be read, so nothing was written: the outputs in {outdir} are as they were "
            "(--allow-empty writes empty outputs)")
