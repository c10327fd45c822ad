"""Models (admin): scoring versions in MLflow, champion and challenger, training, promotion."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.errors import TalentFlowError
from core.registry.names import BUILTIN, version_name
from core.services import models
from core.services.audit_text import words
from core.services.erasure import ERASED_TRAINING_TAG
from core.services.model_text import METRICS, metric_label
from core.services.training import start_training
from core.training.finetune import TrainingParams
from core.work.admin_jobs import ACTIVATE, LEXICAL, REGISTER, TRAIN
from pages._frame import get_context, md, signed_in_user
from pages._progress import active, show_outcomes, show_progress

ctx = get_context()
admin = signed_in_user()
JOBS = (REGISTER, TRAIN, LEXICAL, ACTIVATE)
KINDS = {"promote": "promotion", "rollback": "rollback"}


def label(version: str) -> str:
    return version_name(version)


st.title("Models")
st.caption(
    "Every scoring configuration (embedding model, backend, lexical vocabulary, default weights) "
    "is a version in the MLflow registry with the metrics it was measured at. The champion "
    "scores everything new; every stored score records its version."
)
show_outcomes(ctx, JOBS, actor=admin.email)
show_progress(ctx, JOBS, actor=admin.email)
busy = active(ctx, JOBS, actor=admin.email)

table = models.list_versions(ctx, actor=admin.email)
cols = st.columns(3)
cols[0].metric("Champion", label(table.champion).capitalize())
cols[1].metric("Challenger", label(table.challenger).capitalize() if table.challenger else "—")
cols[2].metric("Registered versions", len(table.versions))

if not table.versions:
    st.info(
        "No version is registered yet: scores come from the built-in default configuration. "
        "Register it to start the history. Measuring it runs the evaluation harness on the "
        "public data sets, several minutes on two cores; it runs in the background, so you can "
        "leave this page and come back."
    )
    measure = st.checkbox("Measure with the evaluation harness", value=True)
    if st.button("Register the built-in configuration", disabled=busy):
        models.start_registration(ctx, actor=admin.email, evaluate_it=measure)
        st.rerun()
else:
    rows = []
    # a column for each metric some version was measured on
    measured = {k: n for k, n in METRICS.items() if any(k in v.metrics for v in table.versions)}
    for v in table.versions:
        parent = v.tags.get("parent_version", "")
        row = {
            "Version": v.version,
            "Role": ", ".join(v.aliases),
            "Registered": v.created_at.strftime("%Y-%m-%d %H:%M"),
            "Source": v.tags.get("source", ""),
            "Parent": label(parent) if parent else "",
            "Configuration": v.config.summary(),
            "Trained on erased data": "yes" if v.tags.get(ERASED_TRAINING_TAG) else "",
        }
        row.update({name.capitalize(): v.metrics.get(key) for key, name in measured.items()})
        rows.append(row)
    st.subheader("Versions")
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    if tainted := [label(v.version) for v in table.versions if v.tags.get(ERASED_TRAINING_TAG)]:
        st.warning(
            f"{', '.join(tainted).capitalize()} {'was' if len(tainted) == 1 else 'were'} "
            "fine-tuned on reviews of people who have since been erased. The weights hold no "
            "text, but that data shaped them: train a new version, promote it, and stop using "
            "these."
        )

    versions = [v.version for v in table.versions]
    chosen = st.selectbox("Version", versions, format_func=label)
    described = next(v for v in table.versions if v.version == chosen)
    with st.expander(f"{label(chosen).capitalize()}: parameters, lineage, all metrics"):
        st.text(described.description or "(no description)")
        st.dataframe(
            pd.DataFrame(
                [
                    *(
                        {"Name": metric_label(k), "Value": f"{v:.4g}"}
                        for k, v in described.metrics.items()
                    ),
                    *({"Name": words(k), "Value": str(v)} for k, v in described.tags.items()),
                    *({"Name": words(k), "Value": str(v)} for k, v in described.params.items()),
                ],
                columns=["Name", "Value"],
            ),
            hide_index=True,
            width="stretch",
        )
    cols = st.columns(3)
    try:
        if cols[0].button("Promote to champion", disabled=busy or chosen == table.champion):
            models.promote(ctx, chosen, actor=admin.email)
            st.rerun()
        if cols[1].button("Set as challenger", disabled=chosen == table.challenger):
            models.set_challenger(ctx, chosen, actor=admin.email)
            st.rerun()
        if cols[2].button("Roll back to the previous champion", disabled=busy):
            models.rollback(ctx, actor=admin.email)
            st.rerun()
    except TalentFlowError as e:
        st.error(md(e))
    history = models.promotions(ctx, actor=admin.email)
    if history:
        st.subheader("Champion history")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "When": p.at.strftime("%Y-%m-%d %H:%M"),
                        "Change": KINDS.get(p.kind, p.kind).capitalize(),
                        "To": label(p.version),
                        "From": label(p.previous or BUILTIN),
                        "By": p.actor,
                    }
                    for p in history
                ]
            ),
            hide_index=True,
            width="stretch",
        )

st.subheader("Train a new version")
st.caption(
    f"Fine-tunes the champion's embedder ({md(label(table.champion))}) on labelled pairs: "
    "hiring-manager decisions (approve/reject), recruiter shortlists and the demo labels, each "
    "requirement sentence paired with the resume chunk that best matches it. The split is by "
    "candidate (70/15/15); training stops early when the validation loss stops improving; the "
    "version is registered with its test metrics. About three minutes on the demo data."
)
with st.form("train"):
    cols = st.columns(4)
    epochs = cols[0].number_input("Epochs (at most)", 1, 20, 4)
    seq = cols[1].number_input("Max tokens per text", 64, 512, 256, step=64)
    patience = cols[2].number_input("Patience (epochs)", 1, 5, 2)
    measure = cols[3].checkbox("Run the evaluation harness", value=True)
    if st.form_submit_button("Start training", disabled=busy):
        params = TrainingParams(epochs=epochs, max_seq_length=seq, patience=patience)
        start_training(ctx, actor=admin.email, params=params, evaluate_it=measure)
        st.rerun()
if st.button(
    "Fit and register a frozen lexical vocabulary",
    disabled=busy,
    help="TF-IDF fitted on every resume and job now, so the lexical component stops moving "
    "when the pool changes.",
):
    models.start_lexical_fit(ctx, actor=admin.email)
    st.rerun()
