"""``retrofit init``: a new site file from the facts an engineer has on hand (questions or flags)."""
