"""The student edition in a real JupyterLab, in headless Chromium, as a student would use it.

One JupyterLab server (the pinned one, from this environment) is started on a copy of the student
edition that ``make book`` wrote (``_build/classroom/student``, beside ``$HER2BOOK_SITE``), with
its own settings, runtime and workspace folders, so nothing of the repository or the user's
JupyterLab is touched. For each chapter the test opens the notebook, chooses *Run → Run All
Cells* in the menu, waits until every code cell has run and the kernel is idle, and then checks:

- no cell has an error output, a stderr stream, or "Error displaying widget";
- no raw MyST is visible (roles, fences, glue names), and no solution text (the exercises are
  there);
- on every explorable, pressing an arrow key on its first slider changes the visible figure;
- the page asked no host but the server for anything.

JupyterLab's application object is exposed to the page (``--LabApp.expose_app_in_browser``) so
that the test can read the notebook model (execution counts, outputs, kernel status) instead of
guessing from prompts, which collapsed cells do not show. Set ``HER2BOOK_SCREENSHOTS`` to a folder
to keep a screenshot of each chapter after the run and of its first explorable.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.book import SITE, chapters

STUDENT = SITE.parent / "classroom" / "student"
INSTRUCTOR = SITE.parent / "classroom" / "instructor"
EXECUTED = SITE.parent / "jupyter_execute"
CHAPTERS = [Path(c.doc).name for c in chapters()]
RUN_TIMEOUT_MS = 900_000  # one chapter's Run All on two shared cores, generous

SETTINGS = {
    # Every cell in the DOM (JupyterLab 4 otherwise renders only the cells in view).
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    # No news or update checks: the machine has no internet, and the page may ask no other host.
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a copy of the student edition: ``(url, token, folder)``."""
    if not STUDENT.is_dir():
        pytest.fail(
            f"no student edition at {STUDENT}: run `make book` (it writes the classroom "
            "editions), or `make book OUT=DIR` and set HER2BOOK_SITE=DIR/_build/html",
            pytrace=False,
        )
    home = tmp_path_factory.mktemp("jupyterlab")
    folder = home / "student"
    shutil.copytree(STUDENT, folder)
    for name, value in SETTINGS.items():
        path = home / "settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value), encoding="utf-8")
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
    }
    env.pop("MPLBACKEND", None)  # Agg would remove every inline figure
    port, token = _free_port(), secrets.token_hex(16)
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={folder}",
        "--LabApp.expose_app_in_browser=True",
    ]  # fmt: skip
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = (home / "server.log").open("w")
    server = subprocess.Popen(command, cwd=home, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=5):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail(
                        "JupyterLab did not start:\n" + (home / "server.log").read_text()[-3000:],
                        pytrace=False,
                    )
                time.sleep(0.5)
        yield url, token, folder
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


# JavaScript run in the page: JupyterLab's notebook model, through the exposed application.
_READY = """(name) => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!(w && w.context && w.context.path === name && k && k.status === 'idle');
}"""
_DONE = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const k = w.sessionContext.session && w.sessionContext.session.kernel;
  const cells = w.content.widgets.filter(c => c.model.type === 'code');
  const failed = cells.some(c => c.model.outputs.toJSON().some(o => o.output_type === 'error'));
  const busy = cells.some(c => c.model.executionState === 'running');
  return !!k && k.status === 'idle' && !busy &&
    (failed || cells.every(c => c.model.executionCount !== null));
}"""
_KERNEL = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const k = w.sessionContext.session && w.sessionContext.session.kernel;
  return k ? k.status : 'no kernel';
}"""
_REPORT = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  return w.content.widgets.map((c, i) => ({
    index: i,
    type: c.model.type,
    tags: c.model.getMetadata('tags') || [],
    count: c.model.type === 'code' ? c.model.executionCount : null,
    outputs: c.model.type === 'code' ? c.model.outputs.toJSON() : [],
  }));
}"""


_SHUTDOWN = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  return w && w.sessionContext ? w.sessionContext.shutdown() : null;
}"""


def _glue_names(name: str) -> list[str]:
    path = EXECUTED / "book" / f"{name}.glue.json"
    return sorted(json.loads(path.read_text(encoding="utf-8"))) if path.is_file() else []


def _probe(markdown: str) -> str:
    """Up to 12 words of ``markdown`` as JupyterLab renders them as text: the start of its longest
    stretch of prose without math, code, list markers or paragraph breaks."""
    text = re.sub(r"```.*?```|\$\$.*?\$\$|\$[^$]*\$|`[^`]*`", "\0", markdown, flags=re.S)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^\s*(?:[-*]|\d+\.)\s+", "\0", text, flags=re.M).replace("*", "")
    stretches = re.split(r"\0|\n\s*\n", text.replace("\\", ""))
    return " ".join(max(stretches, key=len).split()[:12])


def _sections(name: str, kind: str, heading: str) -> list[str]:
    """The probes of every section of an edition whose heading matches ``heading``."""
    nb = json.loads((SITE.parent / "classroom" / kind / f"{name}.ipynb").read_text("utf-8"))
    probes = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            for part in re.split(rf"^#+ {heading}.*$", cell["source"], flags=re.M)[1:]:
                probes.append(_probe(re.split(r"^#+ ", part, flags=re.M)[0]))
    return probes


