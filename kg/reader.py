"""Read the inputs of a run: JSONL articles, plain-text files and pages, folders.

Bad input never stops a run: each bad file or line is handed to ``on_error`` as
an :class:`InputError` naming it, and reading goes on with the next.
"""
from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from kg.errors import InputError
from kg.layout import split_page
from kg.types import Article

STDIN = "-"
STDIN_NAME = "<stdin>"
SUFFIXES = (".txt", ".jsonl")  # what a folder is searched for
JSONL_SUFFIXES = (".jsonl", ".ndjson")
OPTIONAL_FIELDS = ("title", "date", "source", "url")
# Legacy Chinese encodings tried after UTF-8; a tie goes to the first (most
# Chinese news is mainland, GB-encoded).
LEGACY_ENCODINGS = ("gb18030", "big5")
SCORE_CHARS = 4000  # characters scored per candidate decoding
MIN_SCORE = 0.6  # real news scores above 0.95; random high bytes as GB18030 about 0.3
CONTROL_OK = "\t\n\r\f\v"
CJK_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

OnError = Callable[[InputError], None]


def iter_articles(inputs: Sequence[str], on_error: OnError,
                  stdin: BinaryIO | None = None) -> Iterator[Article]:
    """Articles from files, folders (``*.txt``, ``*.jsonl``, recursively) and ``-``.

    Ids must be unique within a run: a repeated id is reported, and the later
    article dropped. Files and folders whose name starts with a dot are skipped
    inside a folder.
    """
    seen: dict[str, str] = {}
    for name in inputs:
        for source, line, article in _read_input(name, on_error, stdin):
            if article.id in seen:
                on_error(InputError(source, f"duplicate id {article.id!r}: already used by "
                                    f"{seen[article.id]}; ids must be unique", line=line))
                continue
            seen[article.id] = article.origin or source
            yield article


# What the readers yield: the source's name, the JSONL line (or None), the article.
Read = tuple[str, int | None, Article]


def _read_input(name: str, on_error: OnError, stdin: BinaryIO | None) -> Iterator[Read]:
    if name == STDIN:
        data = (stdin or sys.stdin.buffer).read()
        if data.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] == b"{":
            yield from _jsonl(data, STDIN_NAME, on_error)
        else:
            yield from _text(data, STDIN_NAME, "stdin", on_error)
        return
    path = Path(name)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                       and not any(part.startswith(".") for part in p.relative_to(path).parts))
        if not files:
            on_error(InputError(name, f"folder has no {' or '.join(SUFFIXES)} files"))
        for f in files:
            yield from _read_file(f, on_error)
    elif path.exists():
        yield from _read_file(path, on_error)
    else:
        on_error(InputError(name, "no such file or folder"))


def _read_file(path: Path, on_error: OnError) -> Iterator[Read]:
    try:
        data = path.read_bytes()
    except OSError as e:
        on_error(InputError(str(path), f"cannot be read: {e.strerror or e}"))
        return
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from _jsonl(data, str(path), on_error)
    else:
        yield from _text(data, str(path), path.stem, on_error)


def _jsonl(data: bytes, source: str, on_error: OnError) -> Iterator[Read]:
    """One article a line; the text is used exactly as given (offsets index it)."""
    for n, raw in enumerate(data.split(b"\n"), 1):
        if n == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not raw.strip():
            continue
        try:
            record = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            on_error(InputError(source, "line is not UTF-8; JSONL must be UTF-8", line=n))
            continue
        except json.JSONDecodeError as e:
            on_error(InputError(source, f"invalid JSON ({e.msg} at column {e.colno}); "
                                "expected one JSON object a line", line=n))
            continue
        problem = _check_record(record)
        if problem:
            on_error(InputError(source, problem, line=n))
            continue
        yield source, n, Article(
            id=record["id"], text=record["text"], origin=f"{source}:{n}",
            **{k: record.get(k) for k in OPTIONAL_FIELDS},
        )


