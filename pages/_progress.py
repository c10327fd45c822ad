"""Progress of the admin's background jobs (training, activating a version), on any admin page."""

from __future__ import annotations

import streamlit as st

from core.context import AppContext
from pages._frame import md


def active(ctx: AppContext, names: tuple[str, ...]) -> bool:
    """Whether one of these jobs is queued or running."""
    return any((s := ctx.jobs.latest(name)) is not None and not s.finished for name in names)


def show_progress(ctx: AppContext, names: tuple[str, ...]) -> None:
    """A progress bar per running job; the page reloads when the last one finishes."""

    @st.fragment(run_every=1.0)
    def poll() -> None:
        running = False
        for name in names:
            status = ctx.jobs.latest(name)
            if status is not None and not status.finished:
                running = True
                st.progress(status.fraction, text=f"{name}: {status.message or status.state}")
        if not running:
            st.rerun()

    if active(ctx, names):
        poll()


def show_outcomes(ctx: AppContext, names: tuple[str, ...]) -> None:
    """The outcome of each job's latest run, once per session."""
    for name in names:
        status = ctx.jobs.latest(name)
        if status is None or not status.finished:
            continue
        key = f"seen_job_{status.id}"
        if st.session_state.get(key):
            continue
        st.session_state[key] = True
        if status.state == "failed":
            st.error(f"{name} failed: {md(status.message)}")
        else:
            st.success(f"{name}: done. {md(status.result or '')}")
