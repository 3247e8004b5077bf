"""The schools register: England's establishments from GIAS (Get Information about Schools).

register.py: a school as packgen keeps it; gias.py: reading GIAS's establishment extract CSV;
store.py: the register in the applications' database; eligibility.py: who may apply to a
programme-year; areas.py: hubs' areas against the register's local authorities.
"""
