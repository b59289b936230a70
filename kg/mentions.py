"""Speaker mentions: the chains Chinese news uses to introduce people.

News introduces a speaker once, in full, as a chain
``[organisation][department]…[title][name]`` (中国信息通信研究院副院长魏亮) or
``[name][title]`` (王明部长), then refers back by name alone (魏亮建议), by
surname and title (熊副部长) or by pronoun. ``kg_mentions`` finds these
chains in the normalised text, gives every person a full name, title and
organisation, and sets the PERSON entities of the Doc. Pronouns are left to
kg.statements, which knows who spoke last. Lists of names without
separators (委员：王建国李明张红霞…) are split into names (name_list).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from kg import wordlists
from kg.entities import PLACES_KEY, CharEnt, char_ents, org_suffixes, set_entities
from kg.ner import MODEL_PER, NER_KEY
from kg.types import GPE, LOC, ORG, PERSON, TITLE

MAX_CHAIN = 30  # characters; a longer run before a title is not one chain
_COORDINATING = "和与及同"  # 和 and 同 are surnames too, but after a title they join two people
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


def name_at(text: str, i: int, strict: bool = False, edges: set[int] | None = None) -> tuple[int, int] | None:
    """A person's name starting at ``i``: surname + one or two characters.

    Chinese writes no space after a name, so its end is a guess: three
    characters unless the third is one that usually follows a name (说, 表,
    以 …). A surname that is also a common character (全, 马, 高) may not be
    followed by 的 (医生全天的工作量); with ``strict`` every name needs a clear
    ending: punctuation, a cue verb or a character that follows names.

    ``edges`` are the offsets where the segmenter cut, if known. It cuts a
    name into surname and given name, as the PKU standard does (方|知远), so
    a surname inside a word is none (充满|智慧, 相识) and a name ends where a
    word ends (王|明|今天: 王明; 关于|军队: none).
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
    if edges is not None:
        if end == g + 2 and end not in edges and g + 1 in edges:
            end = g + 1  # 王|明|今天
        if not (i in edges and g in edges and end in edges):
            return None
    if text[i:end] in r["not_names"]:
        return None
    after = text[end] if end < len(text) else "\n"
    clear = not _is_cjk(after) or cue_at(text, end) is not None or (after in r["followers"] and after != "的")
    if strict and not clear or not unambiguous and after == "的":
        return None
    return i, end


_NAME_BRACKET = re.compile(r"[\u4e00-\u9fff]（[\u4e00-\u9fff]{2,4}）$")  # 计算科技（合肥）股份有限公司


def _clause_start(text: str, i: int) -> int:
    """Where the clause that ends at ``i`` begins: after punctuation, 的 or 了.

    A place in brackets inside a company's name does not end it.
    """
    j = i
    while j > 0 and i - j < MAX_CHAIN:
        if _is_cjk(text[j - 1]) or text[j - 1] == "·":
            if text[j - 1] in "的了":
                break
            j -= 1
        elif text[j - 1] == "）" and j < i and _NAME_BRACKET.search(text, max(0, j - 7), j):
            j = text.rindex("（", 0, j)
        else:
            break
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


