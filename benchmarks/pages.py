"""Page weight: what each TOC page costs a reader, served as a real host serves it.

Each page is loaded in a fresh browser context (nothing cached) from :class:`her2book.browser.
SiteServer` with gzip on text responses; the server records every response. Per page: its HTML
size on disk (and what of it is widget state and inline PNG), the number of requests, the bytes of
the files served (raw) and the bytes actually sent (compressed where a host compresses).
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

from common import TARGETS, Run, kb, log, mb, table, verdict

from her2book import browser as hb
from her2book.layout import toc_files

NAME = "pages"
DATA_PNG = re.compile(rb"data:image/png;base64,([A-Za-z0-9+/=]+)")
STATE = re.compile(
    rb'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', re.S
)


def html_breakdown(path: Path) -> dict:
    """Sizes inside a page's HTML: all of it, its widget state and its inline PNGs."""
    raw = path.read_bytes()
    state = b"".join(STATE.findall(raw))
    pngs = DATA_PNG.findall(raw)
    return {
        "html": len(raw),
        "html_gz": len(gzip.compress(raw, compresslevel=6)),
        "state": len(state),
        "data_pngs": len(pngs),
        "data_png_b64": sum(len(p) for p in pngs),
    }


def measure(run: Run) -> list[dict]:
    server, browser = run.server(), run.browser()
    rows = []
    for doc in toc_files():
        html = server.root / f"{doc}.html"
        if not html.is_file():
            log(f"page {doc}: not in the site (built before it joined the TOC?)")
            rows.append({"doc": doc, "missing": True})
            continue
        server.take()
        expected = hb.expected_explorables(doc)
        with hb.Visit(browser, server.page(doc)) as v:
            rendered = hb.wait_for_explorables(v.page, expected)
            v.page.wait_for_timeout(300)
            foreign, errors = list(v.foreign), list(v.errors)
        served = server.take()
        ok = [s for s in served if s.status == 200]
        row = {
            "doc": doc,
            "requests": len(served),
            "raw": sum(s.size for s in ok),
            "sent": sum(s.sent for s in ok),
            "expected": expected,
            "rendered": rendered,
            "foreign": len(foreign),
            "not_ok": [f"{s.status} {s.path}" for s in served if s.status != 200],
            "errors": errors,
            "resources": {s.path: (s.size, s.sent) for s in ok},
            **html_breakdown(html),
        }
        rows.append(row)
        log(f"page {doc}: {mb(row['raw'])} raw, {mb(row['sent'])} sent")
    return rows


def summary(res: list[dict]) -> list[list[object]]:
    rows: list[list[object]] = []
    absent = [r["doc"] for r in res if r.get("missing")]
    pages = [r for r in res if not r.get("missing")]
    if absent:
        rows.append(
            [f"TOC pages missing from the site: {', '.join(absent)}", "", "", verdict(False)]
        )
    if pages:
        heavy = max(pages, key=lambda r: r["sent"])
        rows.append(
            [
                f"heaviest page, compressed ({heavy['doc']})",
                mb(heavy["sent"]),
                f"≤ {mb(TARGETS['page'])}",
                verdict(heavy["sent"] <= TARGETS["page"]),
            ]
        )
        foreign = sum(r["foreign"] for r in pages)
        rows.append(
            ["requests to other hosts (aborted), all pages", foreign, "0", verdict(foreign == 0)]
        )
        wrong = [r["doc"] for r in pages if r["rendered"] != r["expected"]]
        rows.append(
            [
                f"pages showing another number of explorables than tagged"
                f"{': ' + ', '.join(wrong) if wrong else ''}",
                len(wrong),
                "0",
                verdict(not wrong),
            ]
        )
    return rows


def details(res: list[dict]) -> list[str]:
    pages = [r for r in res if not r.get("missing")]
    if not pages:
        return []
    limit = f"≤ {mb(TARGETS['page'])}"
    rows = [
        [
            r["doc"],
            kb(r["html"]),
            r["requests"],
            mb(r["raw"]),
            mb(r["sent"]),
            f"{r['rendered']}/{r['expected']}",
            r["data_pngs"],
            kb(r["data_png_b64"]),
            kb(r["state"]),
            verdict(r["sent"] <= TARGETS["page"]),
        ]
        for r in pages
    ]
    out = [
        "\n### Pages (fresh browser context per page; text gzip-compressed, level 6, as by a"
        " real host)\n",
        table(
            [
                "page",
                "HTML",
                "requests",
                "files (raw)",
                "sent (gzip)",
                "explorables",
                "inline PNGs",
                "inline PNG base64",
                "widget state",
                limit,
            ],
            rows,
        ),
    ]
    heavy = max(pages, key=lambda r: r["sent"])
    top = sorted(heavy["resources"].items(), key=lambda kv: -kv[1][1])[:6]
    out.append(f"\nHeaviest page {heavy['doc']}: largest resources (raw → sent)\n")
    out.append(table(["resource", "raw", "sent"], [[p, kb(a), kb(b)] for p, (a, b) in top]))
    common = set.intersection(*(set(r["resources"]) for r in pages))
    base = sorted(((p, *pages[0]["resources"][p]) for p in common), key=lambda x: -x[2])
    out.append(
        f"\nLoaded by every page: {len(base)} resources, {mb(sum(x[1] for x in base))} raw,"
        f" {mb(sum(x[2] for x in base))} sent; largest: "
        + ", ".join(f"{p.rsplit('/', 1)[-1]} {kb(sent)}" for p, _, sent in base[:5])
    )
    bad = [(r["doc"], r["not_ok"]) for r in pages if r["not_ok"]]
    if bad:
        out.append(f"\nResponses other than 200: {bad}")
    errs = [(r["doc"], r["errors"]) for r in pages if r["errors"]]
    if errs:
        out.append(f"\nPage errors: {errs}")
    return out


if __name__ == "__main__":
    from run import main

    raise SystemExit(main(["--only", NAME, *sys.argv[1:]]))
