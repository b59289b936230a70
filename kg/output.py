"""Writing outputs atomically: all of a run's files, or none of them.

Each file is written to a temporary file in the output folder, flushed and
synced, and only when every file is complete are they moved into place with
``os.replace`` (atomic on POSIX). A run that fails or is interrupted before
that leaves the previous outputs as they were.
"""
from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from kg.types import Extraction


def write_all(outdir: Path, files: dict[str, bytes]) -> list[Path]:
    """Write ``{name: content}`` into ``outdir`` atomically; return the paths."""
    outdir.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for name, data in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=outdir)
            staged.append((tmp, outdir / name))
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
        for tmp, final in staged:
            os.replace(tmp, final)
    finally:
        for tmp, _ in staged:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return [final for _, final in staged]


def statements_jsonl(extractions: Iterable[Extraction]) -> bytes:
    """One statement a line, in input order, keys in a fixed order."""
    lines = []
    for ex in extractions:
        for s in ex.statements:
            sp = s.speaker
            record = {
                "article": ex.article.id,
                "speaker": sp.name if sp else None,
                "speaker_type": sp.label if sp else None,
                "title": sp.title if sp else None,
                "organization": sp.org if sp else None,
                "cue": s.cue,
                "cue_class": s.cue_class,
                "kind": s.kind,
                "text": s.text,
                "start": s.start,
                "end": s.end,
                "speaker_start": sp.start if sp else None,
                "speaker_end": sp.end if sp else None,
            }
            lines.append(json.dumps(record, ensure_ascii=False))
    return ("\n".join(lines) + "\n" if lines else "").encode("utf-8")
