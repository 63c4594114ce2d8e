"""The repository's rules: seeds verbatim, notebooks stripped, environment locked, data packaged."""

from __future__ import annotations

import hashlib
import importlib
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from her2book import claims
from tests.book import ROOT, chapters, source_of, toc_files, toc_notebooks

SEEDS = ROOT / "seeds"
MANIFEST = SEEDS / "SHA256SUMS"  # recorded from the team's copy, ../shared/seeds
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"
TEMPLATE = ROOT / "book" / "_template.ipynb"
MAX_CELL_LINES = 15


def git(*args: str) -> str:
    """Output of a git command run in the repository (fails loudly if git does)."""
    return subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout


def manifest() -> dict[str, str]:
    """``{file name: SHA-256}`` from seeds/SHA256SUMS (``sha256sum`` format)."""
    sums = {}
    for line in MANIFEST.read_text(encoding="ascii").splitlines():
        digest, name = line.split("  ", 1)
        sums[name] = digest
    return sums


def committed_notebooks() -> dict[str, dict]:
    """Every notebook as committed at HEAD (not the working copy), by path."""
    paths = [p for p in git("ls-tree", "-r", "--name-only", "HEAD").splitlines()]
    return {p: json.loads(git("show", f"HEAD:{p}")) for p in paths if p.endswith(".ipynb")}


def requirement_name(spec: str) -> str:
    """The normalised project name of ``name==version`` (PEP 503)."""
    return re.sub(r"[-_.]+", "-", spec.split("==")[0]).lower()


def lock_entries() -> dict[str, tuple[str, list[str]]]:
    """``{name: (version, hashes)}`` for every package of requirements.lock."""
    entries = {}
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    for block in re.split(r"\n(?=\S)", text):
        head = block.split()[0] if block.strip() else "#"
        if head.startswith("#"):
            continue
        name, version = head.split("==")
        entries[requirement_name(name)] = (
            version,
            re.findall(r"--hash=sha256:([0-9a-f]{64})", block),
        )
    return entries


def test_seeds_match_their_committed_sha256_manifest():
    """The four seeds are byte-for-byte the files whose SHA-256 the manifest records."""
    sums = manifest()
    assert len(sums) == 4, "the manifest lists the four seeds"
    shipped = sorted(p.name for p in SEEDS.iterdir() if p != MANIFEST)
    assert shipped == sorted(sums), "seeds/ holds exactly the files of its manifest"
    for name, digest in sums.items():
        assert hashlib.sha256((SEEDS / name).read_bytes()).hexdigest() == digest, name


def test_seeds_match_the_teams_copy():
    """The seeds equal ../shared/seeds byte for byte (the team's copy, beside every checkout)."""
    if not SHARED_SEEDS.is_dir():
        pytest.skip(f"{SHARED_SEEDS} is absent: only the SHA-256 manifest was checked")
    assert sorted(p.name for p in SHARED_SEEDS.iterdir()) == sorted(manifest())
    for name in manifest():
        assert (SEEDS / name).read_bytes() == (SHARED_SEEDS / name).read_bytes(), name


def test_git_never_rewrites_the_seeds():
    """No line-ending or whitespace filter may touch the seeds in git."""
    attrs = git("check-attr", "text", "--", *[f"seeds/{n}" for n in manifest()])
    assert attrs.count("text: unset") == len(manifest()), attrs


def test_every_toc_entry_has_exactly_one_source():
    """Each TOC entry is one notebook or one Markdown page, never both."""
    for doc in toc_files():
        found = [ext for ext in (".ipynb", ".md") if (ROOT / f"{doc}{ext}").exists()]
        assert len(found) == 1, f"{doc}: sources {found}"


def test_chapter_files_are_numbered_as_in_the_toc():
    """Chapter N of _toc.yml is ``book/NN_slug.ipynb``, so file names, claims and TOC agree."""
    book = chapters()
    assert [c.number for c in book] == list(range(1, len(book) + 1)) and book
    for c in book:
        assert Path(c.doc).name.startswith(f"{c.number:02d}_"), f"Chapter {c.number}: {c.doc}"
        assert source_of(c.doc).suffix == ".ipynb"


def test_committed_notebooks_carry_no_outputs_or_widget_state():
    """Every notebook committed at HEAD has no outputs, execution counts or widget state."""
    notebooks = committed_notebooks()
    assert any(p.startswith("book/0") for p in notebooks), "no chapter notebooks committed?"
    for path, nb in notebooks.items():
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        outputs = sum(len(c.get("outputs", [])) for c in code)
        assert outputs == 0, f"{path} carries {outputs} outputs: strip them"
        assert all(c.get("execution_count") is None for c in code), f"{path}: execution counts"
        assert "widgets" not in nb.get("metadata", {}), f"{path} carries widget state"


def test_notebooks_do_not_edit_sys_path():
    """No committed notebook edits sys.path: they import the installed package."""
    for path, nb in committed_notebooks().items():
        source = "\n".join("".join(c["source"]) for c in nb["cells"])
        assert "sys.path" not in source, f"{path} edits sys.path: import her2book instead"


def test_direct_dependencies_are_pinned_exactly():
    """requirements.txt pins every direct dependency with ``==``, nothing else."""
    lines = [
        line.split("#")[0].strip() for line in (ROOT / "requirements.txt").read_text().splitlines()
    ]
    specs = [line for line in lines if line]
    assert specs
    for spec in specs:
        assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.]+", spec), f"not an exact pin: {spec}"


