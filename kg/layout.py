"""Rebuild a plain-text newspaper page into articles.

A page taken from print arrives as hard-wrapped column lines (often with a
blank line after each), several articles in a row, and in this layout the
headline and byline come AFTER their article::

    body …（新华社北京3月12日电）      a trailing dateline, or
    新华社北京3月12日电（记者韩思远）…  a leading one with the byline in brackets
    headline                            one or two short lines, maybe letter-spaced
    □新华社记者 陆一帆 秦雨桐            byline, then maybe a ——subtitle

Two passes: lines → units (paragraphs, headings, datelines, bylines, captions,
continuation marks), then units → articles. Input that is not hard-wrapped
(one paragraph a line, maybe a title line first) is one article.

Decisions:

- A byline without 记者 (□人民日报评论员) names a role, not a person: it gives
  ``source`` but no ``reporters``, so no Person node is made for a role.
- ``source`` is the byline's paper or agency (who wrote it), else the
  dateline's (who filed it): a 人民日报评论员 piece filed by 新华社 is 人民日报.
  本报 (this paper) names no paper, so it gives no source.
- A photo caption becomes its own small article (its places and events are
  real content) without the credit 新华社发（林小川 摄）: a photographer is not
  a reporter.
- A fragment after （上接第一版） is its own article: its beginning, and often
  its speaker, is on another page.
- A headline is given to the article before it; when that article shares no
  character pair with it (a jump head placed after the wrong fragment), to the
  untitled article on the page that shares the most.
- Datelines, bylines, debris (新华社发新华社发), column labels (民生@速递),
  subtitles (——论…) and continuation marks are not kept in the article text.
"""
from __future__ import annotations

import datetime
import re
import statistics
import unicodedata
from dataclasses import dataclass, field

from kg.types import Article

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

# Agencies and papers as they open a dateline or byline (Simplified and
# Traditional) → the source name. 本报 (this paper) does not say which paper.
SOURCES = {
    "新华社": "新华社", "新華社": "新华社", "人民日报": "人民日报", "人民日報": "人民日报",
    "中新社": "中新社", "本报": None, "本報": None,
}
_SRC = "|".join(sorted(SOURCES, key=len, reverse=True))
DATELINE = (
    rf"(?:(?P<src>{_SRC})[{CJK}]{{0,10}}?"
    r"(?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月(?P<day>\d{1,2})日[电電]"
    r"|(?P<local>本报|本報)[讯訊])"
)
REPORTER_WORD = r"(?:记者|記者|通讯员|通訊員)"
# 新华社北京3月12日电（记者韩思远）记者12日从… at the start of a line.
LEAD_RE = re.compile(
    rf"^(?P<dl>{DATELINE})\s*(?:[（(](?P<by>[^（）()]*{REPORTER_WORD}[^（）()]*)[）)])?\s*"
)
# …共建美丽家园。 （新华社北京3月12日电） at the end of a line.
TRAIL_RE = re.compile(rf"\s*[（(]\s*(?P<dl>{DATELINE})\s*[）)]\s*$")
BYLINE_RE = re.compile(
    rf"^[□■◇◆]\s*(?P<by>\S.*)$"  # □新华社“新华视点”记者 陆一帆 秦雨桐; □人民日报评论员
    rf"|^(?P<plain>(?:{_SRC})\S{{0,12}}?{REPORTER_WORD}(?:\s+[{CJK}·]{{2,8}})+)$"
)
ROLE_RE = re.compile("评论|評論|编辑|編輯")  # 评论员, 编辑部: a desk, not a person
NAME_RE = re.compile(rf"[{CJK}]{{2,4}}|[{CJK}]{{1,8}}(?:·[{CJK}]{{1,8}})+")
CONTINUED_RE = re.compile(r"^[（(]\s*上接第?[一二三四五六七八九十百\d]+版\s*[）)]\s*")
TURN_RE = re.compile(r"\s*[（(]\s*下[转轉]第?[一二三四五六七八九十百\d]+版\s*[）)]")
# A photo credit closing a caption: 新华社发（林小川 摄）, 新华社记者 林小川 摄.
CREDIT_RE = re.compile(
    rf"(?:^|(?<=[。！？!?”）)\s]))\s*(?P<credit>(?:(?:{_SRC})[发發])?[（(][^（）()]{{1,24}}[摄攝][）)]"
    rf"|(?:{_SRC}){REPORTER_WORD}\s*[{CJK}·\s]{{2,24}}?\s*[摄攝])\s*$"
)
# Layout debris: a credit repeated (新华社发新华社发) or left alone (新华社发),
# and column labels such as 民生@速递.
DEBRIS_RE = re.compile(
    r"^(?P<unit>\S{3,8}?)(?P=unit)+$|^(?:新华社|新華社)[发發]$|^\S{1,8}[@＠]\S{1,8}$"
)
SUBTITLE_RE = re.compile(r"^(?:——|--)")
# A half-width full stop ends a sentence too (web copies: 增长较快.), but not in a
# number, an abbreviation or a web address (2.3, U.S., www.x.cn): not after a Latin
# letter or digit, and not one of the dots of an ellipsis.
_STOP = r"(?:[。！？!?]|(?<![A-Za-z0-9.])\.)"
STRONG_END_RE = re.compile(_STOP + r"[”’」』）)\"']*$")  # a sentence ends here
FINAL_END_RE = re.compile(r"(?:[…：；:;”’」』）)》\"']|" + _STOP + r")$")  # maybe a paragraph ends here
INNER_PUNCT_RE = re.compile(r"[，。；：、！？,;:!?]")  # what a subheading has no room for
CJK_SPACE_RE = re.compile(rf"(?<=[{CJK}])\s+(?=[{CJK}])")

