"""The newsroom's judgement, in plain Python: no Django, no I/O beyond files it is handed.

Each stage takes and returns the dataclasses of `events`, so it can be tested in a few lines.
"""
