"""Hand-off: download the results and the config, the command that reproduces them, and the
one-page brief (`brief`: one HTML page to attach to an email, and its chart as a PNG image)."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import solara

from simulation import RunResult
from simulation.dashboard.brief import brief_html, curves_png, file_name
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
def Handoff(runs: dict[str, RunResult], scenarios: dict[str, Scenario], baseline: str | None = None,
            link: str = "", baseline_in_downloads: bool = True):
    """Download buttons, the `copsim` command(s) reproducing `runs`, and the one-page brief of
    them all against `baseline` (one of their labels; None: no differences), which `link`
    reproduces (`link.page_link`). Without `baseline_in_downloads`, the results, the config and the
    command line leave the baseline out (Explore's "no support", shown for comparison only);
    the brief keeps it."""
    kept = {k: v for k, v in runs.items() if baseline_in_downloads or k != baseline}
    kept_scenarios = {k: v for k, v in scenarios.items() if k in kept}
    with solara.Card("For analysts: take the results with you"):
        with solara.Row(style={"flex-wrap": "wrap"}):
            solara.FileDownload(lambda: csv_zip(kept), filename="copsim_results_csv.zip",
                                label="Results (CSV)", mime_type="application/zip")
            solara.FileDownload(lambda: parquet_zip(kept), filename="copsim_results_parquet.zip",
                                label="Results (Parquet)", mime_type="application/zip")
            solara.FileDownload(lambda: configs_yaml(kept), filename="copsim_config.yaml",
                                label="Config (YAML)", mime_type="text/yaml")
        solara.Text("Command line that reproduces these results (run it in the project folder):")
        commands = "\n".join(s.command_line() for s in kept_scenarios.values())
        solara.Markdown(f"```bash\n{commands}\n```")
        if link:
            solara.Text("Link to these scenarios (the same settings, so the same numbers):")
            with solara.Div(classes=["page-link"], style={"overflow-wrap": "anywhere"}):
                solara.Markdown(f"[{link}]({link})")
    with solara.Card("To send: a one-page brief"):
        solara.Text("One page to attach to an email or print: the scenarios in plain words, the "
                    "curves, the differences and costs, what the numbers rest on, and the link "
                    "and commands that reproduce them. It opens without internet.")
        with solara.Row(style={"flex-wrap": "wrap"}):
            solara.FileDownload(lambda: brief_html(runs, scenarios, baseline, link),
                                filename=file_name(scenarios, baseline, "brief", "html"),
                                label="One-page brief (HTML)", mime_type="text/html")
            solara.FileDownload(lambda: curves_png(runs, scenarios, baseline),
                                filename=file_name(scenarios, baseline, "curves", "png"),
                                label="Charts (PNG)", mime_type="image/png")
