"""Browser tests: Playwright driving the system's Chromium (Debian's ``chromium`` package)."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: drives a real Chromium (skipped when it or Playwright is missing)"
    )
