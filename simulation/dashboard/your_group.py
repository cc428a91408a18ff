"""Your group: a real group's chat export, its weekly-active curve beside a chosen scenario's.

The user uploads an export (WhatsApp `.txt` or `.zip`, Telegram `.json`, or a `.csv`; at most
`MAX_UPLOAD_MB`). It is read on the server: its bytes go to a file in a temporary folder, deleted
as soon as `simulation.chats` has turned the file into anonymous tables (names and numbers become
salted ids, message text is dropped); nothing is executed, nothing else is written. Only those
tables (events, members, about) are kept, in this page's component state: one browser session,
nothing at module level, nothing in the page's link. The file itself stays in the browser, which
sends it again if the member count is changed.

The chosen scenario (a context and a policy package) is simulated with the group's founders as its
group size for the export's weeks, and each replicate is turned into what its own export would
show (`simulation.observe.exported_view`), so both curves are measured the same way
(`simulation.observe.weekly`, `summary`). Levels are not calibrated: `copsim-import` and
`copsim-calibrate` fit the model to a group.
"""

from __future__ import annotations

import dataclasses
import tempfile
import threading
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd
import solara
import solara.lab
from ipyvuetify.extra import FileInput
from matplotlib.figure import Figure

from simulation.chats.formats import read_chat
from simulation.chats.records import ChatFormatError
from simulation.chats.tables import build, new_salt
from simulation.config import Config
from simulation.dashboard.controls import HELP_STYLE, PresetSelect
from simulation.dashboard.presets import CONTEXTS, POLICIES
from simulation.dashboard.progress import ProgressBar, reporter
from simulation.dashboard.scenario import Problem, Scenario
from simulation.observe import exported_view, summary, weekly

MB = 1024 * 1024
MAX_UPLOAD_MB = 20                       # a year of a busy group's text is a few MB
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * MB
MAX_UNZIPPED_MB = 200                    # the chat inside a .zip, once unpacked (zip bombs)
SUFFIXES = (".txt", ".zip", ".json", ".csv")
REPLICATES = 20                          # simulated groups of the scenario
BAND = (0.05, 0.95)                      # the band: 90% of the simulated groups
MIN_FOUNDERS = 2                         # the smallest group the model runs
UPLOAD, MEMBERS = ("upload",), ("members",)  # where a `Problem` is shown: the file, the size
TIMELINE_WEEKS = 52                      # run length for a timeline longer than the export
MAX_WEEKS = next(f.metadata["range"][1] for f in dataclasses.fields(Config) if f.name == "weeks")
FIRST_CHOICE = Scenario(population="tanzania_maths", policy="none", replicates=REPLICATES)
WEEKS_PER_PAGE = 13                      # a school term per page of the weekly table
ERROR_STYLE = {"color": "#b00020", "display": "block", "margin": "4px 0"}

PRIVACY = ("Your file is read on the server for this browser session only; names and numbers "
           "become anonymous ids and message text is not kept. Nothing is saved.")
MEMBERS_HELP = ("Members who never wrote are invisible in an export: give the group's size (its "
                "info screen shows it) to count them.")
HOW_TO_EXPORT = f"""Upload an export of your group's chat to see how its activity fades, week by
week, beside a simulated group of the same size.

- **WhatsApp**: open the group, menu **More > Export chat > Without media**; upload the `.txt` or
  the `.zip` it makes.
- **Telegram** (desktop app): the group's menu **Export chat history**, format **Machine-readable
  JSON**; upload `result.json`.
- Any other platform: a `.csv` with a `time` and an `author` column, one row per message.

Up to {MAX_UPLOAD_MB} MB."""
CALIBRATION = ("Levels are not calibrated: the scenario is the model's usual group in that "
               "context, not fitted to yours. To fit the model to this group, on your own "
               "computer run `copsim-import FILE --out DIR` then `copsim-calibrate DIR`.")

# The summary rows: (column of `observe.summary`, label, unit)
SUMMARY_ROWS = (
    ("retention_w4", "Members who wrote in week 4", "percent"),
    ("retention_w12", "Members who wrote in week 12", "percent"),
    ("retention_w26", "Members who wrote in week 26", "percent"),
    ("half_life_weeks", "Weeks until activity halves (from week 1)", "weeks"),
    ("top10_share", "Messages written by the most active 10%", "percent"),
    ("answered_share", "Questions that got an answer", "percent"),
    ("median_reply_hours", "Median hours to the first answer", "hours"),
    ("left_share", "Members who left", "percent"),
)


