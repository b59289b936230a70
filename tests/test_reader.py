"""Reading inputs (kg.reader): JSONL, text in several encodings, folders, stdin.

Every bad input must be reported through ``on_error`` with its file (and
line), and the run must go on with the rest.
"""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.reader import decode_text, iter_articles

DATA = Path(__file__).parent / "data"
ARTICLES = DATA / "reader_articles.jsonl"
PAGE = DATA / "layout_page.txt"

ARTICLE = "江城社区食堂越办越红火\n今年以来，江城市新建的社区食堂陆续开门营业。\n老人们在家门口就能吃上热乎饭菜。\n"
TRADITIONAL = "廣州本週氣溫下降\n廣州市氣象臺首席預報員鄧海川提醒，市民要注意添衣保暖。\n「我們會及時發布預警。」他說。\n"

# (text, encoding): what a file may hold; each must read back exactly.
ENCODING_CASES = [
    (ARTICLE, "utf-8"),
    (ARTICLE, "utf-8-sig"),
    (ARTICLE, "gbk"),
    (ARTICLE, "gb18030"),
    (TRADITIONAL, "big5"),
    (TRADITIONAL, "gbk"),  # GBK has the Traditional characters too
]

# Short samples, where detectors are weakest: charset-normalizer takes the GBK
# bytes of 中国 and 学习 for Big5.
SHORT_CASES = [
    ("中国", "gbk"), ("学习", "gbk"), ("社区食堂", "gbk"), ("说", "gb18030"),
    ("臺灣", "big5"), ("經濟發展", "big5"), ("他說：「我們會繼續努力。」", "big5"),
    ("新華社廣州3月12日電（記者吳桐）", "big5"),
]

NOT_TEXT_CASES = [
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "not text", id="png"),
    pytest.param("新闻 news".encode("utf-16-be"), "not", id="utf-16-no-bom"),
    pytest.param(bytes(range(0x80, 0x100)) * 4, "not text", id="undecodable"),
    # Valid GB18030, but rare characters only: not Chinese text.
    pytest.param(bytes(range(0x81, 0xA0)) * 4, "not text", id="gb18030-garbage"),
    pytest.param(b"", "empty", id="empty"),
    pytest.param(b"abc\x01\x02\x03def\n", "control", id="control-characters"),
]

# (JSONL line, what the message must say)
BAD_LINE_CASES = [
    ('{"id": "x", "text": "好"', "invalid JSON"),
    ("[1, 2]", "JSON object"),
    ('"just a string"', "JSON object"),
    ('{"text": "没有编号。"}', '"id" must be a non-empty string, got missing'),
    ('{"id": "", "text": "编号为空。"}', '"id" must be a non-empty string'),
    ('{"id": 7, "text": "编号是数字。"}', '"id" must be a non-empty string, got 7'),
    ('{"id": "x"}', '"text" must be a non-empty string, got missing'),
    ('{"id": "x", "text": "  "}', '"text" must be a non-empty string'),
    ('{"id": "x", "text": ["段落"]}', '"text" must be a non-empty string'),
    ('{"id": "x", "text": "好。", "date": 20250904}', '"date" must be a string or null'),
    ('{"id": "x", "text": "好。", "title": {"a": 1}}', '"title" must be a string or null'),
]


def read(inputs, stdin=None, notes=None, skip=()):
    """Run the reader and collect both articles and errors (and notes, into a list given)."""
    errors: list[InputError] = []
    articles = list(iter_articles([str(i) for i in inputs], errors.append, stdin=stdin, skip=skip,
                                  on_note=None if notes is None else notes.append))
    return articles, errors


@pytest.mark.parametrize(("text", "encoding"), ENCODING_CASES)
def test_reader_text_encodings(tmp_path, text, encoding):
    path = tmp_path / "story.txt"
    path.write_bytes(text.encode(encoding))
    (article,), errors = read([path])
    assert errors == []
    lines = text.strip().split("\n")
    assert (article.id, article.title, article.text) == ("story", lines[0], "\n".join(lines[1:]))
    assert article.origin == str(path)


@pytest.mark.parametrize(("text", "encoding"), SHORT_CASES)
def test_reader_detects_short_legacy_text(text, encoding):
    assert decode_text(text.encode(encoding)) == (text, None)


@pytest.mark.parametrize(("data", "why"), NOT_TEXT_CASES)
def test_reader_refuses_non_text_and_goes_on(tmp_path, data, why):
    bad = tmp_path / "a_bad.txt"
    bad.write_bytes(data)
    good = tmp_path / "b_good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    articles, errors = read([bad, good])
    assert [a.id for a in articles] == ["b_good"]
    assert len(errors) == 1
    assert errors[0].source == str(bad) and errors[0].line is None
    assert why in str(errors[0]) and str(bad) in str(errors[0])


