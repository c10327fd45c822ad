"""Skills across professions: taxonomy (O*NET + ESCO + aliases), listed skills, evaluation."""

import pytest

from core.evaluation.skills import Counts, evaluate, matches
from core.parsing.skill_extraction import find_skills
from core.scoring.requirements import extract_requirements
from core.skills.esco import ESCO_ATTRIBUTION, LabelStats, preferred_label, split_labels
from core.skills.listing import listed_skills
from core.skills.taxonomy import DATA, get_taxonomy


def skills_of(text: str) -> list[str]:
    return find_skills(text, {}, None)[0]


@pytest.mark.parametrize(
    ("written", "preferred"),
    [
        ("MS AD", "Active Directory"),
        ("W2K8 R2", "Windows Server 2008 R2"),
        ("Generally Accepted Accounting Principles", "GAAP"),
        ("International Financial Reporting Standards", "IFRS"),
        ("Microsoft Dynamics 365", "Dynamics 365"),
        ("Quick Books", "QuickBooks"),
        ("Cardiopulmonary Resuscitation", "CPR"),
        ("Basic Life Support", "BLS"),
        ("Pediatric Advanced Life Support", "PALS"),
        ("Advanced Cardiac Life Support", "ACLS"),
        ("QUICKBOOKS", "QuickBooks"),
    ],
)
def test_aliases_and_abbreviations_give_the_preferred_label(written, preferred):
    assert get_taxonomy().lookup(written) == preferred


def test_listed_versions_and_filler_normalise():
    text = "SKILLS\nProficient in Creo 2.0, CPR certified, Moodle 1.9 and 2.4, W2K8 R2 servers"
    skills = skills_of(text)
    assert {"Creo", "CPR", "Moodle"} <= set(skills)
    assert "Windows Server 2008 R2" in skills_of("SKILLS\nW2K8 R2")


def test_nurse_skills_section():
    text = (
        "Maria Lopez, RN\n"
        "Clinical Skills\n"
        "IV therapy | Wound care | Venipuncture | Patient education | Telemetry\n"
        "Licenses and Certifications\n"
        "BLS, ACLS, PALS\n"
        "Registered Nurse License, State of Ohio\n"
        "EXPERIENCE\n"
        "Staff Nurse, Mercy Hospital 2019 - present\n"
        "Documented care in Cerner and administered medications to 6 patients per shift.\n"
    )
    skills = skills_of(text)
    expected = {"IV Therapy", "Wound Care", "Venipuncture", "Patient Education", "Telemetry"}
    assert expected | {"BLS", "ACLS", "PALS", "Cerner"} <= set(skills)
    assert "RN License" in skills
    assert "State of Ohio" not in skills and "Mercy Hospital" not in skills


def test_accountant_competencies_section():
    text = (
        "CORE COMPETENCIES\n"
        "• General ledger • Accounts payable • Month-end close\n"
        "• US GAAP • IFRS • Sarbanes-Oxley • Intercompany eliminations\n"
        "PROFESSIONAL EXPERIENCE\n"
        "Senior Accountant, Example Corp 2018 - 2024\n"
        "Prepared journal entries and bank reconciliations in QuickBooks Online.\n"
    )
    skills = skills_of(text)
    listed = {"General Ledger", "Accounts Payable", "Month-end Close", "GAAP", "IFRS"}
    assert listed | {"Sarbanes-Oxley", "Intercompany eliminations"} <= set(skills)
    assert {"Journal Entries", "Bank Reconciliation", "QuickBooks"} <= set(skills)


def test_electrician_licences_and_skills():
    text = (
        "LICENSES\n"
        "Journeyman Electrician License (Texas)\n"
        "OSHA 30-hour\n"
        "Skills\n"
        "Conduit bending; blueprint reading; NEC 2020; troubleshooting; forklift certified\n"
    )
    skills = skills_of(text)
    expected = {"Journeyman Electrician License", "OSHA 30", "Conduit bending", "NEC"}
    assert expected | {"Blueprint Reading", "Troubleshooting", "Forklift"} <= set(skills)
    assert "Texas" not in skills


def test_docx_table_cells_give_skills():
    cells = "Technical Skills\nPython\nSQL\nTableau\nLanguages\nSpanish\nFrench\nEDUCATION\nBSc"
    assert {"Python", "SQL", "Tableau", "Spanish", "French"} <= set(skills_of(cells))
    row = "Skills\tPower BI\tExcel\tSAP\nSkill\tLevel\nAutoCAD\tExpert\nRevit\tIntermediate"
    skills = skills_of(row)
    assert {"Power BI", "Microsoft Excel", "SAP", "AutoCAD", "Revit"} <= set(skills)
    assert "Expert" not in skills and "Level" not in skills and "Intermediate" not in skills


