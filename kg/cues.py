"""Cue verbs: the words that introduce a statement (说, 表示, 认为, 指出 …).

The lexicon is ``kg/data/cue_verbs.txt``: each verb with its class (speech
or opinion) and whether an organisation, too, speaks with it (发布公告称).
"""
from __future__ import annotations

from functools import cache

from kg import wordlists


@cache
def _by_length() -> tuple[str, ...]:
    return tuple(sorted(wordlists.cue_verbs(), key=len, reverse=True))


def cue_at(text: str, i: int) -> str | None:
    """The longest cue verb starting at ``text[i]``, if any.

    >>> cue_at("他表示，", 1), cue_at("他表示，", 0)
    ('表示', None)
    """
    for cue in _by_length():
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
