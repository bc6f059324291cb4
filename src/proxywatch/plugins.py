"""Extension points, declared once.

Each kind maps a name to ``"module:attribute"``; the module is imported only when the name is used, so
registering costs nothing. Built-in components register here like any third-party one would, via
:func:`register` or the ``proxywatch.plugins`` entry-point group.
"""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points
from typing import Any

from proxywatch.errors import ConfigError

KINDS = ("extractor", "source", "dataset", "gazetteer", "exporter")

_BUILTIN: dict[str, dict[str, str]] = {
    "extractor": {"rules": "proxywatch.extract.rules:RuleExtractor"},
    "source": {
        "jsonl": "proxywatch.ingest.files:read_jsonl",
        "csv": "proxywatch.ingest.files:read_csv",
        "html": "proxywatch.ingest.files:read_html_file",
        "txt": "proxywatch.ingest.files:read_text_file",
        "feed": "proxywatch.ingest.feeds:read_feed",
        "web": "proxywatch.ingest.web:read_page",
    },
    # Dataset importers yield Mentions as well as Articles: a kind of their own, not a "source".
    "dataset": {
        "gdelt": "proxywatch.ingest.gdelt:read_gdelt",
        "acled": "proxywatch.ingest.acled:read_acled",
        "ucdp": "proxywatch.ingest.ucdp:read_ucdp",
    },
    "gazetteer": {"builtin": "proxywatch.resolve.gazetteer:Gazetteer.builtin"},
    "exporter": {
        "csv": "proxywatch.report.export:write_csv",
        "json": "proxywatch.report.export:write_json",
        "parquet": "proxywatch.report.export:write_parquet",
        "geojson": "proxywatch.report.export:write_geojson",
    },
}


def _table() -> dict[str, dict[str, str]]:
    table = {kind: dict(names) for kind, names in _BUILTIN.items()}
    for ep in entry_points(group="proxywatch.plugins"):
        kind, _, name = ep.name.partition(".")
        if kind in table and name:
            table[kind][name] = ep.value
    return table


def names(kind: str) -> list[str]:
    if kind not in KINDS:
        raise ConfigError(f"unknown plugin kind {kind!r}; kinds are {', '.join(KINDS)}")
    return sorted(_table()[kind])


def load(kind: str, name: str) -> Any:
    """The object registered as ``name`` for ``kind`` (imported now)."""
    table = _table()
    if kind not in table:
        raise ConfigError(f"unknown plugin kind {kind!r}; kinds are {', '.join(KINDS)}")
    target = table[kind].get(name)
    if target is None:
        raise ConfigError(f"no {kind} named {name!r}; known: {', '.join(sorted(table[kind]))}")
    module_name, _, attr = target.partition(":")
    obj: Any = importlib.import_module(module_name)
    for part in attr.split("."):
        obj = getattr(obj, part)
    return obj
