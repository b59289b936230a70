"""Read the inputs of a run: JSONL articles, plain-text files and pages, folders.

Bad input never stops a run: each bad file or line is handed to ``on_error`` as
an :class:`InputError` naming it, and reading goes on with the next.
"""
from __future__ import annotations

import json
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from kg.errors import InputError
from kg.layout import split_page
from kg.output import SIGNATURE  # a folder holding them is kgbuild's output, not news
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
CONTROL_OK = "\t\n\r\f\v"  # the only control characters kept (\f and \v become line breaks)
_REPLACED = frozenset("\ufffe\uffff")  # not characters (XML and Turtle refuse them), though not Cc
BAD_SHARE = 20  # a file with more than one bad byte or character in 20 bytes is not text
CJK_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

LISTED = 3  # skipped files named in a note

OnError = Callable[[InputError], None]
OnNote = Callable[[str], None]


def iter_articles(inputs: Sequence[str], on_error: OnError, stdin: BinaryIO | None = None,
                  skip: Sequence[Path] = (), on_note: OnNote | None = None) -> Iterator[Article]:
    """Articles from files, folders (``*.txt``, ``*.jsonl``, recursively) and ``-``.

    A text file's id is its name without the suffix (``news.txt``: ``news``); in
    a folder, its path from the folder (``2025-09-01/news``), so that same-named
    files of a folder-per-day archive stay apart. Ids must be unique within a
    run: a repeated id is reported, and the later article dropped.

    Inside a folder these are skipped, each with a note to ``on_note``: files of
    other kinds (``.html``, ``.json``), the folders in ``skip`` (the run's own
    output folder) and folders that hold kgbuild's outputs; files and folders
    whose name starts with a dot are skipped silently.
    """
    seen: dict[str, str] = {}
    note = on_note or (lambda _: None)
    skip = tuple(p.resolve() for p in skip)
    for name in inputs:
        for source, line, article in _read_input(name, on_error, stdin, skip, note):
            if article.id in seen:
                on_error(InputError(source, f"duplicate id {article.id!r}: already used by "
                                    f"{seen[article.id]}; ids must be unique", line=line))
                continue
            seen[article.id] = article.origin or source
            yield article


# What the readers yield: the source's name, the JSONL line (or None), the article.
Read = tuple[str, int | None, Article]


def _read_input(name: str, on_error: OnError, stdin: BinaryIO | None, skip: tuple[Path, ...],
                note: OnNote) -> Iterator[Read]:
    if name == STDIN:
        data = (stdin or sys.stdin.buffer).read()
        if data.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] == b"{":
            yield from _jsonl(data, STDIN_NAME, on_error, note)
        else:
            yield from _text(data, STDIN_NAME, "stdin", on_error, note)
        return
    path = Path(name)
    if path.is_dir():
        files = _folder_files(path, skip, note)
        if not files:
            on_error(InputError(name, f"folder has no {' or '.join(SUFFIXES)} files"))
        for f in files:
            yield from _read_file(f, on_error, note, f.relative_to(path).with_suffix("").as_posix())
    elif path.exists():
        yield from _read_file(path, on_error, note, path.stem)
    else:
        on_error(InputError(name, "no such file or folder"))


def _folder_files(folder: Path, skip: tuple[Path, ...], note: OnNote) -> list[Path]:
    """The ``.txt`` and ``.jsonl`` files of a folder and its subfolders, sorted; notes what is skipped."""
    files, others, outputs = [], [], []
    for here, dirs, names in os.walk(folder):
        here = Path(here)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        own = here.resolve() in skip
        if own or all(n in names for n in SIGNATURE):
            outputs.append(f"{here}: skipped: it is {'the output folder' if own else 'an output folder'} of kgbuild")
            dirs[:] = []
            continue
        for n in sorted(names):
            if n.startswith("."):
                continue
            (files if Path(n).suffix.lower() in SUFFIXES else others).append(here / n)
    for message in outputs:
        note(message)
    if others:
        listed = ", ".join(str(p.relative_to(folder)) for p in others[:LISTED])
        more = f" and {len(others) - LISTED} more" if len(others) > LISTED else ""
        note(f"{folder}: skipped {len(others)} file(s) that are not {' or '.join(SUFFIXES)}: {listed}{more}")
    return sorted(files)


def _read_file(path: Path, on_error: OnError, note: OnNote, stem: str) -> Iterator[Read]:
    try:
        data = path.read_bytes()
    except OSError as e:
        on_error(InputError(str(path), f"cannot be read: {e.strerror or e}"))
        return
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from _jsonl(data, str(path), on_error, note)
    else:
        yield from _text(data, str(path), stem, on_error, note)


