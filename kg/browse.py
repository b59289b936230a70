"""What the pages of ``kgbuild serve`` show, read with SPARQL from the output's store.

Every page is about one resource of the graph, named by its node id (kg.graph):
``person/<hex>``, ``organization/<hex>``, ``statement/<hex>``, ``article/<hex>``;
its IRI is the graph's base IRI followed by that id, so a page's URL path is
the node id itself and stays the same from run to run for the same input.
The functions here return plain dicts and lists (no HTML): kg.serve renders them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox
import zhconv

from kg import vocab

PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in vocab.PREFIXES.items())  # the exports' own
KINDS = ("person", "organization", "statement", "article")  # the resources that have a page
_NODE = re.compile(r"(person|organization|statement|article|place|post|role)/[0-9a-f]{16}$")
SEARCH_LIMIT = 100
CONTEXT = 80  # characters of the article shown on each side of a statement, at most


def base_iri(store: ox.Store) -> str | None:
    """The base IRI of the graph in ``store`` (that of its first article or person), or None
    when it holds neither: the store knows nothing of the run's options, its IRIs do."""
    for cls in ("schema:NewsArticle", "schema:Person"):
        for row in store.query(PREFIXES + f"SELECT ?s WHERE {{ ?s a {cls} }} LIMIT 1"):
            m = _NODE.search(row["s"].value)
            if m:
                return row["s"].value[:m.start()]
    return None


def _text(term: object) -> str | None:
    return None if term is None else term.value


def _int(term: object) -> int | None:
    return None if term is None else int(term.value)


