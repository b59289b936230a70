"""SPARQL over exported Turtle: named queries, display strings, formats, errors."""
from __future__ import annotations

import csv
import io
import json
import os
from importlib.resources import files
from pathlib import Path

import pytest

from kg.cues import cue_class
from kg.errors import QueryError
from kg.graph import build_graph
import kg.query
from kg.output import SPARQL_STORE
from kg.query import build_store, format_table, load_query, named_queries, run_query
from kg.rdf import write_turtle
from kg.types import DIRECT, INDIRECT, ORG, PERSON, Article, Extraction, PersonMention, Post, Statement

# Invented articles: 林晓雨 heads 星海大学 and speaks twice, once without a title.
TEXT_1 = "星海大学校长林晓雨说：“欢迎新生。”星海大学表示，将增设课程。"
TEXT_2 = "云岭省农业厅厅长周明远说：“今年丰收。”林晓雨认为，合作重要。"


def _said(aid: str, text: str, said: str, speaker: str, label: str, title: str | None,
          org: str | None, cue: str, kind: str) -> Statement:
    start = text.index(said)
    at = text.index(speaker)
    return Statement(PersonMention(at, at + len(speaker), speaker, title, org, label=label), cue, kind,
                     start, start + len(said), said, cue_class(cue))


EXTRACTIONS = [
    Extraction(
        article=Article(id="q1", text=TEXT_1, title="开学"),
        posts=(Post("林晓雨", "校长", "星海大学"),),
        statements=(
            _said("q1", TEXT_1, "欢迎新生。", "林晓雨", PERSON, "校长", "星海大学", "说", DIRECT),
            _said("q1", TEXT_1, "将增设课程", "星海大学", ORG, None, None, "表示", INDIRECT),
        ),
    ),
    Extraction(
        article=Article(id="q2", text=TEXT_2),
        posts=(Post("周明远", "厅长", "云岭省农业厅"),),
        statements=(
            _said("q2", TEXT_2, "今年丰收。", "周明远", PERSON, "厅长", "云岭省农业厅", "说", DIRECT),
            _said("q2", TEXT_2, "合作重要", "林晓雨", PERSON, None, None, "认为", INDIRECT),
        ),
    ),
]

# Named query → (variables, rows) the articles above must give.
EXPECTED = {
    "who_said_what": (
        ["speaker", "title", "organisation", "cue", "kind", "text", "article"],
        [
            ["林晓雨", "校长", "星海大学", "说", "direct", "欢迎新生。", "q1"],
            ["星海大学", "", "", "表示", "indirect", "将增设课程", "q1"],
            ["周明远", "厅长", "云岭省农业厅", "说", "direct", "今年丰收。", "q2"],
            ["林晓雨", "", "", "认为", "indirect", "合作重要", "q2"],
        ],
    ),
    "people_posts": (
        ["person", "title", "organisation"],
        [["周明远", "厅长", "云岭省农业厅"], ["林晓雨", "校长", "星海大学"]],
    ),
    # 星海大学: its own statement plus both of 林晓雨's.
    "orgs_by_statements": (
        ["organisation", "statements"],
        [["星海大学", "3"], ["云岭省农业厅", "1"]],
    ),
    "statements": (
        ["article", "start", "end", "speaker", "speakerType", "title", "organisation", "cue", "cueClass", "kind",
         "text"],
        [
            ["q1", "12", "17", "林晓雨", "Person", "校长", "星海大学", "说", "speech", "direct", "欢迎新生。"],
            ["q1", "25", "30", "星海大学", "Organization", "", "", "表示", "speech", "indirect", "将增设课程"],
            ["q2", "14", "19", "周明远", "Person", "厅长", "云岭省农业厅", "说", "speech", "direct", "今年丰收。"],
            ["q2", "26", "30", "林晓雨", "Person", "", "", "认为", "opinion", "indirect", "合作重要"],
        ],
    ),
    "statements_by_person": (
        ["person", "statements", "direct", "indirect"],
        [["林晓雨", "2", "1", "1"], ["周明远", "1", "1", "0"]],
    ),
}


