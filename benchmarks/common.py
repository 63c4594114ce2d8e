"""What every measurement of the benchmark shares: targets, the run's context, table formatting.

A measurement module (``build``, ``notebooks``, ``fps``, ``pages``, ``latency``, ``lighthouse``)
has ``NAME`` (the part's name for ``--only``), ``measure(run) -> dict``, ``summary(result) ->
rows`` (one ``[measure, value, target, verdict]`` row per figure with a target) and
``details(result) -> list of str`` (the section it adds below the summary).
"""

from __future__ import annotations

import statistics
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from her2book import browser as hb
from her2book.layout import ROOT

BIN = ROOT / ".venv" / "bin"
HERE = Path(__file__).resolve().parent

TARGETS = {
    "clean": 90.0,  # s
    "rebuild": 15.0,  # s
    "nbval": 60.0,  # s
    "fps": 40.0,  # frames/s (at least)
    "page": 2.5e6,  # bytes, compressed, heaviest page
    "latency": 17.0,  # ms, p95
    "lighthouse_performance": 90.0,  # Lighthouse mobile performance score, every page (at least)
    "lighthouse_other": 100.0,  # accessibility, best practices, SEO, every page and setting
}


@dataclass
class Run:
    """One benchmark run: its work folder, options, results so far, and (started on first use)
    the site server and the browser the page measurements share."""

    work: Path
    site: Path | None = None
    presses: int = 40
    lighthouse_runs: int = 3
    lighthouse_pages: list[str] = field(default_factory=list)
    lighthouse_presets: list[str] = field(default_factory=list)
    results: dict[str, Any] = field(default_factory=dict)
    _server: hb.SiteServer | None = None
    _browser: Any = None
    _open: ExitStack = field(default_factory=ExitStack)

    def site_dir(self) -> Path:
        """The site to measure: ``--site``, else this run's clean build, else ``_build/html``."""
        if self.site is None:
            build = self.results.get("build")
            if build and build["clean"]["rc"] == 0:
                self.site = Path(build["site"])
            else:
                self.site = ROOT / "_build" / "html"
        if not self.site.is_absolute():
            self.site = ROOT / self.site
        return self.site

    def server(self) -> hb.SiteServer:
        """The site served on 127.0.0.1 with gzip on text, as a real host serves it."""
        if self._server is None:
            log(f"measuring the site in {self.site_dir()}")
            self._server = self._open.enter_context(hb.SiteServer(self.site_dir(), gzip=True))
        return self._server

    def browser(self) -> Any:
        """The headless Chromium of :mod:`her2book.browser`."""
        if self._browser is None:
            self._browser = self._open.enter_context(hb.chromium())
        return self._browser

    def close(self) -> None:
        """Close the browser and stop the server (whichever were started)."""
        self._open.close()


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("pass" if ok else "**MISS**")


def mb(n: float) -> str:
    return f"{n / 1e6:.2f} MB"


def kb(n: float) -> str:
    return f"{n / 1e3:.0f} kB"


def pct(values: list[float], q: float) -> float:
    """Percentile by linear interpolation (q in 0..100)."""
    s = sorted(values)
    if not s:
        return float("nan")
    k = (len(s) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def table(headers: list[str], rows: list[list[object]]) -> str:
    """A Markdown table, columns padded to their widest cell."""
    cells = [[str(c) for c in r] for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]

    def line(values: list[str]) -> str:
        return "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |"

    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(headers), sep, *(line(r) for r in cells)])
