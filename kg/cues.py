"""Cue verbs: the words that introduce a statement (说, 表示, 认为, 指出 …).

The lexicon is ``kg/data/cue_verbs.txt``: each verb with its class (speech
or opinion) and whether an organisation, too, speaks with it (发布公告称).
:func:`find_cues` finds them in a text as verbs: on the segmenter's word
edges (问 in 问候 is none), never inside a quote or a title (发言 in
新闻发言人), never as a noun after 的 (习近平总书记的重要讲话), and with what
follows them as one cue (回忆说, 强调指出, 回应称).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from kg import wordlists
from kg.normalize import is_han

# A verb followed by one of these is one cue with it: 回忆说, 补充道, 回应称.
_SAYING = "说道称"


@dataclass(frozen=True)
class Cue:
    """A cue verb found in a text: ``text[start:end]`` is the cue as written."""

    start: int
    end: int
    verb: str  # the lexicon's verb it begins with


@cache
def _by_first_character() -> dict[str, tuple[str, ...]]:
    """The cue verbs by their first character, longest first."""
    return wordlists.by_first_character(tuple(sorted(wordlists.cue_verbs(), key=len, reverse=True)))


def cue_at(text: str, i: int) -> str | None:
    """The longest cue verb starting at ``text[i]``, if any.

    >>> cue_at("他表示，", 1), cue_at("他表示，", 0)
    ('表示', None)
    """
    for cue in _by_first_character().get(text[i], ()) if i < len(text) else ():
        if text.startswith(cue, i):
            return cue
    return None


def cue_class(cue: str | None) -> str | None:
    """``speech`` (说, 表示) or ``opinion`` (认为, 预计) for a cue of the lexicon, else None.

    >>> cue_class("说"), cue_class("认为"), cue_class(None)
    ('speech', 'opinion', None)
    """
    found = wordlists.cue_verbs().get(cue) if cue else None
    return found.kind if found else None


def organisations_say(cue: str) -> bool:
    """Whether an organisation speaks with ``cue`` (称, 表示) and not only people (感慨)."""
    return wordlists.cue_verbs()[cue].organisations


def find_cues(text: str, edges: set[int] | None, blocked: bytes) -> list[Cue]:
    """Cue verbs of ``text`` (normalised), left to right, none inside another.

    ``edges`` are the segmenter's word edges (None: every character is one);
    ``blocked`` is 1 where no cue may start (inside quotes and titles).

    >>> [(c.start, text[c.start:c.end]) for text in ["他回忆说，问候大家。"]
    ...  for c in find_cues(text, {0, 1, 3, 4, 5, 7, 9, 10}, bytes(11))]
    [(1, '回忆说')]
    """
    found: list[Cue] = []
    i = 0
    noun_end = -1  # where a cue verb used as a noun (的分析) ends: one right after it is one too (的分析判断)
    while i < len(text):
        verb = None if blocked[i] or (edges is not None and i not in edges and not _glued_to_time(text, i, edges)
                                      and not _glued_to_document(text, i)) \
            else cue_at(text, i)
        end = i + len(verb) if verb else i
        if verb and (i == noun_end or _after_de(text, i)):
            noun_end = end
            i += 1
            continue
        if verb and end < len(text) and text[end] in "了过" and text.startswith(("：", "，“"), end + 1):
            end += 1  # 警告过：“…”, 表示了：…: the aspect does not stop the speech
        elif not verb or (edges is not None and end not in edges and not _saying_after(text, end, edges)) \
                or _no_verb_here(text, i, end, verb, edges) \
                or _localizer_after(text, end, edges):
            i += 1
            continue
        if _document_speaks(text, i, end, verb):
            i = end  # 该声明|指出, 通报|说: a document that speaks, not a verb
            continue
        end = _with_what_follows(text, end, edges)
        found.append(Cue(i, end, verb))
        i = end
    return found


@cache
def _lists() -> dict[str, tuple[str, ...]]:
    w = {name: wordlists.alternatives(name) for name in (
        "refusals", "say_compounds", "cheng_compounds", "hua_compounds", "nouns_after_cue", "document_nouns",
        "document_openers", "cues_before_punctuation", "light_verbs", "passive_markers", "light_modifiers",
        "modal_verbs", "noun_coordinators", "potential_after_cue", "complements_after_cue", "document_cues")}
    # right before a cue, each of these says nothing was said there (拒绝透露, 能回应, 被告知, 支持与鼓励)
    w["no_speech_before"] = w["refusals"] + w["modal_verbs"] + w["passive_markers"] + w["noun_coordinators"]
    return w


def _document_speaks(text: str, i: int, end: int, verb: str) -> bool:
    """Whether a cue verb that also names a document (声明, 通报) is the document that speaks."""
    w = _lists()
    return verb in w["document_nouns"] and (text.endswith(w["document_openers"], 0, i) or cue_at(text, end) is not None)


def _no_verb_here(text: str, i: int, end: int, verb: str, edges: set[int] | None = None) -> bool:
    """Whether the cue verb from ``i`` to ``end`` is no verb where it stands: a noun (他的讲话,
    再作判断, 分析人士, 说明书), part of another word (别说, 一句话), or refused (拒绝透露).
    A character after it that makes another word (说明, 表示了) does so only as a word of
    one character, or a complement (说|清楚), where the segmenter's words are known (not 希望|明年)."""
    w = _lists()
    glued = end < len(text) and text[end] in wordlists.characters("not_after_cue") \
        and (edges is None or end + 1 in edges or text.startswith(w["complements_after_cue"], end))
    return _after_de(text, i) or text.endswith(w["no_speech_before"], 0, i) or _after_light_verb(text, i) \
        or verb == "说" and text.endswith(w["say_compounds"], 0, i) \
        or verb == "称" and text.endswith(w["cheng_compounds"], 0, i) \
        or verb == "话" and text.endswith(w["hua_compounds"], 0, i) \
        or verb in w["cues_before_punctuation"] and not text.startswith(("，", ",", "：", ":", *_SAYING), end) \
        or text.startswith(w["nouns_after_cue"], end) or text.startswith(w["potential_after_cue"], end) \
        or glued or _standing_alone(text, i, end)


