"""Dependencies: minimums past known advisories, one hashed lock used by dev.py and the image."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
RUNTIME = [Requirement(r) for r in PROJECT["dependencies"]]
DEV = [Requirement(r) for r in PROJECT["optional-dependencies"]["dev"]]
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^ ;\\]+)(?: ;[^\\]*)? \\\n"  # name==version ; marker \
                 r"((?:    --hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", re.M)  # then one line per hash


def pins(name: str) -> dict[str, list[Version]]:
    """Each package's pinned versions (several when pins differ by Python version, e.g. numpy)."""
    text = (ROOT / name).read_text(encoding="utf-8")
    matches = list(PIN.finditer(text))
    listed = re.findall(r"^[A-Za-z0-9_.-]+==", text, re.M)
    assert len(matches) == len(listed), f"{name}: every pinned package needs its --hash lines"
    found: dict[str, list[Version]] = {}
    for m in matches:
        found.setdefault(canonicalize_name(m[1]), []).append(Version(m[2]))
    return found


@pytest.mark.parametrize("lock, required", [("requirements.lock", RUNTIME),
                                            ("requirements-dev.lock", RUNTIME + DEV)])
def test_each_lock_pins_every_direct_dependency_with_hashes_inside_pyproject_ranges(lock, required):
    pinned = pins(lock)
    for requirement in required:
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{requirement.name} is missing from {lock}; run `python3 dev.py lock`"
        for version in pinned[name]:
            assert requirement.specifier.contains(version), (
                f"{lock} pins {requirement.name}=={version} outside {requirement.specifier}; "
                "run `python3 dev.py lock`")


@pytest.mark.parametrize("name, vulnerable", [("aiohttp", "3.12.13"), ("aiohttp", "3.9.5"),
                                              ("PyYAML", "5.3.1"), ("cryptography", "46.0.4")])
def test_minimum_versions_refuse_releases_with_known_advisories(name, vulnerable):
    (requirement,) = [r for r in RUNTIME if canonicalize_name(r.name) == canonicalize_name(name)]
    assert not requirement.specifier.contains(vulnerable)


def test_the_image_installs_exactly_the_locked_runtime_dependencies():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "COPY requirements.lock" in dockerfile
    assert "pip install --require-hashes -r requirements.lock" in dockerfile
    assert "tomllib" not in dockerfile  # no longer re-resolved from pyproject.toml at build time


def load_dev():
    spec = importlib.util.spec_from_file_location("studybot_dev_script", ROOT / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_dev_py_reinstalls_when_the_lock_changes(tmp_path, monkeypatch):
    dev = load_dev()
    lock = tmp_path / "requirements-dev.lock"
    lock.write_text((ROOT / "requirements-dev.lock").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setitem(dev.LOCKS, "dev", lock)
    before = dev.stamp("dev")
    lock.write_text(lock.read_text(encoding="utf-8").replace("aiohttp==", "aiohttp===", 1), encoding="utf-8")
    assert dev.stamp("dev") != before
    assert dev.stamp("") != before  # the runtime lock is a different install
