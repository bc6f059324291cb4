from pathlib import Path

import pytest

from proxywatch.errors import ConfigError
from proxywatch.settings import Settings, load_settings


def test_defaults_then_file_then_environment_then_overrides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "proxywatch.toml"
    config.write_text('db = "from-file.duckdb"\nbatch_size = 50\ncluster_window_days = 3\n', encoding="utf-8")
    monkeypatch.setenv("PROXYWATCH_BATCH_SIZE", "75")
    settings = load_settings(config, cluster_window_days=None, db="override.duckdb")
    assert settings.db == "override.duckdb"  # explicit beats all
    assert settings.batch_size == 75  # environment beats file
    assert settings.cluster_window_days == 3  # file beats default; a None override is no override
    assert settings.http_timeout_s == Settings().http_timeout_s


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("1", True), ("no", False), ("False", False)])
def test_booleans_from_the_environment(monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool) -> None:
    monkeypatch.setenv("PROXYWATCH_ALLOW_PRIVATE_URLS", raw)
    assert load_settings().allow_private_urls is expected


def test_bad_values_and_unknown_names_name_the_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROXYWATCH_BATCH_SIZE", "many")
    with pytest.raises(ConfigError, match="batch_size"):
        load_settings()
    monkeypatch.delenv("PROXYWATCH_BATCH_SIZE")
    config = tmp_path / "c.toml"
    config.write_text("no_such_setting = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="no_such_setting"):
        load_settings(config)
