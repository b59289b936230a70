"""Chinese personal names in running text: where one starts and where it ends.

Chinese writes no space after a name, so a name is a surname (kg/data/
surnames.tsv) and a guess at the given name (:func:`name_at`), checked
against the segmenter's words where that helps. Lists of names printed
without separators (委员：王建国李明张红霞…) are split into names by surname
(:func:`name_list`).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

from kg import wordlists
from kg.cues import cue_at
from kg.normalize import is_han
from kg.types import PERSON, Span


@cache
def _lists() -> dict:
    return {
        "surnames": wordlists.surnames(),
        "followers": frozenset(wordlists.words("rule_name_followers")),
        "not_names": frozenset(wordlists.words("rule_not_names")),
        "never_given": wordlists.characters("never_given"),
        "time_words": wordlists.alternatives("time_words"),
        "subject_adverbs": wordlists.characters("subject_adverbs"),
        "day_words": wordlists.characters("day_words"),
    }


def surname_at(text: str, i: int) -> tuple[int, bool] | None:
    """Length of the surname at ``i`` and whether it is rarely anything else."""
    surnames = _lists()["surnames"]
    for n in (2, 1):
        s = text[i:i + n]
        if len(s) == n and s in surnames:
            return n, surnames[s]
    return None


def is_not_name(text: str) -> bool:
    """A common word that starts with a surname and stands where a name could (马上, 方面)."""
    return text in _lists()["not_names"]


def time_after_surname(text: str, i: int) -> bool:
    """Whether a surname character at ``i`` is followed by a time word (于|今年, 于|早前): no name."""
    found = surname_at(text, i)
    return found is not None and text.startswith(_lists()["time_words"], i + found[0])


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

    >>> name_at("魏明说", 0), name_at("强调要", 0)
    ((0, 2), None)
    """
    r = _lists()
    found = surname_at(text, i)
    if not found or cue_at(text, i):  # 强调 and 方面 start with surnames, too
        return None
    sn, unambiguous = found
    g = i + sn
    # 以 may start a given name (郝以瑞); 说, 的, 是 … may not (王说, 李的).
    if g >= len(text) or not is_han(text[g]) or text[g] in r["never_given"] or text.startswith(r["time_words"], g):
        return None
    end = g + 1
    if end < len(text) and is_han(text[end]) and text[end] not in r["followers"]:
        end += 1
    if edges is not None:
        if end == g + 2 and end not in edges and g + 1 in edges:
            end = g + 1  # 王|明|今天
        one_word = i in edges and end in edges and not any(k in edges for k in range(i + 1, end))
        closed = end < len(text) and (cue_at(text, end) or not is_han(text[end]))
        if not (i in edges and g in edges and end in edges) and not (one_word and closed and (
                end - i == 2 and cue_at(text, end) or end - i == 3 and unambiguous)):
            return None  # but 发言人|高莉|表示, 主教练|戚务生|：: a name the segmenter kept whole, then a cue or a mark
    if is_not_name(text[i:end]):
        return None
    after = text[end] if end < len(text) else "\n"
    clear = not is_han(after) or cue_at(text, end) is not None or (after in r["followers"] and after != "的")
    if strict and not clear or not unambiguous and after == "的":
        return None
    return i, end


def married_names(text: str, names: Iterable[Span], edges: set[int]) -> list[Span]:
    """Names of three characters the NER model found, with the husband's surname before them
    where Hong Kong names a married woman so (林|郑月娥 → 林郑月娥, 范|徐丽泰): a surname,
    not a preposition (对|郑月娥说) nor the end of a word (主任|单志广), right before a name that
    starts with a surname and that a cue, punctuation or a character that follows names
    closes (林郑月娥重申; the name is then found again where it is not). ``edges`` are the
    segmenter's word edges."""
    surnames = _lists()["surnames"]
    function_words = set(wordlists.alternatives("prepositions")) | set(_lists()["never_given"])
    out = []
    for n in names:
        before = text[n.start - 1] if n.start else ""
        after = text[n.end] if n.end < len(text) else "\n"
        clear = not is_han(after) or cue_at(text, n.end) is not None or after in _lists()["followers"]
        if n.end - n.start == 3 and before in surnames and before not in function_words and clear \
                and text[n.start] in surnames and n.start - 1 in edges and n.start in edges:
            out.append(Span(n.start - 1, n.end, n.label, n.name))
        else:
            out.append(n)
    return out


def without_next_word(text: str, names: Iterable[Span], edges: set[int]) -> list[Span]:
    """The NER model's names of three characters, less a last character that is an
    adverb between the subject and a cue verb (李敬则认为 → 李敬, 王明也表示 → 王明) or
    that often follows a name and starts a word of the segmenter's (王立|拒绝透露 → 王立), or
    that opens a time (李远今（10）日 → 李远), or a day of the week (王毅周一 → 王毅); and a
    foreign name's, written with a separator dot, less such an adverb (达格·哈马舍尔德曾说 →
    达格·哈马舍尔德)."""
    names = [Span(n.start, m.start(), n.label, n.name) if (m := _WEEKDAY.search(text, n.start, n.end))
             and m.end() == n.end and m.start() - n.start >= 2 else n for n in names]  # 王毅|周一（6日）
    return [Span(n.start, n.end - 1, n.label, n.name)
            if n.end - n.start == 3 and _next_word_at(text, n.end - 1, edges)
            or "·" in text[n.start:n.end - 1] and _adverb_before_cue(text, n.end - 1)
            else n for n in names]


