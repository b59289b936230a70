"""Small frozen records passed between the stages.

read → articles → analysis → entities → mentions → statements → graph →
Turtle/GEXF. Every stage imports its inputs from here, never from a later
stage. spaCy stops at the analysis (kg.nlp): from :class:`Analysis` on,
everything is plain Python.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# Entity labels used throughout: span labels, graph node types and statement
# speaker kinds all use these names.
PERSON = "PERSON"
ORG = "ORG"
GPE = "GPE"  # a place with government: country, province, city, county
LOC = "LOC"  # other places: regions, landmarks (天安门广场, 长三角)
TITLE = "TITLE"
# The NER model's label for a person: the data sets' PER (it also says ORG, LOC, TITLE).
MODEL_PER = "PER"

DIRECT = "direct"
INDIRECT = "indirect"

SEGMENTERS = ("pkuseg", "char")  # kg.segmenter: the shipped pkuseg model, or one token per character
DEFAULT_SEGMENTER = "pkuseg"


@dataclass(frozen=True)
class Article:
    """One news article: its text is what offsets index.

    For JSONL input ``text`` is the input as given; for newspaper pages it is
    the rebuilt article text (paragraphs joined with ``\\n``).
    """

    id: str
    text: str
    title: str | None = None
    date: str | None = None  # ISO 8601 (yyyy-mm-dd) when known
    source: str | None = None  # agency or paper, e.g. 新华社
    url: str | None = None
    dateline: str | None = None  # 新华社北京9月4日电
    reporters: tuple[str, ...] = ()  # names from the byline
    origin: str = ""  # where it came from: "path" or "path:line"


@dataclass(frozen=True, order=True)
class Span:
    """A stretch of an article: character offsets into its text (and its normalised view).

    The one span type of kgbuild: a word of the segmenter (no label), an
    entity or place (PERSON, ORG, GPE, LOC, TITLE, or the NER model's PER),
    an entity mention of the extraction. ``name`` is the normalised name of
    what it refers to where a rule knows it (工信部 → 工业和信息化部), else empty.
    """

    start: int
    end: int
    label: str = ""
    name: str = ""

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def within(self, other: Span) -> bool:
        return other.start <= self.start and self.end <= other.end


@dataclass(frozen=True)
class Analysis:
    """What spaCy found in one article: the input of every extraction stage.

    ``norm`` is the normalised view the rules read (kg.normalize): same
    length as ``text``, so every offset indexes both. ``model`` is None when
    the NER model did not run (``--no-ner``).
    """

    text: str
    norm: str
    words: tuple[Span, ...]  # the segmenter's words, in order
    rule_ents: tuple[Span, ...]  # the gazetteer's organisations and titles (no overlaps)
    places: tuple[Span, ...]  # the gazetteer's places, nested ones included
    model: tuple[Span, ...] | None = None  # the NER model's spans: PER, ORG, LOC, TITLE


@dataclass(frozen=True)
class PersonMention:
    """A person in the text, or an organisation speaking as one (``label`` ORG).

    ``start``/``end`` cover the name (or surname + title, or a pronoun);
    ``name`` is the full name the mention refers to, ``title`` and ``org`` the
    post the text gives, ``chain_start`` where the whole chain
    ``[organisation][title][name]`` begins (None: at ``start``).
    """

    start: int
    end: int
    name: str
    title: str | None = None
    org: str | None = None
    chain_start: int | None = None
    label: str = PERSON

    @property
    def first(self) -> int:
        return self.start if self.chain_start is None else min(self.start, self.chain_start)


@dataclass(frozen=True)
class Post:
    """A person holding a title at an organisation (W3C ORG org:Post)."""

    person: str  # normalised person name
    title: str
    org: str | None = None  # normalised organisation name


@dataclass(frozen=True)
class Statement:
    """Who said what, where: after citron's quote record (cue, source, content)."""

    speaker: PersonMention | None  # None = attributed to no one
    cue: str | None  # the reporting verb as written: 说, 表示, 认为 ...
    kind: str  # DIRECT or INDIRECT
    start: int  # offsets of what was said in Article.text
    end: int
    text: str  # what was said, without quote marks: Article.text[start:end]
    cue_class: str | None = None  # what the cue reports: speech or opinion (kg/data/cue_verbs.txt)


@dataclass(frozen=True)
class Extraction:
    """Everything found in one article."""

    article: Article
    mentions: tuple[Span, ...] = ()  # entity mentions; ``name`` is always set
    posts: tuple[Post, ...] = ()
    statements: tuple[Statement, ...] = ()
    warnings: tuple[str, ...] = field(default=(), compare=False)
