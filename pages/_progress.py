"""Progress of the admin jobs (training, registration, activating a version) on any admin page,
read from the work engine: leaving the page and coming back shows where a job stands."""

from __future__ import annotations

from typing import Any

import streamlit as st

from core.context import AppContext
from core.services import models
from core.services.model_text import outcome_text, work_label
from core.services.models import latest_job
from core.work.admin_jobs import ACTIVATE
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
                st.progress(status.fraction, text=f"{work_label(name)}: {text}")
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
            st.error(f"{work_label(name)} failed: {md(status.message)}")
        else:
            st.success(md(_outcome(ctx, name, status.result or {}, actor=actor)))


def _outcome(ctx: AppContext, name: str, result: dict[str, Any], *, actor: str) -> str:
    """The finished job in a sentence, with the version's headline figure or the champion
    it replaced."""
    version = result.get("version")
    if version is None:
        return outcome_text(name, result)
    if name == ACTIVATE:
        previous = next(
            (p.previous for p in models.promotions(ctx, actor=actor) if p.version == version),
            None,
        )
        return outcome_text(name, result, previous=previous)
    described = next(
        (v for v in models.list_versions(ctx, actor=actor).versions if v.version == version),
        None,
    )
    metrics = described.metrics if described is not None else result.get("metrics")
    return outcome_text(name, result, metrics=metrics)
