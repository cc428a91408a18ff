"""The `copsim` command: a Hydra app that runs one scenario, several policies side by side, or
(with -m) a sweep of parameter points.

    copsim population=tanzania_maths policy=dime_recommended replicates=20
    copsim experiment=tanzania_comparison          # what `make run` does
    copsim -m experiment=group_size                # a sweep, on all cores

Results go to Hydra's output folder: one sub-folder of Parquet tables per scenario, the resolved
config, and `decay_curves.png`; for a sweep, one folder per point (see `simulation.sweep`). A bad
value stops with a one-line `copsim: error: ...` and exit code 2, before anything runs.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.core.plugins import Plugins
from hydra.types import RunMode
from omegaconf import DictConfig, OmegaConf

from simulation.config import (CONFIG_DIR, ConfigError, check_output_dirs,
                               check_worlds_request, compose_config, group_size, validate)
from simulation.knobs import help_text
from simulation.sweep import count_points, fixed_overrides, points_per_job, prepare_progress, run_job

EXIT_CONFIG_ERROR = 2
RUN_KEYS = ("policy", "compare", "decompose", "worlds", "worlds_seed")  # not a scenario's
# `copsim --help` lists the knobs from the schema: configs/config.yaml's help template holds
# ${copsim_knobs:}. Registered on import, so every process that loads the app can resolve it.
OmegaConf.register_new_resolver("copsim_knobs", help_text, replace=True)


class Progress:
    """Prints `label: week w/W` on stderr: in place on a terminal, every quarter otherwise."""

    def __init__(self, label: str, enabled: bool) -> None:
        self.label, self.enabled = label, enabled
        self.start = time.perf_counter()
        self.tty = sys.stderr.isatty()

    def __call__(self, week: int, weeks: int) -> None:
        if not self.enabled:
            return
        elapsed = time.perf_counter() - self.start
        left = elapsed / week * (weeks - week)
        line = f"{self.label}: week {week}/{weeks}  ({elapsed:.1f}s, ~{left:.1f}s left)"
        if self.tty:
            print(f"\r{line}", end="\n" if week == weeks else "", file=sys.stderr, flush=True)
        elif week == weeks or week % max(1, weeks // 4) == 0:
            print(line, file=sys.stderr, flush=True)


def scenario_overrides(task_overrides: list[str], compare: list[str]) -> dict[str, list[str]]:
    """Overrides for each scenario: one per compared policy, or the run itself.

    The user's other overrides (including `policy.*` keys) apply to every compared policy;
    `decompose` and `worlds` are the run's, not a scenario's.
    """
    if not compare:
        return {"": task_overrides}
    kept = [o for o in task_overrides if not o.split("=")[0].lstrip("+~") in RUN_KEYS]
    return {name: [*kept, f"policy={name}", "compare=[]"] for name in compare}


def group_sizes(sizes: dict[str, int]) -> str:
    """`38`, or `38 (none), 15 (dime_recommended)` when compared policies set different sizes."""
    if len(set(sizes.values())) == 1:
        return str(next(iter(sizes.values())))
    return ", ".join(f"{size} ({label})" for label, size in sizes.items())


def run(cfg: DictConfig, output_dir: Path, task_overrides: list[str]) -> None:
    """Run the scenario(s) of a composed config and write results, table and plot."""
    # The model, tables and plot (matplotlib alone ~0.5 s) are imported here: a sweep's main
    # process and its workers import this module and need none of them.
    import pandas as pd  # likewise
    from simulation.cost_effectiveness import table as cost_table
    from simulation.plots import plot_decay_curves
    from simulation.report import difference_table, headline_table, weekly_curve_table
    from simulation.run import run_batch

    settings = validate(cfg)
    check_worlds_request(settings)
    scenarios = {}
    for name, overrides in scenario_overrides(task_overrides, list(settings.compare)).items():
        scenario = validate(hydra.compose(config_name="config", overrides=overrides)) if name else settings
        scenarios[name or scenario.policy.name] = scenario
    # the compared policies run side by side in one model (they share weeks and the calendar)
    progress = Progress(" + ".join(scenarios), settings.progress)
    results = dict(zip(scenarios, run_batch(list(scenarios.values()), progress)))
    for label, result in results.items():
        result.save(output_dir / label)
    sizes = {label: group_size(s) for label, s in scenarios.items()}

    population = settings.population.name
    print(f"\n{population}: {settings.replicates} replicates x {settings.groups} group(s) "
          f"of {group_sizes(sizes)} teachers, {settings.weeks} weeks, seed {settings.seed}\n")
    print("Weekly-active share (mean over replicates and groups):")
    print(weekly_curve_table(results).to_string())
    levels = headline_table(results).add_suffix(" (level)")
    if len(results) > 1:
        baseline = next(iter(results))
        print(f"\nHeadline indicators: the difference from {baseline} on the same teachers, then "
              "the levels (mean [95% CI over replicates];\ndifferences of shares in percentage "
              "points; levels are not calibrated: docs/model.md, section 10):")
        print(pd.concat([difference_table(results, baseline), levels], axis=1).to_string())
        currency = settings.costs.currency
        print(f"\nCost and participation per teacher invited ({currency}; an active teacher-week "
              "is one teacher active in one week;\non the frontier: no other scenario costs less "
              "and keeps its teachers active longer; mean [95% CI over replicates]):")
        print(cost_table({k: r.summary for k, r in results.items()}, baseline).to_string())
    else:
        print("\nHeadline indicators (mean [95% CI over replicates]; levels are not calibrated: "
              "docs/model.md, section 10):")
        print(levels.to_string())
    plot = plot_decay_curves(results, output_dir / "decay_curves.png", title=population)
    print(f"\nResults: {output_dir}\nPlot:    {plot}")
    if settings.decompose or settings.worlds:
        compared = with_baseline(settings, scenarios)
        if settings.decompose:
            print_decompositions(settings, compared)
        if settings.worlds:
            print_worlds(settings, compared)


def with_baseline(settings, scenarios: dict) -> dict:
    """The scenarios, the baseline first: the first compared policy, or else `none` (with the
    run's other overrides)."""
    if settings.compare:
        return scenarios
    overrides = scenario_overrides(list(HydraConfig.get().overrides.task), ["none"])["none"]
    return {"none": validate(hydra.compose(config_name="config", overrides=overrides)),
            **scenarios}


def print_decompositions(settings, compared: dict) -> None:
    """Each policy's effect against the baseline (the first of `compared`) split into its
    knobs' effects alone and their interaction."""
    from simulation.decompose import decompose, table  # runs the model: only when asked

    baseline, *packages = compared.values()
    for package in packages:
        progress = Progress(f"decompose {package.policy.name}", settings.progress)
        print(f"\n{table(decompose(package, baseline, progress))}")


def print_worlds(settings, compared: dict) -> None:
    """Each policy's difference from the baseline (the first of `compared`) in `worlds`
    plausible worlds: its spread across worlds and a sentence, then how often each scenario
    does best and how often it is on the cost frontier (simulation.over_worlds)."""
    from simulation import over_worlds  # runs the model: only when asked

    progress = Progress(f"{settings.worlds} plausible worlds", settings.progress)
    found = over_worlds.compare(compared, settings.worlds, settings.worlds_seed, progress)
    print(f"\nOver {settings.worlds} plausible worlds (every assumption drawn over its plausible "
          f"range, worlds_seed {settings.worlds_seed}; {settings.replicates} replicates in "
          f"each):\nthe difference from {found.baseline} on the same teachers with the shipped "
          "assumptions (mean [95% CI over replicates]),\nacross the worlds (median [5%, 95% of "
          "worlds]), and the share of worlds where it is above zero:")
    print(over_worlds.table(found).to_string())
    indicator = over_worlds.headline(settings.weeks)
    for scenario in found.scenarios:
        print(over_worlds.sentence(found, scenario, indicator))
    print(over_worlds.wins_sentence(found, indicator))
    print(over_worlds.frontier_sentence(found))


@hydra.main(config_path=str(CONFIG_DIR), config_name="config", version_base="1.3")
def _app(cfg: DictConfig) -> None:
    hydra_cfg = HydraConfig.get()
    if hydra_cfg.mode == RunMode.MULTIRUN:
        run_job(cfg, hydra_cfg)
        return
    try:
        run(cfg, Path(hydra_cfg.runtime.output_dir), list(hydra_cfg.overrides.task))
    except ConfigError as exc:
        print(f"copsim: error: {exc}", file=sys.stderr)
        sys.exit(EXIT_CONFIG_ERROR)
    except OSError as exc:  # full disk, unwritable folder: earlier results are left as they were
        print(f"copsim: error: cannot write results to {hydra_cfg.runtime.output_dir}: {exc}",
              file=sys.stderr)
        sys.exit(1)


def check_writable(key: str, folder: Path) -> None:
    """The output folder can be created and written (its nearest existing parent is a writable
    folder); raises ConfigError naming the key otherwise."""
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise ConfigError(f"{key}={str(folder)!r}: cannot write there, {existing} is not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise ConfigError(f"{key}={str(folder)!r}: cannot write there, {existing} is read-only")


def check_command_line(args: list[str]) -> None:
    """Compose and validate what a run or sweep would use, before Hydra starts anything.

    Raises ConfigError. For a sweep, the fixed part is checked here and each point when it runs.
    """
    multirun = "-m" in args or "--multirun" in args
    if not multirun and any(a.startswith("-") for a in args):
        return  # --help, --cfg, --info ...: Hydra answers without running
    overrides = [a for a in args if not a.startswith("-")]
    full = compose_config(fixed_overrides(overrides) if multirun else overrides,
                          return_hydra_config=True)
    check_output_dirs(full.hydra, explicit={o.split("=", 1)[0] for o in overrides})
    key = "sweep.dir" if multirun else "run.dir"
    check_writable(f"hydra.{key}", Path(str(OmegaConf.select(full.hydra, key))))
    settings = validate(OmegaConf.masked_copy(full, [k for k in full if k != "hydra"]))
    if not multirun:
        check_worlds_request(settings)
    if multirun:
        points = count_points(overrides, full.hydra.sweeper.get("params"))
        if "points_per_job" in full.hydra.sweeper:  # copsim's sweeper
            points_per_job(full.hydra.sweeper.points_per_job, points)
        prepare_progress(points)


def register_sweeper() -> None:
    """Make copsim's sweeper known to Hydra, which finds plugins by listing the `hydra_plugins`
    folders: an editable install (`pip install -e`) hides ours from that listing."""
    plugins = Plugins.instance()  # lists (and imports) the plugins it can find, first
    from hydra_plugins.copsim_sweeper import CopsimSweeper  # after Hydra's listing, above

    plugins.register(CopsimSweeper)


def main() -> None:
    """Entry point: check the command line first (one-line errors), then hand over to Hydra.

    Set COPSIM_TRACEBACK=1 to see the full traceback of a configuration error.
    """
    try:
        check_command_line(sys.argv[1:])
    except ConfigError as exc:
        if os.environ.get("COPSIM_TRACEBACK"):
            traceback.print_exc()
        print(f"copsim: error: {exc}", file=sys.stderr)
        sys.exit(EXIT_CONFIG_ERROR)
    register_sweeper()
    _app()
