"""``kgbuild serve``: a read-only SPARQL endpoint and who-said-what pages over an output folder.

A small Starlette (ASGI) app, run by uvicorn, over the folder's Oxigraph store
opened read-only (kg.query.open_store; a graph.ttl without a store is read
into memory):

- ``/sparql``: the SPARQL 1.1 Protocol, queries by GET or POST (form or
  ``application/sparql-query``), results as SPARQL JSON, XML, CSV or TSV (or,
  for CONSTRUCT and DESCRIBE, Turtle, N-Triples, RDF/XML) by the ``Accept``
  header or a ``format`` parameter. Updates are refused (403): the store is
  the run's output, and the next run replaces it.
- Pages (kg.browse for the data, Jinja2 templates in kg/web/templates): search
  people and organisations in Simplified or Traditional characters, a page per
  person, organisation, statement and article at the node's id
  (``/person/<hex>`` …), and ``/network``, the people-and-organisations view
  (``people.gexf``) drawn by sigma.js. The JavaScript is bundled into
  ``kg/web/static`` when kgbuild is installed (``web/``, ``npm run build``);
  nothing is fetched from elsewhere when a page is shown.
"""
from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path
from urllib.parse import parse_qsl

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from kg.browse import KINDS, Browser
from kg.errors import QueryError
from kg.query import graph_file, named_queries, open_store

PEOPLE_GEXF = "people.gexf"
_KEY = re.compile(r"[0-9a-f]{16}")  # the hex part of a node id (kg.graph.node_id)

# Media types of results, by what a client may ask for: (media type sent back, pyoxigraph format).
SOLUTIONS = {
    "application/sparql-results+json": ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    "application/json": ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    "application/sparql-results+xml": ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    "application/xml": ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    "text/csv": ("text/csv", ox.QueryResultsFormat.CSV),
    "text/tab-separated-values": ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
}
GRAPHS = {
    "text/turtle": ("text/turtle", ox.RdfFormat.TURTLE),
    "application/n-triples": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    "application/rdf+xml": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
}
SHORT = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml", "csv": "text/csv",
         "tsv": "text/tab-separated-values", "turtle": "text/turtle", "ttl": "text/turtle",
         "nt": "application/n-triples", "rdfxml": "application/rdf+xml"}


