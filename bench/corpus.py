"""``kgbuild run`` at corpus scale: -j 1 and -j 2 beside jieba.posseg, and peak memory at 1× and 8× the feed.

    python bench/corpus.py [--shared ../shared] [--chars 300000] [--times 8] [--runs 1] [--json]

The feed is real news: People's Daily, January 1998, its articles rebuilt
from ``--shared``/data/peoples_daily_1998_original by
``kg.tools.realnews.peoples_daily_articles`` (tags and brackets dropped,
paragraphs joined with ``\\n``, as for the real-news evaluation set), in the
corpus's order, the first ones up to ``--chars`` characters (0: the whole
month, 3,148 articles, 1.86 million characters). It is written as JSONL to a
temporary folder, outside the repository, and removed afterwards.

Everything is timed as a whole new process, alternating, ``--runs`` rounds,
median of each; every process is started by a small Python wrapper of its
own that reports its wall time, CPU time and peak RSS
(``resource.getrusage(RUSAGE_CHILDREN)``):

- ``kgbuild run FEED -o OUT -j 1`` and ``-j 2``, default settings otherwise;
  their outputs (graph.ttl, graph.gexf, statements.jsonl) are compared
  byte for byte;
- jieba.posseg on the same texts: ``python -c`` that imports jieba.posseg,
  loads its dictionary and runs ``list(jieba.posseg.cut(text))`` over every
  text. Reported twice: the whole process, and the cutting alone (without
  Python's start, the import, the dictionary load and reading the feed).

Then peak memory of ``kgbuild run -j 1`` on the feed repeated ``--times``
times under new ids (``pd-19980101-01-001-r2`` …), beside its peak on the
feed once (the largest of the timed -j 1 runs); ``--times 1`` skips it.
For -j 2 the peak RSS is that of its largest process, not the sum.

Both programs are warmed up once, untimed, on the first article (jieba
writes its dictionary cache, the model files come into the page cache).
Absolute figures depend on the machine and on what else runs on it (the
load average is printed); the ratios much less. A warning says so if
kgbuild's source files changed while the benchmark ran.
"""
from __future__ import annotations

import argparse
import filecmp
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import hashlib
from pathlib import Path

import kg
from kg.output import OUTPUTS  # every export, compared between -j 1 and -j 2
from kg.tools.realnews import article_text, peoples_daily_articles

# Runs a command as its child and prints, as JSON: its exit status, wall time,
# CPU time, peak RSS in KiB (the largest of its processes) and its stdout.
WRAPPER = r"""
import json, resource, subprocess, sys, time
t = time.perf_counter()
p = subprocess.run(sys.argv[2:], stdout=subprocess.PIPE, stderr=open(sys.argv[1], "wb"))
wall = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
kib = ru.ru_maxrss // 1024 if sys.platform == "darwin" else ru.ru_maxrss
print(json.dumps({"rc": p.returncode, "wall": wall, "cpu": ru.ru_utime + ru.ru_stime,
                  "maxrss_kib": kib, "stdout": p.stdout.decode("utf-8", "replace")}))
"""

# jieba.posseg over every text of a JSONL feed; prints its inner timings as JSON.
JIEBA = r"""
import json, logging, sys, time
t0 = time.perf_counter()
import jieba, jieba.posseg
jieba.setLogLevel(logging.WARNING)
jieba.initialize()
t1 = time.perf_counter()
with open(sys.argv[1], encoding="utf-8") as f:
    texts = [json.loads(line)["text"] for line in f]
t2 = time.perf_counter()
words = 0
for text in texts:
    words += len(list(jieba.posseg.cut(text)))
t3 = time.perf_counter()
print(json.dumps({"load": t1 - t0, "read": t2 - t1, "cut": t3 - t2, "words": words}))
"""


def write_feed(shared: Path, path: Path, chars: int, times: int = 1) -> tuple[int, int]:
    """The first articles of the month, up to ``chars`` characters (0: all), as
    JSONL in ``path``, ``times`` times over (copies after the first get new
    ids). Returns (articles, characters) written."""
    records = []
    total = 0
    for aid, tokens in peoples_daily_articles(shared).items():
        if chars and total >= chars:
            break
        text = article_text(tokens)
        records.append((aid, text))
        total += len(text)
    with path.open("w", encoding="utf-8") as f:
        for copy in range(1, times + 1):
            for aid, text in records:
                record = {"id": f"pd-{aid}" + (f"-r{copy}" if copy > 1 else ""), "text": text,
                          "date": f"{aid[:4]}-{aid[4:6]}-{aid[6:8]}", "source": "人民日报"}
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(records) * times, total * times


