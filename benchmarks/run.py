"""Performance benchmark of the book: prints a table of figures next to their targets.

Run from anywhere (paths are resolved from this file)::

    .venv/bin/python benchmarks/run.py                      # everything (about 5 minutes)
    .venv/bin/python benchmarks/run.py --only pages,latency --site _build/html
    .venv/bin/python benchmarks/run.py --skip-build --only fps

Parts (``--only``, comma separated; default all):

build    clean build with every chapter executed (``execute_notebooks: force``, empty output
         dir), then in the same dir a ``cache`` build (executes everything once more and fills
         jupyter-cache), then the rebuild with nothing changed: ``make book`` again (``--all``,
         cache hits) and an incremental build (no ``--all``). Output goes to a temp dir, never to
         ``_build``.
nbval    ``pytest -n 2 --dist loadscope --nbval-lax`` over every notebook of ``_toc.yml``.
fps      frames/s of the explorable helper on a synthetic 10x10 line plot, blitted (animated
         artists) and fully redrawn; plus the real explorables, recorded by an IPython startup
         hook while the build or nbval executed the chapters (the notebooks are not imported).
pages    per TOC page: HTML size, bytes transferred when loaded in headless Chromium (every
         response body, counted by the local server), and their gzip -6 size.
latency  in headless Chromium: slider key press -> new figure painted, median and p95.

The script reports; it never fails (exit status 0 unless it crashes) and is not a test.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

from her2book.layout import ROOT, toc_files, toc_notebooks

BIN = ROOT / ".venv" / "bin"
PARTS = ("build", "nbval", "fps", "pages", "latency")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

TARGETS = {
    "clean": 90.0,  # s
    "rebuild": 15.0,  # s
    "nbval": 60.0,  # s
    "fps": 40.0,  # frames/s (at least)
    "page": 2.5e6,  # bytes, compressed, heaviest page
    "latency": 17.0,  # ms, p95
}

# --------------------------------------------------------------------------------------------
# helpers


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


def table(headers: list[str], rows: list[list[object]]) -> str:
    cells = [[str(c) for c in r] for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |"
    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    body = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in cells
    ]
    return "\n".join([line, sep, *body])


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# real explorables: an IPython startup file that records every Explorable the kernel builds

HOOK = r"""
import json as _json, os as _os
try:
    from her2book import explorable as _hx
except Exception:  # the notebook may not use the package
    _hx = None
if _hx is not None and not getattr(_hx.Explorable, "_bench_hooked", False):
    _orig_init = _hx.Explorable.__init__

    def _bench_init(self, view, *params, **kw):
        _orig_init(self, view, *params, **kw)
        flat = self.frames if len(params) == 1 else [f for row in self.frames for f in row]
        rec = {
            "phase": _os.environ.get("HER2BOOK_BENCH_PHASE", ""),
            "params": [p.name for p in params],
            "shape": [len(p.grid) for p in params],
            "n_frames": self.n_frames,
            "render_seconds": self.render_seconds,
            "frame_html_bytes": sum(len(f) for f in flat),
            "figsize": list(kw.get("figsize", (6.4, 3.4))),
            "dpi": kw.get("dpi", 90),
            "colors": kw.get("colors", 256),
        }
        with open(_os.environ["HER2BOOK_BENCH_LOG"], "a") as fh:
            fh.write(_json.dumps(rec) + "\n")

    _hx.Explorable.__init__ = _bench_init
    _hx.Explorable._bench_hooked = True
