"""Hostile inputs (issue 15): one folder of files and JSONL lines that a careless
export, a broken download or a malicious feed may hand kgbuild, run in one go.

For every case: no crash; every refusal is in kgbuild's own words and names
the file (and the line, for JSONL); every output is valid (rapper and
pyoxigraph read the Turtle, jing validates the GEXF against the GEXF 1.3
schema, pySHACL finds the Turtle conforms to ontology/shapes.ttl); and nothing
readable is lost (the text around a NUL, an article in GB18030, Big5 or
UTF-16 are in the graph's ``nif:isString``).

All texts here are invented for these tests. The validators at the top are
shared with tests/test_fuzz.py.
"""
from __future__ import annotations

import json
import random
import re
import struct
import subprocess
import xml.etree.ElementTree as ET
import zlib
from importlib.resources import files
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from conftest import ROOT, require_tool
from kg.errors import ExitStatus, InputError
from kg.output import OUTPUTS

GEXF_SCHEMA = ROOT.parent / "shared" / "schemas" / "gexf-1.3" / "gexf.rnc"
NS = {"g": "http://gexf.net/1.3"}
PREFIXES = """
PREFIX schema: <https://schema.org/>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX kgb: <https://kgbuild.example.org/vocab#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

# What a message in kgbuild's own words never holds: a traceback, an exception's
# class or repr, a codec's or spaCy's message, or extract()'s catch-all for an
# exception inside the pipeline (a crash reported as a refusal).
RAW_MESSAGE = re.compile(
    r"Traceback|Exception|Error\b|Error:|codec can't|\[E\d{3}\]|could not be processed|Errno|"
    r"object has no attribute|unsupported operand|index out of range|NoneType"
)
QUOTE_MARKS = "\"'“”‘’「」『』＂＇〝〞〃"


# ---------------------------------------------------------------- validators

def rapper_problem(ttl: Path) -> str | None:
    """rapper's complaint about a Turtle file, or None if it reads it cleanly."""
    rapper = require_tool("rapper")
    done = subprocess.run([rapper, "-q", "-i", "turtle", "-c", str(ttl)], capture_output=True, text=True,
                          errors="replace")
    if done.returncode != 0 or "error" in done.stderr.lower() or "warning" in done.stderr.lower():
        return f"rapper exit {done.returncode}: {done.stderr.strip()[:2000]}"
    return None


def jing_problems(paths: list[Path]) -> str | None:
    """jing's complaints about GEXF files (one jing process for all of them), or None."""
    if not paths:
        return None
    jing = require_tool("jing")
    if not GEXF_SCHEMA.is_file():
        pytest.skip(f"GEXF 1.3 schema not found at {GEXF_SCHEMA}")
    done = subprocess.run([jing, "-c", str(GEXF_SCHEMA), *map(str, paths)], capture_output=True, text=True,
                          errors="replace")
    if done.returncode != 0:
        return f"jing exit {done.returncode}: {(done.stdout + done.stderr).strip()[:4000]}"
    return None


def oxigraph_store(ttl: Path) -> ox.Store:
    store = ox.Store()
    store.load(path=str(ttl), format=ox.RdfFormat.TURTLE)
    return store


def shacl_problem(ttl: Path) -> str | None:
    import pyshacl  # heavy: only where needed
    from rdflib import Graph

    shapes = Graph().parse(data=files("kg.ontology").joinpath("shapes.ttl").read_bytes(), format="turtle")
    data = Graph().parse(ttl, format="turtle")
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes)
    return None if conforms else text[:4000]


def statements_problem(path: Path) -> str | None:
    """statements.jsonl: one JSON object a line, split at \\n only (U+2028 is no line end in JSONL)."""
    data = path.read_bytes()
    if not data:
        return None
    if not data.endswith(b"\n"):
        return "statements.jsonl does not end with a line break"
    for n, line in enumerate(data[:-1].split(b"\n"), 1):
        try:
            record = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            return f"statements.jsonl:{n}: {e}"
        if not isinstance(record, dict):
            return f"statements.jsonl:{n}: not an object"
    return None


