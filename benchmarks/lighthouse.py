"""Lighthouse on every TOC page: the four category scores and the page's load metrics.

Lighthouse (npm ``lighthouse``, pinned in the repository's ``package.json``; ``npm ci`` installs
it into ``node_modules``) runs Debian's Chromium (``CHROME_PATH``) headless with the harness's
flag list (:data:`her2book.browser.CHROMIUM_ARGS`) against the site served with gzip from
127.0.0.1 (:class:`her2book.browser.SiteServer`), as a real host serves it. Two settings: the
default mobile simulation (slow 4G, 4x CPU slowdown, a 412 px phone) and ``--preset=desktop``.

Each page is run ``--lighthouse-runs`` times per setting (default 3): the table shows the median
of each figure and the spread (lowest–highest) of the performance score, which moves by a few
points on two shared cores. Scores taken while other work loads the machine are pessimistic;
the report prints the load average.

Per page and setting: performance, accessibility, best-practices and SEO scores (0–100), first
contentful paint (FCP), largest contentful paint (LCP), total blocking time (TBT), cumulative
layout shift (CLS) and the bytes transferred (Lighthouse's total byte weight). Below the table,
every audit that cost a category other than performance a point, by page.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from common import ROOT, TARGETS, Run, log, median, table, verdict

from her2book import browser as hb
from her2book.layout import toc_files

NAME = "lighthouse"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PRESETS = ("mobile", "desktop")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
SHORT = {"performance": "perf", "accessibility": "a11y", "best-practices": "bp", "seo": "seo"}
METRICS = {
    "fcp": "first-contentful-paint",
    "lcp": "largest-contentful-paint",
    "tbt": "total-blocking-time",
    "cls": "cumulative-layout-shift",
    "bytes": "total-byte-weight",
}


def command(url: str, preset: str, out: Path) -> list[str]:
    """The Lighthouse command line for one run (JSON report written to ``out``)."""
    flags = " ".join(["--headless=new", *hb.CHROMIUM_ARGS])
    cmd = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--chrome-flags={flags}",
        f"--only-categories={','.join(CATEGORIES)}",
    ]
    if preset == "desktop":
        cmd.append("--preset=desktop")
    return cmd


def parse(report: dict) -> dict:
    """Scores (0–100), metrics (ms, bytes, CLS) and the non-performance audits that lost points."""
    audits = report["audits"]
    out: dict = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}
    for key, audit in METRICS.items():
        out[key] = audits[audit].get("numericValue")
    lost = []
    for c in CATEGORIES[1:]:
        for ref in report["categories"][c]["auditRefs"]:
            a = audits[ref["id"]]
            if ref.get("weight", 0) > 0 and a.get("score") is not None and a["score"] < 1:
                lost.append(f"{SHORT[c]}: {ref['id']}")
    out["lost"] = lost
    return out


def run_once(url: str, preset: str, out: Path) -> dict:
    """One Lighthouse run; the parsed report, or ``{"error": ...}``."""
    env = dict(os.environ, CHROME_PATH=hb.chromium_path())
    proc = subprocess.run(
        command(url, preset, out), capture_output=True, text=True, env=env, timeout=300
    )
    if proc.returncode != 0 or not out.is_file():
        return {"error": (proc.stderr or proc.stdout).strip()[-500:]}
    report = json.loads(out.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        return {"error": report["runtimeError"].get("message", "runtime error")}
    return parse(report)


def measure(run: Run) -> dict:
    if not LIGHTHOUSE.is_file():
        msg = f"no Lighthouse at {LIGHTHOUSE}: run `npm ci --ignore-scripts` (or `make node`)"
        log(msg)
        return {"error": msg}
    if shutil.which("node") is None:
        return {"error": "node is not on PATH (Debian nodejs)"}
    server = run.server()
    docs = run.lighthouse_pages or toc_files()
    folder = run.work / "lighthouse"
    folder.mkdir(parents=True, exist_ok=True)
    pages: dict[str, dict[str, list[dict]]] = {}
    presets = [p for p in PRESETS if p in (run.lighthouse_presets or PRESETS)]
    for doc in docs:
        for preset in presets:
            for i in range(run.lighthouse_runs):
                out = folder / f"{doc.replace('/', '_')}.{preset}.{i}.json"
                res = run_once(server.page(doc), preset, out)
                pages.setdefault(doc, {}).setdefault(preset, []).append(res)
                log(
                    f"lighthouse {doc} {preset} #{i + 1}: "
                    + (
                        res["error"][:200]
                        if "error" in res
                        else " ".join(f"{SHORT[c]} {res[c]}" for c in CATEGORIES)
                    )
                )
    return {
        "pages": pages,
        "presets": presets,
        "runs": run.lighthouse_runs,
        "loadavg": os.getloadavg(),
    }


def _ok(runs: list[dict]) -> list[dict]:
    return [r for r in runs if "error" not in r]


def aggregate(runs: list[dict]) -> dict | None:
    """Median of every figure over the runs, and the spread of the performance score."""
    ok = _ok(runs)
    if not ok:
        return None
    agg = {k: median([r[k] for r in ok]) for k in (*CATEGORIES, *METRICS)}
    perf = [r["performance"] for r in ok]
    agg["spread"] = (min(perf), max(perf))
    agg["n"] = len(ok)
    agg["lost"] = sorted({x for r in ok for x in r["lost"]})
    return agg


def summary(res: dict) -> list[list[object]]:
    if "error" in res:
        return [["Lighthouse", res["error"], "", verdict(None)]]
    rows: list[list[object]] = []
    for preset in res.get("presets", PRESETS):
        aggs = {d: aggregate(p.get(preset, [])) for d, p in res["pages"].items()}
        good = {d: a for d, a in aggs.items() if a}
        failed = sorted(set(aggs) - set(good))
        if not good:
            rows.append([f"Lighthouse {preset}", "every run failed", "", verdict(False)])
            continue
        worst = min(good, key=lambda d: good[d]["performance"])
        target = TARGETS["lighthouse_performance"] if preset == "mobile" else None
        perf = good[worst]["performance"]
        rows.append(
            [
                f"Lighthouse {preset}: lowest performance (median of runs)",
                f"{perf:.0f} ({worst})",
                f"≥ {target:.0f}" if target else "—",
                verdict(perf >= target if target else None),
            ]
        )
        for c in CATEGORIES[1:]:
            low = min(good, key=lambda d: good[d][c])
            rows.append(
                [
                    f"Lighthouse {preset}: lowest {c}",
                    f"{good[low][c]:.0f} ({low})",
                    f"= {TARGETS['lighthouse_other']:.0f}",
                    verdict(good[low][c] >= TARGETS["lighthouse_other"]),
                ]
            )
        if failed:
            rows.append(
                [f"Lighthouse {preset}: pages whose runs failed", ", ".join(failed), "", "**MISS**"]
            )
    return rows


def _ms(v: float) -> str:
    return f"{v / 1000:.1f} s" if v >= 1000 else f"{v:.0f} ms"


def details(res: dict) -> list[str]:
    if "error" in res:
        return []
    loads = " / ".join(f"{x:.2f}" for x in res["loadavg"])
    out = [
        "",
        f"### Lighthouse (median of {res['runs']} runs per page and setting; perf spread = "
        f"lowest–highest; load average at the end {loads})",
        "",
    ]
    rows = []
    lost_lines = []
    for doc, presets in res["pages"].items():
        for preset in res.get("presets", PRESETS):
            runs = presets.get(preset, [])
            a = aggregate(runs)
            if a is None:
                err = next((r["error"] for r in runs if "error" in r), "no run")
                rows.append([doc, preset, "failed", "", "", "", "", "", "", "", "", ""])
                lost_lines.append(f"- {doc} ({preset}): every run failed: {err[:200]}")
                continue
            lo, hi = a["spread"]
            rows.append(
                [
                    doc,
                    preset,
                    f"{a['performance']:.0f}",
                    f"{lo}–{hi}",
                    f"{a['accessibility']:.0f}",
                    f"{a['best-practices']:.0f}",
                    f"{a['seo']:.0f}",
                    _ms(a["fcp"]),
                    _ms(a["lcp"]),
                    _ms(a["tbt"]),
                    f"{a['cls']:.3f}",
                    f"{a['bytes'] / 1024:.0f} KiB",
                ]
            )
            if a["lost"]:
                lost_lines.append(f"- {doc} ({preset}): " + ", ".join(a["lost"]))
    headers = ["page", "setting", "perf", "spread", "a11y", "bp", "seo", "FCP", "LCP", "TBT"]
    headers += ["CLS", "bytes"]
    out.append(table(headers, rows))
    if lost_lines:
        out += ["", "Audits that cost accessibility, best practices or SEO points:", *lost_lines]
    return out


if __name__ == "__main__":
    from run import main

    raise SystemExit(main(["--only", NAME, *sys.argv[1:]]))
