"""The docs cannot drift: every setting is in docs/settings.md, every command and option in docs/cli.md."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
import typer

from proxywatch.cli import app
from proxywatch.settings import ENV_PREFIX, HELP, Settings

ROOT = Path(__file__).resolve().parents[1]
SETTINGS_MD = ROOT / "docs" / "settings.md"
CLI_MD = ROOT / "docs" / "cli.md"
README = ROOT / "README.md"


# --- settings ----------------------------------------------------------------------------------------


def _settings_table() -> dict[str, list[str]]:
    """Rows of the table whose header starts with ``| name |``, by setting name."""
    rows: dict[str, list[str]] = {}
    in_table = False
    for line in SETTINGS_MD.read_text(encoding="utf-8").splitlines():
        if line.startswith("| name |"):
            in_table = True
            continue
        if in_table and line.startswith("|---"):
            continue
        if in_table and line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            name = cells[0].strip("`")
            assert name not in rows, f"docs/settings.md lists {name!r} twice"
            rows[name] = cells
        elif in_table:
            break
    return rows


SETTING_FIELDS = [f.name for f in fields(Settings)]


def test_every_setting_has_help() -> None:
    assert sorted(HELP) == sorted(SETTING_FIELDS)


def test_the_settings_page_lists_exactly_the_settings() -> None:
    documented = _settings_table()
    assert sorted(documented) == sorted(SETTING_FIELDS), (
        f"undocumented: {sorted(set(SETTING_FIELDS) - set(documented))}; "
        f"documented but gone: {sorted(set(documented) - set(SETTING_FIELDS))}"
    )


@pytest.mark.parametrize("name", SETTING_FIELDS)
def test_each_setting_row_matches_the_code(name: str) -> None:
    row = _settings_table().get(name)
    assert row is not None, f"add a row for {name!r} to docs/settings.md"
    assert len(row) == 5, row
    _, kind, default, env, help_text = row
    field = next(f for f in fields(Settings) if f.name == name)
    assert kind == type(field.default).__name__
    # defaults are written as TOML values, so each row is also a valid config-file line
    parsed: Any = tomllib.loads(f"value = {default.strip('`')}")["value"]
    assert type(parsed) is type(field.default) and parsed == field.default, (default, field.default)
    assert env == f"`{ENV_PREFIX}{name.upper()}`"
    assert HELP[name] in help_text.replace("\\|", "|")


# --- commands ----------------------------------------------------------------------------------------


def _commands() -> Iterator[tuple[str, Any]]:
    """``("export incidents", command)`` for every leaf command of the typer app."""

    def walk(command: Any, path: list[str]) -> Iterator[tuple[str, Any]]:
        subcommands = getattr(command, "commands", None)
        if subcommands is None:
            yield " ".join(path), command
            return
        for name, sub in sorted(subcommands.items()):
            if not getattr(sub, "hidden", False):
                yield from walk(sub, [*path, name])

    yield from walk(typer.main.get_command(app), [])


COMMANDS = dict(_commands())


def _section(path: str) -> str:
    """The part of docs/cli.md under the heading ``## `proxywatch <path>```, up to the next ``## ``."""
    text = CLI_MD.read_text(encoding="utf-8")
    match = re.search(rf"^## `proxywatch {re.escape(path)}`\s*$(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    assert match, f"docs/cli.md has no section '## `proxywatch {path}`'"
    return match.group(1)


def test_the_app_has_the_foundation_commands() -> None:
    # guards the walk itself: were it to find nothing, every test below would pass vacuously
    expected = {
        "run",
        "status",
        "export incidents",
        "incidents list",
        "incidents show",
        "brief",
        "demo",
        "eval",
    }
    assert expected <= set(COMMANDS)


@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_each_command_and_its_options_are_in_the_cli_page(path: str) -> None:
    section = _section(path)
    for param in COMMANDS[path].params:
        if getattr(param, "hidden", False):
            continue
        if param.param_type_name == "argument":
            assert f"`{param.name.upper()}`" in section, (
                f"docs/cli.md, {path}: document argument {param.name}"
            )
            continue
        for opt in [*param.opts, *param.secondary_opts]:
            assert f"`{opt}`" in section, f"docs/cli.md, {path}: document option {opt}"
    example = re.search(r"```bash\n(.*?)```", section, flags=re.S)
    assert example and example.group(1).lstrip().startswith(f"proxywatch {path}"), (
        f"docs/cli.md, {path}: give an example starting with 'proxywatch {path}'"
    )


def test_the_cli_page_documents_no_command_that_is_gone() -> None:
    headings = re.findall(r"^## `proxywatch (.+?)`\s*$", CLI_MD.read_text(encoding="utf-8"), flags=re.M)
    assert sorted(headings) == sorted(COMMANDS)


# The README names commands in its quick start. Known gaps, for the README's owner to close (a strict
# xfail: once the README names one, its test fails until it leaves this set).
README_GAPS: set[str] = set()


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(p, marks=pytest.mark.xfail(strict=True, reason="README.md does not name it yet"))
        if p in README_GAPS
        else p
        for p in sorted(COMMANDS)
    ],
)
def test_each_command_is_named_in_the_readme(path: str) -> None:
    assert f"proxywatch {path}" in README.read_text(encoding="utf-8")
