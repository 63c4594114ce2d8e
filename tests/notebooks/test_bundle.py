"""The course bundle that `make book` puts on the site installs and runs outside the repository.

The bundle (``$HER2BOOK_SITE/_downloads/classroom/her2book-classroom.zip``) is unpacked into a
temporary folder, a fresh virtual environment is made there from this Python, and the bundle's
README commands are run in it: ``pip install --require-hashes -r requirements.lock``, then
``pip install --no-deps`` of the bundled wheel. One change keeps it fast and offline: pip gets
``--no-index --find-links`` to a wheelhouse of the locked packages, built once per lock file by
``pip wheel --require-hashes -r requirements.lock`` (from pip's cache or the package index) and
kept in ``$HER2BOOK_WHEELHOUSE`` (default ``~/.cache/her2book/wheelhouse/<hash of the lock>``).
The hashes are checked all the same, so the environment is exactly the lock. Then every student
notebook runs top to bottom in that environment, with the working directory outside the
repository and no path leading back to it (``her2book`` is checked to be the installed wheel).
Nothing here times anything; the test prints how long the install and the runs took.

The other tests here check what `make book` wrote beside the site: both editions, free of MyST,
and the site's links to the bundle.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from her2book import editions
from tests.book import ROOT, SITE, chapters

BUNDLE = SITE / editions.BUNDLE
CLASSROOM = SITE.parent / "classroom"
EXECUTED = SITE.parent / "jupyter_execute"
NAMES = [Path(c.doc).name for c in chapters()]

# Runs in the fresh environment: every notebook given, top to bottom; prints one JSON line.
RUNNER = """
import json, sys, nbformat
from nbclient import NotebookClient
report = {}
for path in sys.argv[1:]:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=900, kernel_name="python3",
                   resources={"metadata": {"path": str(__import__("pathlib").Path(path).parent)}}
                   ).execute()
    report[path] = [
        o.get("text", "") if o["output_type"] == "stream" else f"{o['ename']}: {o['evalue']}"
        for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
        if o["output_type"] == "error" or (o["output_type"] == "stream" and o["name"] == "stderr")
    ]
print(json.dumps(report))
"""
WHERE = """
import json, sys, her2book, matplotlib
print(json.dumps({"python": sys.executable, "her2book": her2book.__file__,
                  "backend": matplotlib.get_backend()}))
"""


def _require_bundle() -> None:
    if not BUNDLE.is_file():
        pytest.fail(
            f"no course bundle at {BUNDLE}: run `make book` (it writes the editions and the "
            "bundle), or `make book OUT=DIR` and set HER2BOOK_SITE=DIR/_build/html",
            pytrace=False,
        )


def _clean_env(venv: Path, home: Path) -> dict[str, str]:
    """The environment of a student's shell with the venv first on PATH: nothing points back to
    the repository or to this test's environment."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTHONPATH", "VIRTUAL_ENV", "MPLBACKEND", "JUPYTER_PATH", "PYTHONHOME"}
        and not k.startswith(("PYTEST", "HER2BOOK"))
    }
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["JUPYTER_DATA_DIR"] = str(home / "jupyter-data")
    env["JUPYTER_CONFIG_DIR"] = str(home / "jupyter-config")
    env["JUPYTER_RUNTIME_DIR"] = str(home / "jupyter-runtime")
    env["MPLCONFIGDIR"] = str(home / "matplotlib")
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _wheelhouse(lock: Path) -> Path:
    """Wheels of every package in ``lock``, built once per lock and kept (module docstring)."""
    key = hashlib.sha256(lock.read_bytes()).hexdigest()[:16]
    base = os.environ.get("HER2BOOK_WHEELHOUSE")
    folder = (Path(base) if base else Path.home() / ".cache" / "her2book" / "wheelhouse") / key
    done = folder / ".complete"
    if not done.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--quiet", "--require-hashes",
             "-r", str(lock), "--wheel-dir", str(folder)],
            check=True,
        )  # fmt: skip
        done.write_text("pip wheel --require-hashes -r requirements.lock\n", encoding="utf-8")
    return folder


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, (
        f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout[-3000:]}\n"
        f"{result.stderr[-3000:]}"
    )
    return result


