"""Text of an uploaded document (a job description), read with the same sandboxed readers."""

from __future__ import annotations

from core.auth.policy import Action
from core.context import AppContext
from core.errors import ResumeRejected
from core.parsing.files import sniff_kind


def text_of_upload(ctx: AppContext, filename: str, data: bytes, *, actor: str) -> str:
    """Visible text of a PDF, DOCX or TXT upload.

    Raises:
        ResumeRejected: the file is unsupported, unsafe or unreadable.
    """
    from core.services.guard import authorize

    authorize(ctx, actor, Action.MANAGE_JOBS)
    kind = sniff_kind(filename, data, ctx.settings.max_upload_bytes)
    extraction = ctx.pool.extract(kind, data, filename)
    if not extraction.text.strip():
        raise ResumeRejected(filename, "empty: no readable text")
    return extraction.text
