"""Audit log (admin): every sign-in, upload, job edit, shortlist change, decision and export."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.services import retention
from core.services.audit import events, events_csv
from core.services.audit_text import ACTIONS, action_label, details_text
from pages._frame import get_context, signed_in_user

ctx = get_context()
admin = signed_in_user()

st.title("Audit log")
action = st.selectbox(
    "Action",
    [None, *sorted(ACTIONS, key=action_label)],
    format_func=lambda a: "Every action" if a is None else action_label(a),
)
rows = events(ctx, action=action, actor=admin.email)
st.dataframe(
    pd.DataFrame(
        [
            {
                "When": e.at.strftime("%Y-%m-%d %H:%M:%S"),
                "Who": e.actor,
                "Action": action_label(e.action),
                "Target": e.target,
                "Details": details_text(e.details),
            }
            for e in rows
        ]
    ),
    hide_index=True,
    width="stretch",
)
st.download_button(
    "Export as CSV",
    lambda: events_csv(ctx, actor=admin.email),  # made (and audited) when it is downloaded
    file_name="talentflow-audit.csv",
    mime="text/csv",
)
st.caption(
    f"Entries are kept at least {ctx.settings.audit_retention_days} days; the log is append-only."
)

st.subheader("Retention")
months = ctx.settings.retention_months
if months is None:
    st.caption(
        "No retention period is set: candidates are kept until erased. Set "
        "TALENTFLOW_RETENTION_MONTHS to erase those with no activity for that many months."
    )
else:
    going = retention.preview(ctx, actor=admin.email)
    st.caption(
        f"Candidates with no activity for {months:g} months are erased every day at 03:00 UTC. "
        f"The next run would erase {len(going)}."
    )
    if going:
        st.dataframe(
            pd.DataFrame(
                [
                    {"Candidate": d.name, "Last activity": f"{d.last_activity:%Y-%m-%d}"}
                    for d in going
                ]
            ),
            hide_index=True,
            width="stretch",
        )
