"""Every chapter cell runs on its own after the setup cell, as an instructor jumping around would.

For each notebook in the TOC (and the chapter template): one kernel, started in ``book/`` like
nbval's. For every code cell after the first (the setup cell): clear the namespace with
``%reset -f``, run the setup cell, then run that cell alone. Any exception fails the test and names
the cell, so a cell that silently relies on a variable from an earlier cell (a ``NameError`` for a
student who skipped ahead) cannot slip in.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jupyter_client.manager import start_new_kernel

from tests.book import ROOT, toc_notebooks

NOTEBOOKS = [*toc_notebooks(), *sorted((ROOT / "book").glob("_template*.ipynb"))]


def code_cells(path: Path) -> list[str]:
    """The source of every code cell, in order."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def run(client, code: str) -> str | None:
    """Execute ``code``; return ``"Error: message"`` if it raised, else ``None``."""
    errors: list[str] = []

    def hook(msg: dict) -> None:
        if msg["header"]["msg_type"] == "error":
            errors.append(f"{msg['content']['ename']}: {msg['content']['evalue']}")

    reply = client.execute_interactive(code, timeout=600, output_hook=hook, store_history=False)
    if reply["content"]["status"] != "ok" and not errors:
        errors.append(f"{reply['content'].get('ename')}: {reply['content'].get('evalue')}")
    return errors[0] if errors else None


@pytest.fixture
def kernel():
    manager, client = start_new_kernel(kernel_name="python3", cwd=str(ROOT / "book"))
    yield client
    client.stop_channels()
    manager.shutdown_kernel(now=True)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_cell_runs_alone_after_the_setup_cell(kernel, notebook):
    """Setup cell, then each other code cell alone in a cleared namespace: none may fail."""
    setup, *cells = code_cells(notebook)
    assert cells, f"{notebook.name} has no code cell after its setup cell"
    failures = []
    for number, code in enumerate(cells, start=2):
        assert run(kernel, "%reset -f") is None
        if error := run(kernel, setup):
            pytest.fail(f"{notebook.name}: the setup cell itself fails: {error}")
        if error := run(kernel, code):
            first = code.strip().splitlines()[0] if code.strip() else ""
            failures.append(f"code cell {number} ({first[:60]!r}): {error}")
    assert not failures, f"{notebook.name}: cells that fail when run alone:\n" + "\n".join(failures)
