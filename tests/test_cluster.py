"""kgbuild run --dask: extraction on a Dask cluster (here a LocalCluster of two
worker processes) gives the same outputs, byte for byte, as a local run."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.output import OUTPUTS

distributed = pytest.importorskip("distributed")  # in the test extra: CI installs it

ARTICLE = "星海集团副总经理林若川表示，将加快建设数据中心。“今年的订单比去年多了三成。”他说。"


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as c:
        yield c


def outputs(out):
    return {n: (out / n).read_bytes() for n in OUTPUTS}


def test_cluster_run_writes_the_same_bytes_as_a_local_run(cluster, tmp_path):
    inp = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": f"a{i}", "text": ARTICLE.replace("林若川", name)}, ensure_ascii=False)
             for i, name in enumerate(["林若川", "王晓梅", "陈国栋"] * 12)]  # 36 articles: three tasks
    inp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    args = ["run", str(inp), "--no-ner"]
    local = CliRunner().invoke(main, [*args, "-o", str(tmp_path / "local"), "-j", "1"], catch_exceptions=False)
    remote = CliRunner().invoke(main, [*args, "-o", str(tmp_path / "dask"), "--dask", cluster.scheduler_address],
                                catch_exceptions=False)
    assert local.exit_code == remote.exit_code == 0, remote.output
    assert outputs(tmp_path / "dask") == outputs(tmp_path / "local")
    said = (tmp_path / "dask" / "statements.jsonl").read_text(encoding="utf-8")
    assert said.count("王晓梅") == 24  # two statements an article, each article's own speaker


def test_cluster_an_article_a_worker_fails_on_is_named_and_the_rest_kept(cluster, tmp_path):
    from kg.cluster import extract_on_cluster
    from kg.types import Article

    articles = [Article(id="good", text=ARTICLE, origin="in.jsonl:1"),
                Article(id="bad", text=None, origin="in.jsonl:2"),  # no text: fails on the worker
                Article(id="good2", text=ARTICLE, origin="in.jsonl:3")]
    errors = []
    got = list(extract_on_cluster(cluster.scheduler_address, articles, "pkuseg", False, on_error=errors.append))
    assert [ex.article.id for ex in got] == ["good", "good2"]
    assert len(errors) == 1 and str(errors[0]).startswith("in.jsonl:2: article 'bad' could not be processed")


def test_cluster_an_unreachable_scheduler_is_a_message(tmp_path):
    result = CliRunner().invoke(main, ["run", "-o", str(tmp_path / "out"), "--no-ner",
                                       "--dask", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2  # a bad option: the address
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output
    assert not (tmp_path / "out" / "graph.ttl").exists()
