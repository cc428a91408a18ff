"""The school calendar: weekdays, weekends, holidays and exam weeks (E8).

A step is one day; day 0 is the Monday of programme week 1. Workload follows the calendar:
exam weeks peak, weekends and holidays are lighter, and in holidays teachers also look at school
matters less often.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulation.config import CalendarConfig

EXAM_WORKLOAD = 1.8  # assumption: exam marking and invigilation nearly double the load
WEEKEND_WORKLOAD = 0.6  # assumption
HOLIDAY_WORKLOAD = 0.3  # assumption
HOLIDAY_ATTENTION = 0.6  # assumption: in holidays teachers open the group less often


@dataclass(frozen=True)
class Day:
    index: int
    week: int  # 1-based programme week
    weekday: int  # 0 = Monday
    holiday: bool
    exam: bool

    @property
    def workload_factor(self) -> float:
        """Multiplier on each teacher's usual workload today."""
        if self.holiday:
            return HOLIDAY_WORKLOAD
        factor = EXAM_WORKLOAD if self.exam else 1.0
        return factor * (WEEKEND_WORKLOAD if self.weekday >= 5 else 1.0)

    @property
    def attention(self) -> float:
        """Multiplier on the chance of opening the group today."""
        return HOLIDAY_ATTENTION if self.holiday else 1.0


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
