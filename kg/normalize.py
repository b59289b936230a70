"""A same-length normalised view of article text, for matching only.

Real Chinese news is inconsistent: web copies use half-width punctuation
(, : ? ! ( )) where print uses full-width, 「」『』 instead of “”‘’, straight
ASCII quotes, full-width digits (１９９８), and Traditional characters. The rules
are written once, against Simplified text with full-width punctuation and
curly quotes; :func:`normalize` maps every other form onto that one (and
blanks the pinyin glosses some converted pages print after a character),
character by character, so that every offset in the normalised text is also
an offset in the original. Surface forms are always cut from the original.
The marks come from ``kg/data/quote_marks.tsv`` and ``kg/data/punctuation.tsv``.

This module also says, once for all of kgbuild, what a Chinese character is
(:data:`HAN`).
"""
from __future__ import annotations

import re
from collections import Counter
from functools import cache

from kg import wordlists

# Chinese characters (Han ideographs): CJK Unified Ideographs, Extension A and
# the compatibility ideographs, as a regular-expression character range.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# The normalised view's quote marks: every pair of kg/data/quote_marks.tsv is written as one of these.
OPEN_QUOTE, CLOSE_QUOTE = "“", "”"


def is_han(ch: str) -> bool:
    """Whether ``ch`` is a Chinese character (one of :data:`HAN`).

    >>> is_han("中"), is_han("，"), is_han("A")
    (True, False, False)
    """
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


@cache
def _t2s() -> dict[int, str]:
    """Traditional → Simplified for single characters (zhconv's zh2Hans table).

    Only one-to-one character entries are kept, so the text keeps its length;
    zhconv's phrase entries would change it.
    """
    from zhconv import zhconv

    zhconv.loaddict()
    table = zhconv.zhcdicts["zh2Hans"]
    return {ord(k): v for k, v in table.items() if len(k) == 1 and len(v) == 1}


@cache
def _table() -> dict[int, str]:
    table = dict(_t2s())
    table.update({ord(k): v for k, v in wordlists.punctuation().items()})
    for marks in wordlists.quote_marks():
        table[ord(marks.open)] = marks.normal_open
        table[ord(marks.close)] = marks.normal_close
    # Full-width digits and Latin letters → ASCII (０-９, Ａ-Ｚ, ａ-ｚ).
    for cp in range(0xFF10, 0xFF5B):
        ch = chr(cp - 0xFEE0)
        if ch.isalnum():
            table[cp] = ch
    return table


def is_traditional(text: str) -> bool:
    """Whether ``text`` holds Traditional characters (ones the normalised view writes otherwise).

    >>> is_traditional("副院長林曉雨"), is_traditional("副院长林晓雨")
    (True, False)
    """
    table = _t2s()
    return any(ord(ch) in table and table[ord(ch)] != ch for ch in text)


@cache
def _one_script_only() -> tuple[frozenset[str], frozenset[str]]:
    """The characters of Traditional script alone and of Simplified script alone: zhconv's sets
    of each, less those the other script writes as they are (公布 is 公布 in both)."""
    from zhconv import zhconv

    zhconv.loaddict()
    changed = {k for k, v in zhconv.zhcdicts["zh2Hant"].items() if len(k) == 1 and len(v) == 1 and k != v}
    return zhconv.zhcdicts["TRADONLY"], zhconv.zhcdicts["SIMPONLY"] & frozenset(changed)


def written_in_traditional(text: str) -> bool:
    """Whether ``text`` as a whole is written in Traditional script, as news of Taiwan, Hong Kong
    and Macau is: more of its characters belong to Traditional script alone than to Simplified
    alone. A Traditional name quoted in a Simplified article (林曉雨) does not make it so.

    >>> written_in_traditional("據經濟部次長林志豪表示"), written_in_traditional("据台湾媒体报道，林曉雨表示")
    (True, False)
    """
    traditional, simplified = _one_script_only()
    counts = Counter(text)
    return sum(n for ch, n in counts.items() if ch in traditional) > sum(
        n for ch, n in counts.items() if ch in simplified)


def normalize(text: str) -> str:
    """Map ``text`` onto Simplified characters and full-width punctuation.

    The result has exactly the same length as ``text``.

    >>> normalize('中國人民銀行發布公告稱:「將開展操作」')
    '中国人民银行发布公告称：“将开展操作”'
    >>> normalize('他说:"好."涨了2.3%.')
    '他说：“好。”涨了2.3%。'
    >>> normalize('據(jù)現(xiàn)場')
    '据    现      场'
    """
    out = text.translate(_table())
    if '"' in out:
        out = _pair_straight_quotes(out)
    if "." in out:
        out = _HALF_WIDTH_STOP.sub("。", out)
    if "(" in text or "（" in text:
        out = _PINYIN_GLOSS.sub(lambda m: " " * len(m.group()), out)
    return out


# 現(xiàn)場: some sites that convert pages to Traditional script gloss a character in pinyin
# after it. The gloss is read as blank (a name, xiàn, or a word cut by it: 司機(jī)稱(chēng)).
_PINYIN_GLOSS = re.compile(f"(?<=[{HAN}])[（(][a-zü]{{0,6}}[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]{{0,6}}[）)]")


# A half-width full stop that ends a sentence, as web copies write it (增长较快.他说): after
# a Chinese character, a closing mark or a per cent sign, and not followed by a Latin
# letter, a digit or another dot. A decimal point (2.3), an abbreviation (U.S.), a web
# address (www.gov.cn) and an ellipsis (...) stay as they are.
_HALF_WIDTH_STOP = re.compile(f"(?<=[{HAN}”’」』）%％])\\.(?![.A-Za-z0-9])")


def _pair_straight_quotes(text: str) -> str:
    """Turn ASCII double quotes into “ and ” by alternation within a paragraph."""
    chars = list(text)
    opening = True
    for i, ch in enumerate(chars):
        if ch == "\n":
            opening = True
        elif ch == '"':
            chars[i] = OPEN_QUOTE if opening else CLOSE_QUOTE
            opening = not opening
    return "".join(chars)
