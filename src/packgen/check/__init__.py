"""`packgen check`: the mistakes hand-edited packs carry, found before a pack is published.

Each check is a function of a CheckScope returning Problems with a code such as
``year.stale``; check_project runs them all and applies the project's silencing.
"""

from ..settings import CONFIG_FILE, CheckConfig, load_config
from .runner import CHECKS, KNOWN_CODES, blocking_problems, check_project, dated_problems

__all__ = [
    "CHECKS",
    "CONFIG_FILE",
    "KNOWN_CODES",
    "CheckConfig",
    "blocking_problems",
    "check_project",
    "dated_problems",
    "load_config",
]