def text_problems(outdir: Path) -> list[str]:
    """Characters no output may hold: XML 1.0 and Turtle refuse C0 controls (but tab and line
    ends), lone surrogates (not even encodable), U+FFFE and U+FFFF."""
    bad = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
    problems = []
    for name in OUTPUTS:
        data = (outdir / name).read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            problems.append(f"{name}: not UTF-8: {e}")
            continue
        m = bad.search(text)
        if m:
            problems.append(f"{name}: holds U+{ord(m.group()):04X} at character {m.start()}")
    return problems


def offsets_problems(store: ox.Store) -> list[str]:
    """Every mention's anchor and every statement's text is its context's string at its offsets."""
    rows = store.query(PREFIXES + """
        SELECT ?x ?said ?begin ?end ?s WHERE {
          { ?x nif:anchorOf ?said } UNION { ?x a schema:Quotation ; schema:text ?said }
          ?x nif:referenceContext ?c ; nif:beginIndex ?begin ; nif:endIndex ?end .
          ?c nif:isString ?s .
        }""")
    problems = []
    for row in rows:
        s, b, e = row["s"].value, int(row["begin"].value), int(row["end"].value)
        if not 0 <= b <= e <= len(s) or s[b:e] != row["said"].value:
            problems.append(f"{row['x'].value}: [{b}, {e}) is {s[b:e]!r}, not {row['said'].value!r}")
    return problems


def check_outputs(outdir: Path, shacl: bool = True, jing: bool = True) -> ox.Store:
    """Assert that the outputs of a run are valid; the Turtle, loaded. With ``jing=False``
    the caller validates the GEXF itself (tests/test_fuzz.py runs one jing for many)."""
    ttl, gexf = outdir / "graph.ttl", outdir / "graph.gexf"
    for name in OUTPUTS:
        assert (outdir / name).is_file(), f"{name} was not written"
    assert text_problems(outdir) == []
    assert rapper_problem(ttl) is None, rapper_problem(ttl)
    store = oxigraph_store(ttl)
    assert offsets_problems(store) == []
    ET.parse(gexf)  # well-formed XML
    if jing:
        problem = jing_problems([gexf])
        assert problem is None, problem
    assert statements_problem(outdir / "statements.jsonl") is None
    if shacl:
        problem = shacl_problem(ttl)
        assert problem is None, problem
    return store


def own_words(message: str) -> bool:
    return RAW_MESSAGE.search(message) is None


def articles_of(store: ox.Store) -> dict[str, dict[str, object]]:
    """identifier → {string, headline, date, source, url, url_type} of every article in the graph."""
    out = {}
    for row in store.query(PREFIXES + """
        SELECT ?id ?s ?headline ?date ?source ?url WHERE {
          ?a a schema:NewsArticle ; schema:identifier ?id ; kgb:hasContext/nif:isString ?s .
          OPTIONAL { ?a schema:headline ?headline } OPTIONAL { ?a schema:datePublished ?date }
          OPTIONAL { ?a kgb:sourceName ?source } OPTIONAL { ?a schema:url ?url }
        }"""):
        def value(key):
            return None if row[key] is None else row[key].value
        out[row["id"].value] = {
            "string": value("s"), "headline": value("headline"), "date": value("date"),
            "source": value("source"), "url": value("url"),
            "url_type": None if row["url"] is None else row["url"].datatype.value,
        }
    return out


def statements_of(store: ox.Store) -> list[dict[str, str | None]]:
    rows = store.query(PREFIXES + """
        SELECT ?id ?text ?speaker ?kind WHERE {
          ?q a schema:Quotation ; schema:text ?text ; schema:isPartOf/schema:identifier ?id ;
             kgb:statementKind ?kind .
          OPTIONAL { ?q schema:spokenByCharacter/schema:name ?speaker }
        }""")
    return [{"article": r["id"].value, "text": r["text"].value,
             "speaker": None if r["speaker"] is None else r["speaker"].value,
             "kind": r["kind"].value.rsplit("#", 1)[-1]} for r in rows]


