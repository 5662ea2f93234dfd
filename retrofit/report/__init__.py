"""Faces that format results: the summary ``retrofit analyze`` prints, and the PDF plan ``retrofit plan`` writes.

- :mod:`.pipeline`: plan, analyse, review, and collect one results dict (what the JSON holds);
- :mod:`.plan_pdf`: assemble the PDF from it; :mod:`.document`: page templates, contents, metadata;
- :mod:`.sections`, :mod:`.planning_sections`, :mod:`.calculations`: the sections;
- :mod:`.oneline`, :mod:`.floorplan`, :mod:`.cooling_schematic`, :mod:`.charts`: the drawings;
- :mod:`.tables`, :mod:`.formatting`: schedules that split across pages, number and text formats;
- :mod:`.command`: the ``plan`` command; :mod:`.docs_plan`: docs/plan.md and its page images.
"""
