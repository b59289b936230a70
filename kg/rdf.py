"""Export the who-said-what graph as RDF: schema.org, W3C ORG, SKOS and NIF 2.1.

The graph of ``kg/graph.py`` becomes these resources (no reasoner is assumed,
so every type a query needs is written into the data):

- people, organisations, places: ``schema:Person``, ``schema:Organization``
  (also ``org:Organization``, the range of ``org:postIn``) and ``schema:Place``
  (also ``schema:AdministrativeArea`` for places with a government), with
  ``schema:name`` in ``@zh-Hans`` (Simplified, normalised) and
  ``schema:alternateName`` as articles wrote the name otherwise (``@zh-Hant``
  where in Traditional script: 林曉雨);
- titles, in W3C ORG: a person ``org:holds`` an ``org:Post`` (``org:heldBy``
  back), the post ``org:postIn`` its organisation and has ``org:role`` an
  ``org:Role`` that is also a ``skos:Concept`` labelled with the title
  (``skos:altLabel`` for other spellings: 副院長);
- articles: ``schema:NewsArticle`` with ``schema:identifier``, headline, date
  and reporters as ``schema:author``. The text is not repeated on the article:
  ``kgb:hasContext`` links it to one ``nif:Context`` whose ``nif:isString``
  is the text, so that every offset below indexes exactly that string;
- statements: ``schema:Quotation`` with ``schema:text``,
  ``schema:spokenByCharacter``, ``schema:isPartOf`` the article,
  ``kgb:speakerPost``, ``kgb:cue``, ``kgb:cueClass`` (speech or opinion),
  ``kgb:statementKind`` and their NIF offsets
  in the article (``nif:referenceContext``, ``nif:beginIndex``/``endIndex``);
- mentions: one ``nif:Phrase`` per mention with offsets, ``nif:anchorOf`` and
  ``itsrdf:taIdentRef`` the entity.

Offsets count Unicode code points, as Python's ``str`` does, so a character
outside the BMP such as 𠮷 counts once. IRIs are opaque: ``base_iri`` plus
the node id (``person/3f2a…``); context and mention IRIs extend the article's
IRI with ``/context`` and ``/offset_{begin}_{end}``. Chinese appears only in
literals, unless a user's own base IRI holds it (http://例子.中国/kg/). The
default base is a placeholder: users publishing the data set
their own with ``--base-iri``. No blank nodes are written, and
``kg/turtle.py`` sorts subjects, predicates and objects, so the same graph
always gives byte-identical Turtle.

The triples are built as plain strings and :class:`kg.turtle.Lit` records,
not rdflib terms: ``turtle_bytes`` writes them directly (rdflib's store and
serializer took more than a quarter of a whole run), and ``to_rdf`` turns the
same triples into an rdflib Graph for callers that want one.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

import networkx as nx
from pyoxigraph import NamedNode
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as rns

from kg import vocab
from kg.errors import BadOption, KgbuildError
from kg.normalize import is_traditional
from kg.graph import ARTICLE_T, ORG_T, PERSON_T, PLACE_T, POST_T, ROLE_T, STATEMENT_T
from kg.turtle import Lit, Term, Triples, TurtleStream
from kg.types import DIRECT, GPE, INDIRECT


class _Terms:
    """A namespace's terms as plain ``str``, each looked up once (a closed namespace still
    refuses a misspelt term): an rdflib term costs a lookup on every use and a slow hash."""

    def __init__(self, namespace):
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        term = str(getattr(self._namespace, name))
        setattr(self, name, term)
        return term


ORG, RDF, RDFS, SKOS = map(_Terms, (rns.ORG, rns.RDF, rns.RDFS, rns.SKOS))
ITSRDF, KGB, NIF, SDO, XSD = map(_Terms, (vocab.ITSRDF, vocab.KGB, vocab.NIF, vocab.SDO, vocab.XSD))
PREFIXES = {prefix: str(ns) for prefix, ns in vocab.PREFIXES.items()}

DEFAULT_BASE = "https://kgbuild.example.org/id/"
LANG = "zh-Hans"  # names, titles and cues are normalised to Simplified
LANG_TRADITIONAL = "zh-Hant"  # what was said, headlines and other spellings keep their script

_KIND = {DIRECT: KGB.Direct, INDIRECT: KGB.Indirect}
_CUE_CLASS = {"speech": KGB.Speech, "opinion": KGB.Opinion}
_ENTITY_CLASSES = {
    PERSON_T: (SDO.Person,),
    ORG_T: (SDO.Organization, ORG.Organization),
    PLACE_T: (SDO.Place,),
}
# RFC 3987 §4.1: an IRI must not hold bidirectional formatting characters
# (LRM, RLM, LRE … PDF, and the isolates Unicode added later), which its
# grammar alone would let through in a path or a query.
_BIDI_FORMATTING = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def web_iri_problem(value: str) -> str | None:
    """What keeps ``value`` from being an absolute http(s) IRI with a host; None if nothing.

    The grammar is RFC 3987's, as oxiri (inside pyoxigraph, which ``kgbuild
    query`` reads the graph with) implements it: hosts may be Unicode
    (internationalised domain names), a ``%`` must start a two-hex-digit
    escape, and what RFC 3987 leaves out (spaces, control characters, angle
    brackets, braces …) is refused.

    >>> web_iri_problem("http://例子.中国/kg/") is None
    True
    >>> web_iri_problem("http://x.org/%zz/")
    "Invalid IRI percent encoding '%zz'"
    >>> web_iri_problem("javascript:alert(1)")
    "the scheme is 'javascript', not http or https"
    """
    try:
        NamedNode(value)
    except ValueError as e:
        return str(e)
    if _BIDI_FORMATTING.search(value):
        return "it holds a bidirectional formatting character (RFC 3987 section 4.1)"
    try:
        parts = urlsplit(value)
    except ValueError as e:  # a host that NFKC would change: 例子／x.org (full-width slash)
        return str(e)
    if parts.scheme not in ("http", "https"):
        return f"the scheme is {parts.scheme!r}, not http or https"
    if not parts.hostname:
        return "it has no host"
    return None


def check_base_iri(base_iri: str) -> str:
    """Return ``base_iri`` if it can prefix node ids, else raise BadOption.

    >>> check_base_iri("https://data.example.com/news/")
    'https://data.example.com/news/'
    >>> check_base_iri("http://例子.中国/kg#")
    'http://例子.中国/kg#'
    >>> check_base_iri("data/")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.BadOption: base IRI 'data/' must be an absolute http(s) IRI ending in '/' or '#'...
    """
    problem = web_iri_problem(base_iri)
    if problem is None and not base_iri.endswith(("/", "#")):
        problem = "it does not end in '/' or '#'"
    if problem:
        raise BadOption(
            f"base IRI {base_iri!r} must be an absolute http(s) IRI ending in '/' or '#',"
            f" e.g. {DEFAULT_BASE!r}: {problem}"
        )
    return base_iri


def _zh(text: str) -> Lit:
    return Lit(text, LANG)


def _written(text: str) -> Lit:
    """Text as the article writes it: ``@zh-Hant`` when it is in Traditional script."""
    return Lit(text, LANG_TRADITIONAL if is_traditional(text) else LANG)


def _url(value: str) -> Lit:
    """xsd:anyURI for an http(s) IRI, else the string as given (javascript:…, a bare path)."""
    if web_iri_problem(value) is None:
        return Lit(value, datatype=XSD.anyURI)
    return Lit(value)


def _nni(n: int) -> Lit:
    return Lit(str(n), datatype=XSD.nonNegativeInteger)


def _date(value: str) -> Lit:
    """xsd:date for an ISO date, else the string as given (e.g. 2024年9月)."""
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            dt.date.fromisoformat(value)
            return Lit(value, datatype=XSD.date)
    except ValueError:
        pass
    return Lit(value)


class _Writer:
    """Turns the graph into triples, one node's group at a time (:meth:`group`)."""

    def __init__(self, g: nx.MultiDiGraph, base_iri: str):
        self.g = g
        self.base = check_base_iri(base_iri)
        self.out = Triples()

    def iri(self, node: str) -> str:
        return self.base + node

    def context(self, article: str) -> str:
        return f"{self.base}{article}/context"

    def span(self, article: str, start: int, end: int) -> str:
        return f"{self.base}{article}/offset_{start}_{end}"

    def add(self, s: str, p: str, o: Term) -> None:
        self.out.add(s, p, o)

    def groups(self) -> Iterator[Triples]:
        """The triples, a node's group at a time, in the order of their subjects' IRIs:
        each group's subjects are the node's IRI and, for an article, its context's and
        its spans' IRIs, which extend the article's (no node id is the start of another's)."""
        for node in sorted(self.g.nodes):
            yield self.group(node)

    def group(self, node: str) -> Triples:
        """Every triple whose subject is ``node`` (or, for an article, its context or a span of it)."""
        self.out = Triples()
        data = self.g.nodes[node]
        kind = data.get("type")
        if kind in _ENTITY_CLASSES:
            self.entity(node, data)
        elif kind in _NODE_WRITERS:
            _NODE_WRITERS[kind](self, node, data)
        else:
            raise KgbuildError(f"graph node {node!r} has unknown type {kind!r}")
        for _, v, key, edge in self.g.out_edges(node, keys=True, data=True):
            relation = key.split("@", 1)[0]
            if relation not in _EDGE_WRITERS:
                raise KgbuildError(f"graph edge {node!r} -{key}-> {v!r} has unknown relation")
            _EDGE_WRITERS[relation](self, node, v, edge)
        for u, _, key, edge in self.g.in_edges(node, keys=True, data=True):
            written = _BACK_WRITERS.get(key.split("@", 1)[0])
            if written:
                written(self, u, node, edge)
        return self.out

    # Nodes

    def entity(self, node: str, data: dict) -> None:
        s = self.iri(node)
        for cls in _ENTITY_CLASSES[data["type"]]:
            self.add(s, RDF.type, cls)
        if data.get("place_kind") == GPE:
            self.add(s, RDF.type, SDO.AdministrativeArea)
        self.add(s, SDO.name, _zh(data["name"]))
        for alias in data.get("aliases", ()):
            self.add(s, SDO.alternateName, _written(alias))

    def role(self, node: str, data: dict) -> None:
        s = self.iri(node)
        self.add(s, RDF.type, ORG.Role)
        self.add(s, RDF.type, SKOS.Concept)
        self.add(s, SKOS.prefLabel, _zh(data["label"]))
        for alias in data.get("aliases", ()):
            self.add(s, SKOS.altLabel, _written(alias))

    def post(self, node: str, data: dict) -> None:
        s = self.iri(node)
        self.add(s, RDF.type, ORG.Post)
        self.add(s, RDFS.label, _zh(data["label"]))

    def article(self, node: str, data: dict) -> None:
        s, ctx, text = self.iri(node), self.context(node), data["text"]
        self.add(s, RDF.type, SDO.NewsArticle)
        self.add(s, SDO.identifier, Lit(data["identifier"]))
        if data.get("headline"):
            self.add(s, SDO.headline, _written(data["headline"]))
        if data.get("date"):
            self.add(s, SDO.datePublished, _date(data["date"]))
        if data.get("url"):
            self.add(s, SDO.url, _url(data["url"]))
        if data.get("dateline"):
            self.add(s, KGB.dateline, _zh(data["dateline"]))
        if data.get("source"):
            self.add(s, KGB.sourceName, _zh(data["source"]))
        self.add(s, KGB.hasContext, ctx)
        self.add(ctx, RDF.type, NIF.Context)
        self.add(ctx, NIF.isString, Lit(text))
        self.add(ctx, NIF.beginIndex, _nni(0))
        self.add(ctx, NIF.endIndex, _nni(len(text)))

    def statement(self, node: str, data: dict) -> None:
        s = self.iri(node)
        if data["kind"] not in _KIND:
            raise KgbuildError(
                f"statement {node!r} has kind {data['kind']!r}; expected one of {sorted(_KIND)}"
            )
        self.add(s, RDF.type, SDO.Quotation)
        self.add(s, SDO.text, _written(data["text"]))
        self.add(s, KGB.statementKind, _KIND[data["kind"]])
        if data.get("cue"):
            self.add(s, KGB.cue, _zh(data["cue"]))
        if data.get("cue_class"):
            self.add(s, KGB.cueClass, _CUE_CLASS[data["cue_class"]])
        self.add(s, NIF.beginIndex, _nni(data["start"]))
        self.add(s, NIF.endIndex, _nni(data["end"]))

    def phrase(self, article: str, start: int, end: int, anchor: str, entity: str) -> str:
        """A nif:Phrase: the same article and offsets always give the same IRI."""
        p = self.span(article, start, end)
        self.add(p, RDF.type, NIF.Phrase)
        self.add(p, NIF.referenceContext, self.context(article))
        self.add(p, NIF.beginIndex, _nni(start))
        self.add(p, NIF.endIndex, _nni(end))
        self.add(p, NIF.anchorOf, Lit(anchor))
        self.add(p, ITSRDF.taIdentRef, self.iri(entity))
        return p

    # Edges, in the group of their source node

    def holds(self, person: str, post: str, _: dict) -> None:
        self.add(self.iri(person), ORG.holds, self.iri(post))

    def is_part_of(self, statement: str, article: str, _: dict) -> None:
        self.add(self.iri(statement), SDO.isPartOf, self.iri(article))
        self.add(self.iri(statement), NIF.referenceContext, self.context(article))

    def spoken_by(self, statement: str, speaker: str, _: dict) -> None:
        s = self.iri(statement)
        self.add(s, SDO.spokenByCharacter, self.iri(speaker))
        where = self._speaker_span(statement)
        if where:
            self.add(s, KGB.speakerMention, self.span(*where))

    def mention(self, article: str, entity: str, data: dict) -> None:
        self.phrase(article, data["start"], data["end"], data["anchor"], entity)

    # Edges, in the group of their target node

    def held_by(self, person: str, post: str, _: dict) -> None:
        self.add(self.iri(post), ORG.heldBy, self.iri(person))

    def speaker_phrase(self, statement: str, article: str, _: dict) -> None:
        """The span of the article where a statement's speaker is named (kgb:speakerMention)."""
        where = self._speaker_span(statement)
        if where is None:
            return
        start, end = where[1:]
        text = self.g.nodes[article]["text"]
        for _u, speaker, key in self.g.out_edges(statement, keys=True):
            if key == "spokenBy":
                self.phrase(article, start, end, text[start:end], speaker)

    def _speaker_span(self, statement: str) -> tuple[str, int, int] | None:
        """(article, start, end) of the statement's speaker's name, if it has one."""
        data = self.g.nodes[statement]
        start, end = data.get("speaker_start"), data.get("speaker_end")
        if start is None or end is None:
            return None
        for _u, article, key in self.g.out_edges(statement, keys=True):
            if key == "isPartOf":
                return article, start, end
        return None


