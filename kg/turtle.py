"""Write RDF triples as Turtle, sorted and grouped by subject: the same triples give the same bytes.

A term is an IRI, given as a ``str``, or a :class:`Lit`. There are no blank
nodes (the export has none), so sorting is enough to make the output
canonical, whatever order the triples came in and whatever the hash seed.

Why not a library: rdflib's Turtle serializer cost more than a quarter of a
whole run (its store, prefix and ordering work); pyoxigraph's is fast but
writes triples in the order given, lower-cases language tags (``zh-Hans``
becomes ``zh-hans``), indents with tabs and puts a whole article on one line.
This writer keeps the layout a person can read: the ``@prefix`` lines of the
prefixes used, ``a`` for ``rdf:type``, one block a subject with ``;`` between
predicates and ``,`` between objects, texts with line breaks as ``\"\"\"``
strings.

>>> t = Triples()
>>> t.add("http://x.org/s", "http://x.org/p", Lit('他说："好。"', "zh-Hans"))
>>> t.add("http://x.org/s", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "http://x.org/C")
>>> print(turtle(t, {"ex": "http://x.org/"}).decode())
@prefix ex: <http://x.org/> .
<BLANKLINE>
ex:s a ex:C ;
    ex:p "他说：\\"好。\\""@zh-Hans .
<BLANKLINE>
"""
from __future__ import annotations

import io
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from typing import BinaryIO, NamedTuple

from kg.errors import KgbuildError

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
INDENT = " " * 4
_CACHED = 50_000  # terms kept written at most
LINE = 100  # the objects of one predicate share a line up to about this width


class Lit(NamedTuple):
    """An RDF literal: with ``lang``, or ``datatype`` (an IRI), or neither for a plain string."""

    value: str
    lang: str = ""
    datatype: str = ""


Term = str | Lit
Triple = tuple[str, str, Term]


class Triples:
    """A set of triples kept by subject and predicate, the way Turtle writes them."""

    def __init__(self, triples: Iterable[Triple] = ()):
        self.tree: dict[str, dict[str, set[Term]]] = {}
        for s, p, o in triples:
            self.add(s, p, o)

    def add(self, s: str, p: str, o: Term) -> None:
        predicates = self.tree.get(s)
        if predicates is None:
            self.tree[s] = {p: {o}}
            return
        objects = predicates.get(p)
        if objects is None:
            predicates[p] = {o}
        else:
            objects.add(o)

    def __iter__(self) -> Iterator[Triple]:
        for s, predicates in self.tree.items():
            for p, objects in predicates.items():
                for o in objects:
                    yield s, p, o

    def __len__(self) -> int:
        return sum(len(objects) for predicates in self.tree.values() for objects in predicates.values())


# Turtle's ECHAR for the usual controls. Other characters a reader would not
# see, or that end a line in some tools (C0, DEL, C1, U+2028/9, BOM), as
# UCHAR: a literal without a line break stays on its line. Not U+FFFE/F:
# rapper refuses them as \uFFFE but reads them as they are (and the reader
# has made them U+FFFD before this anyway).
_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_ESCAPE_SHORT = re.compile(r'[\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]')
_ESCAPE_LONG = re.compile(r'[\\"\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]')  # keeps \n
# What an IRIREF may not hold (Turtle 1.1, production [18]). An IRI that
# passed RFC 3987 never does, so meeting one is a bug, not bad input.
_NOT_IN_IRIREF = re.compile(r'[\x00-\x20<>"{}|^`\\]')
# A conservative PN_LOCAL: every vocabulary term of the export fits it.
_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_LANGTAG = re.compile(r"[a-zA-Z]+(-[a-zA-Z0-9]+)*")
_OFFSET = re.compile(r"offset_([0-9]+)_([0-9]+)$")


def _escape(m: re.Match) -> str:
    c = m.group()
    return _ECHAR.get(c) or f"\\u{ord(c):04X}"


def string(value: str) -> str:
    """A Turtle string; ``\"\"\"`` when it holds line breaks, as an article does.

    >>> print(string('a"b\\\\c\\u2028'), string("一\\n二"))
    "a\\"b\\\\c\\u2028" \"\"\"一
    二\"\"\"
    """
    if "\n" in value:
        return '"""' + _ESCAPE_LONG.sub(_escape, value) + '"""'
    return '"' + _ESCAPE_SHORT.sub(_escape, value) + '"'


def subject_key(iri: str) -> tuple[str, int, int, str]:
    """IRI order, but a text's spans (``…/offset_6_8``) by their offsets, as they come in the text."""
    m = _OFFSET.search(iri)
    if m:
        return iri[:m.start()], int(m[1]), int(m[2]), iri
    return iri, -1, -1, iri


