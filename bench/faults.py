"""Does a good output survive faults? kill -9 at 14 points of a run, a full disk, a read-only folder, nothing readable.

    python bench/faults.py [--copies 12] [--only CASE,...] [--run-args "--no-ner"] [--keep]
    make faults

Builds a corpus from the built-in sample (``kg/sample``: its articles and its
newspaper page, repeated ``--copies`` times under new ids; nothing from
elsewhere), so that a run takes several seconds. Writes a good *earlier*
output (``kgbuild run`` of the sample's articles, without its page) and a *reference* output of
the corpus, each checked once: ``graph.ttl`` with ``rapper -i turtle -c`` and
pyoxigraph, ``graph.gexf`` with ``jing`` against the GEXF 1.3 schema in
``../shared/schemas`` (as tests/test_gexf.py does), ``statements.jsonl`` line
by line as JSON. Then, each case starting from the earlier output:

kill -9 (``kill:…``)
    a run of the corpus is killed at a point of reading, model loading,
    extraction, serialising and writing. Twelve points are exact: the run is
    a child process (``faults.py _child``) that calls ``kgbuild``'s own CLI
    with hooks around kg's functions, which stop it (SIGSTOP) at the point;
    it is then killed with SIGKILL, at once or after a delay (the midway
    points, timed from the reference run). Two points use the plain
    ``kgbuild`` command with no hooks: killed at half its reference wall
    time, and the moment a temporary file appears in the output folder. After
    the kill every output file must be byte for byte the earlier one, or --
    for a kill between two ``os.replace`` -- the reference one (a file never
    half of each), and each file must parse; the next plain run must remove
    the temporary files, exit 0 and write the reference bytes.
full disk (``disk:…``), on a small tmpfs (``mount -t tmpfs``; needs root)
    ``disk:before-work``: the tmpfs holds the earlier output and too little
    more; the run must stop before the work with exit 4 (CANNOT_WRITE).
    ``disk:mid-write``: the tmpfs has the room the space check asks for but
    less than the outputs take; the run must fail while writing, exit 4.
read-only (``ro:mount``)
    the tmpfs remounted read-only (as root; ``chmod 555`` is no test for
    root); not root: ``ro:chmod``, the folder ``chmod 555``. Exit 4.
nothing readable (``refused:…``)
    an empty file, a mistyped path, both: exit 3 (NOTHING_USABLE).

Every case must leave the earlier output byte-identical (but for kills after
a replace, above), no temporary file behind, and a message with no traceback.
A table says, for each case, the exit status (number and name) and whether
the outputs were kept. Exit status 1 if any check failed; a case that cannot
be set up here (no root for mount) is skipped with a message, not failed.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GEXF_SCHEMA = SHARED / "schemas" / "gexf-1.3" / "gexf.rnc"
SAMPLE = ROOT / "kg" / "sample"
STATE_ENV = "KGBUILD_FAULTS_STATE"  # the child's event log (JSON lines)
# kg.output's temporary files (.graph.ttl.<pid>.<random>.tmp) and the journal SQLite keeps beside
# a temporary articles.sqlite while it is written
TEMP_RE = re.compile(r"^\..+\.tmp(?:-journal)?$")
PAGE = 4096


# --------------------------------------------------------------------------------------------
# The child: kgbuild's own CLI with hooks that log the phases and stop the process at one point
# --------------------------------------------------------------------------------------------

def _child(target: str, args: list[str]) -> None:
    """Run ``kgbuild ARGS``; at the event ``target`` (or never, for ``-``) stop with SIGSTOP.

    Events: ``read#k`` (k articles read), ``read-end``, ``load-start``,
    ``load-end``, ``extract#k`` (k articles extracted), ``extract-end``,
    ``serialise-start``, ``temp-created#k`` / ``temp-synced#k`` (the k-th
    output's temporary file made / written and synced), ``replace#k`` (before
    the k-th ``os.replace`` of an output), ``replaced#k`` (after it). Each
    event is appended to the file named by $KGBUILD_FAULTS_STATE with the
    time and the outputs replaced so far.
    """
    import kg.cli
    import kg.nlp
    import kg.output
    import kg.rdf
    import kg.run

    log = open(os.environ[STATE_ENV], "a", encoding="utf-8")  # noqa: SIM115 - open for the process
    t0 = time.perf_counter()
    replaced: list[str] = []
    temps: dict[str, str] = {}  # temporary path -> output name

    def at(event: str, record: bool = True) -> None:
        stop = event == target
        if record or stop:
            log.write(json.dumps({"event": event, "t": time.perf_counter() - t0, "replaced": replaced,
                                  "stopped": stop}) + "\n")
            log.flush()
        if stop:
            os.kill(os.getpid(), signal.SIGSTOP)

    def need(module, name):
        if not hasattr(module, name):
            sys.stderr.write(f"faults: cannot hook {module.__name__}.{name}: has kg changed?\n")
            sys.exit(99)
        return getattr(module, name)

    def counted(real, label):
        """A hook around a generator: a point at each item (label#n) and at its end."""
        def hook(*a, **k):
            for n, item in enumerate(real(*a, **k), 1):
                at(f"{label}#{n}", record=n == 1)
                yield item
            at(f"{label}-end")
        return hook

    iter_articles = counted(need(kg.run, "iter_articles"), "read")

    real_load = need(kg.nlp, "load_pipeline")

    def load_pipeline(*a, **k):
        at("load-start")
        pipeline = real_load(*a, **k)
        at("load-end")
        return pipeline

    extract = counted(need(kg.run, "extract"), "extract")

    real_turtle = need(kg.rdf, "write_turtle")

    def write_turtle(*a, **k):
        at("serialise-start")
        return real_turtle(*a, **k)

    real_mkstemp = need(kg.output.tempfile, "mkstemp")
    export_names = need(kg.output, "OUTPUTS")
    output_names = (*export_names, need(kg.output, "RECORDS"))
    created: list[str] = []

    def mkstemp(*a, **k):
        fd, path = real_mkstemp(*a, **k)
        name = next((n for n in output_names if Path(path).name.startswith(f".{n}.")), None)
        if name:
            temps[path] = name
        if name in export_names:  # the record of articles is made before the extraction
            created.append(path)
            at(f"temp-created#{len(created)}")
        return fd, path

    real_fsync = need(kg.output.os, "fsync")
    synced: list[str] = []

    def fsync(fd):
        real_fsync(fd)
        try:
            path = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            path = ""
        if path in temps:
            synced.append(path)
            at(f"temp-synced#{len(synced)}")

    real_replace = need(kg.output.os, "replace")

    def replace(src, dst, *a, **k):
        src = os.fspath(src)
        ours = src in temps
        if ours:
            at(f"replace#{len(replaced) + 1}")
        real_replace(src, dst, *a, **k)
        if ours:
            replaced.append(temps[src])
            at(f"replaced#{len(replaced)}")

    kg.run.iter_articles = iter_articles
    kg.nlp.load_pipeline = load_pipeline
    kg.run.extract = extract
    kg.rdf.write_turtle = write_turtle
    kg.output.tempfile.mkstemp = mkstemp  # the tempfile and os modules: this process only
    kg.output.os.fsync = fsync
    kg.output.os.replace = replace
    kg.cli.main(args=args, prog_name="kgbuild")


# --------------------------------------------------------------------------------------------
# The harness
# --------------------------------------------------------------------------------------------

def status_name(code: int | None) -> str:
    from kg.errors import ExitStatus

    if code is None:
        return "-"
    if code < 0:
        return f"{code} ({signal.Signals(-code).name})"
    if code == 128 + signal.SIGTERM:
        return f"{code} (SIGTERM)"
    try:
        return f"{code} ({ExitStatus(code).name})"
    except ValueError:
        return f"{code} (?)"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


class Checker:
    """Parses each distinct output file once (by its hash): rapper, pyoxigraph, jing, JSON."""

    def __init__(self) -> None:
        self.seen: dict[str, list[str]] = {}
        self.skipped: set[str] = set()
        self.rapper = shutil.which("rapper")
        self.jing = shutil.which("jing") if GEXF_SCHEMA.exists() else None
        try:
            import pyoxigraph
        except ImportError:
            pyoxigraph = None
        self.pyoxigraph = pyoxigraph
        if not self.rapper:
            self.skipped.add("rapper (not installed; Debian package raptor2-utils)")
        if not self.jing:
            self.skipped.add("jing (not installed)" if not shutil.which("jing") else f"jing (no schema {GEXF_SCHEMA})")
        if not pyoxigraph:
            self.skipped.add("pyoxigraph (not installed)")

    def problems(self, name: str, data: bytes) -> list[str]:
        key = f"{name}:{digest(data)}"
        if key not in self.seen:
            self.seen[key] = self._check(name, data)
        return self.seen[key]

    def _check(self, name: str, data: bytes) -> list[str]:
        found = []
        with tempfile.TemporaryDirectory(prefix="kgfaults-check-") as d:
            path = Path(d) / name
            path.write_bytes(data)
            if name.endswith(".ttl"):
                if self.rapper:
                    r = subprocess.run([self.rapper, "-q", "-i", "turtle", "-c", str(path)],
                                       capture_output=True, text=True)
                    if r.returncode:
                        found.append(f"{name}: rapper: {r.stderr.strip()[:200]}")
                if self.pyoxigraph:
                    try:
                        fmt = getattr(self.pyoxigraph, "RdfFormat", None)
                        triples = self.pyoxigraph.parse(data, format=fmt.TURTLE) if fmt else \
                            self.pyoxigraph.parse(data, "text/turtle")
                        if not sum(1 for _ in triples):
                            found.append(f"{name}: pyoxigraph: no triples")
                    except Exception as e:  # noqa: BLE001 - any parse failure is a finding
                        found.append(f"{name}: pyoxigraph: {e}"[:200])
            elif name.endswith(".gexf"):
                if self.jing:
                    r = subprocess.run([self.jing, "-c", str(GEXF_SCHEMA), str(path)], capture_output=True,
                                       text=True)
                    if r.returncode:
                        found.append(f"{name}: jing: {(r.stdout + r.stderr).strip()[:200]}")
            elif name.endswith(".jsonl"):
                for n, line in enumerate(data.decode("utf-8").splitlines(), 1):
                    try:
                        json.loads(line)
                    except ValueError as e:
                        found.append(f"{name}:{n}: not JSON: {e}")
                        break
        return found


@dataclass
class Outcome:
    case: str
    what: str
    status: int | None = None
    kept: str = "-"
    after: str = "-"
    failures: list[str] = field(default_factory=list)
    skipped: str = ""

    def fail(self, message: str) -> None:
        self.failures.append(message)


@dataclass
class Point:
    """A kill -9 point: an event of the hooked child (and a delay after it), or a plain run."""

    case: str
    what: str
    event: str = ""  # the child's event to stop at; "" for a plain kgbuild run
    delay: float = 0.0  # seconds to let the run go on after the event before the kill
    plain: str = ""  # "time": kill at a share of the reference wall time; "temp": when a temp file appears


class Faults:
    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        from kg.output import OUTPUTS, RECORDS

        self.args = args
        self.work = work
        self.outputs = (*OUTPUTS, RECORDS)  # files; the SPARQL store, a folder made from graph.ttl, is left out
        self.run_args = shlex.split(args.run_args)
        self.kgbuild = str(Path(sys.executable).with_name("kgbuild"))
        if not Path(self.kgbuild).exists():
            self.kgbuild = shutil.which("kgbuild") or "kgbuild"
        self.checker = Checker()
        self.results: list[Outcome] = []
        self.mounts: list[Path] = []

    # ---- setup --------------------------------------------------------------------------

    def build_corpus(self) -> Path:
        corpus = self.work / "corpus"
        corpus.mkdir()
        lines = (SAMPLE / "articles.jsonl").read_text(encoding="utf-8").splitlines()
        page = (SAMPLE / "page.txt").read_bytes()
        with (corpus / "feed.jsonl").open("w", encoding="utf-8") as f:
            for r in range(self.args.copies):
                for line in lines:
                    if line.strip():
                        record = json.loads(line)
                        record["id"] = f"{record['id']}-copy{r:03d}"
                        f.write(json.dumps(record, ensure_ascii=False) + "\n")
        for r in range(self.args.copies):
            (corpus / f"page-{r:03d}.txt").write_bytes(page)
        return corpus

    def kg_run(self, inputs: list[str], out: Path) -> tuple[int, str, float]:
        t = time.perf_counter()
        r = subprocess.run([self.kgbuild, "run", *inputs, "-o", str(out), *self.run_args],
                           capture_output=True, text=True)
        return r.returncode, r.stderr + r.stdout, time.perf_counter() - t

    def setup(self) -> None:
        from kg.output import BYTES_PER_INPUT_BYTE, MIN_FREE
        from kg.reader import iter_articles

        self.corpus = self.build_corpus()
        self.articles = list(iter_articles([str(self.corpus)], lambda e: None))
        self.text_bytes = sum(len(a.text.encode("utf-8")) for a in self.articles)
        self.space_needed = max(MIN_FREE, BYTES_PER_INPUT_BYTE * self.text_bytes)
        say(f"corpus: {len(self.articles)} articles, {self.text_bytes:,} bytes of text, in {self.corpus}")

        # the earlier output: the built-in sample's articles without its page (every file, people.gexf too,
        # different from the corpus's)
        earlier = self.work / "earlier"
        code, text, secs = self.kg_run([str(SAMPLE / "articles.jsonl")], earlier)
        if code != 0:
            raise SystemExit(f"faults: the earlier run failed ({status_name(code)}):\n{text}")
        self.old = self.snapshot(earlier)
        say(f"earlier output (the sample's articles): {self.sizes(self.old)}, {secs:.1f} s")

        # the reference output of the corpus, by the hooked child (no stop), which also times the phases
        ref = self.work / "reference"
        state = self.work / "reference.events"
        t = time.perf_counter()
        r = subprocess.run(self.child_command("-", ref), env=self.child_env(state), capture_output=True, text=True)
        wall = time.perf_counter() - t
        if r.returncode != 0:
            raise SystemExit(f"faults: the reference run failed ({status_name(r.returncode)}):\n{r.stderr}")
        self.new = self.snapshot(ref)
        self.events = {}
        for e in self.read_events(state):  # the first time of each: the inputs are read twice (a count, then the run)
            self.events.setdefault(e["event"], e["t"])
        self.wall = wall
        if self.new.keys() != set(self.outputs) or self.old.keys() != set(self.outputs):
            raise SystemExit(f"faults: the outputs are {sorted(self.new)}, expected {list(self.outputs)}")
        if any(self.old[n] == self.new[n] for n in self.outputs):
            raise SystemExit("faults: the earlier and the reference output have a file in common: "
                             "cannot tell them apart")
        ev = self.events
        say(f"reference output (the corpus): {self.sizes(self.new)}, {wall:.1f} s wall: "
            f"reading {ev['read-end']:.2f} s, model loading {ev['load-end'] - ev['load-start']:.2f} s, "
            f"extraction {ev['extract-end'] - ev['load-end']:.2f} s, serialising and writing "
            f"{ev[f'replaced#{len(self.outputs)}'] - ev['serialise-start']:.3f} s")
        for label, snap in (("earlier", self.old), ("reference", self.new)):
            for name, data in snap.items():
                for p in self.checker.problems(name, data):
                    raise SystemExit(f"faults: the {label} output is not valid: {p}")
        say(f"both outputs parse ({self.checked_with()})")

    def checked_with(self) -> str:
        tools = ["JSON"]
        if self.checker.rapper:
            tools.append("rapper")
        if self.checker.pyoxigraph:
            tools.append("pyoxigraph")
        if self.checker.jing:
            tools.append("jing")
        return ", ".join(tools) + (f"; not checked with: {', '.join(sorted(self.checker.skipped))}"
                                   if self.checker.skipped else "")

    def child_command(self, event: str, out: Path) -> list[str]:
        return [sys.executable, str(Path(__file__).resolve()), "_child", event, "--", "run", str(self.corpus),
                "-o", str(out), *self.run_args]

    def child_env(self, state: Path) -> dict[str, str]:
        return {**os.environ, STATE_ENV: str(state)}

    @staticmethod
    def read_events(state: Path) -> list[dict]:
        if not state.exists():
            return []
        return [json.loads(line) for line in state.read_text(encoding="utf-8").splitlines() if line.strip()]

    @staticmethod
    def snapshot(folder: Path) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and not TEMP_RE.match(p.name)}

    @staticmethod
    def temps(folder: Path) -> list[str]:
        return sorted(p.name for p in folder.iterdir() if TEMP_RE.match(p.name))

    @staticmethod
    def sizes(snap: dict[str, bytes]) -> str:
        return ", ".join(f"{n} {len(b):,} B" for n, b in snap.items())

    def put_earlier(self, out: Path) -> None:
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        for name, data in self.old.items():
            (out / name).write_bytes(data)

    def kept(self, out: Path, o: Outcome) -> bool:
        """The earlier output, byte for byte, and nothing else (no temporary file) in ``out``."""
        now = self.snapshot(out)
        ok = now == self.old
        if not ok:
            changed = sorted(n for n in set(now) | set(self.old) if now.get(n) != self.old.get(n))
            o.fail(f"the earlier output changed: {', '.join(changed)}")
        left = self.temps(out)
        if left:
            o.fail(f"temporary files left: {', '.join(left)}")
        o.kept = "yes" if ok else "NO"
        return ok

    def no_traceback(self, text: str, o: Outcome) -> None:
        if "Traceback" in text:
            o.fail("a traceback: " + text[text.index("Traceback"):][:300].replace("\n", " | "))

    # ---- kill -9 -----------------------------------------------------------------------------

    def points(self) -> list[Point]:
        half = max(1, len(self.articles) // 2)
        ev = self.events
        load = ev["load-end"] - ev["load-start"]
        n = len(self.outputs)
        first = self.outputs[0]
        return [
            Point("kill:read-1", "reading: the 1st article read", "read#1"),
            Point("kill:read-half", f"reading: {half} of {len(self.articles)} articles read", f"read#{half}"),
            Point("kill:load-start", "model loading: its start", "load-start"),
            Point("kill:load-mid", f"model loading: {load / 2:.2f} s in (of {load:.2f} s)", "load-start",
                  delay=load / 2),
            Point("kill:extract-1", "extraction: the 1st article done", "extract#1"),
            Point("kill:extract-half", f"extraction: {half} articles done", f"extract#{half}"),
            Point("kill:serialise", "serialising: graph built, nothing written yet", "serialise-start"),
            Point("kill:temp-created", f"writing: the 1st temp file ({first}) just created", "temp-created#1"),
            Point("kill:temp-synced", f"writing: the 1st temp file ({first}) written and synced",
                  "temp-synced#1"),
            Point("kill:before-replace", f"writing: all {n} temp files synced, none replaced", "replace#1"),
            Point("kill:replaced-1", f"writing: 1 of {n} files replaced", "replace#2"),
            Point("kill:replaced-2", f"writing: {n - 1} of {n} files replaced", f"replace#{n}"),
            Point("kill:plain-time", f"plain kgbuild, killed at half its wall time ({self.wall / 2:.1f} s)",
                  plain="time"),
            Point("kill:plain-temp", "plain kgbuild, killed when a temp file appears (polled)", plain="temp"),
        ]

    def kill_case(self, p: Point) -> Outcome:
        o = Outcome(p.case, p.what)
        out = self.work / "out"
        self.put_earlier(out)
        replaced: list[str] | None = None  # known for the hooked child: the outputs replaced before the kill
        if p.plain:
            code, landed = self.kill_plain(p, out)
            o.status = code
            o.what += f" [{landed}]"
            if code != -signal.SIGKILL:
                o.fail(f"not killed: {landed} ({status_name(code)}): {last((self.work / 'plain.err').read_text())}")
                return o
        else:
            state = self.work / f"{p.case.replace(':', '-')}.events"
            err = (self.work / "child.err").open("w")
            proc = subprocess.Popen(self.child_command(p.event, out), env=self.child_env(state),
                                    stdout=err, stderr=err)
            _, wstatus = os.waitpid(proc.pid, os.WUNTRACED)
            if os.WIFSTOPPED(wstatus):
                if p.delay:
                    os.kill(proc.pid, signal.SIGCONT)
                    time.sleep(p.delay)
                os.kill(proc.pid, signal.SIGKILL)
                o.status = proc.wait()
            else:
                o.status = os.waitstatus_to_exitcode(wstatus)
                proc.returncode = o.status
            err.close()
            stops = [e for e in self.read_events(state) if e["stopped"]]
            if not stops:
                o.fail(f"the run never reached {p.event} ({status_name(o.status)}): "
                       + last((self.work / "child.err").read_text()))
                return o
            replaced = stops[-1]["replaced"]
            if o.status != -signal.SIGKILL:
                o.fail(f"the run was not killed: {status_name(o.status)} (the delay outlasted it?)")
                return o
        # after the kill: each file entirely the earlier or entirely the reference version, all valid
        now = self.snapshot(out)
        temps = self.temps(out)
        kinds = {}
        for name in self.outputs:
            data = now.get(name)
            kinds[name] = ("missing" if data is None else "earlier" if data == self.old[name]
                           else "new" if data == self.new[name] else "DAMAGED")
            if data is not None:
                for problem in self.checker.problems(name, data):
                    o.fail(problem)
        for name in sorted(set(now) - set(self.outputs)):
            o.fail(f"an unexpected file: {name}")
        bad = [f"{n} {k}" for n, k in kinds.items() if k in ("missing", "DAMAGED")]
        if bad:
            o.fail("after the kill: " + ", ".join(bad))
        if replaced is not None:
            expected = {n: "new" if n in replaced else "earlier" for n in self.outputs}
            if kinds != expected:
                o.fail(f"after the kill: {kinds}, expected {expected}")
        news = [n for n, k in kinds.items() if k == "new"]
        if not bad and not news:
            o.kept = "yes"
        elif not bad:
            o.kept = f"each file whole: {', '.join(news)} new" if len(news) < len(self.outputs) else "all new"
        else:
            o.kept = "NO"
        # the next run: removes the temporary files, exits 0, writes the reference bytes
        code, text, _ = self.kg_run([str(self.corpus)], out)
        after = [f"next run: {status_name(code)}"]
        if code != 0:
            o.fail(f"the next run: {status_name(code)}: {last(text)}")
        left = self.temps(out)
        if left:
            o.fail(f"the next run left temporary files: {', '.join(left)}")
        removed = [t for t in temps if f"{t}: removed" in text]
        if len(removed) != len(temps):
            o.fail(f"the next run did not say it removed: {sorted(set(temps) - set(removed))}")
        if temps:
            after.append(f"{len(temps)} temp(s) removed")
        if self.snapshot(out) != self.new:
            o.fail("the next run did not write the reference output")
        self.no_traceback(text, o)
        o.after = ", ".join(after)
        return o

    def kill_plain(self, p: Point, out: Path) -> tuple[int, str]:
        """Run plain ``kgbuild`` and kill it by the clock or when a temp file appears; where it landed."""
        for attempt in range(3):
            if attempt:
                self.put_earlier(out)
            err = (self.work / "plain.err").open("w")
            proc = subprocess.Popen([self.kgbuild, "run", str(self.corpus), "-o", str(out), *self.run_args],
                                    stdout=err, stderr=err)
            landed = ""
            if p.plain == "time":
                time.sleep(self.wall / 2)
                proc.send_signal(signal.SIGKILL)
                landed = f"{self.wall / 2:.1f} s"
            else:
                time.sleep(self.events["serialise-start"] * 0.8)  # poll from near the end
                seen: list[str] = []
                while proc.poll() is None and not seen:
                    seen = [e.name for e in os.scandir(out) if TEMP_RE.match(e.name)]
                if seen:
                    proc.send_signal(signal.SIGKILL)
                    landed = f"seen: {', '.join(seen)}"
            code = proc.wait()
            err.close()
            if code == -signal.SIGKILL:
                temps = self.temps(out)
                return code, landed + (f"; left: {', '.join(temps)}" if temps else "")
        return code, "missed: the run ended first, 3 times"

    # ---- disk, read-only, nothing readable ---------------------------------------------------

    def mount(self, size: int) -> Path | None:
        mnt = Path(tempfile.mkdtemp(prefix="kgfaults-tmpfs-", dir=self.work))
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size // 1024}k,mode=0755", "tmpfs", str(mnt)],
                           capture_output=True, text=True)
        if r.returncode:
            self.mount_error = (r.stderr or r.stdout).strip() or f"mount exited {r.returncode}"
            return None
        self.mounts.append(mnt)
        return mnt

    def umount(self, mnt: Path) -> None:
        subprocess.run(["umount", str(mnt)], capture_output=True)
        if mnt in self.mounts:
            self.mounts.remove(mnt)

    def can_mount(self) -> str:
        """'' if a tmpfs can be mounted here, else why not."""
        if os.geteuid() != 0:
            return "not root: mount -t tmpfs needs root"
        mnt = self.mount(64 * 1024)
        if mnt is None:
            return f"mount -t tmpfs failed: {self.mount_error}"
        self.umount(mnt)
        return ""

    def disk_cases(self) -> list[Outcome]:
        if not any(self.wanted(c) for c in ("disk:before-work", "disk:mid-write", "ro:mount", "ro:chmod")):
            return []
        why = self.can_mount()
        old_total = sum(pages(len(b)) for b in self.old.values())
        new_total = sum(pages(len(b)) for b in self.new.values())
        cases = []

        # 1. too little space for the run: found before the work (the space check)
        o = Outcome("disk:before-work", "tmpfs with the earlier output and too little room; found before the work")
        if not self.wanted(o.case):
            pass
        elif why:
            o.skipped = why
        else:
            size = old_total + pages(self.space_needed // 2)
            o.what += f" (tmpfs {size // 1024} KiB; the check asks for {self.space_needed // 1024} KiB free)"
            self.on_tmpfs(size, o, expect_in_message=("free", "need about"), before_work=True)
        if self.wanted(o.case):
            cases.append(o)

        # 2. enough room by the space check, too little for the outputs: ENOSPC while writing
        o = Outcome("disk:mid-write", "tmpfs with room by the space check, not for the outputs: full while writing")
        if not self.wanted(o.case):
            pass
        elif why:
            o.skipped = why
        elif self.space_needed + 4 * PAGE >= new_total:
            o.skipped = (f"cannot be arranged: the space check asks for {self.space_needed:,} B free and the "
                         f"outputs take {new_total:,} B, so a disk that passes the check holds them")
        else:
            free = (self.space_needed + new_total) // 2
            size = old_total + pages(free) + 2 * PAGE  # the folder itself takes a page
            o.what += (f" (tmpfs {size // 1024} KiB: ~{free // 1024} KiB free; the check asks for "
                       f"{self.space_needed // 1024} KiB, the outputs take {new_total // 1024} KiB)")
            self.on_tmpfs(size, o, expect_in_message=("No space left on device",), before_work=False,
                          min_free=self.space_needed)
        if self.wanted(o.case):
            cases.append(o)

        # 3. a read-only folder
        if not (self.wanted("ro:mount") or self.wanted("ro:chmod")):
            return cases
        if why and os.geteuid() != 0:
            o = Outcome("ro:chmod", "output folder chmod 555 (not root)")
            out = self.work / "ro-out"
            self.put_earlier(out)
            out.chmod(0o555)
            try:
                self.expect_cannot_write(out, o, ("cannot be written",), before_work=True)
            finally:
                out.chmod(0o755)
        else:
            o = Outcome("ro:mount", "tmpfs holding the earlier output, remounted read-only")
            if why:
                o.skipped = why
            else:
                mnt = self.mount(4 * new_total + (1 << 20))
                try:
                    out = mnt / "out"
                    self.put_earlier(out)
                    r = subprocess.run(["mount", "-o", "remount,ro", str(mnt)], capture_output=True, text=True)
                    if r.returncode:
                        o.skipped = f"mount -o remount,ro failed: {r.stderr.strip()}"
                    else:
                        self.expect_cannot_write(out, o, ("cannot be written", "Read-only file system"),
                                                 before_work=True)
                finally:
                    self.umount(mnt)
        cases.append(o)
        return cases

    def on_tmpfs(self, size: int, o: Outcome, expect_in_message: tuple[str, ...], before_work: bool,
                 min_free: int = 0) -> None:
        mnt = self.mount(size)
        if mnt is None:
            o.skipped = f"mount -t tmpfs failed: {self.mount_error}"
            return
        try:
            out = mnt / "out"
            self.put_earlier(out)
            free = shutil.disk_usage(mnt).free
            if free < min_free:
                o.fail(f"set-up: {free:,} B free on the tmpfs, less than the {min_free:,} B meant")
                return
            self.expect_cannot_write(out, o, expect_in_message, before_work)
        finally:
            self.umount(mnt)

    def expect_cannot_write(self, out: Path, o: Outcome, expect_in_message: tuple[str, ...],
                            before_work: bool) -> None:
        from kg.errors import ExitStatus

        code, text, secs = self.kg_run([str(self.corpus)], out)
        o.status = code
        if code != ExitStatus.CANNOT_WRITE:
            o.fail(f"exit {status_name(code)}, expected {status_name(ExitStatus.CANNOT_WRITE)}: {last(text)}")
        for words in expect_in_message:
            if words not in text:
                o.fail(f"the message does not say {words!r}: {last(text)}")
        if f"kgbuild: {out}" not in text:
            o.fail(f"the message does not name the folder {out}: {last(text)}")
        self.no_traceback(text, o)
        if before_work:  # it must not have gone on to the model and the extraction
            work = self.events["extract-end"] - self.events["load-start"]
            if secs > self.wall - work / 2:
                o.fail(f"found after {secs:.1f} s, not before the work (a whole run takes {self.wall:.1f} s, "
                       f"{work:.1f} s of it model loading and extraction)")
        message = next((line for line in text.splitlines() if line.startswith(f"kgbuild: {out}: ")), "")
        o.after = f"after {secs:.1f} s: “{shorten(message.removeprefix(f'kgbuild: {out}: '), 60)}”"
        self.kept(out, o)

    def refused_cases(self) -> list[Outcome]:
        from kg.errors import ExitStatus

        empty = self.work / "empty.txt"
        empty.write_bytes(b"")
        missing = str(self.corpus) + "-mistyped"
        cases = []
        for case, what, inputs in (
            ("refused:empty", "an empty file", [str(empty)]),
            ("refused:mistyped", "a mistyped path", [missing]),
            ("refused:both", "an empty file and a mistyped path", [str(empty), missing]),
        ):
            o = Outcome(case, what)
            if not self.wanted(case):
                continue
            out = self.work / "out"
            self.put_earlier(out)
            code, text, secs = self.kg_run(inputs, out)
            o.status = code
            if code != ExitStatus.NOTHING_USABLE:
                o.fail(f"exit {status_name(code)}, expected {status_name(ExitStatus.NOTHING_USABLE)}")
            if "nothing was written" not in text:
                o.fail(f"the message does not say nothing was written: {last(text)}")
            self.no_traceback(text, o)
            self.kept(out, o)
            message = next((line for line in text.splitlines() if "nothing was written" in line), "")
            o.after = f"after {secs:.1f} s: “{shorten(message.removeprefix('kgbuild: '), 60)}”"
            cases.append(o)
        return cases

    # ---- all ---------------------------------------------------------------------------------

    def wanted(self, case: str) -> bool:
        """``--only``: a case's name, its group (``kill``, ``disk``, ``ro``, ``refused``) or a prefix ending in *."""
        return not self.args.only or any(
            case == w or case.split(":")[0] == w or (w.endswith("*") and case.startswith(w[:-1]))
            for w in self.args.only)

    def run(self) -> int:
        self.setup()
        for p in self.points():
            if self.wanted(p.case):
                say(f"{p.case}: {p.what} …")
                self.results.append(self.kill_case(p))
                self.report_one(self.results[-1])
        for o in self.disk_cases() + self.refused_cases():
            self.results.append(o)
            self.report_one(o)
        self.table()
        return 1 if any(o.failures for o in self.results) else 0

    @staticmethod
    def report_one(o: Outcome) -> None:
        mark = "skipped" if o.skipped else "FAILED" if o.failures else "ok"
        say(f"  {mark}: {status_name(o.status)}; kept: {o.kept}; {o.after}" + (f" ({o.skipped})" if o.skipped else ""))
        for f in o.failures:
            say(f"    - {f}")

    def table(self) -> None:
        rows = [("case", "exit status", "outputs kept", "then", "check")]
        for o in self.results:
            rows.append((o.case, status_name(o.status) if not o.skipped else "-", o.kept if not o.skipped else "-",
                         o.after if not o.skipped else "-",
                         "skipped" if o.skipped else "FAILED" if o.failures else "ok"))
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        print()
        for n, r in enumerate(rows):
            print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
            if n == 0:
                print("  ".join("-" * w for w in widths))
        print()
        width = max(len(o.case) for o in self.results)
        for o in self.results:
            print(f"{o.case.ljust(width)}  {o.what}" + (f"\n{' ' * width}  skipped: {o.skipped}" if o.skipped else ""))
        failed = [o for o in self.results if o.failures]
        skipped = [o for o in self.results if o.skipped]
        print(f"\n{len(self.results)} cases: {len(self.results) - len(failed) - len(skipped)} ok, "
              f"{len(failed)} failed, {len(skipped)} skipped. Outputs checked with {self.checked_with()}.")
        for o in failed:
            print(f"FAILED {o.case}:")
            for f in o.failures:
                print(f"  - {f}")

    def cleanup(self) -> None:
        for mnt in list(self.mounts):
            subprocess.run(["mount", "-o", "remount,rw", str(mnt)], capture_output=True)
            self.umount(mnt)


def last(text: str, lines: int = 3) -> str:
    """The last lines of a run's messages, on one line."""
    return " | ".join(line.strip() for line in text.strip().splitlines()[-lines:])


def shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def pages(n: int) -> int:
    return -(-n // PAGE) * PAGE


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_child"]:
        target, args = argv[1], argv[argv.index("--") + 1:]
        _child(target, args)
        return 0
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=12,
                    help="copies of the built-in sample in the corpus (default 12: about 10 s a run here)")
    ap.add_argument("--only", type=lambda s: [w for w in s.split(",") if w], default=[],
                    help="cases to run: names (kill:read-1), groups (kill, disk, ro, refused) or prefixes (kill:w*)")
    ap.add_argument("--run-args", default="", help="options for every kgbuild run, e.g. '--no-ner'")
    ap.add_argument("--keep", action="store_true", help="keep the work folder (its path is printed)")
    ap.add_argument("--work", type=Path, default=None, help="the work folder (default: a new one under /tmp)")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="kgfaults-", dir=args.work))
    say(f"faults: working in {work}")
    faults = Faults(args, work)
    try:
        return faults.run()
    finally:
        faults.cleanup()
        if args.keep:
            say(f"faults: kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