# ---------------------------------------------------------------- the inputs

def png() -> bytes:
    """A real 4×4 grey PNG: signature, IHDR, IDAT, IEND."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    rows = b"".join(b"\x00" + bytes([16 * i + 3 * j for j in range(4)]) for i in range(4))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


GB18030_TEXT = ("𠮷祥市举办读书节\n"
                "𠮷祥市图书馆馆长林晓雨表示，今年读书节将持续一个月。\n"
                "她说：“欢迎市民带孩子来𠮷祥市图书馆看书。”\n")
BIG5_TEXT = ("臺北市舉辦元宵燈會\n"
             "臺北市政府觀光傳播局局長陳怡君表示，今年燈會將展出三百組花燈。\n"
             "她說：「歡迎民眾攜家帶眷前來賞燈。」\n")
BOM_TEXT = ("江城社区食堂越办越红火\n"
            "今年以来，江城市新建的社区食堂陆续开门营业。\n"
            "江城市民政局局长温思远说：“我们还要再开十家。”\n")
UTF16_TEXT = ("长湖县推进农村公路建设\n"
              "长湖县交通运输局局长周明远介绍，全县今年将新改建农村公路八十公里。\n")
CONTROLS_TEXT = ("江城社区食堂开业\n"
                 "今年以来，江城市新建\x00的社区食堂陆续开门营业。\n"
                 "老人们\x1b在家门口\x7f就能吃上\x08热乎饭菜。\n")
DAMAGED_TEXT = ("星海集团发布年报\n"
                "星海集团副总经理林若川表示，公司将加快建设数据中心。\n"
                "他说：“明年我们还要扩大规模。”\n")
# A web copy with half-width punctuation: "." ends sentences, but not inside 3.5.
HALFWIDTH_TEXT = ("星海集团公布投资计划\n"
                  "星海集团副总经理林若川表示,公司今年将投资3.5亿元建设数据中心.他还说,明年将在江城增设研发机构.\n")
UNCLOSED_TEXT = ("江城召开社区食堂座谈会\n"
                 "座谈会上，江城市市长温思远说：“我们要把社区食堂办好，让老人吃得放心。\n"
                 "随后，与会代表进行了讨论。\n")
RUNAWAY_TEXT = ("江城日报社区版\n"
                "市民周明远说：" + "“" * 10_000 + "\n\n"
                + "市民吴桐说：" + "“”" * 1_000 + "\n\n"
                + "市民林晓雨说：" + '"' * 2_000 + "。\n")
DAY1_TEXT = "江城迎来降温\n江城市气象台首席预报员吴桐提醒，市民要注意添衣保暖。\n"
DAY2_TEXT = "江城气温回升\n江城市气象台首席预报员吴桐表示，本周后半段气温将逐步回升。\n"

# Each dangerous character, and all of them at once, in every field of a JSONL line.
DANGEROUS = {
    "quote": '"', "backslash": "\\", "lt": "<", "gt": ">", "amp": "&",
    "u2028": "\u2028", "u2029": "\u2029", "ufffe": "\ufffe", "rlo": "\u202e", "rlm": "\u200f",
    "zwj-family": "👩\u200d👩\u200d👧",
}
ALL_DANGEROUS = '" \\ < > & \u2028 \u2029 \ufffe \u202e \u200f 👩\u200d👩\u200d👧 ]]> --> \\u0041 """ \'\'\''


def dangerous_record(key: str, d: str) -> dict[str, str]:
    return {
        "id": f"danger-{key}{d}",
        "title": f"标题{d}星海集团发布会",
        "text": f"星海集团副总经理林若川{d}表示，公司将{d}加快建设数据中心。他说：“{d}我们欢迎合作{d}。”",
        "date": f"2025-09-04{d}",
        "source": f"新华社{d}",
        "url": f"https://news.example.cn/a/{d}",
    }