_BLANKS = " \u3000\t"


def _standing_alone(text: str, i: int, end: int) -> bool:
    """A cue word between blanks, with words after it, is a heading or a label of the page
    (” 表扬 四川队主教练…, 自嘲 球员们…): Chinese puts no blank inside a sentence."""
    if i > 0 and text[i - 1] not in _BLANKS + "\n" or end >= len(text) or text[end] not in _BLANKS:
        return False
    k = end
    while k < len(text) and text[k] in _BLANKS:
        k += 1
    return k < len(text) and is_han(text[k])


def _after_light_verb(text: str, i: int) -> bool:
    """再作判断, 作全面分析, 进行深入研究: after a light verb (and a word of how) a cue is a noun."""
    w = _lists()
    if text.endswith(w["light_verbs"], 0, i):
        return True
    modifier = next((m for m in w["light_modifiers"] if text.endswith(m, 0, i)), None)
    return modifier is not None and text.endswith(w["light_verbs"], 0, i - len(modifier))


def _after_de(text: str, i: int) -> bool:
    """他的讲话, 发表的声明: after 的 a cue verb is a noun; unless 的 stands for 地 after an
    adverb (他再次的重申)."""
    return i > 0 and text[i - 1] == "的" and not text.endswith(wordlists.alternatives("adverbs_with_de"), 0, i - 1)


def _localizer_after(text: str, end: int, edges: set[int] | None) -> bool:
    """在致辞中, 发言时: a localizer word after the verb makes it a noun or a time clause; not
    the first character of a side (表示|中方…, where the NER model read 中 as a place and so cut it)."""
    if edges is None:
        return False  # one word a character: no telling 认为|中国 from 致辞|中
    return any(text.startswith(w, end) and end + len(w) in edges and not text.startswith("方", end + len(w))
               for w in wordlists.alternatives("localizers"))


def _glued_to_time(text: str, i: int, edges: set[int]) -> bool:
    """离开会议厅|时指: the segmenter joined the 时 that closes a time clause and the cue after it."""
    return i > 0 and text[i - 1] == "时" and i - 1 in edges


def _glued_to_document(text: str, i: int) -> bool:
    """发表报告|指，, 发声|明指，, 消防|处指，: the segmenter joined a one-character cue (指, 称) before a
    comma or colon to the document or the office it follows."""
    after = i > 0 and text[i - 1] in wordlists.characters("office_ends") or text.endswith(_lists()["document_nouns"], 0, i)
    return i + 1 < len(text) and text[i + 1] in "，,：:" and text[i] in _lists()["document_cues"] and after


def _saying_after(text: str, end: int, edges: set[int]) -> bool:
    """回应|道 cut as 回|应道: the segmenter joined the cue's last character and the 道 after it."""
    return end < len(text) and text[end] in _SAYING and end + 1 in edges


def _with_what_follows(text: str, end: int, edges: set[int] | None) -> int:
    """Where a cue ends: 回忆|说 and 强调|指出 are one cue."""
    while end < len(text):
        if text[end] in _SAYING and (edges is None or end + 1 in edges):
            end += 1
            continue
        more = cue_at(text, end)  # 表示|相信…, 表示|希望…: what is believed or hoped is what was said
        if more and (edges is None or end + len(more) in edges) and len(more) > 1 and cue_class(more) == "speech":
            end += len(more)
            continue
        break
    return end
