"""RDF namespaces of the export: rdflib's own, NIF and ITS, and kgbuild's terms.

``KGB`` is closed (``_fail = True``) and mirrors ``ontology/kgbuild.ttl``
term for term, so a misspelt kgbuild term raises instead of minting a new IRI.
rdflib's schema.org and XSD namespaces only warn on unknown terms; ``SDO`` and
``XSD`` here are the same namespaces closed the same way.

>>> str(KGB.cue)
'https://kgbuild.example.org/vocab#cue'
>>> KGB.cues
Traceback (most recent call last):
...
AttributeError: term 'cues' not in namespace 'https://kgbuild.example.org/vocab#'
"""
from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib import namespace as rns
from rdflib.namespace import ORG, PROV, RDF, RDFS, SKOS

# NIF 2.1 keeps the 2.0 core namespace; ITS 2.0 RDF holds itsrdf:taIdentRef.
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")


class SDO(rns.SDO):
    """rdflib's schema.org terms, closed: ``SDO.nmae`` raises AttributeError."""

    _fail = True


class XSD(rns.XSD):
    """rdflib's XML Schema datatypes, closed like SDO."""

    _fail = True


class KGB(rns.DefinedNamespace):
    """kgbuild's own terms; see ontology/kgbuild.ttl for their meaning."""

    _fail = True
    _NS = Namespace("https://kgbuild.example.org/vocab#")

    StatementKind: URIRef  # direct quotation or reported speech
    Direct: URIRef
    Indirect: URIRef
    statementKind: URIRef
    cue: URIRef  # the reporting verb: 说, 表示, 认为 ...
    CueClass: URIRef  # what the cue reports: speech or opinion
    Speech: URIRef
    Opinion: URIRef
    cueClass: URIRef
    speakerPost: URIRef  # the org:Post held when speaking
    speakerMention: URIRef  # the nif:Phrase naming the speaker
    hasContext: URIRef  # article -> its nif:Context
    dateline: URIRef  # 新华社北京9月4日电
    sourceName: URIRef  # 新华社, 人民日报


# Prefixes bound in every exported graph; the serializer writes the used ones.
PREFIXES: dict[str, Namespace | type[rns.DefinedNamespace]] = {
    "schema": SDO,
    "org": ORG,
    "skos": SKOS,
    "nif": NIF,
    "itsrdf": ITSRDF,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "kgb": KGB,
}