def as_given(value: str) -> str:
    """A field as the outputs must carry it: U+FFFE (no character; Turtle and XML refuse it) is U+FFFD."""
    return value.replace("\ufffe", "\ufffd")


GOOD_RECORD = {"id": "feed-01", "title": "星海集团发布会", "date": "2025-09-04", "source": "新华社",
               "url": "https://news.example.cn/a/1",
               "text": "星海集团副总经理林若川表示，公司将加快建设数据中心。"}


def feed_lines() -> list[bytes]:
    """The lines of feed.jsonl; the comments give their line numbers."""
    dump = lambda r: json.dumps(r, ensure_ascii=False).encode("utf-8")  # noqa: E731
    lines = [
        dump(GOOD_RECORD),  # 1
        # 2: a lone surrogate and a NUL, as JSON escapes
        b'{"id": "feed-02", "text": "\\u6c5f\\u57ce\\u5e02\\u5e02\\u957f\\u6e29\\u601d\\u8fdc\\ud800'
        b'\\u8868\\u793a\\uff0c\\u0000\\u5c06\\u65b0\\u5efa\\u5341\\u5bb6\\u793e\\u533a\\u98df\\u5802\\u3002"}',
        '{"id": "feed-03", "text": "缺了结尾的一行'.encode(),  # 3: broken JSON
        b"[1,2]",  # 4
        b'"str"',  # 5
        b"42",  # 6
        dump({"id": "feed-01", "text": "编号重复的文章。"}),  # 7: duplicate id
        dump(dangerous_record("all", ALL_DANGEROUS)),  # 8
        dump({"id": "feed-09", "text": "长湖县县长周明远说，全县今年将新建三所学校。",  # 9
              "url": "javascript:alert(1)"}),
        dump({"id": "feed-10", "text": "这一行以回车换行结尾。"}) + b"\r",  # 10: CRLF
        # 11: invalid UTF-8 inside a string
        b'{"id": "feed-11", "text": "' + "江城市".encode() + b"\xff\xc3" + "新建十家社区食堂。".encode() + b'"}',
        b"   ",  # 12: blank, skipped
        dump({"id": "feed-13", "text": "1\u20282\u20293"}),  # 13: line separators in the text only
        dump({"id": "feed-14", "text": UNCLOSED_TEXT.split("\n", 1)[1]}),  # 14: a quote left open
        b'{"id": ["\\ud800", null], "text": "\\u0000"}',  # 15: a lone surrogate in the value refused
        dump({"id": "feed-16", "text": "好。", "url": {"href": "javascript:alert(1)"}}),  # 16
    ]
    # 14 … : each dangerous character alone, in every field
    lines += [dump(dangerous_record(k, d)) for k, d in DANGEROUS.items()]
    # and the same with \u escapes (what ensure_ascii writes)
    lines += [json.dumps(dangerous_record(f"esc-{k}", d)).encode() for k, d in DANGEROUS.items()]
    return lines


def noise(seed: int, size: int) -> bytes:
    return random.Random(seed).randbytes(size)


def make_inputs(root: Path) -> Path:
    """The hostile folder."""
    news = root / "news"
    (news / "day1").mkdir(parents=True)
    (news / "day2").mkdir()
    write = lambda name, data: (news / name).write_bytes(data)  # noqa: E731
    write("empty.txt", b"")
    write("binary.txt", noise(15, 4096))
    write("image.txt", png())
    write("photo.png", png())  # another kind of file: skipped with a note
    write("gb18030.txt", GB18030_TEXT.encode("gb18030"))
    write("big5.txt", BIG5_TEXT.encode("big5"))
    write("bom.txt", BOM_TEXT.encode("utf-8-sig"))
    write("utf16le.txt", UTF16_TEXT.encode("utf-16-le").join([b"\xff\xfe", b""]))
    write("utf16be.txt", UTF16_TEXT.encode("utf-16-be").join([b"\xfe\xff", b""]))
    write("controls.txt", CONTROLS_TEXT.encode("utf-8"))
    damaged = DAMAGED_TEXT.encode("utf-8")
    cut = damaged.index("公司".encode())
    write("damaged.txt", damaged[:cut] + b"\xff\xc0\xfe" + damaged[cut:])
    write("halfwidth.txt", HALFWIDTH_TEXT.encode("utf-8"))
    write("unclosed.txt", UNCLOSED_TEXT.encode("utf-8"))
    write("runaway.txt", RUNAWAY_TEXT.encode("utf-8"))
    write("day1/news.txt", DAY1_TEXT.encode("utf-8"))
    write("day2/news.txt", DAY2_TEXT.encode("utf-8"))
    write("feed.jsonl", b"\n".join(feed_lines()) + b"\n")
    write("noise.jsonl", noise(16, 3000))
    return news


