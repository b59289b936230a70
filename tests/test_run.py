"""kgbuild run and kgbuild query through the CLI: outputs, errors, determinism."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import run as run_module
from kg.cli import main
from kg.output import OUTPUTS, RECORDS, SPARQL_STORE

ARTICLE = {"id": "a1", "text": "星海集团副总经理林若川表示，将加快建设数据中心。"}


def invoke(*args: str, input: bytes | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_run_sample_writes_all_outputs(tmp_path):
    out = tmp_path / "out"
    result = invoke("run", "-o", str(out))
    assert result.exit_code == 0, result.output
    for name in OUTPUTS:
        assert (out / name).stat().st_size > 0
    assert "built-in sample" in result.output
    assert "statements" in result.output and "seconds" in result.output
    lines = (out / "statements.jsonl").read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[0])
    assert set(record) >= {"speaker", "title", "organization", "cue", "kind", "text", "article", "start", "end"}


def test_run_same_input_same_bytes(tmp_path):
    outputs = []
    for name in ("one", "two"):
        out = tmp_path / name
        assert invoke("run", "-o", str(out)).exit_code == 0
        outputs.append({n: (out / n).read_bytes() for n in OUTPUTS})
    assert outputs[0] == outputs[1]


def test_run_refused_input_is_named_and_the_rest_goes_on(tmp_path):
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps(ARTICLE, ensure_ascii=False) + "\n{broken\n", encoding="utf-8")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(good), str(binary), "-o", str(out)])
    assert result.exit_code == 1
    assert f"{good}:2" in result.output
    assert str(binary) in result.output
    statements = (out / "statements.jsonl").read_text(encoding="utf-8")
    assert "林若川" in statements


def test_run_reads_standard_input(tmp_path):
    out = tmp_path / "out"
    data = (json.dumps(ARTICLE, ensure_ascii=False) + "\n").encode("utf-8")
    result = invoke("run", "-", "-o", str(out), input=data)
    assert result.exit_code == 0, result.output
    assert "林若川" in (out / "statements.jsonl").read_text(encoding="utf-8")


def test_run_failure_leaves_previous_outputs(tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert invoke("run", "-o", str(out)).exit_code == 0
    kept = (*OUTPUTS, RECORDS)
    before = {n: (out / n).read_bytes() for n in kept}

    def broken(graph, f):
        f.write(b"<?xml")
        raise RuntimeError("disk full")

    monkeypatch.setattr(run_module.gexf, "write_gexf", broken)
    inp = tmp_path / "in.jsonl"
    inp.write_text(json.dumps(ARTICLE, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(RuntimeError):
        run_module.run([str(inp)], out)
    assert {n: (out / n).read_bytes() for n in kept} == before
    # no temporary files left
    assert sorted(p.name for p in out.iterdir()) == sorted([*kept, SPARQL_STORE])


def test_run_bad_base_iri_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["run", "-o", str(tmp_path), "--base-iri", "not an iri"])
    assert result.exit_code != 0
    assert "not an iri" in result.output
    assert "Traceback" not in result.output


def test_run_base_iri_is_used(tmp_path):
    assert invoke("run", "-o", str(tmp_path), "--base-iri", "http://example.com/kg/").exit_code == 0
    assert "<http://example.com/kg/person/" in (tmp_path / "graph.ttl").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sample_graph(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    run_module.run([], out)
    return out / "graph.ttl"


@pytest.mark.parametrize("fmt,check", [
    ("table", lambda s: s.splitlines()[1].startswith("---")),
    ("csv", lambda s: s.splitlines()[0].startswith("speaker,")),
    ("json", lambda s: isinstance(json.loads(s), list)),
])
def test_query_named_in_each_format(sample_graph, fmt, check):
    result = invoke("query", str(sample_graph), "--name", "who_said_what", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert check(result.output)
    assert "郑立衡" in result.output


def test_query_from_text_and_file(sample_graph, tmp_path):
    q = "PREFIX schema: <https://schema.org/> SELECT (COUNT(*) AS ?n) WHERE { ?p a schema:Person }"
    by_text = invoke("query", str(sample_graph), q, "--format", "csv").output
    f = tmp_path / "q.rq"
    f.write_text(q, encoding="utf-8")
    by_file = invoke("query", str(sample_graph), "-f", str(f), "--format", "csv").output
    assert by_text == by_file and int(by_text.splitlines()[1]) > 5


def test_query_errors_are_messages(sample_graph):
    result = CliRunner().invoke(main, ["query", str(sample_graph), "SELECT nonsense"])
    assert result.exit_code != 0 and "Traceback" not in result.output and "syntax" in result.output.lower()
    result = CliRunner().invoke(main, ["query", str(sample_graph), "--name", "no_such_query"])
    assert result.exit_code != 0 and "who_said_what" in result.output


@pytest.mark.parametrize("command", [[], ["run"], ["query"]])
def test_cli_every_command_has_help(command):
    result = invoke(*command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_run_progress_bar_only_for_many_articles(tmp_path, capsys):
    many = tmp_path / "many.jsonl"
    many.write_text("".join(
        json.dumps({"id": f"a{i}", "text": ARTICLE["text"]}, ensure_ascii=False) + "\n" for i in range(8)),
        encoding="utf-8")
    run_module.run([str(many)], tmp_path / "out", progress=True)
    assert "article" in capsys.readouterr().err
    run_module.run([str(many)], tmp_path / "out", progress=False)
    assert capsys.readouterr().err == ""


def test_run_an_article_the_pipeline_fails_on_is_reported_and_skipped(tmp_path, monkeypatch):
    import kg.extract

    real = kg.extract.extract_one

    def fragile(article, analysis):
        if article.id == "bad":
            raise RuntimeError("boom")
        return real(article, analysis)

    monkeypatch.setattr(kg.extract, "extract_one", fragile)
    inp = tmp_path / "in.jsonl"
    inp.write_text("".join(json.dumps({"id": i, "text": ARTICLE["text"]}, ensure_ascii=False) + "\n"
                           for i in ("good", "bad")), encoding="utf-8")
    errors = []
    result = run_module.run([str(inp)], tmp_path / "out", on_error=errors.append)
    assert result.articles == 1 and len(errors) == 1
    assert "'bad'" in str(errors[0]) and "boom" in str(errors[0]) and str(inp) in str(errors[0])


def test_eval_statements_scores_the_sample(tmp_path):
    from conftest import SAMPLE_GOLD

    articles = str(Path(__file__).parent.parent / "kg" / "sample" / "articles.jsonl")
    result = invoke("eval", "statements", str(SAMPLE_GOLD), articles, "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["right_speaker"] == figures["gold"] > 0


def test_eval_ner_on_fixtures(tmp_path):
    data = Path(__file__).parent / "data"
    for name, relative in (("ner_msra.bio", "msra_ner/msra_test_bio.txt"),
                           ("ner_cluener.jsonl", "cluener2020/dev.jsonl"),
                           ("ner_resume.bmes", "resume_ner/test.char.bmes")):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_bytes((data / name).read_bytes())
    result = invoke("eval", "ner", "--data", str(tmp_path), "--json")
    assert result.exit_code == 0, result.output
    figures = {r["name"]: r for r in json.loads(result.output)}
    assert set(figures) == {"msra", "cluener", "resume"}
    for r in figures.values():
        micro = r["scores"]["micro"]
        assert 0 <= micro["f1"] <= 1 and micro["gold"] > 0
    assert figures["resume"]["headline"] == "TITLE"


@pytest.mark.parametrize("command", [["eval"], ["eval", "ner"], ["eval", "statements"], ["segment"],
                                     ["train"], ["train", "segmenter"]])
def test_cli_every_subcommand_has_help(command):
    result = invoke(*command, "--help")
    assert result.exit_code == 0 and "Usage:" in result.output


def test_run_with_workers_writes_the_same_bytes_as_one_process(tmp_path, nlp):
    outputs = {}
    for jobs in (1, 2):
        out = tmp_path / f"j{jobs}"
        result = run_module.run([], out, pipeline=nlp, jobs=jobs)
        assert result.articles > 2 * run_module.CHUNK  # enough articles for two workers
        outputs[jobs] = {n: (out / n).read_bytes() for n in OUTPUTS}
    assert outputs[1] == outputs[2]


def test_run_an_article_a_worker_fails_on_is_reported_and_the_rest_kept(tmp_path, monkeypatch, nlp):
    import os

    import kg.extract

    real = kg.extract.extract_one
    parent = os.getpid()

    def fragile(article, analysis):
        if article.id == "bad":
            assert os.getpid() != parent  # extracted in a worker
            raise RuntimeError("boom")
        return real(article, analysis)

    monkeypatch.setattr(kg.extract, "extract_one", fragile)  # forked workers inherit it
    inp = tmp_path / "in.jsonl"
    ids = [f"a{i}" for i in range(5)] + ["bad"] + [f"b{i}" for i in range(5)]
    inp.write_text("".join(json.dumps({"id": i, "text": ARTICLE["text"]}, ensure_ascii=False) + "\n"
                           for i in ids), encoding="utf-8")
    errors = []
    result = run_module.run([str(inp)], tmp_path / "out", pipeline=nlp, on_error=errors.append, jobs=2)
    assert result.articles == 10 and len(errors) == 1
    assert f"{inp}:6" in str(errors[0]) and "'bad'" in str(errors[0]) and "boom" in str(errors[0])
    said = [json.loads(line)["article"] for line in (tmp_path / "out/statements.jsonl").read_text().splitlines()]
    assert said == [i for i in ids if i != "bad"]  # in input order


def test_run_jobs_option_and_default(tmp_path, monkeypatch):
    seen = []
    real = run_module.run
    monkeypatch.setattr(run_module, "run", lambda *a, **k: seen.append(k["jobs"]) or real(*a, **k))
    from kg.extract import available_cores

    assert invoke("run", "-o", str(tmp_path / "a"), "--no-ner", "-j", "1").exit_code == 0
    assert invoke("run", "-o", str(tmp_path / "b"), "--no-ner").exit_code == 0
    assert seen == [1, available_cores()]
