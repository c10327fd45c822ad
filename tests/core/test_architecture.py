"""House rules that hold for the whole code base."""

import re
import subprocess
import sys
from pathlib import Path

from core.config import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_core_never_imports_streamlit():
    modules = sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts)
        for p in (ROOT / "core").rglob("*.py")
        if p.name != "__main__.py"
    )
    code = "import importlib, sys\n" + "".join(f"importlib.import_module({m!r})\n" for m in modules)
    code += "assert 'streamlit' not in sys.modules, 'core imported streamlit'\n"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr


def test_readme_configuration_table_matches_settings():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", readme, flags=re.MULTILINE))
    expected = set()
    for name, field in Settings.model_fields.items():
        alias = field.validation_alias
        expected.add(alias.choices[0] if alias is not None else f"TALENTFLOW_{name.upper()}")
    assert documented == expected


def test_pages_stay_thin():
    heavy = re.compile(
        r"^\s*(from|import)\s+(sqlmodel|sqlalchemy|pdfplumber|spacy|docx|torch)\b", re.M
    )
    for page in [ROOT / "app.py", *(ROOT / "pages").glob("*.py")]:
        assert not heavy.search(page.read_text(encoding="utf-8")), page.name
