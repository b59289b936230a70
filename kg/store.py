"""The output folder's record of every article and what was found in it: ``articles.sqlite``.

``kgbuild run`` writes, beside its exports, one SQLite table with a row per
article in input order: the article (text and fields) and its extraction, as
JSON. The exports are written from these rows, so ``kgbuild run --update``
adds new articles (a re-sent id replaces its row, in its place) and writes
the exports again from every row, without extracting the earlier articles
again: the result is the one a single run over everything gives, byte for
byte. Nothing else needs them in memory at once, so a run's memory does not
grow with the corpus by them.

The rows are JSON, not pickles, so that opening someone else's output folder
runs no code of theirs, and any SQLite client can read them::

    SELECT json_extract(record, '$.article.id'), json_array_length(record, '$.statements')
    FROM articles ORDER BY seq;

A new run builds the file under a temporary name and it replaces the old one
with the exports (kg.output.write_all). An update changes the file in place
inside one SQLite transaction that is committed just before the exports are
replaced: killed before that, SQLite rolls the transaction back and the
folder is as it was.

The ``meta`` table says how the rows were made (the format, kgbuild's
version, the segmenter, with or without the NER model); an update with other
settings is refused, since its rows would not be those of one run.
"""
from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from pathlib import Path

from kg.errors import BadOption, OutputError
from kg.types import Article, Extraction, PersonMention, Post, Span, Statement

FILE = "articles.sqlite"
FORMAT = "1"
_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, record TEXT NOT NULL);
"""


class Records:
    """The rows of one output folder, open for one run (see the module's text)."""

    def __init__(self, db: sqlite3.Connection, path: Path, final: Path):
        self.db = db
        self.path = path  # where the file is now: a temporary name for a new run
        self.final = final  # where it belongs

    @classmethod
    def create(cls, outdir: Path, settings: dict[str, str]) -> Records:
        """An empty file under a temporary name in ``outdir`` (kg.output removes it if the run dies)."""
        fd, tmp = tempfile.mkstemp(prefix=f".{FILE}.{os.getpid()}.", suffix=".tmp", dir=outdir)
        os.close(fd)
        db = _connect(Path(tmp), outdir)
        with _writing(outdir):
            db.executescript(_SCHEMA)
            db.executemany("INSERT INTO meta VALUES (?, ?)", sorted({**settings, "format": FORMAT}.items()))
            db.commit()
            db.execute("BEGIN")
        return cls(db, Path(tmp), outdir / FILE)

    @classmethod
    def update(cls, outdir: Path, settings: dict[str, str]) -> Records:
        """The file of an earlier run in ``outdir``, in a transaction, if it was made with ``settings``;
        BadOption (naming the folder) if there is none or it was made otherwise."""
        path = cls.check_earlier(outdir)
        try:
            db = _connect(path, outdir)
            made = dict(db.execute("SELECT key, value FROM meta"))
        except sqlite3.DatabaseError as e:
            raise BadOption(f"{path}: cannot be read as kgbuild's record of articles: {e}") from None
        wanted = {**settings, "format": FORMAT}
        differ = [f"{k} {made.get(k, 'not said')!r} (now {v!r})" for k, v in sorted(wanted.items())
                  if made.get(k) != v]
        if differ:
            raise BadOption(f"{outdir}: made with other settings: {', '.join(differ)}; --update adds to "
                            "an output made the same way (run without --update to build it again)")
        with _writing(outdir):
            db.execute("BEGIN IMMEDIATE")  # one update at a time
        return cls(db, path, path)

    @staticmethod
    def check_earlier(outdir: Path) -> Path:
        """The file of an earlier run in ``outdir``; BadOption, naming the folder, if there is none."""
        path = outdir / FILE
        if not path.is_file():
            raise BadOption(f"{outdir}: --update needs the output folder of an earlier kgbuild run "
                            f"(with its {FILE}); there is none")
        return path

    def base_iri(self, given: str | None, default: str) -> str:
        """The base IRI to export with: ``given``, else the earlier run's, else ``default``;
        kept in ``meta`` for the next update."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'base_iri'").fetchone()
        chosen = given or (row[0] if row else default)
        with _writing(self.final.parent):
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('base_iri', ?)", (chosen,))
        return chosen

    def put(self, ex: Extraction) -> None:
        """Add an article's row at the end, or replace the row of the same id where it is."""
        with _writing(self.final.parent):
            self.db.execute(
                "INSERT INTO articles (id, record) VALUES (?, ?) "
                "ON CONFLICT (id) DO UPDATE SET record = excluded.record",
                (ex.article.id, json.dumps(to_json(ex), ensure_ascii=False, separators=(",", ":"))))

    def __iter__(self) -> Iterator[Extraction]:
        """Every row's extraction, in input order, one at a time."""
        for (record,) in self.db.execute("SELECT record FROM articles ORDER BY seq"):
            yield from_json(json.loads(record))

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def commit(self) -> None:
        """Make the rows durable (and, for a new file, close it so that it can be moved into place)."""
        with _writing(self.final.parent):
            self.db.commit()
        if self.path != self.final:
            self.db.close()

    def close(self) -> None:
        """Leave without committing: an update's changes are rolled back."""
        self.db.close()


def recover(outdir: Path) -> None:
    """Roll back what an update killed in its transaction left (SQLite's hot journal), so that
    the file is as the last finished run left it before anything replaces or reads it."""
    path = outdir / FILE
    if path.is_file() and (outdir / f"{FILE}-journal").exists():
        try:
            db = _connect(path, outdir)
            try:
                with _writing(outdir):
                    db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            finally:
                db.close()
        except sqlite3.DatabaseError:
            pass  # not a database: an update refuses it, a new run replaces it


def _connect(path: Path, outdir: Path) -> sqlite3.Connection:
    try:
        db = sqlite3.connect(path, isolation_level=None)  # transactions as this module says
        db.execute("PRAGMA synchronous = FULL")
    except sqlite3.OperationalError as e:
        raise OutputError(f"{outdir}: cannot open {path.name}: {e}") from None
    return db


@contextmanager
def _writing(outdir: Path) -> Iterator[None]:
    """SQLite's errors while writing (a full disk, a read-only folder) as OutputError naming the folder."""
    try:
        yield
    except sqlite3.Error as e:
        raise OutputError(f"{outdir}: cannot write {FILE}: {e}; the earlier outputs are as they were") from None


# JSON records: each dataclass as an object of its fields; a person mention has "title".

def to_json(ex: Extraction) -> dict:
    return {
        "article": _fields(ex.article),
        "mentions": [_fields(m) for m in ex.mentions],
        "posts": [_fields(p) for p in ex.posts],
        "statements": [{**_fields(s), "speaker": None if s.speaker is None else _fields(s.speaker)}
                       for s in ex.statements],
        "warnings": list(ex.warnings),
    }


def from_json(record: dict) -> Extraction:
    a = record["article"]
    return Extraction(
        article=Article(**{**a, "reporters": tuple(a["reporters"])}),
        mentions=tuple(_mention(m) for m in record["mentions"]),
        posts=tuple(Post(**p) for p in record["posts"]),
        statements=tuple(Statement(**{**s, "speaker": None if s["speaker"] is None else _mention(s["speaker"])})
                         for s in record["statements"]),
        warnings=tuple(record["warnings"]),
    )


def _fields(record: object) -> dict:
    return {f.name: getattr(record, f.name) for f in fields(record)}


def _mention(m: dict) -> Span | PersonMention:
    return PersonMention(**m) if "title" in m else Span(**m)


