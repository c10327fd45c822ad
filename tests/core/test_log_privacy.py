"""The canary watch over the whole run can fail: it sees a canary value in a record or output."""

import logging

from tests.canary import EMAIL, NAME
from tests.canary_watch import WATCH, CanaryWatch


def test_the_watch_is_installed_for_the_whole_run():
    assert WATCH in logging.getLogger().handlers
    assert logging.getLogger("core.services").isEnabledFor(logging.DEBUG)


def test_the_watch_sees_values_in_messages_arguments_tracebacks_and_output():
    watch = CanaryWatch()
    logger = logging.getLogger("tests.watch")
    logger.propagate = False  # the session's watch must not see this test's planted values
    logger.addHandler(watch)
    try:
        logger.warning("ingest failed for candidate %s", 7)
        assert watch.seen == []
        logger.warning("ingest failed for %s", EMAIL)
        try:
            raise ValueError(f"[parameters: ('{NAME}',)]")
        except ValueError:
            logger.exception("store failed")
    finally:
        logger.removeHandler(watch)
        logger.propagate = True
    watch.check_output("stdout", f"hello {NAME}")
    assert len(watch.seen) == 3
    assert all(NAME not in line and EMAIL not in line for line in watch.seen)


REFUSE_RESUMES = {
    "sqlite": [
        "CREATE TRIGGER refuse BEFORE INSERT ON resume "
        "BEGIN SELECT RAISE(ABORT, 'the disk is full'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'the disk is full'; END $$",
        "CREATE TRIGGER refuse BEFORE INSERT ON resume FOR EACH ROW EXECUTE FUNCTION refuse()",
    ],
}


def test_a_database_failure_while_storing_logs_no_personal_data(ctx):
    """The store fails inside the database while writing the canary's resume: the file fails
    alone with a plain reason, and the logged traceback carries no SQL parameters."""
    from sqlalchemy import text

    from core.parsing.files import IncomingFile
    from core.services.ingest import ingest_files
    from tests.canary import RESUME, leaks

    with ctx.engine.begin() as connection:
        for statement in REFUSE_RESUMES[ctx.engine.dialect.name]:
            connection.execute(text(statement))
    watch = CanaryWatch()
    records: list[logging.LogRecord] = []
    keep = logging.Handler()
    keep.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("core")
    logger.addHandler(watch)
    logger.addHandler(keep)
    try:
        [outcome] = ingest_files(
            ctx, [IncomingFile("quentin-cv.txt", RESUME.encode())], actor="cli"
        )
    finally:
        logger.removeHandler(watch)
        logger.removeHandler(keep)
    assert (
        outcome.status == "rejected" and outcome.reason == "could not be stored: please try again"
    )
    assert records and records[0].exc_info  # the traceback was logged, for the operator
    assert "the disk is full" in watch.format(records[0])
    assert watch.seen == [] and leaks(outcome.reason) == []
