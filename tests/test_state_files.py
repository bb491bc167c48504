"""State files: a damaged, truncated or foreign file is never trusted."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from sitegen.state.files import read_data, read_state, write_data, write_state


@dataclass(frozen=True)
class _Value:
    name: str
    parts: tuple[int, ...]
    nested: dict[str, list[float]]


def test_data_round_trip_and_damage(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    value = _Value("two", (1, 2), {"x": [3.0]})
    write_data(path, "kind", 1, value)
    assert read_data(path, "kind", 1, _Value) == value
    assert read_data(path, "other", 1, _Value) is None
    assert read_data(path, "kind", 2, _Value) is None
    assert read_data(path, "kind", 1, dict[str, int]) is None  # another shape
    raw = path.read_bytes()
    path.write_bytes(raw[:-10])  # truncated
    assert read_data(path, "kind", 1, _Value) is None
    path.write_bytes(raw[:-1] + bytes([raw[-1] ^ 1]))  # one bit flipped
    assert read_data(path, "kind", 1, _Value) is None
    assert read_data(tmp_path / "missing", "kind", 1, _Value) is None


@pytest.mark.parametrize("payload", [b"", b"{}", b"\n\n line \n" * 100])
def test_state_round_trip_and_damage(tmp_path: Path, payload: bytes) -> None:
    path = tmp_path / "state.json"
    write_state(path, "kind", 1, payload)
    assert read_state(path, "kind", 1) == payload
    path.write_bytes(path.read_bytes() + b"x")
    assert read_state(path, "kind", 1) is None
    path.write_bytes(b"no header line")
    assert read_state(path, "kind", 1) is None
