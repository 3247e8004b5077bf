"""packgen: render Maths Hubs' Information and Application packs from YAML data."""

__version__ = "0.1.0"
