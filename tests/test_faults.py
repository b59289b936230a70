"""kill -9 of a real ``kgbuild run`` keeps the earlier output: a cheap subset of bench/faults.py.

Two points of ``make faults`` (which kills at 14 points and fills and
write-protects a tmpfs): killed while reading, and killed while writing, when
all the temporary files are written and none has replaced an output yet.
After each kill the earlier output must be byte-identical, and the next run
must remove the temporary files and exit 0 (OK). On the built-in sample with
the fast settings (``--no-ner --segmenter char``): about 15 s.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kg.output import OUTPUTS

FAULTS = Path(__file__).resolve().parents[1] / "bench" / "faults.py"


def test_kill_9_while_reading_and_while_writing_keeps_the_earlier_output(tmp_path):
    done = subprocess.run(
        [sys.executable, str(FAULTS), "--copies", "1", "--run-args", "--no-ner --segmenter char",
         "--only", "kill:read-1,kill:before-replace", "--work", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )
    report = done.stdout + done.stderr
    assert done.returncode == 0, report
    assert "2 cases: 2 ok, 0 failed, 0 skipped" in done.stdout, report
    rows: dict[str, str] = {}
    for line in done.stdout.splitlines():  # the table's row of each case (its legend comes after)
        if line.startswith("kill:"):
            rows.setdefault(line.split()[0], line)
    for case in ("kill:read-1", "kill:before-replace"):
        assert "-9 (SIGKILL)" in rows[case] and "next run: 0 (OK)" in rows[case], report
    # the exports, the record of articles and the SPARQL store's folder, all staged
    assert f"{len(OUTPUTS) + 2} temp(s) removed" in rows["kill:before-replace"], report
