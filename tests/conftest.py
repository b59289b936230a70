"""Shared fixtures: one spaCy pipeline per session, paths to ../shared."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PAGE = SHARED / "corpus" / "000_f786ed146695884a.txt"
SEED_GOLD = SHARED / "eval" / "seed_gold.json"
SAMPLE_GOLD = ROOT / "tests" / "data" / "sample_gold.json"


@pytest.fixture(scope="session")
def nlp():
    from kg.nlp import load_pipeline

    return load_pipeline()


def require_tool(name: str) -> str:
    """The path of a command-line tool, or skip; in CI a missing tool fails.

    .ci/run installs jing and rapper and sets KGBUILD_REQUIRE_TOOLS, so a
    test that validates with them can never skip its way to green there.
    """
    path = shutil.which(name)
    if path:
        return path
    if os.environ.get("KGBUILD_REQUIRE_TOOLS"):
        pytest.fail(f"{name} is required (KGBUILD_REQUIRE_TOOLS is set) but not on PATH")
    pytest.skip(f"{name} is not installed (Debian package: {'jing' if name == 'jing' else 'raptor2-utils'})")


def require_page() -> Path:
    if not PAGE.exists():
        pytest.skip(f"the sample newspaper page is not here: {PAGE}")
    return PAGE


ARTICLE_FIELDS = ("id", "title", "date", "source", "text")


def simplified(text: str) -> str:
    """Gold names, titles and cues are Simplified; some articles are written in Traditional."""
    import zhconv

    return zhconv.convert(text, "zh-cn")


def messy_kinds(traditional_word: str) -> list[tuple[str, object]]:
    """The kinds of messy text a gold set must hold (pattern 9), each with a check of an article's text."""
    return [
        ("half-width punctuation", lambda t: all(c in t for c in ',:?!()"') and "“" not in t),
        ("corner quote marks", lambda t: all(c in t for c in "「」『』") and "“" not in t),
        ("Traditional characters", lambda t: simplified(t) != t and traditional_word in t),
    ]


def check_article_line(number: int, line: str, id_prefix: str) -> None:
    """A JSONL line is an object with the fields the reader needs; ids run prefix-01, prefix-02, …"""
    import json
    from datetime import date

    record = json.loads(line)
    assert isinstance(record, dict), f"line {number}"
    for field in ARTICLE_FIELDS:
        assert isinstance(record.get(field), str) and record[field].strip(), f"line {number}: {field}"
    assert record["id"] == f"{id_prefix}-{number:02d}"
    date.fromisoformat(record["date"])
