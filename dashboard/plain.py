"""User-provided text shown as text: Streamlit renders Markdown in titles, captions,
alerts and tooltips, so every ASCII punctuation character of such text is
backslash-escaped (CommonMark shows an escaped character literally), and `<` `>`
become entities. A link, an image, an emoji shortcode or a directive in a query
parameter, a file name, an outlet or a title arrives as the characters typed.
"""

from __future__ import annotations

import re
import string

_PUNCTUATION = re.compile(
    "([" + re.escape(string.punctuation.replace("<", "").replace(">", "")) + "])"
)


def literal(text: object) -> str:
    """`text` as Markdown source that renders exactly these characters, on one line."""
    flat = " ".join(str(text).split())
    escaped = _PUNCTUATION.sub(r"\\\1", flat)
    return escaped.replace("<", "&lt;").replace(">", "&gt;")
