"""When a person can see a piece of text: the colour rule shared by the PDF and DOCX readers.

A glyph is visible when its colour can be told from what lies behind it. "Told from" is measured
as the CIE76 colour difference (ΔE*ab, Euclidean distance in CIELAB under D65) between the two
sRGB colours. ΔE ≈ 2.3 is the smallest difference a trained eye notices side by side; thin text
needs more. Text whose ΔE from its background is below ``HIDDEN_DELTA_E`` is hidden. Luminance
contrast alone (e.g. the WCAG ratio) would call red text on a green field of the same lightness
invisible, which a reader would not; ΔE counts hue as well as lightness.

``HIDDEN_DELTA_E`` was chosen on public resumes (see docs/hidden-text.md): on the suspect glyphs
of the Awesome-CV, AltaCV, Deedy and Resume-Matcher samples and of 100 livecareer resumes, visible
ones change the rendered page by ΔE 16 or more and hidden ones by 0; near-white on white (#FAFAFA,
ΔE 2) must stay hidden. ``SUSPECT_DELTA_E`` is a generous bound for the cheap vector test that
decides whether a page needs rendering at all.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

HIDDEN_DELTA_E = 8.0
SUSPECT_DELTA_E = 30.0
MIN_FONT_SIZE = 4.0
WHITE = (1.0, 1.0, 1.0)

RGB = tuple[float, float, float]
FloatArray = npt.NDArray[np.float64]

_SRGB_TO_XYZ = np.array(
    [
        [0.4124564, 0.3575761, 0.1804375],
        [0.2126729, 0.7151522, 0.0721750],
        [0.0193339, 0.1191920, 0.9503041],
    ]
)
_D65 = np.array([0.95047, 1.0, 1.08883])


def pdf_color_to_rgb(color: Any) -> RGB | None:
    """sRGB in [0, 1] of a pdfminer colour (gray, RGB or CMYK), or None for a pattern."""
    if not isinstance(color, (tuple, list)) or not color:
        return None
    try:
        values = [min(1.0, max(0.0, float(v))) for v in color]
    except (TypeError, ValueError):
        return None
    if len(values) == 1:
        return (values[0], values[0], values[0])
    if len(values) == 3:
        return (values[0], values[1], values[2])
    if len(values) == 4:
        c, m, y, k = values
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return None


def hex_to_rgb(value: str) -> RGB | None:
    """sRGB in [0, 1] of ``RRGGBB`` (as Word writes it), or None if it is not a colour."""
    if len(value) != 6:
        return None
    try:
        number = int(value, 16)
    except ValueError:
        return None
    return ((number >> 16) / 255, ((number >> 8) & 0xFF) / 255, (number & 0xFF) / 255)


def to_lab(rgb: FloatArray) -> FloatArray:
    """CIELAB (D65) of sRGB values in [0, 1]; the last axis holds R, G, B."""
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    xyz = linear @ _SRGB_TO_XYZ.T / _D65
    f = np.where(xyz > 216 / 24389, np.cbrt(xyz), (24389 / 27 * xyz + 16) / 116)
    lab = np.empty_like(f)
    lab[..., 0] = 116 * f[..., 1] - 16
    lab[..., 1] = 500 * (f[..., 0] - f[..., 1])
    lab[..., 2] = 200 * (f[..., 1] - f[..., 2])
    return lab


def delta_e(a: RGB, b: RGB) -> float:
    """CIE76 colour difference between two sRGB colours."""
    lab = to_lab(np.array([a, b], dtype=np.float64))
    return float(math.dist(lab[0], lab[1]))


def mix(a: RGB, b: RGB, share_of_b: float) -> RGB:
    """``a`` with ``share_of_b`` of ``b`` blended in (Word's percentage shading)."""
    s = min(1.0, max(0.0, share_of_b))
    return (a[0] + (b[0] - a[0]) * s, a[1] + (b[1] - a[1]) * s, a[2] + (b[2] - a[2]) * s)


def hidden_by_colour(inks: Sequence[RGB], background: RGB) -> bool:
    """True when no ink of the text can be told from the background."""
    return all(delta_e(ink, background) < HIDDEN_DELTA_E for ink in inks)
