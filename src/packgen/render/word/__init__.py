"""The Word machinery under the DOCX renderers: a .docx template parsed once and filled (template.py),
the body XML per block (ooxml.py), the package's other parts (wordparts.py) and XML escaping (xmltext.py)."""
