"""Small frozen records passed between the stages.

read → articles → spaCy Doc → mentions and statements → graph → Turtle/GEXF.
Every stage imports its inputs from here, never from a later stage, and no
spaCy object crosses into the graph or export code.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# Entity labels used throughout: spaCy span labels, graph node types and
# statement speaker kinds all use these names.
PERSON = "PERSON"
ORG = "ORG"
GPE = "GPE"  # a place with government: country, province, city, county
LOC = "LOC"  # other places: regions, landmarks (天安门广场, 长三角)
TITLE = "TITLE"

DIRECT = "direct"
INDIRECT = "indirect"


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


@dataclass(frozen=True)
class Mention:
    """An entity mention in an article: character offsets into Article.text."""

    label: str  # PERSON, ORG, GPE, LOC, TITLE
    start: int
    end: int
    text: str  # the surface form, Article.text[start:end]
    name: str  # normalised name: the node this mention refers to


@dataclass(frozen=True)
class Post:
    """A person holding a title at an organisation (W3C ORG org:Post)."""

    person: str  # normalised person name
    title: str
    org: str | None = None  # normalised organisation name


@dataclass(frozen=True)
class Statement:
    """Who said what, where: modelled on citron's quote record."""

    article_id: str
    speaker: str | None  # normalised name; None = attributed to no one
    speaker_label: str | None  # PERSON or ORG
    title: str | None  # the title the speaker held when speaking
    org: str | None  # ... and at which organisation
    cue: str | None  # the reporting verb: 说, 表示, 认为 ...
    kind: str  # DIRECT or INDIRECT
    text: str  # what was said, without quote marks
    start: int  # offsets of ``text`` in Article.text
    end: int
    speaker_start: int | None = None  # offsets of the speaker mention
    speaker_end: int | None = None


@dataclass(frozen=True)
class Extraction:
    """Everything the NLP stage found in one article."""

    article: Article
    mentions: tuple[Mention, ...] = ()
    posts: tuple[Post, ...] = ()
    statements: tuple[Statement, ...] = ()
    warnings: tuple[str, ...] = field(default=(), compare=False)
