"""Execute notebooks/quickstart.ipynb and check what its cells show.

The notebook is documentation that runs: when an API it uses changes, this
test fails instead of the reader. Cells are found by their nbformat ids.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from nbclient import NotebookClient

from conftest import ROOT, SAMPLE_GOLD

NOTEBOOK = ROOT / "notebooks" / "quickstart.ipynb"
KERNEL = "python3"
# jupyter_client starts these bare names as sys.executable (KernelManager.format_kernel_cmd).
BARE_PYTHONS = {
    "python", f"python{sys.version_info[0]}", "python{}.{}".format(*sys.version_info[:2])
}

SAME_PYTHON_CASES = [
    ("python", True),
    (f"python{sys.version_info[0]}", True),
    (sys.executable, True),
    (str(Path(sys.executable).parent / "python"), True),
    ("/nonexistent-env/bin/python3", False),
]


def same_python(argv0: str) -> bool:
    """Whether a kernelspec's argv[0] starts this environment's interpreter.

    Compared by bin folder, not by resolved file: a venv's python is a symlink
    to the base interpreter, which lacks the venv's packages.
    """
    if argv0 in BARE_PYTHONS:
        return True
    exe = Path(argv0) if os.path.isabs(argv0) else Path(shutil.which(argv0) or argv0)
    here = Path(sys.executable).parent
    return exe.parent.is_dir() and os.path.samefile(exe.parent, here)


def use_this_python(jupyter_dir: Path, mp: pytest.MonkeyPatch) -> None:
    """Make kernel ``python3`` this interpreter, writing a kernelspec if needed."""
    try:
        argv0 = KernelSpecManager().get_kernel_spec(KERNEL).argv[0]
    except NoSuchKernel:
        argv0 = None
    if argv0 is not None and same_python(argv0):
        return
    spec_dir = jupyter_dir / "kernels" / KERNEL
    spec_dir.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (kgbuild test)",
        "language": "python",
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    # JUPYTER_PATH comes before the user and environment folders.
    search = [str(jupyter_dir), os.environ.get("JUPYTER_PATH")]
    mp.setenv("JUPYTER_PATH", os.pathsep.join(filter(None, search)))


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> dict[str, nbformat.NotebookNode]:
    """The notebook run once in a fresh kernel; code cells by id."""
    tmp_path = tmp_path_factory.mktemp("notebook")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    with pytest.MonkeyPatch.context() as mp:
        use_this_python(tmp_path / "jupyter", mp)
        client = NotebookClient(
            nb, timeout=300, kernel_name=KERNEL, resources={"metadata": {"path": tmp_path}}
        )
        client.execute()
    return {cell.id: cell for cell in nb.cells if cell.cell_type == "code"}


def texts(cell: nbformat.NotebookNode) -> str:
    """Everything a cell showed as text: streams, plain text and HTML."""
    parts = []
    for out in cell.outputs:
        if out.output_type == "stream":
            parts.append(out.text)
        for mime in ("text/plain", "text/html"):
            parts.append(out.get("data", {}).get(mime, ""))
    return "".join(parts)


def gold_people(title_has: str = "") -> set[str]:
    gold = json.loads(SAMPLE_GOLD.read_text(encoding="utf-8"))
    return {
        s["speaker"]
        for s in gold["statements"]
        if s.get("speaker_kind", "person") == "person" and title_has in (s.get("title") or "")
    }


@pytest.mark.parametrize("argv0, expected", SAME_PYTHON_CASES)
def test_notebook_same_python(argv0, expected):
    assert same_python(argv0) is expected


def test_notebook_kernelspec_points_here(tmp_path, monkeypatch):
    """After use_this_python, ``python3`` starts this interpreter, whatever was installed."""
    use_this_python(tmp_path / "jupyter", monkeypatch)
    assert same_python(KernelSpecManager().get_kernel_spec(KERNEL).argv[0])


def test_notebook_kernelspec_written_when_foreign(tmp_path, monkeypatch):
    """A ``python3`` kernelspec of another environment is overridden, not used."""
    foreign = tmp_path / "foreign" / "kernels" / KERNEL
    foreign.mkdir(parents=True)
    (foreign / "kernel.json").write_text(
        json.dumps({"argv": ["/nonexistent-env/bin/python3", "-m", "ipykernel_launcher"],
                    "display_name": "foreign", "language": "python"}),
        encoding="utf-8",
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "foreign"))
    use_this_python(tmp_path / "jupyter", monkeypatch)
    assert KernelSpecManager().get_kernel_spec(KERNEL).argv[0] == sys.executable


def test_notebook_saved_clean():
    """The committed notebook has no outputs and names the python3 kernel."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)
    assert nb.metadata.kernelspec.name == KERNEL


def test_notebook_runs_without_errors(executed):
    errors = [(cid, out.get("ename")) for cid, cell in executed.items()
              for out in cell.outputs if out.output_type == "error"]
    assert errors == []
    assert all(cell.execution_count for cell in executed.values())


def test_notebook_prints_summary(executed):
    summary = texts(executed["build"])
    assert "statements" in summary and "graph.ttl" in summary


def test_notebook_who_said_what_names_gold_speakers(executed):
    shown = texts(executed["who-said-what"])
    assert {name for name in gold_people() if name in shown}


def test_notebook_runs_every_named_query(executed):
    from kg.query import named_queries

    shown = texts(executed["other-queries"])
    for name in named_queries():
        if name not in ("who_said_what", "people_posts"):
            assert name in shown


def test_notebook_draws_network_png(executed):
    cell = executed["network"]
    assert any("image/png" in out.get("data", {}) for out in cell.outputs)
    # Without a CJK font the glyph warnings must have been silenced.
    stderr = "".join(out.text for out in cell.outputs if out.get("name") == "stderr")
    assert "missing from font" not in stderr


def test_notebook_custom_query_finds_heads(executed):
    """Statements by people whose title contains 长: a gold 长 title holder shows."""
    shown = texts(executed["custom-sparql"])
    assert "长" in shown
    assert {name for name in gold_people(title_has="长") if name in shown}


def test_notebook_uses_an_installed_cjk_font(executed):
    """Where a CJK font is installed (Debian fonts-noto-cjk, which .ci/run installs), the drawing
    uses it, so the labels are Chinese characters, not boxes."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist if "CJK" in f.name}
    if not installed:
        if os.environ.get("KGBUILD_REQUIRE_TOOLS"):
            pytest.fail("no CJK font is installed (Debian: fonts-noto-cjk), and KGBUILD_REQUIRE_TOOLS is set")
        pytest.skip("no CJK font is installed (Debian: fonts-noto-cjk)")
    shown = texts(executed["font"])
    assert "CJK font:" in shown
    assert shown.split("CJK font:", 1)[1].strip().split("\n")[0] in installed
