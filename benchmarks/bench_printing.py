"""Printing figures: one registration form with the fonts loaded (budget 150 ms), and the
registration forms of every deputy of the township demo in one PDF (batch budget 10 s)."""

from __future__ import annotations

import time

from benchmarks.common import Context, Timing, benchmark, fresh_python, median_ms, reported

# The fonts' first load, in a fresh process (in this one an earlier benchmark may have
# loaded them already: the figure would read 0 ms).
FONTS_FIRST_LOAD = """
import time
started = time.perf_counter()
from app.documents.fonts import font_set
font_set()
print("fonts_ms", (time.perf_counter() - started) * 1000)
"""


@benchmark("printing")
def bench_printing(ctx: Context) -> list[tuple[str, float, str]]:
    from app.deputies.deputies import DeputyQuery
    from app.documents.fonts import font_set
    from app.documents.registration import registration_pdf
    from app.documents.roster import roster_pdf
    from app.office import Office

    fonts_ms = Timing([reported(fresh_python(FONTS_FIRST_LOAD), "fonts_ms") for _ in range(5)])
    font_set()
    with Office.open(ctx.db("township")) as office:
        ids = office.deputies.search(DeputyQuery(term_id=office.current_term_id()))
        cycle = iter(ids * 20)
        one = median_ms(lambda: registration_pdf(office, [next(cycle)]))
        started = time.perf_counter()
        batch = registration_pdf(office, ids)
        batch_s = time.perf_counter() - started
        roster = median_ms(lambda: roster_pdf(office), repeat=5)
    return [
        ("print_fonts_first_load_fresh_process", fonts_ms, "ms"),
        ("print_one_registration_form", one, "ms"),
        ("print_all_registration_forms_township", batch_s, "s"),
        ("print_all_registration_forms_pages", batch.pages, "pages"),
        ("print_all_registration_forms_size", len(batch.data) / 1e6, "MB"),
        ("print_roster_township", roster, "ms"),
    ]