def find_people(text: str, ents: list[tuple[int, int, str]],
                names: list[tuple[int, int]] | None = None,
                listed: list[tuple[int, int]] = (), edges: set[int] | None = None,
                other_model_ents: list[tuple[int, int]] = ()) -> list[PersonMention]:
    """Every person mention in ``text`` (normalised), given its entities.

    ``names`` are the person names the statistical model found (kg.ner), or
    None when it did not run. Where one starts right after a title, its end
    is used instead of the surname guess; a name before a cue verb must then
    be one of them (双方表示 is no person); the others are people without a
    title. ``listed`` are names from a list of names (name_list); they
    overrule the model and the guesses. ``edges`` are the offsets where the
    segmenter cut, if known: a guessed name must fit them (name_at).
    ``other_model_ents`` are the model's places and organisations: a name
    found once is not looked for again inside them.
    """
    model_end = {s: e for s, e in names or ()}

    def name_from(i: int) -> tuple[int, int] | None:
        """The model's name at ``i``, else the surname guess unless the model
        saw a name elsewhere in it (总统和叶利钦: 叶利钦, not 和叶利)."""
        guess = name_at(text, i, edges=edges)
        if i in model_end:
            # 易远航说: the model ended the name one short, before no cue; the guess ends at one.
            # 区长郝以瑞轻点: a name of one character after a title is a surname cut short.
            if guess and guess[1] > model_end[i] and (
                    model_end[i] - i == 1 or cue_at(text, guess[1]) and not cue_at(text, model_end[i])):
                return guess
            return i, model_end[i]
        if guess and text[i] in _COORDINATING:
            return None  # 克林顿总统和夫人
        if guess and any(s < guess[1] and guess[0] < e for s, e in names or ()):
            return None
        return guess

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
        found = name_from(te)
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
                and not any(os_ < ts and cs < oe for os_, oe in others) \
                and (names is None or model_end.get(cs) == ts or sur[1] and not any(
                    s < ts and cs < e for s, e in names)):  # not 国务院副总理, 卓越领导人
            people.append(PersonMention(cs, ts, run, title, None, cs))  # 王明部长

    # A name before a cue verb at the start of a clause: 张华表示，…
    for i in range(len(text)):
        if i and (_is_cjk(text[i - 1]) or text[i - 1].isalnum()):
            continue
        s = _strip_prefixes(text, i, min(len(text), i + 6))
        found = name_at(text, s, strict=True) if names is None else (s, model_end[s]) if s in model_end else None
        if found and cue_at(text, found[1]) and not inside_other(*found):
            people.append(PersonMention(found[0], found[1], text[found[0]:found[1]]))

    # Names the model found: with no title or cue around them (古特雷斯, 李华),
    # or where the surname guess found another span. A name the rules took
    # from a chain (it has a title) stays; a model name may not hold a title.
    # A surname before a title (江主席) may be a name of its own.
    for s, e in names or ():
        if any(ts < e and s < te for ts, te in titles) \
                or any(ps < e and s < pe and (s, e) != (ps, ps + len(run)) for ps, pe, run, _ in pending_surname) \
                or any(p.start < e and s < p.end and p.title for p in people):
            continue
        people = [p for p in people if not (p.start < e and s < p.end)]
        people.append(PersonMention(s, e, text[s:e]))

    for s, e in listed:
        if any(ts < e and s < te for ts, te in titles) or any(p.start < e and s < p.end and p.title for p in people):
            continue
        people = [p for p in people if not (p.start < e and s < p.end)]
        people.append(PersonMention(s, e, text[s:e]))

    # The first mention with a title says who the person is.
    known: dict[str, PersonMention] = {}
    for p in sorted(people, key=lambda p: p.start):
        if p.name not in known or (known[p.name].title is None and p.title):
            known[p.name] = p

    # Later mentions by name alone inherit title and organisation; a
    # one-character name (江 of 江主席) is too common a character to look for.
    # Where the model read the same characters as a place or an organisation
    # (马拉维湖, 毕加索博物馆), they are not the person.
    for name, first in known.items():
        i = text.find(name) if len(name) > 1 else -1
        while i >= 0:
            if not any(s < i + len(name) and i < e for s, e in other_model_ents):
                people.append(PersonMention(i, i + len(name), name, first.title, first.org, i))
            i = text.find(name, i + len(name))
    for s, e, surname, title in pending_surname:
        earlier = [p for p in known.values() if p.name.startswith(surname) and p.start < s and p.name != surname]
        if earlier:
            best = max(earlier, key=lambda p: (p.title == title, p.start))
            # 葛局长 is 葛军 named before, not a person 葛 (as the model may say)
            people = [p for p in people if (p.start, p.end) != (s, s + len(surname))]
            people.append(PersonMention(s, e, best.name, best.title or title, best.org, s))

    # One mention per place in the text: the one that says most about the person.
    def rank(p: PersonMention) -> tuple:
        return (p.title is not None, p.org is not None, -p.first)

    best_at: dict[tuple[int, int], PersonMention] = {}
    for p in people:
        old = best_at.get((p.start, p.end))
        best_at[(p.start, p.end)] = p if old is None else max(old, p, key=rank)
    # A name inside a longer one is part of it (易远 in 易远航, a model name cut short).
    spans = list(best_at)
    return sorted((p for (s, e), p in best_at.items()
                   if not any(os_ <= s and e <= oe and (os_, oe) != (s, e) for os_, oe in spans)),
                  key=lambda p: (p.start, p.end))


def word_edges(words: Iterable[tuple[int, str]]) -> set[int]:
    """The offsets where the segmenter cut: the start and end of each ``(offset, word)``."""
    return {o for start, word in words for o in (start, start + len(word))}


