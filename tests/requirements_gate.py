"""Skip a test whose external part is missing — unless OVERBLIK_REQUIRE_ALL=1 (CI), where that fails."""

from __future__ import annotations

import os

import pytest


def require(what: str, available: bool, how: str) -> None:
    if available:
        return
    message = f"{what} is not available: {how}"
    if os.environ.get("OVERBLIK_REQUIRE_ALL") == "1":
        pytest.fail(f"required in CI (OVERBLIK_REQUIRE_ALL=1): {message}", pytrace=False)
    pytest.skip(message)
