"""report stage: source-cited briefs, their checker, and incident exports.

Imports are light: matplotlib, pyarrow and scipy load only inside the functions that draw, write
Parquet or compute a rate ratio.
"""

from proxywatch.report.brief import Brief, Citation, build_brief, render_markdown, write_brief
from proxywatch.report.check import check_brief
from proxywatch.report.export import (
    ACLED_COLUMNS,
    COLUMNS,
    incident_rows,
    write_csv,
    write_geojson,
    write_json,
    write_parquet,
)

__all__ = [
    "ACLED_COLUMNS",
    "COLUMNS",
    "Brief",
    "Citation",
    "build_brief",
    "check_brief",
    "incident_rows",
    "render_markdown",
    "write_brief",
    "write_csv",
    "write_geojson",
    "write_json",
    "write_parquet",
]
