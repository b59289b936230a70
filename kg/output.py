"""Writing outputs atomically: all of a run's files, or none of them.

Each file is written to a temporary file in the output folder, flushed and
synced, and only when every file is complete are they moved into place with
``os.replace`` (atomic on POSIX), with Ctrl-C and SIGTERM held back while they
are, and the folder is synced after. A run that fails or is interrupted before
that leaves the previous outputs as they were; the temporary files of a run
that was killed (``kill -9``) are removed by the next run into the same
folder. Only ``kill -9`` (or a power cut) between two of the replaces, a
window of microseconds, can leave some files new and the others old, each
whole: POSIX has no rename of several files at once. Files get the mode the
umask gives (0644 under umask 022), as any other program's files do.
"""
from __future__ import annotations

import io
import json
import multiprocessing as mp
import os
import re
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from kg.errors import OutputError
from kg.store import FILE as RECORDS
from kg.types import Extraction

OUTPUTS = ("graph.ttl", "graph.jsonld", "graph.gexf", "people.gexf", "statements.jsonl")
# What every kgbuild output folder has held since the first version: a folder with these is not news.
SIGNATURE = ("graph.ttl", "graph.gexf", "statements.jsonl")
SPARQL_STORE = "graph.oxigraph"
# The outputs take about 40 bytes per byte of input text: on the People's Daily month (5.6 MB of
# article text) 227 MB, of which the SPARQL store 86, graph.jsonld 49, graph.ttl 41, graph.gexf
# 28, articles.sqlite 15 (the exports carry every mention with its offsets). With the old outputs
# still in place until the new ones replace them, a run asks for this many bytes free per input byte.
BYTES_PER_INPUT_BYTE = 45
MIN_FREE = 1 << 20
# Beside the exports: the record of the articles (kg.store) and the SPARQL store (kg.query).
KEPT = (*OUTPUTS, RECORDS, SPARQL_STORE)
# .graph.ttl.<pid>.<random>.tmp, as write_all names them (no pid: written by kgbuild 0.x), and a
# temporary SQLite file's journal
_TEMP = re.compile(r"^\.(?:" + "|".join(re.escape(n) for n in KEPT) + r")\.(?:(\d+)\.)?[\w-]+\.tmp(?:-journal)?$")


def prepare(outdir: Path) -> list[Path]:
    """Make sure ``outdir`` is a folder kgbuild can write, before any work is done.

    Creates it, removes the temporary files that killed runs left in it (those
    of a run still alive are left alone) and returns them; raises OutputError
    naming the folder if it cannot be created or written.
    """
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"{outdir}: the output folder is a file; give -o a folder") from None
    except OSError as e:
        raise OutputError(f"{outdir}: cannot create the output folder: {e.strerror or e}") from None
    removed = []
    for p in sorted(outdir.iterdir()):
        m = _TEMP.match(p.name)
        if m and not (m[1] and _alive(int(m[1]))):
            try:
                shutil.rmtree(p) if p.is_dir() and not p.is_symlink() else p.unlink()
                removed.append(p)
            except OSError:
                pass  # the probe below says whether the folder can be written
    try:
        fd, probe = tempfile.mkstemp(prefix=".kgbuild-probe.", dir=outdir)
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        raise OutputError(f"{outdir}: the output folder cannot be written: {e.strerror or e}") from None
    return removed


def check_space(outdir: Path, input_bytes: int) -> None:
    """Raise OutputError if ``outdir`` has clearly too little space for outputs of that much input."""
    need = max(MIN_FREE, BYTES_PER_INPUT_BYTE * input_bytes)
    free = shutil.disk_usage(outdir).free
    if free < need:
        raise OutputError(f"{outdir}: {_mb(free)} free, and the outputs of {_mb(input_bytes)} of input "
                          f"need about {_mb(need)}; free some space or give -o another folder")


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # alive, another user's
    return True


def _umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold back SIGINT and SIGTERM (delivered on leaving) so that files are replaced all or none."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


Part = bytes | Callable[[BinaryIO], None]  # a file's bytes, or what writes them to a binary file


