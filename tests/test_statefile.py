"""State files: a damaged, truncated or foreign file is never trusted."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.statefile import read_pickle, read_state, write_pickle, write_state


def test_pickle_round_trip_and_damage(tmp_path: Path) -> None:
    path = tmp_path / "state.pickle"
    value = {"a": (1, "two", [3.0]), "b": b"\x00" * 1000}
    write_pickle(path, "kind", 1, value)
    assert read_pickle(path, "kind", 1) == value
    assert read_pickle(path, "other", 1) is None
    assert read_pickle(path, "kind", 2) is None
    raw = path.read_bytes()
    path.write_bytes(raw[:-10])  # truncated
    assert read_pickle(path, "kind", 1) is None
    path.write_bytes(raw[:-1] + bytes([raw[-1] ^ 1]))  # one bit flipped
    assert read_pickle(path, "kind", 1) is None
    assert read_pickle(tmp_path / "missing", "kind", 1) is None


@pytest.mark.parametrize("payload", [b"", b"{}", b"\n\n line \n" * 100])
def test_state_round_trip_and_damage(tmp_path: Path, payload: bytes) -> None:
    path = tmp_path / "state.json"
    write_state(path, "kind", 1, payload)
    assert read_state(path, "kind", 1) == payload
    path.write_bytes(path.read_bytes() + b"x")
    assert read_state(path, "kind", 1) is None
    path.write_bytes(b"no header line")
    assert read_state(path, "kind", 1) is None