COL_WINDOW = 4  # lines either side used to estimate the column width
CLEARLY_SHORT = 0.9  # ends a paragraph when it also ends a sentence
SLIGHTLY_SHORT = 0.97  # ... and the next line looks indented
WEAK_SHORT = 0.75  # a line ending in …, ：, ； or a quote mark must be this short
HEADING_SHORT = 0.75  # a subheading or headline line is at most this wide
HEADLINE_MAX = 40  # characters: a longer paragraph before a byline is not a headline
SUBTITLE_FULL = 0.9  # a subtitle line this wide continues on the next line
WRAPPED_SHARE = 0.5  # share of lines ending mid-sentence in a hard-wrapped file

PARA, HEAD, LEAD, TRAIL, BYLINE, SUBTITLE, CONT, CAPTION = (
    "para", "head", "lead", "trail", "byline", "subtitle", "cont", "caption")


@dataclass
class _Unit:
    kind: str
    text: str = ""
    lines: int = 1
    dateline: str | None = None
    byline: str | None = None
    credit: str | None = None  # a caption's photo credit


@dataclass
class _Draft:
    paras: list[str] = field(default_factory=list)
    title: str | None = None
    dateline: str | None = None
    byline: str | None = None
    source: str | None = None
    closed: bool = False  # its dateline, headline or byline has been seen
    caption: bool = False


def split_page(text: str, origin: str = "", base_id: str = "page") -> list[Article]:
    """Turn the text of a plain-text file into articles.

    >>> [a.text for a in split_page("标题\\n第一段。\\n第二段。")]
    ['第一段。\\n第二段。']
    >>> split_page("标题\\n第一段。\\n第二段。")[0].title
    '标题'
    """
    rows, blank_before = [], []
    blank = False
    for raw in text.replace("\ufeff", "").splitlines():
        line = raw.strip()
        if line:
            rows.append(line)
            blank_before.append(blank)
        blank = not line
    if not rows:
        return []
    if _is_hard_wrapped(rows):
        # Blank lines mean something only when they are rarer than lines.
        blanks_break = sum(blank_before[1:]) < 0.5 * (len(rows) - 1)
        breaks = blank_before if blanks_break else [False] * len(rows)
        drafts = _assemble(_units(rows, breaks))
    else:
        drafts = [_plain(rows)]
    drafts = [d for d in drafts if d.paras]
    arts = []
    for n, d in enumerate(drafts, 1):
        aid = base_id if len(drafts) == 1 else f"{base_id}#{n}"
        arts.append(_article(d, aid, origin))
    return arts


