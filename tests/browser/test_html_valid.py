"""Every HTML page of the built site is valid HTML: no error from the W3C Nu HTML Checker.

The checker is npm ``vnu-jar`` (pinned in ``package.json``; ``npm ci --ignore-scripts`` installs it
into ``node_modules``, the jar ships in the package) and runs on Java (Debian
``default-jre-headless``). One run checks every page: the TOC pages, the search and index pages
and the site's ``index.html``. No browser is needed; the test lives with the browser tests because
it needs the built site. It never skips: a missing site, checker or Java is a failure that says
how to get it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from her2book.layout import ROOT, SITE, toc_files

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
#: Folders of the site that hold no pages of the book (copied assets, sources, downloads).
NOT_PAGES = {"_static", "_sources", "_downloads", "_images"}


def pages(site: Path) -> list[Path]:
    """The site's HTML pages (not the HTML files among its copied assets)."""
    return sorted(p for p in site.rglob("*.html") if not NOT_PAGES & set(p.relative_to(site).parts))


@pytest.fixture(scope="module")
def report():
    """The checker's errors, one run over every page: ``{page: [messages]}``."""
    site = SITE.resolve()
    if not (site / "index.html").is_file():
        pytest.fail(f"no built site at {SITE}: run `make book`", pytrace=False)
    java = shutil.which("java")
    if java is None:
        pytest.fail("no java: apt-get install default-jre-headless", pytrace=False)
    if not VNU.is_file():
        pytest.fail(f"no {VNU}: run `npm ci --ignore-scripts` (make node)", pytrace=False)
    files = pages(site)
    proc = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    # vnu prints its JSON report on stderr and exits 1 when it found errors.
    data = json.loads(proc.stderr or proc.stdout or '{"messages": []}')
    found: dict[str, list[str]] = {str(f.relative_to(site)): [] for f in files}
    for m in data["messages"]:
        page = Path(m.get("url", "").removeprefix("file:")).resolve()
        where = str(page.relative_to(site)) if page.is_relative_to(site) else str(page)
        found.setdefault(where, []).append(
            f"line {m.get('lastLine', '?')}: {m['message']} [{m.get('extract', '').strip()[:80]}]"
        )
    return found


def test_every_toc_page_and_the_index_are_checked(report):
    """The checker saw every TOC page, the search page and the site's index.html."""
    expected = {f"{doc}.html" for doc in toc_files()} | {"index.html", "search.html"}
    assert expected <= set(report), f"pages not checked: {sorted(expected - set(report))}"


@pytest.mark.parametrize("page", sorted({f"{d}.html" for d in toc_files()} | {"index.html"}))
def test_page_has_no_html_errors(report, page):
    """The Nu HTML Checker reports no error on the page."""
    errors = report.get(page, [])
    assert not errors, f"{page}: {len(errors)} HTML errors:\n" + "\n".join(errors[:20])


def test_other_pages_have_no_html_errors(report):
    """Pages outside the TOC (search, general index) have no HTML errors either."""
    listed = {f"{d}.html" for d in toc_files()} | {"index.html"}
    errors = {p: e for p, e in report.items() if p not in listed and e}
    assert not errors, "; ".join(f"{p}: {e[:3]}" for p, e in errors.items())
