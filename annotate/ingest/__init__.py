"""Import readers: bytes of an uploaded file to plain data, with no Django.

One module per format, each with ``read(data: bytes, filename: str = "") -> Article``
that raises ``errors.ImportRejected`` (with a message for the user) on bad input:
``txt``, ``markdown``, ``html``, ``docx``. ``detect.detect_format`` picks the format
from the file name and checks the first bytes; ``detect.read_article`` does both.
``lossless`` reads our own JSON export. ``decode`` turns text bytes into ``str``;
``fields`` holds small helpers the readers share.
"""
