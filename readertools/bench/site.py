"""`make bench-site`: what a reader on a phone gets, beside a stock Jupyter Book.

Serves the built reader and a stock `jupyter-book create` book (built here, in the same run) with
gzip on loopback, the way a real host serves them, and runs Lighthouse (mobile settings, simulated
slow 4G) on the home page and three chapter pages of each, three times a page, interleaved: a reader
page, then the stock page beside it, run by run, so that the machine's load (which Lighthouse's
simulated throttling scales with) weighs on both alike. It reports the medians: bytes transferred,
the shared assets' bytes (all requests but the page's own HTML), requests, the five largest
resources, and Lighthouse's performance, accessibility and best-practices scores, LCP, TBT and CLS,
then the reader's figures as a ratio of the stock book's. A benchmark, not a test: it only reports
(and writes `_build/bench/results.json`).

Lighthouse comes from the npm registry, pinned (`LIGHTHOUSE`), installed into `_build/lighthouse`
by the Makefile, and drives Debian's Chromium.
"""

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import typing
from pathlib import Path

from readertools.paths import Project

PROJECT = Project.here()
OUT, LIGHTHOUSE = PROJECT.bench, PROJECT.lighthouse
READER_PAGES = [PROJECT.page(PROJECT.book / "intro.md"),
                *(PROJECT.page(PROJECT.chapter_notebook(cid)) for cid in ("baserli", "avakian", "henry"))]
STOCK_PAGES = ["intro.html", "markdown.html", "notebooks.html", "markdown-notebooks.html"]
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync")
COMPRESSIBLE = (".html", ".css", ".js", ".svg", ".json", ".txt", ".xml", ".map", ".inv")
RUNS = 3


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files as a real host serves them: gzip for text, long-lived caching for assets."""

    _cache: typing.ClassVar[dict] = {}

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", "") \
                or path.suffix not in COMPRESSIBLE:
            return super().send_head()
        key = (path, path.stat().st_mtime)
        if key not in self._cache:
            self._cache[key] = gzip.compress(path.read_bytes(), compresslevel=6)
        body = self._cache[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Cache-Control", cache_control(self.path))
        self.end_headers()
        self.wfile.write(body)
        return None

    def end_headers(self):
        if not any(h.lower().startswith(b"cache-control") for h in getattr(self, "_headers_buffer", [])):
            self.send_header("Cache-Control", cache_control(self.path))
        super().end_headers()


def cache_control(path: str) -> str:
    """The README's advice to hosts: assets cached for a year, pages revalidated."""
    if "/_static/" in path or "/_images/" in path:
        return "public, max-age=31536000"
    return "no-cache"


def serve(directory: Path):
    handler = functools.partial(GzipHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


def build_stock_book(workdir: Path) -> Path:
    """A stock `jupyter-book create` book, built with Jupyter Book's defaults."""
    jupyter_book = str(Path(sys.executable).parent / "jupyter-book")
    book = workdir / "stock"
    subprocess.run([jupyter_book, "create", str(book)], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([jupyter_book, "build", str(book)], check=True, stdout=subprocess.DEVNULL)
    return book / "_build" / "html"


def lighthouse(url: str, output: Path) -> dict:
    chromium = shutil.which("chromium")
    command = ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={output}",
               "--only-categories=performance,accessibility,best-practices",
               f"--chrome-flags={CHROME_FLAGS}", "--max-wait-for-load=30000"]
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": chromium},
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)
    return json.loads(output.read_text(encoding="utf-8"))


def figures(report: dict) -> dict:
    audits, categories = report["audits"], report["categories"]
    items = [item for item in audits["network-requests"]["details"]["items"]
             if not item["url"].startswith("data:")]
    largest = sorted(items, key=lambda item: item.get("transferSize", 0), reverse=True)[:5]
    page = report["finalDisplayedUrl"].split("#")[0]
    return {
        "bytes": sum(item.get("transferSize", 0) for item in items),
        "shared": sum(item.get("transferSize", 0) for item in items if item["url"].split("#")[0] != page),
        "requests": len(items),
        "largest": [(item["url"].split("/")[-1].split("?")[0] or item["url"],
                     item.get("transferSize", 0)) for item in largest],
        "performance": categories["performance"]["score"],
        "accessibility": categories["accessibility"]["score"],
        "best_practices": categories["best-practices"]["score"],
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "failed": [item["url"] for item in items if item.get("statusCode", 200) >= 400
                   or item.get("statusCode") is None],
    }


def medians(results: list[dict]) -> dict:
    median = {key: statistics.median(r[key] for r in results)
              for key in ("bytes", "shared", "requests", "performance", "accessibility", "best_practices",
                          "lcp_ms", "tbt_ms", "cls")}
    median["largest"] = results[0]["largest"]
    median["failed"] = sorted({url for r in results for url in r["failed"]})
    median["runs"] = results
    return median


