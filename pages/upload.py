"""Upload: one file, many files or a .zip, queued for the background worker; progress and a
result per file, which survive leaving the page."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from core.config import Settings
from core.errors import TalentFlowError
from core.parsing.files import IncomingFile
from core.services.candidates import recent_uploads
from core.services.ingest import STATUS_TEXT, IngestOutcome
from core.services.queued_ingest import batch_results, queue_uploads
from core.work.queue import recent_batches
from pages._frame import get_context, signed_in_user, warning_label


def result_row(outcome: IngestOutcome) -> dict[str, object]:
    """One file's line in the results table."""
    return {
        "File": outcome.file,
        "Result": STATUS_TEXT[outcome.status],
        "Reason": outcome.reason or "",
        "Candidate": outcome.name or "",
        "Candidate id": outcome.candidate_id,
        "Warnings": ", ".join(warning_label(w) for w in outcome.warnings),
    }


def limits_text(settings: Settings) -> str:
    """The upload limits in words, as the services enforce them."""
    return (
        f"PDF, DOCX or TXT, up to {settings.max_upload_mb:g} MB and {settings.max_pages} pages "
        f"each, or a .zip of them up to {settings.max_zip_mb:g} MB that expands to at most "
        f"{settings.max_zip_expanded_mb:g} MB. One upload holds at most "
        f"{settings.max_batch_files} files and {settings.max_batch_mb:g} MB once expanded; "
        f"each user may upload {settings.upload_files_per_hour} files an hour. Only the first "
        f"{settings.max_text_chars:,} characters of a resume are read. "
        "Files are parsed on this machine; nothing leaves it."
    )


ctx = get_context()
user = signed_in_user()
st.title("Upload resumes")
st.caption(limits_text(ctx.settings))

with st.form("upload", clear_on_submit=True):
    uploaded = st.file_uploader(
        "Resumes",
        type=["pdf", "docx", "txt", "zip"],
        accept_multiple_files=True,
        # the browser refuses bigger files at once; the server's own cap is maxUploadSize
        max_upload_size=math.ceil(max(ctx.settings.max_zip_mb, ctx.settings.max_upload_mb)),
    )
    submitted = st.form_submit_button("Process files", type="primary")

if submitted:
    if not uploaded:
        st.warning("Choose at least one file first.")
    else:
        files = [IncomingFile(f.name, f.getvalue()) for f in uploaded]
        try:
            queued = queue_uploads(ctx, files, actor=user.email)
        except TalentFlowError as e:  # the upload limit, in words
            st.error(str(e))
        else:
            st.session_state["upload_batch"] = queued.batch
            st.session_state["upload_rejected"] = [result_row(o) for o in queued.rejected]


@st.fragment(run_every=1.0)
def batch_progress() -> None:
    """Progress of this user's batches, read from the work engine; it carries on while the
    user is away, so coming back shows where each batch stands."""
    batches = recent_batches(ctx.settings, actor=user.email)
    for batch in batches:
        if batch.state in {"queued", "running"}:
            waiting = "waiting for a worker" if batch.state == "queued" else "parsing"
            st.progress(
                batch.done / max(batch.total, 1),
                text=f"{batch.done}/{batch.total} files · {waiting}",
            )
    current = st.session_state.get("upload_batch")
    state = next((b for b in batches if b.batch == current), None)
    if current and state is not None and state.state in {"done", "failed"}:
        if state.state == "failed":
            st.error("This upload stopped before every file was read: upload the rest again.")
        show_results(
            [result_row(o) for o in batch_results(ctx, current, actor=user.email)]
            + st.session_state.get("upload_rejected", [])
        )
    elif not current and st.session_state.get("upload_rejected"):
        show_results(st.session_state["upload_rejected"])


def show_results(rows: list[dict[str, object]]) -> None:
    """The results table of the last upload."""
    parsed = sum(r["Result"] != "rejected" for r in rows)
    st.subheader(f"{parsed} of {len(rows)} files accepted")
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.page_link("pages/candidates.py", label="Open candidates", icon=":material/group:")


batch_progress()

with st.expander("Upload history"):
    history = recent_uploads(ctx, actor=user.email)
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "When": u.created_at.strftime("%Y-%m-%d %H:%M"),
                    "File": u.filename,
                    "Result": STATUS_TEXT.get(u.status, u.status),
                    "Reason": u.reason or "",
                }
                for u in history
            ]
        ),
        hide_index=True,
        width="stretch",
    )
