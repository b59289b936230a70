"""Training writes a new model to a new folder; the shipped model only with --replace-shipped.

The segmenter trains for real on a tiny corpus (one iteration: a second); the
NER trainer, which takes longer even for three steps (tests/test_train_ner.py
runs it once with -o), is replaced by a stand-in where only the choice of
folder is tested.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from kg.cli import main
from kg.errors import BadOption
from kg.tools import model_folder, train_ner, train_segmenter
from kg.tools.model_folder import check_new, shipped_dir, staged

SHIPPED = [shipped_dir("ner"), shipped_dir("segmenter")]
# Four paragraphs in the original People's Daily release's form, written for these tests.
PARAGRAPHS = """19980101-01-001-001/m  记者/n  [中国/ns  人民/n  银行/n]nt  今天/t  发布/v  公告/n  。/w
19980101-01-001-002/m  他/r  说/v  ，/w  我们/r  将/d  继续/v  努力/v  。/w
19980101-01-001-003/m  北京/ns  的/u  天气/n  很/d  好/a  。/w
19980101-01-001-004/m  我们/r  在/p  北京/ns  开会/v  。/w
"""


def _fingerprint() -> dict[str, str]:
    """sha256 of every file of the shipped models, and the names beside them in kg/models."""
    prints = {str(p.relative_to(SHIPPED[0].parent)): hashlib.sha256(p.read_bytes()).hexdigest()
              for folder in SHIPPED for p in sorted(folder.rglob("*")) if p.is_file()}
    prints["kg/models entries"] = " ".join(sorted(p.name for p in SHIPPED[0].parent.iterdir()))
    return prints


@pytest.fixture(scope="module")
def shipped_before() -> dict[str, str]:
    prints = _fingerprint()
    assert any(name.startswith("ner/") for name in prints) and "pkuseg/weights.npz" in prints
    return prints


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A People's Daily look-alike with more paragraphs than the 200 held out."""
    data = tmp_path / "corpus"
    data.mkdir()
    (data / "199801_part1.txt").write_text(PARAGRAPHS * 60, encoding="utf-8")
    return data


@pytest.fixture
def no_training(monkeypatch):
    """Training that fails the test if it is started at all."""
    def refuse(*args, **kwargs):
        raise AssertionError("training started")
    monkeypatch.setattr(train_ner, "train", refuse)
    monkeypatch.setattr(train_segmenter, "train", refuse)


def _train(*args: str):
    return CliRunner().invoke(main, ["train", *args])


# (command arguments, what the refusal says) — each refused before any work
REFUSED = [
    (["ner", "--shared", "{tmp}"], "give -o FOLDER"),
    (["segmenter", "--data", "{tmp}"], "give -o FOLDER"),
    (["ner", "--shared", "{tmp}", "-o", str(SHIPPED[0])], "--replace-shipped instead of -o"),
    (["segmenter", "--data", "{tmp}", "-o", str(SHIPPED[1])], "--replace-shipped instead of -o"),
    (["ner", "--shared", "{tmp}", "-o", "{tmp}/new", "--replace-shipped"], "not both"),
    (["segmenter", "--data", "{tmp}", "-o", "{tmp}/full"], "already holds files"),
]


