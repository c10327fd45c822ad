"""The same schema and repositories on PostgreSQL (run when CI provides a server)."""

import pytest

from core.config import Settings
from core.context import build_context
from core.parsing.files import IncomingFile
from core.services import candidates as service
from core.services.ingest import ingest_files
from tests import factories
from tests.local_services import POSTGRES, postgres_database

pytestmark = pytest.mark.skipif(not POSTGRES, reason="TALENTFLOW_TEST_POSTGRES_URL is not set")


@pytest.fixture
def pg_ctx(_workspace, pool):
    with postgres_database() as url:
        ctx = build_context(Settings(home=_workspace, database_url=url))
        ctx.pool.close()
        ctx.pool = pool
        yield ctx
        ctx.engine.dispose()


def test_ingest_versions_and_corrections_on_postgres(pg_ctx):
    assert pg_ctx.engine.dialect.name == "postgresql"
    [first] = ingest_files(pg_ctx, [IncomingFile("cv.pdf", factories.make_pdf())], actor="cli")
    service.correct_field(pg_ctx, first.candidate_id, "skills", "Python, Rust", actor="cli")
    [again] = ingest_files(pg_ctx, [IncomingFile("cv.docx", factories.make_docx())], actor="cli")
    assert again.status == "new_version" and again.candidate_id == first.candidate_id
    detail = service.candidate_detail(pg_ctx, first.candidate_id, actor="cli")
    assert detail.candidate.skills == ["Python", "Rust"]
    assert [r.version for r in detail.resumes] == [2, 1]
    assert [r.name for r in service.list_candidates(pg_ctx, search="JANE", actor="cli")] == [
        "Jane Example"
    ]
