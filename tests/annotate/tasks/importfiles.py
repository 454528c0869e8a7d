"""Upload files that the import tests build themselves: every format, good and bad."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

ARTICLE = (
    "Council spends record sum on roads\n\n"
    "The city council spent €4.2 million on roads in 2023. That is twice the 2019 figure.\n\n"
    "Critics said the money went to the wrong districts. The mayor disagreed on Monday."
)
SEEDS = Path(__file__).resolve().parents[3] / "seeds"


def txt(encoding: str = "utf-8", text: str = ARTICLE) -> bytes:
    """The article as plain text in `encoding` ("utf-8-sig" adds a byte-order mark)."""
    if encoding == "utf-16":
        return text.encode("utf-16")  # with its byte-order mark
    return text.encode(encoding)


def markdown() -> bytes:
    return (
        "# Council spends record sum on roads\n\n"
        "*By Jane Reporter*\n\n"
        "The **city council** spent [€4.2 million](https://example.org) on roads in 2023.\n\n"
        "- That is twice the 2019 figure.\n- Critics objected.\n\n"
        "> The mayor disagreed on Monday.\n"
    ).encode()


def html_page() -> bytes:
    """A saved news page with navigation, a cookie banner and a script around the article."""
    body = " ".join(
        f"<p>Paragraph {i}: the city council spent {i} million euros on roads, "
        f"said the report published on Monday by the audit office.</p>"
        for i in range(1, 7)
    )
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Council spends record sum on roads | Daily Planet</title>
<meta name="author" content="Jane Reporter">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/politics">Politics</a> <a href="/sport">Sport</a></nav>
<div class="cookie-banner">We use cookies. Accept all cookies?</div>
<article><h1>Council spends record sum on roads</h1>{body}</article>
<script>var tracking = "do not import me";</script>
<footer>Copyright Daily Planet. All rights reserved.</footer>
</body></html>""".encode()


def docx() -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    document.add_paragraph("Council spends record sum on roads", style="Title")
    document.add_paragraph("The city council spent €4.2 million on roads in 2023.")
    document.add_paragraph("Twice the 2019 figure.", style="List Bullet")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Roads"
    table.cell(0, 1).text = "4.2 million"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bomb() -> bytes:
    """A zip named .docx whose one part expands about 1000 times (6 MB of zeros)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b"\0" * (6 * 1024 * 1024))
    return out.getvalue()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(40)
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
