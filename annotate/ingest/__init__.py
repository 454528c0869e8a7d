"""Import readers: bytes of an uploaded file to plain data, with no Django.

One module per format, each with ``read(data: bytes, filename: str = "") -> Article``
that raises ``errors.ImportRejected`` (with a message for the user) on bad input:
``txt``, ``markdown``, ``html`` (also ``url=``, ``charset=`` for a fetched page),
``docx``. ``detect.detect_format`` picks the format from the file name and checks the
first bytes; ``detect.read_article`` does both. ``lossless`` reads our own JSON export.
``article.stored_text`` gives the text to store with the article's links' spans in it.

Shared parts: ``decode`` (text bytes to ``str``), ``fields`` (titles, dates, words),
``links`` (paragraphs with their links; web URLs only), ``language`` (declared, else
detected; text direction), ``budget`` (bounds on a reader's work), and for HTML
``pagetext`` (the page tree: limits, links, the article region), ``pagemeta``
(headline, dates, byline, language) and ``jsonld``; ``markdown_rules`` (markdown-it
rules the plugin set lacks). ``fetch`` fetches a page from a URL behind an SSRF guard.
"""
