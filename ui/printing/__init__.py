"""Print preview, printing and saving of the PDFs app/documents makes (see
docs/EXTENDING.md, "Printing"): `actions` for pages, `preview` for the dialog."""