def noise_lines() -> list[int]:
    """The lines of noise.jsonl the reader must refuse: all but the blank ones."""
    return [n for n, raw in enumerate(noise(16, 3000).split(b"\n"), 1) if raw.strip()]


# Refusals expected: (file in the folder, line or None, what the message says).
REFUSED = [
    ("empty.txt", None, "empty"),
    ("binary.txt", None, "not"),
    ("image.txt", None, "not"),
    ("feed.jsonl", 3, "invalid JSON"),
    ("feed.jsonl", 4, 'expected a JSON object with "id" and "text", got an array'),
    ("feed.jsonl", 5, 'expected a JSON object with "id" and "text", got a string'),
    ("feed.jsonl", 6, 'expected a JSON object with "id" and "text", got 42'),
    ("feed.jsonl", 7, "duplicate id 'feed-01'"),
    ("feed.jsonl", 15, '"id" must be a non-empty string, got ["\\ud800", null]'),
    ("feed.jsonl", 16, '"url" must be a string or null, got {"href": "javascript:alert(1)"}'),
]


class Hostile:
    """One run over the hostile folder, in-process with the session's pipeline."""

    def __init__(self, root: Path, pipeline):
        from kg.run import run

        self.news = make_inputs(root)
        self.out = root / "out"
        self.errors: list[InputError] = []
        self.notes: list[str] = []
        self.result = run([str(self.news)], self.out, pipeline=pipeline, on_error=self.errors.append,
                          on_note=self.notes.append)
        self.store = oxigraph_store(self.out / "graph.ttl")
        self.articles = articles_of(self.store)
        self.statements = statements_of(self.store)

    def path(self, name: str) -> str:
        return str(self.news / name)

    def notes_of(self, name: str) -> list[str]:
        return [n for n in self.notes if n.startswith(self.path(name) + ":")]

    def gexf_articles(self) -> dict[str, dict[str, str]]:
        """identifier → the attribute values of its article node in graph.gexf."""
        out = {}
        for node in ET.parse(self.out / "graph.gexf").getroot().iterfind(".//g:nodes/g:node", NS):
            values = {v.get("for"): v.get("value") for v in node.iterfind("g:attvalues/g:attvalue", NS)}
            if values.get("type") == "Article":
                out[values["identifier"]] = values
        return out


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, nlp) -> Hostile:
    return Hostile(tmp_path_factory.mktemp("hostile"), nlp)


# ---------------------------------------------------------------- no crash, refusals

def test_hostile_refusals_are_exactly_the_unreadable_inputs(hostile):
    expected = {(hostile.path(f), line) for f, line, _ in REFUSED}
    expected |= {(hostile.path("noise.jsonl"), n) for n in noise_lines()}
    got = [(e.source, e.line) for e in hostile.errors]
    assert len(got) == len(set(got)), "a file or line refused twice"
    assert set(got) == expected


@pytest.mark.parametrize(("name", "line", "says"), REFUSED, ids=[f"{f}:{n}" for f, n, _ in REFUSED])
def test_hostile_refusal_message(hostile, name, line, says):
    (error,) = [e for e in hostile.errors if (e.source, e.line) == (hostile.path(name), line)]
    where = hostile.path(name) + (f":{line}" if line else "")
    message = str(error)
    assert message.startswith(where + ": ")
    assert says in message
    assert own_words(message), message


