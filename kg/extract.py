"""Extraction: from each article's analysis to kgbuild's records, stage by stage.

    analysis (kg.nlp) → entities (kg.entities) → people (kg.mentions)
    → entity mentions (kg.mentions) → statements (kg.statements) → Extraction

Every stage is a plain function over the records of the stages before it
(kg.types); :func:`extract_one` calls them in this order, and it is the only
place that does.

An article longer than :data:`PIECE` characters (a book, a whole page's text
in one JSONL field) is read in pieces cut at paragraph ends, or at sentence
ends where a paragraph is longer than a piece (:func:`pieces`); each piece is
analysed and extracted on its own and the records are joined, their offsets
moved back onto the article's text. The time per character then stays flat
with the article's length: several rules compare each mention with the others
of its article, which grows with the square of the length, and spaCy refuses
texts over its ``max_length``. What crosses a cut is lost: a pronoun at the
start of a piece whose person was named in the piece before. News articles
are far shorter than a piece.

With ``jobs`` above 1, :func:`extract` hands the articles to worker processes
forked from the one that loaded the pipeline, so each has it without loading
it again; the extractions come back in input order, so the outputs are the
same, byte for byte, as with one process.
"""
from __future__ import annotations

import multiprocessing
import os
import re
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from itertools import islice
from typing import Protocol

from kg.entities import find_entities
from kg.errors import InputError, KgbuildError
from kg.mentions import entity_mentions, find_people
from kg.statements import find_statements
from kg.types import ORG, PERSON, TITLE, Analysis, Article, Extraction, Post, Span, Statement

PIECE = 20_000  # characters: a longer article is read in pieces of at most this length
_SENTENCE_END = re.compile(r"[。！？!?][”’」』）)]*")


class Analyser(Protocol):
    def analyse(self, text: str) -> Analysis: ...


def extract_one(article: Article, a: Analysis) -> Extraction:
    """Everything kgbuild finds in one article, from its analysis."""
    ents, places = find_entities(a)
    people = find_people(a, ents, places)
    mentions, places = entity_mentions(a.norm, ents, places, people)
    statements, warnings = find_statements(a, people, mentions)
    # Titles are mentions too (scored by kgbuild eval); the graph keeps them as posts instead.
    found = [m for m in mentions if m.label in (PERSON, ORG, TITLE)]
    found += places
    posts = {Post(p.name, p.title, p.org) for p in people if p.title}
    return Extraction(
        article=article,
        mentions=tuple(sorted(found, key=lambda m: (m.start, m.end, m.label))),
        posts=tuple(sorted(posts, key=lambda p: (p.person, p.title, p.org or ""))),
        statements=tuple(statements),
        warnings=tuple(warnings),
    )


