"""Phone numbers in national and international forms, with the region guessed from the resume.

A number written without a country code ("0412 345 678", "06 12 34 56 78") means different
things in different countries, so the regions to try come from the resume itself: the country,
state or city in its location and header, then its language, then the regions most resumes come
from. ``phonenumbers`` (libphonenumber) validates each reading; a number that no region's plan
accepts is still kept, at lower confidence, when a "Phone:"/"Mobile:" label vouches for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from phonenumbers.geodata.locale import LOCALE_DATA

DEFAULT_REGIONS = ("US", "GB", "IN", "CA", "AU", "DE", "FR", "ES", "NL", "IE", "SG", "ZA")
# The regions a resume in a language most likely comes from, most populous first.
LANGUAGE_REGIONS: dict[str, tuple[str, ...]] = {
    "es": ("ES", "MX", "AR", "CO", "CL", "PE"),
    "pt": ("BR", "PT"),
    "de": ("DE", "AT", "CH"),
    "fr": ("FR", "BE", "CH", "CA"),
    "it": ("IT", "CH"),
    "nl": ("NL", "BE"),
    "pl": ("PL",),
    "sv": ("SE",),
    "da": ("DK",),
    "no": ("NO",),
    "nb": ("NO",),
    "fi": ("FI",),
    "tr": ("TR",),
    "ro": ("RO",),
    "cs": ("CZ",),
    "el": ("GR",),
    "ru": ("RU",),
    "uk": ("UA",),
    "ja": ("JP",),
    "ko": ("KR",),
    "zh": ("CN", "TW", "HK", "SG"),
    "ar": ("AE", "SA", "EG"),
    "hi": ("IN",),
    "id": ("ID",),
    "vi": ("VN",),
}
# Names a resume uses for a country that are not its official English name.
COUNTRY_ALIASES = {
    "usa": "US",
    "u.s.a.": "US",
    "u.s.": "US",
    "united states of america": "US",
    "america": "US",
    "uk": "GB",
    "u.k.": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "great britain": "GB",
    "britain": "GB",
    "northern ireland": "GB",
    "uae": "AE",
    "dubai": "AE",
    "abu dhabi": "AE",
    "holland": "NL",
    "deutschland": "DE",
    "españa": "ES",
    "méxico": "MX",
    "brasil": "BR",
}
US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "  # noqa: SIM905
    "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY".split()
)
CANADIAN_PROVINCES = frozenset("AB BC MB NB NL NS NT NU ON PE QC SK YT".split())  # noqa: SIM905
AUSTRALIAN_STATES = frozenset("NSW VIC QLD WA SA TAS ACT NT".split())  # noqa: SIM905
PHONE_LABEL = re.compile(
    r"\b(?:phone|mobile|mob|cell|tel|telephone|contact(?: no)?|ph|whatsapp|móvil|teléfono|"
    r"telefon|handy|portable|celular)\b\.?\s*(?:no\.?|number|#)?\s*[:.\-]?\s*",
    re.IGNORECASE,
)
LABELLED_NUMBER = re.compile(r"(\+?\(?\d[\d\s().\-/]{6,20}\d)")


@dataclass(frozen=True)
class Phone:
    """A phone number as the profile shows it, and how sure the reading is."""

    number: str
    confidence: float


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """Lower-cased country name (English and the main European languages) -> region code."""
    names: dict[str, str] = {}
    for region, by_language in LOCALE_DATA.items():
        for language in ("aa", "es", "de", "fr", "pt", "it", "nl"):
            name = by_language.get(language, "")
            if name and not name.startswith("*"):
                names.setdefault(name.lower(), region)
    names.update(COUNTRY_ALIASES)
    return names


def regions_from_places(places: Iterable[str]) -> list[str]:
    """Regions named by location strings ("Austin, TX", "Sydney NSW", "Pune, India")."""
    names = _country_names()
    found: list[str] = []
    for place in places:
        parts = [p.strip(" .") for p in re.split(r"[,;/|()]|\s-\s", place) if p.strip(" .")]
        for part in reversed(parts):  # the country or state comes last
            region = names.get(part.lower())
            if region is None and part in US_STATES:
                region = "US"
            elif region is None and part in CANADIAN_PROVINCES:
                region = "CA"
            elif region is None and part.split()[-1] in AUSTRALIAN_STATES:
                region = "AU"
            if region and region not in found:
                found.append(region)
    return found


def candidate_regions(places: Iterable[str], language: str | None) -> list[str]:
    """Regions to read national numbers in: places first, then language, then defaults."""
    ordered = regions_from_places(places)
    ordered += LANGUAGE_REGIONS.get(language or "", ())
    ordered += DEFAULT_REGIONS
    return list(dict.fromkeys(ordered))


def _formatted(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _valid_match(text: str, regions: list[str]) -> str | None:
    for region in regions:
        for match in phonenumbers.PhoneNumberMatcher(
            text, region, leniency=phonenumbers.Leniency.VALID
        ):
            return _formatted(match.number)
    return None


def _labelled_number(text: str, region: str) -> str | None:
    """A number after a phone label that no numbering plan accepts (e.g. a 555 number)."""
    for label in PHONE_LABEL.finditer(text):
        found = LABELLED_NUMBER.match(text, label.end())
        if not found:
            continue
        written = found.group(1).strip()
        digits = re.sub(r"\D", "", written)
        if not 7 <= len(digits) <= 15:
            continue
        try:
            number = phonenumbers.parse(written, region)
        except phonenumbers.NumberParseException:
            return written
        if phonenumbers.is_possible_number(number):
            return _formatted(number)
        return written
    return None


def find_phone(text: str, places: Iterable[str] = (), language: str | None = None) -> Phone | None:
    """The first phone number of ``text``, read in the regions the resume points to."""
    regions = candidate_regions(places, language)
    found = _valid_match(text, regions)
    if found:
        return Phone(found, 0.9)
    labelled = _labelled_number(text, regions[0])
    return Phone(labelled, 0.6) if labelled else None
