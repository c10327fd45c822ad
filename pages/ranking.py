"""Ranking: every candidate for a job with a score breakdown, evidence, filters and weights."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from core.errors import TalentFlowError
from core.scoring.model import COMPONENTS, Weights
from core.services import jobs as job_service
from core.services.pipeline import job_stages, stages_by_candidate
from core.services.ranking import RankedCandidate, RankFilters, rank_job, stored_ranking
from core.services.rescoring import rescoring_status
from core.services.reviews import reviews_by_candidate
from core.services.shortlists import (
    EXPORT_MIME,
    add_to_shortlist,
    remove_from_shortlist,
    shortlist,
    shortlist_export,
)
from core.services.tags import all_tags, tags_by_candidate
from pages._feedback import feedback_ui, status_label
from pages._frame import (
    component_label,
    evidence_rows,
    follow_link,
    get_context,
    md,
    plural,
    signed_in_user,
    warning_label,
)
from pages._pipeline import bulk_ui
from pages._selection import Selection, id_table_ui

ctx = get_context()
user = signed_in_user()
follow_link()  # a link from the Overview: its job, its filter
# the warnings worth a mark beside a score: ones that question the score or the person
MARKED_WARNINGS = ("hidden_text", "duplicate:")


def job_ui() -> int | None:
    """Pick an open job."""
    jobs = job_service.list_jobs(ctx, include_closed=False, actor=user.email)
    if not jobs:
        st.info("Create a job on the Jobs page first.")
        return None
    ids = [j.id for j in jobs]
    current = st.session_state.get("job_id")
    index = ids.index(current) if current in ids else 0
    chosen = st.selectbox(
        "Job", ids, index=index, format_func=lambda i: next(j.title for j in jobs if j.id == i)
    )
    st.session_state["job_id"] = chosen
    return chosen


def weights_ui(job_id: int) -> tuple[Weights, bool]:
    """Sliders for the component weights; returns them and whether they are the saved ones."""
    saved = Weights.of_job(job_service.get_job(ctx, job_id, actor=user.email).weights)
    with st.expander("Weights"):
        cols = st.columns(4)
        values = {
            name: cols[i % 4].slider(
                component_label(name),
                0.0,
                1.0,
                round(getattr(saved, name), 2),
                0.01,
                key=f"w_{job_id}_{name}",
            )
            for i, name in enumerate(COMPONENTS)
        }
        weights = Weights(**values)
        if weights != saved and st.button("Save these weights for the job"):
            job_service.update_job(ctx, job_id, weights=weights, actor=user.email)
            st.rerun()
    return weights, weights == saved


def filters_ui(job_id: int) -> RankFilters:
    """Filters applied before scoring (and a minimum score after)."""
    with st.expander("Filters"):
        cols = st.columns(5)
        min_score = cols[0].slider("Minimum score", 0.0, 1.0, 0.0, 0.05)
        skills = cols[1].text_input("Required skills", placeholder="Python, Kafka")
        years = cols[2].number_input("Minimum years", 0.0, 40.0, 0.0, 0.5)
        location = cols[3].text_input("Location")
        hide = cols[4].toggle("Hide flagged")
        left, right = st.columns(2)
        stages = left.multiselect(
            "Stage", job_stages(ctx, job_id, actor=user.email), placeholder="every stage"
        )
        tags = right.multiselect("Tags", all_tags(ctx, actor=user.email), placeholder="any")
    return RankFilters(
        min_score=min_score,
        skills=tuple(s.strip() for s in skills.split(",") if s.strip()),
        min_years=years or None,
        location=location or None,
        hide_flagged=hide,
        stages=tuple(stages),
        tags=tuple(tags),
    )


def table_ui(job_id: int, ranked: list[RankedCandidate]) -> Selection:
    """The ranking with its breakdown as bars, each candidate's stage and tags; returns the
    ticked candidates and the one whose detail is open.

    The selection is kept as candidate ids, so a re-sort or a filter never moves it to
    another person; a candidate filtered out is no longer selected.
    """
    stages = stages_by_candidate(ctx, job_id, actor=user.email)
    tags = tags_by_candidate(ctx, actor=user.email)
    rows = [
        {
            "Rank": i + 1,
            "Name": r.candidate.display_name,
            "Stage": stages.get(r.candidate.id, ""),
            "Score": r.result.score,
            **{component_label(c): r.result.breakdown[c] for c in COMPONENTS},
            "Missing must-haves": ", ".join(r.result.missing_must),
            "Tags": ", ".join(tags.get(r.candidate.id, [])),
            "Marks": ", ".join(
                warning_label(w) for w in r.candidate.warnings if w.startswith(MARKED_WARNINGS)
            ),
        }
        for i, r in enumerate(ranked)
    ]
    bars = {
        name: st.column_config.ProgressColumn(min_value=0, max_value=1, format="%.2f")
        for name in ("Score", *(component_label(c) for c in COMPONENTS))
    }
    return id_table_ui(
        f"ranking_{job_id}",
        pd.DataFrame(rows),
        [r.candidate.id for r in ranked],
        focus_key=f"ranking_selected_{job_id}",
        column_config=bars,
    )


def detail_ui(job_id: int, row: RankedCandidate) -> None:
    """Per-requirement evidence for one candidate, and the shortlist button."""
    st.subheader(f"{md(row.candidate.display_name)} · {row.result.score:.2f}")
    evidence = pd.DataFrame(evidence_rows(row.result.evidence))
    st.dataframe(evidence, hide_index=True, width="stretch")
    reviews = reviews_by_candidate(ctx, job_id, actor=user.email).get(row.candidate.id or 0, [])
    if reviews:
        st.markdown("**Reviewers' feedback**")
        feedback_ui(reviews, empty="")
    if st.button("Add to shortlist", key=f"short_{row.candidate.id}", type="primary"):
        outcome = add_to_shortlist(ctx, job_id, row.candidate.id, actor=user.email)
        if outcome.added:
            st.toast(f"{md(row.candidate.display_name)} added to the shortlist.")
        else:
            st.toast(f"{md(row.candidate.display_name)} is already on the shortlist.")


def shortlist_ui(job_id: int) -> None:
    """The job's shortlist with each reviewer's decision, rating and comment, and its export."""
    rows = shortlist(ctx, job_id, actor=user.email)
    feedback = reviews_by_candidate(ctx, job_id, actor=user.email)
    st.subheader(f"Shortlist ({len(rows)})")
    for row in rows:
        cols = st.columns([4, 1, 1, 1])
        cols[0].text(row.candidate.display_name)
        with cols[0]:
            feedback_ui(feedback.get(row.candidate.id or 0, []), empty="No reviewer feedback yet.")
        cols[1].write(f"{row.entry.score:.2f}" if row.entry.score is not None else "–")
        cols[2].text(status_label(row.entry.status))
        if cols[3].button("Remove", key=f"rm_{row.candidate.id}"):
            remove_from_shortlist(ctx, job_id, row.candidate.id, actor=user.email)
            st.rerun()
    if rows:
        export_ui(job_id)


def export_ui(job_id: int) -> None:
    """CSV and XLSX downloads of the shortlist (formula injection neutralised)."""
    left, right = st.columns(2)
    for col, kind in ((left, "csv"), (right, "xlsx")):
        col.download_button(
            f"Export {kind.upper()}",
            # made (and audited) when it is downloaded
            lambda kind=kind: shortlist_export(ctx, job_id, kind, actor=user.email)[0],
            file_name=f"shortlist-{job_id}.{kind}",
            mime=EXPORT_MIME[kind],
            key=f"export_{kind}",
        )


def preview_ui(place: DeltaGenerator, stored: list[RankedCandidate]) -> None:
    """The stored scores, drawn at once while fresh ones are computed (new resumes, a new
    scoring version); the full table replaces them."""
    with place.container():
        st.info(
            f"Showing the {plural(len(stored), 'stored score')} while fresh scores are "
            "computed for new resumes or a new scoring version…"
        )
        rows = [
            {"Rank": i + 1, "Name": r.candidate.display_name, "Score": r.result.score}
            for i, r in enumerate(stored)
        ]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


@st.fragment(run_every=1.0)
def rescoring_ui(job_id: int) -> None:
    """Progress of the background rescoring; the page reloads when it is done."""
    progress = rescoring_status(ctx, job_id, actor=user.email)
    if progress is None or not progress.busy:
        st.rerun()
        return
    label = {"queued": "Waiting to recompute scores…", "scoring": "Scoring candidates…"}.get(
        progress.state, f"Embedding resumes {progress.done}/{progress.total}…"
    )
    st.progress(progress.fraction, text=label)


st.title("Ranking")
job_id = job_ui()
status = rescoring_status(ctx, job_id, actor=user.email) if job_id is not None else None
if job_id is not None and status is not None and status.busy:
    st.info("The job changed: its scores are being computed; the page updates by itself.")
    rescoring_ui(job_id)
elif job_id is not None:
    weights, saved = weights_ui(job_id)
    filters = filters_ui(job_id)
    preview = st.empty()
    stored = stored_ranking(ctx, job_id, actor=user.email, only_if_stale=True)
    if stored.rows and not stored.current:
        preview_ui(preview, stored.rows)
    try:
        with st.spinner("Scoring candidates…"):
            ranked = rank_job(
                ctx, job_id, filters=filters, weights=weights, store=saved, actor=user.email
            )
    except TalentFlowError as e:
        st.error(md(e))
        ranked = []
    preview.empty()
    st.caption(
        f"{len(ranked)} candidate{'' if len(ranked) == 1 else 's'} · "
        f"Scoring: {md(ctx.scoring.description)}"
    )
    if not ranked:
        st.info("No candidate matches these filters.")
    selection = table_ui(job_id, ranked)
    bulk_ui(selection.ids, job_id=job_id, key=f"bulk_{job_id}")
    chosen = next((r for r in ranked if r.candidate.id == selection.focus), None)
    if chosen is not None:
        detail_ui(job_id, chosen)
    st.divider()
    shortlist_ui(job_id)
