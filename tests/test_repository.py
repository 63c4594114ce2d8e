"""The repository's own rules: seeds verbatim, notebooks stripped, pins exact, no trap folders."""

from __future__ import annotations

import json
import re
import subprocess

from tests.book import ROOT, source_of, toc_files, toc_notebooks

SHARED_SEEDS = ROOT.parent / "shared" / "seeds"
SEED_FILES = {  # the four sources as shipped; they must never change
    "000_85f29e90ae6966b3.txt",
    "001_bda596df1d0ad88b.txt",
    "002_3482246d7a2d3e32.txt",
    "003_ae630ff80e231206.txt",
}


def test_seeds_are_the_four_sources_byte_for_byte():
    shipped = sorted(p.name for p in (ROOT / "seeds").iterdir())
    assert shipped == sorted(SEED_FILES)
    if SHARED_SEEDS.is_dir():  # the team's copy, beside the checkout (present on CI)
        for name in shipped:
            assert (ROOT / "seeds" / name).read_bytes() == (SHARED_SEEDS / name).read_bytes(), name
    # git keeps them byte-exact too: no line-ending or whitespace filter may touch them
    attrs = subprocess.run(
        ["git", "check-attr", "text", "--", *[f"seeds/{n}" for n in shipped]],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout
    assert "text: set" not in attrs


def test_every_toc_entry_exists():
    for doc in toc_files():
        assert source_of(doc).exists()


def test_committed_notebooks_carry_no_outputs_or_widget_state():
    for nb_path in toc_notebooks():
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        outputs = sum(len(c.get("outputs", [])) for c in nb["cells"] if c["cell_type"] == "code")
        assert outputs == 0, f"{nb_path.name} carries {outputs} outputs: strip them"
        assert "widgets" not in nb.get("metadata", {}), f"{nb_path.name} carries widget state"


def test_notebooks_do_not_edit_sys_path():
    for nb_path in toc_notebooks():
        text = nb_path.read_text(encoding="utf-8")
        assert "sys.path" not in text, f"{nb_path.name} edits sys.path: import her2book instead"


def test_direct_dependencies_are_pinned_exactly():
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if not line or line == "-e .":
            continue
        assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.]+", line), f"not an exact pin: {line}"


def test_no_root_static_folder():
    # Jupyter Book adds every *.js under a root `_static/` to every page: the widget bundle would
    # load twice and every explorable would render twice. Our static files live in book/_static.
    assert not (ROOT / "_static").exists()


def test_vendored_javascript_is_recorded_with_licences():
    vendor = ROOT / "book" / "_static" / "vendor"
    readme = (vendor / "README.md").read_text()
    for folder, version in (
        ("requirejs", "2.3.8"),
        ("html-manager", "1.0.15"),
        ("mathjax", "3.2.2"),
    ):
        assert (vendor / folder / "LICENSE").exists(), f"{folder} has no LICENSE"
        assert version in readme, f"{folder} version {version} not recorded"
    assert not list(vendor.rglob("*.map")), "source maps are not shipped"


def test_book_config_loads_nothing_from_other_hosts():
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    links = config.pop("launch_buttons")  # link targets for buttons, never loaded by a page
    assert set(links) >= {"binderhub_url", "colab_url"}
    assert "cdn" not in str(config).lower()
    assert "://" not in str(config), "the built site must not load anything from another host"
