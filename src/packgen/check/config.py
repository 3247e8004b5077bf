"""packgen.toml and silencing, as the checks use them: the settings live in packgen/settings.py,
below the project loading that reads a project's regions from them."""

from ..settings import CONFIG_FILE, CheckConfig, LineIgnores, line_ignores, load_config, project_regions

__all__ = ["CONFIG_FILE", "CheckConfig", "LineIgnores", "line_ignores", "load_config", "project_regions"]
