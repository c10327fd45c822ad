"""Job rows as services read them: one job by id, as a read model."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session

from core.errors import NotFound
from core.store.db import session_scope
from core.store.models import Job
from core.store.public import JobPublic


class JobNotFound(NotFound):
    """No job with this id."""

    def __init__(self, job_id: int) -> None:
        super().__init__(f"job {job_id} not found")
        self.job_id = job_id


def job_in(session: Session, job_id: int) -> Job:
    """The job row; raises ``JobNotFound``."""
    job = session.get(Job, job_id)
    if job is None:
        raise JobNotFound(job_id)
    return job


def load_job(engine: Engine, job_id: int) -> JobPublic:
    """One job, for a service that has checked its actor already; raises ``JobNotFound``."""
    with session_scope(engine) as session:
        return JobPublic.of(job_in(session, job_id))