def _link(predicate: str):
    def write(w: _Writer, u: str, v: str, _: dict) -> None:
        w.add(w.iri(u), predicate, w.iri(v))
    return write


_NODE_WRITERS = {
    ROLE_T: _Writer.role,
    POST_T: _Writer.post,
    ARTICLE_T: _Writer.article,
    STATEMENT_T: _Writer.statement,
}
_EDGE_WRITERS = {
    "holds": _Writer.holds,
    "postIn": _link(ORG.postIn),
    "role": _link(ORG.role),
    "spokenBy": _Writer.spoken_by,
    "heldPost": _link(KGB.speakerPost),
    "isPartOf": _Writer.is_part_of,
    "author": _link(SDO.author),
    "mentions": _Writer.mention,
}
_BACK_WRITERS = {
    "holds": _Writer.held_by,
    "isPartOf": _Writer.speaker_phrase,
}


def groups(g: nx.MultiDiGraph, base_iri: str = DEFAULT_BASE) -> Iterator[Triples]:
    """The graph's triples a node's group at a time, in the order of their subjects' IRIs
    (what the streamed exports write). Raises BadOption for a bad ``base_iri`` at once."""
    return _Writer(g, base_iri).groups()


def triples(g: nx.MultiDiGraph, base_iri: str = DEFAULT_BASE) -> Triples:
    """The graph's triples: IRIs as ``str``, literals as :class:`kg.turtle.Lit`.

    Raises BadOption for a bad ``base_iri``.
    """
    return Triples(t for group in groups(g, base_iri) for t in group)


