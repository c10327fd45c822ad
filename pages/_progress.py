"""Progress of the admin jobs (training, registration, activating a version) on any admin page,
read from the work engine: leaving the page and coming back shows where a job stands."""

from __future__ import annotations

import streamlit as st

from core.context import AppContext
from core.services.models import latest_job
from pages._frame import md


def active(ctx: AppContext, names: tuple[str, ...], *, actor: str) -> bool:
    """Whether one of these jobs is queued or running."""
    return any(
        (s := latest_job(ctx, name, actor=actor)) is not None and not s.finished for name in names
    )


def show_progress(ctx: AppContext, names: tuple[str, ...], *, actor: str) -> None:
    """A progress bar per queued or running job; the page reloads when the last one ends."""

    @st.fragment(run_every=1.0)
    def poll() -> None:
        running = False
        for name in names:
            status = latest_job(ctx, name, actor=actor)
            if status is not None and not status.finished:
                running = True
                waiting = "queued: waiting for a worker" if status.state == "queued" else ""
                text = md(status.message or waiting or status.state)
                st.progress(status.fraction, text=f"{name.capitalize()}: {text}")
        if not running:
            st.rerun()

    if active(ctx, names, actor=actor):
        poll()


def show_outcomes(ctx: AppContext, names: tuple[str, ...], *, actor: str) -> None:
    """The outcome of each job's latest run, once per session."""
    for name in names:
        status = latest_job(ctx, name, actor=actor)
        if status is None or not status.finished:
            continue
        key = f"seen_job_{status.id}"
        if st.session_state.get(key):
            continue
        st.session_state[key] = True
        if status.state == "failed":
            st.error(f"{name.capitalize()} failed: {md(status.message)}")
        else:
            version = (status.result or {}).get("version")
            st.success(f"{name.capitalize()}: done" + (f" (v{md(version)})." if version else "."))