def _jsonl(data: bytes, source: str, on_error: OnError, note: OnNote) -> Iterator[Read]:
    """One article a line; the text is used as given (offsets index it), but for
    characters that no output may hold, each replaced by one U+FFFD (a note says where)."""
    for n, raw in enumerate(data.split(b"\n"), 1):
        if n == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not raw.strip():
            continue
        line, bad = decode_replacing(raw, "utf-8")
        if bad:
            legacy = _legacy(raw)
            if legacy is not None:  # a GBK or Big5 line in a UTF-8 feed (feeds joined together)
                line = legacy
                note(f"{source}:{n}: line is not UTF-8 but {_encoding_of(raw, legacy)}: read as such")
            else:
                note(f"{source}:{n}: {_bytes_note(bad, ' of the line')}")
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            on_error(InputError(source, f"invalid JSON ({e.msg} at column {e.colno}); "
                                "expected one JSON object a line", line=n))
            continue
        problem = _check_record(record)
        if problem:
            on_error(InputError(source, problem, line=n))
            continue
        fields = {}
        for key in ("id", "text", *OPTIONAL_FIELDS):
            value = record.get(key)
            if value is not None:
                value, replaced = clean(value)
                if replaced:
                    note(f"{source}:{n}: \"{key}\": {_chars_note(replaced)}")
            fields[key] = value
        yield source, n, Article(origin=f"{source}:{n}", **fields)


def _check_record(record: object) -> str | None:
    """What is wrong with a JSONL record, or None; values are named as JSON writes them.

    >>> _check_record([1, 2]), _check_record({"id": None, "text": "好"})
    ('expected a JSON object with "id" and "text", got an array', '"id" must be a non-empty string, got null')
    """
    if not isinstance(record, dict):
        return (f"expected a JSON object with \"id\" and \"text\", "
                f"got {_JSON_KINDS.get(type(record)) or _shown(record)}")
    for key in ("id", "text"):
        value = record.get(key)
        if not isinstance(value, str) or not value.strip():
            got = "missing" if key not in record else _shown(value)
            return f"\"{key}\" must be a non-empty string, got {got}"
    for key in OPTIONAL_FIELDS:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            return f"\"{key}\" must be a string or null, got {_shown(value)}"
    return None


_JSON_KINDS = {list: "an array", str: "a string"}  # other values are shown: null, true, 42
SHOWN = 60  # characters of a bad value shown in a message


def _shown(value: object) -> str:
    """A JSON value as JSON writes it (null, not None), cut short; \\u escapes where it holds
    characters a terminal cannot show (a lone surrogate cannot even be printed)."""
    text = json.dumps(value, ensure_ascii=False)
    if not text.isprintable():
        text = json.dumps(value)
    return text if len(text) <= SHOWN else text[:SHOWN] + "…"


def _text(data: bytes, source: str, stem: str, on_error: OnError, note: OnNote) -> Iterator[Read]:
    text, problem = decode_text(data, lambda m: note(f"{source}: {m}"))
    if text is None:
        on_error(InputError(source, problem or "cannot be decoded"))
        return
    text, replaced = clean(text)
    if replaced:
        note(f"{source}: {_chars_note(replaced, text)}")
    articles = split_page(text, origin=source, base_id=stem)
    if not articles:
        on_error(InputError(source, "no article text found; expected Chinese news text"))
    for a in articles:
        yield source, None, a


