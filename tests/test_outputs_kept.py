"""A good output survives: a run that reads nothing, cannot write, runs out of
space or is interrupted leaves the earlier outputs as they were, and says so
with its own exit status (kg.errors.ExitStatus)."""
from __future__ import annotations

import errno
import json
import os
import signal
import stat
from collections import namedtuple

import pytest
from click.testing import CliRunner

import kg.extract
import kg.nlp
import kg.output
import kg.rdf
from kg.cli import main
from kg.errors import ExitStatus
from kg.output import OUTPUTS

ARTICLE = {"id": "a1", "text": "星海集团副总经理林若川表示，将加快建设数据中心。"}


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def snapshot(out):
    """Every file of the output folder, the SPARQL store's inside its folder too, by path."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture
def earlier(tmp_path):
    """An output folder with a good earlier run in it, and an input to run on."""
    inp = tmp_path / "in.jsonl"
    inp.write_text(json.dumps(ARTICLE, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert invoke("run", str(inp), "-o", str(out)).exit_code == 0
    assert "林若川" in (out / "statements.jsonl").read_text(encoding="utf-8")
    return inp, out, snapshot(out)


@pytest.fixture
def no_pipeline(monkeypatch):
    """Fail if the run gets as far as loading the pipeline: the check must come before the work."""
    def refuse(*args, **kwargs):
        raise AssertionError("the pipeline was loaded")

    monkeypatch.setattr(kg.nlp, "load_pipeline", refuse)


@pytest.mark.parametrize("inputs", [["missing.txt"], ["empty.txt"], ["empty-folder"]])
def test_a_run_that_reads_nothing_keeps_the_earlier_outputs(earlier, inputs, tmp_path):
    _, out, before = earlier
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "empty-folder").mkdir()
    result = invoke("run", *[str(tmp_path / i) for i in inputs], "-o", str(out))
    assert result.exit_code == ExitStatus.NOTHING_USABLE == 3
    assert "nothing was written" in result.output and "--allow-empty" in result.output
    assert snapshot(out) == before


def test_allow_empty_writes_empty_outputs(earlier, tmp_path):
    _, out, _ = earlier
    result = invoke("run", str(tmp_path / "missing.txt"), "-o", str(out), "--allow-empty")
    assert result.exit_code == ExitStatus.REFUSED  # the missing file was refused; outputs written
    assert (out / "statements.jsonl").read_bytes() == b""
    assert "schema:Quotation" not in (out / "graph.ttl").read_text(encoding="utf-8")


def test_an_output_folder_that_cannot_be_written_is_found_before_the_work(earlier, monkeypatch, no_pipeline):
    inp, out, before = earlier

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(kg.output.tempfile, "mkstemp", denied)
    result = invoke("run", str(inp), "-o", str(out))
    assert result.exit_code == ExitStatus.CANNOT_WRITE == 4
    assert f"{out}: the output folder cannot be written: Permission denied" in result.output
    assert "Traceback" not in result.output
    assert snapshot(out) == before


def test_an_output_path_that_is_a_file_is_a_message(earlier, tmp_path, no_pipeline):
    inp, _, _ = earlier
    (tmp_path / "taken").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(main, ["run", str(inp), "-o", str(tmp_path / "taken")])
    assert result.exit_code == ExitStatus.USAGE  # click checks -o: a folder, not a file
    assert "is a file" in result.output
    assert (tmp_path / "taken").read_text(encoding="utf-8") == "mine"


def test_too_little_space_is_found_before_the_work(earlier, monkeypatch, no_pipeline):
    inp, out, before = earlier
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(kg.output.shutil, "disk_usage", lambda path: usage(10**6, 10**6 - 1000, 1000))
    result = invoke("run", str(inp), "-o", str(out))
    assert result.exit_code == ExitStatus.CANNOT_WRITE
    assert "0.0 MB free" in result.output and "need about" in result.output
    assert snapshot(out) == before


def test_a_full_disk_while_writing_keeps_the_earlier_outputs(earlier, monkeypatch):
    inp, out, before = earlier
    written = []
    real_fsync = os.fsync

    def full(fd):
        written.append(fd)
        if len(written) == 2:  # the second file does not fit
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(kg.output.os, "fsync", full)
    result = invoke("run", str(inp), "-o", str(out), "-j", "1")  # one process: the files in their order
    assert result.exit_code == ExitStatus.CANNOT_WRITE
    assert f"cannot write {OUTPUTS[1]}: No space left on device" in result.output
    assert snapshot(out) == before  # no temporary file left either


def test_a_full_disk_in_a_forked_writer_keeps_the_earlier_outputs(earlier, monkeypatch):
    """With -j 2 the GEXF is written by a forked process (kg.run.FORKED): its failure is the run's."""
    inp, out, before = earlier

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(kg.run.gexf, "write_gexf", full)  # the forked process inherits the patch
    result = invoke("run", str(inp), "-o", str(out), "-j", "2")
    assert result.exit_code == ExitStatus.CANNOT_WRITE
    assert "cannot write graph.gexf: No space left on device" in result.output
    assert snapshot(out) == before


