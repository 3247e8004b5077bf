"""Readers of English text that know nothing of packs: dates and academic years in every style
(textdates) and whether a sentence speaks of the past (tense). Rollover, check and the form
field kinds share them."""