def test_hostile_every_refusal_names_file_and_line_in_own_words(hostile):
    jsonl = {hostile.path("feed.jsonl"), hostile.path("noise.jsonl")}
    for e in hostile.errors:
        assert e.source.startswith(str(hostile.news)), e
        if e.source in jsonl:
            assert e.line is not None and str(e).startswith(f"{e.source}:{e.line}: "), e
        assert own_words(str(e)), e


def test_hostile_notes_in_own_words(hostile):
    for n in hostile.notes:
        assert n.startswith(str(hostile.news)), n
        assert own_words(n), n


def test_hostile_run_counts(hostile):
    assert hostile.result.articles == len(hostile.articles)
    assert hostile.result.errors == hostile.errors
    assert "could not be processed" not in " ".join(map(str, hostile.errors))


# ---------------------------------------------------------------- valid outputs

def test_hostile_outputs_are_valid(hostile):
    check_outputs(hostile.out, shacl=True)


# ---------------------------------------------------------------- nothing readable lost

def test_hostile_every_readable_input_is_an_article(hostile):
    ids = set(hostile.articles)
    texts = {"gb18030", "big5", "bom", "utf16le", "utf16be", "controls", "damaged", "halfwidth",
             "unclosed", "runaway", "day1/news", "day2/news"}
    assert texts <= ids, texts - ids
    records = {"feed-01", "feed-02", "feed-09", "feed-10", "feed-11", "feed-13", "feed-14",
               as_given(f"danger-all{ALL_DANGEROUS}")}
    records |= {as_given(f"danger-{k}{d}") for k, d in DANGEROUS.items()}
    records |= {as_given(f"danger-esc-{k}{d}") for k, d in DANGEROUS.items()}
    assert records <= ids, records - ids
    assert len(ids) == len(texts) + len(records)


@pytest.mark.parametrize(("aid", "text"), [
    ("gb18030", GB18030_TEXT), ("big5", BIG5_TEXT), ("bom", BOM_TEXT),
    ("utf16le", UTF16_TEXT), ("utf16be", UTF16_TEXT),
    ("day1/news", DAY1_TEXT), ("day2/news", DAY2_TEXT), ("halfwidth", HALFWIDTH_TEXT),
])
def test_hostile_text_files_read_exactly(hostile, aid, text):
    """Headline and body as written, line breaks kept in the context, no BOM."""
    title, *body = text.strip().split("\n")
    article = hostile.articles[aid]
    assert article["headline"] == title
    assert article["string"] == "\n".join(body)


def test_hostile_astral_offsets(hostile):
    """𠮷 is one code point: the mention of the library after it is found at its code-point offsets."""
    s = hostile.articles["gb18030"]["string"]
    assert s.count("𠮷") == 2
    assert offsets_problems(hostile.store) == []


def test_hostile_text_around_control_characters_is_kept(hostile):
    s = hostile.articles["controls"]["string"]
    for part in ("今年以来，江城市新建", "的社区食堂陆续开门营业。", "老人们", "在家门口", "就能吃上", "热乎饭菜。"):
        assert part in s
    assert not re.search("[\x00-\x08\x1b\x7f]", s)
    assert len(s) == len("\n".join(CONTROLS_TEXT.strip().split("\n")[1:]))  # one for one: offsets still hold
    (note,) = hostile.notes_of("controls.txt")
    assert "line 2 column 11" in note and "U+0000" in note and "U+001B" in note


def test_hostile_invalid_bytes_in_the_middle_are_reported_and_the_rest_kept(hostile):
    s = hostile.articles["damaged"]["string"]
    assert "星海集团副总经理林若川表示，" in s and "公司将加快建设数据中心。" in s and "明年我们还要扩大规模" in s
    (note,) = hostile.notes_of("damaged.txt")
    offset = DAMAGED_TEXT.encode().index("公司".encode())
    assert f"byte offset {offset}" in note


