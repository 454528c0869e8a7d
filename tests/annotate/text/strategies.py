"""Hypothesis strategies shared by the text-layer tests: arbitrary and tricky text."""

from hypothesis import strategies as st

# Characters that stress splitting and offsets: line breaks of every kind, whitespace,
# sentence punctuation, quotes and dashes, combining marks, astral characters (emoji,
# math letters), right-to-left and CJK scripts, controls and the byte-order mark.
TRICKY = (
    "aZ U.S. Dr. e.g. 12 3.5 ...!?;:,"
    "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb()[]\u2014\u2013-\u2026"
    "\n\r\t\v\f\x0b\x1c\x1d\x1e\x1f\x85\u2028\u2029\u00a0\u2003\u3000\u202f"
    "\u0301\u0308\u200d\ufe0f\u200b\ufeff\x00\x07\x7f"
    "\U0001f600\U0001f44d\U0001f3fd\U0001d400"
    "\u05e9\u05dc\u05d5\u05dd\u0627\u0644\u0633\u0644\u0627\u0645\u061f"
    "\u4e2d\u6587\u3002\uff01\uff1f\u3001\u300c\u300d"
    "\u0939\u093f\u0928\u094d\u0926\u0940\u0964"
)

tricky_text = st.text(alphabet=TRICKY, max_size=120)
any_text = st.text(max_size=120)  # every code point except surrogates
texts = tricky_text | any_text
