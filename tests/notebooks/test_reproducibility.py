"""Executing a chapter twice gives identical figures and numbers.

Chapter 1 is run twice, each time in a fresh kernel, exactly as the build runs it. Every
explorable frame (PNG bytes, alt text and readout), every glued number and every printed line must
be the same. This holds because randomness is seeded and PNGs carry no timestamps.
It executes notebooks, so it lives in tests/notebooks (not run by ``make test-fast``).
"""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from her2book import explorable_web
from tests.book import ROOT

CHAPTER = ROOT / "book" / "01_her2_trastuzumab.ipynb"


def run(path):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    return nb


def frames(nb) -> list[str]:
    """Every explorable frame the site shows (from the outputs' frame data): image, alt, readout."""
    found = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            data = o.get("data", {}).get(explorable_web.MIME)
            if data:
                found += [
                    f"{k} {f['png']} {f['alt']} {f['readout']}" for k, f in data["frames"].items()
                ]
    return found


def printed_and_glued(nb) -> list[str]:
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            if o.get("output_type") == "stream":
                out.append(o["text"])
            elif "scrapbook" in o.get("metadata", {}):
                name = o["metadata"]["scrapbook"]["name"]
                out.append(f"{name}={sorted(o['data'].items())}")
    return out


@pytest.fixture(scope="module")
def two_runs():
    return run(CHAPTER), run(CHAPTER)


def test_explorable_frames_are_identical(two_runs):
    """Every explorable frame of two fresh runs is the same, byte for byte."""
    first, second = (frames(nb) for nb in two_runs)
    assert len(first) >= 50, "expected the chapter's explorable frames"
    assert first == second


def test_numbers_and_printed_results_are_identical(two_runs):
    """Glued numbers and printed lines of two fresh runs are the same."""
    first, second = (printed_and_glued(nb) for nb in two_runs)
    assert any(line.startswith("ish_miss_20=") for line in first)
    assert first == second