def test_bundle_installs_in_a_fresh_venv_and_runs_every_student_notebook(tmp_path):
    """The README's install in a new venv outside the repository; every student notebook runs."""
    _require_bundle()
    with zipfile.ZipFile(BUNDLE) as z:
        z.extractall(tmp_path)
    bundle = tmp_path / editions.BUNDLE_FOLDER
    assert ROOT not in bundle.resolve().parents
    (wheel,) = bundle.glob("her2book-*.whl")
    readme = (bundle / "README.md").read_text(encoding="utf-8")
    for command in ("pip install --require-hashes -r requirements.lock",
                    f"pip install --no-deps {wheel.name}", "jupyter lab student"):  # fmt: skip
        assert command in readme, f"the bundle's README no longer says {command!r}"
    wheels = _wheelhouse(bundle / "requirements.lock")

    venv = tmp_path / "venv"
    env = _clean_env(venv, tmp_path)
    started = time.monotonic()
    _run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-index",
           "--find-links", str(wheels)]  # fmt: skip
    _run([*pip, "--require-hashes", "-r", "requirements.lock"], cwd=bundle, env=env)
    _run([*pip, "--no-deps", wheel.name], cwd=bundle, env=env)
    installed = time.monotonic() - started

    where = json.loads(
        _run([str(venv / "bin" / "python"), "-c", WHERE], cwd=bundle, env=env).stdout
    )
    assert Path(where["her2book"]).is_relative_to(venv), where
    assert not Path(where["her2book"]).is_relative_to(ROOT), where

    notebooks = sorted((bundle / "student").glob("*.ipynb"))
    assert [p.stem for p in notebooks] == sorted(NAMES)
    started = time.monotonic()
    result = _run(
        [str(venv / "bin" / "python"), "-c", RUNNER, *map(str, notebooks)],
        cwd=bundle / "student",
        env=env,
    )
    ran = time.monotonic() - started
    report = json.loads(result.stdout.strip().splitlines()[-1])
    problems = {Path(k).name: v for k, v in report.items() if v}
    assert not problems, f"student notebooks with errors or stderr output: {problems}"
    print(f"\nbundle {BUNDLE.stat().st_size / 1024:.0f} KiB: install {installed:.0f} s, "
          f"{len(notebooks)} student notebooks run in {ran:.0f} s")  # fmt: skip


def test_bundle_holds_both_editions_the_wheel_the_lock_and_a_readme():
    """The zip is exactly the editions on disk, the package wheel, requirements.lock, README."""
    _require_bundle()
    with zipfile.ZipFile(BUNDLE) as z:
        names = {n.removeprefix(editions.BUNDLE_FOLDER + "/"): z.read(n) for n in z.namelist()}
    assert names["requirements.lock"] == (ROOT / "requirements.lock").read_bytes()
    assert "README.md" in names
    wheels = [n for n in names if re.fullmatch(r"her2book-[\w.]+-py3-none-any\.whl", n)]
    assert len(wheels) == 1, sorted(names)
    for kind in editions.EDITIONS:
        on_disk = {f"{kind}/{p.name}": p.read_bytes() for p in (CLASSROOM / kind).glob("*.ipynb")}
        assert sorted(p.removesuffix(".ipynb").split("/")[1] for p in on_disk) == sorted(NAMES)
        assert {n: names.get(n) for n in on_disk} == on_disk, (
            f"the bundle's {kind} edition is stale"
        )


@pytest.mark.parametrize("kind", editions.EDITIONS)
@pytest.mark.parametrize("name", NAMES)
def test_built_editions_have_no_myst_left(kind, name):
    """No role, directive or colon fence, target or glue name survives in a built edition; no
    outputs, no widget state; the student edition has no solution and no hidden check cell."""
    path = CLASSROOM / kind / f"{name}.ipynb"
    if not path.is_file():
        pytest.fail(f"no {path}: run `make book`", pytrace=False)
    nb = json.loads(path.read_text(encoding="utf-8"))
    glue_file = EXECUTED / "book" / f"{name}.glue.json"
    glue = json.loads(glue_file.read_text(encoding="utf-8")) if glue_file.is_file() else {}
    found = {
        c["id"]: leftover
        for c in nb["cells"]
        if c["cell_type"] == "markdown" and (leftover := editions.leftovers(c["source"], glue))
    }
    assert not found, f"{kind}/{name}: MyST left in cells {found}"
    assert "widgets" not in nb["metadata"]
    assert all(c.get("outputs", []) == [] for c in nb["cells"] if c["cell_type"] == "code")
    text = "\n".join(c["source"] for c in nb["cells"] if c["cell_type"] == "markdown")
    tags = set().union(*(c["metadata"].get("tags", []) for c in nb["cells"]))
    source = json.loads((EXECUTED / "book" / f"{name}.ipynb").read_text(encoding="utf-8"))
    myst = "\n".join("".join(c["source"]) for c in source["cells"] if c["cell_type"] == "markdown")
    source_tags = set().union(*(c["metadata"].get("tags", []) for c in source["cells"]))
    has_solutions = re.search(r"^\s*(`{3,}|:{3,})\{solution\}", myst, flags=re.M) is not None
    if kind == "student":
        assert "Solution to Exercise" not in text and "remove-cell" not in tags
    else:
        assert ("Solution to Exercise" in text) == has_solutions
        assert ("remove-cell" in tags) == ("remove-cell" in source_tags)


def _links_to_bundle(page: Path) -> list[Path]:
    html = page.read_text(encoding="utf-8")
    url = page.relative_to(SITE).as_posix()
    hrefs = re.findall(r'href="([^"]*her2book-classroom\.zip)"', html)
    return [SITE / urlsplit(urljoin(url, href)).path for href in hrefs]


@pytest.mark.parametrize(
    "doc", [*(c.doc for c in chapters()), "book/instructor_guide"], ids=lambda d: d.split("/")[-1]
)
def test_site_links_to_the_bundle(doc):
    """Every chapter (download menu) and the instructor guide link the bundle, and it is there."""
    _require_bundle()
    targets = _links_to_bundle(SITE / f"{doc}.html")
    assert targets, f"{doc}.html has no link to the course bundle"
    assert all(t.resolve() == BUNDLE.resolve() for t in targets), targets
