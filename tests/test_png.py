"""PNG encoding: reproducible bytes, overlays that rebuild the frame, clear errors."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from her2book import png


def test_overlay_over_its_base_gives_the_frame_back():
    """Pixels that differ keep their colour; the rest become transparent."""
    rng = np.random.default_rng(0)
    base = np.full((4, 5, 4), 255, np.uint8)
    frame = base.copy()
    frame[1:3, 2:4, :3] = rng.integers(0, 255, (2, 2, 3), dtype=np.uint8)
    over = png.overlay(frame, base)
    assert (over[..., 3] == 0).sum() == 16 and (over[1:3, 2:4, 3] == 255).all()
    composed = Image.alpha_composite(Image.fromarray(base), Image.fromarray(over))
    assert np.array_equal(np.asarray(composed), frame)


def test_encode_is_lossless_without_a_palette_and_stable():
    """Full-colour encoding keeps every pixel; equal pixels give equal bytes."""
    pixels = np.arange(2 * 3 * 3, dtype=np.uint8).reshape(2, 3, 3)
    data = png.encode(pixels, colors=None)
    assert data == png.encode(pixels, colors=None) and b"tIME" not in data
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(data))), pixels)
    assert png.data_uri(data).startswith("data:image/png;base64,iVBOR")


def test_bad_images_are_refused_with_their_shapes():
    """Wrong shapes or types raise ValueError that says what was given."""
    with pytest.raises(ValueError, match=r"H × W × 3 or 4 uint8, got \(2, 2\)"):
        png.encode(np.zeros((2, 2), np.uint8))
    with pytest.raises(ValueError, match="must be equal RGBA images"):
        png.overlay(np.zeros((2, 2, 4), np.uint8), np.zeros((2, 3, 4), np.uint8))
