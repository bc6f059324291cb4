"""Settings, declared once: name, type, default and help.

The CLI options, the ``PROXYWATCH_*`` environment variables, the optional TOML config file and
``docs/settings.md`` all read this one table (a test fails when the docs miss a setting).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from proxywatch.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Settings:
    db: str = "proxywatch.duckdb"
    extractor: str = "rules"
    gazetteer: str = "builtin"
    actor_registry: str = ""  # extra registry file that extends the built-in one
    scope_sides: str = "axis,opposing"  # registry sides of the watched conflict
    scope_other_wars: str = "PS"  # target countries of other wars, reported alongside the watched one
    cluster_window_days: int = 1
    cluster_radius_km: float = 60.0
    cluster_similarity: str = "ngram"  # none | ngram | minilm
    http_timeout_s: float = 20.0
    http_max_bytes: int = 5_000_000
    user_agent: str = "proxywatch/0.1 (+https://proxywatch.invalid)"
    batch_size: int = 200
    allow_private_urls: bool = False  # let feeds/pages resolve to private or loopback addresses


HELP: dict[str, str] = {
    "db": "Database: a DuckDB file path (default) or a database URL.",
    "extractor": "Name of the extractor to use (see `proxywatch plugins`).",
    "gazetteer": "Name of the gazetteer to use.",
    "actor_registry": "Path of a YAML actor registry that extends the built-in one.",
    "scope_other_wars": (
        "Target countries (ISO2, comma separated) of other wars reported alongside the watched one: "
        "attacks there are stored but never made incidents. Empty: none."
    ),
    "scope_sides": (
        "Registry sides of the watched conflict, comma separated (`axis`, `opposing`, `other`). An "
        "attack by an actor of another side on no watched actor is stored but never made an incident."
    ),
    "cluster_window_days": "Two reports can be one incident only if their event dates are this close.",
    "cluster_radius_km": "Two reports can be one incident only if their places are this close.",
    "cluster_similarity": (
        "Text similarity that helps merge reports of one attack: `ngram` (character n-grams, no model), "
        "`minilm` (sentence embeddings, extra `similarity`; falls back to `ngram` when absent) or `none`."
    ),
    "http_timeout_s": "Timeout for each feed or page request, in seconds.",
    "http_max_bytes": "Largest feed or page body accepted, in bytes.",
    "user_agent": "User-Agent header sent with feed and page requests.",
    "batch_size": "Articles per store transaction during extraction.",
    "allow_private_urls": (
        "Allow feed and page URLs that resolve to private, loopback or link-local addresses."
    ),
}

ENV_PREFIX = "PROXYWATCH_"


def _coerce(name: str, kind: type, raw: Any) -> Any:
    if kind is bool and isinstance(raw, str):
        lowered = raw.strip().lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off", ""):
            return False
        raise ConfigError(f"setting {name!r}: cannot read {raw!r} as a boolean")
    try:
        return kind(raw)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name!r}: cannot read {raw!r} as {kind.__name__}") from exc


def load_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    """Defaults, then the TOML config file, then ``PROXYWATCH_*`` variables, then explicit overrides."""
    kinds = {f.name: type(f.default) for f in fields(Settings)}
    values: dict[str, Any] = {}
    if config_file is not None:
        try:
            data = tomllib.loads(Path(config_file).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{config_file}: {exc}") from exc
        unknown = set(data) - set(kinds)
        if unknown:
            raise ConfigError(f"{config_file}: unknown settings {sorted(unknown)}")
        values.update(data)
    for name in kinds:
        env = os.environ.get(ENV_PREFIX + name.upper())
        if env is not None:
            values[name] = env
    values.update({k: v for k, v in overrides.items() if v is not None})
    unknown = set(values) - set(kinds)
    if unknown:
        raise ConfigError(f"unknown settings {sorted(unknown)}")
    return replace(Settings(), **{k: _coerce(k, kinds[k], v) for k, v in values.items()})
