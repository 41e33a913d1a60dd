"""Printed forms (reportlab): the shared base, the fonts, one module per form.

    from app.documents.registration import registration_pdf
    registration_pdf(office, [deputy_id]).save("登记表.pdf")

Nothing here imports Qt; the UI previews and prints the PDF bytes these functions return.
See docs/EXTENDING.md, "Printing"."""
