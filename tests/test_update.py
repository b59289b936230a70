"""kgbuild run --update: adding articles to an earlier run gives, byte for byte, what one run
over everything gives; a failed or killed update leaves the earlier output as it was."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import store
from kg.cli import main
from kg.errors import BadOption, ExitStatus
from kg.output import OUTPUTS, RECORDS, SPARQL_STORE
from kg.run import run, sample_inputs
from kg.store import Records

SAMPLE_FEED = Path(sample_inputs()[0])  # the team-written articles, JSONL
SAMPLE_PAGE = Path(sample_inputs()[1])


def exports(out: Path) -> dict[str, bytes]:
    return {n: (out / n).read_bytes() for n in OUTPUTS}


def rows(out: Path) -> list[tuple[str, str]]:
    db = sqlite3.connect(out / RECORDS)
    try:
        return db.execute("SELECT id, record FROM articles ORDER BY seq").fetchall()
    finally:
        db.close()


def lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write(path: Path, records: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def pipeline():
    from kg.nlp import load_pipeline

    return load_pipeline()


def test_an_update_in_parts_gives_the_bytes_of_one_run(pipeline, tmp_path):
    feed = lines(SAMPLE_FEED)
    parts = [write(tmp_path / "part1.jsonl", feed[:4]), SAMPLE_PAGE,
             write(tmp_path / "part3.jsonl", feed[4:9]), write(tmp_path / "part4.jsonl", feed[9:])]
    whole = tmp_path / "whole"
    run([str(p) for p in parts], whole, pipeline=pipeline)

    out = tmp_path / "out"
    first = run([str(parts[0])], out, pipeline=pipeline)
    assert first.articles == 4
    for part in parts[1:]:
        result = run([str(part)], out, pipeline=pipeline, update=True)
    assert exports(out) == exports(whole)
    assert rows(out) == rows(whole)
    ids = [i for i, _ in rows(out)]  # in input order: the page's articles between the feed's
    assert result.articles == len(ids) > len(feed) and result.statements > 0
    assert ids[:4] + ids[-len(feed[4:]):] == [json.loads(x)["id"] for x in feed]


def test_an_article_sent_again_replaces_the_earlier_one_in_its_place(pipeline, tmp_path):
    feed = lines(SAMPLE_FEED)[:3]
    changed = json.loads(feed[1])
    changed["text"] = "星海集团副总经理林若川表示，将加快建设数据中心。"
    changed_line = json.dumps(changed, ensure_ascii=False)

    out = tmp_path / "out"
    run([str(write(tmp_path / "a.jsonl", feed))], out, pipeline=pipeline)
    run([str(write(tmp_path / "b.jsonl", [changed_line]))], out, pipeline=pipeline, update=True)

    whole = tmp_path / "whole"
    run([str(write(tmp_path / "all.jsonl", [feed[0], changed_line, feed[2]]))], whole, pipeline=pipeline)
    assert exports(out) == exports(whole)
    said = [json.loads(x) for x in lines(out / "statements.jsonl") if json.loads(x)["article"] == changed["id"]]
    assert [s["speaker"] for s in said] == ["林若川"]


def test_an_update_keeps_the_base_iri_of_the_earlier_run(pipeline, tmp_path):
    feed = lines(SAMPLE_FEED)
    out = tmp_path / "out"
    run([str(write(tmp_path / "a.jsonl", feed[:2]))], out, pipeline=pipeline, base_iri="https://example.org/kg/")
    run([str(write(tmp_path / "b.jsonl", feed[2:4]))], out, pipeline=pipeline, update=True)
    ttl = (out / "graph.ttl").read_text(encoding="utf-8")
    assert "https://example.org/kg/" in ttl and "http://example.org/kgbuild/" not in ttl


def test_an_update_with_other_settings_or_no_earlier_run_is_refused(tmp_path):
    inp = write(tmp_path / "a.jsonl", lines(SAMPLE_FEED)[:1])
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["run", str(inp), "--update", str(out)])
    assert r.exit_code == ExitStatus.USAGE
    assert f"{out}: --update needs the output folder of an earlier kgbuild run" in r.output
    assert not out.exists()  # nothing made
    r = CliRunner().invoke(main, ["run", str(tmp_path / "missing.jsonl"), "--update", str(out)])
    assert r.exit_code == ExitStatus.USAGE and "--update needs" in r.output  # said before any reading

    assert CliRunner().invoke(main, ["run", str(inp), "-o", str(out), "--no-ner", "--segmenter", "char"]).exit_code == 0
    before = exports(out)
    r = CliRunner().invoke(main, ["run", str(inp), "--update", str(out), "--segmenter", "char"])
    assert r.exit_code == ExitStatus.USAGE
    assert "made with other settings: ner 'no' (now 'yes')" in r.output
    assert exports(out) == before
    r = CliRunner().invoke(main, ["run", str(inp), "--update", str(out), "-o", str(tmp_path / "elsewhere")])
    assert r.exit_code == ExitStatus.USAGE and "give one output folder" in r.output


def test_a_failed_update_leaves_the_earlier_output_and_records(pipeline, tmp_path, monkeypatch):
    feed = lines(SAMPLE_FEED)
    out = tmp_path / "out"
    run([str(write(tmp_path / "a.jsonl", feed[:3]))], out, pipeline=pipeline)
    before, records = exports(out), rows(out)

    def broken(graph, f):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("kg.run.gexf.write_gexf", broken)
    with pytest.raises(Exception, match="No space left"):
        run([str(write(tmp_path / "b.jsonl", feed[3:6]))], out, pipeline=pipeline, update=True)
    assert exports(out) == before and rows(out) == records
    assert sorted(p.name for p in out.iterdir()) == sorted([*OUTPUTS, RECORDS, SPARQL_STORE])


def test_kill_9_during_an_update_leaves_the_earlier_output(tmp_path):
    """A real kill -9 while the update's transaction has written rows (SQLite's journal is there)."""
    feed = lines(SAMPLE_FEED)
    out = tmp_path / "out"
    args = ["--no-ner", "--segmenter", "char", "-j", "1"]
    kgbuild = [sys.executable, "-m", "kg.cli", "run"]
    subprocess.run([*kgbuild, str(write(tmp_path / "a.jsonl", feed[:2])), "-o", str(out), *args], check=True,
                   capture_output=True)
    before, records = exports(out), rows(out)
    many = [json.dumps({**json.loads(x), "id": f"{json.loads(x)['id']}-{k}"}, ensure_ascii=False)
            for k in range(40) for x in feed]  # long enough to be caught in the middle
    proc = subprocess.Popen([*kgbuild, str(write(tmp_path / "b.jsonl", many)), "--update", str(out), *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    journal = out / f"{RECORDS}-journal"
    deadline = time.monotonic() + 120
    while not journal.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert journal.exists(), "the update never wrote into its transaction"
    time.sleep(0.5)  # well into the extraction: rows written, exports not yet
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL
    assert exports(out) == before
    assert rows(out) == records  # SQLite rolls the transaction back on opening

    # and the next update goes through, as if the killed one had never been
    c = subprocess.run([*kgbuild, str(tmp_path / "b.jsonl"), "--update", str(out), *args], capture_output=True)
    assert c.returncode == 0, c.stderr
    assert len(rows(out)) == 2 + len(many)


def test_records_are_plain_json_any_sqlite_client_reads(pipeline, tmp_path):
    out = tmp_path / "out"
    run([str(SAMPLE_PAGE)], out, pipeline=pipeline)
    db = sqlite3.connect(out / RECORDS)
    (n,) = db.execute("SELECT SUM(json_array_length(record, '$.statements')) FROM articles").fetchone()
    meta = dict(db.execute("SELECT key, value FROM meta"))
    db.close()
    assert n == len(lines(out / "statements.jsonl"))
    assert meta["segmenter"] == "pkuseg" and meta["ner"] == "yes" and meta["format"] == store.FORMAT
    ex = next(iter(_open(out)))
    assert ex.article.id == "page#1" and any(s.speaker for s in ex.statements)


def _open(out: Path) -> Records:
    db = sqlite3.connect(out / RECORDS)
    return Records(db, out / RECORDS, out / RECORDS)


def test_an_unreadable_record_file_is_named(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / RECORDS).write_bytes(b"not a database at all" * 100)
    with pytest.raises(BadOption, match=f"{RECORDS}: cannot be read"):
        Records.update(out, {"segmenter": "pkuseg"})