def decode_text(data: bytes, note: OnNote | None = None) -> tuple[str | None, str | None]:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 with a BOM, GB18030/GBK or Big5.

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

    A file that decodes in none of them strictly but has only a few bad bytes
    (a damaged download) is kept: the encoding with the fewest bad bytes is
    used, each bad sequence replaced with U+FFFD, and ``note`` told their byte
    offsets. A file with many (a photo, a zip) is refused as not text.

    >>> decode_text("中国".encode("gbk"))
    ('中国', None)
    >>> decode_text("臺灣".encode("big5"))
    ('臺灣', None)
    >>> data = "记者来到新闻发布会现场".encode()
    >>> decode_text(data[:6] + b"\\xff" + data[6:], print)
    invalid bytes at byte offset 6: replaced with U+FFFD
    ('记者\\ufffd来到新闻发布会现场', None)
    """
    if not data:
        return None, "file is empty; expected Chinese text"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, bad = decode_replacing(data, "utf-16")
        if _mostly_bad(text, len(bad), len(data)):
            return None, "not text in UTF-16, though it starts with a UTF-16 byte-order mark"
        if bad and note:
            note(_bytes_note(bad))
        return text.removeprefix("\ufeff"), None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    if text is None or (not text.isascii() and not CJK_RE.search(text)
                        and not data.startswith(b"\xef\xbb\xbf")):
        text = _legacy(data) or text
    if text is None:
        text, bad = _least_damaged(data)
        if text is None:
            return None, "not text in UTF-8, UTF-16, GB18030/GBK or Big5"
        if note:
            note(_bytes_note(bad))
    if _mostly_bad(text, 0, len(data)):
        what = "NUL bytes" if text.count("\0") * 2 > _bad_chars(text) else "control characters"
        return None, f"not a text file (it is full of {what})"
    return text, None


def decode_replacing(data: bytes, encoding: str) -> tuple[str, list[int]]:
    """``data`` decoded, each undecodable sequence replaced with U+FFFD, and the byte offsets of those."""
    parts, bad, pos = [], [], 0
    while True:
        try:
            parts.append(data[pos:].decode(encoding))
            return "".join(parts), bad
        except UnicodeDecodeError as e:
            parts.append(data[pos:pos + e.start].decode(encoding))
            parts.append("\ufffd")
            bad.append(pos + e.start)
            pos += max(e.end, e.start + 1)
            if len(bad) * BAD_SHARE > len(data):  # no text: stop early
                parts.append(data[pos:].decode(encoding, errors="replace"))
                return "".join(parts), bad + [len(data)] * (len(data) // BAD_SHARE)


def _least_damaged(data: bytes) -> tuple[str | None, list[int]]:
    """The decoding with the fewest bad bytes, if that is few enough to call the file text."""
    tries = []
    for rank, enc in enumerate(("utf-8", *LEGACY_ENCODINGS)):
        text, bad = decode_replacing(data.removeprefix(b"\xef\xbb\xbf") if enc == "utf-8" else data, enc)
        if not _mostly_bad(text, len(bad), len(data)) and (enc == "utf-8" or common_share(text) >= MIN_SCORE):
            tries.append((len(bad), rank, text, bad))
    if not tries:
        return None, []
    _, _, text, bad = min(tries)
    return text, bad


def _bad_chars(text: str) -> int:
    return sum(1 for c in text if c in _REPLACED or unicodedata.category(c) == "Cc" and c not in CONTROL_OK)


def _mostly_bad(text: str, bad_bytes: int, size: int) -> bool:
    """More than one in BAD_SHARE of the file's ``size`` bytes (and more than one) undecodable
    or a control character: not text. Counted against bytes, not characters, so that a few bad
    bytes or control characters in a short Chinese article (three bytes a character in UTF-8)
    do not make it "not text"."""
    return bad_bytes + _bad_chars(text) > max(1, max(size, len(text)) / BAD_SHARE)


def clean(text: str) -> tuple[str, list[tuple[int, str]]]:
    """``text`` with every character that no output may hold (control characters
    but tab and line ends, lone surrogates, U+FFFE, U+FFFF) replaced by U+FFFD,
    one for one so that offsets still index it; form feed and vertical tab
    become line breaks. Returns the text and the (index, character) replaced.

    >>> clean("林若川\\x00说\\ud800。\\f")
    ('林若川\\ufffd说\\ufffd。\\n', [(3, '\\x00'), (5, '\\ud800')])
    """
    if text.isprintable() and "\ufffe" not in text and "\uffff" not in text:
        return text, []  # the common case, fast
    out, replaced = [], []
    for i, c in enumerate(text):
        if c in "\f\v":
            c = "\n"
        elif c in _REPLACED or unicodedata.category(c) in ("Cc", "Cs") and c not in CONTROL_OK:
            replaced.append((i, c))
            c = "\ufffd"
        out.append(c)
    return "".join(out), replaced


def _bytes_note(offsets: list[int], of: str = "") -> str:
    shown = ", ".join(str(o) for o in offsets[:LISTED])
    more = f" and {len(offsets) - LISTED} more" if len(offsets) > LISTED else ""
    return f"invalid bytes at byte offset {shown}{more}{of}: replaced with U+FFFD"


def _chars_note(replaced: list[tuple[int, str]], text: str | None = None) -> str:
    """Where characters were replaced: line and column in a text file, the character in a JSONL field."""
    def where(i: int) -> str:
        if text is None:
            return f"character {i}"
        line = text.count("\n", 0, i) + 1
        return f"line {line} column {i - (text.rfind(chr(10), 0, i) + 1) + 1}"

    shown = ", ".join(f"U+{ord(c):04X} at {where(i)}" for i, c in replaced[:LISTED])
    more = f" and {len(replaced) - LISTED} more" if len(replaced) > LISTED else ""
    return f"{shown}{more}: replaced with U+FFFD (no output may hold such characters)"


def _encoding_of(data: bytes, text: str) -> str:
    return next(e for e in LEGACY_ENCODINGS if data.decode(e, errors="replace") == text).upper()


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