def test_lock_has_every_direct_pin_at_its_version():
    """requirements.lock agrees with requirements.txt (run ``make lock`` after editing a pin)."""
    locked = lock_entries()
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        spec = line.split("#")[0].strip()
        if spec:
            name, version = requirement_name(spec), spec.split("==")[1]
            assert name in locked, f"{name} is pinned but not locked: run make lock"
            assert locked[name][0] == version, f"{name}: pinned {version}, locked {locked[name][0]}"


def test_every_locked_package_has_an_exact_version_and_hashes():
    """Each lock entry is ``name==version`` with at least one SHA-256, so pip checks every file."""
    locked = lock_entries()
    assert len(locked) > 100, "the lock lists the transitive packages, not only the direct pins"
    for name, (version, hashes) in locked.items():
        assert re.fullmatch(r"[\w.+!]+", version), f"{name}: version {version!r}"
        assert hashes, f"{name} has no hash"
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    assert "-e " not in text and "file://" not in text, "the lock names no local path"


def test_the_wheel_carries_the_claims_registry(tmp_path):
    """A normal (non-editable) build of the package includes every claims file as package data."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    shutil.copytree(ROOT / "src", tmp_path / "src", ignore=shutil.ignore_patterns("*.egg-info"))
    build = "import setuptools.build_meta as b; print(b.build_wheel('dist'))"
    run = subprocess.run(
        [sys.executable, "-c", build], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr[-2000:]
    wheel = tmp_path / "dist" / run.stdout.strip().splitlines()[-1]
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"her2book/__init__.py", "her2book/claims.py"} <= names
    data = {f"her2book/data/claims/{f.name}" for f in claims.files()}
    assert data <= names, f"claims files missing from the wheel: {sorted(data - names)}"


def test_no_root_static_folder():
    """No ``_static/`` at the root: Jupyter Book would add its scripts to every page twice."""
    # Our static files live in book/_static.
    assert not (ROOT / "_static").exists()


def test_vendored_javascript_is_recorded_with_licences():
    """Each vendored JavaScript package ships its licence, its version is recorded, no maps."""
    vendor = ROOT / "book" / "_static" / "vendor"
    readme = (vendor / "README.md").read_text()
    for folder, version in (("mathjax", "3.2.2"),):
        assert (vendor / folder / "LICENSE").exists(), f"{folder} has no LICENSE"
        assert version in readme, f"{folder} version {version} not recorded"
    assert not list(vendor.rglob("*.map")), "source maps are not shipped"


def test_book_config_loads_nothing_from_other_hosts():
    """_config.yml names no other host, apart from the launch buttons' link targets."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    links = config.pop("launch_buttons")  # link targets for buttons, never loaded by a page
    assert set(links) >= {"binderhub_url", "colab_url"}
    assert "cdn" not in str(config).lower()
    assert "://" not in str(config), "the built site must not load anything from another host"


def test_binder_installs_the_lock():
    """Binder (binder/postBuild) installs requirements.lock with hashes, then the package."""
    post = (ROOT / "binder" / "postBuild").read_text()
    assert "--require-hashes -r requirements.lock" in post
    assert "--no-deps" in post and "-e ." in post
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.11"
    mode = git("ls-files", "-s", "binder/postBuild").split()[0]
    assert mode == "100755", "binder/postBuild must be executable"


def cells(path: Path) -> list[dict]:
    """The cells of a notebook in the working copy, each with its source as one string."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [dict(c, source="".join(c["source"])) for c in nb["cells"]]


@pytest.mark.parametrize("notebook", [*toc_notebooks(), TEMPLATE], ids=lambda p: p.stem)
def test_chapters_are_prose_and_short_calls(notebook):
    """Setup cell first (hide-input), no code cell over 15 lines, one-call explorable cells that
    show every builder of the chapter's figures module once."""
    code = [c for c in cells(notebook) if c["cell_type"] == "code"]
    setup = code[0]
    assert "hide-input" in setup["metadata"].get("tags", []), "the setup cell is hidden"
    long = [c["id"] for c in code if len(c["source"].strip().splitlines()) > MAX_CELL_LINES]
    assert not long, f"code cells longer than {MAX_CELL_LINES} lines: {long}"
    module = re.search(r"from her2book\.figures import (\w+) as fig", setup["source"])
    assert module, "the setup cell imports the chapter's figures module as fig"
    builders = importlib.import_module(f"her2book.figures.{module.group(1)}").EXPLORABLES
    shown = []
    for c in code:
        tags = c["metadata"].get("tags", [])
        call = re.fullmatch(r"fig\.(\w+)\(\)", c["source"].strip())
        if "explorable" in tags:
            assert "hide-input" in tags and call, f"cell {c['id']}: one hidden call fig.builder()"
        if call and call.group(1) in {b.__name__ for b in builders}:
            assert "explorable" in tags, f"cell {c['id']} shows an explorable: tag it explorable"
            shown.append(call.group(1))
    assert sorted(shown) == sorted(b.__name__ for b in builders)


def test_the_chapter_template_is_complete_and_outside_the_toc():
    """book/_template.ipynb has every part of a chapter and is built by no TOC entry."""
    assert "book/_template" not in toc_files()
    text = "\n".join(c["source"] for c in cells(TEMPLATE) if c["cell_type"] == "markdown")
    for part in (
        "**Learning objectives.**",
        "{list-table} Prerequisites (about",
        ":::{exercise}",
        "::::{solution}",
        "## Summary",
        "## What's next",
        "## References",
    ):
        assert part in text, f"the template has no {part!r}"
    assert re.search(r"Prerequisites \(about \d+ minutes", text), "state the chapter's time"
