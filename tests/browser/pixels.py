"""What a reader sees, measured in screenshot pixels (not in CSS classes or computed styles).

- :func:`shot`: an element (or a page region) as an RGB array, as Chromium painted it.
- :func:`ink_contrast`: the WCAG contrast between the region's background (its most common
  colour) and its strongest ink (the pixel farthest from it in luminance). Anti-aliasing only
  ever lightens glyph edges, so the strongest pixel is the text's own colour.
- :func:`ink_share`: how much of a region differs visibly from its background.
- :func:`difference`: the share of pixels two same-sized screenshots disagree on;
  :func:`reduced` and :func:`mean_difference` compare two paintings of one picture.
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np
from PIL import Image


def _png(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"), dtype=np.uint8)


def shot(target: Any, clip: dict | None = None) -> np.ndarray:
    """A locator's screenshot (or, with ``clip``, a page's region in CSS px) as an array."""
    if clip is not None:
        return _png(target.screenshot(clip=clip, animations="disabled"))
    return _png(target.screenshot(animations="disabled"))


_C = np.arange(256) / 255.0
_LINEAR = np.where(_C <= 0.04045, _C / 12.92, ((_C + 0.055) / 1.055) ** 2.4)


def luminance(rgb: np.ndarray) -> np.ndarray:
    """WCAG relative luminance of sRGB colours (last axis: R, G, B in 0–255)."""
    return _LINEAR[np.asarray(rgb, dtype=np.uint8)] @ np.array([0.2126, 0.7152, 0.0722])


def contrast(l1: np.ndarray | float, l2: np.ndarray | float) -> np.ndarray | float:
    """WCAG contrast ratio of two luminances (1–21)."""
    hi, lo = np.maximum(l1, l2), np.minimum(l1, l2)
    return (hi + 0.05) / (lo + 0.05)


def background(img: np.ndarray) -> np.ndarray:
    """The most common colour of an image."""
    flat = img.reshape(-1, 3).astype(np.int64)
    packed = (flat[:, 0] << 16) | (flat[:, 1] << 8) | flat[:, 2]
    values, counts = np.unique(packed, return_counts=True)
    top = int(values[counts.argmax()])
    return np.array([top >> 16, (top >> 8) & 255, top & 255], dtype=np.uint8)


def ink_contrast(img: np.ndarray) -> float:
    """Contrast between the image's background and its strongest ink."""
    bg = luminance(background(img))
    return float(contrast(luminance(img.reshape(-1, 3)), bg).max())


def ink_share(img: np.ndarray, threshold: float = 1.5) -> float:
    """Share of pixels whose contrast with the background is at least ``threshold``."""
    bg = luminance(background(img))
    return float((contrast(luminance(img.reshape(-1, 3)), bg) >= threshold).mean())


def reduced(img: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """The image scaled (box filter) to ``size`` (width, height): two paintings of one picture at
    different sub-pixel offsets or a pixel apart in height come out the same."""
    return np.asarray(Image.fromarray(img).resize(size, Image.Resampling.BOX), dtype=np.uint8)


def mean_difference(a: np.ndarray, b: np.ndarray) -> float:
    """Mean absolute colour difference (0–255) of two images of one shape."""
    return float(np.abs(a.astype(int) - b.astype(int)).mean())


def difference(a: np.ndarray, b: np.ndarray, tolerance: int = 24, shift: int = 0) -> float:
    """Share of pixels whose colour differs by more than ``tolerance`` (0–255, any channel).

    shift : also try ``b`` moved by up to this many pixels in each direction and take the best
    match (the same picture placed at another sub-pixel offset lands one pixel off).
    """
    if a.shape != b.shape:
        return 1.0
    best = 1.0
    a, b = a.astype(int), b.astype(int)
    h, w = a.shape[:2]
    for dy in range(-shift, shift + 1):
        for dx in range(-shift, shift + 1):
            pa = a[max(0, dy) : h + min(0, dy), max(0, dx) : w + min(0, dx)]
            pb = b[max(0, -dy) : h + min(0, -dy), max(0, -dx) : w + min(0, -dx)]
            best = min(best, float((np.abs(pa - pb).max(axis=-1) > tolerance).mean()))
    return best