MIN_LIST = 3  # names in a row that make a list
# What a split of a list into names costs, per name: a given name of one
# character is rarer than one of two; each cut that the segmenter did not
# make (at the name's edges, between surname and given name) costs more,
# each token edge inside a given name too; a name that starts or ends where a
# name of the NER model does is likelier (half of _MODEL_AGREES for each
# edge: the model's edges are better than the segmenter's cuts, and it often
# runs two names into one, 王芳方毅谷牧).
_ONE_CHAR_GIVEN = 1.0
_TOKEN_DISAGREES = 2.0
_MODEL_AGREES = -3.0
# Lists go by surname (按姓氏笔划排序), so a name's surname is often the one before it.
_SAME_SURNAME = -1.0


def name_list(text: str, words: list[tuple[int, str]],
              model_names: Iterable[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Names in lists of names written without separators (李鹏乔石李瑞环…).

    ``words`` are ``(offset, word)`` of the segmenter's tokens. The PKU
    standard cuts a name into surname and given name (李 鹏 | 乔 石 | 李 瑞环),
    so at least MIN_LIST pairs of [surname][one or two characters] in a row,
    one of them with a two-character given name, make a list. A parenthesised
    note (（女）) or a transliterated name (司马义·艾买提) does not end a list;
    when the model ran (``model_names`` is not None), it must have seen a
    name in the list (中墨两国人民 is none). One character per token (the
    char segmenter) never makes a list.

    The segmenter does not know names, though (彭 真朱 镕基), so the list's
    text is split again (split_names): into names that each start with a
    surname, with two-character given names preferred and the edges of the
    model's names (``model_names``) where they fit. A transliterated name
    that the segmenter or the model found is kept whole.

    >>> text = "委员：李鹏乔石彭真朱镕基"
    >>> words = [(0, "委员"), (2, "："), (3, "李"), (4, "鹏"), (5, "乔"), (6, "石"), (7, "彭"), (8, "真朱"),
    ...          (10, "镕基")]
    >>> [text[s:e] for s, e in name_list(text, words)]
    ['李鹏', '乔石', '彭真', '朱镕基']
    """
    surnames = _rules()["surnames"]
    runs: list[list[tuple[int, int]]] = []
    run: list[tuple[int, int]] = []

    model = set(model_names or ())

    def close() -> None:
        if len(run) >= MIN_LIST and any(e - s == 1 + 2 for s, e in run) and (
                model_names is None or any(ms < e and s < me for s, e in run for ms, me in model)):
            runs.append(list(run))
        run.clear()

    i = 0
    while i < len(words):
        start, word = words[i]
        given = words[i + 1][1] if i + 1 < len(words) else ""
        if word in surnames and 1 <= len(given) <= 2 and all(_is_cjk(c) for c in given) \
                and word + given not in _rules()["not_names"]:
            run.append((start, start + len(word) + len(given)))
            i += 2
            continue
        if word == "（" and run and i + 2 < len(words) and words[i + 2][1] == "）":
            i += 3  # （女）
            continue
        if run and "·" in word.strip("·"):
            i += 1  # 司马义·艾买提
            continue
        close()
        i += 1
    close()

    words_dotted = {(start, start + len(word)) for start, word in words if "·" in word}
    edges = word_edges(words)
    found: list[tuple[int, int]] = []
    for pairs in runs:
        # A transliterated name the segmenter or the model found (司马义·艾买提) is
        # one name (the shortest where they overlap); the list's other
        # stretches of Chinese characters are split each on its own.
        dotted: list[tuple[int, int]] = []
        for s, e in sorted(model | words_dotted, key=lambda x: (x[1] - x[0], x)):  # shortest first
            if pairs[0][0] <= s <= pairs[-1][1] and 0 < text.find("·", s, e) - s <= 5 \
                    and all(e <= ds or de <= s for ds, de in dotted):
                dotted.append((s, e))
        found.extend(dotted)
        at = pairs[0][0]
        while at < pairs[-1][1]:
            end = at
            while end < len(text) and _is_cjk(text[end]) and not any(s <= end < e for s, e in dotted):
                end += 1
            inside = [p for p in pairs if at <= p[0] < end and not any(s < p[1] and p[0] < e for s, e in dotted)]
            split = split_names(text, inside[0][0], end, inside[-1][1], model, edges) if inside else None
            found.extend(split if split is not None else inside)
            at = end
            while at < pairs[-1][1] and (not _is_cjk(text[at]) or any(s <= at < e for s, e in dotted)):
                at += 1
    return found


def split_names(text: str, start: int, end: int, least: int, model: set[tuple[int, int]] = frozenset(),
                edges: set[int] | None = None) -> list[tuple[int, int]] | None:
    """The likeliest split of ``text[start:]`` into names, ending as far as it
    can up to ``end`` but not before ``least``; None if there is none.

    Each name is a surname and a given name of one or two characters; the
    split with the lowest cost wins (_ONE_CHAR_GIVEN, _TOKEN_DISAGREES,
    _MODEL_AGREES, _SAME_SURNAME); ``edges`` are the offsets where the
    segmenter cut (all, when not given).

    >>> t = "王芳方毅谷牧马文瑞"
    >>> [t[s:e] for s, e in split_names(t, 0, len(t), 2)]
    ['王芳', '方毅', '谷牧', '马文瑞']
    >>> t = "叶青叶连松"  # lists go by surname: 叶青, 叶连松 rather than 叶青叶, 连松
    >>> [t[s:e] for s, e in split_names(t, 0, len(t), 2)]
    ['叶青', '叶连松']
    """
    surnames = _rules()["surnames"]
    not_names = _rules()["not_names"]
    # (position, surname of the name ending there) → (cost, the state before that name)
    model_starts = {s for s, _ in model}
    model_ends = {e for _, e in model}
    best: dict[tuple[int, str], tuple[float, tuple[int, str] | None]] = {(start, ""): (0.0, None)}
    states_at: dict[int, set[tuple[int, str]]] = {start: {(start, "")}}
    for i in range(start, end):
        for state in sorted(states_at.get(i, ())):
            for sn in (1, 2):
                surname = text[i:i + sn]
                if surname not in surnames:
                    continue
                for given in (1, 2):
                    j = i + sn + given
                    if j > end or text[i:j] in not_names:
                        continue
                    cuts = 0 if edges is None else sum(k not in edges for k in (i, i + sn, j)) + (
                        given == 2 and i + sn + 1 in edges)
                    cost = best[state][0] + (_ONE_CHAR_GIVEN if given == 1 else 0.0) + _TOKEN_DISAGREES * cuts \
                        + _MODEL_AGREES / 2 * ((i in model_starts) + (j in model_ends)) \
                        + (_SAME_SURNAME if surname == state[1] else 0.0)
                    if (j, surname) not in best or cost < best[j, surname][0]:
                        best[j, surname] = (cost, state)
                        states_at.setdefault(j, set()).add((j, surname))
    ends = [k for k in best if k[0] >= least and k[0] > start]
    if not ends:
        return None
    state = min(ends, key=lambda k: (-k[0], best[k][0]))  # as far as it goes, then the cheapest
    names = []
    while best[state][1] is not None:
        before = best[state][1]
        names.append((before[0], state[0]))
        state = before
    return names[::-1]


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
    found_by_model = doc._.get(NER_KEY)
    names = None if found_by_model is None else [(s, e) for s, e, label in found_by_model if label == MODEL_PER]
    words = [(t.idx, t.text) for t in doc]
    edges = word_edges(words)
    others = [(s, e) for s, e, label in found_by_model or () if label != MODEL_PER]
    # Guesses must fit the segmenter's words only beside the model: alone, the
    # rules need their guesses more than the segmenter is right about names (张|三说).
    people = find_people(doc.text, ents, names, name_list(doc.text, words, names),
                         edges if names is not None else None, others)
    doc._.kg_people = people
    found: list[CharEnt] = []
    # The run before a chain's title is one organisation when it starts with
    # an entity and ends as organisations do (中国 + 信息通信研究院); 本报讯新华社
    # and 中国驻美 are not one.
    starts = {s for s, _, label in ents if label in (ORG, GPE, LOC)}
    orgs = {(s, e) for s, e, label in ents if label == ORG}
    for p in people:
        found.append((p.start, p.end, PERSON, p.name))
        end = p.start - len(p.title or "")
        if p.org and p.title and p.chain_start < end and p.chain_start in starts and (
                (p.chain_start, end) in orgs or doc.text[p.chain_start:end].endswith(org_suffixes())):
            found.append((p.chain_start, end, ORG, p.org))  # [org][title][name]
    # People first, so a name wins over a place or title it overlaps.
    found = _without_overlaps(found)
    # An organisation the rules know no name for is named as news names it (台盟中央 → 台湾民主自治同盟中央).
    kept = found + [(s_, e_, label, kb or (canonical_org(doc.text[s_:e_]) if label == ORG else ""))
                    for s_, e_, label, kb in char_ents(doc.ents) if all(e_ <= s or s_ >= e for s, e, *_ in found)]
    set_entities(doc, kept, char_ents(doc.spans[PLACES_KEY]))
    return doc
