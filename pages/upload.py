"""Upload: one file, many files or a .zip; progress while parsing; a result per file."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.parsing.files import IncomingFile
from core.services.candidates import recent_uploads
from core.services.ingest import STATUS_TEXT, ingest_files
from pages._frame import get_context, signed_in_user, warning_label

ctx = get_context()
user = signed_in_user()
st.title("Upload resumes")
st.caption(
    f"PDF, DOCX or TXT, up to {ctx.settings.max_upload_mb:g} MB and "
    f"{ctx.settings.max_pages} pages each; "
    f"or a .zip of them. Files are parsed on this machine; nothing leaves it."
)

with st.form("upload", clear_on_submit=True):
    uploaded = st.file_uploader(
        "Resumes", type=["pdf", "docx", "txt", "zip"], accept_multiple_files=True
    )
    submitted = st.form_submit_button("Process files", type="primary")

if submitted:
    if not uploaded:
        st.warning("Choose at least one file first.")
    else:
        files = [IncomingFile(f.name, f.getvalue()) for f in uploaded]
        bar = st.progress(0.0, text="Parsing…")

        def progress(done: int, total: int, name: str) -> None:
            bar.progress(done / max(total, 1), text=f"{done}/{total} · {name}")

        outcomes = ingest_files(ctx, files, on_progress=progress, actor=user.email)
        bar.progress(1.0, text="Done")
        st.session_state["last_upload"] = [
            {
                "File": o.file,
                "Result": STATUS_TEXT[o.status],
                "Reason": o.reason or "",
                "Candidate": o.name or "",
                "Candidate id": o.candidate_id,
                "Warnings": ", ".join(warning_label(w) for w in o.warnings),
            }
            for o in outcomes
        ]

if st.session_state.get("last_upload"):
    rows = st.session_state["last_upload"]
    parsed = sum(r["Result"] != "rejected" for r in rows)
    st.subheader(f"{parsed} of {len(rows)} files accepted")
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.page_link("pages/candidates.py", label="Open candidates", icon="🧑‍💼")

with st.expander("Upload history"):
    history = recent_uploads(ctx)
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
