"""A pytest plugin: the canary person (tests/canary.py) must never appear in a log record of the
product or any library, at any level the product logs at, nor in any test's captured stdout,
stderr or log section, over the whole run. A leak fails the session, naming where it was seen
(never the value)."""

from __future__ import annotations

import logging

import pytest

from tests.canary import leaks


class CanaryWatch(logging.Handler):
    """Collects where log records carried a canary value (the record's text is not kept)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = self.format(record)  # message, arguments and any traceback
        except Exception:  # a record that cannot be formatted: check its parts
            text = f"{record.msg} {record.args}"
        if found := leaks(text):
            self.seen.append(f"log record of {record.name} ({record.levelname}): {len(found)}")

    def check_output(self, where: str, text: str) -> None:
        line = f"{where}: {len(leaks(text))}"
        if leaks(text) and line not in self.seen:  # a teardown report repeats earlier sections
            self.seen.append(line)


WATCH = CanaryWatch()


def pytest_configure(config: pytest.Config) -> None:
    logging.getLogger().addHandler(WATCH)
    logging.getLogger("core").setLevel(logging.DEBUG)  # every line the product could write


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    for title, content in report.sections:  # captured stdout, stderr and log, passing or not
        WATCH.check_output(f"{report.nodeid} {title}", content)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if WATCH.seen:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        lines = ["canary person's data reached logs or output (values found):", *WATCH.seen]
        if reporter is not None:
            reporter.write_line("\n".join(lines), red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