def source_digest() -> str:
    """A digest of kgbuild's source files, to tell whether they changed during the benchmark."""
    h = hashlib.sha256()
    for path in sorted(Path(kg.__file__).parent.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(str(path).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def first_difference(a: Path, b: Path) -> int:
    """The number of the first line where two files differ."""
    with a.open("rb") as fa, b.open("rb") as fb:
        for n, (la, lb) in enumerate(zip(fa, fb), 1):
            if la != lb:
                return n
        return n + 1


def measure(command: list[str], log: Path) -> dict:
    """``command`` run in a fresh wrapper process: its wall and CPU time and peak RSS."""
    load = os.getloadavg()[0]
    out = subprocess.run([sys.executable, "-c", WRAPPER, str(log), *command],
                         check=True, capture_output=True, text=True).stdout
    result = json.loads(out)
    result["load"] = load
    if result["rc"] not in (0, 1):  # 1: some input refused, the rest written
        sys.exit(f"bench/corpus.py: {' '.join(command)} exited with {result['rc']}; see {log}:\n"
                 + log.read_text(encoding="utf-8", errors="replace")[-2000:])
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    ap.add_argument("--chars", type=int, default=300_000,
                    help="characters of the feed: the first articles up to this many (0: the whole month)")
    ap.add_argument("--times", type=int, default=8,
                    help="the multiplier of the memory case (1: no memory case)")
    ap.add_argument("--runs", type=int, default=1, help="timed rounds; the median is reported")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder (feed, outputs, logs)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    if subprocess.run([sys.executable, "-c", "import jieba"], capture_output=True).returncode:
        sys.exit("bench/corpus.py compares with jieba.posseg: pip install -r bench/requirements.txt")
    kgbuild = shutil.which("kgbuild", path=str(Path(sys.executable).parent)) or "kgbuild"
    digest = source_digest()
    tmp = Path(tempfile.mkdtemp(prefix="kgbuild-bench-corpus-"))
    try:
        feed = tmp / "feed.jsonl"
        articles, chars = write_feed(args.shared, feed, args.chars)
        first = tmp / "first.jsonl"
        first.write_text(feed.read_text(encoding="utf-8").partition("\n")[0] + "\n", encoding="utf-8")
        commands = {
            "jieba": [sys.executable, "-c", JIEBA, str(feed)],
            "j1": [kgbuild, "run", str(feed), "-o", str(tmp / "out-j1"), "-j", "1"],
            "j2": [kgbuild, "run", str(feed), "-o", str(tmp / "out-j2"), "-j", "2"],
        }
        # warm-up, untimed
        measure([sys.executable, "-c", JIEBA, str(first)], tmp / "warmup-jieba.log")
        measure([kgbuild, "run", str(first), "-o", str(tmp / "out-warmup"), "-j", "1"], tmp / "warmup-kgbuild.log")

        loads = [os.getloadavg()]
        results: dict[str, list[dict]] = {name: [] for name in commands}
        for r in range(args.runs):
            for name, command in commands.items():
                results[name].append(measure(command, tmp / f"{name}-{r}.log"))
        loads.append(os.getloadavg())
        identical = {f: filecmp.cmp(tmp / "out-j1" / f, tmp / "out-j2" / f, shallow=False) for f in OUTPUTS}
        differ_at = {f: first_difference(tmp / "out-j1" / f, tmp / "out-j2" / f)
                     for f, same in identical.items() if not same}
        others = sorted({p.name for o in ("out-j1", "out-j2") for p in (tmp / o).iterdir()} - set(OUTPUTS))

        med = lambda name, key: statistics.median(x[key] for x in results[name])  # noqa: E731
        inner = [json.loads(x["stdout"]) for x in results["jieba"]]
        jieba_cut = statistics.median(x["cut"] for x in inner)
        jieba_load = statistics.median(x["load"] for x in inner)
        rows = {
            "kgbuild run -j 1": (med("j1", "wall"), med("j1", "cpu"), max(x["maxrss_kib"] for x in results["j1"])),
            "kgbuild run -j 2": (med("j2", "wall"), med("j2", "cpu"), max(x["maxrss_kib"] for x in results["j2"])),
            "jieba.posseg, whole process": (med("jieba", "wall"), med("jieba", "cpu"),
                                            max(x["maxrss_kib"] for x in results["jieba"])),
            "jieba.posseg, cutting only": (jieba_cut, None, None),
        }
        memory = None
        if args.times > 1:
            big = tmp / f"feed-x{args.times}.jsonl"
            big_articles, big_chars = write_feed(args.shared, big, args.chars, args.times)
            loads.append(os.getloadavg())
            m = measure([kgbuild, "run", str(big), "-o", str(tmp / "out-big"), "-j", "1"], tmp / "big.log")
            loads.append(os.getloadavg())
            memory = {"times": args.times, "articles": big_articles, "chars": big_chars,
                      "wall_s": round(m["wall"], 2), "chars_per_s": round(big_chars / m["wall"]),
                      "peak_rss_1x_mib": round(rows["kgbuild run -j 1"][2] / 1024, 1),
                      "peak_rss_mib": round(m["maxrss_kib"] / 1024, 1),
                      "ratio": round(m["maxrss_kib"] / rows["kgbuild run -j 1"][2], 3)}
    finally:
        if args.keep:
            print(f"kept: {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    j1, j2 = rows["kgbuild run -j 1"][0], rows["kgbuild run -j 2"][0]
    result = {
        "feed": {"articles": articles, "chars": chars},
        "runs": args.runs,
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "loadavg": [[round(x, 2) for x in la] for la in loads],
        "jieba_load_s": round(jieba_load, 2),
        "rows": {name: {"wall_s": round(w, 2), "chars_per_s": round(chars / w),
                        "cpu_s": None if c is None else round(c, 2),
                        "peak_rss_mib": None if m is None else round(m / 1024, 1)}
                 for name, (w, c, m) in rows.items()},
        "ratios": {
            "j1_to_jieba_whole_process": round(rows["jieba.posseg, whole process"][0] / j1, 3),
            "j1_to_jieba_cutting_only": round(jieba_cut / j1, 3),
            "j2_to_j1": round(j1 / j2, 3),
        },
        "j1_j2_identical": identical,
        "j1_j2_first_different_line": differ_at,
        "sources_changed_during_run": source_digest() != digest,
        "other_output_files": others,
        "memory": memory,
    }
    if args.json:
        print(json.dumps(result, indent=1, ensure_ascii=False))
        return 0
    print(f"People's Daily 1998-01 feed: {articles:,} articles, {chars:,} characters; "
          f"median of {args.runs} run(s); {result['cores']} cores")
    print(f"{'':30} {'wall s':>8} {'chars/s':>9} {'CPU s':>8} {'peak RSS':>10}")
    for name, row in result["rows"].items():
        cpu = "" if row["cpu_s"] is None else f"{row['cpu_s']:.2f}"
        rss = "" if row["peak_rss_mib"] is None else f"{row['peak_rss_mib']:,.0f} MiB"
        print(f"{name:30} {row['wall_s']:>8.2f} {row['chars_per_s']:>9,} {cpu:>8} {rss:>10}")
    print(f"  (jieba's import + dictionary load: {result['jieba_load_s']:.2f} s; "
          f"-j 2's peak RSS is its largest process)")
    ratios = result["ratios"]
    print(f"kgbuild -j 1 / jieba.posseg (whole process)  {ratios['j1_to_jieba_whole_process']:.3f}×")
    print(f"kgbuild -j 1 / jieba.posseg (cutting only)   {ratios['j1_to_jieba_cutting_only']:.3f}×")
    print(f"kgbuild -j 2 / -j 1                          {ratios['j2_to_j1']:.3f}×")
    same = all(identical.values())
    print(f"-j 1 and -j 2 outputs byte-identical ({', '.join(OUTPUTS)}): "
          + ("yes" if same else "NO: " + ", ".join(f"{f} from line {n}" for f, n in differ_at.items())))
    if others:
        print(f"  other files in the output folders, not compared: {', '.join(others)}")
    if memory:
        print(f"peak memory, kgbuild run -j 1: {memory['peak_rss_1x_mib']:,.0f} MiB at 1×, "
              f"{memory['peak_rss_mib']:,.0f} MiB at {memory['times']}× ({memory['chars']:,} characters, "
              f"{memory['wall_s']:.0f} s, {memory['chars_per_s']:,} characters/s): {memory['ratio']:.3f}×")
    if result["sources_changed_during_run"]:
        print("WARNING: kgbuild's source files changed during the benchmark: the figures mix versions")
    print("load average (1, 5, 15 min): " + "; ".join(
        " ".join(f"{x:.2f}" for x in la) for la in result["loadavg"])
        + "  (before and after the timed runs" + (", before and after the memory run)" if memory else ")"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