def _check_record(record: object) -> str | None:
    """What is wrong with a JSONL record, or None."""
    if not isinstance(record, dict):
        return (f"expected a JSON object with \"id\" and \"text\", "
                f"got {type(record).__name__}")
    for key in ("id", "text"):
        value = record.get(key)
        if not isinstance(value, str) or not value.strip():
            got = "missing" if key not in record else f"{value!r}"
            return f"\"{key}\" must be a non-empty string, got {got}"
    for key in OPTIONAL_FIELDS:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            return f"\"{key}\" must be a string or null, got {value!r}"
    return None


def _text(data: bytes, source: str, stem: str, on_error: OnError) -> Iterator[Read]:
    text, problem = decode_text(data)
    if text is None:
        on_error(InputError(source, problem or "cannot be decoded"))
        return
    articles = split_page(text, origin=source, base_id=stem)
    if not articles:
        on_error(InputError(source, "no article text found; expected Chinese news text"))
    for a in articles:
        yield source, None, a


def decode_text(data: bytes) -> tuple[str | None, str | None]:
    """Decode a text file: UTF-8 (with or without BOM), GB18030/GBK or Big5.

    Returns ``(text, None)`` or ``(None, what is wrong)``.

    UTF-8 is tried strictly first: valid UTF-8 is almost never anything else,
    except for a few characters: the GBK bytes of 学习 are also valid UTF-8
    (ѧϰ). So UTF-8 text with non-ASCII but no Chinese character, which a
    Chinese news file cannot be, is decoded as a legacy encoding if one fits.
    For the legacy encodings charset-normalizer was tried and is unreliable on
    short Chinese texts: it reads the GBK bytes of 中国 and 学习 as Big5
    (笢弊, 悝炾) and gives up on a Big5 sentence with 「」. Instead each legacy
    encoding that decodes strictly is scored by the share of its characters
    that are common ones (see :func:`common_share`); mis-decoded bytes turn
    into rare characters and private-use code points, so the true encoding
    wins even on a few characters.

    >>> decode_text("中国".encode("gbk"))
    ('中国', None)
    >>> decode_text("臺灣".encode("big5"))
    ('臺灣', None)
    """
    if not data:
        return None, "file is empty; expected Chinese text"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, "UTF-16 text is not supported; expected UTF-8, GB18030/GBK or Big5"
    if b"\x00" in data:
        return None, "not a text file (it contains NUL bytes)"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    if text is None or (not text.isascii() and not CJK_RE.search(text)
                        and not data.startswith(b"\xef\xbb\xbf")):
        text = _legacy(data) or text
    if text is None:
        return None, "not text in UTF-8, GB18030/GBK or Big5"
    if any(unicodedata.category(c) == "Cc" and c not in CONTROL_OK for c in text[:SCORE_CHARS]):
        return None, "not a text file (it contains control characters)"
    return text, None


def _legacy(data: bytes) -> str | None:
    """The legacy decoding whose characters look most like Chinese, if any does."""
    scored = []
    for rank, enc in enumerate(LEGACY_ENCODINGS):
        try:
            candidate = data.decode(enc)
        except UnicodeDecodeError:
            continue
        scored.append((common_share(candidate), -rank, candidate))
    if not scored:
        return None
    score, _, text = max(scored)
    return text if score >= MIN_SCORE else None


def common_share(text: str) -> float:
    """Share of the Chinese characters in ``text`` that are common ones.

    A character is common when its Simplified form (zhconv) is among the 3755
    level-1 characters of GB2312, the standard's list of frequent characters.
    Private-use code points (what GB18030 makes of Big5 bytes) count against.

    >>> common_share("学习"), common_share("悝炾")
    (1.0, 0.0)
    """
    import zhconv

    letters = [c for c in text[:SCORE_CHARS]
               if not c.isascii() and unicodedata.category(c) in ("Lo", "Co")]
    if not letters:
        return 1.0
    simplified = zhconv.convert("".join(letters), "zh-cn")
    return sum(_level1(c) for c in simplified) / len(simplified)


def _level1(c: str) -> bool:
    try:
        b = c.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(b) == 2 and 0xB0 <= b[0] <= 0xD7  # rows 16-55: level-1 characters
