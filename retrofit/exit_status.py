"""The exit statuses of the command line, in one place.

=====  ==========  =============================================================================
code   name        meaning
=====  ==========  =============================================================================
0      OK          the command did what was asked; for ``check``, every applicable rule was
                   evaluated and held, or its failure or gap is waived (PASS)
1      FAIL        a design check failed (FAIL)
2      INPUT       bad input: a message names the file, line and field
3      INTERNAL    a bug in retrofit: the message names the rule, model or stage that raised
4      INCOMPLETE  no check failed, but some applicable rules could not be evaluated and are not
                   waived; the report lists each with what would evaluate it (INCOMPLETE)
=====  ==========  =============================================================================
"""
from __future__ import annotations

OK = 0
FAIL = 1
INPUT = 2
INTERNAL = 3
INCOMPLETE = 4

__all__ = ["FAIL", "INCOMPLETE", "INPUT", "INTERNAL", "OK"]
