"""Word lists: the loader, the lists' key entries and consistency, the build."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from click.testing import CliRunner

from kg import wordlists
from kg.cli import main
from kg.errors import InputError, KgbuildError
from kg.tools.build_wordlists import build
from kg.wordlists import aliases, characters, cue_verbs, punctuation, quote_marks, surnames, table, words

DATA = Path(wordlists.__file__).resolve().parent / "data"
SHARED = Path(__file__).resolve().parents[2] / "shared"
DERIVED = ("places_gpe.txt", "surnames.tsv", "titles.txt", "orgs.txt")
HAND = ("places_gpe_core.txt", "places_loc.txt", "orgs_core.txt", "org_aliases.tsv", "titles_core.txt",
        "title_modifiers.txt", "org_suffixes.txt", "cue_verbs.txt", "quote_marks.tsv", "punctuation.tsv",
        "rule_characters.tsv")
LISTS = sorted(p.name for p in DATA.iterdir() if p.suffix in (".txt", ".tsv"))

KEY_ENTRIES = [
    ("places_gpe", "河北"), ("places_gpe", "河北省"), ("places_gpe", "杭州"), ("places_gpe", "杭州市"),
    ("places_gpe", "嘉定区"), ("places_gpe", "香格里拉"), ("places_gpe", "香港"), ("places_gpe", "葵青区"),
    ("places_gpe", "台北"), ("places_gpe", "白俄罗斯"), ("places_gpe", "白俄罗斯共和国"),
    ("places_gpe", "明斯克"), ("places_gpe", "日本"), ("places_gpe", "刚果（金）"),
    ("places_loc", "长三角"), ("places_loc", "京津冀"), ("places_loc", "粤港澳大湾区"),
    ("places_loc", "天安门广场"), ("places_loc", "太行山"), ("places_loc", "松花江"),
    ("orgs", "工业和信息化部"), ("orgs", "中国移动"), ("orgs", "中国移动通信集团有限公司"),
    ("orgs", "北京科技大学"), ("orgs", "中国信息通信研究院"), ("orgs", "国家信息中心"),
    ("orgs", "市场监管总局"), ("orgs", "新华社"), ("orgs", "中国人民银行"), ("orgs", "中国石油大学"),
    ("titles", "副部长"), ("titles", "三级调研员"), ("titles", "首席宏观分析师"),
    ("titles", "首席人工智能科学家"), ("titles", "高级专家"), ("titles", "副院长"), ("titles", "记者"),
    ("titles", "总经理助理"), ("title_modifiers", "常务副"), ("org_suffixes", "研究院"),
]
# Entries the filters must keep out, and why.
ABSENT = [
    ("places_gpe", "嘉定"),      # a 2-character county short name
    ("places_gpe", "城区"),      # a generic county-level name
    ("places_gpe", "经开区"),    # a short name shared by dozens of zones
    ("places_gpe", "来宾"),      # a city short name that means "guests"
    ("places_gpe", "亚历山大"),  # a city that is mostly a person's name
    ("places_gpe", "中非"),      # China-Africa, not the Central African Republic
    ("places_gpe", "奎青区"),    # jionlp's misspelling of 葵青区
    ("titles", "新华社记者"),    # organisation + title
    ("titles", "重庆市市长"),    # place + title
    ("titles", "研究部主任"),    # department + title
    ("titles", "中共党员"),      # not a post
    ("titles", "代表"),          # mostly the verb 代表
    ("titles", "CEO"),           # Latin
    ("orgs", "交易中心"),        # a kind of body, not a name
    ("orgs", "美好事物"),        # jieba noise
    ("orgs", "韩国公司"),        # place + kind only
]
DISJOINT = [("places_gpe", "places_loc"), ("places_gpe", "orgs"), ("places_loc", "orgs"),
            ("places_gpe", "titles"), ("places_loc", "titles"), ("orgs", "titles")]


@pytest.fixture
def fake_data(tmp_path, monkeypatch):
    """Point the loader at a temporary folder of lists, with fresh caches."""
    loaders = (words, table, aliases, surnames, cue_verbs, quote_marks, punctuation, wordlists._rule_characters)
    for f in loaders:
        f.cache_clear()
    monkeypatch.setattr(wordlists, "files", lambda package: tmp_path)
    yield tmp_path
    for f in loaders:
        f.cache_clear()


def test_wordlists_words_skip_comments_and_blank_lines(fake_data):
    (fake_data / "demo.txt").write_text("# header\n\n  北京 \n#comment\n   # indented\n上海\n", "utf-8")
    assert words("demo") == ("北京", "上海")
    assert words("demo.txt") == ("北京", "上海")


def test_wordlists_table_splits_tabs(fake_data):
    (fake_data / "pairs.tsv").write_text("# a<TAB>b\n“\t”\n\n《\t》\n", "utf-8")
    assert table("pairs") == (("“", "”"), ("《", "》"))


@pytest.mark.parametrize("loader, name, kind", [
    (words, "no_such_list", ".txt"), (table, "no_such_list", ".tsv"), (words, "orgs_aliases", ".txt"),
    (words, "../errors", ".txt"),
])
def test_wordlists_unknown_name_names_it_and_lists_known(loader, name, kind):
    with pytest.raises(KgbuildError) as info:
        loader(name)
    message = str(info.value)
    assert repr(name) in message
    known = [p.stem for p in DATA.iterdir() if p.suffix == kind]
    assert known and all(k in message for k in known)


@pytest.mark.parametrize("file, text, loader", [
    ("org_aliases.tsv", "工信部\n", aliases),
    ("org_aliases.tsv", "工信部\t工业和信息化部\textra\n", aliases),
    ("surnames.tsv", "王\tyes\n", surnames),
    ("cue_verbs.txt", "说\tsaying\tperson\n", cue_verbs),
    ("cue_verbs.txt", "说\tspeech\n", cue_verbs),
    ("cue_verbs.txt", "说\tspeech\teveryone\n", cue_verbs),
    ("quote_marks.tsv", "「\t」\tquote\t“\n", quote_marks),
    ("quote_marks.tsv", "「\t」\tsaying\t“\t”\n", quote_marks),
    ("punctuation.tsv", ",,\t，\n", punctuation),
])
def test_wordlists_bad_rows_raise_input_error_with_line(fake_data, file, text, loader):
    (fake_data / file).write_text("# source: test\n\n" + text, "utf-8")
    with pytest.raises(InputError, match=file.replace(".", r"\.") + ":3:") as info:
        loader()
    assert info.value.line == 3


@pytest.mark.parametrize("name, entry", KEY_ENTRIES)
def test_wordlists_key_entries_present(name, entry):
    assert entry in words(name)


@pytest.mark.parametrize("name, entry", ABSENT)
def test_wordlists_filtered_entries_absent(name, entry):
    assert entry not in words(name)


def test_wordlists_no_one_character_places():
    short = [p for p in (*words("places_gpe"), *words("places_loc")) if len(p) < 2]
    assert short == []


@pytest.mark.parametrize("a, b", DISJOINT)
def test_wordlists_entity_lists_do_not_overlap(a, b):
    assert sorted(set(words(a)) & set(words(b))) == []


def test_wordlists_no_title_starts_with_a_place_or_organisation():
    """外交部长 would hide the organisation 外交部: titles come without it."""
    names = tuple(n for n in (*words("places_gpe"), *words("places_loc"), *words("orgs"), *aliases())
                  if len(n) >= 2)
    assert sorted(t for t in words("titles") if t.startswith(names)) == []


def test_wordlists_aliases_resolve_to_listed_canonical_names():
    orgs = set(words("orgs"))
    table_ = aliases()
    assert table_["工信部"] == "工业和信息化部"
    assert table_["央行"] == table_["人民银行"] == "中国人民银行"
    assert table_["中国移动通信集团有限公司"] == "中国移动"
    assert table_["国家市场监督管理总局"] == "市场监管总局"
    assert sorted(c for c in table_.values() if c not in orgs) == []
    assert sorted(a for a, c in table_.items() if a == c or a in table_.values()) == []  # no chains


def test_wordlists_aliases_are_not_places_or_titles():
    others = set(words("places_gpe")) | set(words("places_loc")) | set(words("titles"))
    assert sorted(set(aliases()) & others) == []


def test_wordlists_soe_legal_names_come_from_the_soe_list():
    """Every central-SOE legal name mapped in org_aliases.tsv is a listed org."""
    orgs = set(words("orgs"))
    legal = [a for a in aliases() if a.endswith(("集团有限公司", "有限责任公司", "集团公司"))]
    assert len(legal) > 80
    assert sorted(a for a in legal if a not in orgs) == []


@pytest.mark.parametrize("name, low", [("王", True), ("钱", False), ("欧阳", True), ("司马", True)])
def test_wordlists_surnames(name, low):
    assert surnames()[name] is low


def test_wordlists_surnames_one_row_each():
    assert len(surnames()) == len(table("surnames")) > 500


@pytest.mark.parametrize("verb, kind", [
    ("说", "speech"), ("表示", "speech"), ("介绍", "speech"), ("称", "speech"), ("感慨", "speech"),
    ("认为", "opinion"), ("建议", "opinion"), ("预计", "opinion"),
])
def test_wordlists_cue_verbs(verb, kind):
    assert cue_verbs()[verb].kind == kind


@pytest.mark.parametrize("verb, organisations", [("称", True), ("表示", True), ("感慨", False), ("笑称", False)])
def test_wordlists_cue_verbs_say_whether_organisations_speak_with_them(verb, organisations):
    assert cue_verbs()[verb].organisations is organisations


def test_wordlists_quote_marks_pair_by_direction():
    pairs = quote_marks()
    assert {(q.open, q.close) for q in pairs} >= {("“", "”"), ("「", "」"), ("《", "》")}
    assert all(q.open != q.close for q in pairs)
    assert '"' not in {m for q in pairs for m in (q.open, q.close)}
    # every quote pair is written as one of the normalised view's two pairs
    assert {(q.normal_open, q.normal_close) for q in pairs if q.kind == "quote"} == {("“", "”"), ("‘", "’")}


def test_wordlists_punctuation_maps_half_width_marks():
    assert punctuation()[":"] == "：" and punctuation()["("] == "（"
    assert "." not in punctuation()  # the decimal point


def test_wordlists_named_character_sets():
    assert characters("pronouns") == "他|她"
    with pytest.raises(KgbuildError, match="no_such_set"):
        characters("no_such_set")


RUNTIME = Path(wordlists.__file__).resolve().parent


@pytest.mark.parametrize("file", LISTS)
def test_wordlists_every_list_is_used(file):
    """Each list is read by the pipeline (kg/*.py) or is an input of the build of the derived lists."""
    stem = Path(file).stem
    code = "\n".join(p.read_text("utf-8") for p in RUNTIME.glob("*.py"))
    build_code = (RUNTIME / "tools" / "build_wordlists.py").read_text("utf-8")
    assert f'"{stem}"' in code or f'"{file}"' in build_code


@pytest.mark.parametrize("file", LISTS)
def test_wordlists_every_list_says_where_it_came_from(file):
    head = [line for line in (DATA / file).read_text("utf-8").splitlines() if line.startswith("#")]
    derived = any(line.startswith("# generated by: kgbuild wordlists build") for line in head)
    hand = "# source: written by the kgbuild team" in head or any(
        line.startswith("# source: written by the kgbuild team") for line in head)
    assert derived == (file in DERIVED)
    assert derived or hand
    if derived:
        assert any(line.startswith("# source: gazetteers/") for line in head)


@pytest.mark.parametrize("file", HAND)
def test_wordlists_hand_written_lists_have_no_duplicates(file):
    items = [line.split("\t")[0].strip() for line in (DATA / file).read_text("utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    assert sorted(i for i in set(items) if items.count(i) > 1) == []


@pytest.mark.parametrize("file", DERIVED)
def test_wordlists_derived_files_sorted_and_unique(file):
    body = [line for line in (DATA / file).read_text("utf-8").splitlines() if not line.startswith("#")]
    assert body == sorted(set(body))


def test_wordlists_data_stays_small():
    assert sum(p.stat().st_size for p in DATA.iterdir() if p.is_file()) < 2_000_000


def test_wordlists_build_rejects_a_folder_without_data(tmp_path):
    with pytest.raises(InputError, match="shared"):
        build(tmp_path / "nowhere", tmp_path)


def test_wordlists_cli_reports_errors_without_traceback(tmp_path):
    (tmp_path / "nowhere").mkdir()
    result = CliRunner().invoke(main, ["wordlists", "build", "--shared", str(tmp_path / "nowhere"),
                                       "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "Error:" in result.output and "Traceback" not in result.output


def _shared() -> Path:
    if not (SHARED / "data" / "gazetteers").is_dir():
        pytest.skip(f"../shared is not here ({SHARED}): cannot rebuild the derived lists")
    return SHARED


def test_wordlists_build_reproduces_committed_files(tmp_path):
    shared = _shared()
    out = tmp_path / "data"
    shutil.copytree(DATA, out)
    for name in DERIVED:
        (out / name).unlink()
    hand = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    written = build(shared, out)
    assert sorted(p.name for p in written) == sorted(DERIVED)
    for name in DERIVED:
        assert (out / name).read_bytes() == (DATA / name).read_bytes(), f"{name} differs: run the build"
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.name in hand} == hand


def test_wordlists_cli_build_writes_the_derived_lists(tmp_path):
    shared = _shared()
    shutil.copytree(DATA, tmp_path, dirs_exist_ok=True)
    result = CliRunner().invoke(main, ["wordlists", "build", "--shared", str(shared), "--out", str(tmp_path)])
    assert result.exit_code == 0
    assert sorted(Path(line).name for line in result.output.split()) == sorted(DERIVED)
