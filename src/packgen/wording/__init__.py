"""Wording: the text people write in data files, its Jinja environment, its inline markup, and the
one walk that finds every piece of it with its location and role."""

from .env import compile_wording, environment, undefined_message
from .walk import Piece, hub_pieces, programme_pieces

__all__ = ["Piece", "compile_wording", "environment", "hub_pieces", "programme_pieces", "undefined_message"]