@dataclass
class Browser:
    """The graph in ``store`` as pages: search, people, organisations, statements, articles."""

    store: ox.Store

    def __post_init__(self) -> None:
        self.base = base_iri(self.store) or ""

    def node(self, iri: str) -> str:
        """The node id (the page path) of an IRI of this graph."""
        return iri[len(self.base):] if iri.startswith(self.base) else iri

    def _select(self, query: str, **values: object) -> list[dict]:
        if values:  # bound first thing in the pattern: pyoxigraph substitutes only projected variables
            terms = [v if isinstance(v, ox.NamedNode | ox.Literal) else ox.Literal(str(v)) for v in values.values()]
            bound = f"VALUES ({' '.join('?' + k for k in values)}) {{ ({' '.join(map(str, terms))}) }}"
            query = query.replace("WHERE {", "WHERE { " + bound, 1)
        result = self.store.query(PREFIXES + query)
        names = [v.value for v in result.variables]
        return [{n: row[n] for n in names} for row in result]

    def counts(self) -> dict[str, int]:
        rows = self._select("""SELECT ?type (COUNT(DISTINCT ?s) AS ?n) WHERE {
            VALUES ?type { schema:Person schema:Organization schema:Quotation schema:NewsArticle }
            ?s a ?type } GROUP BY ?type""")
        names = {"Person": "people", "Organization": "organizations", "Quotation": "statements",
                 "NewsArticle": "articles"}
        found = {names[r["type"].value.rsplit("/", 1)[1]]: int(r["n"].value) for r in rows}
        return {k: found.get(k, 0) for k in names.values()}

    def search(self, q: str) -> list[dict]:
        """People and organisations whose name (or another written form) contains ``q``,
        typed in Simplified or Traditional characters; most quoted first."""
        q = q.strip()
        if not q:
            return []
        rows = self._select(f"""SELECT ?e ?type ?name (COUNT(DISTINCT ?s) AS ?n) WHERE {{
            VALUES ?type {{ schema:Person schema:Organization }}
            ?e a ?type ; schema:name ?name .
            {{ ?e schema:name ?form }} UNION {{ ?e schema:alternateName ?form }}
            FILTER (CONTAINS(STR(?form), ?simplified) || CONTAINS(STR(?form), ?given))
            OPTIONAL {{ ?s schema:spokenByCharacter ?e }}
        }} GROUP BY ?e ?type ?name ORDER BY DESC(?n) ?name ?e LIMIT {SEARCH_LIMIT}""",
                            simplified=zhconv.convert(q, "zh-hans"), given=q)
        return [{"node": self.node(r["e"].value), "name": r["name"].value, "statements": int(r["n"].value),
                 "kind": "person" if r["type"].value.endswith("Person") else "organization"} for r in rows]

    def entity(self, node: str) -> dict | None:
        """A person's or organisation's page: names, posts (or people), statements in date order."""
        iri = ox.NamedNode(self.base + node)
        rows = self._select("""SELECT ?name ?type WHERE { ?e schema:name ?name ; a ?type .
            VALUES ?type { schema:Person schema:Organization } }""", e=iri)
        if not rows:
            return None
        kind = "person" if rows[0]["type"].value.endswith("Person") else "organization"
        aliases = [r["a"].value for r in self._select(
            "SELECT ?a WHERE { ?e schema:alternateName ?a } ORDER BY ?a", e=iri)]
        page = {"node": node, "kind": kind, "name": rows[0]["name"].value, "aliases": aliases}
        if kind == "person":
            page["posts"] = [{"title": r["title"].value, "org": _text(r["orgname"]),
                              "org_node": r["org"] and self.node(r["org"].value)} for r in self._select(
                """SELECT ?title ?org ?orgname WHERE { ?e org:holds ?post . ?post org:role/skos:prefLabel ?title .
                   OPTIONAL { ?post org:postIn ?org . ?org schema:name ?orgname } } ORDER BY ?title ?orgname""",
                e=iri)]
            page["statements"] = self.statements("?s schema:spokenByCharacter ?e .", e=iri)
        else:
            page["people"] = [{"node": self.node(r["p"].value), "name": r["name"].value, "title": r["title"].value}
                              for r in self._select(
                """SELECT DISTINCT ?p ?name ?title WHERE { ?post org:postIn ?e ; org:heldBy ?p ;
                   org:role/skos:prefLabel ?title . ?p schema:name ?name } ORDER BY ?name ?title""", e=iri)]
            page["statements"] = self.statements(
                "{ ?s schema:spokenByCharacter ?e } UNION { ?s kgb:speakerPost/org:postIn ?e }", e=iri)
        return page

    def statements(self, where: str, **values: object) -> list[dict]:
        """Statements matching ``where`` (a pattern on ``?s``), in date order, each with its
        speaker, the post held, its article and the sentence around it."""
        rows = self._select(f"""SELECT DISTINCT ?s ?text ?kind ?cue ?start ?end ?speaker ?speakername ?title
                ?org ?orgname ?a ?ident ?date ?headline WHERE {{
            {where}
            ?s a schema:Quotation ; schema:text ?text ; kgb:statementKind ?kind ;
               nif:beginIndex ?start ; nif:endIndex ?end ; schema:isPartOf ?a .
            ?a schema:identifier ?ident .
            OPTIONAL {{ ?a schema:datePublished ?date }}
            OPTIONAL {{ ?a schema:headline ?headline }}
            OPTIONAL {{ ?s kgb:cue ?cue }}
            OPTIONAL {{ ?s schema:spokenByCharacter ?speaker . ?speaker schema:name ?speakername }}
            OPTIONAL {{ ?s kgb:speakerPost ?post . ?post org:role/skos:prefLabel ?title .
                        OPTIONAL {{ ?post org:postIn ?org . ?org schema:name ?orgname }} }}
        }} ORDER BY ?date ?ident ?start ?s""", **values)
        texts: dict[str, str] = {}
        out = []
        for r in rows:
            article = r["a"].value
            if article not in texts:
                texts[article] = self.article_text(article) or ""
            start, end = _int(r["start"]), _int(r["end"])
            out.append({
                "node": self.node(r["s"].value), "text": r["text"].value,
                "kind": r["kind"].value.rsplit("#", 1)[-1].lower(), "cue": _text(r["cue"]),
                "speaker": _text(r["speakername"]), "speaker_node": r["speaker"] and self.node(r["speaker"].value),
                "title": _text(r["title"]), "org": _text(r["orgname"]),
                "org_node": r["org"] and self.node(r["org"].value),
                "article": self.node(article), "identifier": r["ident"].value, "date": _text(r["date"]),
                "headline": _text(r["headline"]), "start": start, "end": end,
                "context": sentence_context(texts[article], start, end),
            })
        return out

    def article_text(self, article_iri: str) -> str | None:
        rows = self._select("SELECT ?t WHERE { ?a kgb:hasContext/nif:isString ?t }", a=ox.NamedNode(article_iri))
        return rows[0]["t"].value if rows else None

    def statement(self, node: str) -> dict | None:
        found = self.statements("", s=ox.NamedNode(self.base + node))
        return found[0] if found else None

    def article(self, node: str) -> dict | None:
        iri = ox.NamedNode(self.base + node)
        rows = self._select("""SELECT ?ident ?date ?headline ?url ?source WHERE { ?a schema:identifier ?ident .
            OPTIONAL { ?a schema:datePublished ?date } OPTIONAL { ?a schema:headline ?headline }
            OPTIONAL { ?a schema:url ?url } OPTIONAL { ?a kgb:sourceName ?source } }""", a=iri)
        if not rows:
            return None
        r = rows[0]
        text = self.article_text(iri.value) or ""
        statements = self.statements("?s schema:isPartOf ?a .", a=iri)
        return {"node": node, "identifier": r["ident"].value, "date": _text(r["date"]), "url": _text(r["url"]),
                "headline": _text(r["headline"]), "source": _text(r["source"]), "statements": statements,
                "pieces": marked(text, statements)}


