"""RunResult: the four tables of a run, with the resolved config and provenance.

`save` writes each table as Parquet plus `config.yaml`, `provenance.json` and last a
`manifest.json` (size and SHA-256 of every file) into a temporary folder beside the target, and
renames it into place: a folder that exists is complete, and `verify` detects one that was
truncated or corrupted afterwards.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas (~0.3 s to import) is loaded where tables are read: a sweep's main
    import pandas as pd  # process writes files and verifies folders, and reads no table

TABLES = ("weekly", "members", "events", "summary")
MANIFEST = "manifest.json"


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def write_manifest(directory: Path) -> None:
    """Record the size and checksum of every file in `directory` (written last)."""
    files = sorted(p for p in directory.iterdir() if p.is_file() and p.name != MANIFEST)
    entries = {p.name: {"bytes": p.stat().st_size, "sha256": _digest(p)} for p in files}
    (directory / MANIFEST).write_text(json.dumps(entries, indent=2))


@contextmanager
def atomic_folder(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a staging folder beside `target`; if the block succeeds, write its manifest and
    rename it into place (an earlier folder there is moved aside first, then deleted), otherwise
    delete it. A reader never sees a half-written `target`."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        yield staging
        write_manifest(staging)
        old = staging.with_name(staging.name + ".old")
        if target.exists():
            target.rename(old)
        staging.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    """Write `text` to `path` through a staging file and a rename: never half a file."""
    staging = path.with_name(f".{path.name}.tmp")
    staging.write_text(text)
    staging.replace(path)


def verify(directory: str | os.PathLike) -> list[str]:
    """Problems with a saved folder (missing, truncated or altered files); empty when complete."""
    directory = Path(directory)
    manifest = directory / MANIFEST
    if not manifest.is_file():
        return [f"{directory}: no {MANIFEST} (incomplete or not a saved result)"]
    try:
        entries = json.loads(manifest.read_text())
    except (json.JSONDecodeError, UnicodeDecodeError):
        return [f"{manifest}: unreadable"]
    problems = []
    for name, entry in entries.items():
        path = directory / name
        if not path.is_file():
            problems.append(f"{path}: missing")
        elif path.stat().st_size != entry["bytes"]:
            problems.append(f"{path}: {path.stat().st_size} bytes, expected {entry['bytes']}")
        elif _digest(path) != entry["sha256"]:
            problems.append(f"{path}: checksum differs")
    return problems


@dataclass
class RunResult:
    weekly: pd.DataFrame
    members: pd.DataFrame
    events: pd.DataFrame
    summary: pd.DataFrame
    config: str  # the resolved config, as YAML
    provenance: dict = field(default_factory=dict)

    def save(self, directory: str | os.PathLike) -> Path:
        """Write the run to `directory` atomically (replacing an earlier result there)."""
        import pyarrow as pa  # with pandas, where tables are written

        tables = {name: pa.Table.from_pandas(getattr(self, name), preserve_index=False)
                  for name in TABLES}
        return save_tables(directory, tables, self.config, self.provenance)

    @classmethod
    def load(cls, directory: str | os.PathLike) -> RunResult:
        """Read a saved run; raises ValueError if it is incomplete or corrupted."""
        source = Path(directory)
        problems = verify(source)
        if problems:
            raise ValueError(f"{source} is not a complete saved run: {'; '.join(problems)}")
        import pandas as pd  # only where tables are read (see the top)

        tables = {name: pd.read_parquet(source / f"{name}.parquet") for name in TABLES}
        provenance_file = source / "provenance.json"
        provenance = json.loads(provenance_file.read_text()) if provenance_file.exists() else {}
        return cls(**tables, config=(source / "config.yaml").read_text(), provenance=provenance)


def save_tables(directory: str | os.PathLike, tables: dict, config: str,
                provenance: dict) -> Path:
    """What `RunResult.save` writes, from Arrow tables (name -> `pyarrow.Table`, converted from
    the DataFrames with their pandas metadata, so `load` gives the same DataFrames back):
    atomically, with the config, the provenance and the manifest."""
    import pyarrow.parquet as pq  # only where tables are written

    with atomic_folder(directory) as staging:
        for name in TABLES:
            pq.write_table(tables[name], staging / f"{name}.parquet")
        (staging / "config.yaml").write_text(config)
        (staging / "provenance.json").write_text(json.dumps(provenance, indent=2))
    return Path(directory)


def provenance(seed: int) -> dict:
    """Package version, git commit, seed and time of a run."""
    package_version, commit = _code_version()
    return {
        "package_version": package_version,
        "git_commit": commit,
        "seed": seed,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


@functools.cache
def _code_version() -> tuple[str, str]:
    """Package version and git commit of the code this process runs, looked up once (a sweep
    worker runs many points; `git` costs ~10 ms a call)."""
    try:
        package_version = version("copsim")
    except PackageNotFoundError:
        package_version = "unknown"
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5,
            cwd=Path(__file__).parent,
        ).stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        commit = "unknown"
    return package_version, commit
