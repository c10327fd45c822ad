"""Candidates: a searchable table and, for the selected candidate, the profile with confidences."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.auth.policy import Action, can
from core.errors import TalentFlowError
from core.services.candidates import (
    LIST_FIELDS,
    CandidateDetail,
    candidate_detail,
    correct_field,
    list_candidates,
    original_file,
)
from core.services.erasure import erase_person, export_archive
from core.services.pipeline import stages_in_use
from core.services.tags import all_tags
from pages._frame import (
    column_header,
    confidence_badge,
    field_label,
    follow_link,
    get_context,
    language_name,
    md,
    signed_in_user,
    warning_label,
)
from pages._pipeline import bulk_ui, candidate_pipeline_ui
from pages._selection import Selection, id_table_ui

ctx = get_context()
user = signed_in_user()
follow_link()  # a link from the Overview: its job, its filter
THRESHOLD = ctx.settings.low_confidence
CONFIDENT_AT = ctx.settings.confident_at


def badge(value: float) -> str:
    """The confidence label of one field, with this workspace's thresholds."""
    return confidence_badge(value, THRESHOLD, CONFIDENT_AT)


WARNING_TEXT = {
    "hidden_text": (
        "This resume contains text a reader cannot see (for example the same colour as the "
        "background, covered by a shape, tiny or off the page). It is excluded from the profile "
        "and from scoring; the Resume text tab lists each piece, its page and why."
    ),
    "ocr": (
        "The text was read by OCR from a scanned or image-only page: "
        "check the fields against the original file."
    ),
    "duplicate:email": "Another candidate uses the same e-mail with a different name.",
    "duplicate:phone": "Another candidate uses the same phone number with a different name.",
    "truncated": "The resume is very long; only the first part was analysed.",
    "missing:contact": "No e-mail or phone number was found.",
    "missing:name": "No name was found.",
}
EDITABLE_FIELDS = [
    "name",
    "email",
    "phone",
    "location",
    "headline",
    "years_experience",
    "skills",
    "links",
    "certifications",
]
EXPERIENCE = ["title", "company", "start", "end"]
EDUCATION = ["degree", "institution", "year"]
MIME = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "txt": "text/plain",
}


def table_ui() -> Selection | None:
    """The candidates table with its filters; returns the ticked ids and the focused one."""
    left, middle, right, last = st.columns([3, 2, 2, 1])
    search = left.text_input("Search", placeholder="name, e-mail, headline or location")
    stages = middle.multiselect(
        "Stage in some job",
        stages_in_use(ctx, actor=user.email),
        placeholder="any stage",
        key="filter_stages",
    )
    tags = right.multiselect("Tags", all_tags(ctx, actor=user.email), placeholder="any")
    flagged = last.toggle("Flagged only", key="filter_flagged")
    rows = list_candidates(
        ctx, search=search, flagged_only=flagged, tags=tags, stages=stages, actor=user.email
    )
    if not rows:
        filtered = search or stages or tags or flagged
        st.info(
            "No candidate matches these filters."
            if filtered
            else "No candidates yet. Upload resumes on the Upload page."
        )
        return None
    frame = pd.DataFrame(
        [
            {
                "Name": r.name,
                "Headline": r.headline,
                "Years": r.years_experience,
                "Top skills": r.top_skills,
                "Pipeline": r.pipeline,
                "Tags": ", ".join(r.tags),
                "Flags": ", ".join(warning_label(w) for w in r.warnings),
                "Updated": r.updated,
            }
            for r in rows
        ]
    )
    return id_table_ui(
        "candidates",
        frame,
        [r.id for r in rows],
        focus_key="candidate_id",
        column_config={"Years": st.column_config.NumberColumn(format="%.1f")},
    )


