"""Vietnamese formats as officials write them: 1.234.567 · 82,7 · 20/06/2025.

Django's own Vietnamese locale sets no NUMBER_GROUPING, so ``intcomma`` would print 1234567.
USE_THOUSAND_SEPARATOR stays off in settings so that years and codes print as 2025, not 2.025;
numbers are grouped explicitly by ``plan808/numbers.py`` and its ``numbers`` template library.
"""

NUMBER_GROUPING = 3
THOUSAND_SEPARATOR = "."
DECIMAL_SEPARATOR = ","
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