@dataclass(frozen=True, eq=False)  # eq=False: every upload is new, even of the same file
class Upload:
    """A file chosen in the browser: its name, its size, and a handle that reads it from there."""
    name: str
    size: int
    handle: BinaryIO
    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)  # one read at a time


@dataclass(frozen=True, eq=False)
class Observed:
    """The anonymous tables of one uploaded group, and its weekly curve and summary."""
    events: pd.DataFrame
    members: pd.DataFrame
    about: dict
    weeks: int
    weekly: pd.DataFrame
    summary: pd.Series

    @property
    def founders(self) -> int:
        """Members there from the start: the simulated groups' size."""
        return max(int((self.members["join_week"] == 0).sum()), MIN_FOUNDERS)


@dataclass(frozen=True, eq=False)
class Simulated:
    """A scenario's groups as their exports would show them: active share per replicate (rows)
    and week (columns), and `observe.summary` per replicate."""
    scenario: Scenario
    shares: pd.DataFrame
    summaries: pd.DataFrame


def too_large(size: int) -> str:
    return (f"This file is {size / MB:.1f} MB: the limit is {MAX_UPLOAD_MB} MB. Export the chat "
            "without media (WhatsApp), or a shorter period (Telegram).")


def read_upload(upload: Upload, members: int | None) -> Observed | Problem:
    """The group in an uploaded file, or why there is none. The size is checked before anything
    is read, and again on what the browser sends."""
    suffix = Path(upload.name).suffix.lower()
    if suffix not in SUFFIXES:
        return Problem(UPLOAD, f"{upload.name}: not a chat export this page reads; choose a "
                               f"{', '.join(SUFFIXES[:-1])} or {SUFFIXES[-1]} file.")
    if upload.size > MAX_UPLOAD_BYTES:
        return Problem(UPLOAD, too_large(upload.size))
    try:
        with upload.lock:  # a read still going (members changed meanwhile) would mix the chunks
            upload.handle.seek(0)
            data = upload.handle.read(MAX_UPLOAD_BYTES + 1)
    except Exception as error:  # noqa: BLE001 (the browser timed out, or another file came)
        return Problem(UPLOAD, f"{upload.name}: the browser did not send the file ({error}); "
                               "choose it again.")
    if len(data) > MAX_UPLOAD_BYTES:
        return Problem(UPLOAD, too_large(len(data)))
    try:
        return observe_bytes(data, suffix, upload.name, members)
    except ChatFormatError as error:
        message = str(error)
        flag = f"--members {members}: "
        if members is not None and message.startswith(flag):  # fewer than the people seen
            return Problem(MEMBERS, f"{members} is too few: {message.removeprefix(flag)}.")
        return Problem(UPLOAD, message)