def test_noise_lines_do_not_become_skills():
    text = (
        "Skills\n"
        "Quick learner, Self-motivated, Reliable and punctual\n"
        "2015 - 2018\n"
        "I am a hard worker who loves to help people and always meets deadlines.\n"
        "notes, focus, Company Name, City , State\n"
        "References available upon request\n"
    )
    assert listed_skills(text, get_taxonomy().lookup) == []


def test_merged_columns_split_on_known_skills():
    text = "Skills\nTeam leadership General ledger accounting\nSelf-motivated Conflict resolution"
    assert set(listed_skills(text, get_taxonomy().lookup)) == {
        "Team leadership",
        "General ledger accounting",
        "Conflict resolution",
    }


def test_skills_named_in_sentences_count_and_ambiguous_words_need_a_list():
    skills = skills_of("Summary\nDocumented care in Cerner; trained staff on HIPAA compliance.")
    assert {"Cerner", "HIPAA"} <= set(skills)
    assert skills_of("Summary\nI like to Go hiking and to excel at chess.") == []


def test_skills_enumerated_after_an_introducing_phrase():
    text = (
        "Summary\n"
        "Senior accountant with expertise in Variance Analysis, Team Management and Process "
        "Improvement to help achieve your goals. Skilled in establishing rapport with clients.\n"
        "Laboratory work: proficient in sieve analysis and percolation testing.\n"
    )
    skills = skills_of(text)
    assert {"Variance Analysis", "Team Management", "Process Improvement"} <= set(skills)
    assert {"Sieve Analysis", "Percolation Testing"} <= set(skills)
    assert not any("rapport" in s or "goals" in s for s in skills)


def test_labelled_accomplishments_give_skills():
    text = (
        "Core Accomplishments\n"
        "Calendaring \u00a0\n"
        "Planned all meetings and travel for the chief executive.\n"
        "Data Organization \u00a0\n"
        "Improved office organization by compiling quarterly budget reports.\n"
    )
    assert {"Data Organization"} <= set(skills_of(text))


def test_a_restated_skill_is_given_once():
    text = "Skills\ndatabase management, Database management systems, printers"
    skills = skills_of(text)
    assert "database management" not in skills and "Database management systems" in skills


def test_a_skill_naming_a_place_or_post_is_not_a_skill():
    text = "Experience\nMarketing to home health companies; assisted the accounting department."
    skills = skills_of(text)
    assert "Home Health" not in skills and "Accounting" not in skills
    assert "Home Health" in skills_of("Experience\nProvided home health and hospice care.")


def test_requirements_use_the_same_taxonomy():
    req = extract_requirements(
        "ICU Nurse\nRequirements\nBLS and ACLS certification\nCharting in Epic or Cerner\n"
        "Nice to have\nPALS"
    )
    assert {"BLS", "ACLS", "Cerner"} <= set(req.must_have)
    assert req.nice_to_have == ["PALS"]


def test_esco_file_carries_the_attribution_and_cross_sector_skills():
    first = (DATA / "esco_skills.tsv").read_text(encoding="utf-8").splitlines()[0]
    assert "Commission Decision 2011/833/EU" in first and first == f"# {ESCO_ATTRIBUTION}"
    taxonomy = get_taxonomy()
    assert taxonomy.lookup("hair coloring") == "Hair colouring"
    assert taxonomy.skills["Typography"].category == "ESCO"


def test_esco_labels_and_preferred_label():
    text = "hair colouring hair coloring hair dying Dye hair to change its colour."
    assert split_labels(text) == ["hair", "colouring", "hair", "coloring", "hair", "dying"]
    stats = LabelStats.of([["hair", "colouring", "hair", "coloring"], ["first", "aid"]])
    assert preferred_label(["hair", "colouring", "hair", "coloring"], stats)[0] == "hair colouring"
    assert split_labels("write French French writing Correctly write texts in French.") == [
        "write",
        "French",
        "French",
        "writing",
    ]


def test_matching_rule():
    lookup = get_taxonomy().lookup
    assert matches("Smartboard", "SMART Board")
    assert matches("Microsoft Excel", "Excel")
    assert matches("Team player", "Teamwork", lookup)
    assert not matches("Excel", "Microsoft Excel Visual Basic for Applications")
    counts = Counts()
    counts.add(["CPR", "Excel", "Cooking"], ["CPR certified", "Microsoft Excel", "Welding"], lookup)
    assert (counts.tp, counts.fp, counts.fn) == (2, 1, 1)


@pytest.mark.slow
@pytest.mark.xfail(
    strict=True,
    reason="target not reached yet: held-out precision 0.775, recall 0.734 (docs/benchmarks.md)",
)
def test_held_out_skills_across_professions(shared_data):
    figures = evaluate(shared_data / "resumes_by_category", ("heldout",))["heldout"]
    assert figures["recall"] >= 0.85, figures
    assert figures["precision"] >= 0.85, figures
