"""Export renderers: one pure module per format, each `render(DocumentData, ExportOptions) -> bytes`
(csv and claimreview also have `render_many`, several documents in one file).

The data they take is in `annotate.document_data`; no module here imports Django. What each
format is called, its media type and file extension are in the format registry,
`annotate.formats`.
"""
