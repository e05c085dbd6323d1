"""The value formats of hadolint's label schema, each checked as its standard writes it:
URLs (RFC 3986), date-times (RFC 3339), semantic versions (semver 2.0.0), SPDX license
ids (the list the installed `packaging` ships), git commit hashes, email addresses
(RFC 5322). Every check is linear in the value's length."""

from __future__ import annotations

import calendar
import ipaddress
import re
import string

from packaging.licenses import InvalidLicenseExpression, canonicalize_license_expression

# The SPDX license list itself: `packaging` keeps it in a private module (stable since
# 24.2, which ships list 3.25.0; packaging 26 ships 3.27.0).
from packaging.licenses._spdx import EXCEPTIONS, LICENSES, VERSION

from dockerlint_ml.rules.hadolint._labels import quote

SPDX_LIST_VERSION = VERSION

# RFC 3986, section 3 and appendix A.
_UNRESERVED = r"A-Za-z0-9\-._~"
_SUB_DELIMS = r"!$&'()*+,;="
_PCT = r"%[0-9A-Fa-f]{2}"
_PCHAR = rf"(?:[{_UNRESERVED}{_SUB_DELIMS}:@]|{_PCT})"
_SEGMENTS = rf"(?:/{_PCHAR}*)*"
_AUTHORITY = (
    rf"(?:(?:[{_UNRESERVED}{_SUB_DELIMS}:]|{_PCT})*@)?"
    rf"(?:\[(?P<ip>[^\]]*)\]|(?:[{_UNRESERVED}{_SUB_DELIMS}]|{_PCT})*)"
    r"(?::[0-9]*)?"
)
_HIER_PART = rf"(?://{_AUTHORITY}{_SEGMENTS}|/(?:{_PCHAR}+{_SEGMENTS})?|{_PCHAR}+{_SEGMENTS}|)"
_TAIL = rf"(?:{_PCHAR}|[/?])*"
_URI = re.compile(rf"[A-Za-z][A-Za-z0-9+\-.]*:{_HIER_PART}(?:\?{_TAIL})?(?:#{_TAIL})?")
_IP_FUTURE = re.compile(rf"[vV][0-9A-Fa-f]+\.[{_UNRESERVED}{_SUB_DELIMS}:]+")


def is_url(value: str) -> bool:
    """An absolute URI: a scheme, `:`, then what RFC 3986 allows (`https://host/path`,
    `mailto:team@example.com`, `urn:...`)."""
    match = _URI.fullmatch(value)
    if match is None:
        return False
    ip = match.group("ip")
    if ip is None or _IP_FUTURE.fullmatch(ip):
        return True
    if "%" in ip:  # zone ids are RFC 6874, not RFC 3986
        return False
    try:
        ipaddress.IPv6Address(ip)
    except ValueError:
        return False
    return True


# RFC 3339, section 5.6: full-date "T" full-time; "T" and "Z" may be lower case.
_DATE_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))",
    re.ASCII,
)


def is_rfc3339(value: str) -> bool:
    """A date-time such as `2024-05-01T12:00:00Z` or `2024-05-01T14:00:00.5+02:00`, its
    date on the calendar (leap years), its second at most 60 (a leap second)."""
    match = _DATE_TIME.fullmatch(value)
    if match is None:
        return False
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year or 2000, month)[1]:
        return False
    offset_hour, offset_minute = (int(g or 0) for g in match.groups()[6:])
    return (
        hour <= 23 and minute <= 59 and second <= 60 and offset_hour <= 23 and offset_minute <= 59
    )


# SemVer 2.0.0 (semver.org, section 2, 9 and 10; its BNF), read by splitting rather than
# with semver.org's suggested expression, whose pre-release identifier
# `0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*` has alternatives starting with the same digit
# inside a repeat. The same language: an identifier is a non-empty run of ASCII letters,
# digits and `-`, and one of digits only (a numeric identifier) has no leading zero,
# except in build metadata.
_DIGITS = frozenset(string.digits)
_IDENT_CHARS = frozenset(string.ascii_letters + string.digits + "-")


def _numeric(text: str) -> bool:
    return bool(text) and set(text) <= _DIGITS and (text == "0" or text[0] != "0")


def _identifiers(text: str, numbers_bare: bool) -> bool:
    """Dot-separated identifiers; `numbers_bare`: a numeric one has no leading zero."""
    for ident in text.split("."):
        if not ident or not set(ident) <= _IDENT_CHARS:
            return False
        if numbers_bare and set(ident) <= _DIGITS and not _numeric(ident):
            return False
    return True


def is_semver(value: str) -> bool:
    """MAJOR.MINOR.PATCH, an optional `-pre.release` and `+build`, without leading zeros."""
    version, plus, build = value.partition("+")
    core, dash, pre = version.partition("-")
    numbers = core.split(".")
    return (
        len(numbers) == 3
        and all(_numeric(n) for n in numbers)
        and (not dash or _identifiers(pre, numbers_bare=True))
        and (not plus or _identifiers(build, numbers_bare=False))
    )


