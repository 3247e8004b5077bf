"""`packgen preview`: one hub's pack as a page that follows the data as it is edited.

views.py decides what a page shows (the pack as HTML or PDF, or what changed since the year
before, and every problem in it); marks.py finds the wording a problem stands on and highlights
it; page.py puts the switcher and the problems panel around the document; watch.py reports
saves; app.py serves it all (Starlette) and tells open pages a save changed them.
"""

from .views import Previewer, View, ViewKey

__all__ = ["Previewer", "View", "ViewKey"]