def accepted(header: str) -> list[str]:
    """Media types of an ``Accept`` header, most wanted first (ties in the order given).

    >>> accepted("text/csv;q=0.5, application/sparql-results+json, */*;q=0.1")
    ['application/sparql-results+json', 'text/csv', '*/*']
    """
    ranked = []
    for i, part in enumerate(header.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranked.append((-q, i, media.lower()))
    return [m for _, _, m in sorted(ranked)]


def negotiate(header: str, offered: dict[str, tuple[str, object]]) -> tuple[str, object] | None:
    """The first of ``offered`` the client accepts (the first offered for ``*/*`` or no header)."""
    for media in accepted(header or "*/*"):
        if media in offered:
            return offered[media]
        if media in ("*/*", "application/*", "text/*"):
            for name, chosen in offered.items():
                if media == "*/*" or name.startswith(media[:-1]):
                    return chosen
    return None


def make_app(out: Path) -> Starlette:
    """The app serving ``out`` (an output folder or a graph.ttl); QueryError if it cannot be read."""
    out = Path(out)
    if not graph_file(out).is_file():
        raise QueryError(f"{out}: no graph.ttl here; run `kgbuild run -o {out}` first")
    store = open_store(out)
    browser = Browser(store)
    folder = out if out.is_dir() else out.parent
    web = files("kg.web")
    templates = Jinja2Templates(directory=str(web / "templates"))

    def page(request: Request, name: str, status: int = 200, **context) -> Response:
        return templates.TemplateResponse(request, name, context, status_code=status)

    def home(request: Request) -> Response:
        return page(request, "home.html", counts=browser.counts(), queries=list(named_queries()))

    def search(request: Request) -> Response:
        q = request.query_params.get("q", "")
        return page(request, "search.html", q=q, found=browser.search(q))

    def resource(request: Request) -> Response:
        kind, key = request.path_params["kind"], request.path_params["key"]
        node = f"{kind}/{key}"
        if kind not in KINDS or not _KEY.fullmatch(key):
            raise HTTPException(404, f"there is no page {request.url.path}")
        if kind in ("person", "organization"):
            data, template = browser.entity(node), "entity.html"
        elif kind == "statement":
            data, template = browser.statement(node), "statement.html"
        else:
            data, template = browser.article(node), "article.html"
        if data is None:
            raise HTTPException(404, f"nothing in this graph is called {node}")
        return page(request, template, item=data)

    def network(request: Request) -> Response:
        return page(request, "network.html", available=(folder / PEOPLE_GEXF).is_file())

    def people_gexf(request: Request) -> Response:
        path = folder / PEOPLE_GEXF
        if not path.is_file():
            raise HTTPException(404, f"{PEOPLE_GEXF} is not in {folder}: run kgbuild again to make it")
        return FileResponse(path, media_type="application/gexf+xml")

    async def sparql(request: Request) -> Response:
        params = dict(request.query_params)
        if request.method == "POST":
            kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
            body = (await request.body()).decode("utf-8", "replace")
            if kind == "application/sparql-update":
                return _refused()
            if kind == "application/sparql-query":
                params["query"] = body
            elif kind == "application/x-www-form-urlencoded":
                params.update(parse_qsl(body, keep_blank_values=True))
            else:
                return PlainTextResponse("send the query as application/sparql-query or as a form field 'query'",
                                         status_code=415)
        if "update" in params:
            return _refused()
        query = params.get("query")
        if not query and "text/html" in request.headers.get("accept", ""):  # a person in a browser
            queries = named_queries()
            return page(request, "sparql.html", endpoint=str(request.url_for("sparql")), queries=queries,
                        example=queries["who_said_what"])
        if not query:
            return PlainTextResponse("no query: give one in the parameter 'query' (SPARQL 1.1 Protocol)",
                                     status_code=400)
        wanted = SHORT.get(params.get("format", "").lower()) or request.headers.get("accept", "")
        return await run_in_threadpool(answer, query, wanted)  # a long query does not hold up the pages

    def answer(query: str, accept: str) -> Response:
        try:
            result = store.query(query, base_iri=browser.base or None)
        except SyntaxError as e:
            return PlainTextResponse(f"SPARQL syntax error: {e}", status_code=400)
        except OSError as e:
            return PlainTextResponse(f"the query failed: {e}", status_code=500)
        offered = GRAPHS if isinstance(result, ox.QueryTriples) else SOLUTIONS
        chosen = negotiate(accept, offered)
        if chosen is None:
            return PlainTextResponse("none of the accepted media types can carry this result; offered: "
                                     + ", ".join(sorted({m for m, _ in offered.values()})), status_code=406)
        media, fmt = chosen
        charset = "; charset=utf-8" if media.startswith("text/") else ""
        return Response(result.serialize(format=fmt), media_type=media + charset)

    async def not_found(request: Request, exc: HTTPException) -> Response:
        if request.url.path.startswith("/sparql"):
            return PlainTextResponse(exc.detail, status_code=exc.status_code)
        return page(request, "error.html", status=exc.status_code, message=exc.detail)

    routes = [
        Route("/", home),
        Route("/search", search),
        Route("/network", network),
        Route(f"/{PEOPLE_GEXF}", people_gexf),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Mount("/static", StaticFiles(directory=str(web / "static")), name="static"),
        Route("/{kind:str}/{key:str}", resource),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: not_found},
                    middleware=[Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"])])
    return app


def _refused() -> Response:
    return PlainTextResponse("this endpoint is read-only: SPARQL updates are refused "
                             "(the store is kgbuild's output; run kgbuild again to change it)", status_code=403)


def listen(app: Starlette, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve ``app`` (:func:`make_app`) until interrupted."""
    import uvicorn

    uvicorn.run(app, host=host, port=port, log_level="warning")

