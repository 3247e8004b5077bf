"""Make data/schools/edubasealldata20250901.csv: a few hundred FICTIONAL schools in GIAS's exact format.

    python tools/make_gias_sample.py            # rewrites the sample (the same bytes every time)
    python tools/make_gias_sample.py --rows 50000 --out /tmp/edubasealldata20250901.csv

GIAS (Get Information about Schools) publishes every establishment in England as
`edubasealldataYYYYMMDD.csv` (Downloads -> "Establishment fields" CSV), encoded Windows-1252,
text quoted and numbers bare, dates DD-MM-YYYY, CRLF line ends. HEADER below is its column
set in its order as published in 2024-25: taken from the ordered column list of
MastodonC/witan.gias (src/witan/gias.clj, which reads the files of 2023-2025 and describes the
one of 17 July 2024, 139 columns), checked against the header quoted in a DfE service's test of
its GIAS import (2021; it also has "CensusAreaStatisticWard (name)" after Northing and
"RSCRegion (name)", since dropped by GIAS). The codes and names of establishment types, groups,
statuses and phases are GIAS's own.

Every school, person, address, telephone number and website here is invented, the URNs (from
800001 up) too: never mix the sample with a real register. They are spread over the local authorities the shipped hubs
serve (WM1: Birmingham, Sandwell, Dudley) and their neighbours, with closed, secondary, special,
independent, all-through, middle, nursery and post-16 establishments among them, and names and
addresses with é, ñ, ë, an en dash and curly quotes, so a reader that gets the encoding wrong shows it.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "schools" / "edubasealldata20250901.csv"

HEADER = [
    "URN", "LA (code)", "LA (name)", "EstablishmentNumber", "EstablishmentName",
    "TypeOfEstablishment (code)", "TypeOfEstablishment (name)", "EstablishmentTypeGroup (code)",
    "EstablishmentTypeGroup (name)", "EstablishmentStatus (code)", "EstablishmentStatus (name)",
    "ReasonEstablishmentOpened (code)", "ReasonEstablishmentOpened (name)", "OpenDate",
    "ReasonEstablishmentClosed (code)", "ReasonEstablishmentClosed (name)", "CloseDate",
    "PhaseOfEducation (code)", "PhaseOfEducation (name)", "StatutoryLowAge", "StatutoryHighAge",
    "Boarders (code)", "Boarders (name)", "NurseryProvision (name)", "OfficialSixthForm (code)",
    "OfficialSixthForm (name)", "Gender (code)", "Gender (name)", "ReligiousCharacter (code)",
    "ReligiousCharacter (name)", "ReligiousEthos (name)", "Diocese (code)", "Diocese (name)",
    "AdmissionsPolicy (code)", "AdmissionsPolicy (name)", "SchoolCapacity", "SpecialClasses (code)",
    "SpecialClasses (name)", "CensusDate", "NumberOfPupils", "NumberOfBoys", "NumberOfGirls",
    "PercentageFSM", "TrustSchoolFlag (code)", "TrustSchoolFlag (name)", "Trusts (code)", "Trusts (name)",
    "SchoolSponsorFlag (name)", "SchoolSponsors (name)", "FederationFlag (name)", "Federations (code)",
    "Federations (name)", "UKPRN", "FEHEIdentifier", "FurtherEducationType (name)", "OfstedLastInsp",
    "OfstedSpecialMeasures (code)", "OfstedSpecialMeasures (name)", "LastChangedDate", "Street",
    "Locality", "Address3", "Town", "County (name)", "Postcode", "SchoolWebsite", "TelephoneNum",
    "HeadTitle (name)", "HeadFirstName", "HeadLastName", "HeadPreferredJobTitle",
    "BSOInspectorateName (name)", "InspectorateReport", "DateOfLastInspectionVisit",
    "NextInspectionVisit", "TeenMoth (name)", "TeenMothPlaces", "CCF (name)", "SENPRU (name)",
    "EBD (name)", "PlacesPRU", "FTProv (name)", "EdByOther (name)", "Section41Approved (name)",
    "SEN1 (name)", "SEN2 (name)", "SEN3 (name)", "SEN4 (name)", "SEN5 (name)", "SEN6 (name)",
    "SEN7 (name)", "SEN8 (name)", "SEN9 (name)", "SEN10 (name)", "SEN11 (name)", "SEN12 (name)",
    "SEN13 (name)", "TypeOfResourcedProvision (name)", "ResourcedProvisionOnRoll",
    "ResourcedProvisionCapacity", "SenUnitOnRoll", "SenUnitCapacity", "GOR (code)", "GOR (name)",
    "DistrictAdministrative (code)", "DistrictAdministrative (name)", "AdministrativeWard (code)",
    "AdministrativeWard (name)", "ParliamentaryConstituency (code)", "ParliamentaryConstituency (name)",
    "UrbanRural (code)", "UrbanRural (name)", "GSSLACode (name)", "Easting", "Northing", "MSOA (name)",
    "LSOA (name)", "InspectorateName (name)", "SENStat", "SENNoStat", "BoardingEstablishment (name)",
    "PropsName", "PreviousLA (code)", "PreviousLA (name)", "PreviousEstablishmentNumber",
    "OfstedRating (name)", "Country (name)", "UPRN", "SiteName", "QABName (code)", "QABName (name)",
    "EstablishmentAccredited (code)", "EstablishmentAccredited (name)", "QABReport", "CHNumber",
    "MSOA (code)", "LSOA (code)", "FSM", "AccreditationExpiryDate",
]  # fmt: skip

# Local authority: (code, name, GSS code, postcode areas, towns, share of the schools)
AUTHORITIES = [
    ("330", "Birmingham", "E08000025", ["B"], ["Birmingham", "Sutton Coldfield"], 40),
    ("333", "Sandwell", "E08000028", ["B", "B"], ["West Bromwich", "Oldbury", "Smethwick", "Tipton"], 14),
    ("332", "Dudley", "E08000027", ["DY"], ["Dudley", "Stourbridge", "Halesowen", "Brierley Hill"], 14),
    ("336", "Wolverhampton", "E08000031", ["WV"], ["Wolverhampton"], 8),
    ("335", "Walsall", "E08000030", ["WS"], ["Walsall", "Willenhall"], 8),
    ("334", "Solihull", "E08000029", ["B"], ["Solihull", "Shirley"], 6),
    ("860", "Staffordshire", "E10000028", ["ST", "WS"], ["Stafford", "Lichfield", "Leek"], 6),
    ("861", "Stoke-on-Trent", "E06000021", ["ST"], ["Stoke-on-Trent", "Hanley"], 4),
]

# TypeOfEstablishment: (code, name, group code, group name), as GIAS codes them
TYPES = {
    "community": (1, "Community school", 4, "Local authority maintained schools"),
    "aided": (2, "Voluntary aided school", 4, "Local authority maintained schools"),
    "controlled": (3, "Voluntary controlled school", 4, "Local authority maintained schools"),
    "foundation": (5, "Foundation school", 4, "Local authority maintained schools"),
    "special": (7, "Community special school", 5, "Special schools"),
    "independent special": (10, "Other independent special school", 5, "Special schools"),
    "independent": (11, "Other independent school", 3, "Independent schools"),
    "pru": (14, "Pupil referral unit", 4, "Local authority maintained schools"),
    "nursery": (15, "Local authority nursery school", 4, "Local authority maintained schools"),
    "fe": (18, "Further education", 1, "Colleges"),
    "sponsored": (28, "Academy sponsor led", 10, "Academies"),
    "converter": (34, "Academy converter", 10, "Academies"),
    "special academy": (44, "Academy special converter", 10, "Academies"),
    "free": (35, "Free schools", 11, "Free Schools"),
}
PHASES = {
    0: "Not applicable", 1: "Nursery", 2: "Primary", 3: "Middle deemed primary", 4: "Secondary",
    5: "Middle deemed secondary", 6: "16 plus", 7: "All-through",
}  # fmt: skip
STATUSES = {1: "Open", 2: "Closed", 3: "Open, but proposed to close", 4: "Proposed to open"}

# What kinds of establishment the sample holds, and how often: (type, phase code, ages, weight)
KINDS = [
    ("community", 2, (4, 11), 26), ("aided", 2, (4, 11), 8), ("controlled", 2, (4, 11), 4),
    ("converter", 2, (3, 11), 16), ("sponsored", 2, (4, 11), 6), ("community", 3, (9, 13), 2),
    ("converter", 5, (10, 14), 1), ("foundation", 4, (11, 18), 3), ("converter", 4, (11, 18), 9),
    ("sponsored", 4, (11, 16), 4), ("free", 7, (4, 18), 2), ("converter", 7, (3, 19), 1),
    ("special", 0, (2, 19), 4), ("special academy", 0, (4, 19), 2), ("independent", 0, (3, 18), 3),
    ("independent", 7, (4, 18), 2), ("independent special", 0, (7, 19), 1), ("nursery", 1, (2, 5), 2),
    ("pru", 0, (11, 16), 1), ("fe", 6, (16, 99), 1),
]  # fmt: skip

FIRST = ["Oak", "Willow", "Hazel", "Rowan", "Linden", "Elm", "Meadow", "Brook", "Beacon", "Kestrel", "Larch",
         "Holly", "Foxglove", "Heron", "Cedar", "Marsh", "Orchard", "Tern", "Badger", "Copper", "Lark", "Ash",
         "Juniper", "Alder", "Bramble", "Clover", "Fern", "Harrier", "Millstone", "Quarry"]  # fmt: skip
SECOND = ["Lane", "Green", "Park", "Hill", "Field", "Vale", "Wood", "Heath", "Bank", "Cross", "End", "Gate"]
SAINTS = ["St Mary\u2019s", "St Chad\u2019s", "St Chlo\u00eb\u2019s", "St Ren\u00e9e\u2019s", "Holy Trinity",
          "St Francis\u2019", "St Ignatius"]  # fmt: skip
SPECIAL_NAMES = [  # the characters a wrong encoding garbles, in names GIAS could hold
    "\u00c9cole Montpellier \u2013 Bilingual Primary",
    "Montañez House School",
    "The Brontë Academy",
    "\u201cThe Willows\u201d Special School",
    "Saint-\u00c9tienne Catholic Primary School",
    "Niño Jesús Independent School",
    "Zoë Fairbrother \u2013 Nursery School",
]
TITLES = ["Mr", "Mrs", "Ms", "Miss", "Dr"]
GIVEN = ["Amara", "Ben", "Chloë", "Daniel", "Efua", "Farah", "George", "Hannah", "Imran", "José", "Kiran",
         "Lucía", "Marek", "Nadia", "Owen", "Priya", "Rhys", "Siân", "Tomás", "Una", "Wei", "Yusuf", "Zoë"]  # fmt: skip
FAMILY = ["Ashcombe", "Brightwell", "Carrow", "Dunmore", "Ellery", "Fenwick", "Garside", "Holloway", "Ibañez",
          "Jessop", "Kettering", "Lowther", "Marwood", "Noakes", "Okafor", "Penhale", "Quarrie", "Renwick",
          "Sæther", "Thursby", "Upton", "Varga", "Whitlow", "Yardley"]  # fmt: skip
STREETS = ["Road", "Lane", "Street", "Avenue", "Drive", "Way", "Close", "Grove"]
TRUSTS = ["Beacon Learning Trust", "Three Spires Academy Trust", "Black Country Learning Partnership",
          "The Elm \u2013 Oak Multi-Academy Trust", "Saint Ren\u00e9e\u2019s Catholic Academy Trust"]  # fmt: skip
CLOSE_REASONS = ["Academy Converter", "Result of Amalgamation/Merger", "Closure", "Academy Sponsor Led"]


def gias_date(day: dt.date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else ""


def web_name(name: str) -> str:
    """A website's host name made from a school's name: "Montañez House School" -> "montanez-house-school"."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return "-".join(re.findall(r"[a-z0-9]+", plain))