def warnings_ui(warnings: list[str]) -> None:
    """Each warning as a plain sentence."""
    for warning in warnings:
        if warning.startswith("low_confidence:"):
            field = field_label(warning.split(":", 1)[1])
            st.warning(f"Low confidence in the {field}: please check it.")
        elif warning.startswith("language:"):
            st.warning(
                f"The resume seems to be in {md(language_name(warning.split(':', 1)[1]))}; "
                "parsing is tuned for English."
            )
        else:
            st.warning(WARNING_TEXT.get(warning) or f"{md(warning_label(warning).capitalize())}.")


def fields_ui(detail: CandidateDetail) -> None:
    """Contact and summary fields with their confidence."""
    c = detail.candidate
    profile, confidence = c.profile, c.confidence
    rows = []
    for field in EDITABLE_FIELDS:
        value = profile.get(field)
        shown = (
            ", ".join(value) if isinstance(value, list) else ("" if value is None else str(value))
        )
        source = "corrected" if field in detail.corrections else "parsed"
        rows.append(
            {
                "Field": field_label(field).capitalize(),
                "Value": shown,
                "Confidence": badge(confidence.get(field, 0.0)),
                "Source": source,
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.markdown("**Experience**")
    st.dataframe(
        pd.DataFrame(profile.get("experience") or [], columns=EXPERIENCE).rename(
            columns=column_header
        ),
        hide_index=True,
        width="stretch",
    )
    st.markdown("**Education**")
    st.dataframe(
        pd.DataFrame(profile.get("education") or [], columns=EDUCATION).rename(
            columns=column_header
        ),
        hide_index=True,
        width="stretch",
    )
    st.caption(
        f"Experience confidence {badge(confidence.get('experience', 0.0))} · "
        f"education confidence {badge(confidence.get('education', 0.0))}"
    )


def save_correction(detail: CandidateDetail, field: str, value: object) -> None:
    """Store a correction, then show the profile with it (or say why it was refused)."""
    try:
        correct_field(ctx, detail.candidate.id, field, value, actor=user.email)
    except TalentFlowError as e:
        st.error(md(e))
    else:
        st.toast(f"{field_label(field).capitalize()} saved; a new parse will not overwrite it.")
        st.rerun()


def correction_ui(detail: CandidateDetail) -> None:
    """A form to correct one field; the value is kept across re-parses."""
    profile = detail.candidate.profile
    field = st.selectbox(
        "Field",
        EDITABLE_FIELDS,
        format_func=lambda f: field_label(f).capitalize(),
        key="correct_field",
    )
    current = profile.get(field)
    shown = (
        ", ".join(current)
        if isinstance(current, list)
        else ("" if current is None else str(current))
    )
    with st.form("correct", clear_on_submit=True):
        hint = "comma-separated" if field in LIST_FIELDS else "new value"
        value = st.text_input(
            f"Correct the {field_label(field)} ({hint})", placeholder=shown or "empty"
        )
        if st.form_submit_button("Save correction", key="save_correction"):
            save_correction(detail, field, value)


def entries_ui(detail: CandidateDetail, field: str, columns: list[str]) -> None:
    """An editable table of experience or education entries, saved as one correction."""
    rows = detail.candidate.profile.get(field) or []
    edited = st.data_editor(
        pd.DataFrame(rows, columns=columns),
        column_config={c: st.column_config.Column(column_header(c)) for c in columns},
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        key=f"edit_{field}",
    )
    if st.button(f"Save the {field_label(field)}", key=f"save_{field}"):
        records = [
            {k: (None if pd.isna(v) or v == "" else v) for k, v in row.items()}
            for row in edited.to_dict("records")
        ]
        save_correction(detail, field, records)


def profile_ui(candidate_id: int) -> None:
    """The full profile of one candidate."""
    try:
        detail = candidate_detail(ctx, candidate_id, actor=user.email)
    except TalentFlowError as e:
        st.error(md(e))
        return
    c = detail.candidate
    st.header(md(c.display_name))
    if c.headline:
        st.caption(md(c.headline))
    warnings_ui(c.warnings)
    names = ["Profile", "Correct a field", "Resume text", "Versions", "Jobs, tags and notes"]
    admin = can(user, Action.ERASE_PERSON)
    tabs = st.tabs([*names, "Personal data"] if admin else names)
    with tabs[0]:
        fields_ui(detail)
    with tabs[1]:
        correction_ui(detail)
        st.markdown("**Experience entries**")
        entries_ui(detail, "experience", EXPERIENCE)
        st.markdown("**Education entries**")
        entries_ui(detail, "education", EDUCATION)
    with tabs[2]:
        current = detail.current
        st.download_button(
            "Download original",
            data=original_file(ctx, current.id, actor=user.email),
            file_name=current.filename,
            mime=MIME.get(current.kind, "application/octet-stream"),
        )
        st.markdown("**Extracted text** (visible text only)")
        with st.container(height=400, border=True):
            st.text(current.text)  # plain text, full contrast (a disabled text area is faint)
        if current.hidden_text:
            with st.expander("Hidden text that was excluded"):
                spans = [s for s in current.hidden_reasons if isinstance(s, dict)]
                if spans:
                    st.dataframe(
                        pd.DataFrame(
                            [
                                {
                                    "Page": s.get("page"),
                                    "Reason": str(s.get("reason", "")),
                                    "Text": str(s.get("text", ""))[:2000],
                                }
                                for s in spans
                            ]
                        ),
                        hide_index=True,
                        width="stretch",
                    )
                else:
                    st.text(current.hidden_text[:5000])
    with tabs[4]:
        candidate_pipeline_ui(c.id)
    if admin:
        with tabs[5]:
            personal_data_ui(detail)
    with tabs[3]:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Version": r.version,
                        "File": r.filename,
                        "Format": r.kind.upper(),
                        "Pages": r.pages,
                        "Received": r.created_at.strftime("%Y-%m-%d %H:%M"),
                    }
                    for r in detail.resumes
                ]
            ),
            hide_index=True,
            width="stretch",
        )