@pytest.fixture(scope="module")
def shots():
    folder = os.environ.get("HER2BOOK_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
    return Path(folder) if folder else None


@pytest.mark.parametrize("name", CHAPTERS)
def test_student_edition_runs_in_jupyterlab(lab, browser, shots, name):
    """Run All Cells in JupyterLab: no error, no raw MyST or solution, sliders move the figure."""
    url, token, folder = lab
    assert (folder / f"{name}.ipynb").is_file(), f"the student edition has no {name}.ipynb"
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    foreign: list[str] = []

    def route(r):
        if r.request.url.startswith((url, "data:", "blob:")):
            r.continue_()
        else:
            foreign.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(120_000)
    try:
        # A workspace of its own, reset: only this notebook is open.
        page.goto(f"{url}/lab/workspaces/{name}/tree/{name}.ipynb?token={token}&reset")
        page.wait_for_function(_READY, arg=f"{name}.ipynb", timeout=180_000)
        page.click("#jp-MainMenu >> text=Run")
        page.click("li[data-command='runmenu:run-all']")
        try:
            page.wait_for_function(_DONE, timeout=RUN_TIMEOUT_MS, polling=1000)
        except Exception as exc:  # a time-out: say where the run stood
            pending = [
                c["index"]
                for c in page.evaluate(_REPORT)
                if c["type"] == "code" and c["count"] is None
            ]
            pytest.fail(f"{name}: Run All did not finish ({exc.__class__.__name__}); kernel "
                        f"{page.evaluate(_KERNEL)}, cells not run: {pending}")  # fmt: skip
        cells = page.evaluate(_REPORT)
        if shots:
            page.screenshot(path=str(shots / f"{name}-after-run.png"))

        problems = []
        for cell in cells:
            for out in cell["outputs"]:
                if out["output_type"] == "error":
                    problems.append(f"cell {cell['index']}: {out['ename']}: {out['evalue']}")
                elif out["output_type"] == "stream" and out["name"] == "stderr":
                    problems.append(f"cell {cell['index']} writes to stderr: {out['text'][:300]}")
        notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook")
        notebook_text = notebook.inner_text()
        if "Error displaying widget" in notebook_text:
            problems.append("a widget shows 'Error displaying widget'")
        not_run = [c["index"] for c in cells if c["type"] == "code" and c["count"] is None]
        if not_run:
            problems.append(f"cells not run (Run All stopped): {not_run}")
        assert not problems, f"{name}: " + "\n".join(problems)

        prose = "\n".join(
            notebook.locator(".jp-MarkdownCell .jp-RenderedMarkdown").all_inner_texts()
        )
        raw = re.findall(r"\{[a-z]+(?::[a-z]+)?\}|^\s*:::|^\s*```", prose, flags=re.M)
        raw += [
            g for g in _glue_names(name) if re.search(rf"(?<![\w-]){re.escape(g)}(?![\w-])", prose)
        ]
        assert not raw, f"{name}: raw MyST in the rendered prose: {sorted(set(raw))}"

        # Solutions: neither their headings nor their text. The exercises' own text, probed the
        # same way, must be found: that shows the probes would see a solution if it were there.
        shown = " ".join(prose.split())
        assert "Solution to Exercise" not in prose
        exercises = _sections(name, "student", r"Exercise \d+\.\d+")
        solutions = _sections(name, "instructor", r"Solution to Exercise")
        assert len(exercises) == len(solutions), (name, len(exercises), len(solutions))
        missing = [p for p in exercises if p not in shown]
        assert not missing, f"{name}: exercise text not found as rendered: {missing}"
        leaked = [p for p in solutions if p in shown]
        assert not leaked, f"{name}: solution text in the student edition: {leaked}"

        explorables = [c["index"] for c in cells if "explorable" in c["tags"]]
        for n, index in enumerate(explorables):
            output = notebook.locator(".jp-Cell").nth(index).locator(".jp-OutputArea")
            slider = output.locator("[role=slider]").first
            slider.wait_for(state="visible", timeout=120_000)
            output.scroll_into_view_if_needed()
            before = output.screenshot()
            if shots and n == 0:
                (shots / f"{name}-explorable.png").write_bytes(before)
            at_max = slider.get_attribute("aria-valuenow") == slider.get_attribute("aria-valuemax")
            slider.focus()
            page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
            deadline = time.monotonic() + 15
            while output.screenshot() == before:
                assert time.monotonic() < deadline, (
                    f"{name}: pressing a key on the slider of explorable {n + 1} (cell {index}) "
                    "did not change the figure"
                )
                page.wait_for_timeout(200)
        assert not foreign, f"{name}: requests to other hosts: {sorted(set(foreign))[:5]}"
    finally:
        # Stop this chapter's kernel (its frames hold memory) before the next chapter starts.
        page.evaluate(_SHUTDOWN)
        context.close()


def test_editions_list_every_chapter():
    """Both editions hold one notebook per chapter of _toc.yml, and nothing else."""
    for folder in (STUDENT, INSTRUCTOR):
        assert sorted(p.stem for p in folder.glob("*.ipynb")) == sorted(CHAPTERS), folder
