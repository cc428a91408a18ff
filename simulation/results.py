"""RunResult: the four tables of a run, with the resolved config and provenance.

`save` writes each table as Parquet plus `config.yaml` and `provenance.json` into a temporary
folder beside the target and renames it into place, so a folder that exists is complete.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pandas as pd

TABLES = ("weekly", "members", "events", "summary")


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
        target = Path(directory)
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
        try:
            for name in TABLES:
                getattr(self, name).to_parquet(staging / f"{name}.parquet", index=False)
            (staging / "config.yaml").write_text(self.config)
            (staging / "provenance.json").write_text(json.dumps(self.provenance, indent=2))
            if target.exists():
                shutil.rmtree(target)
            staging.rename(target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return target

    @classmethod
    def load(cls, directory: str | os.PathLike) -> RunResult:
        source = Path(directory)
        missing = [n for n in (*[f"{t}.parquet" for t in TABLES], "config.yaml")
                   if not (source / n).is_file()]
        if missing:
            raise FileNotFoundError(f"{source} is not a saved run: missing {', '.join(missing)}")
        tables = {name: pd.read_parquet(source / f"{name}.parquet") for name in TABLES}
        provenance_file = source / "provenance.json"
        provenance = json.loads(provenance_file.read_text()) if provenance_file.exists() else {}
        return cls(**tables, config=(source / "config.yaml").read_text(), provenance=provenance)


def provenance(seed: int) -> dict:
    """Package version, git commit, seed and time of a run."""
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
    return {
        "package_version": package_version,
        "git_commit": commit,
        "seed": seed,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
