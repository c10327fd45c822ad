"""A canary person: values that must never leave the rows an erasure removes, and never appear
in any log line or captured output of the whole test run (checked by tests/conftest.py)."""

NAME, EMAIL, PHONE = "Quentin Zarathustra-Vell", "q.zvell.canary@example.com", "+44 20 7946 0958"
PHRASE = "xylophonic marmalade protocol"
RESUME = f"""{NAME}
Backend Engineer
{EMAIL} · {PHONE}

EXPERIENCE
Senior Backend Engineer, Acme Corp, 2018 - Present
- Built the {PHRASE} for payments in Python and Kafka

SKILLS
Python, Kafka, PostgreSQL
"""
NEEDLES = (NAME, EMAIL, "Zarathustra", "7946 0958", PHRASE, "xylophonic")


def leaks(text: str) -> list[str]:
    """The canary values found in ``text``."""
    return [n for n in NEEDLES if n in text]