def kb(n: float) -> str:
    return f"{n / 1024:.0f} KB"


def table(rows: list[tuple[str, str, dict]]) -> str:
    lines = [("| site | page | transferred | shared assets | requests | performance | accessibility "
              "| best practices | LCP | TBT | CLS |"),
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for site, page, m in rows:
        lines.append(f"| {site} | {page} | {kb(m['bytes'])} | {kb(m['shared'])} | {m['requests']:.0f} "
                     f"| {m['performance']:.2f} "
                     f"| {m['accessibility']:.2f} | {m['best_practices']:.2f} | {m['lcp_ms'] / 1000:.2f} s "
                     f"| {m['tbt_ms']:.0f} ms | {m['cls']:.3f} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m readertools.bench.site", description=__doc__.split("\n")[0])
    parser.add_argument("--site", default=PROJECT.published("student"), type=Path, help="the built reader")
    parser.add_argument("--runs", default=RUNS, type=int, help="Lighthouse runs a page (median)")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.is_file():
        print(f"error: no Lighthouse at {LIGHTHOUSE}: run `make bench-site`", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        print("building a stock `jupyter-book create` book ...", flush=True)
        stock = build_stock_book(Path(tmp))
        reader_server, reader_url = serve(args.site)
        stock_server, stock_url = serve(stock)
        runs = {"reader": {page: [] for page in READER_PAGES}, "stock": {page: [] for page in STOCK_PAGES}}
        try:
            for run in range(args.runs):
                for pair in zip(READER_PAGES, STOCK_PAGES, strict=True):  # interleaved: load weighs on both
                    for label, base, page in zip(("reader", "stock"), (reader_url, stock_url), pair, strict=True):
                        print(f"lighthouse run {run + 1}/{args.runs}: {label} {page}", flush=True)
                        output = OUT / f"{label}-{page.replace('/', '_')}-{run}.json"
                        runs[label][page].append(figures(lighthouse(base + page, output)))
        finally:
            reader_server.shutdown()
            stock_server.shutdown()
    results = {label: {page: medians(found) for page, found in pages.items()} for label, pages in runs.items()}
    rows = [(label, page, results[label][page]) for pair in zip(READER_PAGES, STOCK_PAGES, strict=True)
            for label, page in zip(("reader", "stock"), pair, strict=True)]
    (OUT / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")

    print("\n## Medians of", args.runs, "Lighthouse runs (mobile, simulated slow 4G), served with gzip\n")
    print(table(rows))
    print("\n## The five largest resources (transferred)\n")
    for site, page, m in rows:
        print(f"- {site} {page}: " + ", ".join(f"{name} {kb(size)}" for name, size in m["largest"]))
        if m["failed"]:
            print(f"  - failed requests: {', '.join(m['failed'])}")

    def mean(site, key, pages):
        return statistics.mean(results[site][p][key] for p in pages)

    print("\n## The reader as a ratio of the stock book (means over the four pages)\n")
    print("| measure | reader | stock | reader / stock |", "| --- | ---: | ---: | ---: |", sep="\n")
    for key, name, fmt in (("bytes", "transferred", kb), ("shared", "shared assets", kb),
                           ("requests", "requests", lambda v: f"{v:.1f}"),
                           ("performance", "performance", lambda v: f"{v:.2f}"),
                           ("lcp_ms", "LCP", lambda v: f"{v / 1000:.2f} s"),
                           ("tbt_ms", "TBT", lambda v: f"{v:.0f} ms")):
        ours, theirs = mean("reader", key, READER_PAGES), mean("stock", key, STOCK_PAGES)
        ratio = f"{ours / theirs:.2f}" if theirs else "–"
        print(f"| {name} | {fmt(ours)} | {fmt(theirs)} | {ratio} |")
    chapters = READER_PAGES[1:]
    worst = {key: max(results["reader"][p][key] for p in chapters) for key in ("bytes", "shared", "requests", "cls")}
    lowest = {key: min(results["reader"][p][key] for p in chapters)
              for key in ("performance", "accessibility", "best_practices")}
    every = min(results["reader"][p]["performance"] for p in READER_PAGES)
    targets = [("chapter pages ≤ 200 KB", worst["bytes"] <= 200 * 1024),
               ("chapter pages' shared assets ≤ 45 KB", worst["shared"] <= 45 * 1024),
               ("chapter pages ≤ 12 requests", worst["requests"] <= 12),
               ("performance ≥ 0.97 on every page", every >= 0.97),
               ("accessibility 1.0", lowest["accessibility"] >= 1.0),
               ("best practices 1.0", lowest["best_practices"] >= 1.0),
               ("no layout shift (CLS 0)", worst["cls"] == 0)]
    print("\n## Targets (the reader's chapter pages)\n")
    for name, met in targets:
        print(f"- {'met' if met else 'NOT MET'}: {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