def _rdflib_term(term: Term) -> URIRef | Literal:
    if isinstance(term, Lit):
        datatype = URIRef(term.datatype) if term.datatype else None
        return Literal(term.value, lang=term.lang or None, datatype=datatype)
    return URIRef(term)


def to_rdf(g: nx.MultiDiGraph, base_iri: str = DEFAULT_BASE) -> Graph:
    """The graph as an rdflib Graph; raises BadOption for a bad ``base_iri``."""
    out = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, ns)
    for s, p, o in triples(g, base_iri):
        out.add((URIRef(s), URIRef(p), _rdflib_term(o)))
    return out


def turtle_bytes(g: nx.MultiDiGraph, base_iri: str = DEFAULT_BASE) -> bytes:
    """The graph as UTF-8 Turtle, byte-identical for the same graph."""
    out = io.BytesIO()
    write_turtle(g, out, base_iri)
    return out.getvalue()


def write_turtle(g: nx.MultiDiGraph, path: Path | str | BinaryIO, base_iri: str = DEFAULT_BASE) -> None:
    """Write the graph as Turtle to ``path`` or a binary file, a node's triples at a time
    (kg.turtle.TurtleStream): the bytes of :func:`turtle_bytes`, without all the triples
    in memory at once. Raises BadOption for a bad ``base_iri`` before writing anything."""
    if isinstance(path, (str, Path)):
        with open(path, "wb") as f:
            write_turtle(g, f, base_iri)
        return
    w = _Writer(g, base_iri)
    stream = TurtleStream(path, PREFIXES)
    try:
        for group in w.groups():
            stream.write(group)
    except BaseException:
        stream.discard()
        raise
    stream.close()