def test_hostile_jsonl_surrogate_and_nul_are_replaced_and_the_rest_kept(hostile):
    assert hostile.articles["feed-02"]["string"] == "江城市市长温思远\ufffd表示，\ufffd将新建十家社区食堂。"
    notes = hostile.notes_of("feed.jsonl")
    assert any(n.startswith(f"{hostile.path('feed.jsonl')}:2: ") and "U+D800" in n and "U+0000" in n
               for n in notes), notes


def test_hostile_jsonl_invalid_utf8_inside_a_line(hostile):
    assert hostile.articles["feed-11"]["string"].startswith("江城市")
    assert hostile.articles["feed-11"]["string"].endswith("新建十家社区食堂。")
    assert any(n.startswith(f"{hostile.path('feed.jsonl')}:11: ") and "byte offset" in n
               for n in hostile.notes_of("feed.jsonl"))


def test_hostile_jsonl_line_separators_in_the_text(hostile):
    assert hostile.articles["feed-13"]["string"] == "1\u20282\u20293"
    assert hostile.articles["feed-10"]["string"] == "这一行以回车换行结尾。"


@pytest.mark.parametrize("key", ["all", *DANGEROUS, *[f"esc-{k}" for k in DANGEROUS]])
def test_hostile_dangerous_characters_in_every_field_survive_turtle(hostile, key):
    d = ALL_DANGEROUS if key == "all" else DANGEROUS[key.removeprefix("esc-")]
    record = dangerous_record(key, d)
    article = hostile.articles[as_given(record["id"])]
    assert article["string"] == as_given(record["text"])
    assert article["headline"] == as_given(record["title"])
    assert article["date"] == as_given(record["date"])
    assert article["source"] == as_given(record["source"])
    assert article["url"] == as_given(record["url"])


@pytest.mark.parametrize("key", ["all", *DANGEROUS])
def test_hostile_dangerous_characters_in_every_field_survive_gexf(hostile, key):
    d = ALL_DANGEROUS if key == "all" else DANGEROUS[key]
    record = dangerous_record(key, d)
    node = hostile.gexf_articles()[as_given(record["id"])]
    for field, attribute in (("title", "headline"), ("date", "date"), ("source", "source"), ("url", "url")):
        assert node.get(attribute) == as_given(record[field]), field


def test_hostile_dangerous_characters_in_statements(hostile):
    """The words said keep their dangerous characters (statements.jsonl and the graph agree)."""
    said = [s for s in hostile.statements if s["article"] == as_given(f"danger-all{ALL_DANGEROUS}")]
    assert any(as_given(ALL_DANGEROUS) in s["text"] for s in said), said
    lines = (hostile.out / "statements.jsonl").read_bytes().split(b"\n")
    records = [json.loads(line) for line in lines if line]
    assert any(as_given(ALL_DANGEROUS) in r["text"] for r in records
               if r["article"] == as_given(f"danger-all{ALL_DANGEROUS}"))


def test_hostile_javascript_url_is_a_plain_string(hostile):
    article = hostile.articles["feed-09"]
    assert article["url"] == "javascript:alert(1)"
    assert article["url_type"] == "http://www.w3.org/2001/XMLSchema#string"
    assert hostile.articles["feed-01"]["url_type"] == "http://www.w3.org/2001/XMLSchema#anyURI"
    assert hostile.gexf_articles()["feed-09"]["url"] == "javascript:alert(1)"


def test_hostile_same_named_files_in_two_folders(hostile):
    assert hostile.articles["day1/news"]["string"] != hostile.articles["day2/news"]["string"]
    assert not [e for e in hostile.errors if "news.txt" in e.source]


def test_hostile_other_kinds_of_file_are_named(hostile):
    assert any("photo.png" in n and "skipped" in n for n in hostile.notes)


# ---------------------------------------------------------------- statements from hostile text