def personal_data_ui(detail: CandidateDetail) -> None:
    """Answer an access request (everything held, as JSON) or an erasure request (admins)."""
    c = detail.candidate
    st.markdown("**Access request**: everything TalentFlow holds on this person.")
    if st.button("Prepare the export", key=f"export_{c.id}"):
        st.session_state[f"export_{c.id}_data"] = export_archive(
            ctx, actor=user.email, candidate_id=c.id
        )
    prepared = st.session_state.get(f"export_{c.id}_data")
    if prepared:
        st.download_button(
            "Download the export (zip: personal-data.json and the original files)",
            data=prepared,
            file_name=f"candidate-{c.id}-personal-data.zip",
            mime="application/zip",
        )
    st.divider()
    st.markdown(
        "**Erasure request**: removes every resume version and file, the profile, scores, "
        "explanations, reviews, shortlist entries and index entries of this person. It cannot "
        "be undone; the audit log keeps only a tombstone."
    )
    expected = c.email or str(c.id)
    typed = st.text_input(
        f"Type {'the e-mail address' if c.email else 'the candidate number'} to confirm",
        key=f"erase_confirm_{c.id}",
        placeholder=expected,
    )
    if st.button(
        "Erase this person",
        key=f"erase_{c.id}",
        type="primary",
        disabled=typed.strip().lower() != expected.lower(),
    ):
        report = erase_person(ctx, actor=user.email, candidate_id=c.id)
        st.session_state.pop("candidate_id", None)
        st.session_state["erased_notice"] = (
            f"Erased {report.erased_candidates} candidate record(s), {report.files} file(s) and "
            f"{report.index_points} index entries."
        )
        if report.trained_versions:
            st.session_state["erased_notice"] += (
                " Scoring versions "
                + ", ".join(report.trained_versions)
                + " were fine-tuned on this person's reviews: train a new version and promote it "
                "on the Models page."
            )
        st.rerun()


st.title("Candidates")
if notice := st.session_state.pop("erased_notice", None):
    st.success(notice)
selection = table_ui()
if selection is not None:
    bulk_ui(selection.ids, job_id=None, key="bulk_candidates")
    if selection.focus is not None:
        st.divider()
        profile_ui(selection.focus)
