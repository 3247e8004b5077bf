"""`packgen invite`: each invited school's application form pre-filled from the register of schools,
and a personal link to the online form that opens already filled.

links.py: the signed, expiring invitation token the link carries; packs.py: choosing the schools,
making each school's forms and link, and the summary.
"""
