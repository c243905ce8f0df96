"""Small statistics helpers: percentiles without numpy."""

from __future__ import annotations

import math
import statistics


def percentile(values: list[float], p: float) -> float:
    """The ``p``-th percentile (nearest rank, 0 < p <= 100) of ``values``."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def ms(seconds: float) -> str:
    value = seconds * 1000
    return f"{value:.2f} ms" if value < 10 else f"{value:.1f} ms"
