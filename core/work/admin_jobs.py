"""Admin jobs on the work engine: fine-tuning, registering a version with its evaluation,
fitting a frozen lexical vocabulary, activating a new champion (rescoring the open jobs, then
capturing the drift reference), and comparing two versions on a job.

They share the ``admin`` queue, one at a time across every worker (two cores train one model
at a time). Each is one durable step: a worker that dies part-way runs the step again on restart,
since nothing it writes is kept before the step ends (a registration is its last act). Progress
is an engine event, and pages read state, progress and outcome from the engine, so an admin can
leave the page and come back.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dbos import DBOS

from core.work import runtime

if TYPE_CHECKING:
    from core.config import Settings

TRAIN = "fine-tune embedder"
REGISTER = "register version"
LEXICAL = "fit lexical vocabulary"
ACTIVATE = "activate version"
COMPARE = "compare versions"
WORKFLOWS = {
    TRAIN: "talentflow.train",
    REGISTER: "talentflow.register",
    LEXICAL: "talentflow.fit_lexical",
    ACTIVATE: "talentflow.activate",
    COMPARE: "talentflow.compare",
}
STATES = {"ENQUEUED": "queued", "DELAYED": "queued", "PENDING": "running", "SUCCESS": "done"}


@dataclass(frozen=True)
class JobStatus:
    """Where an admin job stands, as the engine has it."""

    id: str
    name: str
    state: str = "queued"  # queued | running | done | failed
    fraction: float = 0.0
    message: str = ""
    result: Any = field(default=None, repr=False)
    created_at: dt.datetime | None = None

    @property
    def finished(self) -> bool:
        return self.state in {"done", "failed"}


def _report(fraction: float, message: str) -> None:
    DBOS.set_event("progress", {"fraction": max(0.0, min(1.0, fraction)), "message": message})


@DBOS.step(name="talentflow.train_step")
def _train_step(actor: str, params: dict[str, Any], evaluate_it: bool) -> dict[str, Any]:
    from core.services.training import train_and_register
    from core.training.finetune import TrainingParams

    version = train_and_register(
        runtime.context(),
        actor=actor,
        params=TrainingParams(**params),
        evaluate_it=evaluate_it,
        report=_report,
    )
    return {"version": version.version, "metrics": version.metrics}


@DBOS.workflow(name=WORKFLOWS[TRAIN])
def train_flow(actor: str, params: dict[str, Any], evaluate_it: bool) -> dict[str, Any]:
    return _train_step(actor, params, evaluate_it)


@DBOS.step(name="talentflow.register_step")
def _register_step(actor: str, evaluate_it: bool) -> dict[str, Any]:
    from core.services.models import register_default

    _report(0.05, "running the evaluation harness" if evaluate_it else "registering")
    version = register_default(runtime.context(), actor=actor, evaluate_it=evaluate_it)
    return {"version": version.version}


@DBOS.workflow(name=WORKFLOWS[REGISTER])
def register_flow(actor: str, evaluate_it: bool) -> dict[str, Any]:
    return _register_step(actor, evaluate_it)


@DBOS.step(name="talentflow.fit_lexical_step")
def _lexical_step(actor: str) -> dict[str, Any]:
    from core.services.models import register_lexical

    version = register_lexical(runtime.context(), actor=actor, report=_report)
    return {"version": version.version}


@DBOS.workflow(name=WORKFLOWS[LEXICAL])
def lexical_flow(actor: str) -> dict[str, Any]:
    return _lexical_step(actor)


@DBOS.step(name="talentflow.activate_step")
def _activate_step() -> dict[str, Any]:
    from core.services.models import activate

    ctx = runtime.context()
    ctx.forget_champion()  # the promotion was made by another process or session
    return activate(ctx, _report)


@DBOS.workflow(name=WORKFLOWS[ACTIVATE])
def activate_flow() -> dict[str, Any]:
    return _activate_step()


@DBOS.step(name="talentflow.compare_step")
def _compare_step(actor: str, job_id: int, version_a: str, version_b: str) -> dict[str, Any]:
    from core.services.comparison import compare_versions

    ctx = runtime.context()
    ctx.forget_champion()
    found = compare_versions(ctx, job_id, version_a, version_b, actor=actor, report=_report)
    return found.as_record()


@DBOS.workflow(name=WORKFLOWS[COMPARE])
def compare_flow(actor: str, job_id: int, version_a: str, version_b: str) -> dict[str, Any]:
    return _compare_step(actor, job_id, version_a, version_b)


FLOWS: dict[str, Callable[..., dict[str, Any]]] = {
    TRAIN: train_flow,
    REGISTER: register_flow,
    LEXICAL: lexical_flow,
    ACTIVATE: activate_flow,
    COMPARE: compare_flow,
}


def enqueue(settings: Settings, name: str, *args: Any) -> str:
    """Queue the admin job ``name`` with its arguments; returns its id."""
    from dbos import SetWorkflowID

    runtime.ensure_enqueuer(settings)
    job_id = f"admin-{uuid.uuid4().hex}"
    with SetWorkflowID(job_id):
        DBOS.enqueue_workflow(runtime.ADMIN_QUEUE, FLOWS[name], *args)
    return job_id


def _status(settings: Settings, row: Any, name: str) -> JobStatus:
    from core.work.queue import client_for

    state = STATES.get(row.status, "failed")
    progress: dict[str, Any] = {}
    if state == "running":
        found = client_for(settings).get_event(row.workflow_id, "progress", timeout_seconds=0)
        progress = dict(found or {})
    message = str(progress.get("message", ""))
    if state == "failed":
        from core.errors import TalentFlowError

        error = row.error
        message = (
            str(error)
            if isinstance(error, TalentFlowError)
            else "it stopped on an unexpected error; the details are in the server log"
        )
    return JobStatus(
        id=row.workflow_id,
        name=name,
        state=state,
        fraction=1.0 if state == "done" else float(progress.get("fraction", 0.0)),
        message=message,
        result=row.output if state == "done" else None,
        created_at=dt.datetime.fromtimestamp((row.created_at or 0) / 1000, tz=dt.UTC),
    )


def latest(settings: Settings, name: str) -> JobStatus | None:
    """The newest job of that name, if any was ever queued."""
    from core.work.queue import client_for, has_engine

    if not has_engine(settings):
        return None
    rows = client_for(settings).list_workflows(
        name=WORKFLOWS[name], sort_desc=True, limit=1, load_input=False
    )
    return _status(settings, rows[0], name) if rows else None


def status(settings: Settings, job_id: str) -> JobStatus | None:
    """One job by id."""
    from core.work.queue import client_for

    rows = client_for(settings).list_workflows(workflow_ids=[job_id], load_input=False)
    if not rows:
        return None
    name = next((k for k, v in WORKFLOWS.items() if v == rows[0].name), rows[0].name)
    return _status(settings, rows[0], name)


def wait(settings: Settings, job_id: str, timeout: float = 3600) -> JobStatus:
    """Block until the job has finished (the command line and tests); some worker must run."""
    deadline = time.monotonic() + timeout
    while True:
        found = status(settings, job_id)
        if found is not None and found.finished:
            return found
        if time.monotonic() > deadline:
            raise TimeoutError(f"admin job {job_id} did not finish in {timeout:.0f} s")
        time.sleep(0.3)
