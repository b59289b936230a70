"""Export the who-said-what graph as compacted JSON-LD: the triples of the Turtle export.

The document is one object: an ``@context`` of the export's prefixes, and an
``@graph`` of node objects, one per subject, in the order Turtle writes the
subjects. Keys and types are compact IRIs (``schema:name``, ``org:Post``);
an IRI value is ``{"@id": …}``, a tagged literal ``{"@value": …,
"@language": "zh-Hans"}``, a typed one ``{"@value": …, "@type":
"xsd:date"}`` and a plain string a JSON string, so no JSON-LD processor has to
guess a datatype. A key with several values holds them as an array, IRIs
first, then literals by value. The same graph gives the same bytes.

The groups of triples come from kg.rdf's writer a graph node at a time and are
written as they come, so a graph of millions of triples is never one JSON
object in memory. rdflib's own json-ld serializer is not used: it needs the
whole graph in an rdflib store first and is slow (see kg/turtle.py on rdflib's
Turtle serializer).

>>> import json, networkx as nx
>>> json.loads(jsonld_bytes(nx.MultiDiGraph()))["@graph"]
[]
"""
from __future__ import annotations

import io
import json
import re
from typing import BinaryIO

import networkx as nx

from kg import rdf
from kg.turtle import RDF_TYPE, Lit, Term, Triples
from kg.turtle import subject_key  # the subjects in Turtle's order

INDENT = " " * 2
# A conservative local name for a compact IRI: every vocabulary term of the
# export fits it, and it can start neither "//" (JSON-LD would read the key
# as an absolute IRI) nor "@" (a keyword's form).
_LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


class _Compactor:
    """IRIs as compact IRIs where the whole of the local name is safe, each worked out once."""

    def __init__(self, prefixes: dict[str, str]):
        self.prefix_of = {ns: p for p, ns in prefixes.items()}
        self.known: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        """``prefix:local`` for an IRI in a prefix's namespace, else the IRI itself.

        A full IRI stays one for a JSON-LD processor: its scheme (http, https)
        is no prefix of the context, and ``//`` after the colon marks it absolute.
        """
        cut = max(iri.rfind("#"), iri.rfind("/")) + 1
        prefix = self.prefix_of.get(iri[:cut])
        if prefix is not None and _LOCAL_NAME.fullmatch(iri, cut):
            return f"{prefix}:{iri[cut:]}"
        return iri

    def vocab(self, iri: str) -> str:
        """A predicate, class or datatype: few of them, so kept once worked out."""
        written = self.known.get(iri)
        if written is None:
            written = self.known[iri] = self.iri(iri)
        return written

    def value(self, o: Term) -> str | dict[str, str]:
        if not isinstance(o, Lit):
            return {"@id": self.iri(o)}
        if o.lang:
            return {"@value": o.value, "@language": o.lang}
        if o.datatype:
            return {"@value": o.value, "@type": self.vocab(o.datatype)}
        return o.value  # a JSON string is an xsd:string literal, no more and no less

    def node(self, s: str, predicates: dict[str, set[Term]]) -> dict:
        node: dict = {"@id": self.iri(s)}
        types = predicates.get(RDF_TYPE, ())
        if types and not any(isinstance(t, Lit) for t in types):
            node["@type"] = _one_or_all(sorted(self.vocab(t) for t in types))
        keyed = sorted(
            ((self.vocab(p), objects) for p, objects in predicates.items() if p != RDF_TYPE or "@type" not in node),
            key=lambda kv: kv[0],
        )
        for key, objects in keyed:
            node[key] = _one_or_all([self.value(o) for o in sorted(objects, key=_object_order)])
        return node


def _object_order(o: Term) -> tuple[int, str, str, str]:
    if isinstance(o, Lit):
        return 1, o.value, o.datatype, o.lang
    return 0, o, "", ""


def _one_or_all(values: list):
    return values[0] if len(values) == 1 else values


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def write_jsonld(g: nx.MultiDiGraph, f: BinaryIO, base_iri: str = rdf.DEFAULT_BASE) -> None:
    """Write the graph as UTF-8 JSON-LD to the binary file ``f``, a node's triples at a time.

    One node object a line inside ``@graph``. Raises BadOption for a bad
    ``base_iri`` before writing anything.
    """
    groups = rdf.groups(g, base_iri)  # checks the base IRI
    compact = _Compactor(rdf.PREFIXES)
    context = ",\n".join(f"{INDENT * 2}{_dumps(p)}: {_dumps(rdf.PREFIXES[p])}" for p in sorted(rdf.PREFIXES))
    f.write(f'{{\n{INDENT}"@context": {{\n{context}\n{INDENT}}},\n{INDENT}"@graph": ['.encode("utf-8"))
    first = True
    for group in groups:
        lines = _group_lines(compact, group)
        if lines:
            f.write(((",\n" if not first else "\n") + ",\n".join(lines)).encode("utf-8"))
            first = False
    f.write(b"]\n}\n" if first else f"\n{INDENT}]\n}}\n".encode("utf-8"))


def _group_lines(compact: _Compactor, group: Triples) -> list[str]:
    tree = group.tree
    return [INDENT * 2 + _dumps(compact.node(s, tree[s])) for s in sorted(tree, key=subject_key)]


def jsonld_bytes(g: nx.MultiDiGraph, base_iri: str = rdf.DEFAULT_BASE) -> bytes:
    """The graph as UTF-8 JSON-LD, byte-identical for the same graph."""
    out = io.BytesIO()
    write_jsonld(g, out, base_iri)
    return out.getvalue()