def _object_key(o: Term) -> tuple[int, str, str, str]:
    if isinstance(o, Lit):
        return 1, o.value, o.datatype, o.lang
    return 0, o, "", ""


class _Writer:
    """Terms as written, each worked out once; remembers the prefixes used."""

    def __init__(self, prefixes: Mapping[str, str]):
        self.prefixes = prefixes
        self.prefix_of = {ns: p for p, ns in prefixes.items()}
        self.used: set[str] = set()
        self.terms: dict[Term, str] = {}
        self.predicates: dict[str, tuple[bool, str]] = {RDF_TYPE: (False, "a")}  # a sort key, and the name

    def iri(self, iri: str) -> str:
        cut = max(iri.rfind("#"), iri.rfind("/")) + 1
        prefix = self.prefix_of.get(iri[:cut])
        if prefix is not None and _LOCAL.fullmatch(iri, cut):
            self.used.add(prefix)
            return f"{prefix}:{iri[cut:]}"
        if _NOT_IN_IRIREF.search(iri):
            raise KgbuildError(f"cannot write {iri!r} as an IRI in Turtle: it holds a character IRIs may not")
        return f"<{iri}>"

    def term(self, o: Term) -> str:
        written = self.terms.get(o)
        if written is None:
            if not isinstance(o, Lit):
                written = self.iri(o)
            elif o.lang:
                if not _LANGTAG.fullmatch(o.lang):
                    raise KgbuildError(f"cannot write {o.lang!r} as a language tag in Turtle")
                written = f"{string(o.value)}@{o.lang}"
            elif o.datatype:
                written = f"{string(o.value)}^^{self.iri(o.datatype)}"
            else:
                written = string(o.value)
            if len(self.terms) >= _CACHED:
                self.terms.clear()  # a corpus's terms do not all fit; the vocabulary's come back at once
            self.terms[o] = written
        return written

    def predicate(self, p: str) -> tuple[bool, str]:
        key = self.predicates.get(p)
        if key is None:
            key = self.predicates[p] = (True, self.iri(p))
        return key

    def block(self, s: str, predicates: dict[str, set[Term]]) -> str:
        lines = []
        for (_, p), objects in sorted((self.predicate(p), objects) for p, objects in predicates.items()):
            if len(objects) == 1:
                for o in objects:
                    lines.append(f"{p} {self.term(o)}")
                continue
            written = [self.term(o) for o in sorted(objects, key=_object_key)]
            together = ", ".join(written)
            if len(INDENT) + len(p) + len(together) > LINE:
                together = (",\n" + INDENT * 2).join(written)
            lines.append(f"{p} {together}")
        return f"{self.term(s)} " + (" ;\n" + INDENT).join(lines) + " .\n"

    def head(self) -> str:
        return "".join(f"@prefix {p}: <{self.prefixes[p]}> .\n" for p in sorted(self.used))


class TurtleStream:
    """Writes Turtle to a binary file a group of triples at a time, so that a graph of any size
    is written without all its triples in memory at once.

    The caller gives groups whose subjects no other group has, in subject order
    (kg.rdf gives one graph node's, with its text's spans, at a time). The
    blocks go to a temporary spool file first: the ``@prefix`` lines, which
    come first, are known only when every block is written; :meth:`close`
    writes them and then the spool. The bytes are those :func:`turtle` gives
    for the union of the groups.
    """

    def __init__(self, out: BinaryIO, prefixes: Mapping[str, str]):
        self.out = out
        self.writer = _Writer(prefixes)
        self.spool = tempfile.TemporaryFile()

    def write(self, group: Triples) -> None:
        w, tree = self.writer, group.tree
        self.spool.write("".join("\n" + w.block(s, tree[s]) for s in sorted(tree, key=subject_key)).encode("utf-8"))

    def discard(self) -> None:
        """Stop without writing anything more (the export failed)."""
        self.spool.close()

    def close(self) -> None:
        try:
            self.out.write(self.writer.head().encode("utf-8"))
            self.spool.seek(0)
            shutil.copyfileobj(self.spool, self.out, 1 << 20)
        finally:
            self.spool.close()


def turtle(triples: Triples | Iterable[Triple], prefixes: Mapping[str, str]) -> bytes:
    """``triples`` as UTF-8 Turtle: the same set gives the same bytes.

    Subjects in IRI order (a text's spans by offset); ``rdf:type`` first, then
    the predicates by name; objects IRIs first, then literals. ``@prefix``
    lines for the ``prefixes`` used, by name. A triple given twice is written once.
    """
    if not isinstance(triples, Triples):
        triples = Triples(triples)
    out = io.BytesIO()
    stream = TurtleStream(out, prefixes)
    stream.write(triples)
    stream.close()
    return out.getvalue()
