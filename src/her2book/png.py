"""PNG encoding for the book's figures: small, byte-reproducible files.

Explorable frames are shipped as *overlays*: the pixels where a frame differs from one shared
background, transparent elsewhere. Drawn over the background they give the frame back exactly, and
they compress to a fraction of a full frame because most of a figure does not change between
settings.
"""

from __future__ import annotations

import base64
import io

import numpy as np
from PIL import Image

__all__ = ["data_uri", "encode", "overlay"]


def encode(pixels: np.ndarray, colors: int | None = 256) -> bytes:
    """RGB or RGBA pixels (height × width × 3 or 4, uint8) as PNG bytes.

    No timestamp or software tag is written, so equal pixels give equal bytes. ``colors``
    quantises to a palette of at most that many colours (smaller files, the same look for line art;
    fully transparent pixels stay transparent); ``None`` keeps full colour.
    """
    if pixels.ndim != 3 or pixels.shape[-1] not in (3, 4) or pixels.dtype != np.uint8:
        raise ValueError(f"pixels must be H × W × 3 or 4 uint8, got {pixels.shape} {pixels.dtype}")
    image = Image.fromarray(pixels, "RGBA" if pixels.shape[-1] == 4 else "RGB")
    if colors is not None:
        image = image.quantize(colors=colors, method=Image.Quantize.FASTOCTREE, dither=0)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()


def overlay(frame: np.ndarray, base: np.ndarray) -> np.ndarray:
    """RGBA pixels of ``frame`` where it differs from ``base``, fully transparent elsewhere.

    Both are opaque RGBA images of the same size; a changed pixel keeps alpha 255.
    """
    if frame.shape != base.shape or frame.shape[-1] != 4:
        raise ValueError(f"frame {frame.shape} and base {base.shape} must be equal RGBA images")
    f32 = np.ascontiguousarray(frame).view(np.uint32)[..., 0]  # one 32-bit word per pixel
    b32 = np.ascontiguousarray(base).view(np.uint32)[..., 0]
    return np.where(f32 != b32, f32, 0).astype(np.uint32)[..., None].view(np.uint8)


def data_uri(png: bytes) -> str:
    """A ``data:image/png;base64,…`` URI for PNG bytes."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