_SENTENCE_END = "。！？!?\n"
_CLOSING = "”’」』）)"


def sentence_context(text: str, start: int, end: int) -> dict[str, str]:
    """The statement ``text[start:end]`` with the rest of its sentence(s) on each side,
    at most :data:`CONTEXT` characters each way: ``before``, ``said``, ``after``.

    >>> sentence_context("天气好。他说：“我们走吧。”大家笑了。", 8, 13)
    {'before': '他说：“', 'said': '我们走吧。', 'after': '”'}
    >>> sentence_context("“好。”他说，要走。", 7, 9)
    {'before': '他说，', 'said': '要走', 'after': '。'}
    """
    lo = start
    while lo > 0 and start - lo < CONTEXT and text[lo - 1] not in _SENTENCE_END:
        lo -= 1
    while lo < start and text[lo] in _CLOSING:  # the quote that closed the sentence before
        lo += 1
    hi = end
    while hi < len(text) and hi - end < CONTEXT and text[hi - 1:hi] not in _SENTENCE_END and text[hi] != "\n":
        hi += 1
    while hi < len(text) and hi - end < CONTEXT and text[hi] in _CLOSING:  # a closing quote ends it too
        hi += 1
    return {"before": text[lo:start], "said": text[start:end], "after": text[end:hi]}


def marked(text: str, statements: list[dict]) -> list[dict]:
    """The article text cut into pieces, a statement's piece carrying its node id (for a
    highlight with an anchor); overlapping statements: the first one's piece wins."""
    pieces, at = [], 0
    for s in sorted(statements, key=lambda s: (s["start"], s["end"])):
        if s["start"] < at or s["end"] > len(text):
            continue
        if at < s["start"]:
            pieces.append({"text": text[at:s["start"]], "statement": None})
        pieces.append({"text": text[s["start"]:s["end"]], "statement": s["node"]})
        at = s["end"]
    if at < len(text):
        pieces.append({"text": text[at:], "statement": None})
    return pieces