# A full SHA-1 or SHA-256 object id, or an abbreviation of one (git abbreviates to 7
# characters at least, more in a large repository).
_GIT_HASH = re.compile(r"[0-9a-f]{7,40}|[0-9a-f]{64}")


def is_git_hash(value: str) -> bool:
    return _GIT_HASH.fullmatch(value) is not None


_OPERATORS = frozenset({"AND", "OR", "WITH"})
_LICENSE_REF = re.compile(r"(?:DocumentRef-[A-Za-z0-9.\-]+:)?LicenseRef-[A-Za-z0-9.\-]+")
_TOKENS = re.compile(r"[()]|[^\s()]+")


def spdx_problem(value: str) -> str | None:
    """Why `value` is not an SPDX license id or expression (`MIT`, `Apache-2.0 OR MIT`,
    `GPL-2.0-or-later WITH Classpath-exception-2.0`), or None. Ids must be spelled as the
    list spells them and not be deprecated; `LicenseRef-...` ids are accepted."""
    try:
        canonicalize_license_expression(value)
    except InvalidLicenseExpression:
        return f"{quote(value)} is not an SPDX license id or expression"
    tokens = _TOKENS.findall(value)
    for i, token in enumerate(tokens):
        if token in _OPERATORS or token in "()":
            continue
        if i and tokens[i - 1] == "WITH":
            entry = EXCEPTIONS.get(token.lower())
        elif _LICENSE_REF.fullmatch(token):
            continue
        else:
            entry = LICENSES.get(token.removesuffix("+").lower())
            token = token.removesuffix("+")
        if entry is None:
            return f"{quote(token)} is not an SPDX license id"
        if entry["id"] != token:
            return f"{quote(token)} is spelled {quote(entry['id'])} in the SPDX list"
        if entry["deprecated"]:
            return f"{quote(token)} is a deprecated SPDX license id"
    return None


# RFC 5322, section 3.4.1 addr-spec (with 3.2.2 comments and folding white space between
# its words; a domain name's labels as DNS writes them).
_ATEXT = frozenset(string.ascii_letters + string.digits + "!#$%&'*+/=?^_`{|}~-")
_DOMAIN_CHARS = frozenset(string.ascii_letters + string.digits + "-")
_BLANKS = " \t"


def _cfws(text: str, i: int) -> int:
    """The position after the blanks and (nested) comments at `i`; -1: an open comment."""
    n = len(text)
    while i < n:
        if text[i] in _BLANKS:
            i += 1
            continue
        if text[i] != "(":
            break
        depth = 0
        while i < n:
            c = text[i]
            if c == "\\":
                i += 1
            elif c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
                if depth == 0:
                    break
            i += 1
        if i >= n:
            return -1
        i += 1
    return i


def _printable(c: str) -> bool:
    return " " <= c <= "~"


def _local_word(text: str, i: int) -> int:
    """After one atom or quoted string (with the comments around it); -1: none."""
    i = _cfws(text, i)
    n = len(text)
    if i < 0 or i >= n:
        return -1
    if text[i] == '"':
        i += 1
        while i < n and text[i] != '"':
            if not _printable(text[i]) and text[i] != "\t":
                return -1
            i += 2 if text[i] == "\\" else 1
        if i >= n:
            return -1
        return _cfws(text, i + 1)
    start = i
    while i < n and text[i] in _ATEXT:
        i += 1
    return _cfws(text, i) if i > start else -1


def _domain(text: str, i: int) -> bool:
    i = _cfws(text, i)
    if i < 0:
        return False
    n = len(text)
    if text.startswith("[", i):
        close = text.find("]", i)
        inner = text[i + 1 : close]
        if close < 0 or any(not _printable(c) or c in "[\\" for c in inner):
            return False
        return _cfws(text, close + 1) == n
    labels = text[i:].split(".")
    if len(labels) > 1 and labels[-1].strip(_BLANKS) == "":
        labels.pop()  # a trailing dot: the root
    names = []
    for label in labels:
        start = _cfws(label, 0)
        end = start
        while 0 <= end < len(label) and label[end] in _DOMAIN_CHARS:
            end += 1
        name = label[start:end] if start >= 0 else ""
        if not name or len(name) > 63 or name[0] == "-" or name[-1] == "-":
            return False
        if _cfws(label, end) != len(label):
            return False
        names.append(name)
    return len(".".join(names)) <= 253


def is_email(value: str) -> bool:
    """An addr-spec: `local@domain` (`team@example.com`, `"a b"@example.com`,
    `ops@[192.0.2.1]`); a display name (`Jane <jane@example.com>`) is not one."""
    i = _local_word(value, 0)
    while 0 <= i < len(value) and value[i] == ".":
        i = _local_word(value, i + 1)
    if i < 0 or not value.startswith("@", i):
        return False
    return _domain(value, i + 1)
