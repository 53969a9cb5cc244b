"""Outside tools some tests need (node and ical.js, LibreOffice, poppler, Chromium).

A test that lacks one skips with a one-line reason on a developer's machine, so README's test
command passes anywhere; under CI (`CI=true`) the same lack fails the test, so a green CI run
proves that every test ran.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import pytest


def under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def missing(reason: str) -> NoReturn:
    """Skips the test (fails it under CI) because a tool is missing: `reason` says which."""
    if under_ci():
        pytest.fail(f"CI must run every test, but {reason}", pytrace=False)
    pytest.skip(reason)


def cache_dir() -> Path:
    """Where tests keep what they install for themselves (ical.js), across runs."""
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folder = Path(root) / "governance-tests"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@contextmanager
def exclusive(lock: Path) -> Iterator[None]:
    """A file lock: parallel test workers install a tool once, one after the other."""
    with lock.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def npm_package(source: Path, files: tuple[str, ...], probe: str) -> Path:
    """`source`'s package.json and package-lock.json installed with `npm ci` into a cache
    folder named after the hash of `files` (so a changed lock or script installs again), with
    `files` copied beside node_modules; `probe` is the folder that proves the install is whole.
    Skips (fails under CI) when node or npm is missing or npm cannot install."""
    for tool in ("node", "npm"):
        if shutil.which(tool) is None:
            missing(f"{tool} is not installed (apt-get install nodejs npm)")
    digest = hashlib.sha256()
    for name in files:
        digest.update(name.encode() + b"\0" + (source / name).read_bytes())
    label = f"{source.parent.name}-{source.name}"  # calendar-js
    target = cache_dir() / f"{label}-{digest.hexdigest()[:16]}"
    with exclusive(cache_dir() / f"{label}.lock"):
        if not (target / probe).is_dir():
            staging = target.with_name(target.name + ".partial")
            shutil.rmtree(staging, ignore_errors=True)
            staging.mkdir()
            for name in files:
                shutil.copy2(source / name, staging / name)
            result = subprocess.run(
                ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                cwd=staging,
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            if result.returncode != 0 or not (staging / probe).is_dir():
                last = (result.stderr.strip().splitlines() or ["no output"])[-1]
                missing(f"npm ci in {source} failed: {last}")
            shutil.rmtree(target, ignore_errors=True)
            staging.rename(target)
    return target
