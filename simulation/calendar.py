"""The school calendar: weekdays, weekends, holidays and exam weeks (E8).

A step is one day; day 0 is the Monday of programme week 1. Workload follows the calendar:
exam weeks peak, weekends and holidays are lighter, and in holidays teachers also look at school
matters less often. The calendar (which weeks) is shared by every group of a model; how much
each kind of day weighs is a behaviour parameter (`behaviour.exam_workload`,
`weekend_workload`, `holiday_workload`, `holiday_attention`), one value per group.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulation.config import CalendarConfig


@dataclass(frozen=True)
class Day:
    index: int
    week: int  # 1-based programme week
    weekday: int  # 0 = Monday
    holiday: bool
    exam: bool

    def workload_factor(self, behaviour):
        """Multiplier on each teacher's usual workload today (one value per group, or one for
        all: `behaviour` is `model.params.behaviour`)."""
        if self.holiday:
            return behaviour.holiday_workload
        factor = behaviour.exam_workload if self.exam else 1.0
        return factor * (behaviour.weekend_workload if self.weekday >= 5 else 1.0)

    def attention(self, behaviour):
        """Multiplier on the chance of opening the group today (as `workload_factor`)."""
        return behaviour.holiday_attention if self.holiday else 1.0


class SchoolCalendar:
    """Maps a day index to its place in the school year."""

    def __init__(self, config: CalendarConfig) -> None:
        self.holiday_weeks = frozenset(config.holiday_weeks)
        self.exam_weeks = frozenset(config.exam_weeks)

    def day(self, index: int) -> Day:
        week = index // 7 + 1
        return Day(
            index=index,
            week=week,
            weekday=index % 7,
            holiday=week in self.holiday_weeks,
            exam=week in self.exam_weeks,
        )
