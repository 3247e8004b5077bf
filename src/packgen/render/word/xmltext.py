"""XML escaping for the Word renderers, the same as xml.sax.saxutils' escape and quoteattr.

saxutils imports urllib.request (and with it http, email and ssl): a fifth of packgen's start-up
for two string functions. These give the same text.
"""

from __future__ import annotations


def escape(data: str) -> str:
    """``&``, ``<`` and ``>`` as entities."""
    return data.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(data: str) -> str:
    """An attribute value, escaped and quoted (in ``'`` when it holds ``"`` but no ``'``)."""
    data = escape(data).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' in data:
        if "'" in data:
            return '"{}"'.format(data.replace('"', "&quot;"))
        return f"'{data}'"
    return f'"{data}"'
