"""Speaker mentions: the chains Chinese news uses to introduce people.

News introduces a speaker once, in full, as a chain
``[organisation][department]…[title][name]`` (中国信息通信研究院副院长魏亮) or
``[name][title]`` (王明部长), then refers back by name alone (魏亮建议), by
surname and title (熊副部长) or by pronoun. ``kg_mentions`` finds these
chains in the normalised text, gives every person a full name, title and
organisation, and sets the PERSON entities of the Doc. Pronouns are left to
kg.statements, which knows who spoke last.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from kg import wordlists
from kg.entities import PLACES_KEY, CharEnt, char_ents, set_entities
from kg.types import GPE, LOC, ORG, PERSON, TITLE

MAX_CHAIN = 30  # characters; a longer run before a title is not one chain
_NEVER_GIVEN = "说表认指的是在也和与等称了"


@dataclass(frozen=True)
class PersonMention:
    """A person in the text: ``start``/``end`` cover the name (or surname+title)."""

    start: int
    end: int
    name: str
    title: str | None = None
    org: str | None = None
    chain_start: int = -1  # where the whole chain begins (the org), else start

    @property
    def first(self) -> int:
        return self.start if self.chain_start < 0 else min(self.start, self.chain_start)


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


@cache
def _rules() -> dict:
    cues = wordlists.cue_verbs()
    return {
        "surnames": wordlists.surnames(),
        "followers": frozenset(wordlists.words("rule_name_followers")),
        "not_names": frozenset(wordlists.words("rule_not_names")),
        "prefixes": sorted(wordlists.words("rule_chain_prefixes"), key=len, reverse=True),
        "cues": sorted(cues, key=len, reverse=True),
        "aliases": wordlists.aliases(),
    }


def cue_at(text: str, i: int) -> str | None:
    """The longest cue verb (说, 表示, 认为 …) starting at ``text[i]``, if any."""
    for cue in _rules()["cues"]:
        if text.startswith(cue, i):
            return cue
    return None


def _surname_at(text: str, i: int) -> tuple[int, bool] | None:
    """Length of the surname at ``i`` and whether it is rarely anything else."""
    surnames = _rules()["surnames"]
    for n in (2, 1):
        s = text[i:i + n]
        if len(s) == n and s in surnames:
            return n, surnames[s]
    return None


def name_at(text: str, i: int, strict: bool = False) -> tuple[int, int] | None:
    """A person's name starting at ``i``: surname + one or two characters.

    Chinese writes no space after a name, so its end is a guess: three
    characters unless the third is one that usually follows a name (说, 表,
    以 …). A surname that is also a common character (全, 马, 高) may not be
    followed by 的 (医生全天的工作量); with ``strict`` every name needs a clear
    ending: punctuation, a cue verb or a character that follows names.
    """
    r = _rules()
    found = _surname_at(text, i)
    if not found or cue_at(text, i):  # 强调 and 方面 start with surnames, too
        return None
    sn, unambiguous = found
    g = i + sn
    # 以 may start a given name (郝以瑞); 说, 的, 是 … may not (王说, 李的).
    if g >= len(text) or not _is_cjk(text[g]) or text[g] in _NEVER_GIVEN:
        return None
    end = g + 1
    if end < len(text) and _is_cjk(text[end]) and text[end] not in r["followers"]:
        end += 1
    if text[i:end] in r["not_names"]:
        return None
    after = text[end] if end < len(text) else "\n"
    clear = not _is_cjk(after) or cue_at(text, end) is not None or (after in r["followers"] and after != "的")
    if strict and not clear or not unambiguous and after == "的":
        return None
    return i, end


def _clause_start(text: str, i: int) -> int:
    """Where the clause that ends at ``i`` begins: after punctuation, 的 or 了."""
    j = i
    while j > 0 and i - j < MAX_CHAIN and (_is_cjk(text[j - 1]) or text[j - 1] == "·") and text[j - 1] not in "的了":
        j -= 1
    return j


def _strip_prefixes(text: str, s: int, e: int) -> int:
    """Skip words that open a clause (据, 在, 此外, 9月4日 …) but name no one."""
    r = _rules()
    changed = True
    while changed and s < e:
        changed = False
        if text[s] in "日月年" and s > 0 and text[s - 1].isdigit():
            s, changed = s + 1, True
            continue
        for p in r["prefixes"]:
            if text.startswith(p, s) and s + len(p) <= e:
                s, changed = s + len(p), True
                break
    return s


def canonical_org(name: str) -> str:
    """The name news uses for an organisation (工信部 → 工业和信息化部)."""
    aliases = _rules()["aliases"]
    if name in aliases:
        return aliases[name]
    for n in range(len(name) - 1, 1, -1):  # 工信部规划司 → 工业和信息化部规划司
        full = aliases.get(name[:n])
        if full:
            # 清华 → 清华大学 must not turn 清华大学… into 清华大学大学…
            return name if name.startswith(full) else full + name[n:]
    return name


def find_people(text: str, ents: list[tuple[int, int, str]]) -> list[PersonMention]:
    """Every person mention in ``text`` (normalised), given its entities."""
    titles = [(s, e) for s, e, label in ents if label == TITLE]
    others = [(s, e) for s, e, label in ents if label in (ORG, GPE, LOC)]

    def inside_other(s: int, e: int) -> bool:
        """A name may not cut through a place or organisation, nor hold a title (有记者)."""
        return any(os_ < e and s < oe and not (s <= os_ and oe <= e) for os_, oe in others) or \
            any(ts < e and s < te for ts, te in titles)

    people: list[PersonMention] = []
    pending_surname: list[tuple[int, int, str, str]] = []  # surname + title
    for ts, te in titles:
        title = text[ts:te]
        found = name_at(text, te)
        if found and not inside_other(*found):
            cs = _clause_start(text, ts)
            # 国务院总理李强会见联合国秘书长古特雷斯: the second chain starts after
            # the first person, not at the clause start.
            cs = max([cs] + [e for s, e in titles if cs <= s and e < ts] + [p.end for p in people if cs <= p.start < ts])
            cs = _strip_prefixes(text, cs, ts)
            org = canonical_org(text[cs:ts]) if cs < ts else None
            people.append(PersonMention(found[0], found[1], text[found[0]:found[1]], title, org, cs))
            continue
        cs = _clause_start(text, ts)
        cs = _strip_prefixes(text, cs, ts)
        run = text[cs:ts]
        sur = _surname_at(text, cs) if run else None
        if sur and len(run) == sur[0]:
            pending_surname.append((cs, te, run, title))  # 熊副部长
        elif sur and sur[0] + 1 <= len(run) <= sur[0] + 2 and run not in _rules()["not_names"] \
                and not inside_other(cs, ts):
            people.append(PersonMention(cs, ts, run, title, None, cs))  # 王明部长

    # A name before a cue verb at the start of a clause: 张华表示，…
    for i in range(len(text)):
        if i and (_is_cjk(text[i - 1]) or text[i - 1].isalnum()):
            continue
        s = _strip_prefixes(text, i, min(len(text), i + 6))
        found = name_at(text, s, strict=True)
        if found and cue_at(text, found[1]) and not inside_other(*found):
            people.append(PersonMention(found[0], found[1], text[found[0]:found[1]]))

    # The first mention with a title says who the person is.
    known: dict[str, PersonMention] = {}
    for p in sorted(people, key=lambda p: p.start):
        if p.name not in known or (known[p.name].title is None and p.title):
            known[p.name] = p

    # Later mentions by name alone inherit title and organisation.
    for name, first in known.items():
        i = text.find(name)
        while i >= 0:
            people.append(PersonMention(i, i + len(name), name, first.title, first.org, i))
            i = text.find(name, i + len(name))
    for s, e, surname, title in pending_surname:
        earlier = [p for p in known.values() if p.name.startswith(surname) and p.start < s]
        if earlier:
            best = max(earlier, key=lambda p: (p.title == title, p.start))
            people.append(PersonMention(s, e, best.name, best.title or title, best.org, s))

    # One mention per place in the text: the one that says most about the person.
    def rank(p: PersonMention) -> tuple:
        return (p.title is not None, p.org is not None, -p.first)

    best_at: dict[tuple[int, int], PersonMention] = {}
    for p in people:
        old = best_at.get((p.start, p.end))
        best_at[(p.start, p.end)] = p if old is None else max(old, p, key=rank)
    return sorted(best_at.values(), key=lambda p: (p.start, p.end))


def _without_overlaps(items: list[CharEnt]) -> list[CharEnt]:
    """Longest first, then earliest, as spaCy's filter_spans does for spans."""
    kept: list[CharEnt] = []
    for item in sorted(items, key=lambda x: (x[0] - x[1], x[0])):
        if all(item[1] <= s or item[0] >= e for s, e, *_ in kept):
            kept.append(item)
    return sorted(kept)


if not Doc.has_extension("kg_people"):
    Doc.set_extension("kg_people", default=None)


@Language.component("kg_mentions")
def mentions_component(doc: Doc) -> Doc:
    """Find people and set them as PERSON entities (kb_id = full name)."""
    ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    people = find_people(doc.text, ents)
    doc._.kg_people = people
    found: list[CharEnt] = []
    for p in people:
        found.append((p.start, p.end, PERSON, p.name))
        if p.org and p.title and p.chain_start < p.start - len(p.title):
            found.append((p.chain_start, p.start - len(p.title), ORG, p.org))  # [org][title][name]
    # People first, so a name wins over a place or title it overlaps.
    found = _without_overlaps(found)
    kept = found + [x for x in char_ents(doc.ents) if all(x[1] <= s or x[0] >= e for s, e, *_ in found)]
    set_entities(doc, kept, char_ents(doc.spans[PLACES_KEY]))
    return doc
