"""Every chapter cell runs on its own after the setup cell, as an instructor jumping around would.

For each notebook in the TOC (and the chapter template): one kernel, started in ``book/`` like
nbval's. For every code cell after the first (the setup cell): clear the namespace (every name a
cell defined, as ``%reset -f`` does, without its garbage collection, which took 0.3 s a cell and a
third of this test's time), run the setup cell, then run that cell alone. Any exception fails the
test and names the cell, so a cell that silently relies on a variable from an earlier cell (a
``NameError`` for a student who skipped ahead) cannot slip in.
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


#: Delete every name in the kernel's namespace that IPython did not put there itself (its
#: ``user_ns_hidden``), underscored names included, and empty the output cache (``_``, ``__``,
#: ``___`` and ``Out``, which IPython keeps among its own names), as ``%reset -f`` does; run
#: silently (no output, no history). (Names a profile's startup files define would survive, as
#: IPython counts them as its own; the kernel here starts with none.)
RESET = (
    "(lambda ip: ([ip.user_ns.pop(k) for k in list(ip.user_ns) if k not in ip.user_ns_hidden],"
    " ip.user_ns.update(_='', __='', ___=''), ip.user_ns['_oh'].clear()))(get_ipython())"
)


def run(client, code: str, silent: bool = False) -> str | None:
    """Execute ``code``; return ``"Error: message"`` if it raised, else ``None``."""
    errors: list[str] = []

    def hook(msg: dict) -> None:
        if msg["header"]["msg_type"] == "error":
            errors.append(f"{msg['content']['ename']}: {msg['content']['evalue']}")

    reply = client.execute_interactive(
        code, timeout=600, output_hook=hook, store_history=False, silent=silent
    )
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
        assert run(kernel, RESET, silent=True) is None
        if error := run(kernel, setup):
            pytest.fail(f"{notebook.name}: the setup cell itself fails: {error}")
        if error := run(kernel, code):
            first = code.strip().splitlines()[0] if code.strip() else ""
            failures.append(f"code cell {number} ({first[:60]!r}): {error}")
    assert not failures, f"{notebook.name}: cells that fail when run alone:\n" + "\n".join(failures)


def test_the_reset_forgets_every_name_a_cell_defined(kernel):
    """After the reset a name an earlier cell defined, plain or underscored, an import, a
    function, is gone (the test above would miss a dependency otherwise); IPython's own remain."""
    assert run(kernel, "x = 1\n_y = 2\nimport json as _j\ndef f(): pass") is None
    assert run(kernel, "x + 41") is None
    assert run(kernel, "assert _ == 42 and Out, (_, Out)") is None  # the output cache holds it
    assert run(kernel, RESET, silent=True) is None
    for name in ("x", "_y", "_j", "f"):
        assert run(kernel, name) == f"NameError: name '{name}' is not defined"
    assert run(kernel, "assert _ == '' and not Out, (_, Out)") is None
    assert run(kernel, "assert __name__ == '__main__'; get_ipython(); In") is None