_WEEKDAY = re.compile("(?:周|星期|礼拜)[一二三四五六日天]")


def _adverb_before_cue(text: str, i: int) -> bool:
    return text[i] in _lists()["subject_adverbs"] and cue_at(text, i + 1) is not None


def _next_word_at(text: str, i: int, edges: set[int]) -> bool:
    ch, after = text[i], text[i + 1:i + 2]
    return (_adverb_before_cue(text, i)
            or ch in _lists()["followers"] and i in edges and i + 1 not in edges
            or ch in _lists()["day_words"] and after != "" and after in "日天晨晚（(")


def word_edges(words: Iterable[Span]) -> set[int]:
    """The offsets where the segmenter cut: the start and end of each word."""
    return {o for w in words for o in (w.start, w.end)}


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


def name_list(text: str, words: Sequence[Span], model_names: Iterable[Span] | None = None) -> list[Span]:
    """Names in lists of names written without separators (李鹏乔石李瑞环…).

    ``words`` are the segmenter's words. The PKU standard cuts a name into
    surname and given name (李 鹏 | 乔 石 | 李 瑞环), so at least MIN_LIST
    pairs of [surname][one or two characters] in a row, one of them with a
    two-character given name, make a list. A parenthesised note (（女）) or a
    transliterated name (司马义·艾买提) does not end a list; when the model
    ran (``model_names`` is not None), it must have seen a name in the list
    (中墨两国人民 is none). One character per token (the char segmenter)
    never makes a list.

    The segmenter does not know names, though (彭 真朱 镕基), so the list's
    text is split again (split_names): into names that each start with a
    surname, with two-character given names preferred and the edges of the
    model's names (``model_names``) where they fit. A transliterated name
    that the segmenter or the model found is kept whole.

    >>> text = "委员：李鹏乔石彭真朱镕基"
    >>> cuts = [0, 2, 3, 4, 5, 6, 7, 8, 10, 12]
    >>> words = [Span(s, e) for s, e in zip(cuts, cuts[1:])]
    >>> [text[s.start:s.end] for s in name_list(text, words)]
    ['李鹏', '乔石', '彭真', '朱镕基']
    """
    model = {(m.start, m.end) for m in model_names or ()}
    found: list[tuple[int, int]] = []
    dotted_words = {(w.start, w.end) for w in words if "·" in text[w.start:w.end]}
    edges = word_edges(words)
    for pairs in _list_runs(text, words, None if model_names is None else model):
        found += _split_run(text, pairs, model, dotted_words, edges)
    return [Span(s, e, PERSON) for s, e in found]


def _list_runs(text: str, words: Sequence[Span], model: set[tuple[int, int]] | None) -> list[list[tuple[int, int]]]:
    """Runs of [surname][given name] word pairs that make a list of names."""
    surnames = _lists()["surnames"]
    runs: list[list[tuple[int, int]]] = []
    run: list[tuple[int, int]] = []

    def close() -> None:
        if len(run) >= MIN_LIST and any(e - s == 1 + 2 for s, e in run) and (
                model is None or any(ms < e and s < me for s, e in run for ms, me in model)):
            runs.append(list(run))
        run.clear()

    word_texts = [text[w.start:w.end] for w in words]
    i = 0
    while i < len(words):
        word = word_texts[i]
        given = word_texts[i + 1] if i + 1 < len(words) else ""
        if word in surnames and 1 <= len(given) <= 2 and all(is_han(c) for c in given) \
                and not is_not_name(word + given):
            run.append((words[i].start, words[i].start + len(word) + len(given)))
            i += 2
        elif word == "（" and run and i + 2 < len(words) and word_texts[i + 2] == "）":
            i += 3  # （女）
        elif run and "·" in word.strip("·"):
            i += 1  # 司马义·艾买提
        else:
            close()
            i += 1
    close()
    return runs


def _split_run(text: str, pairs: list[tuple[int, int]], model: set[tuple[int, int]],
               dotted_words: set[tuple[int, int]], edges: set[int]) -> list[tuple[int, int]]:
    """The names of one list: transliterated names whole, each stretch of Chinese characters split."""
    # A transliterated name the segmenter or the model found (司马义·艾买提) is
    # one name (the shortest where they overlap); the list's other stretches
    # of Chinese characters are split each on its own.
    dotted: list[tuple[int, int]] = []
    for s, e in sorted(model | dotted_words, key=lambda x: (x[1] - x[0], x)):  # shortest first
        if pairs[0][0] <= s <= pairs[-1][1] and 0 < text.find("·", s, e) - s <= 5 \
                and all(e <= ds or de <= s for ds, de in dotted):
            dotted.append((s, e))
    found = list(dotted)
    at = pairs[0][0]
    while at < pairs[-1][1]:
        end = at
        while end < len(text) and is_han(text[end]) and not any(s <= end < e for s, e in dotted):
            end += 1
        inside = [p for p in pairs if at <= p[0] < end and not any(s < p[1] and p[0] < e for s, e in dotted)]
        split = split_names(text, inside[0][0], end, inside[-1][1], model, edges) if inside else None
        found.extend(split if split is not None else inside)
        at = end
        while at < pairs[-1][1] and (not is_han(text[at]) or any(s <= at < e for s, e in dotted)):
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
    surnames = _lists()["surnames"]
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
                    if j > end or is_not_name(text[i:j]):
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