def observe_bytes(data: bytes, suffix: str, name: str, members: int | None) -> Observed:
    """Parse an export's bytes into anonymous tables, in a temporary folder deleted on return;
    raises ChatFormatError (naming the file `name`) for a file that is not an export."""
    with tempfile.TemporaryDirectory(prefix="copsim-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        del data
        try:
            if suffix == ".zip":
                _check_unzipped_size(path)
            _, lines = read_chat(path)
            group = build(lines, salt=new_salt(), members=members)
        except ChatFormatError as error:
            raise ChatFormatError(str(error).replace(str(path), name)) from None
        except Exception as error:  # any file can arrive: say so next to the control
            raise ChatFormatError(f"{name}: could not be read as a chat export "
                                  f"({str(error).replace(str(path), name)})") from error
    weeks = min(int(group.about["weeks"]), MAX_WEEKS)
    table = weekly(group.events, group.members, weeks)
    return Observed(events=group.events, members=group.members, about=group.about, weeks=weeks,
                    weekly=table, summary=summary(group.events, group.members, weeks, table).iloc[0])


def _check_unzipped_size(path: Path) -> None:
    """Refuse a zip whose chat (its .txt files) would unpack to more than MAX_UNZIPPED_MB."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(i.file_size for i in archive.infolist()
                           if i.filename.lower().endswith(".txt"))
    except zipfile.BadZipFile:
        return  # the reader says what is wrong with it
    if unpacked > MAX_UNZIPPED_MB * MB:
        raise ChatFormatError(f"{path}: its chat unpacks to {unpacked / MB:.0f} MB: the limit is "
                              f"{MAX_UNZIPPED_MB} MB")


def scenario_for(choice: Scenario, observed: Observed
                 ) -> tuple[Scenario, Problem | None]:
    """The choice with the group's founders as its size, over the export's weeks (or a school
    year, when the package's timeline needs more weeks than the export has); the problem when
    it cannot run."""
    sized = choice.set("policy.group_size", observed.founders)
    first_problem = None
    for weeks in dict.fromkeys((observed.weeks, max(observed.weeks, TIMELINE_WEEKS))):
        candidate = dataclasses.replace(sized, weeks=weeks)
        problem = candidate.problem()
        if problem is None:
            return candidate, None
        first_problem = first_problem or problem
    return sized, first_problem


def simulate_beside(choice: Scenario, observed: Observed, progress: solara.Reactive[float],
                    current: Callable[[], bool] = lambda: True) -> Simulated | Problem:
    """Run the chosen scenario and measure each replicate on what its export would show; a
    newer run stops this one at its next week (`progress.Superseded`)."""
    scenario, problem = scenario_for(choice, observed)
    if problem is not None:
        return Problem(UPLOAD, "This scenario cannot run with your group's size and weeks: "
                               f"{problem}")
    progress.set(0.0)
    result = scenario.run(reporter(progress, 0.0, 0.9, current))
    shares, summaries = [], []
    for replicate in sorted(result.members["replicate"].unique()):
        events, members = exported_view(result.events, result.members, replicate=replicate)
        table = weekly(events, members, observed.weeks)
        shares.append(table.groupby("week")["active_share"].mean())
        summaries.append(summary(events, members, observed.weeks, table)
                         .assign(replicate=replicate))
    progress.set(1.0)
    return Simulated(scenario, pd.DataFrame(shares).reset_index(drop=True),
                     pd.concat(summaries, ignore_index=True))


def band(shares: pd.DataFrame) -> pd.DataFrame:
    """Mean over simulated groups per week, and the range holding `BAND` of them."""
    values = shares.to_numpy(float)
    with warnings.catch_warnings():  # a week with no enrolled member in any group: NaN
        warnings.simplefilter("ignore", RuntimeWarning)
        low, high = np.nanquantile(values, BAND, axis=0)
        mean = np.nanmean(values, axis=0)
    return pd.DataFrame({"mean": mean, "low": low, "high": high}, index=shares.columns)


def scenario_label(scenario: Scenario) -> str:
    """"No support (Tanzania)": the package and the context, in their short plain names."""
    context = CONTEXTS.get(scenario.population, scenario.population).split(":")[0]
    return f"{POLICIES.get(scenario.policy, scenario.policy).split(':')[0]} ({context})"


def comparison_figure(observed: Observed, simulated: Simulated | None) -> Figure:
    """Weekly-active share (%) of the group, and the scenario's mean with its 90% band."""
    fig = Figure(figsize=(9, 3.8), layout="constrained")
    ax = fig.subplots()
    top = float(np.nanmax(observed.weekly["active_share"].to_numpy(float), initial=0.0))
    if simulated is not None:
        curve = band(simulated.shares)
        n = len(simulated.shares)
        line = ax.plot(curve.index, 100 * curve["mean"], ls="--", lw=1.6,
                       label=f"Scenario (mean of {n} simulated groups)")[0]
        ax.fill_between(curve.index, 100 * curve["low"], 100 * curve["high"],
                        color=line.get_color(), alpha=0.2, lw=0,
                        label=f"{BAND[1] - BAND[0]:.0%} of the simulated groups")
        top = max(top, float(np.nanmax(curve["high"].to_numpy(float), initial=0.0)))
    ax.plot(observed.weekly["week"], 100 * observed.weekly["active_share"], color="black",
            marker="o", ms=3, lw=1.4, label="Your group")
    ax.set(xlabel="week", ylabel="members who wrote (%)", ylim=(0, max(10.0, 110 * top)),
           xlim=(0.5, observed.weeks + 0.5),
           title="Weekly-active share: members who wrote at least once that week")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper right")
    return fig


def _shown(value: float, unit: str) -> str:
    if value is None or not np.isfinite(value):
        return "-"
    return {"percent": f"{100 * value:.1f}%", "weeks": f"{value:.1f}",
            "hours": f"{value:.1f}"}[unit]


def summary_table(observed: Observed, simulated: Simulated | None) -> pd.DataFrame:
    """One row per indicator: the group's value, the scenario's mean and its 90% range."""
    rows = []
    for column, label, unit in SUMMARY_ROWS:
        value = float(observed.summary[column])
        if column == "half_life_weeks" and bool(observed.summary["half_life_censored"]):
            mine = f"not within {observed.weeks} week{'s' if observed.weeks > 1 else ''}"
        else:
            mine = _shown(value, unit)
        row = {"indicator": label, "Your group": mine}
        if simulated is not None:
            values = simulated.summaries[column].to_numpy(float)
            known = values[np.isfinite(values)]
            if len(known):
                low, high = np.quantile(known, BAND)
                row["Scenario: mean"] = _shown(float(known.mean()), unit)
                row[f"Scenario: {BAND[1] - BAND[0]:.0%} of groups"] = (
                    f"{_shown(float(low), unit)} to {_shown(float(high), unit)}")
            else:
                row["Scenario: mean"] = "-"
                row[f"Scenario: {BAND[1] - BAND[0]:.0%} of groups"] = "-"
        rows.append(row)
    return pd.DataFrame(rows)


def weekly_table(observed: Observed, simulated: Simulated | None) -> pd.DataFrame:
    """Week by week: members, members who wrote, the group's share and the scenario's."""
    table = observed.weekly
    out = pd.DataFrame({"week": table["week"], "members": table["members"],
                        "wrote": table["active"],
                        "Your group": [_shown(v, "percent") for v in table["active_share"]]})
    if simulated is not None:
        curve = band(simulated.shares).reindex(table["week"].to_numpy())
        out["Scenario: mean"] = [_shown(v, "percent") for v in curve["mean"]]
        out[f"Scenario: {BAND[1] - BAND[0]:.0%} of groups"] = [
            f"{_shown(lo, 'percent')} to {_shown(hi, 'percent')}"
            for lo, hi in zip(curve["low"], curve["high"])]
    return out


def _upload_of(info: dict) -> Upload:
    return Upload(name=str(info["name"]), size=int(info["size"]), handle=info["file_obj"])


@solara.component
def FileChooser(on_file: Callable[[Upload | None], None]):
    """A "choose a file" field (a real file input: for phones, and where dropping does not work),
    read lazily like `solara.FileDrop`: nothing is sent until the page asks for the bytes."""
    file_info, set_file_info = solara.use_state(None)
    chooser = FileInput.element(accept=",".join(SUFFIXES), multiple=False,
                                on_file_info=set_file_info)

    def wire() -> None:
        if file_info is None:
            return
        widget = solara.get_widget(chooser)
        widget.version += 1  # as solara.FileDrop: reads of an earlier file become invalid
        widget.reset_stats()
        files = widget.get_files()
        on_file(_upload_of(files[0]) if files else None)

    solara.use_effect(wire, [file_info])
    return chooser


@solara.component
def Page():
    upload, set_upload = solara.use_state(None)
    members, set_members = solara.use_state(None)   # as typed ...
    applied, set_applied = solara.use_state(None)   # ... and as the shown group was read with
    choice, set_choice = solara.use_state(FIRST_CHOICE)
    requested, set_requested = solara.use_state(FIRST_CHOICE)
    progress = solara.use_reactive(0.0)
    reading = solara.lab.use_task(
        lambda: read_upload(upload, applied) if upload is not None else None,
        dependencies=[upload, applied])
    found = reading.value if reading.finished else None
    observed = found if isinstance(found, Observed) else None
    problem = found if isinstance(found, Problem) else None
    running = solara.lab.use_task(
        lambda: (simulate_beside(requested, observed, progress, running.is_current)
                 if observed is not None else None),
        dependencies=[observed, requested])
    solara.Title("copsim: your group")

    def show(new_upload: Upload | None = None) -> None:
        """Read the file (a new one, or again with the members typed) and run the scenario."""
        if new_upload is not None:
            set_upload(new_upload)
        set_applied(members)
        set_requested(choice)

    with solara.Columns([1, 2.4]):
        with solara.Card("Your group's export", style={"max-height": "88vh", "overflow-y": "auto"}):
            solara.FileDrop(label=f"Drop the export here ({', '.join(SUFFIXES)}; "
                                  f"at most {MAX_UPLOAD_MB} MB)",
                            on_file=lambda info: show(_upload_of(info)), lazy=True)
            solara.Text("or choose it:", style=HELP_STYLE)
            with solara.Div(classes=["file-chooser"]):
                FileChooser(lambda chosen: show(chosen) if chosen else set_upload(None))
            if problem is not None and UPLOAD == problem.keys:
                solara.Text(problem.message, classes=["upload-error"], style=ERROR_STYLE)
            solara.Text(PRIVACY, classes=["privacy"], style=HELP_STYLE)
            with solara.Div(classes=["members-field"]):
                # every keystroke is kept (a redraw would otherwise drop what is being typed);
                # the file is read again with it on Show
                solara.InputInt("Members in the group (optional)", value=members, optional=True,
                                on_value=set_members, continuous_update=True)
            if problem is not None and MEMBERS == problem.keys:
                solara.Text(problem.message, classes=["members-error"], style=ERROR_STYLE)
            solara.Text(MEMBERS_HELP, style=HELP_STYLE)
            solara.Markdown("**Compare with**")
            PresetSelect("Context", "population", CONTEXTS, choice.population,
                         lambda name: set_choice(dataclasses.replace(choice, population=name)))
            PresetSelect("Policy package", "policy", POLICIES, choice.policy,
                         lambda name: set_choice(dataclasses.replace(choice, policy=name)))
            solara.Text(f"{REPLICATES} simulated groups, each as large as your group was at the "
                        "start, over the same weeks.", style=HELP_STYLE)
            solara.Button("Show", icon_name="mdi-play", color="primary", classes=["run-button"],
                          on_click=show, disabled=upload is None, block=True)
            if upload is not None and (choice != requested or members != applied):
                solara.Text("Settings changed: press Show to update.", style={"color": "#555"})
        with solara.Column():
            if upload is None:
                solara.Markdown(HOW_TO_EXPORT)
            elif reading.pending:
                solara.Text(f"Reading {upload.name}...")
                solara.ProgressLinear(True)
            if reading.error:
                solara.Error(f"Reading the file failed: {reading.exception}")
            if observed is not None:
                if running.pending:
                    ProgressBar(progress, f"Simulating {REPLICATES} groups of "
                                          f"{observed.founders} for {observed.weeks} weeks")
                if running.error:
                    solara.Error(f"The run failed: {running.exception}")
                result = running.value if running.finished else None
                if isinstance(result, Problem):
                    solara.Error(result.message, classes=["scenario-error"])
                Results(observed, result if isinstance(result, Simulated) else None)


@solara.component
def Results(observed: Observed, simulated: Simulated | None):
    about = observed.about
    figure = solara.use_memo(lambda: comparison_figure(observed, simulated), [observed, simulated])
    cut = (f" (shown: the first {observed.weeks})" if about["weeks"] > observed.weeks else "")
    source = ("the number you gave" if about["size_source"].startswith("given") else
              about["size_source"])
    with solara.Div(classes=["group-about"]):
        solara.Markdown(
            f"**Your group:** {about['messages']} messages over {about['weeks']} weeks{cut}, "
            f"{about['members']} members ({source}), {observed.founders} of them "
            "there from the start.")
    if simulated is not None:
        extra = (f" (simulated {simulated.scenario.weeks} weeks: the package's timeline needs "
                 "them)" if simulated.scenario.weeks > observed.weeks else "")
        with solara.Div(classes=["showing"]):
            solara.Markdown(
                f"**Beside it:** {scenario_label(simulated.scenario)}, {len(simulated.shares)} "
                f"simulated groups of {observed.founders}, measured as their exports would show "
                f"them{extra}. Band: {BAND[1] - BAND[0]:.0%} of the simulated groups.")
    with solara.Div(classes=["your-group-curves"]):
        solara.FigureMatplotlib(figure, format="png", dependencies=[observed, simulated])
    with solara.Div(classes=["calibration"]):
        solara.Markdown(CALIBRATION)
    solara.Markdown("### Your group and the scenario\nMeasured the same way on both, from the "
                    "messages an export shows. Simulated messages have no clock time, so the "
                    "scenario has no reply hours (-).")
    with solara.Div(classes=["summary-table"]):
        solara.DataFrame(summary_table(observed, simulated), items_per_page=len(SUMMARY_ROWS))
    with solara.Details("Week by week"), solara.Div(classes=["weekly-table"]):
        solara.DataFrame(weekly_table(observed, simulated), items_per_page=WEEKS_PER_PAGE)
