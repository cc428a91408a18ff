"""Fitting chosen assumptions to observed groups by ABC-SMC (pyabc), on the batched engine.

- **Observed groups.** Each imported group (`copsim-import`) is simulated as a scenario of its
  own: the context and policy the user says describe it (overrides, default `policy=none`), its
  founders as `policy.group_size` (members there from week 1; newcomers then join at the
  context's rate), its weeks, one replicate.
- **Summary statistics** (`statistics`), taken by `simulation.observe` from the observed history
  and from each simulated group's exported view (what its export would show) alike: the weekly
  active share averaged over the weeks of `STAT_WEEKS` (the decay curve's shape), the share of
  posts by the top 10% (inequality), the share of members who ever wrote (breadth), posts per
  member-week (volume) and the share of members who left (exits); with several groups, each
  statistic's mean over them (`combined`). Question- and reply-based statistics are left out: in
  an import they come from text rules with their own error (docs/calibration.md).
- **Priors**: uniform over each assumption's plausible range (`parameters.plausible_ranges`).
- **ABC-SMC** (pyabc): `population` particles a generation, at most `generations`, distance
  `pyabc.AdaptivePNormDistance` (each statistic scaled by its spread), epsilon the median of the
  last generation's distances (pyabc's default). Particles are simulated by
  `batch_sampler.BatchSampler`, a batch of parameter sets in one model per core
  (`simulate_on_cores`); each simulation's seed is `seed` * `SEEDS_PER_FIT` + its number, and
  pyabc's draws come from numpy's generator seeded with `seed`, so a fit is the same on every run
  and any number of cores.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from joblib import Parallel, cpu_count, delayed

try:
    import pyabc
except ModuleNotFoundError as missing:  # an optional extra: say how to get it
    raise ModuleNotFoundError("copsim-calibrate needs pyabc: pip install -e '.[calibrate]' "
                              "(make setup installs it)") from missing

from simulation.calibration.batch_sampler import BatchSampler
from simulation.config import Config, ConfigError, load_settings, schema_fields, updated
from simulation.observe import exported_view, summary, weekly
from simulation.run import run_many
from simulation.worlds import WHOLE, problem

DEFAULT_ASSUMPTIONS = (
    "population.motivation",       # how keen teachers start: the first weeks' level
    "behaviour.learning_rate",     # how fast motivation follows experience: the decay
    "behaviour.idle_drift",        # how fast an idle member's motivation fades
    "population.propensity_sigma",  # how unequal members' propensity to post is: top 10%
    "behaviour.share_rate",        # how often an active member shares: volume
    "behaviour.exit_no_value",     # how often a member who gets nothing leaves: exits
)
STAT_WEEKS = ((1, 2), (3, 4), (5, 8), (9, 13), (14, 19), (20, 26), (27, 39), (40, 52))
GROUP_STATISTICS = ("top10_share", "writers_share", "posts_per_member_week", "left_share")
SEEDS_PER_FIT = 10**9
CHUNK = 64  # the fewest parameter sets worth sending to a process of their own
POPULATION = 200
GENERATIONS = 6
SHOWN = (0.05, 0.5, 0.95)  # the quantiles of a 90% interval and its median: credible, predictive


@dataclass
class Observed:
    """The groups to fit: per group, the settings that simulate it and its statistics."""
    settings: list[Config]
    overrides: list[list[str]]   # what composes each group's settings
    statistics: dict[str, float]
    weekly: pd.DataFrame   # the observed weekly table (simulation.observe.weekly)


@dataclass
class Fit:
    """A finished fit: the last generation's particles (one column per assumption, `weight`),
    the generations' record, and what was fitted."""
    posterior: pd.DataFrame
    generations: pd.DataFrame
    assumptions: list[str]
    bounds: dict[str, tuple[float, float]]
    seconds: float
    evaluations: int
    about: dict = field(default_factory=dict)

    def draws(self, n: int, seed: int = 0) -> pd.DataFrame:
        """`n` parameter sets drawn from the posterior by weight (columns: assumptions)."""
        rng = np.random.default_rng(seed)
        w = self.posterior["weight"].to_numpy(float)
        rows = rng.choice(len(w), size=n, p=w / w.sum())
        draws = self.posterior.iloc[rows][self.assumptions].reset_index(drop=True)
        draws.index.name = "world"
        return draws

    def table(self) -> pd.DataFrame:
        """Per assumption: its prior range, the posterior median and 90% credible interval, and
        how much of the prior's range the interval still spans (near 1: the data say little)."""
        rows = []
        w = self.posterior["weight"].to_numpy(float)
        for key in self.assumptions:
            low, median, high = weighted_quantiles(self.posterior[key].to_numpy(float), w, SHOWN)
            lo, hi = self.bounds[key]
            rows.append({"assumption": key, "prior": f"{lo:.3g} to {hi:.3g}",
                         "median": median, "low": low, "high": high,
                         "share_of_prior": (high - low) / (0.9 * (hi - lo))})
        return pd.DataFrame(rows).set_index("assumption")


