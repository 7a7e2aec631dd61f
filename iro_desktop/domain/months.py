"""Calendar-month arithmetic for review timescales ("within 3 months", "within 6 months").

Fixed day counts such as +91 or +183 drift from true calendar months and are wrong at
month ends, so the statutory timetable uses this instead.
"""

from __future__ import annotations

import calendar
from datetime import date

__all__ = ["add_months"]


def add_months(d: date, n: int) -> date:
    """Return the same day n calendar months later (or earlier), clamped to the month's last day.

    Clamping gives 31 January + 1 month = 28 or 29 February, which is the reading that never
    lets a "within 3 months" deadline spill into the following month.
    """
    month_index = d.year * 12 + (d.month - 1) + n
    year, month0 = divmod(month_index, 12)
    if not 1 <= year <= 9999:
        raise OverflowError(
            f"{n} months from {d.isoformat()} is outside the supported range of dates"
        )
    month = month0 + 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(d.day, last_day))
