"""Distance on the Earth, shared by every stage (a stage may not import a later one, so it lives here)."""

from __future__ import annotations

import math

from proxywatch.models import Place

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)


def distance_km(a: tuple[float, float] | Place, b: tuple[float, float] | Place) -> float:
    """Great-circle (haversine) distance in km between two ``(lat, lon)`` points or places."""
    lat1, lon1 = (a.lat, a.lon) if isinstance(a, Place) else a
    lat2, lon2 = (b.lat, b.lon) if isinstance(b, Place) else b
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