def test_hostile_halfwidth_full_stop_ends_a_sentence(hostile):
    said = [s for s in hostile.statements if s["article"] == "halfwidth"]
    first = [s for s in said if "数据中心" in s["text"]]
    assert first, said
    for s in said:
        assert not ("数据中心" in s["text"] and "明年" in s["text"]), s  # ran on over the "."
    assert any("3.5亿元" in s["text"] for s in first), first  # not cut inside a number
    assert any("明年将在江城增设研发机构" in s["text"] for s in said), said


@pytest.mark.parametrize(("aid", "source"), [("unclosed", "unclosed.txt"), ("feed-14", "feed.jsonl:14")])
def test_hostile_unclosed_quote_is_taken_to_the_paragraph_end(hostile, aid, source):
    """说：“… with no closing mark: a warning, and the statement up to the paragraph end."""
    said = [s for s in hostile.statements if s["article"] == aid]
    quoted = [s for s in said if "我们要把社区食堂办好" in s["text"]]
    assert quoted, said
    assert all("随后" not in s["text"] for s in quoted), quoted
    assert any(s["text"].rstrip("。 ").endswith("让老人吃得放心") for s in quoted), quoted
    assert any(n.startswith(hostile.path(source) + ": ") and "not closed" in n for n in hostile.notes), \
        [n for n in hostile.notes if "not closed" in n]


def test_hostile_runaway_quote_marks_are_no_statement(hostile):
    """10,000 quote marks in a row: no statement of quote marks (nor one that is mostly quote marks)."""
    said = [s["text"] for s in hostile.statements if s["article"] == "runaway"]
    marks = [sum(c in QUOTE_MARKS for c in t) for t in said]
    bad = [f"{len(t)} characters, {m} of them quote marks, the rest {t.strip(QUOTE_MARKS)[:20]!r}"
           for t, m in zip(said, marks) if not t.strip(QUOTE_MARKS + " \n。，") or m * 2 > len(t)]
    assert bad == [], "statements of quote marks"
    assert not any("\n\n" in t for t in said), "a quote ran over a blank line"
    assert hostile.articles["runaway"]["string"].count("“") >= 11_000  # the text itself is kept
    assert any(n.startswith(hostile.path("runaway.txt") + ": ") for n in hostile.notes)


# ---------------------------------------------------------------- through the command line

def test_hostile_command_line(hostile, nlp, monkeypatch, tmp_path):
    """The same folder through `kgbuild run`: exit status 1 (some refused), each refusal on its own
    line in kgbuild's words, no traceback, and byte for byte the outputs of the library's run."""
    import kg.nlp
    from kg.cli import main

    monkeypatch.setattr(kg.nlp, "load_pipeline", lambda *a, **k: nlp)  # the session's pipeline
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(hostile.news), "-o", str(out), "--no-progress"],
                                catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == ExitStatus.REFUSED, result.output
    stderr = result.stderr
    assert "Traceback" not in result.output
    refused = [line for line in stderr.splitlines() if line.startswith("kgbuild: refused ")]
    assert len(refused) == len(hostile.errors)
    for f, line, says in REFUSED:
        where = hostile.path(f) + (f":{line}" if line else "")
        assert any(r.startswith(f"kgbuild: refused {where}: ") and says in r for r in refused), where
    for r in refused:
        assert own_words(r), r
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (hostile.out / name).read_bytes(), name


def test_hostile_stdin_binary_is_refused_in_own_words(nlp, monkeypatch, tmp_path):
    """Binary on stdin: nothing usable, exit status 3, the message names <stdin>."""
    import kg.nlp
    from kg.cli import main

    monkeypatch.setattr(kg.nlp, "load_pipeline", lambda *a, **k: nlp)
    result = CliRunner().invoke(main, ["run", "-", "-o", str(tmp_path / "out")], input=png())
    assert result.exit_code == ExitStatus.NOTHING_USABLE, result.output
    assert "kgbuild: refused <stdin>: " in result.stderr
    assert "Traceback" not in result.output and own_words(result.stderr.split("\n")[0])
