"""kgbuild serve: the SPARQL endpoint (by curl, as a user would) and the pages (in headless Chromium).

The server runs in a thread of the test process over the output of a run on the
built-in sample; the browser test drives the system's Chromium with Playwright
(no browser is downloaded) and writes screenshots to build/screenshots/.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg.query import load_query, named_queries, open_store, run_query
from kg.run import run
from conftest import ROOT, require_tool

SCREENSHOTS = Path(os.environ.get("KGBUILD_SCREENSHOTS", ROOT / "build" / "screenshots"))
QUOTED = "聂平川"  # a speaker of the built-in sample, with a post at an organisation


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("serve") / "kg-out"
    run([], folder)
    return folder


class Server:
    """uvicorn serving ``make_app(out)`` in a thread, on a free port of 127.0.0.1."""

    def __init__(self, out: Path):
        import uvicorn

        from kg.serve import make_app

        self.out = out
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(make_app(out), log_level="warning", lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()


@pytest.fixture(scope="module")
def server(out):
    with Server(out) as s:
        yield s


def get(url: str, headers: dict | None = None, data: bytes | None = None) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, r.headers.get("content-type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("content-type", ""), e.read()


def curl(*args: str) -> tuple[int, str]:
    """Run curl; its HTTP status and body."""
    done = subprocess.run([require_tool("curl"), "-s", "-w", "\n%{http_code}", *args],
                          capture_output=True, text=True, check=True)
    body, _, status = done.stdout.rpartition("\n")
    return int(status), body


# The SPARQL endpoint

@pytest.mark.parametrize("name", list(named_queries()))
def test_each_named_query_by_curl_gives_the_rows_of_kgbuild_query(out, server, name, tmp_path):
    query = tmp_path / f"{name}.rq"
    query.write_text(load_query(name), encoding="utf-8")
    names, rows = run_query(out, load_query(name))
    assert rows, f"{name} finds nothing on the sample: the comparison would prove nothing"

    status, body = curl("-H", "Accept: text/csv", "--data-urlencode", f"query@{query}", f"{server.url}/sparql")
    assert status == 200, body
    table = list(csv.reader(io.StringIO(body)))
    assert table[0] == names
    assert table[1:] == rows

    status, body = curl("-G", "-H", "Accept: application/sparql-results+json", "--data-urlencode",
                        f"query@{query}", f"{server.url}/sparql")
    assert status == 200, body
    results = json.loads(body)
    assert results["head"]["vars"] == names
    assert [[b.get(n, {}).get("value", "") for n in names] for b in results["results"]["bindings"]] == rows


def test_updates_are_refused_and_change_nothing(out, server, tmp_path):
    insert = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
    before = len(open_store(out))
    assert curl("--data-urlencode", f"update={insert}", f"{server.url}/sparql")[0] == 403
    assert curl("-H", "Content-Type: application/sparql-update", "--data", insert, f"{server.url}/sparql")[0] == 403
    assert curl("-G", "--data-urlencode", f"update={insert}", f"{server.url}/sparql")[0] == 403
    status, body = curl("--data-urlencode", f"query={insert}", f"{server.url}/sparql")
    assert status == 400 and "syntax" in body  # an update is not a query
    ask = "ASK { <http://example.org/a> ?p ?o }"
    status, body = curl("-G", "-H", "Accept: application/sparql-results+json", "--data-urlencode",
                        f"query={ask}", f"{server.url}/sparql")
    assert json.loads(body)["boolean"] is False
    assert len(open_store(out)) == before


@pytest.mark.parametrize(("accept", "media", "check"), [
    ("application/sparql-results+xml", "application/sparql-results+xml", lambda b: b"<sparql" in b),
    ("text/tab-separated-values", "text/tab-separated-values", lambda b: b.startswith(b"?n")),
    ("text/csv;q=0.2, application/json", "application/sparql-results+json", lambda b: b'"vars"' in b),
    ("", "application/sparql-results+json", lambda b: b'"vars"' in b),
])
def test_results_by_content_negotiation(server, accept, media, check):
    query = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
    status, kind, body = get(f"{server.url}/sparql?{query}", {"Accept": accept} if accept else {})
    assert status == 200 and kind.startswith(media) and check(body)


def test_construct_as_turtle_and_unacceptable_types(server):
    query = "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 3"
    status, kind, body = get(f"{server.url}/sparql?" + urllib.parse.urlencode({"query": query}),
                             {"Accept": "text/turtle"})
    assert status == 200 and kind.startswith("text/turtle")
    from rdflib import Graph

    assert len(Graph().parse(data=body.decode("utf-8"), format="turtle")) == 3
    status, _, body = get(f"{server.url}/sparql?" + urllib.parse.urlencode({"query": "ASK {}"}),
                          {"Accept": "image/png"})
    assert status == 406 and b"application/sparql-results+json" in body
    assert get(f"{server.url}/sparql")[0] == 400


def test_a_browser_asking_for_sparql_gets_a_query_form_with_the_named_queries(server):
    status, kind, body = get(f"{server.url}/sparql", {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    html = body.decode("utf-8")
    assert status == 200 and kind.startswith("text/html") and '<textarea name="query"' in html
    links = re.findall(r'<a href="(/sparql\?[^"]+)">(\w+)</a>', html)
    assert [name for _, name in links] == list(named_queries())
    path, name = links[-1]
    status, kind, body = get(server.url + path.replace("&amp;", "&"))
    assert status == 200 and kind.startswith("text/csv")
    assert list(csv.reader(io.StringIO(body.decode("utf-8"))))[1:] == run_query(server.out, load_query(name))[1]


# Pages (HTML, without a browser)

def test_search_takes_traditional_and_simplified(server):
    for q in (QUOTED, "聶平川", "聂"):
        status, _, body = get(f"{server.url}/search?" + urllib.parse.urlencode({"q": q}))
        assert status == 200
        assert f">{QUOTED}</a>" in body.decode("utf-8"), q
    status, _, body = get(f"{server.url}/search?" + urllib.parse.urlencode({"q": "不存在的名字"}))
    assert status == 200 and "No person or organisation" in body.decode("utf-8")


@pytest.mark.parametrize("path", ["/person/0000000000000000", "/person/not-hex", "/place/0123456789abcdef",
                                  "/statement/0000000000000000"])
def test_unknown_pages_are_404(server, path):
    assert get(server.url + path)[0] == 404


def test_serve_command_answers_and_refuses_a_folder_without_a_graph(out, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    done = subprocess.run([sys.executable, "-m", "kg.cli", "serve", str(empty)], capture_output=True, text=True)
    assert done.returncode == 1 and "no graph.ttl" in done.stderr

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", str(out), "--port", str(port)],
                            stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _, body = get(url, {"Accept": "application/json"})
                break
            except urllib.error.URLError:
                assert proc.poll() is None and time.monotonic() < deadline, "kgbuild serve did not start"
                time.sleep(0.2)
        assert status == 200 and json.loads(body)["boolean"] is True
    finally:
        proc.terminate()
        proc.wait(30)
    assert "serving" in proc.stderr.read()


# In the browser

def test_in_the_browser_a_person_their_post_statements_and_the_network(out, server):
    from playwright.sync_api import sync_playwright

    store = open_store(out)
    said = {row["t"].value for row in store.query(
        'SELECT ?t WHERE { ?s <https://schema.org/spokenByCharacter>/<https://schema.org/name> ?n ; '
        f'<https://schema.org/text> ?t FILTER (STR(?n) = "{QUOTED}") }}')}
    assert said, "the sample no longer quotes the person this test looks for"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=require_tool("chromium"),
                                    args=["--use-angle=swiftshader", "--enable-unsafe-swiftshader"])
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(server.url + "/")
            page.fill("input[name=q]", "聶平川")  # typed in Traditional
            page.press("input[name=q]", "Enter")
            page.click(f"li.result.person a:text-is('{QUOTED}')")
            page.wait_for_selector("h1.name")
            assert page.inner_text("h1.name") == QUOTED
            posts = page.inner_text("ul.posts")
            assert "副司长" in posts and "住房和城乡建设部城市建设司" in posts
            items = page.locator("li.statement")
            assert items.count() == len(said)
            shown = {items.nth(i).locator("a.said").inner_text() for i in range(items.count())}
            assert shown == said
            for i in range(items.count()):  # each with its article
                assert items.nth(i).locator("a.article").get_attribute("href").startswith("/article/")
            page.screenshot(path=str(SCREENSHOTS / "person.png"), full_page=True)

            first = items.nth(0).locator("a.said")
            text = first.inner_text()
            first.click()
            page.wait_for_selector("blockquote.said")
            assert page.inner_text("blockquote.said") == text
            assert page.inner_text("dd.speaker") == QUOTED
            page.click("dd.article a")
            page.wait_for_selector("div.text mark")
            assert text in page.inner_text("div.text")

            page.goto(server.url + "/network")
            page.wait_for_selector("#network[data-drawn]", timeout=60_000)
            drawn = int(page.get_attribute("#network", "data-drawn"))
            assert drawn == page.evaluate("window.kgbuildNetwork.graph.order") > 0
            assert page.locator("#network canvas").count() > 0
            page.screenshot(path=str(SCREENSHOTS / "network.png"))
        finally:
            browser.close()
    assert errors == []