@pytest.mark.parametrize("how,status", [("ctrl-c", 130), ("sigterm", 143)])
def test_an_interrupted_run_keeps_the_earlier_outputs(earlier, monkeypatch, how, status):
    inp, out, before = earlier

    def interrupted(*args, **kwargs):
        if how == "ctrl-c":
            raise KeyboardInterrupt
        os.kill(os.getpid(), signal.SIGTERM)
        yield  # never reached: the handler raises

    monkeypatch.setattr(kg.run, "extract", interrupted)
    result = invoke("run", str(inp), "-o", str(out))
    assert result.exit_code == status
    assert "interrupted" in result.output and "as they were" in result.output
    assert snapshot(out) == before


def test_a_bug_has_its_own_exit_status_and_keeps_the_earlier_outputs(earlier, monkeypatch):
    inp, out, before = earlier

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(kg.rdf, "write_turtle", broken)
    result = invoke("run", str(inp), "-o", str(out))
    assert result.exit_code == ExitStatus.INTERNAL_ERROR == 70  # not 1: no input was refused
    assert "ZeroDivisionError" in result.output and "internal error" in result.output
    assert snapshot(out) == before


def test_temporary_files_of_killed_runs_are_removed(earlier):
    inp, out, before = earlier
    dead = out / ".graph.ttl.999999999.k3x9a1_q.tmp"  # no such process
    old_style = out / ".graph.gexf.abc123de.tmp"
    alive = out / f".statements.jsonl.{os.getpid()}.zz9.tmp"  # a run still writing: left alone
    mine = out / "notes.txt"
    for p in (dead, old_style, alive, mine):
        p.write_bytes(b"x" * 100)
    result = invoke("run", str(inp), "-o", str(out))
    assert result.exit_code == 0
    assert not dead.exists() and not old_style.exists()
    assert alive.exists() and mine.exists()
    assert f"{dead}: removed" in result.output


@pytest.mark.parametrize("umask,mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_outputs_get_the_mode_of_the_umask(earlier, umask, mode):
    inp, out, _ = earlier
    old = os.umask(umask)
    try:
        assert invoke("run", str(inp), "-o", str(out)).exit_code == 0
    finally:
        os.umask(old)
    assert {stat.S_IMODE((out / n).stat().st_mode) for n in OUTPUTS} == {mode}


def test_outputs_inside_the_input_folder_are_not_read_back(tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.jsonl").write_text(json.dumps(ARTICLE, ensure_ascii=False) + "\n", encoding="utf-8")
    results = [invoke("run", str(news), "-o", str(news / "out")) for _ in range(2)]
    assert [r.exit_code for r in results] == [0, 0]
    assert "refused" not in results[1].output
    assert "it is the output folder of kgbuild" in results[1].output
    assert results[1].output.count("statements     1 ") == 1