def test_reader_jsonl_articles():
    articles, errors = read([ARTICLES])
    assert errors == []
    assert [a.id for a in articles] == ["reader-01", "reader-02", "reader-03"]
    first, second, third = articles
    assert (first.title, first.date, first.source) == ("江城社区食堂越办越红火", "2025-03-12", "新华社")
    assert first.text.startswith("今年以来") and "\n" in first.text
    # The text is used exactly as given, surrounding spaces and all: offsets index it.
    assert second.text == json.loads(ARTICLES.read_text(encoding="utf-8").splitlines()[1])["text"]
    assert (second.title, second.url) == (None, "https://example.org/reader-02")
    assert [a.origin for a in articles] == [f"{ARTICLES}:1", f"{ARTICLES}:2", f"{ARTICLES}:4"]
    assert third.reporters == () and third.dateline is None


@pytest.mark.parametrize(("line", "message"), BAD_LINE_CASES)
def test_reader_jsonl_bad_line(tmp_path, line, message):
    path = tmp_path / "in.jsonl"
    good = '{"id": "ok-%d", "text": "一篇好文章。"}'
    path.write_text("\n".join([good % 1, "", line, good % 2]) + "\n", encoding="utf-8")
    articles, errors = read([path])
    assert [a.id for a in articles] == ["ok-1", "ok-2"]
    (error,) = errors
    assert (error.source, error.line) == (str(path), 3)
    assert message in str(error) and str(error).startswith(f"{path}:3: ")


def test_reader_jsonl_line_not_utf8_is_kept(tmp_path):
    """A GBK line in a UTF-8 feed is read as GBK; bytes that are nothing are replaced, with their offset."""
    path = tmp_path / "in.jsonl"
    gbk = '{"id": "a", "text": "江城市新建的社区食堂陆续开门营业。"}'.encode("gbk")
    damaged = b'{"id": "c", "text": "\xe5\xa5\xbd\xff"}'
    path.write_bytes(gbk + b'\n{"id": "b", "text": "\xe5\xa5\xbd"}\n' + damaged + b"\n")
    notes = []
    articles, errors = read([path], notes=notes)
    assert errors == []
    assert [a.text for a in articles] == ["江城市新建的社区食堂陆续开门营业。", "好", "好\ufffd"]
    assert notes == [f"{path}:1: line is not UTF-8 but GB18030: read as such",
                     f"{path}:3: invalid bytes at byte offset 24 of the line: replaced with U+FFFD"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_reader_utf16_with_a_bom(tmp_path, encoding):
    """As Windows tools save text: UTF-16 with a byte-order mark."""
    path = tmp_path / "win.txt"
    data = ARTICLE.encode(encoding)
    path.write_bytes(data if encoding == "utf-16" else "\ufeff".encode(encoding) + data)
    (article,), errors = read([path])
    assert errors == [] and article.title == "江城社区食堂越办越红火"


def test_reader_control_characters_are_replaced_not_refused(tmp_path):
    """One NUL or other control character in a text file: replaced, the place named, the file kept."""
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE.replace("新建", "新\x00建").replace("老人", "老\x1b人"), encoding="utf-8")
    notes = []
    (article,), errors = read([path], notes=notes)
    assert errors == []
    assert "新\ufffd建" in article.text and "老\ufffd人" in article.text
    assert notes == [f"{path}: U+0000 at line 2 column 10, U+001B at line 3 column 2: replaced with U+FFFD "
                     "(no output may hold such characters)"]


def test_reader_jsonl_characters_no_output_may_hold(tmp_path):
    """\\u0000, a lone surrogate, U+FFFE in any field: replaced one for one (offsets still index the text)."""
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "a\\u0000", "text": "林若川\\ud800表示，\\u0000将加快建设。", "title": "\\ufffe标题"}\n',
                    encoding="utf-8")
    notes = []
    (article,), errors = read([path], notes=notes)
    assert errors == []
    assert (article.id, article.text, article.title) == ("a\ufffd", "林若川\ufffd表示，\ufffd将加快建设。", "\ufffd标题")
    assert notes == [f'{path}:1: "id": U+0000 at character 1: replaced with U+FFFD (no output may hold such characters)',
                     f'{path}:1: "text": U+D800 at character 3, U+0000 at character 7: replaced with U+FFFD '
                     "(no output may hold such characters)",
                     f'{path}:1: "title": U+FFFE at character 0: replaced with U+FFFD (no output may hold such '
                     "characters)"]


def test_reader_damaged_text_file_is_kept(tmp_path):
    """Invalid bytes in the middle of a UTF-8 file: replaced, their byte offsets named, the rest kept."""
    path = tmp_path / "a.txt"
    data = ARTICLE.encode("utf-8")
    path.write_bytes(data[:40] + b"\xff\xfe" + data[40:])
    notes = []
    (article,), errors = read([path], notes=notes)
    assert errors == [] and "\ufffd" in article.text and article.text.count("\ufffd") <= 2
    assert notes == [f"{path}: invalid bytes at byte offset 40, 41: replaced with U+FFFD"]


def test_reader_duplicate_ids(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "a", "text": "甲。"}\n{"id": "b", "text": "乙。"}\n'
                    '{"id": "a", "text": "丙。"}\n', encoding="utf-8")
    other = tmp_path / "a.txt"  # a text file's id is its stem: "a" again
    other.write_text(ARTICLE, encoding="utf-8")
    articles, errors = read([path, other])
    assert [a.text for a in articles] == ["甲。", "乙。"]
    assert [(e.source, e.line) for e in errors] == [(str(path), 3), (str(other), None)]
    assert all("'a'" in str(e) and f"{path}:1" in str(e) for e in errors)