"""


def hooked_env(work: Path, phase: str) -> dict[str, str]:
    """Environment whose IPython kernels record explorable render times in work/explorables."""
    ipdir = work / "ipython"
    if not ipdir.exists():
        home = Path.home() / ".ipython"
        if home.is_dir():
            shutil.copytree(home, ipdir, ignore=shutil.ignore_patterns("history.sqlite*"))
        startup = ipdir / "profile_default" / "startup"
        startup.mkdir(parents=True, exist_ok=True)
        (startup / "99-her2book-bench.py").write_text(HOOK, encoding="utf-8")
    env = dict(os.environ)
    env.update(
        IPYTHONDIR=str(ipdir),
        HER2BOOK_BENCH_LOG=str(work / "explorables.jsonl"),
        HER2BOOK_BENCH_PHASE=phase,
    )
    env.pop("MPLBACKEND", None)
    return env


# --------------------------------------------------------------------------------------------
# build


def write_config(path: Path, mode: str) -> Path:
    text = (ROOT / "_config.yml").read_text(encoding="utf-8")
    text, n = re.subn(r"(?m)^(  execute_notebooks:).*$", rf"\1 {mode}", text)
    if n != 1:
        raise RuntimeError("could not find `  execute_notebooks:` in _config.yml")
    path.write_text(text, encoding="utf-8")
    return path


def timed(cmd: list[str], env: dict[str, str], logfile: Path) -> tuple[float, int]:
    started = time.perf_counter()
    with open(logfile, "w") as out:
        rc = subprocess.call(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    return time.perf_counter() - started, rc


def bench_build(work: Path) -> dict:
    out = work / "build"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    force = write_config(work / "_config.force.yml", "force")
    cache = write_config(work / "_config.cache.yml", "cache")
    jb = str(BIN / "jupyter-book")
    common = ["build", "-W", "-n", "--keep-going", "--path-output", str(out)]
    runs = [
        ("clean", "clean build, `force`, empty dir (CI)", [*common, "--all", "--config", force]),
        ("cache_fill", "`cache` build after it (executes all, fills the cache)",
         [*common, "--all", "--config", cache]),
        ("rebuild_all", "rebuild, nothing changed: `make book` (`--all`, cache hits)",
         [*common, "--all", "--config", cache]),
        ("rebuild_incr", "rebuild, nothing changed: incremental (no `--all`)",
         [*common, "--config", cache]),
    ]  # fmt: skip
    results = {}
    for key, label, args in runs:
        log(f"build: {label}")
        env = hooked_env(work, f"build:{key}")
        seconds, rc = timed([jb, *args, "."], env, work / f"build-{key}.log")
        results[key] = {"label": label, "seconds": seconds, "rc": rc}
        log(f"  {seconds:.1f} s (exit {rc})")
    results["site"] = str(out / "_build" / "html")
    return results


# --------------------------------------------------------------------------------------------
# nbval


def bench_nbval(work: Path) -> dict:
    notebooks = [str(p.relative_to(ROOT)) for p in toc_notebooks()]
    cmd = [str(BIN / "python"), "-m", "pytest", "-q", "-n", "2", "--dist", "loadscope"]
    cmd += ["--nbval-lax", "-p", "no:cacheprovider", *notebooks]
    log(f"nbval: {len(notebooks)} notebooks")
    seconds, rc = timed(cmd, hooked_env(work, "nbval"), work / "nbval.log")
    tail = (work / "nbval.log").read_text(encoding="utf-8", errors="replace").strip().splitlines()
    log(f"  {seconds:.1f} s (exit {rc}): {tail[-1] if tail else ''}")
    return {
        "seconds": seconds,
        "rc": rc,
        "notebooks": notebooks,
        "summary": tail[-1] if tail else "",
    }


# --------------------------------------------------------------------------------------------
# fps


def synthetic_explorable(animated: bool, shape: tuple[int, int] = (10, 10)):
    import numpy as np

    from her2book.explorable import Param, explorable

    t = np.linspace(0, 24, 400)
    amps = np.linspace(0.5, 2.0, shape[0])
    rates = np.linspace(0.05, 0.5, shape[1])

    def view(fig):
        ax = fig.subplots()
        ax.set(xlim=(0, 24), ylim=(0, 2.2), xlabel="time (months)", ylabel="tumour burden")
        ax.set_title("Synthetic benchmark")
        (curve,) = ax.plot(t, t * 0, animated=animated, label="treated")
        (ref,) = ax.plot(t, np.exp(-0.1 * t), color="0.6", ls="--", label="reference")
        ax.legend(loc="upper right")

        def update(amp, rate):
            curve.set_ydata(amp * np.exp(-rate * t) * (1 + 0.1 * np.sin(t)))
            return f"burden at 12 months: {amp * np.exp(-rate * 12):.2f}"

        return update

    return explorable(
        view,
        Param("amp", list(amps), "Amplitude", fmt="{:.2f}"),
        Param("rate", list(rates), "Rate", "1/month", fmt="{:.2f}"),
        caption="Move the sliders.",
        alt="Synthetic line plot of tumour burden against time.",
    )


def bench_fps(work: Path, repeats: int = 3) -> dict:
    import matplotlib

    matplotlib.use("Agg")
    res: dict = {"synthetic": []}
    for animated, label in [(True, "blitted (animated artists)"), (False, "full redraw")]:
        runs = [synthetic_explorable(animated) for _ in range(repeats)]
        fps = [r.frames_per_second for r in runs]
        frame_bytes = sum(len(f) for row in runs[0].frames for f in row)
        res["synthetic"].append(
            {
                "label": f"synthetic 10x10 line plot, {label}",
                "fps": statistics.median(fps),
                "fps_all": fps,
                "n_frames": runs[0].n_frames,
                "frame_html_bytes": frame_bytes,
            }
        )
        log(f"fps {label}: {', '.join(f'{f:.1f}' for f in fps)}")
    res["real"] = real_explorables(work)
    return res


def real_explorables(work: Path) -> list[dict]:
    path = work / "explorables.jsonl"
    if not path.exists():
        return []
    recs = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    # Each chapter ran once per build that executed it and once under nbval: report the median
    # render time over those runs (the machine may be busy during any one of them).
    groups: dict[tuple, list[dict]] = {}
    for r in recs:
        groups.setdefault(tuple(r["params"]), []).append(r)
    chosen = []
    for runs in groups.values():
        r = dict(runs[0])
        r["runs"] = [x["render_seconds"] for x in runs]
        r["phases"] = [x["phase"] for x in runs]
        r["render_seconds"] = statistics.median(r["runs"])
        chosen.append(r)
    sources = {nb.stem: nb.read_text(encoding="utf-8") for nb in toc_notebooks()}
    for r in chosen:
        r["notebook"] = next(
            (
                stem
                for stem, src in sources.items()
                if all(f'Param(\\"{n}\\"' in src for n in r["params"])
            ),
            "?",
        )
        r["fps"] = r["n_frames"] / r["render_seconds"] if r["render_seconds"] else float("inf")
    return chosen


# --------------------------------------------------------------------------------------------
# serving the site


class _Counting(http.server.SimpleHTTPRequestHandler):
    served: list[tuple[str, int]] = []  # (path, status); reset per page

    def log_message(self, *args: object) -> None:
        pass

    def send_response(self, code: int, message: str | None = None) -> None:
        type(self).served.append((unquote(urlparse(self.path).path), code))
        super().send_response(code, message)


class Site:
    def __init__(self, root: Path) -> None:
        self.root = root
        handler = functools.partial(_Counting, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._gz: dict[Path, int] = {}

    def file(self, path: str) -> Path:
        p = self.root / path.lstrip("/")
        return p / "index.html" if p.is_dir() else p

    def gz(self, p: Path) -> int:
        if p not in self._gz:
            self._gz[p] = len(gzip.compress(p.read_bytes(), compresslevel=6))
        return self._gz[p]

    def close(self) -> None:
        self.httpd.shutdown()


class Browser:
    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self.browser = self._pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

    def open(self, url: str):
        foreign: list[str] = []
        errors: list[str] = []
        ctx = self.browser.new_context(viewport={"width": 1280, "height": 900})
        page = ctx.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))

        def route(r) -> None:
            host = urlparse(r.request.url).hostname
            if r.request.url.startswith("data:") or host == "127.0.0.1":
                r.continue_()
            else:
                foreign.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        if page.locator("script[type='application/vnd.jupyter.widget-state+json']").count():
            try:
                page.wait_for_selector(".her2book-explorable img", timeout=20_000)
            except Exception:
                errors.append("no explorable rendered within 20 s")
            page.wait_for_load_state("networkidle")
        return ctx, page, foreign, errors

    def close(self) -> None:
        self.browser.close()
        self._pw.stop()


# --------------------------------------------------------------------------------------------
# pages

DATA_PNG = re.compile(rb"data:image/png;base64,([A-Za-z0-9+/=]+)")
STATE = re.compile(
    rb'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', re.S
)


def html_breakdown(path: Path) -> dict:
    raw = path.read_bytes()
    state = b"".join(STATE.findall(raw))
    pngs = DATA_PNG.findall(raw)
    png_b64 = sum(len(p) for p in pngs)
    return {
        "html": len(raw),
        "html_gz": len(gzip.compress(raw, compresslevel=6)),
        "state": len(state),
        "state_gz": len(gzip.compress(state, compresslevel=6)) if state else 0,
        "data_pngs": len(pngs),
        "data_png_b64": png_b64,
        "explorables": raw.count(b'"her2book-explorable"'),
    }


def bench_pages(site: Site, browser: Browser, docs: list[str]) -> list[dict]:
    rows = []
    for doc in docs:
        if not site.file(f"/{doc}.html").is_file():
            log(f"page {doc}: not in the site (built before it joined the TOC?)")
            rows.append({"doc": doc, "missing": True})
            continue
        _Counting.served = []
        ctx, page, foreign, errors = browser.open(f"{site.url}/{doc}.html")
        page.wait_for_timeout(300)
        served = list(_Counting.served)
        ctx.close()
        resources = []
        for path, status in served:
            f = site.file(path)
            if status == 200 and f.is_file():
                resources.append((path, f.stat().st_size, site.gz(f)))
        missing = [p for p, s in served if s != 200]
        row = {
            "doc": doc,
            "requests": len(served),
            "transferred": sum(r[1] for r in resources),
            "compressed": sum(r[2] for r in resources),
            "foreign": len(foreign),
            "not_ok": missing,
            "errors": errors,
            "top": sorted(resources, key=lambda r: -r[2])[:6],
            "all": {path: (raw, gz) for path, raw, gz in resources},
            **html_breakdown(site.file(f"/{doc}.html")),
        }
        rows.append(row)
        log(f"page {doc}: {mb(row['transferred'])} transferred, {mb(row['compressed'])} gzip")
    return rows


# --------------------------------------------------------------------------------------------
# latency: measured in the page, from the keydown event's timestamp to the paint of the frame
# that first shows the new figure (decoded).

LATENCY_JS = r"""
() => {
  if (window.__bench) return;
  const B = window.__bench = {results: [], pending: null, frame: 0};
  // A rAF loop registered before any measurement: in every frame it runs first, so B.frame
  // read by a later rAF callback is the number of this frame.
  const tick = () => { B.frame += 1; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  const shown = (ex) => {
    for (const img of ex.querySelectorAll('.her2book-frame img'))
      if (img.offsetParent !== null) return img;
    return null;
  };
  window.addEventListener('keydown', (ev) => {
    if (B.pending && B.pending.tKey === undefined) {
      B.pending.tKey = ev.timeStamp;
      B.pending.tHandler = performance.now();
      B.pending.fKey = B.frame;
    }
  }, true);
  B.arm = (ex) => {
    const img = shown(ex);
    const p = B.pending = {before: img ? img.getAttribute('src') : null, blank: 0, done: false};
    const finish = (img) => {
      p.tDom = performance.now();
      mo.disconnect();
      const ready = img.complete ? Promise.resolve() : img.decode().catch(() => {});
      ready.then(() => {
        p.tDecoded = performance.now();
        requestAnimationFrame(() => {
          p.tRaf = performance.now();
          p.frames = B.frame - p.fKey;
          const ch = new MessageChannel();
          ch.port1.onmessage = () => {
            p.tPaint = performance.now();
            requestAnimationFrame(() => {
              p.tRaf2 = performance.now();
              p.done = true;
              B.results.push(p);
              B.pending = null;
            });
          };
          ch.port2.postMessage(0);
        });
      });
    };
    const check = () => {
      if (p.tDom !== undefined) return;
      const img = shown(ex);
      if (img && img.getAttribute('src') !== p.before) finish(img);
    };
    const mo = new MutationObserver(check);
    mo.observe(ex, {subtree: true, childList: true, attributes: true});
    const loop = () => {
      if (p.tDom !== undefined || p.done) return;
      if (p.tKey !== undefined && !shown(ex)) p.blank += 1;
      check();
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  };
}
"""


def bench_latency(site: Site, browser: Browser, docs: list[str], presses: int) -> dict:
    per: list[dict] = []
    all_paint: list[float] = []
    all_frames: list[int] = []
    timeouts = 0
    for doc in docs:
        if (
            not site.file(f"/{doc}.html").is_file()
            or not html_breakdown(site.file(f"/{doc}.html"))["explorables"]
        ):
            continue
        ctx, page, foreign, errors = browser.open(f"{site.url}/{doc}.html")
        page.evaluate(LATENCY_JS)
        explorables = page.locator(".her2book-explorable")
        for e in range(explorables.count()):
            ex = explorables.nth(e)
            ex.scroll_into_view_if_needed()
            handles = ex.locator('[role="slider"]')
            n = handles.count()
            samples: list[list[dict]] = [[] for _ in range(n)]
            direction = ["ArrowRight"] * n
            for k in range(presses):
                h = k % n
                handle = handles.nth(h)
                now, lo, hi = (
                    handle.get_attribute(a)
                    for a in ("aria-valuenow", "aria-valuemin", "aria-valuemax")
                )
                if now == hi:
                    direction[h] = "ArrowLeft"
                elif now == lo:
                    direction[h] = "ArrowRight"
                handle.focus()
                page.wait_for_timeout(30)
                ex.evaluate("el => window.__bench.arm(el)")
                count = page.evaluate("window.__bench.results.length")
                page.keyboard.press(direction[h])
                try:
                    page.wait_for_function(
                        f"window.__bench.results.length > {count}", timeout=5_000, polling=20
                    )
                    samples[h].append(page.evaluate("window.__bench.results.at(-1)"))
                except Exception:
                    timeouts += 1
                    page.evaluate("window.__bench.pending = null")
            for h in range(n):
                s = [r for r in samples[h] if "tKey" in r]
                if not s:
                    continue
                label = handles.nth(h).get_attribute("aria-label") or f"slider {h}"
                paint = [r["tPaint"] - r["tKey"] for r in s]
                all_paint += paint
                all_frames += [r["frames"] for r in s]
                per.append(
                    {
                        "doc": doc,
                        "explorable": e,
                        "slider": label,
                        "n": len(s),
                        "input_med": statistics.median(r["tHandler"] - r["tKey"] for r in s),
                        "dom_med": statistics.median(r["tDom"] - r["tKey"] for r in s),
                        "next_frame": sum(1 for r in s if r["frames"] <= 1) / len(s),
                        "frames_max": max(r["frames"] for r in s),
                        "paint_med": statistics.median(paint),
                        "paint_p95": pct(paint, 95),
                        "raf2_p95": pct([r["tRaf2"] - r["tKey"] for r in s], 95),
                        "blank": sum(1 for r in s if r["blank"]),
                    }
                )
                log(f"latency {doc} #{e} {label[:30]}: p95 {pct(paint, 95):.1f} ms")
        if foreign or errors:
            log(f"  {doc}: {len(foreign)} foreign requests, errors {errors[:2]}")
        ctx.close()
    return {
        "rows": per,
        "median": statistics.median(all_paint) if all_paint else float("nan"),
        "p95": pct(all_paint, 95),
        "n": len(all_paint),
        "next_frame": sum(1 for f in all_frames if f <= 1) / len(all_frames) if all_frames else 0,
        "frames_p95": pct(all_frames, 95),
        "timeouts": timeouts,
    }


# --------------------------------------------------------------------------------------------
# report


def report(res: dict, args: argparse.Namespace) -> str:
    out: list[str] = []
    t = TARGETS
    summary: list[list[object]] = []
    b = res.get("build")
    if b:
        c = b["clean"]
        summary.append(
            [c["label"], f"{c['seconds']:.1f} s", f"≤ {t['clean']:.0f} s",
             verdict(c["seconds"] <= t["clean"] and c["rc"] == 0)]
        )  # fmt: skip
        for key in ("cache_fill", "rebuild_all", "rebuild_incr"):
            r = b[key]
            target = f"≤ {t['rebuild']:.0f} s" if key != "cache_fill" else "(info)"
            ok = r["seconds"] <= t["rebuild"] and r["rc"] == 0 if key != "cache_fill" else None
            summary.append([r["label"], f"{r['seconds']:.1f} s", target, verdict(ok)])
        failed = [k for k in ("clean", "cache_fill", "rebuild_all", "rebuild_incr") if b[k]["rc"]]
        if failed:
            summary.append([f"build exit status non-zero: {', '.join(failed)}", "", "", "**MISS**"])
    n = res.get("nbval")
    if n:
        summary.append(
            [f"nbval, {len(n['notebooks'])} TOC notebooks, -n 2 ({n['summary']})",
             f"{n['seconds']:.1f} s", f"≤ {t['nbval']:.0f} s",
             verdict(n["seconds"] <= t["nbval"] and n["rc"] == 0)]
        )  # fmt: skip
    f = res.get("fps")
    if f:
        for s in f["synthetic"]:
            summary.append(
                [f"explorable helper, {s['label']}", f"{s['fps']:.1f} frames/s",
                 f"≥ {t['fps']:.0f} frames/s", verdict(s["fps"] >= t["fps"])]
            )  # fmt: skip
        if f["real"]:
            worst = min(f["real"], key=lambda r: r["fps"])
            frames = sum(r["n_frames"] for r in f["real"])
            secs = sum(r["render_seconds"] for r in f["real"])
            summary.append(
                [f"real explorables, all {len(f['real'])} ({frames} frames)",
                 f"{frames / secs:.1f} frames/s", f"≥ {t['fps']:.0f} frames/s",
                 verdict(frames / secs >= t["fps"])]
            )  # fmt: skip
            summary.append(
                [f"slowest real explorable ({worst['notebook']}: {', '.join(worst['params'])})",
                 f"{worst['fps']:.1f} frames/s", f"≥ {t['fps']:.0f} frames/s",
                 verdict(worst["fps"] >= t["fps"])]
            )  # fmt: skip
    absent = [r["doc"] for r in res.get("pages") or [] if r.get("missing")]
    p = [r for r in res.get("pages") or [] if not r.get("missing")]
    if absent:
        summary.append(
            [f"TOC pages missing from the site: {', '.join(absent)}", "", "", "**MISS**"]
        )
    if p:
        heavy = max(p, key=lambda r: r["compressed"])
        summary.append(
            [f"heaviest page, compressed ({heavy['doc']})", mb(heavy["compressed"]),
             f"≤ {mb(t['page'])}", verdict(heavy["compressed"] <= t["page"])]
        )  # fmt: skip
        foreign = sum(r["foreign"] for r in p)
        summary.append(["requests to other hosts (aborted), all pages", foreign, "0",
                        verdict(foreign == 0)])  # fmt: skip
    lat = res.get("latency")
    if lat and lat["n"]:
        summary.append(
            [f"slider key → new figure painted, median ({lat['n']} presses)",
             f"{lat['median']:.1f} ms", "(info)", "n/a"]
        )  # fmt: skip
        summary.append(
            ["slider key → new figure painted, p95", f"{lat['p95']:.1f} ms",
             f"≤ {t['latency']:.0f} ms", verdict(lat["p95"] <= t["latency"])]
        )  # fmt: skip
        summary.append(
            ["presses whose figure is in the next rendered frame (headless: frames wait)",
             f"{100 * lat['next_frame']:.0f} % (p95 {lat['frames_p95']:.0f} frames)", "(info)",
             "n/a"]
        )  # fmt: skip
        if lat["timeouts"]:
            summary.append(["presses with no new figure within 5 s", lat["timeouts"], "0",
                            "**MISS**"])  # fmt: skip

    load = res.get("loadavg")
    when = time.strftime("%Y-%m-%d %H:%M")
    loads = " / ".join(f"{x:.2f}" for x in load)
    out.append(f"## Benchmark ({when}, {os.cpu_count()} cores, load average at start {loads})\n")
    out.append(table(["measure", "value", "target", "verdict"], summary))

    if p:
        out.append(
            "\n### Pages (fresh browser context per page, no HTTP compression on the server)\n"
        )
        rows = [
            [r["doc"], kb(r["html"]), r["requests"], mb(r["transferred"]), mb(r["compressed"]),
             r["explorables"], r["data_pngs"], kb(r["data_png_b64"]), kb(r["state"]),
             verdict(r["compressed"] <= t["page"])]
            for r in p
        ]  # fmt: skip
        out.append(
            table(
                ["page", "HTML", "requests", "transferred", "gzip -6", "explorables",
                 "inline PNGs", "inline PNG base64", "widget state", "≤ 2.5 MB"],
                rows,
            )
        )  # fmt: skip
        heavy = max(p, key=lambda r: r["compressed"])
        out.append(f"\nHeaviest page {heavy['doc']}: largest resources (raw → gzip -6)\n")
        out.append(
            table(
                ["resource", "raw", "gzip -6"],
                [[path, kb(raw), kb(gz)] for path, raw, gz in heavy["top"]],
            )
        )
        common = set.intersection(*(set(r["all"]) for r in p))
        base = sorted(((path, *p[0]["all"][path]) for path in common), key=lambda x: -x[2])
        out.append(
            f"\nLoaded by every page: {len(base)} resources, {mb(sum(x[1] for x in base))} raw,"
            f" {mb(sum(x[2] for x in base))} gzip -6; largest: "
            + ", ".join(f"{path.rsplit('/', 1)[-1]} {kb(gz)}" for path, _, gz in base[:5])
        )
        bad = [(r["doc"], r["not_ok"]) for r in p if r["not_ok"]]
        if bad:
            out.append(f"\nResponses other than 200: {bad}")
        errs = [(r["doc"], r["errors"]) for r in p if r["errors"]]
        if errs:
            out.append(f"\nPage errors: {errs}")
    if f:
        out.append("\n### Explorable rendering\n")
        rows = [
            [s["label"], s["n_frames"], f"{s['fps']:.1f}",
             ", ".join(f"{x:.1f}" for x in s["fps_all"]), kb(s["frame_html_bytes"])]
            for s in f["synthetic"]
        ]  # fmt: skip
        rows += [
            [f"{r['notebook']}: {' × '.join(r['params'])}",
             f"{r['n_frames']} ({'×'.join(map(str, r['shape']))})", f"{r['fps']:.1f}",
             ", ".join(f"{x:.2f}" for x in r["runs"]) + " s", kb(r["frame_html_bytes"])]
            for r in f["real"]
        ]  # fmt: skip
        out.append(
            "Synthetic: median of 3 runs (frames/s of each run). Real: frames / median render time"
            " over the runs recorded (build `force`, build `cache`, nbval: seconds of each run).\n"
        )
        out.append(table(["explorable", "frames", "frames/s", "runs", "frames HTML"], rows))
        if not f["real"]:
            out.append("\n(real explorables: run with the build or nbval part to record them)")
    if lat and lat["rows"]:
        out.append(
            "\n### Slider latency\n\nms from the keydown event's timestamp. `input`: until the"
            " keydown handler runs; `DOM`: until the visible `.her2book-frame img` has the new"
            " src; `painted`: until the first rendering update after the new image is decoded has"
            " finished (rAF, then a posted message); `2 rAF`: one frame later (upper bound)."
            " `next frame`: share of presses whose figure is in the first frame after the"
            " keydown; `blank frames`: presses during which a frame showed no figure.\n"
        )
        rows = [
            [r["doc"], r["explorable"], r["slider"][:40], r["n"], f"{r['input_med']:.1f}",
             f"{r['dom_med']:.1f}", f"{r['paint_med']:.1f}", f"{r['paint_p95']:.1f}",
             f"{r['raf2_p95']:.1f}", f"{100 * r['next_frame']:.0f} %", r["frames_max"],
             r["blank"]]
            for r in lat["rows"]
        ]  # fmt: skip
        out.append(
            table(
                ["page", "#", "slider", "presses", "input med", "DOM med", "painted med",
                 "painted p95", "2 rAF p95", "next frame", "max frames", "blank frames"],
                rows,
            )
        )  # fmt: skip
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--only", default=",".join(PARTS), help=f"comma list of {', '.join(PARTS)}")
    ap.add_argument("--skip-build", action="store_true", help="do not run the build part")
    ap.add_argument("--site", help="built site to measure (default: this run's build, else "
                    "_build/html)")  # fmt: skip
    ap.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "her2book-bench"))
    ap.add_argument("--presses", type=int, default=40, help="key presses per explorable")
    ap.add_argument("--json", help="also write the raw results to this file")
    args = ap.parse_args(argv)
    parts = [x.strip() for x in args.only.split(",") if x.strip()]
    unknown = set(parts) - set(PARTS)
    if unknown:
        ap.error(f"unknown parts {sorted(unknown)}; choose from {PARTS}")
    if args.skip_build and "build" in parts:
        parts.remove("build")
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    if "build" in parts or "nbval" in parts:
        (work / "explorables.jsonl").unlink(missing_ok=True)

    res: dict = {"loadavg": os.getloadavg()}
    if "build" in parts:
        res["build"] = bench_build(work)
    if "nbval" in parts:
        res["nbval"] = bench_nbval(work)
    if "fps" in parts:
        res["fps"] = bench_fps(work)
    if "pages" in parts or "latency" in parts:
        if args.site:
            site_dir = Path(args.site)
        elif "build" in res and res["build"]["clean"]["rc"] == 0:
            site_dir = Path(res["build"]["site"])
        else:
            site_dir = ROOT / "_build" / "html"
        if not site_dir.is_absolute():
            site_dir = ROOT / site_dir
        res["site"] = str(site_dir)
        log(f"measuring the site in {site_dir}")
        docs = toc_files()
        site, browser = Site(site_dir), Browser()
        try:
            if "pages" in parts:
                res["pages"] = bench_pages(site, browser, docs)
            if "latency" in parts:
                res["latency"] = bench_latency(site, browser, docs, args.presses)
        finally:
            browser.close()
            site.close()
    text = report(res, args)
    print(text)
    if "site" in res:
        print(f"\n(site measured: {res['site']})")
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
