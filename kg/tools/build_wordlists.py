"""Build the derived word lists of ``kg/data`` from the public data sets in ``../shared/data``.

``kgbuild wordlists build --shared ../shared`` rewrites ``places_gpe.txt``,
``surnames.tsv``, ``titles.txt`` and ``orgs.txt`` byte for byte the same each
time (sorted, deduplicated), from the data sets and the hand-written lists
beside them (marked ``# source: written by the kgbuild team``), which it reads
and never writes. Offline tooling: the pipeline only reads the lists
(kg.wordlists).
"""
from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from pathlib import Path

from kg.errors import InputError
from kg.normalize import HAN
from kg.wordlists import HAND_WRITTEN, data_dir

# --- building the derived lists --------------------------------------------

_HAN = re.compile(f"[{HAN}]+")
# Licences as each folder's SOURCE.txt gives them.
_ADMIN_LICENCE = "WTFPL"
_JIONLP = "jionlp 1.5.31, Apache-2.0"

# County-level names that are everyday words, not one place: 城区 (urban
# area), 郊区 (suburb), 矿区 (mining area); 东区/南区 ... exist in many cities.
_GENERIC_COUNTIES = {"城区", "郊区", "矿区", "东区", "南区", "西区", "北区", "中区", "新区", "市辖区"}
# Short forms of prefecture cities that news mostly uses as common words:
# 来宾 (guests), 白银 (silver), 安康 (幸福安康), 长治 (长治久安), 大同 (世界大同),
# 日照 (sunshine hours), 中山 (孙中山, 中山装), 朝阳 (朝阳产业), 白山 (白山黑水),
# 三明 (三明治). Their full names (来宾市 ...) are kept.
_AMBIGUOUS_CITY_SHORT = {"来宾", "白银", "安康", "长治", "大同", "日照", "中山", "朝阳", "白山", "三明"}
# Capitals and cities of the world list that are mostly people's names here,
# a country abbreviation that means "China-Africa" (中非合作), and a cape.
_WORLD_NOT_GPE = {"亚历山大", "维多利亚", "亚伦", "圣约翰", "圣乔治", "中非", "好望角"}
# Endings of a title word (see _title_ok); one-character heads take the
# character before them as part of the title (队长, 律师, 法官, 科员, 画家).
_TITLE_HEADS_1 = set("长师官员家")
_TITLE_HEADS = (
    "主任", "书记", "委员", "常委", "主席", "总理", "总统", "首相", "经理", "总监", "总裁",
    "董事", "理事", "监事", "秘书", "助理", "顾问", "主编", "总编", "编辑", "记者", "专家",
    "学者", "教授", "讲师", "院士", "博士", "发言人", "负责人", "创始人", "创办人", "主持人",
    "制片人", "制作人", "合伙人", "经纪人", "代理人", "代表人", "领导人", "掌门人", "代表", "大使",
    "领事", "参赞", "上将", "中将", "少将", "大将", "上校", "中校", "少校", "司令", "政委",
    "主管", "干事", "导演", "编剧", "主播", "医生", "教练", "主帅", "会计", "民警", "交警",
)
# Words with a title ending that name a group, a trade or a relation, not a post.
_NOT_TITLES = ("人员", "党员", "成员", "会员", "官员", "学员", "队员", "社员", "庄家", "玩家",
               "买家", "卖家", "商家", "厂家", "东家", "家长", "兄长", "学长", "国家", "大家", "人家")
# Bare words that are verbs or other nouns more often than titles: 代表 (to
# represent), 主管 (主管部门, the competent authority).
_NOT_TITLE_WORDS = {"代表", "主管"}
_JIEBA_MIN_LEN, _JIEBA_MAX_LEN = 4, 16
# A jieba nt entry is kept when it has a name part: it starts with a place or
# one of these, or is long (6+ characters); short ones without (舞蹈学院,
# 统治集团, 交易中心) are mostly kinds of organisation, not names.
_JIEBA_NAME_PREFIXES = ("中国", "中华", "中央", "中共", "国家", "全国", "国际", "世界", "联合国")
_JIEBA_LONG = 6
# ... but a place or national prefix and nothing else before the suffix is a
# kind, not a name: 韩国公司 (a Korean company), 国家银行, 国际组织.
_JIEBA_KIND_ONLY = ("公司", "集团", "组织", "银行")
# jieba nt entries ending in these are mostly not organisations (公报, 警报,
# 嘉年华会) or too short to be a name once the suffix is cut.
_JIEBA_BAD_ENDINGS = ("公报", "警报", "会报", "情报", "嘉年华会")


