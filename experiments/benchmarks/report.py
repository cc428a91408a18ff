"""The benchmark's results as judged targets and a Markdown table (no measuring here)."""

from __future__ import annotations

from configurations import GIB, REFERENCE_SIZE, TARGETS


def rate(x: float | None) -> str:
    if x is None:
        return "-"
    for unit, scale in (("M", 1e6), ("k", 1e3)):
        if x >= scale:
            return f"{x / scale:.2f}{unit}"
    return f"{x:.0f}"


def spread(s: dict, f=rate) -> str:
    return f"{f(s['median'])} [{f(s['min'])}-{f(s['max'])}]"


def targets(res: dict) -> list[dict]:
    """Every target with its measured value and whether it passes."""
    rows = []
    teachers, weeks = REFERENCE_SIZE
    model = next((m for m in res["model"] if (m["teachers"], m["weeks"]) == (teachers, weeks)),
                 None)
    if model:
        vs_mesa = model["model_vs_mesa"]
        rows.append(dict(
            target=f"model >= {TARGETS['model_vs_mesa']:.0f}x plain Mesa in every run "
                   f"({teachers:,} teachers, {weeks} weeks, dime_recommended)",
            value=f"{spread(vs_mesa, lambda x: f'{x:.1f}x')}; numpy: 1/"
                  f"{1 / model['model_vs_numpy']['median']:.0f} (reported)",
            ok=vs_mesa["min"] >= TARGETS["model_vs_mesa"]))
    sweep = res.get("sweep")
    if sweep:
        ratio = sweep["vs_model"]
        rows.append(dict(
            target=f"sweep of {sweep['points']:,} small points, 1 worker, >= 1/3 of one large "
                   "model's teacher-days/s",
            value=f"1/{1 / ratio['median']:.1f} [1/{1 / ratio['min']:.1f}-1/{1 / ratio['max']:.1f}]"
                  f" ({rate(sweep['one_worker_rate']['median'])}/s against "
                  f"{rate(sweep['model_rate']['median'])}/s)",
            ok=ratio["median"] >= TARGETS["sweep_vs_model"]))
        share = sweep["two_workers_vs_ceiling"]
        rows.append(dict(
            target="2 workers' speed-up over 1, against what two cores give right now, >= 0.9",
            value=f"{share['median']:.2f} (speed-up {sweep['speed_up']['median']:.2f}x, "
                  f"ceiling {sweep['ceiling']['median']:.2f}x)",
            ok=share["median"] >= TARGETS["two_workers_vs_ceiling"]))
    design = res.get("design")
    if design:
        rows.append(dict(
            target=f"{design['points']:,} points x 10 replicates x 38 teachers x 52 weeks through "
                   "the sweep command, 2 workers, < 10 min and < 4 GiB",
            value=f"{design['seconds']:.0f} s, {design['peak_bytes'] / GIB:.2f} GiB per process"
                  + ("" if design["points"] == 10_000 else
                     f" (10,000 points: ~{design['seconds'] * 10_000 / design['points']:.0f} s)"),
            ok=design["seconds"] * 10_000 / design["points"] < TARGETS["design_seconds"]
            and design["peak_bytes"] < TARGETS["design_gib"] * GIB))
    dash = res.get("dashboard")
    if dash:
        for name, bound in (("explore", "explore_seconds"), ("compare", "compare_seconds")):
            seconds = dash[name]["median"]
            rows.append(dict(target=f"dashboard {name.capitalize()} (20 x 38 x 52, "
                                    f"{dash['scenarios'][name]} scenarios in one batch) "
                                    f"< {TARGETS[bound]} s",
                             value=f"{seconds:.2f} s", ok=seconds < TARGETS[bound]))
    big = res.get("national")
    if big:
        rows.append(dict(
            target=f"{big['teachers']:,} teachers x {big['weeks']} weeks (dime_recommended), "
                   "every table in memory, < 4 GiB",
            value=f"{big['peak_bytes'] / GIB:.2f} GiB, {big['seconds']:.0f} s, "
                  f"{big['events']:,} events",
            ok=big["peak_bytes"] < TARGETS["national_gib"] * GIB))
    return rows


def markdown(res: dict) -> str:
    meta = res["meta"]
    lines = [f"Measured {meta['date']} on {meta['machine']} ({meta['mode']} mode). "
             "Cells: median [min-max] of the repeats.", "",
             "### Teacher-days per second (dime_recommended, groups of 15, one replicate each)", "",
             "| teachers | weeks | model | plain Mesa | numpy | model/Mesa | model/numpy |",
             "|---:|---:|---|---|---|---:|---:|"]
    for m in res["model"]:
        r = m["teacher_days_per_s"]
        lines.append(f"| {m['teachers']:,} | {m['weeks']} | {spread(r['model'])} | "
                     f"{spread(r['plain_mesa'])} | {spread(r['numpy'])} | "
                     f"{m['model_vs_mesa']['median']:.1f}x | 1/{1 / m['model_vs_numpy']['median']:.0f} |")
    sweep = res.get("sweep")
    if sweep:
        lines += ["", f"### Sweep: `copsim -m experiment=throughput` ({sweep['points']:,} points, "
                  f"{sweep['teacher_days']:,} teacher-days)", "",
                  "| what | seconds | teacher-days/s |", "|---|---|---|"]
        for workers in ("1", "2"):
            lines.append(f"| {workers} worker(s) | {spread(sweep['seconds'][workers], lambda x: f'{x:.1f}')} | "
                         f"{spread(sweep['rates'][workers])} |")
        lines.append(f"| one model holding the sweep's first points (15,000 teachers), 52 weeks | | "
                     f"{spread(sweep['model_rate'])} |")
        lines.append(f"| two cores right now (2 x one process / two at once) | "
                     f"{spread(sweep['ceiling'], lambda x: f'{x:.2f}x')} | |")
    lines += ["", "### Targets", "", "| target | measured | pass |", "|---|---|---|"]
    for t in res["targets"]:
        lines.append(f"| {t['target']} | {t['value']} | {'PASS' if t['ok'] else 'FAIL'} |")
    return "\n".join(lines) + "\n"
