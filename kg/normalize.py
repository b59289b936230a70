"""A same-length normalised view of article text, for matching only.

Real Chinese news is inconsistent: web copies use half-width punctuation
(, : ? ! ( )) where print uses full-width, 「」『』 instead of “”‘’, straight
ASCII quotes, full-width digits (１９９８), and Traditional characters. The rules
are written once, against Simplified text with full-width punctuation and
curly quotes; :func:`normalize` maps every other form onto that one,
character by character, so that every offset in the normalised text is also
an offset in the original. Surface forms are always cut from the original.
"""
from __future__ import annotations

from functools import cache

# Half-width punctuation that Chinese text writes full-width. A period is left
# alone: it is also the decimal point (2.3万).
_PUNCT = {
    ",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）",
    "「": "“", "」": "”", "『": "‘", "』": "’", "﹁": "“", "﹂": "”",
    "〝": "“", "〞": "”", "＂": '"',
    # The full-width decimal point of print (５５．６亿) is the web's ASCII one.
    "．": ".",
}


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
    table.update({ord(k): v for k, v in _PUNCT.items()})
    # Full-width digits and Latin letters → ASCII (０-９, Ａ-Ｚ, ａ-ｚ).
    for cp in range(0xFF10, 0xFF5B):
        ch = chr(cp - 0xFEE0)
        if ch.isalnum():
            table[cp] = ch
    return table


def normalize(text: str) -> str:
    """Map ``text`` onto Simplified characters and full-width punctuation.

    The result has exactly the same length as ``text``.

    >>> normalize('中國人民銀行發布公告稱:「將開展操作」')
    '中国人民银行发布公告称：“将开展操作”'
    >>> normalize('他说:"好."')
    '他说：“好.”'
    """
    out = text.translate(_table())
    if '"' in out:
        out = _pair_straight_quotes(out)
    return out


def _pair_straight_quotes(text: str) -> str:
    """Turn ASCII double quotes into “ and ” by alternation within a paragraph."""
    chars = list(text)
    opening = True
    for i, ch in enumerate(chars):
        if ch == "\n":
            opening = True
        elif ch == '"':
            chars[i] = "“" if opening else "”"
            opening = not opening
    return "".join(chars)
