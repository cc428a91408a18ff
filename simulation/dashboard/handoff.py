"""Hand-off to analysts: download the results and the config, and the command that reproduces them."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import solara

from simulation import RunResult
from simulation.dashboard.scenario import Scenario

CSV_TABLES = ("weekly", "summary", "members")


def _folder(label: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in label)


def csv_zip(runs: dict[str, RunResult]) -> bytes:
    """weekly, summary and members as CSV, one folder per scenario."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for label, result in runs.items():
            for name in CSV_TABLES:
                archive.writestr(f"{_folder(label)}/{name}.csv",
                                 getattr(result, name).to_csv(index=False))
    return buffer.getvalue()


def parquet_zip(runs: dict[str, RunResult]) -> bytes:
    """Each scenario saved as `RunResult.save` writes it (Parquet tables, config, provenance)."""
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as tmp, \
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for label, result in runs.items():
            folder = Path(tmp) / _folder(label)
            result.save(folder)
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(tmp).as_posix())
    return buffer.getvalue()


def configs_yaml(runs: dict[str, RunResult]) -> str:
    """The resolved config of each scenario (one YAML document per scenario)."""
    return "\n---\n".join(f"# {label}\n{result.config}" for label, result in runs.items())


@solara.component
def Handoff(runs: dict[str, RunResult], scenarios: dict[str, Scenario]):
    """Download buttons and the `copsim` command(s) reproducing `runs`."""
    with solara.Card("For analysts: take the results with you"):
        with solara.Row(style={"flex-wrap": "wrap"}):
            solara.FileDownload(lambda: csv_zip(runs), filename="copsim_results_csv.zip",
                                label="Results (CSV)", mime_type="application/zip")
            solara.FileDownload(lambda: parquet_zip(runs), filename="copsim_results_parquet.zip",
                                label="Results (Parquet)", mime_type="application/zip")
            solara.FileDownload(lambda: configs_yaml(runs), filename="copsim_config.yaml",
                                label="Config (YAML)", mime_type="text/yaml")
        solara.Text("Command line that reproduces these results (run it in the project folder):")
        commands = "\n".join(s.command_line() for s in scenarios.values())
        solara.Markdown(f"```bash\n{commands}\n```")