def school_name(rng: random.Random, kind: str, phase: int, serial: int) -> str:
    if serial % 37 == 5:
        return SPECIAL_NAMES[(serial // 37) % len(SPECIAL_NAMES)]
    place = f"{rng.choice(FIRST)} {rng.choice(SECOND)}"
    if kind in ("aided", "controlled"):
        return (
            f"{rng.choice(SAINTS)} C of E Primary School"
            if kind == "controlled"
            else f"{rng.choice(SAINTS)} Catholic Primary School"
        )
    if kind in ("special", "special academy", "independent special"):
        return f"{place} School"
    if kind == "nursery":
        return f"{place} Nursery School"
    if kind == "pru":
        return f"{place} Pupil Referral Unit"
    if kind == "fe":
        return f"{rng.choice(FIRST)} College"
    if kind == "independent":
        return f"{place} House School" if phase == 0 else f"{place} Preparatory and Senior School"
    return {
        2: f"{place} Primary School" if serial % 3 else f"{place} Primary Academy",
        3: f"{place} Middle School",
        4: f"{place} Academy" if kind != "foundation" else f"{place} High School",
        5: f"{place} Middle School",
        7: f"{place} All-Through School",
    }[phase]


def rows(count: int, seed: int = 24) -> Iterator[list[object]]:
    """``count`` rows of fictional schools in HEADER's order, the same for the same seed."""
    rng = random.Random(seed)
    authorities = [a for a in AUTHORITIES for _ in range(a[5])]
    kinds = [k for k in KINDS for _ in range(k[3])]
    numbers: dict[str, int] = {}
    for serial in range(count):
        urn = 800001 + serial * 3 + rng.randrange(3)
        la_code, la_name, gss, areas, towns, _share = rng.choice(authorities)
        kind, phase, (low, high), _weight = rng.choice(kinds)
        type_code, type_name, group_code, group_name = TYPES[kind]
        status = 1
        roll = rng.random()
        if roll < 0.09:
            status = 2
        elif roll < 0.11:
            status = 3
        elif roll < 0.12:
            status = 4
        opened = (
            dt.date(rng.randrange(1950, 2024), 9, 1)
            if kind in ("converter", "sponsored", "free") or roll > 0.8
            else None
        )
        closed = dt.date(rng.randrange(2012, 2025), 8, 31) if status == 2 else None
        if status == 3:
            closed = dt.date(2026, 8, 31)
        if status == 4:
            opened = dt.date(2026, 9, 1)
        numbers[la_code] = numbers.get(la_code, 1999) + 1
        town = rng.choice(towns)
        street_name = f"{rng.choice(FIRST)} {rng.choice(STREETS)}" if serial % 41 != 7 else "Rue de l\u2019\u00c9cole"
        locality = rng.choice(["", "", f"{rng.choice(FIRST)} {rng.choice(SECOND)}"])
        unit = "".join(rng.choice("ABDEFGHJLNPQRSTUWXYZ") for _ in range(2))
        postcode = f"{rng.choice(areas)}{rng.randrange(1, 80)} {rng.randrange(1, 10)}{unit}"
        name = school_name(rng, kind, phase, serial)
        trust = rng.choice(TRUSTS) if kind in ("converter", "sponsored", "free", "special academy") else ""
        independent = kind in ("independent", "independent special")
        pupils = rng.randrange(40, 1600) if status != 4 else ""
        values = {
            "URN": urn,
            "LA (code)": la_code,
            "LA (name)": la_name,
            "EstablishmentNumber": str(numbers[la_code]) if kind != "fe" else "",
            "EstablishmentName": name,
            "TypeOfEstablishment (code)": f"{type_code:02}",
            "TypeOfEstablishment (name)": type_name,
            "EstablishmentTypeGroup (code)": str(group_code),
            "EstablishmentTypeGroup (name)": group_name,
            "EstablishmentStatus (code)": str(status),
            "EstablishmentStatus (name)": STATUSES[status],
            "ReasonEstablishmentOpened (code)": "00",
            "ReasonEstablishmentOpened (name)": "Not applicable",
            "OpenDate": gias_date(opened),
            "ReasonEstablishmentClosed (code)": "00" if status != 2 else "10",
            "ReasonEstablishmentClosed (name)": "Not applicable" if status != 2 else rng.choice(CLOSE_REASONS),
            "CloseDate": gias_date(closed),
            "PhaseOfEducation (code)": str(phase),
            "PhaseOfEducation (name)": PHASES[phase],
            "StatutoryLowAge": low,
            "StatutoryHighAge": high,
            "Boarders (code)": "1",
            "Boarders (name)": "No boarders",
            "NurseryProvision (name)": "Has Nursery Classes" if low < 4 else "No Nursery Classes",
            "OfficialSixthForm (code)": "1" if high >= 18 else "2",
            "OfficialSixthForm (name)": "Has a sixth form" if high >= 18 else "Does not have a sixth form",
            "Gender (code)": "3",
            "Gender (name)": "Mixed",
            "ReligiousCharacter (code)": "02" if kind in ("aided", "controlled") else "00",
            "ReligiousCharacter (name)": "Church of England"
            if kind == "controlled"
            else ("Roman Catholic" if kind == "aided" else "Does not apply"),
            "ReligiousEthos (name)": "Does not apply",
            "Diocese (code)": "0000",
            "Diocese (name)": "Not applicable",
            "AdmissionsPolicy (code)": "0",
            "AdmissionsPolicy (name)": "Not applicable",
            "SchoolCapacity": rng.randrange(60, 1800),
            "SpecialClasses (code)": "2",
            "SpecialClasses (name)": "No Special Classes",
            "CensusDate": "16-01-2025" if status != 4 else "",
            "NumberOfPupils": pupils,
            "NumberOfBoys": "",
            "NumberOfGirls": "",
            "PercentageFSM": f"{rng.uniform(2, 60):.1f}" if not independent else "",
            "TrustSchoolFlag (code)": "5" if trust else "0",
            "TrustSchoolFlag (name)": "Supported by a multi-academy trust" if trust else "Not applicable",
            "Trusts (code)": str(5000 + TRUSTS.index(trust)) if trust else "",
            "Trusts (name)": trust,
            "SchoolSponsorFlag (name)": "Not applicable",
            "SchoolSponsors (name)": "",
            "FederationFlag (name)": "Not under a federation",
            "Federations (code)": "",
            "Federations (name)": "",
            "UKPRN": 90000000 + urn,
            "FEHEIdentifier": "",
            "FurtherEducationType (name)": "Not applicable" if kind != "fe" else "General Further Education College",
            "OfstedLastInsp": gias_date(dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(2000))),
            "OfstedSpecialMeasures (code)": "0",
            "OfstedSpecialMeasures (name)": "Not applicable",
            "LastChangedDate": gias_date(dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(240))),
            "Street": f"{rng.randrange(1, 200)} {street_name}",
            "Locality": locality,
            "Address3": "",
            "Town": town,
            "County (name)": "West Midlands" if la_code.startswith("33") else "Staffordshire",
            "Postcode": postcode,
            "SchoolWebsite": f"https://www.{web_name(name)}.example.org" if serial % 4 else "",
            "TelephoneNum": f"0121{rng.randrange(1000000, 9999999)}",
            "HeadTitle (name)": rng.choice(TITLES),
            "HeadFirstName": rng.choice(GIVEN),
            "HeadLastName": rng.choice(FAMILY),
            "HeadPreferredJobTitle": "Headteacher" if kind != "fe" else "Principal",
            "BSOInspectorateName (name)": "Not applicable",
            "TeenMoth (name)": "Not applicable",
            "CCF (name)": "Not applicable",
            "SENPRU (name)": "Not applicable",
            "EBD (name)": "Not applicable",
            "EdByOther (name)": "Not applicable",
            "Section41Approved (name)": "Approved" if independent else "Not applicable",
            "SEN1 (name)": "ASD - Autistic Spectrum Disorder" if "special" in kind else "",
            "GOR (code)": "F",
            "GOR (name)": "West Midlands",
            "DistrictAdministrative (code)": gss,
            "DistrictAdministrative (name)": la_name,
            "UrbanRural (code)": "A1",
            "UrbanRural (name)": "(England/Wales) Urban major conurbation",
            "GSSLACode (name)": gss,
            "Easting": rng.randrange(380000, 420000),
            "Northing": rng.randrange(270000, 310000),
            "InspectorateName (name)": "ISI" if independent else "",
            "BoardingEstablishment (name)": "Does not have boarders" if independent else "",
            "PropsName": f"{rng.choice(FAMILY)} Education Ltd" if independent else "",
            "OfstedRating (name)": rng.choice(["Outstanding", "Good", "Good", "Requires improvement", ""]),
            "Country (name)": "",
            "UPRN": str(100070000000 + urn),
            "QABName (code)": "0",
            "QABName (name)": "Not applicable",
            "EstablishmentAccredited (code)": "0",
            "EstablishmentAccredited (name)": "Not applicable",
            "FSM": "",
        }
        yield [values.get(column, "") for column in HEADER]


def write(path: Path, count: int, seed: int = 24) -> None:
    """Write ``count`` fictional schools to ``path`` as GIAS does: Windows-1252, text quoted, CRLF."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="cp1252", newline="") as f:
        writer = csv.writer(f, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
        writer.writerow(HEADER)
        writer.writerows(rows(count, seed))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=300)
    parser.add_argument("--seed", type=int, default=24)
    parser.add_argument("--out", type=Path, default=SAMPLE)
    args = parser.parse_args()
    write(args.out, args.rows, args.seed)
    print(f"Wrote {args.rows} fictional schools to {args.out}")


if __name__ == "__main__":
    main()
