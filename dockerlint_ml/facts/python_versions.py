"""CPython release lines: when each minor version was released and when it reaches end of life.

End of life is the day a release line gets its last security fix: from then on CPython's
core team publishes nothing for it. The dates of 2.7 and 3.5 to 3.14 are those of issue 12
(each from its release schedule PEP, listed per row); the older lines are from the Python
developer's guide ("Unsupported versions"), https://devguide.python.org/versions/. A line
is past end of life on and after its date.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

_DEVGUIDE = "https://devguide.python.org/versions/"


@dataclass(frozen=True, slots=True)
class PythonLine:
    """One CPython minor version (`3.12`): its first release and its end of life."""

    version: str
    released: datetime.date
    eol: datetime.date
    source: str

    def is_eol(self, as_of: datetime.date) -> bool:
        return as_of >= self.eol

    def is_released(self, as_of: datetime.date) -> bool:
        return as_of >= self.released


def _d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def _pep(number: int) -> str:
    return f"https://peps.python.org/pep-{number:04d}/"


LINES: tuple[PythonLine, ...] = (
    PythonLine("2.6", _d("2008-10-01"), _d("2013-10-29"), _pep(361)),
    PythonLine("2.7", _d("2010-07-03"), _d("2020-01-01"), _pep(373)),
    PythonLine("3.0", _d("2008-12-03"), _d("2009-06-27"), _DEVGUIDE),
    PythonLine("3.1", _d("2009-06-27"), _d("2012-04-09"), _pep(375)),
    PythonLine("3.2", _d("2011-02-20"), _d("2016-02-20"), _pep(392)),
    PythonLine("3.3", _d("2012-09-29"), _d("2017-09-29"), _pep(398)),
    PythonLine("3.4", _d("2014-03-16"), _d("2019-03-18"), _pep(429)),
    PythonLine("3.5", _d("2015-09-13"), _d("2020-09-13"), _pep(478)),
    PythonLine("3.6", _d("2016-12-23"), _d("2021-12-23"), _pep(494)),
    PythonLine("3.7", _d("2018-06-27"), _d("2023-06-27"), _pep(537)),
    PythonLine("3.8", _d("2019-10-14"), _d("2024-10-07"), _pep(569)),
    PythonLine("3.9", _d("2020-10-05"), _d("2025-10-31"), _pep(596)),
    PythonLine("3.10", _d("2021-10-04"), _d("2026-10-31"), _pep(619)),
    PythonLine("3.11", _d("2022-10-24"), _d("2027-10-31"), _pep(664)),
    PythonLine("3.12", _d("2023-10-02"), _d("2028-10-31"), _pep(693)),
    PythonLine("3.13", _d("2024-10-07"), _d("2029-10-31"), _pep(719)),
    PythonLine("3.14", _d("2025-10-07"), _d("2030-10-31"), _pep(745)),
)

_BY_VERSION: dict[str, PythonLine] = {line.version: line for line in LINES}


def python_line(version: str) -> PythonLine | None:
    """The release line of `3.8` (a major.minor), or None for one not in the table."""
    return _BY_VERSION.get(version)


def supported(as_of: datetime.date) -> tuple[PythonLine, ...]:
    """The lines released and not yet past end of life on `as_of`, oldest first."""
    return tuple(line for line in LINES if line.is_released(as_of) and not line.is_eol(as_of))


def suggested(as_of: datetime.date) -> PythonLine | None:
    """The line a fix hint names: the newest supported line that has been out for a year
    (the libraries an ML image needs publish wheels for it by then), else the newest one."""
    lines = supported(as_of)
    if not lines:
        return None
    mature = [line for line in lines if (as_of - line.released).days >= 365]
    return mature[-1] if mature else lines[-1]


__all__ = ["LINES", "PythonLine", "python_line", "suggested", "supported"]