@pytest.mark.parametrize(("args", "message"), REFUSED)
def test_model_folder_train_refuses_before_any_work(tmp_path, shipped_before, no_training, args, message):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine", encoding="utf-8")
    result = _train(*(a.format(tmp=tmp_path) for a in args))
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert (tmp_path / "full" / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert not (tmp_path / "new").exists()
    assert _fingerprint() == shipped_before


def test_model_folder_segmenter_trains_into_a_new_folder(tmp_path, corpus, shipped_before):
    out = tmp_path / "models" / "seg"
    result = _train("segmenter", "--data", str(corpus), "-o", str(out), "--iterations", "1")
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == {"features.msgpack", "weights.npz", "card.json", "MODEL_CARD.md"}
    assert json.loads((out / "card.json").read_text(encoding="utf-8"))["paragraphs"] == 240
    assert [p.name for p in out.parent.iterdir()] == ["seg"]  # no staging folder left beside it
    assert _fingerprint() == shipped_before


def test_model_folder_segmenter_trains_into_an_empty_folder(tmp_path, corpus, shipped_before):
    out = tmp_path / "seg"
    out.mkdir()
    assert _train("segmenter", "--data", str(corpus), "-o", str(out), "--iterations", "1").exit_code == 0
    assert (out / "weights.npz").is_file()
    assert _fingerprint() == shipped_before


def test_model_folder_replace_shipped_rebuilds_the_shipped_folder(tmp_path, corpus, monkeypatch, shipped_before):
    package = tmp_path / "package"
    (package / "pkuseg").mkdir(parents=True)
    (package / "pkuseg" / "weights.npz").write_bytes(b"the old model")
    monkeypatch.setattr(model_folder, "files", lambda name: package)
    result = _train("segmenter", "--data", str(corpus), "--replace-shipped", "--iterations", "1")
    assert result.exit_code == 0, result.output
    assert f"model written to {package / 'pkuseg'}" in result.output
    assert (package / "pkuseg" / "weights.npz").read_bytes() != b"the old model"
    assert (package / "pkuseg" / "card.json").is_file()
    assert [p.name for p in package.iterdir()] == ["pkuseg"]
    assert _fingerprint() == shipped_before


@pytest.mark.parametrize(("args", "out", "replace"), [
    (["-o", "{tmp}/ner"], "{tmp}/ner", False),
    (["--replace-shipped"], "{tmp}/package/ner", True),
])
def test_model_folder_ner_command_passes_its_folder(tmp_path, monkeypatch, args, out, replace):
    (tmp_path / "package" / "ner").mkdir(parents=True)
    (tmp_path / "package" / "ner" / "config.cfg").write_text("old", encoding="utf-8")
    monkeypatch.setattr(model_folder, "files", lambda name: tmp_path / "package")
    calls = []

    def fake_train(shared, out, max_steps, log, replace):
        calls.append((out, replace))
        return {"bytes": 0, "dev_ents_f": 0.5}
    monkeypatch.setattr(train_ner, "train", fake_train)
    result = _train("ner", "--shared", str(tmp_path), *(a.format(tmp=tmp_path) for a in args))
    assert result.exit_code == 0, result.output
    assert calls == [(Path(out.format(tmp=tmp_path)), replace)]


def test_model_folder_library_trainers_refuse_a_model_folder(tmp_path, corpus):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "weights.npz").write_bytes(b"mine")
    with pytest.raises(BadOption, match="already holds files"):
        train_segmenter.train(corpus, out, iterations=1, dev_lines=2, log=lambda m: None)
    with pytest.raises(BadOption, match="already holds files"):  # before the (missing) data is read
        train_ner.train(tmp_path / "no-shared", out, max_steps=1, log=lambda m: None)
    assert (out / "weights.npz").read_bytes() == b"mine"
    train_segmenter.train(corpus, out, iterations=1, dev_lines=2, log=lambda m: None, replace=True)
    assert (out / "weights.npz").read_bytes() != b"mine"


def test_model_folder_staged_leaves_out_as_it_was_when_stopped(tmp_path):
    out = tmp_path / "model"
    out.mkdir()
    (out / "weights.npz").write_bytes(b"old")
    with pytest.raises(KeyboardInterrupt):
        with staged(out, replace=True) as folder:
            (folder / "weights.npz").write_bytes(b"half")
            raise KeyboardInterrupt
    assert (out / "weights.npz").read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["model"]
    with staged(out, replace=True) as folder:
        (folder / "weights.npz").write_bytes(b"new")
    assert [p.name for p in out.iterdir()] == ["weights.npz"] and (out / "weights.npz").read_bytes() == b"new"


def test_model_folder_check_new():
    check_new(Path("no/such/folder"))
    check_new(SHIPPED[0], replace=True)
    with pytest.raises(BadOption, match="--replace-shipped"):
        check_new(SHIPPED[0])


def test_model_folder_readme_rebuild_commands_replace_the_shipped_model():
    """Every training command the README shows says where it writes; the rebuilds replace the shipped model."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8").replace("\\\n", " ")
    commands = re.findall(r"kgbuild train (?:ner|segmenter) +-[^`\n]*", readme)  # with options
    assert len(commands) >= 2
    for command in commands:
        assert "--replace-shipped" in command or re.search(r" (-o|--out) ", command), command
