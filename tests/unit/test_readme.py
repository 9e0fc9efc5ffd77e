"""The README stays true: its script examples run as written, the real-database one on a fresh file."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"


def _python_blocks() -> list[str]:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    assert len(blocks) >= 2, "README lost its script examples"
    return blocks


def _run(block: str) -> dict[str, object]:
    namespace: dict[str, object] = {}
    exec(compile(block, "README.md", "exec"), namespace)
    return namespace


def test_the_in_memory_example_runs() -> None:
    assert isinstance(_run(_python_blocks()[0])["branch_id"], int)


def test_the_real_database_example_runs_on_a_fresh_file(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # var/nexus.db and var/pin-pepper are created here
    for name in [k for k in os.environ if k.startswith("NEXUS_")]:
        monkeypatch.delenv(name)
    block = _python_blocks()[1]
    assert "sqlite:///var/nexus.db" in block
    assert not (tmp_path / "var" / "nexus.db").exists()
    assert isinstance(_run(block)["branch_id"], int)
    assert (tmp_path / "var" / "nexus.db").exists()
    assert isinstance(_run(block)["branch_id"], int)  # a second run (or a run after `make run`) works too


@pytest.mark.parametrize("command", ["make run", "make test", "make run PORT=5002"])
def test_the_readme_names_the_commands(command) -> None:
    assert command in README.read_text()
