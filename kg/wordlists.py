"""The word lists of ``kg/data``: every list the pipeline reads, read from here.

Lists are plain UTF-8 files, one item a line (``.txt``) or tab-separated
(``.tsv``); lines starting with ``#`` say where the list came from. Lists
marked ``# source: written by the kgbuild team`` are edited by hand. The
others are derived from ``../shared/data`` and rewritten byte for byte the
same each time by ``kgbuild wordlists build --shared ../shared``
(kg.tools.build_wordlists).

Nothing is read at import time; each list is read once, on first use.

>>> "杭州" in words("places_gpe")
True
>>> aliases()["工信部"]
'工业和信息化部'
"""
from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import NamedTuple
from importlib.resources import files
from pathlib import Path

from kg.errors import InputError, KgbuildError

PACKAGE = "kg.data"
HAND_WRITTEN = "# source: written by the kgbuild team"
CUE_CLASSES = ("speech", "opinion")
CUE_SPEAKERS = ("person", "organisation")
MARK_KINDS = ("quote", "title")


# --- loading -------------------------------------------------------------


def _available(ext: str) -> list[str]:
    return sorted(p.name[: -len(ext)] for p in files(PACKAGE).iterdir() if p.name.endswith(ext))


def _rows(name: str, ext: str) -> Iterator[tuple[int, str]]:
    """(line number, line) of a list, without comments and blank lines."""
    stem = name[: -len(ext)] if name.endswith(ext) else name
    resource = files(PACKAGE).joinpath(stem + ext)
    if "/" in stem or not resource.is_file():
        known = ", ".join(_available(ext)) or "none"
        raise KgbuildError(f"unknown word list {name!r}; {ext} lists in {PACKAGE}: {known}")
    for number, line in enumerate(resource.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            yield number, line.strip()


@functools.cache
def words(name: str) -> tuple[str, ...]:
    """The items of ``kg/data/{name}.txt`` in file order.

    >>> "副部长" in words("titles")
    True
    """
    return tuple(line for _, line in _rows(name, ".txt"))


@functools.cache
def table(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of ``kg/data/{name}.tsv``, each a tuple of cells.

    >>> ("“", "”", "quote", "“", "”") in table("quote_marks")
    True
    """
    return tuple(tuple(cell.strip() for cell in line.split("\t")) for _, line in _rows(name, ".tsv"))


def _columns(name: str, ext: str, n: int) -> Iterator[tuple[int, tuple[str, ...]]]:
    """(line number, cells) of a list of ``n`` tab-separated columns."""
    for number, line in _rows(name, ext):
        cells = tuple(cell.strip() for cell in line.split("\t"))
        if len(cells) != n or not all(cells):
            raise InputError(f"kg/data/{name}{ext}", f"expected {n} tab-separated columns", number)
        yield number, cells


def _pairs(name: str, ext: str) -> Iterator[tuple[int, str, str]]:
    """(line number, first, second) of a two-column list."""
    for number, (first, second) in _columns(name, ext, 2):
        yield number, first, second


@functools.cache
def aliases() -> dict[str, str]:
    """Other names of an organisation → the name the graph uses for it.

    >>> aliases()["中国移动通信集团有限公司"]
    '中国移动'
    """
    return {alias: canonical for _, alias, canonical in _pairs("org_aliases", ".tsv")}


REGIONS = ("hk", "mo", "tw")  # the regions of kg/data/org_regions.tsv; the mainland is none of them


@functools.cache
def org_regions() -> dict[str, str]:
    """Hong Kong, Macau and Taiwan's own bodies → their region (hk, mo or tw).

    >>> org_regions()["经济部"], org_regions()["律政司"]
    ('tw', 'hk')
    """
    out = {}
    for number, name, region in _pairs("org_regions", ".tsv"):
        if region not in REGIONS:
            raise InputError("kg/data/org_regions.tsv", f"region must be one of {REGIONS}, not {region!r}", number)
        out[name] = region
    return out


@functools.cache
def surnames() -> dict[str, bool]:
    """Surname → True when it is rarely anything but a surname (低歧义).

    >>> surnames()["欧阳"]
    True
    """
    out = {}
    for number, name, flag in _pairs("surnames", ".tsv"):
        if flag not in ("0", "1"):
            raise InputError("kg/data/surnames.tsv", f"low_ambiguity must be 0 or 1, not {flag!r}", number)
        out[name] = flag == "1"
    return out


class Cue(NamedTuple):
    """A verb that introduces a statement (kg/data/cue_verbs.txt)."""

    verb: str
    kind: str  # speech (said) or opinion (thinks, expects, proposes)
    organisations: bool  # an organisation, too, speaks with it (发布公告称)


@functools.cache
def cue_verbs() -> dict[str, Cue]:
    """Every cue verb, by verb.

    >>> cue_verbs()["说"]
    Cue(verb='说', kind='speech', organisations=True)
    >>> cue_verbs()["感慨"].organisations, cue_verbs()["认为"].kind
    (False, 'opinion')
    """
    out = {}
    for number, cells in _columns("cue_verbs", ".txt", 3):
        verb, kind, speakers = cells
        if kind not in CUE_CLASSES or speakers not in CUE_SPEAKERS:
            message = f"class must be one of {CUE_CLASSES} and speakers one of {CUE_SPEAKERS}, not {kind!r}, {speakers!r}"
            raise InputError("kg/data/cue_verbs.txt", message, number)
        out[verb] = Cue(verb, kind, speakers == "organisation")
    return out


class QuoteMarks(NamedTuple):
    """A pair of marks around quoted words or a title (kg/data/quote_marks.tsv)."""

    open: str
    close: str
    kind: str  # quote or title
    normal_open: str  # how the normalised view writes them
    normal_close: str


@functools.cache
def quote_marks() -> tuple[QuoteMarks, ...]:
    """The pairs of quote and title marks, in file order.

    >>> [q.normal_open + q.normal_close for q in quote_marks() if q.open == "「"]
    ['“”']
    """
    out = []
    for number, cells in _columns("quote_marks", ".tsv", 5):
        marks = QuoteMarks(*cells)
        if marks.kind not in MARK_KINDS or not all(len(c) == 1 for c in cells[:2] + cells[3:]):
            raise InputError("kg/data/quote_marks.tsv", f"expected single marks and a kind of {MARK_KINDS}", number)
        out.append(marks)
    return tuple(out)


@functools.cache
def punctuation() -> dict[str, str]:
    """Mark → the mark the normalised view writes instead (half-width → full-width).

    >>> punctuation()[","]
    '，'
    """
    out = {}
    for number, mark, normal in _pairs("punctuation", ".tsv"):
        if len(mark) != 1 or len(normal) != 1:
            raise InputError("kg/data/punctuation.tsv", "expected one character in each column", number)
        out[mark] = normal
    return out


@functools.cache
def _rule_characters() -> dict[str, str]:
    out = {}
    for number, cells in _columns("rule_characters", ".tsv", 3):
        out[cells[0]] = cells[1]
    return out


def characters(name: str) -> str:
    """A named set of characters of ``kg/data/rule_characters.tsv``.

    >>> characters("coordinating")
    '和与及同'
    """
    try:
        return _rule_characters()[name]
    except KeyError:
        raise KgbuildError(f"no set {name!r} in kg/data/rule_characters.tsv") from None


def alternatives(name: str) -> tuple[str, ...]:
    """A named set of words of ``kg/data/rule_characters.tsv`` (separated by ``|``).

    >>> alternatives("pronouns")
    ('他', '她')
    """
    return tuple(characters(name).split("|"))


@functools.cache
def by_first_character(items: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """``items`` grouped by their first character, each group in the order given:
    a search for the first item that starts at a position then tries only those
    that can (the same answer as trying them all, in order).

    >>> by_first_character(("此外", "今天", "此时"))["此"]
    ('此外', '此时')
    """
    out: dict[str, list[str]] = {}
    for item in items:
        if item:
            out.setdefault(item[0], []).append(item)
    return {first: tuple(group) for first, group in out.items()}


def data_dir() -> Path:
    """The ``kg/data`` folder of this source tree (where the list build writes)."""
    return Path(__file__).resolve().parent / "data"