def write_all(outdir: Path, files: dict[str, Part], *, ready: dict[str, Path] | None = None,
              folder: tuple[str, Callable[[Path, dict[str, Path]], None]] | None = None,
              commit: Callable[[], None] | None = None, forked: Iterable[str] = (), jobs: int = 1) -> list[Path]:
    """Write ``{name: content}`` into ``outdir`` atomically; return the paths.

    Each content is bytes or a function that writes them to the binary file it
    is given (an export written a part at a time). ``ready`` are files already
    written under temporary names in ``outdir``, moved into place with the
    others. ``folder`` is (name, build): ``build(path, written)`` makes a folder
    at ``path`` from the files just written (``written``: name → their
    temporary paths, those of ``forked`` left out); it replaces the folder of
    that name last, old one out, new one in. ``commit`` is called just before
    the replaces, with Ctrl-C and SIGTERM held back. With ``jobs`` above 1, the files named in ``forked``
    are written by up to ``jobs`` processes forked from this one (which inherit
    what their functions read) while this one writes the others and builds the
    folder; the bytes are the same. Functions that read an open database or
    anything else a fork cannot share must not be among ``forked``.

    Raises OutputError (the folder and the reason: disk full, read-only …) if
    any file cannot be written; then no output has been replaced.
    """
    prepare(outdir)
    mode = _umask_mode()
    staged: list[tuple[str, Path]] = []
    made: str | None = None
    old: str | None = None
    name = ""
    forked = [n for n in files if n in set(forked)] if jobs > 1 and "fork" in mp.get_all_start_methods() else []
    pool = None
    try:
        for name in files:
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.{os.getpid()}.", suffix=".tmp", dir=outdir)
            os.close(fd)
            staged.append((tmp, outdir / name))
        temporary = {final.name: tmp for tmp, final in staged}
        if forked:
            from kg.extract import ignore_signals  # as the extraction's workers do (loaded by then)

            _FORKED.update({n: (files[n], temporary[n]) for n in forked})
            pool = mp.get_context("fork").Pool(min(jobs, len(forked)), initializer=ignore_signals)
            elsewhere = {n: pool.apply_async(_write_forked, (n,)) for n in forked}
        for name, data in files.items():
            if name not in forked:
                _write_file(data, temporary[name])
        if folder:  # while the forked writers go on: it reads only what this process wrote
            name, build = folder
            made = tempfile.mkdtemp(prefix=f".{name}.{os.getpid()}.", suffix=".tmp", dir=outdir)
            os.chmod(made, mode | (mode & 0o444) >> 2)  # a folder: searchable where readable
            build(Path(made), {n: Path(tmp) for n, tmp in temporary.items() if n not in forked})
        for name in forked:
            elsewhere[name].get()  # raises what the writer raised (an OSError for a full disk)
        for tmp, _ in staged:
            os.chmod(tmp, mode)
        for name, tmp in (ready or {}).items():
            staged.append((str(tmp), outdir / name))
            os.chmod(tmp, mode)
        with _signals_held():
            if commit:
                commit()
            for tmp, final in staged:
                name = final.name
                os.replace(tmp, final)
            if folder:
                name = folder[0]
                if (outdir / name).exists():
                    old = tempfile.mkdtemp(prefix=f".{name}.{os.getpid()}.", suffix=".tmp", dir=outdir)
                    os.replace(outdir / name, old)  # a folder can only be renamed onto an empty one
                os.replace(made, outdir / name)
                made = None
            _sync_folder(outdir)
    except OSError as e:
        raise OutputError(f"{outdir}: cannot write {name}: {e.strerror or e}; the earlier outputs "
                          "are as they were") from None
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
        _FORKED.clear()
        for tmp, _ in staged:
            if os.path.exists(tmp):
                os.unlink(tmp)
        for leftover in (made, old):
            if leftover:
                shutil.rmtree(leftover, ignore_errors=True)
    return [final for _, final in staged] + ([outdir / folder[0]] if folder else [])


_FORKED: dict[str, tuple[Part, str]] = {}  # what the forked writers of write_all inherit: name → (content, path)


def _write_file(data: Part, path: str) -> None:
    """``data`` (bytes, or a function that writes to a binary file) into ``path``, synced."""
    with open(path, "wb") as f:
        if isinstance(data, bytes):
            f.write(data)
        else:
            data(f)
        f.flush()
        os.fsync(f.fileno())


def _write_forked(name: str) -> None:
    _write_file(*_FORKED[name])


def _sync_folder(outdir: Path) -> None:
    """Make the replaces durable: sync the folder's entries (where the system allows it)."""
    try:
        fd = os.open(outdir, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems do not sync folders; the files themselves are synced
    finally:
        os.close(fd)


def statement_lines(extractions: Iterable[Extraction]) -> Iterator[str]:
    """One JSON object a statement, in input order, keys in a fixed order."""
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
            yield json.dumps(record, ensure_ascii=False)


def statements_jsonl(extractions: Iterable[Extraction]) -> bytes:
    """statements.jsonl's bytes: one statement a line (:func:`statement_lines`)."""
    out = io.BytesIO()
    write_statements(extractions, out)
    return out.getvalue()


def write_statements(extractions: Iterable[Extraction], out: BinaryIO) -> None:
    """Write statements.jsonl to a binary file, a line at a time."""
    for line in statement_lines(extractions):
        out.write(line.encode("utf-8") + b"\n")