def width(s: str) -> float:
    """Printed width in em: CJK and full-width 1, everything else ½.

    Print sets Latin letters, digits and the curly quotes “” half an em wide,
    so a full column line holds more characters when it has them.

    >>> width("算力300PF“")
    5.0
    """
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in s)


def despace(s: str) -> str:
    """Remove spaces between CJK characters (letter-spaced headlines).

    >>> despace("广 州 本 周 后 期 12 条")
    '广州本周后期 12 条'
    """
    return CJK_SPACE_RE.sub("", s).strip()


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines: Chinese needs no space, two Latin words do.

    A digit run broken by the wrap is one number, so it is joined too.

    >>> join_lines(["新款GPU", "上市", "AI", "GPU 芯片", "1.6", "5万"])
    '新款GPU上市AI GPU 芯片1.65万'
    """
    out = ""
    for line in lines:
        a, b = out[-1:], line[:1]
        latin = a.isascii() and a.isalnum() and b.isascii() and b.isalnum()
        out += (" " if latin and not (a.isdigit() and b.isdigit()) else "") + line
    return out


def parse_dateline(dateline: str | None) -> tuple[str | None, str | None]:
    """The source and ISO date of a dateline; a date only when it has a year.

    >>> parse_dateline("新華社廣州2025年3月12日電")
    ('新华社', '2025-03-12')
    >>> parse_dateline("新华社北京3月12日电")
    ('新华社', None)
    """
    m = re.fullmatch(DATELINE, dateline or "")
    if not m or m["local"]:
        return None, None
    date = None
    if m["year"]:
        try:
            date = datetime.date(int(m["year"]), int(m["month"]), int(m["day"])).isoformat()
        except ValueError:
            date = None
    return SOURCES[m["src"]], date


def parse_byline(byline: str | None) -> tuple[tuple[str, ...], str | None]:
    """Reporters' names and the source named in a byline.

    Names follow 记者; a byline with no 记者 and not just names is a role.

    >>> parse_byline("新华社“新华视点”记者 陆一帆 秦雨桐")
    (('陆一帆', '秦雨桐'), '新华社')
    >>> parse_byline("人民日报评论员")
    ((), '人民日报')
    """
    if not byline:
        return (), None
    src = re.match(rf"(?:{_SRC})", byline)
    source = SOURCES[src.group()] if src else None
    parts = re.split(REPORTER_WORD, byline)
    names = parts[-1] if len(parts) > 1 else (byline if src is None else "")
    tokens = [t for t in re.split(r"[\s、，,]+", names) if t]
    if not tokens or not all(NAME_RE.fullmatch(t) for t in tokens) or ROLE_RE.search(names):
        return (), source
    return tuple(tokens), source


def _is_hard_wrapped(rows: list[str]) -> bool:
    if len(rows) < 3:
        return False
    open_ends = sum(1 for r in rows if not FINAL_END_RE.search(r))
    return open_ends / len(rows) >= WRAPPED_SHARE


def _line_width(row: str) -> float:
    return width(despace(row)) if _letter_spaced(row) else width(row)


def _letter_spaced(row: str) -> bool:
    tokens = row.split()
    return len(tokens) >= 4 and all(len(t) <= 2 for t in tokens)


def _columns(rows: list[str], widths: list[float]) -> list[float]:
    """Local column width: the median width of nearby mid-sentence lines.

    Lines under half the widest nearby one are headings or labels, not text.
    """
    plain = [not FINAL_END_RE.search(r) and not DEBRIS_RE.match(r) and not BYLINE_RE.match(r)
             for r in rows]
    page_max = max(widths)
    cols = []
    for i in range(len(rows)):
        lo, hi = max(0, i - COL_WINDOW), min(len(rows), i + COL_WINDOW + 1)
        near = [widths[j] for j in range(lo, hi) if plain[j]]
        near = [x for x in near if x >= 0.5 * max(near)] if near else [page_max]
        cols.append(statistics.median(near))
    return cols


def _ends_paragraph(row: str, w: float, col: float, next_w: float | None) -> bool:
    """A line noticeably shorter than the column that ends a sentence."""
    if STRONG_END_RE.search(row):
        if w <= CLEARLY_SHORT * col:
            return True
        # Nearly full: only when the next line is indented, as the first line of
        # a Chinese paragraph is (two em); a quote ending 。” at a line end is
        # often followed by its speaker on the next line (…。”张三说。).
        return w < SLIGHTLY_SHORT * col and (next_w is None or next_w < col - 1)
    return bool(FINAL_END_RE.search(row)) and w <= WEAK_SHORT * col


def _is_heading(row: str, w: float, col: float) -> bool:
    """A short line with no sentence punctuation: a subheading or a headline."""
    text = despace(row)
    return (len(text) >= 2 and w <= HEADING_SHORT * col and not FINAL_END_RE.search(text)
            and not INNER_PUNCT_RE.search(text))


def _units(rows: list[str], breaks: list[bool]) -> list[_Unit]:
    """Pass 1: lines → paragraphs, headings and page furniture."""
    widths = [_line_width(r) for r in rows]
    cols = _columns(rows, widths)
    units: list[_Unit] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            units.append(_Unit(PARA, join_lines(para), len(para)))
            para.clear()

    i, n = 0, len(rows)
    while i < n:
        row, w, col = rows[i], widths[i], cols[i]
        i += 1
        if breaks[i - 1]:
            flush()
        if DEBRIS_RE.match(row):
            continue
        row = TURN_RE.sub("", row)
        if m := CONTINUED_RE.match(row):
            flush()
            units.append(_Unit(CONT))
            row = row[m.end():]
        if m := LEAD_RE.match(row):
            flush()
            units.append(_Unit(LEAD, dateline=m["dl"], byline=m["by"]))
            row = row[m.end():]
        if not row:
            continue
        if m := BYLINE_RE.match(row):
            flush()
            last = units[-1] if units else None
            if last and last.kind == PARA and last.lines <= 2 and len(last.text) <= HEADLINE_MAX:
                last.kind, last.text = HEAD, despace(last.text)  # the headline above a byline
            units.append(_Unit(BYLINE, byline=m["by"] or m["plain"]))
            continue
        if SUBTITLE_RE.match(row) and not para and units and units[-1].kind in (BYLINE, HEAD):
            lines = [row]
            while (i < n and widths[i - 1] >= SUBTITLE_FULL * w and not _special(rows[i])):
                lines.append(rows[i])
                i += 1
            units.append(_Unit(SUBTITLE, join_lines(lines), len(lines)))
            continue
        if m := TRAIL_RE.search(row):
            if row := row[:m.start()]:
                para.append(row)
            flush()
            units.append(_Unit(TRAIL, dateline=m["dl"]))
            continue
        if m := CREDIT_RE.search(row):
            if row := row[:m.start()].rstrip():
                para.append(row)
            flush()
            if units and units[-1].kind == PARA:  # the credit may stand on its own line
                units[-1].kind, units[-1].credit = CAPTION, m["credit"]
            continue
        at_start = not para or FINAL_END_RE.search(para[-1])
        if at_start and _is_heading(row, w, col):
            flush()
            lines = [row]
            while (i < n and len(lines) < 3 and not _special(rows[i])
                   and _is_heading(rows[i], widths[i], cols[i])):
                lines.append(rows[i])
                i += 1
            units.append(_Unit(HEAD, join_lines([despace(x) for x in lines]), len(lines)))
            continue
        para.append(row)
        if _ends_paragraph(row, w, col, widths[i] if i < n else None):
            flush()
    flush()
    return units


def _special(row: str) -> bool:
    return bool(DEBRIS_RE.match(row) or CONTINUED_RE.match(row) or LEAD_RE.match(row)
                or BYLINE_RE.match(row))


def _assemble(units: list[_Unit]) -> list[_Draft]:
    """Pass 2: units → articles, headlines and bylines closing the one before."""
    cur = _Draft()
    drafts = [cur]

    def start(**kw) -> _Draft:
        drafts.append(_Draft(**kw))
        return drafts[-1]

    def last_with_text() -> _Draft:
        return cur if cur.paras else next(
            (d for d in reversed(drafts) if d.paras and not d.caption), cur)

    for k, u in enumerate(units):
        if u.kind == LEAD:
            cur = start(dateline=u.dateline, byline=u.byline)
        elif u.kind == CONT:
            cur = start()
        elif u.kind in (TRAIL, BYLINE):
            target = last_with_text()
            if u.kind == TRAIL:
                target.dateline = target.dateline or u.dateline
            else:
                target.byline = target.byline or u.byline
            target.closed = True
        elif u.kind == CAPTION:
            src = re.match(rf"(?:{_SRC})", u.credit or "")
            drafts.append(_Draft([u.text], caption=True, closed=True,
                                 source=SOURCES[src.group()] if src else None))
        elif u.kind == HEAD and _is_headline(u, cur, units[k + 1:]):
            _give_title(u.text, cur, drafts)
            cur.closed = True
        elif u.kind in (PARA, HEAD):  # a subheading stays in the text
            if cur.closed:
                cur = start()
            cur.paras.append(u.text)
    return drafts


def _is_headline(u: _Unit, cur: _Draft, rest: list[_Unit]) -> bool:
    """A heading closes an article when furniture or a new article follows it."""
    after = rest[0].kind if rest else None
    return (u.lines >= 2 or after in (None, BYLINE, SUBTITLE, LEAD, CONT, CAPTION)
            or (cur.closed and cur.title is None))


def _pairs(text: str) -> set[str]:
    return {a + b for a, b in zip(text, text[1:]) if re.match(f"[{CJK}]{{2}}", a + b)}


def _give_title(title: str, cur: _Draft, drafts: list[_Draft]) -> None:
    pairs = _pairs(title)
    if cur.paras and cur.title is None and pairs & _pairs("".join(cur.paras)):
        cur.title = title
        return
    best, shared = None, 0
    for d in drafts:
        if d.paras and d.title is None and not d.caption:
            n = len(pairs & _pairs("".join(d.paras)))
            if n >= shared and n > 0:
                best, shared = d, n
    if best is None and cur.paras and cur.title is None:
        best = cur
    if best is not None:
        best.title = title


def _plain(rows: list[str]) -> _Draft:
    """An ordinary article file: one paragraph a line, maybe a title first."""
    d = _Draft()
    rows = [r for r in rows if not DEBRIS_RE.match(r)]
    first = rows[0] if rows else ""
    if (len(rows) > 1 and len(first) <= HEADLINE_MAX and not FINAL_END_RE.search(first)
            and not _special(first)):
        d.title = despace(rows.pop(0))
    for row in rows:
        if m := BYLINE_RE.match(row):
            d.byline = d.byline or m["by"] or m["plain"]
            continue
        if not d.paras and (m := LEAD_RE.match(row)):
            d.dateline, d.byline = m["dl"], d.byline or m["by"]
            row = row[m.end():]
        if row:
            d.paras.append(row)
    if d.paras and (m := TRAIL_RE.search(d.paras[-1])):
        d.dateline = d.dateline or m["dl"]
        d.paras[-1] = d.paras[-1][:m.start()]
        if not d.paras[-1]:
            d.paras.pop()
    return d


def _article(d: _Draft, aid: str, origin: str) -> Article:
    dl_source, date = parse_dateline(d.dateline)
    reporters, by_source = parse_byline(d.byline) if not d.caption else ((), None)
    return Article(
        id=aid, text="\n".join(d.paras), title=d.title or None, date=date,
        source=by_source or dl_source or d.source, dateline=d.dateline,
        reporters=reporters, origin=origin,
    )
