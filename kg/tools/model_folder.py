"""Where a training run writes its model: a new folder, or the shipped model when asked.

``kgbuild train ner|segmenter`` never writes over a model by accident. The
models kgbuild ships (``kg/models/ner``, ``kg/models/pkuseg``) are rebuilt
only with ``--replace-shipped``; any other folder must be new or empty, and
that is checked before the training starts, not after it.
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path

from kg.errors import BadOption, KgbuildError

SHIPPED = {"ner": "ner", "segmenter": "pkuseg"}  # training command → folder in kg/models


def shipped_dir(command: str) -> Path:
    """The folder of the model that ``kgbuild train COMMAND`` builds and kgbuild ships."""
    return Path(str(files("kg.models") / SHIPPED[command]))


def output_dir(command: str, out: Path | None, replace_shipped: bool) -> Path:
    """The folder ``kgbuild train COMMAND`` writes: ``out``, or the shipped model's with ``replace_shipped``."""
    if replace_shipped and out is not None:
        raise BadOption(f"give either -o {out} (a new model) or --replace-shipped (rebuild {shipped_dir(command)}), "
                        "not both")
    if replace_shipped:
        return shipped_dir(command)
    if out is None:
        raise BadOption(f"give -o FOLDER for the new model (a new or empty folder), or --replace-shipped to "
                        f"rebuild the model kgbuild ships in {shipped_dir(command)}")
    return out


def check_new(out: Path, replace: bool = False) -> None:
    """Raise BadOption unless ``out`` is a new or empty folder (any folder with ``replace``).

    >>> check_new(Path("no/such/folder"))
    """
    out = Path(out)
    if replace or not out.exists():
        return
    if not out.is_dir():
        raise BadOption(f"{out} is a file, not a folder for the model")
    if any(out.iterdir()):
        shipped = [c for c in SHIPPED if shipped_dir(c).resolve() == out.resolve()]
        hint = ("it is the model kgbuild ships: to rebuild it, give --replace-shipped instead of -o"
                if shipped else "give a new or empty folder; kgbuild does not write over a model")
        raise BadOption(f"{out} already holds files: {hint}")


@contextmanager
def staged(out: Path, replace: bool = False) -> Iterator[Path]:
    """A new folder beside ``out`` to build the model in.

    When the block ends, the folder becomes ``out`` (replacing a model there
    only with ``replace``); when it raises, or is interrupted, the folder is
    removed and ``out`` is as it was.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    folder = out.parent / f".{out.name}.{os.getpid()}.new"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    try:
        yield folder
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    if replace:
        shutil.rmtree(out, ignore_errors=True)
    elif out.is_dir():
        try:
            out.rmdir()  # empty when training started
        except OSError as e:
            raise KgbuildError(f"{out} got files while the model was trained; the new model is in {folder}") from e
    folder.rename(out)
