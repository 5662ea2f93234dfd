"""The conversion programme: activities with catalog lead times and durations, dated by the critical path.

:mod:`.critical_path` is the forward and backward pass; :mod:`.catalog_data` reads the lead-time and
duration tables; :mod:`.programme` builds and dates each phase's activities; :mod:`.phase_work` turns the
planner's phases into what the schedule needs; :mod:`.load_profile` gives the mining and GPU load by month.
"""