@pytest.fixture(scope="module")
def turtle(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("query") / "graph.ttl"
    write_turtle(build_graph(EXTRACTIONS), path)
    return path


def test_query_named_queries_are_the_rq_files() -> None:
    folder = files("kg.ontology.queries")
    on_disk = sorted(e.name[:-3] for e in folder.iterdir() if e.name.endswith(".rq"))
    assert list(named_queries()) == on_disk == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_query_named_query_has_header(name: str) -> None:
    assert load_query(name).startswith(f"# {name}: ")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_query_named_query_rows(turtle: Path, name: str) -> None:
    assert run_query(turtle, load_query(name)) == EXPECTED[name]


def test_query_display_strings(turtle: Path) -> None:
    names, rows = run_query(turtle, """
        PREFIX schema: <https://schema.org/>
        PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
        SELECT ?q ?text ?begin ?missing WHERE {
          ?q schema:text "欢迎新生。"@zh-Hans ; schema:text ?text ; nif:beginIndex ?begin .
          OPTIONAL { ?q schema:nothing ?missing }
        }""")
    assert names == ["q", "text", "begin", "missing"]
    [[iri, text, begin, missing]] = rows
    assert iri.startswith("https://kgbuild.example.org/id/statement/")
    assert (text, begin, missing) == ("欢迎新生。", str(TEXT_1.index("欢迎新生。")), "")


def test_query_ask_and_construct(turtle: Path) -> None:
    assert run_query(turtle, "ASK { ?s ?p ?o }") == (["result"], [["true"]])
    nothing = "ASK { ?s <http://nothing.example/p> ?o }"
    assert run_query(turtle, nothing) == (["result"], [["false"]])
    names, rows = run_query(turtle, """
        CONSTRUCT { ?p <http://example.org/name> ?n }
        WHERE { ?p a <https://schema.org/Person> ; <https://schema.org/name> ?n }""")
    assert names == ["subject", "predicate", "object"]
    assert sorted(r[2] for r in rows) == ["周明远", "林晓雨"]


# (variables, rows, expected table): CJK characters take two columns.
TABLES = [
    (["person", "n"], [["林晓雨", "3"], ["Li", "12"]],
     "person  n\n------  --\n林晓雨  3\nLi      12\n"),
    (["人", "说"], [["周明远", "今年丰收。"]],
     "人      说\n------  ----------\n周明远  今年丰收。\n"),
    (["text"], [["第一段\n第二段"]],
     "text\n--------------\n第一段\\n第二段\n"),
    (["a", "b"], [], "a  b\n-  -\n"),
]


@pytest.mark.parametrize(("names", "rows", "expected"), TABLES)
def test_query_format_table(names: list[str], rows: list[list[str]], expected: str) -> None:
    assert format_table(names, rows, "table") == expected


ROWS = (["人", "说"], [["林晓雨", "欢迎, \"新生\""], ["周明远", "第一行\n第二行"], ["", "无名"]])


def test_query_format_csv() -> None:
    out = format_table(*ROWS, "csv")
    assert out.endswith("\n") and "\r" not in out
    assert list(csv.reader(io.StringIO(out))) == [ROWS[0], *ROWS[1]]


def test_query_format_json() -> None:
    out = format_table(*ROWS, "json")
    assert "林晓雨" in out  # not \\u escaped
    assert json.loads(out) == [dict(zip(ROWS[0], r)) for r in ROWS[1]]
    keys_sorted = '[\n  {\n    "a": "2",\n    "b": "1"\n  }\n]\n'
    assert format_table(["b", "a"], [["1", "2"]], "json") == keys_sorted


def test_query_format_unknown() -> None:
    with pytest.raises(QueryError, match="'xml'.*table, csv, json"):
        format_table(*ROWS, "xml")


def test_query_unknown_name_lists_known() -> None:
    with pytest.raises(QueryError) as err:
        load_query("who_said")
    assert "'who_said'" in str(err.value)
    for name in EXPECTED:
        assert name in str(err.value)


BAD_TURTLE = [
    ("missing.ttl", None),
    ("broken.ttl", "<https://a.example/s> <https://a.example/p> ."),
    ("not-utf8.ttl", b'<https://a.example/s> <https://a.example/p> "\xff" .'),
]


@pytest.mark.parametrize(("file", "content"), BAD_TURTLE)
def test_query_bad_turtle_names_file(tmp_path: Path, file: str, content) -> None:
    path = tmp_path / file
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    elif content is not None:
        path.write_bytes(content)
    with pytest.raises(QueryError, match=file):
        run_query(path, "SELECT * WHERE { ?s ?p ?o }")


@pytest.mark.parametrize("sparql", ["SELEC ?s WHERE { ?s ?p ?o }", "SELECT ?s WHERE { ?s ?p }",
                                    "SELECT * WHERE { ?s nope:p ?o }"])
def test_query_syntax_error(turtle: Path, sparql: str) -> None:
    with pytest.raises(QueryError, match="syntax error"):
        run_query(turtle, sparql)
    with pytest.raises(QueryError, match="'my_query'"):
        run_query(turtle, sparql, name="my_query")


def test_query_cli_and_help_do_not_load_spacy(turtle: Path) -> None:
    """kgbuild --help and kgbuild query never import spaCy (checked in a fresh interpreter)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from kg.cli import main\n"
        f"for args in (['--help'], ['query', {str(turtle)!r}, '--name', 'who_said_what']):\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit as e:\n"
        "        assert e.code == 0, e.code\n"
        "assert 'spacy' not in sys.modules, 'spacy was imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "林晓雨" in done.stdout


@pytest.fixture
def output_folder(tmp_path: Path) -> Path:
    """An output folder as kgbuild run leaves it: graph.ttl and, made from it, the SPARQL store."""
    write_turtle(build_graph(EXTRACTIONS), tmp_path / "graph.ttl")
    build_store(tmp_path / SPARQL_STORE, tmp_path / "graph.ttl")
    return tmp_path


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_query_on_an_output_folder_reads_its_store_not_the_turtle(output_folder: Path, name: str,
                                                                   monkeypatch) -> None:
    def no_turtle(path):
        raise AssertionError(f"{path} was read: the store should have answered")

    monkeypatch.setattr(kg.query, "_load", no_turtle)
    assert run_query(output_folder, load_query(name)) == EXPECTED[name]
    assert run_query(output_folder / "graph.ttl", load_query(name)) == EXPECTED[name]  # the store beside it


def test_query_reads_a_turtle_edited_after_the_run_not_the_older_store(output_folder: Path) -> None:
    ttl = output_folder / "graph.ttl"
    write_turtle(build_graph(EXTRACTIONS[:1]), ttl)
    later = (output_folder / SPARQL_STORE).stat().st_mtime + 10
    os.utime(ttl, (later, later))
    names, rows = run_query(output_folder, load_query("statements_by_person"))
    assert rows != EXPECTED["statements_by_person"][1]
    assert rows == run_query(ttl.parent, load_query("statements_by_person"))[1] and len(rows) == 1


def test_query_cli_takes_an_output_folder(output_folder: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    r = CliRunner().invoke(main, ["query", str(output_folder), "--name", "statements_by_person", "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[1:] == [",".join(row) for row in EXPECTED["statements_by_person"][1]]
