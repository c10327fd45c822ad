"""The error hierarchy of TalentFlow.

::

    TalentFlowError
    ├── ResumeRejected(filename, reason)      a file that cannot become a profile
    │   ├── UnsupportedFile                   not an allowed format (extension or content)
    │   ├── FileTooLarge                      over the size cap
    │   ├── TooManyPages                      over the page cap
    │   ├── CorruptFile                       unreadable, truncated or malformed
    │   ├── EncryptedFile                     password protected
    │   ├── UnsafeFile                        zip bomb, DTD/external entity, ...
    │   ├── ParseTimeout(filename, seconds)   extraction exceeded its wall-clock limit
    │   ├── ParseCrashed                      extraction process died (memory limit, crash)
    │   └── EmptyText                         no text layer (e.g. a scanned PDF)
    ├── NotFound
    │   └── CandidateNotFound(candidate_id)
    ├── InvalidInput(message)                 a bad value from a user
    │   ├── WeakPassword(message, score)      a new password that is too easy to guess
    │   └── NotAReviewer(emails)              no active hiring-manager account for these e-mails
    ├── CopyMismatch(table, source, target)   a database copy lost or gained rows (rolled back)
    └── SchemaMismatch                        the database is not at this version's schema
        ├── SchemaOutdated(revision, head)    older: ``python -m core db upgrade`` brings it up
        └── SchemaUnknown(revision)           a revision this version does not know (newer?)
"""

from __future__ import annotations


class TalentFlowError(Exception):
    """Base of every error TalentFlow raises on purpose."""


class ResumeRejected(TalentFlowError):
    """A file was refused; ``reason`` is a plain sentence for the user."""

    code = "rejected"

    def __init__(self, filename: str, reason: str) -> None:
        super().__init__(f"{filename}: {reason}")
        self.filename = filename
        self.reason = reason

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        return (type(self), (self.filename, self.reason))


class UnsupportedFile(ResumeRejected):
    """Not a PDF, DOCX or text file (by extension or content)."""

    code = "unsupported"


class FileTooLarge(ResumeRejected):
    """Bigger than the configured size cap."""

    code = "too_large"


class TooManyPages(ResumeRejected):
    """More pages than the configured page cap."""

    code = "too_many_pages"


class CorruptFile(ResumeRejected):
    """Truncated or malformed."""

    code = "corrupt"


class EncryptedFile(ResumeRejected):
    """Password protected."""

    code = "encrypted"


class UnsafeFile(ResumeRejected):
    """Built to exhaust resources or reach outside (zip bomb, external entity)."""

    code = "unsafe"


class ParseCrashed(ResumeRejected):
    """The extraction process died, usually at its memory limit."""

    code = "crashed"


class EmptyText(ResumeRejected):
    """No extractable text, e.g. a scanned PDF without a text layer."""

    code = "empty"


class ParseTimeout(ResumeRejected):
    """Extraction ran past its wall-clock limit."""

    code = "timeout"

    def __init__(self, filename: str, seconds: float) -> None:
        super().__init__(filename, f"timed out: extraction took longer than {seconds:g} s")
        self.seconds = seconds

    def __reduce__(self) -> tuple[type, tuple[str, float]]:  # type: ignore[override]
        return (type(self), (self.filename, self.seconds))


class NotFound(TalentFlowError):
    """A record that does not exist."""


class CandidateNotFound(NotFound):
    """No candidate with this id."""

    def __init__(self, candidate_id: int) -> None:
        super().__init__(f"candidate {candidate_id} not found")
        self.candidate_id = candidate_id


class InvalidInput(TalentFlowError):
    """A value from a user that cannot be accepted."""


class WeakPassword(InvalidInput):
    """A new password refused: too short or long, leaked, or too easy to guess.

    ``score`` is the strength estimate (0-4) when one was made, else ``None``.
    """

    def __init__(self, message: str, score: int | None = None) -> None:
        super().__init__(message)
        self.score = score


class NotAReviewer(InvalidInput):
    """A job's reviewers must be existing, active hiring-manager (or admin) accounts;
    ``emails`` are the ones that are not."""

    def __init__(self, emails: list[str]) -> None:
        super().__init__(
            f"no active hiring-manager account for {', '.join(emails)}: an admin can create "
            "it on the Users page, then assign it here"
        )
        self.emails = emails

    def __reduce__(self) -> tuple[type, tuple[list[str]]]:
        return (type(self), (self.emails,))


class CopyMismatch(TalentFlowError):
    """A table's row count differs after a database copy, which is therefore rolled back."""

    def __init__(self, table: str, source: int, target: int) -> None:
        super().__init__(
            f"table {table}: {source} row(s) in the source but {target} in the copy; nothing "
            "was written (was the app still writing? stop it and copy again)"
        )
        self.table = table
        self.source = source
        self.target = target

    def __reduce__(self) -> tuple[type, tuple[str, int, int]]:
        return (type(self), (self.table, self.source, self.target))


UPGRADE_COMMAND = "python -m core db upgrade"


class SchemaMismatch(TalentFlowError):
    """The database schema is not the one this version of TalentFlow was written for."""


class SchemaOutdated(SchemaMismatch):
    """The database is at an older revision (``None``: created before migrations existed)."""

    def __init__(self, revision: str | None, head: str) -> None:
        state = (
            f"the database schema is at revision {revision}"
            if revision
            else "the database was created before schema migrations existed"
        )
        super().__init__(
            f"{state}; this version of TalentFlow needs revision {head}: "
            f"back up the database, then run `{UPGRADE_COMMAND}`"
        )
        self.revision = revision
        self.head = head

    def __reduce__(self) -> tuple[type, tuple[str | None, str]]:
        return (type(self), (self.revision, self.head))


class SchemaUnknown(SchemaMismatch):
    """The database is at a revision missing from this version's migrations."""

    def __init__(self, revision: str) -> None:
        super().__init__(
            f"the database schema is at revision {revision}, which this version of TalentFlow "
            "does not know: it was probably upgraded by a newer version"
        )
        self.revision = revision

    def __reduce__(self) -> tuple[type, tuple[str]]:
        return (type(self), (self.revision,))
