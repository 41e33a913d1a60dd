"""Figures of oversight: the yearly list of appraisals with their results, the open
opinions overdue first, the reminders they add to 工作台, and the printed result sheet and
list of opinions (at county scale the lists hold every township's)."""

from __future__ import annotations

from benchmarks.common import Context, benchmark, median_ms


@benchmark("oversight")
def bench_oversight(ctx: Context) -> list[tuple[str, float, str]]:
    from app.core import dates
    from app.documents.fonts import font_set
    from app.documents.oversight_forms import appraisal_result_pdf, opinions_list_pdf
    from app.office import Office
    from app.oversight.reminders import oversight_reminders

    font_set()
    today = dates.today()
    with Office.open(ctx.db()) as office:
        appraisals = len(office.appraisals.ids())
        opinions = len(office.opinions.list())
        first = office.appraisals.ids()[0]
        results = [
            ("appraisal_rows", median_ms(lambda: office.appraisals.rows()), "ms"),
            # What the 监督 page loads: one year's appraisals.
            (
                "appraisals_of_a_year",
                median_ms(lambda: office.appraisals.list(year=today.year)),
                "ms",
            ),
            ("appraisals", appraisals, "appraisals"),
            ("open_opinions", median_ms(lambda: office.opinions.list(open_only=True)), "ms"),
            ("opinions", opinions, "opinions"),
            ("appraisal_result_pdf", median_ms(lambda: appraisal_result_pdf(office, first)), "ms"),
            ("opinions_list_pdf", median_ms(lambda: opinions_list_pdf(office), repeat=3), "ms"),
        ]
        if office.mode == "township":
            results.append(
                ("oversight_reminders", median_ms(lambda: oversight_reminders(office, today)), "ms")
            )
    return results