def pieces(text: str, size: int = PIECE) -> list[tuple[int, int]]:
    """``text`` cut into (start, end) pieces of at most ``size`` characters, each ending
    at a paragraph end if one lies in the piece's second half, else at its last sentence
    end, else (a text with no punctuation) at ``size``. The pieces cover the text.

    >>> pieces("第一段。\\n第二段。\\n第三段。", size=10)
    [(0, 10), (10, 14)]
    >>> pieces("一句。二句。三句。四句。", size=7)
    [(0, 6), (6, 12)]
    """
    out, start = [], 0
    while len(text) - start > size:
        limit = start + size
        end = text.rfind("\n", start + size // 2, limit) + 1
        if not end:
            ends = [m.end() for m in _SENTENCE_END.finditer(text, start + 1, limit)]
            end = ends[-1] if ends else limit
        out.append((start, end))
        start = end
    out.append((start, len(text)))
    return out


def extract_article(analyser: Analyser, article: Article) -> Extraction:
    """Everything kgbuild finds in one article; a long one is read in :func:`pieces`."""
    if len(article.text) <= PIECE:
        return extract_one(article, analyser.analyse(article.text))
    parts = []
    for start, end in pieces(article.text, PIECE):
        piece = replace(article, text=article.text[start:end])
        parts.append((start, extract_one(piece, analyser.analyse(piece.text))))
    return _joined(article, parts)


def _joined(article: Article, parts: list[tuple[int, Extraction]]) -> Extraction:
    """The extractions of an article's pieces as one, offsets moved onto the article's text."""
    def moved(m: Span | None, by: int):
        if m is None:
            return None
        chain = getattr(m, "chain_start", None)
        return replace(m, start=m.start + by, end=m.end + by,
                       **({} if chain is None else {"chain_start": chain + by}))

    def statement(s: Statement, by: int) -> Statement:
        return replace(s, start=s.start + by, end=s.end + by, speaker=moved(s.speaker, by))

    def warning(w: str, by: int) -> str:
        return _AT_CHARACTER.sub(lambda m: f"{m.group(1)}{int(m.group(2)) + by}", w)

    return Extraction(
        article=article,
        mentions=tuple(moved(m, by) for by, ex in parts for m in ex.mentions),
        posts=tuple(sorted({p for _, ex in parts for p in ex.posts}, key=lambda p: (p.person, p.title, p.org or ""))),
        statements=tuple(statement(s, by) for by, ex in parts for s in ex.statements),
        warnings=tuple(warning(w, by) for by, ex in parts for w in ex.warnings),
    )


_AT_CHARACTER = re.compile(r"(at character )(\d+)")  # where a warning says it is (kg.statements)


def extract(analyser: Analyser, articles: Iterable[Article],
            on_error: Callable[[InputError], None] | None = None, jobs: int = 1) -> Iterator[Extraction]:
    """Analyse and extract articles, in order, one Extraction each.

    An article that fails is reported to ``on_error`` (naming it) and
    skipped, so one odd text does not stop a run over a corpus; without
    ``on_error`` the error is raised. ``jobs`` above 1 extracts in that many
    worker processes (where the system can fork; else in this one).
    """
    if jobs > 1 and "fork" in multiprocessing.get_all_start_methods():
        yield from _extract_in_workers(analyser, articles, on_error, jobs)
        return
    for article in articles:
        try:
            extraction = extract_article(analyser, article)
        except Exception as e:  # noqa: BLE001 - any failure of one article is reported, not fatal
            if on_error is None:
                raise
            on_error(_failed(article, e))
            continue
        yield extraction


def _failed(article: Article, e: Exception | str) -> InputError:
    return InputError(article.origin or article.id, f"article {article.id!r} could not be processed: {e}")


CHUNK = 4  # articles handed to a worker at a time: fewer round trips, still even shares
IN_FLIGHT = 8  # chunks a worker sent and not yet back: none waits, and the corpus is not all sent at once
_worker_analyser: Analyser | None = None  # the pipeline a forked worker inherits


def _extract_in_workers(analyser: Analyser, articles: Iterable[Article],
                        on_error: Callable[[InputError], None] | None, jobs: int) -> Iterator[Extraction]:
    """:func:`extract` over forked workers, results in input order; a window of chunks is
    in flight at a time, so the articles stream through. The workers ignore Ctrl-C and
    SIGTERM: the parent decides, and ends them (pool.terminate) when it stops early."""
    global _worker_analyser
    _worker_analyser = analyser
    pool = multiprocessing.get_context("fork").Pool(jobs, initializer=ignore_signals)
    try:
        yield from in_order(articles, CHUNK, IN_FLIGHT * jobs, lambda chunk: pool.apply_async(_work, (chunk,)),
                            lambda sent: sent.get(), on_error)
        pool.close()
    finally:
        pool.terminate()
        pool.join()
        _worker_analyser = None


def in_order(articles: Iterable[Article], size: int, window: int, send: Callable[[list[Article]], object],
             collect: Callable[[object], list[Detached]],
             on_error: Callable[[InputError], None] | None) -> Iterator[Extraction]:
    """Articles sent to other processes in chunks of ``size`` (``send(chunk)`` gives a handle,
    ``collect(handle)`` waits for its :func:`detached` results), at most ``window`` chunks in
    flight so that the articles stream through; the extractions come back in input order."""
    it = iter(articles)
    pending: deque = deque()
    for chunk in iter(lambda: list(islice(it, size)), []):
        pending.append((chunk, send(chunk)))
        if len(pending) >= window:
            yield from _back(*pending.popleft(), collect, on_error)
    while pending:
        yield from _back(*pending.popleft(), collect, on_error)


def _back(chunk: list[Article], sent: object, collect: Callable[[object], list[Detached]],
          on_error: Callable[[InputError], None] | None) -> Iterator[Extraction]:
    for article, result in zip(chunk, collect(sent)):
        extraction = reattached(article, result, on_error)
        if extraction is not None:
            yield extraction


def ignore_signals() -> None:
    """In a forked worker: Ctrl-C is the parent's to handle; terminate() (SIGTERM) ends it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler: terminate() ends a worker


def _work(chunk: list[Article]) -> list[Detached]:
    return [detached(_worker_analyser, article) for article in chunk]


Detached = tuple[Extraction | None, str | None]


def detached(analyser: Analyser, article: Article) -> Detached:
    """One article's extraction in another process (a worker, a cluster's), without the article,
    which the process that sent it has, so that it does not travel back; or the error, as text."""
    try:
        return replace(extract_article(analyser, article), article=None), None
    except Exception as e:  # noqa: BLE001 - reported by the sender, naming the article
        return None, str(e)


def reattached(article: Article, result: Detached,
               on_error: Callable[[InputError], None] | None) -> Extraction | None:
    """A :func:`detached` result back with its article; an error goes to ``on_error`` (None
    returned) or, without it, is raised, as :func:`extract` does."""
    extraction, error = result
    if error is None:
        return replace(extraction, article=article)
    if on_error is None:
        raise KgbuildError(f"article {article.id!r} could not be processed: {error}")
    on_error(_failed(article, error))
    return None


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity, as a container sets it)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
