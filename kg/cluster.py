"""Extraction over a Dask distributed cluster: ``kgbuild run --dask ADDRESS``.

The articles are cut into chunks in input order and handed to the cluster's
workers, a window of them at a time; each worker process loads kgbuild's
pipeline once (the first chunk it gets) and returns the chunk's extractions.
They come back in input order, so the graph and every output are the same,
byte for byte, as a local run: the nodes are keyed by opaque ids of type and
name, and the graph is built here, from all the extractions, as a local run
builds it (kg.extract.in_order sends and collects for both). The workers need
kgbuild installed (the same version) and nothing else: the pipeline is in the
package.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import cache

from kg.errors import BadOption, InputError, KgbuildError
from kg.extract import Detached, detached, in_order
from kg.types import Article, Extraction

CLUSTER_CHUNK = 16  # articles a task: enough to outweigh a task's overhead, small enough to spread
IN_FLIGHT = 64  # chunks sent and not yet back: enough to keep a cluster busy, not the whole corpus


@cache
def _pipeline(segmenter: str, ner: bool):
    from kg.nlp import load_pipeline  # once a worker process

    return load_pipeline(segmenter, ner=ner)


def _extract_chunk(chunk: list[Article], segmenter: str, ner: bool) -> list[Detached]:
    """On a worker: each article's extraction without the article (the client has it), or the error."""
    pipeline = _pipeline(segmenter, ner)
    return [detached(pipeline, article) for article in chunk]


def extract_on_cluster(address: str, articles: Iterable[Article], segmenter: str, ner: bool,
                       on_error: Callable[[InputError], None] | None = None) -> Iterator[Extraction]:
    """Extract ``articles`` on the Dask cluster whose scheduler is at ``address``
    (``tcp://host:8786``), in input order, one Extraction each; an article that
    fails goes to ``on_error`` (or raises), as in :func:`kg.extract.extract`."""
    try:
        from distributed import Client
    except ImportError as e:
        raise KgbuildError("--dask needs Dask's distributed scheduler: pip install 'kgbuild[dask]'") from e
    try:
        client = Client(address, timeout="10s", set_as_default=False)
    except OSError as e:
        raise BadOption(f"cannot reach the Dask scheduler at {address}: {e}") from None
    try:
        yield from in_order(articles, CLUSTER_CHUNK, IN_FLIGHT,
                            lambda chunk: client.submit(_extract_chunk, chunk, segmenter=segmenter, ner=ner,
                                                        pure=False),
                            lambda future: future.result(), on_error)
    finally:
        client.close()