def test_reader_missing_path(tmp_path):
    missing = tmp_path / "nowhere.txt"
    articles, errors = read([missing, ARTICLES])
    assert len(articles) == 3
    assert errors[0].source == str(missing) and "no such file" in str(errors[0])


def test_reader_folder_recursive_sorted(tmp_path):
    (tmp_path / "b" / "deeper").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "deeper" / "z.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b" / "a.jsonl").write_text('{"id": "j1", "text": "一。"}\n', encoding="utf-8")
    (tmp_path / "c.txt").write_bytes(TRADITIONAL.encode("big5"))
    (tmp_path / "notes.md").write_text("# 不读\n", encoding="utf-8")
    (tmp_path / ".hidden" / "x.txt").write_text(ARTICLE, encoding="utf-8")
    notes = []
    articles, errors = read([tmp_path], notes=notes)
    assert errors == []
    assert [a.id for a in articles] == ["j1", "b/deeper/z", "c"]  # a file's id: its path in the folder
    assert articles[2].title == "廣州本週氣溫下降"
    assert notes == [f"{tmp_path}: skipped 1 file(s) that are not .txt or .jsonl: notes.md"]


def test_reader_same_names_in_different_folders_are_different_articles(tmp_path):
    """A folder-per-day archive: 2025-09-01/news.txt and 2025-09-02/news.txt."""
    for day in ("2025-09-01", "2025-09-02"):
        (tmp_path / day).mkdir()
        (tmp_path / day / "news.txt").write_text(ARTICLE, encoding="utf-8")
    articles, errors = read([tmp_path])
    assert errors == []
    assert [a.id for a in articles] == ["2025-09-01/news", "2025-09-02/news"]
    assert read([tmp_path / "2025-09-01" / "news.txt"])[0][0].id == "news"  # a file given: its name


def test_reader_skips_output_folders(tmp_path):
    """-o inside the input folder: the run's outputs are never read back as news."""
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    for out in ("out", "old-run"):
        (tmp_path / out).mkdir()
        for name in ("graph.ttl", "graph.gexf", "statements.jsonl"):
            (tmp_path / out / name).write_text('{"article": "a"}\n', encoding="utf-8")
    (tmp_path / "out" / "sub").mkdir()
    (tmp_path / "out" / "sub" / "x.txt").write_text(ARTICLE, encoding="utf-8")
    notes = []
    articles, errors = read([tmp_path], notes=notes, skip=[tmp_path / "out"])
    assert errors == [] and [a.id for a in articles] == ["a"]
    assert notes == [f"{tmp_path / 'old-run'}: skipped: it is an output folder of kgbuild",
                     f"{tmp_path / 'out'}: skipped: it is the output folder of kgbuild"]


def test_reader_empty_folder(tmp_path):
    articles, errors = read([tmp_path])
    assert articles == [] and errors[0].source == str(tmp_path)


def test_reader_page_ids(tmp_path):
    arts, errors = read([PAGE])
    assert errors == []
    assert [a.id for a in arts] == [f"layout_page#{n}" for n in range(1, len(arts) + 1)]
    assert len(arts) > 1 and all(a.origin == str(PAGE) for a in arts)


JSONL_IDS = ["reader-01", "reader-02", "reader-03"]
STDIN_CASES = [
    pytest.param(ARTICLES.read_bytes(), JSONL_IDS, id="jsonl"),
    pytest.param(b"\xef\xbb\xbf\n  " + ARTICLES.read_bytes(), JSONL_IDS, id="jsonl-bom-blank-first"),
    pytest.param(ARTICLE.encode("utf-8"), ["stdin"], id="text"),
    pytest.param(TRADITIONAL.encode("big5"), ["stdin"], id="big5-text"),
]


@pytest.mark.parametrize(("data", "ids"), STDIN_CASES)
def test_reader_stdin(data, ids):
    articles, errors = read(["-"], stdin=io.BytesIO(data))
    assert errors == []
    assert [a.id for a in articles] == ids


def test_reader_stdin_bad_line_is_named():
    data = b'{"id": "a", "text": "\xe7\x94\xb2"}\n{"id": "b"}\n'
    articles, errors = read(["-"], stdin=io.BytesIO(data))
    assert [a.id for a in articles] == ["a"] and articles[0].origin == "<stdin>:1"
    assert (errors[0].source, errors[0].line) == ("<stdin>", 2)


def test_reader_never_prints(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01")
    read([bad, tmp_path / "missing", ARTICLES, PAGE])
    assert capsys.readouterr() == ("", "")


def test_reader_deterministic(tmp_path):
    for src in (ARTICLES, PAGE):
        (tmp_path / src.name).write_bytes(src.read_bytes())
    first, second = read([tmp_path]), read([tmp_path])
    assert first[0] == second[0] and len(first[0]) > 3