def weighted_quantiles(values: np.ndarray, weights: np.ndarray, q: Sequence[float]) -> np.ndarray:
    """Quantiles `q` of weighted values (the weighted empirical distribution, interpolated)."""
    order = np.argsort(values)
    v, w = values[order], weights[order] / weights.sum()
    cumulative = np.cumsum(w) - w / 2
    return np.interp(q, cumulative, v)


def observed(events: pd.DataFrame, members: pd.DataFrame, about: dict,
             overrides: Sequence[str] = (), weeks: int | None = None) -> Observed:
    """The imported groups (`simulation.chats.tables.load`) as scenarios and statistics; `weeks`
    cuts the histories (default: each group's own length). Raises ConfigError for overrides
    that do not describe a scenario."""
    settings, composed, stats, tables = [], [], [], []
    for g, group in enumerate(about["groups"]):
        w = min(weeks or group["weeks"], group["weeks"])
        mem = members[members["group"] == g].copy()
        ev = events[events["group"] == g].copy()
        reply = ev["reply_to"].to_numpy()
        ev["reply_to"] = np.where(reply >= 0, reply - ev.index.min(), -1)  # positions in the group
        mem["group"], ev["group"] = 0, 0
        founders = int((mem["join_week"] == 0).sum())
        composed.append([*overrides, f"weeks={w}", "replicates=1",
                         f"policy.group_size={max(founders, 2)}"])
        settings.append(load_settings(composed[-1]))
        ev, mem = ev.reset_index(drop=True), mem.reset_index(drop=True)
        table = weekly(ev, mem, w)
        stats.append(statistics(table, summary(ev, mem, w, table)))
        tables.append(table.assign(group=g))
    return Observed(settings, composed, combined(stats), pd.concat(tables, ignore_index=True))


def statistics(table: pd.DataFrame, found: pd.DataFrame) -> dict[str, float]:
    """One group's summary statistics from its weekly table and summary (`simulation.observe`)."""
    share = table["active_share"].to_numpy(float)
    weeks = len(share)
    stats = {}
    for first, last in STAT_WEEKS:
        if first <= weeks:
            stats[f"active_w{first}_{min(last, weeks)}"] = float(np.nanmean(share[first - 1:last]))
    row = found.iloc[0]
    stats.update({column: float(row[column]) for column in GROUP_STATISTICS})
    return {k: (0.0 if not np.isfinite(v) else v) for k, v in stats.items()}


def combined(per_group: list[dict[str, float]]) -> dict[str, float]:
    """Several groups' statistics as one set: each statistic's mean over the groups (those that
    every group has: a shorter history has fewer weekly bins). The groups are taken as draws of
    one programme, so which simulated group matches which observed one does not matter."""
    common = [k for k in per_group[0] if all(k in stats for stats in per_group)]
    return {k: float(np.mean([stats[k] for stats in per_group])) for k in common}


def prior_bounds(settings: Config, keys: Sequence[str]) -> dict[str, tuple[float, float]]:
    """The plausible range of each assumption (ConfigError for a key that has none)."""
    found = problem(settings, keys)
    return {k: (float(lo), float(hi)) for k, (lo, hi) in zip(found["names"], found["bounds"])}


def _pyabc_name(key: str) -> str:
    return key.replace(".", "__")


def run_groups(settings: list[Config], parameters: list[dict[str, float]], first_seed: int,
               progress: Callable[[int, int], None] | None = None
               ) -> list[list[tuple[pd.DataFrame, pd.DataFrame]]]:
    """Each parameter set run in every observed group's scenario, one model run for the lot
    (simulation k of group g has seed `first_seed + k * len(settings) + g`): per parameter set,
    per group, the weekly table and summary of its exported view (`simulation.observe`)."""
    types = dict(schema_fields())
    runs = []
    for k, values in enumerate(parameters):
        change = {key: int(round(v)) if types[key].type in WHOLE else float(v)
                  for key, v in values.items()}
        for g, base in enumerate(settings):
            runs.append(updated(base, {**change, "seed": first_seed + k * len(settings) + g}))
    results = run_many(runs, progress)
    out: list[list] = [[] for _ in parameters]
    for g, base in enumerate(settings):
        runs_of_group = results[g::len(settings)]
        ev, mem = exported_view(*_stacked(runs_of_group))
        table = weekly(ev, mem, base.weeks)
        found = summary(ev, mem, base.weeks, table)
        for k, (rows, row) in enumerate(zip(_split(table, len(parameters)),
                                             _split(found, len(parameters)))):
            out[k].append((rows.assign(group=0), row.assign(group=0)))
    return out