def _read_tsv(path: Path, fieldnames: list[str] | None = None) -> list[dict[str, str]]:
    """Rows of a shared TSV (no quoting) or CSV (quoted) file, by column name."""
    if not path.is_file():
        raise InputError(str(path), "missing; --shared must name the shared/ folder")
    with path.open(encoding="utf-8", newline="") as f:
        if path.suffix == ".tsv":
            return list(csv.DictReader(f, fieldnames, delimiter="\t", quoting=csv.QUOTE_NONE))
        return list(csv.DictReader(f, fieldnames))


def _hand(out: Path, name: str) -> list[str]:
    """Items of a hand-written list in ``out`` (the build's own inputs)."""
    path = out / name
    if not path.is_file():
        raise InputError(str(path), "hand-written list missing")
    text = path.read_text(encoding="utf-8")
    if HAND_WRITTEN not in text:
        raise InputError(str(path), f"not marked {HAND_WRITTEN!r}")
    lines = (line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return [line.split("\t")[0].strip() for line in lines]


def _gpe(shared: Path, out: Path) -> tuple[list[str], list[str]]:
    gaz, adm = shared / "data" / "gazetteers", shared / "data" / "admin_divisions_cn"
    names: set[str] = set(_hand(out, "places_gpe_core.txt"))
    special = ("香港特别行政区", "澳门特别行政区", "台湾省")
    short_counts: dict[str, set[str]] = {}
    for row in _read_tsv(gaz / "cn_admin_divisions_pcc_jionlp.tsv"):
        level, full, parents = row["level"], row["name"], row["parents"] or ""
        shorts = [s for s in (row["short_name"] or "").split("/") if s]
        if level == "county":
            if parents.split("/")[0] in special:
                continue  # taken from HK-MO-TW.json below (jionlp has 奎青区 for 葵青区)
            names.add(full)
            if not re.search(r"开发区|园区|示范区|管委会|新区|保税区", full):
                for s in shorts:
                    short_counts.setdefault(s, set()).add(full)
        elif not (level == "city" and parents == "台湾省"):
            names.add(full)
            names.update(s for s in shorts if level == "province" or s not in _AMBIGUOUS_CITY_SHORT)
    # A county's short name only when it has 3+ characters and one county:
    # two-character ones (嘉定, 金山, 长宁) are too often common words.
    names.update(s for s, fulls in short_counts.items() if len(s) >= 3 and len(fulls) == 1)
    for file in ("provinces.csv", "cities.csv", "areas.csv"):
        names.update(row["name"] for row in _read_tsv(adm / file))
    hmt_path = adm / "HK-MO-TW.json"
    if not hmt_path.is_file():
        raise InputError(str(hmt_path), "missing; --shared must name the shared/ folder")
    for province, parts in json.loads(hmt_path.read_text(encoding="utf-8")).items():
        for part, places in parts.items():
            names.add(part)  # 香港岛, 九龙, 新界 / 台北市, 新竹县 ...
            if province == "台湾省":
                names.add(re.sub(r"[市县]$", "", part))  # 台北, 新竹: prefecture-level there
                continue  # Taiwan's districts and townships include 新社区, 大社区
            for place in places:
                names.update(p for p in re.split(r"[（）]", place) if p)  # 嘉模堂区（氹仔）
    for row in _read_tsv(gaz / "world_countries_zh.tsv"):
        cities = (row["other_cities(/-separated)"] or "").split("/")
        for name in (row["short_name"], row["full_name"], row["capital"], *cities):
            name = (name or "").replace("(", "（").replace(")", "）")  # 刚果（金）, as news writes it
            if name not in _WORLD_NOT_GPE:
                names.add(name)
    keep = sorted(n for n in names if len(n) >= 2 and "直辖" not in n and n not in _GENERIC_COUNTIES)
    header = [
        "places_gpe.txt: places with government (GPE): China's provinces, prefecture cities,",
        "county-level divisions; Hong Kong, Macao, Taiwan; the world's countries and cities.",
        f"source: gazetteers/cn_admin_divisions_pcc_jionlp.tsv ({_JIONLP}): provinces and",
        "  prefecture cities by full and short name (河北省/河北, 杭州市/杭州); counties by full",
        "  name, by short name only when it has 3+ characters and belongs to one county",
        "  (development zones by full name only).",
        f"source: admin_divisions_cn/provinces.csv, cities.csv, areas.csv (NBS 2023, {_ADMIN_LICENCE}):",
        "  full names.",
        f"source: admin_divisions_cn/HK-MO-TW.json ({_ADMIN_LICENCE}): Hong Kong and Macao districts,",
        "  Taiwan's cities and counties (full and short); Taiwan's districts and townships are left out.",
        f"source: gazetteers/world_countries_zh.tsv ({_JIONLP}): short and full names,",
        "  capitals, other large cities; ASCII brackets made full-width (刚果（金）).",
        "source: places_gpe_core.txt (written by the kgbuild team).",
        "filtered: 1-character names; 直辖 placeholders; generic " + " ".join(sorted(_GENERIC_COUNTIES)) + ";",
        "  city short forms that are common words: " + " ".join(sorted(_AMBIGUOUS_CITY_SHORT)) + ";",
        "  world entries that are people's names or not a GPE: " + " ".join(sorted(_WORLD_NOT_GPE)) + ".",
    ]
    return header, keep


def _surnames(shared: Path) -> tuple[list[str], list[str]]:
    rows = _read_tsv(shared / "data" / "gazetteers" / "chinese_surnames.tsv")
    body = sorted({f"{r['surname']}\t{r['low_ambiguity']}" for r in rows if r["surname"]})
    header = [
        "surnames.tsv: Chinese surnames, single and compound.",
        "columns: surname<TAB>low_ambiguity (1 = rarely anything but a surname, 0 = also a common word).",
        f"source: gazetteers/chinese_surnames.tsv ({_JIONLP}, parsed from rule/rule_pattern.py).",
        "filtered: nothing; sorted and deduplicated.",
    ]
    return header, body


def _org_names(shared: Path) -> tuple[set[str], set[str]]:
    """Central SOEs (and the name without its bracket part) and universities."""
    gaz = shared / "data" / "gazetteers"
    soes = {r["name"] for r in _read_tsv(gaz / "cn_central_soes.tsv")}
    unis = set()
    for row in _read_tsv(gaz / "cn_higher_education_institutions_moe.tsv"):
        unis.add(row["name"])
        unis.add(re.sub(r"（.*?）$", "", row["name"]))  # 中国石油大学（北京） → 中国石油大学
    return soes, unis


def _title_ok(title: str, known: set[str], modifiers: list[str],
              org_suffixes: list[str]) -> tuple[bool, bool]:
    """(is a clean title, has words before its head) for a data-set title."""
    if (not re.fullmatch(f"[{HAN}]{{2,8}}", title) or title.endswith(_NOT_TITLES)
            or title in _NOT_TITLE_WORDS or "届" in title):  # 第四届董事会董事: a term, not a post
        return False, False
    heads = [t for t in (*known, *_TITLE_HEADS) if title.endswith(t)]
    if heads:
        head = max(heads, key=len)
    elif title[-1] in _TITLE_HEADS_1:
        head = title[-2:]
    else:
        return False, False
    rest = title[: -len(head)]
    while (mod := max((m for m in modifiers if rest.startswith(m)), key=len, default="")):
        rest = rest[len(mod):]
    # 研究部主任, 中心主任, 工会主席: a department or organisation before the title
    if rest and rest.endswith(tuple(org_suffixes)):
        return False, True
    return True, bool(rest)


def _titles(shared: Path, out: Path, blocked: list[str]) -> tuple[list[str], list[str]]:
    core = _hand(out, "titles_core.txt")
    modifiers, suffixes = _hand(out, "title_modifiers.txt"), _hand(out, "org_suffixes.txt")
    counts: dict[str, int] = {}
    gaz = shared / "data" / "gazetteers"
    for file in ("titles_cluener_position.tsv", "titles_resume_TITLE.tsv"):
        for row in _read_tsv(gaz / file):
            counts[row["title"]] = counts.get(row["title"], 0) + int(row["count"])
    prefixes = tuple(b for b in blocked if len(b) >= 2)
    known = set(core)
    keep = set(core)
    for title, count in counts.items():
        ok, compound = _title_ok(title, known, modifiers, suffixes)
        # A compound seen once (长丰社区主任) is a description, not a title.
        if ok and not (compound and count < 2) and not title.startswith(prefixes):
            keep.add(title)
    header = [
        "titles.txt: job titles (官职 and professional) that news puts before or after a name.",
        "source: titles_core.txt (written by the kgbuild team).",
        "source: gazetteers/titles_cluener_position.tsv (CLUENER2020 'position' spans; licence: none stated)",
        "  and gazetteers/titles_resume_TITLE.tsv (Resume NER TITLE spans; licence: none stated): facts",
        "  (title words) only, counts added over both.",
        "filtered: kept only 2-8 Han characters (no digits, Latin, punctuation) ending in a title word",
        "  (a titles_core.txt title, " + " ".join(_TITLE_HEADS[:6]) + " ..., or X+长/师/官/员/家);",
        "  dropped group and trade words (" + " ".join(_NOT_TITLES[:6]) + " ...), titles after a",
        "  department or organisation suffix (研究部主任, 中心主任), titles that start with a place or",
        "  organisation name (重庆市市长, 新华社记者), and compound titles seen only once.",
    ]
    return header, sorted(keep)


def _orgs(shared: Path, out: Path, places: set[str], titles: set[str]) -> tuple[list[str], list[str]]:
    core = _hand(out, "orgs_core.txt") + _hand(out, "org_regions.tsv")
    suffixes = tuple(_hand(out, "org_suffixes.txt"))
    named = tuple(p for p in places if len(p) >= 2) + _JIEBA_NAME_PREFIXES
    kind_only = {name + kind for name in named for kind in _JIEBA_KIND_ONLY}
    soes, unis = _org_names(shared)
    jieba = set()
    for row in _read_tsv(shared / "data" / "gazetteers" / "jieba_dict_nt.tsv", ["word", "freq"]):
        word = row["word"]
        if (_JIEBA_MIN_LEN <= len(word) <= _JIEBA_MAX_LEN and _HAN.fullmatch(word)
                and word.endswith(suffixes) and not word.endswith(_JIEBA_BAD_ENDINGS)
                and (word.startswith(named) or len(word) >= _JIEBA_LONG)
                and word not in kind_only
                and word not in places and word not in titles):
            jieba.add(word)
    names = (set(core) | soes | unis | jieba) - set(_hand(out, "orgs_exclude.txt"))
    header = [
        "orgs.txt: organisation names: central Party and state organs, media, research bodies,",
        "associations, companies, central SOEs, universities, and a filtered part of jieba's nt list.",
        "source: orgs_core.txt and org_regions.tsv (written by the kgbuild team).",
        "source: gazetteers/cn_central_soes.tsv (SASAC list of 2025-07-29 and MOF lists; public facts).",
        "source: gazetteers/cn_higher_education_institutions_moe.tsv (Ministry of Education list, about",
        "  2017; public facts), plus each name without its bracket part (中国石油大学（北京） → 中国石油大学).",
        "source: gazetteers/jieba_dict_nt.tsv (jieba 0.42.1 dict.txt, MIT).",
        "jieba decision: not clean enough as a whole. In a random sample of 120 raw entries 22 were",
        "  no organisation (美好事物, 中控台, 莫生气, 建国北路, 暨) and 12 a kind of organisation, not",
        "  a name (交易中心, 卫生站, 钢铁集团). Kept: entries of 4-16 Han characters that end in an",
        "  org_suffixes.txt suffix (not " + " ".join(_JIEBA_BAD_ENDINGS) + ") and have a name part: they",
        "  start with a place or " + " ".join(_JIEBA_NAME_PREFIXES) + ", or have 6+ characters;",
        "  not a place or national prefix + " + " ".join(_JIEBA_KIND_ONLY) + " alone. Shorter ones without",
        "  a place were 1 in 4 generic (舞蹈学院, 统治集团, 人民军队) and are dropped. In a random sample",
        "  of 150 kept entries 145 were organisation names (some historic: 国家科委, 华中理工大学), 5",
        "  kinds (韩国公司, 国家银行, 国际经济组织, 国有资产管理局, 国际象棋队; the first two are gone",
        "  since the kind-only rule).",
        "filtered: names that are also places or titles; aliases are in org_aliases.tsv;",
        "  entries found wrong in use are listed in orgs_exclude.txt (written by the kgbuild team).",
    ]
    return header, sorted(names)


def _write(path: Path, header: list[str], body: Iterable[str]) -> Path:
    body = list(body)
    lines = [f"# {line}" for line in header]
    lines.append("# generated by: kgbuild wordlists build --shared ../shared (do not edit by hand)")
    lines.append(f"# entries: {len(body)}")
    path.write_text("\n".join([*lines, *body]) + "\n", encoding="utf-8", newline="\n")
    return path


def build(shared: Path, out: Path | None = None) -> list[Path]:
    """Regenerate the derived lists from ``shared`` into ``out`` (default kg/data).

    Hand-written lists in ``out`` are read, never written. Output is sorted
    and deduplicated, so the same inputs give byte-identical files.
    """
    shared, out = Path(shared), Path(out) if out is not None else data_dir()
    if not (shared / "data").is_dir():
        raise InputError(str(shared), "no data/ folder here; --shared must name the shared/ folder")
    gpe_header, gpe = _gpe(shared, out)
    places = set(gpe) | set(_hand(out, "places_loc.txt"))
    soes, unis = _org_names(shared)
    known_orgs = set(_hand(out, "orgs_core.txt")) | set(_hand(out, "org_regions.tsv")) | soes | unis | set(_hand(out, "org_aliases.tsv"))
    title_header, titles = _titles(shared, out, sorted(places | known_orgs))
    org_header, orgs = _orgs(shared, out, places, set(titles))
    return [
        _write(out / "places_gpe.txt", gpe_header, gpe),
        _write(out / "surnames.tsv", *_surnames(shared)),
        _write(out / "titles.txt", title_header, titles),
        _write(out / "orgs.txt", org_header, orgs),
    ]
