"""The PDF machinery under the PDF renderers: WeasyPrint's engine and project fetcher (engine.py), the
PDF/UA pass (pdfua.py) over WeasyPrint's tags (weasytags.py), the AcroForm's finishing (acroform.py)
and its fields' font (fieldfont.py), and the form as a browser fills it (browserfill.py)."""
