"""Latency summaries shared by the bench and the soak: one definition of p50/p95/p99."""

from __future__ import annotations

import numpy as np


def summary(ms: list[float], digits: int = 3) -> dict:
    """Count and p50/p95/p99 (linear interpolation) of latencies in milliseconds."""
    if not ms:
        return {"n": 0, "p50": None, "p95": None, "p99": None}
    values = np.asarray(ms, dtype=float)
    return {"n": len(ms), **{f"p{q}": round(float(np.percentile(values, q)), digits) for q in (50, 95, 99)}}
