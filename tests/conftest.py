"""Shared test configuration.

When nbval runs over the ``book`` folder, every chapter listed in ``_toc.yml`` must have been
collected: a chapter that is renamed, moved or otherwise missed fails the run instead of being
silently untested. The browser tests' fixtures live in ``tests/browser/conftest.py``, so that the
unit tests run without a site or a browser.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.book import ROOT, toc_notebooks


def pytest_collection_finish(session: pytest.Session) -> None:
    config = session.config
    if not (config.getoption("nbval", False) or config.getoption("nbval_lax", False)):
        return
    book = (ROOT / "book").resolve()
    if not any(Path(a.split("::")[0]).resolve() == book for a in config.args):
        return  # a single notebook or test file was asked for
    collected = {Path(str(item.path)).resolve() for item in session.items}
    missing = [str(nb.relative_to(ROOT)) for nb in toc_notebooks() if nb.resolve() not in collected]
    if missing:
        raise pytest.UsageError(f"nbval did not collect these chapters of _toc.yml: {missing}")