def _stacked(results) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The events and members of one-group runs as one table, run k as group k (event ids and
    replies shifted so that they stay apart): `simulation.observe` then takes all at once."""
    events, members, offset = [], [], 0
    for k, r in enumerate(results):
        reply = r.events["reply_to"].to_numpy()
        events.append(r.events.assign(group=k, event=r.events["event"].to_numpy() + offset,
                                      reply_to=np.where(reply >= 0, reply + offset, -1)))
        members.append(r.members.assign(group=k))
        offset += len(r.events)
    return pd.concat(events, ignore_index=True), pd.concat(members, ignore_index=True)


def _split(table: pd.DataFrame, n: int) -> list[pd.DataFrame]:
    """A table over groups 0..n-1 cut into each group's rows."""
    bounds = np.searchsorted(table["group"].to_numpy(), np.arange(n + 1))
    return [table.iloc[bounds[k]:bounds[k + 1]].reset_index(drop=True) for k in range(n)]


def simulate(settings: list[Config], parameters: list[dict[str, float]],
             first_seed: int) -> list[dict[str, float]]:
    """Each parameter set's statistics over all the observed groups (`run_groups`)."""
    return [combined([statistics(table, found) for table, found in groups])
            for groups in run_groups(settings, parameters, first_seed)]


def simulate_on_cores(settings: list[Config], parameters: list[dict[str, float]],
                      first_seed: int, pool: Parallel | None) -> list[dict[str, float]]:
    """`simulate`, with the parameter sets split into one part per core of `pool` (at least
    `CHUNK` each), every simulation with the seed it has in one process: the same numbers."""
    cores = pool.n_jobs if pool is not None else 1
    cores = cpu_count() if cores < 0 else cores
    parts = min(cores, len(parameters) // CHUNK)
    if parts <= 1:
        return simulate(settings, parameters, first_seed)
    bounds = [int(b) for b in np.linspace(0, len(parameters), parts + 1)]
    found = pool(delayed(simulate)(settings, parameters[a:b], first_seed + a * len(settings))
                 for a, b in zip(bounds[:-1], bounds[1:]))
    return [stats for part in found for stats in part]


def fit(target: Observed, assumptions: Sequence[str] = DEFAULT_ASSUMPTIONS, *,
        population: int = POPULATION, generations: int = GENERATIONS, seed: int = 0,
        database: str = "sqlite://", jobs: int = -1,
        progress: Callable[[str], None] | None = None) -> Fit:
    """ABC-SMC of `assumptions` to the observed groups (module docstring). `database`: where
    pyabc keeps its history (an SQLAlchemy URL; default in memory); `jobs`: processes a batch
    is split over (-1: every core; the numbers do not depend on it)."""
    if not assumptions:
        raise ConfigError("assumptions: give at least one (docs/model.md, section 8.1 lists them)")
    bounds = prior_bounds(target.settings[0], assumptions)
    keys = list(bounds)
    names = {_pyabc_name(k): k for k in keys}
    prior = pyabc.Distribution(**{_pyabc_name(k): pyabc.RV("uniform", lo, hi - lo)
                                  for k, (lo, hi) in bounds.items()})
    counter = {"simulations": 0}

    def simulate_batch(parameters: list[dict]) -> list[dict]:
        first = seed * SEEDS_PER_FIT + counter["simulations"] * len(target.settings)
        counter["simulations"] += len(parameters)
        return simulate_on_cores(target.settings,
                                 [{names[n]: v for n, v in p.items()} for p in parameters],
                                 first, pool)

    def told(t: int, accepted: int, n: int, evaluations: int) -> None:
        if progress:
            step = "prior sample" if t < 0 else f"generation {t + 1}/{generations}"
            progress(f"{step}: {accepted}/{n} accepted of {evaluations:,} simulated")

    sampler = BatchSampler(simulate_batch, told)
    logging.getLogger("ABC").setLevel(logging.WARNING)  # our progress line says what it would
    np.random.seed(seed)  # pyabc draws from numpy's global generator
    abc = pyabc.ABCSMC(sampler.model, prior, pyabc.AdaptivePNormDistance(p=2),
                       population_size=population, sampler=sampler)
    started = time.perf_counter()
    abc.new(database, target.statistics)
    with Parallel(n_jobs=jobs) as pool:  # its processes serve every batch of the fit
        history = abc.run(max_nr_populations=generations)
    frame, weights = history.get_distribution(m=0, t=history.max_t)
    posterior = frame.rename(columns=names)[keys].reset_index(drop=True)
    posterior["weight"] = weights / weights.sum()
    record = history.get_all_populations()
    record = record[record["t"] >= 0].rename(columns={"t": "generation",
                                                      "samples": "simulations"})
    return Fit(posterior, record[["generation", "epsilon", "simulations"]].reset_index(drop=True),
               keys, bounds, time.perf_counter() - started, counter["simulations"])
