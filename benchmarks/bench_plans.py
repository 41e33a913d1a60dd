"""The office's year: what the home page computes at start (本月工作 and the plan's
reminders), a month of the calendar, and the plan and duty-roster PDFs."""

from __future__ import annotations

from benchmarks.common import Context, benchmark, median_ms


@benchmark("plans")
def bench_plans(ctx: Context) -> list[tuple[str, float, str]]:
    from app.core import dates
    from app.documents.duty_roster import duty_roster_pdf
    from app.documents.work_plan import work_plan_pdf
    from app.office import Office
    from app.plans.reminders import plan_reminders

    today = dates.today()
    with Office.open(ctx.db("township")) as office:
        station = next(
            s for s in office.stations.list() if office.duty_roster.month(s.id, today.year,
                                                                           today.month)
        )  # fmt: skip
        return [
            ("month_work_home_page", median_ms(lambda: office.calendar.month_work()), "ms"),
            ("calendar_month", median_ms(lambda: office.calendar.month(today.year, today.month)),
             "ms"),
            ("plan_reminders", median_ms(lambda: plan_reminders(office, today)), "ms"),
            ("work_plan_pdf", median_ms(lambda: work_plan_pdf(office, today.year), 5), "ms"),
            ("duty_roster_pdf",
             median_ms(lambda: duty_roster_pdf(office, station.id, today.year, today.month), 5),
             "ms"),
        ]  # fmt: skip
