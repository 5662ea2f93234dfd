"""Annual energy, water and operating cost of a design over a weather year (8,760 hours), and the
comparison of design variants.

Modules: :mod:`.controls` (the plant's control sequences and the part-load laws), :mod:`.plant_hours`
(the plant balance of one facility loop at every hour, vectorised), :mod:`.tariff`, :mod:`.records`
(typed results with JSON), :mod:`.simulate` (a Design over a year), :mod:`.scenarios` (variants, run
serially, on a process pool or on Dask), :mod:`.command` (the ``annual`` and ``compare`` commands).
"""
