"""The service layer is the whole boundary: every public function of ``core/services`` takes a
required keyword ``actor``, refuses anonymous and unknown actors and serves permitted ones; the
command line and the work engine are named principals of the policy, not a bypass."""

import importlib
import inspect
import pkgutil
from types import SimpleNamespace

import pytest

import core.services
from core.auth.policy import POLICY, Action, PermissionDenied
from core.config import Settings
from core.errors import TalentFlowError
from core.parsing.files import IncomingFile
from core.services.guard import LOCAL_PRINCIPALS
from tests import factories

# Public functions that take no actor on purpose, and why.
NO_ACTOR = {
    "archives.count_files": "pure: counts a zip's entries",
    "archives.expand_zip": "pure: reads a zip's entries within limits",
    "audit.record": "the audit writer: services call it with their own actor",
    "bias_audit.report_csv": "formats a report its actor was allowed to run",
    "bias_audit.report_html": "formats a report its actor was allowed to run",
    "drift.capture_reference": "a step of the activation a promotion queued",
    "export.header": "pure",
    "export.safe_cell": "pure",
    "export.to_csv": "pure",
    "export.to_xlsx": "pure",
    "tags.normal_tag": "pure: a tag as stored",
    "ingest.expand_uploads": "a step of an ingest its actor was allowed to start",
    "ingest.files_from_paths": "reads files the operator named on the command line",
    "ingest.record_upload": "a step of an ingest its actor was allowed to start",
    "ingest.settle_upload": "a step of an ingest its actor was allowed to start",
    "jobs.diff_revisions": "pure",
    "job_history.describe_changes": "pure",
    "audit_text.action_label": "pure",
    "audit_text.details_text": "pure",
    "audit_text.words": "pure",
    "model_text.headline": "pure",
    "model_text.metric_label": "pure",
    "model_text.outcome_text": "pure",
    "model_text.work_label": "pure",
    "models.activate": "the work engine's activation step after a promotion",
    "models.evaluate": "the evaluation harness, run in its own workspace by registration",
    "queued_ingest.discard_staged": "a step of a queued ingest",
    "queued_ingest.ingest_queued": "a step of a queued ingest",
    "queued_ingest.outcome_dict": "pure",
    "ranking.ensure_indexed": "index upkeep of the work engine's steps and of searches",
    "ranking.warm_pool": "index upkeep of the work engine's steps",
    "ranking.warm_titles": "index upkeep of the work engine's steps",
    "reviews.blind_profile": "pure",
    "sign_in.authenticate": "signing in is what establishes an actor",
    "sign_in.sign_in_sso": "signing in is what establishes an actor",
    "sign_in.backoff": "pure",
    "sign_in.is_locked": "pure",
    "sign_in.source_key": "pure",
    "users.has_accounts": "the sign-in page's first-run hint: names nobody",
    "users.normalise_email": "pure",
    "users.user_by_email": "the identity lookup of sign-in and of the guard itself",
    "web_sessions.open_session": "called once signing in has established the actor",
    "web_sessions.resolve_session": "the identity lookup of a returning browser",
    "web_sessions.end_session": "signing out: the token is the proof",
    "web_sessions.end_sessions_of": "a step of a deactivation or password reset",
    "web_sessions.offer_handoff": "hands a just-opened session's token to its own browser",
    "web_sessions.take_handoff": "the one-time code is the proof",
    "guard.authorize": "the check itself",
    "guard.allowed": "the check itself",
    "guard.visible": "the check itself",
    "guard.principal": "the check itself",
    "guard.is_local": "the check itself",
}
# Functions with an actor that act in its name without checking it, and why.
UNCHECKED = {
    "queued_ingest.audit_batch": "a queued batch's last step: audits it for whoever queued it",
    "sign_in.sign_out": "ends a session: anyone may, and it is audited under their name",
}


def public_functions() -> dict[str, object]:
    found = {}
    for info in pkgutil.iter_modules(core.services.__path__):
        module = importlib.import_module(f"core.services.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if not name.startswith("_") and fn.__module__ == module.__name__:
                found[f"{info.name}.{name}"] = fn
    return found


def test_every_public_service_function_takes_a_required_actor():
    functions = public_functions()
    assert set(NO_ACTOR) <= set(functions), "an exception names a function that is gone"
    wrong = []
    for name, fn in functions.items():
        if name in NO_ACTOR:
            continue
        parameter = inspect.signature(fn).parameters.get("actor")
        if (
            parameter is None
            or parameter.kind is not inspect.Parameter.KEYWORD_ONLY
            or parameter.default is not inspect.Parameter.empty
        ):
            wrong.append(name)
    assert wrong == []


def test_no_service_still_names_its_actor_user_or_viewer():
    for name, fn in public_functions().items():
        if name not in NO_ACTOR:
            assert not {"user", "viewer"} & set(inspect.signature(fn).parameters), name


def test_local_principals_are_policy_entries_not_a_bypass():
    assert {p.role for p in LOCAL_PRINCIPALS.values()} <= set(POLICY)
    assert POLICY["operator"] == set(Action) == POLICY["admin"]
    assert POLICY["system"] == {
        Action.VIEW_JOBS,
        Action.RANK,
        Action.ERASE_PERSON,
        Action.MONITOR_DRIFT,
    }
    assert {n: p.role for n, p in LOCAL_PRINCIPALS.items()} == {
        "cli": "operator",
        "demo": "operator",
        "system": "system",
    }


class FakeRegistry:
    """Just enough of the MLflow registry for the model services to pass their checks."""

    def alias(self, name):
        return None

    def versions(self):
        return []

    def set_alias(self, name, version):
        pass

    def delete_alias(self, name):
        pass

    def register(self, config, **kwargs):
        return SimpleNamespace(version="7")


@pytest.fixture
def workspace(ctx, accounts, monkeypatch, tmp_path):
    """One candidate on the shortlist of one job assigned to Hugo, a hiring manager; Harry
    manages another job. Work-engine calls and the registry are stood in for."""
    from core.services import jobs, ranking, rescoring, shortlists, users
    from core.services.ingest import ingest_files
    from core.work import admin_jobs, queue

    monkeypatch.setattr(queue, "enqueue_rescore", lambda *a, **k: None)
    monkeypatch.setattr(queue, "enqueue_ingest", lambda *a, **k: "batch-1")
    monkeypatch.setattr(rescoring, "rescoring_state", lambda *a, **k: None)
    monkeypatch.setattr(queue, "counts", lambda *a, **k: {})
    monkeypatch.setattr(admin_jobs, "enqueue", lambda *a, **k: "task-1")
    monkeypatch.setattr(admin_jobs, "latest", lambda *a, **k: None)
    for email in ("hugo@example.com", "harry@example.com"):
        users.create_user(ctx, email, "hiring_manager", "correct horse battery", actor="cli")
    [outcome] = ingest_files(ctx, [IncomingFile("cv.txt", factories.RESUME.encode())], actor="cli")
    job = jobs.create_job(ctx, "Backend Engineer\n\nRequirements\n- Python, Kafka\n", actor="cli")
    other = jobs.create_job(ctx, "Data Engineer\n\nRequirements\n- Python\n", actor="cli")
    jobs.assign_managers(ctx, job.id, ["hugo@example.com"], actor="cli")
    jobs.assign_managers(ctx, other.id, ["harry@example.com"], actor="cli")
    ranking.rank_job(ctx, job.id, actor="cli")
    shortlists.add_to_shortlist(ctx, job.id, outcome.candidate_id, actor="cli")
    ctx._registry = FakeRegistry()
    from core.services.candidates import candidate_detail

    resume_id = candidate_detail(ctx, outcome.candidate_id, actor="cli").current.id
    return SimpleNamespace(
        ctx=ctx,
        job=job.id,
        candidate=outcome.candidate_id,
        resume=resume_id,
        settings=Settings(home=tmp_path / "standalone", load_demo=False),
        job_file=write(tmp_path / "job.txt", "Backend Engineer\n\n- Python\n"),
        resumes=write(tmp_path / "cvs" / "cv.txt", factories.RESUME).parent,
    )


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def calls(w):
    """Each public service function with an actor: (who may, how to call it for an actor)."""
    from core.registry.loading import builtin_model
    from core.services import (
        audit,
        bias_audit,
        candidate_export,
        candidates,
        comparison,
        demo,
        demo_world,
        drift,
        erasure,
        explanations,
        files,
        ingest,
        jobs,
        models,
        notes,
        overview,
        pipeline,
        queued_ingest,
        ranking,
        rescoring,
        retention,
        reviews,
        search,
        shortlists,
        standalone,
        status,
        tags,
        training,
        users,
    )
    from core.services import sign_in as signing

    ctx, job, cid = w.ctx, w.job, w.candidate
    cv = [IncomingFile("new.txt", factories.RESUME.replace("Jane", "Joan").encode())]
    limits = drift.Thresholds(0.2, 0.1, 0.2, 0.1)
    return {
        "audit.events": ("ada@example.com", lambda a: audit.events(ctx, actor=a)),
        "audit.events_csv": ("ada@example.com", lambda a: audit.events_csv(ctx, actor=a)),
        "audit.purge_expired": ("cli", lambda a: audit.purge_expired(ctx, 200, actor=a)),
        "bias_audit.import_self_identification": (
            "ada@example.com",
            lambda a: bias_audit.import_self_identification(ctx, b"email,sex,race\n", actor=a),
        ),
        "bias_audit.record_self_identification": (
            "ada@example.com",
            lambda a: bias_audit.record_self_identification(ctx, cid, "", "", actor=a),
        ),
        "bias_audit.logged_versions": (
            "ada@example.com",
            lambda a: bias_audit.logged_versions(ctx, job, actor=a),
        ),
        "bias_audit.job_audit": (
            "ada@example.com",
            lambda a: bias_audit.job_audit(ctx, job, basis="scores", actor=a),
        ),
        "candidates.list_candidates": (
            "rita@example.com",
            lambda a: candidates.list_candidates(ctx, actor=a),
        ),
        "candidates.candidate_detail": (
            "rita@example.com",
            lambda a: candidates.candidate_detail(ctx, cid, actor=a),
        ),
        "candidates.correct_field": (
            "rita@example.com",
            lambda a: candidates.correct_field(ctx, cid, "headline", "Engineer", actor=a),
        ),
        "candidates.original_file": (
            "rita@example.com",
            lambda a: candidates.original_file(ctx, w.resume, actor=a),
        ),
        "candidates.recent_uploads": (
            "rita@example.com",
            lambda a: candidates.recent_uploads(ctx, actor=a),
        ),
        "comparison.start_comparison": (
            "ada@example.com",
            lambda a: comparison.start_comparison(ctx, job, "builtin", "builtin", actor=a),
        ),
        "comparison.latest_comparison": (
            "ada@example.com",
            lambda a: comparison.latest_comparison(ctx, actor=a),
        ),
        "comparison.compare_versions": (
            "ada@example.com",
            lambda a: comparison.compare_versions(ctx, job, "builtin", "builtin", actor=a),
        ),
        "demo.load_demo": ("demo", lambda a: demo.load_demo(ctx, actor=a)),
        "demo_world.build_world": ("demo", lambda a: demo_world.build_world(ctx, actor=a)),
        "drift.thresholds": ("ada@example.com", lambda a: drift.thresholds(ctx, actor=a)),
        "drift.set_thresholds": (
            "ada@example.com",
            lambda a: drift.set_thresholds(ctx, limits, actor=a),
        ),
        "drift.drift_report": ("ada@example.com", lambda a: drift.drift_report(ctx, actor=a)),
        "drift.check": ("system", lambda a: drift.check(ctx, actor=a)),
        "drift.open_alerts": ("ada@example.com", lambda a: drift.open_alerts(ctx, actor=a)),
        "drift.acknowledge": ("ada@example.com", lambda a: drift.acknowledge(ctx, 99, actor=a)),
        "erasure.erase_person": (
            "ada@example.com",
            lambda a: erasure.erase_person(ctx, actor=a, email="nobody@example.com"),
        ),
        "erasure.export_person": (
            "ada@example.com",
            lambda a: erasure.export_person(ctx, actor=a, candidate_id=cid),
        ),
        "erasure.export_archive": (
            "ada@example.com",
            lambda a: erasure.export_archive(ctx, actor=a, candidate_id=cid),
        ),
        "explanations.stored_score": (
            "hugo@example.com",
            lambda a: explanations.stored_score(ctx, job, cid, actor=a),
        ),
        "explanations.explain": (
            "hugo@example.com",
            lambda a: explanations.explain(ctx, job, cid, actor=a),
        ),
        "files.text_of_upload": (
            "rita@example.com",
            lambda a: files.text_of_upload(ctx, "job.txt", b"A job\nPython", actor=a),
        ),
        "ingest.admit_uploads": (
            "rita@example.com",
            lambda a: ingest.admit_uploads(ctx, cv, actor=a),
        ),
        "ingest.ingest_files": (
            "rita@example.com",
            lambda a: ingest.ingest_files(ctx, cv, actor=a),
        ),
        "jobs.list_jobs": ("hugo@example.com", lambda a: jobs.list_jobs(ctx, actor=a)),
        "jobs.get_job": ("hugo@example.com", lambda a: jobs.get_job(ctx, job, actor=a)),
        "jobs.create_job": (
            "rita@example.com",
            lambda a: jobs.create_job(ctx, "QA Engineer\n- Python", actor=a),
        ),
        "jobs.update_job": (
            "rita@example.com",
            lambda a: jobs.update_job(ctx, job, title="Backend Engineer II", actor=a),
        ),
        "jobs.set_status": (
            "rita@example.com",
            lambda a: jobs.set_status(ctx, job, "open", actor=a),
        ),
        "jobs.assign_managers": (
            "rita@example.com",
            lambda a: jobs.assign_managers(ctx, job, ["hugo@example.com"], actor=a),
        ),
        "jobs.revisions": ("rita@example.com", lambda a: jobs.revisions(ctx, job, actor=a)),
        "jobs.reviewer_accounts": (
            "rita@example.com",
            lambda a: jobs.reviewer_accounts(ctx, actor=a),
        ),
        "jobs.set_blind": (
            "rita@example.com",
            lambda a: jobs.set_blind(ctx, job, blind=False, schools=False, actor=a),
        ),
        "models.list_versions": ("ada@example.com", lambda a: models.list_versions(ctx, actor=a)),
        "models.register": (
            "ada@example.com",
            lambda a: models.register(ctx, builtin_model(ctx.settings).config, actor=a),
        ),
        "models.register_default": (
            "ada@example.com",
            lambda a: models.register_default(ctx, actor=a, evaluate_it=False),
        ),
        "models.register_lexical": (
            "ada@example.com",
            lambda a: models.register_lexical(ctx, actor=a, evaluate_it=False),
        ),
        "models.start_registration": (
            "ada@example.com",
            lambda a: models.start_registration(ctx, actor=a),
        ),
        "models.start_lexical_fit": (
            "ada@example.com",
            lambda a: models.start_lexical_fit(ctx, actor=a),
        ),
        "models.latest_job": (
            "ada@example.com",
            lambda a: models.latest_job(ctx, "train", actor=a),
        ),
        "models.set_challenger": (
            "ada@example.com",
            lambda a: models.set_challenger(ctx, "7", actor=a),
        ),
        "models.promote": ("ada@example.com", lambda a: models.promote(ctx, "7", actor=a)),
        "models.make_champion": (
            "ada@example.com",
            lambda a: models.make_champion(ctx, "7", actor=a),
        ),
        "models.rollback": ("ada@example.com", lambda a: models.rollback(ctx, actor=a)),
        "models.promotions": ("ada@example.com", lambda a: models.promotions(ctx, actor=a)),
        "overview.workspace_overview": (
            "rita@example.com",
            lambda a: overview.workspace_overview(ctx, actor=a),
        ),
        "overview.recruiting_overview": (
            "rita@example.com",
            lambda a: overview.recruiting_overview(ctx, actor=a),
        ),
        "overview.reviews_waiting": (
            "hugo@example.com",
            lambda a: overview.reviews_waiting(ctx, actor=a),
        ),
        "overview.admin_overview": (
            "ada@example.com",
            lambda a: overview.admin_overview(ctx, actor=a),
        ),
        "queued_ingest.stage_uploads": (
            "rita@example.com",
            lambda a: queued_ingest.stage_uploads(ctx, cv, actor=a),
        ),
        "queued_ingest.audit_batch": (
            "system",
            lambda a: queued_ingest.audit_batch(ctx, [], actor=a, batch="b"),
        ),
        "queued_ingest.queue_uploads": (
            "rita@example.com",
            lambda a: queued_ingest.queue_uploads(ctx, cv, actor=a),
        ),
        "queued_ingest.batch_results": (
            "rita@example.com",
            lambda a: queued_ingest.batch_results(ctx, "batch-1", actor=a),
        ),
        "ranking.rank_job": ("system", lambda a: ranking.rank_job(ctx, job, actor=a)),
        "ranking.stored_ranking": (
            "rita@example.com",
            lambda a: ranking.stored_ranking(ctx, job, actor=a),
        ),
        "rescoring.rescoring_status": (
            "rita@example.com",
            lambda a: rescoring.rescoring_status(ctx, job, actor=a),
        ),
        "retention.due": ("ada@example.com", lambda a: retention.due(ctx, 1000, actor=a)),
        "retention.preview": ("ada@example.com", lambda a: retention.preview(ctx, actor=a)),
        "retention.apply_retention": (
            "system",
            lambda a: retention.apply_retention(ctx, actor=a, months=1000),
        ),
        "reviews.review_queue": (
            "hugo@example.com",
            lambda a: reviews.review_queue(ctx, job, actor=a),
        ),
        "reviews.submit_review": (
            "hugo@example.com",
            lambda a: reviews.submit_review(ctx, job, cid, actor=a, decision="hold", rating=2),
        ),
        "reviews.job_brief": (
            "hugo@example.com",
            lambda a: reviews.job_brief(ctx, job, actor=a),
        ),
        "reviews.reviews_by_candidate": (
            "rita@example.com",
            lambda a: reviews.reviews_by_candidate(ctx, job, actor=a),
        ),
        "search.search_candidates": (
            "rita@example.com",
            lambda a: search.search_candidates(ctx, "kafka", actor=a),
        ),
        "pipeline.job_stages": (
            "rita@example.com",
            lambda a: pipeline.job_stages(ctx, job, actor=a),
        ),
        "pipeline.set_stages": (
            "rita@example.com",
            lambda a: pipeline.set_stages(ctx, job, ["New", "Screened", "Shortlisted"], actor=a),
        ),
        "pipeline.move_candidates": (
            "rita@example.com",
            lambda a: pipeline.move_candidates(ctx, job, [cid], "Screened", actor=a),
        ),
        "pipeline.stages_by_candidate": (
            "rita@example.com",
            lambda a: pipeline.stages_by_candidate(ctx, job, actor=a),
        ),
        "pipeline.funnel": ("rita@example.com", lambda a: pipeline.funnel(ctx, job, actor=a)),
        "pipeline.candidate_stages": (
            "rita@example.com",
            lambda a: pipeline.candidate_stages(ctx, cid, actor=a),
        ),
        "pipeline.stages_in_use": (
            "rita@example.com",
            lambda a: pipeline.stages_in_use(ctx, actor=a),
        ),
        "candidate_export.export_candidates": (
            "rita@example.com",
            lambda a: candidate_export.export_candidates(ctx, [cid], "csv", actor=a, job_id=job),
        ),
        "notes.add_note": ("rita@example.com", lambda a: notes.add_note(ctx, cid, "Hi", actor=a)),
        "notes.notes_of": ("rita@example.com", lambda a: notes.notes_of(ctx, cid, actor=a)),
        "notes.delete_note": ("rita@example.com", lambda a: notes.delete_note(ctx, 1, actor=a)),
        "tags.tag_candidates": (
            "rita@example.com",
            lambda a: tags.tag_candidates(ctx, [cid], "referral", actor=a),
        ),
        "tags.untag_candidates": (
            "rita@example.com",
            lambda a: tags.untag_candidates(ctx, [cid], "referral", actor=a),
        ),
        "tags.tags_by_candidate": (
            "rita@example.com",
            lambda a: tags.tags_by_candidate(ctx, actor=a),
        ),
        "tags.all_tags": ("rita@example.com", lambda a: tags.all_tags(ctx, actor=a)),
        "shortlists.on_shortlist": (
            "hugo@example.com",
            lambda a: shortlists.on_shortlist(ctx, job, cid, actor=a),
        ),
        "shortlists.add_to_shortlist": (
            "rita@example.com",
            lambda a: shortlists.add_to_shortlist(ctx, job, cid, actor=a),
        ),
        "shortlists.remove_from_shortlist": (
            "rita@example.com",
            lambda a: shortlists.remove_from_shortlist(ctx, w.job + 1, cid, actor=a),
        ),
        "shortlists.shortlist": (
            "hugo@example.com",
            lambda a: shortlists.shortlist(ctx, job, actor=a),
        ),
        "shortlists.shortlist_export": (
            "rita@example.com",
            lambda a: shortlists.shortlist_export(ctx, job, "csv", actor=a),
        ),
        "sign_in.sign_out": ("rita@example.com", lambda a: signing.sign_out(ctx, actor=a)),
        "standalone.rank_files": (
            "cli",
            lambda a: standalone.rank_files(w.settings, w.job_file, w.resumes, actor=a),
        ),
        "standalone.explain_file": (
            "cli",
            lambda a: standalone.explain_file(
                w.settings, w.job_file, w.resumes / "cv.txt", actor=a
            ),
        ),
        "status.workspace_status": ("cli", lambda a: status.workspace_status(ctx, actor=a)),
        "training.train_and_register": (
            "ada@example.com",
            lambda a: training.train_and_register(ctx, actor=a, pairs=[]),
        ),
        "training.start_training": (
            "ada@example.com",
            lambda a: training.start_training(ctx, actor=a),
        ),
        "users.create_user": (
            "ada@example.com",
            lambda a: users.create_user(ctx, "new@example.com", "recruiter", "x", actor=a),
        ),
        "users.list_users": ("ada@example.com", lambda a: users.list_users(ctx, actor=a)),
        "users.update_user": (
            "ada@example.com",
            lambda a: users.update_user(ctx, "rita@example.com", actor=a, active=True),
        ),
        "users.reset_password": (
            "ada@example.com",
            lambda a: users.reset_password(ctx, "rita@example.com", actor=a),
        ),
        "users.ensure_demo_users": ("demo", lambda a: users.ensure_demo_users(ctx, actor=a)),
    }


def test_the_matrix_covers_every_public_service_function(workspace):
    with_actor = set(public_functions()) - set(NO_ACTOR)
    assert set(calls(workspace)) == with_actor


@pytest.mark.parametrize("actor", ["", "nobody@example.com", "anonymous", "root"])
def test_anonymous_and_unknown_actors_are_refused_everywhere(workspace, actor):
    allowed = []
    for name, (_, call) in calls(workspace).items():
        if name in UNCHECKED:
            continue
        try:
            call(actor)
        except PermissionDenied:
            continue
        allowed.append(name)
    assert allowed == []


def test_permitted_actors_are_served_everywhere(workspace):
    refused = {}
    for name, (actor, call) in calls(workspace).items():
        try:
            call(actor)
        except PermissionDenied as e:
            refused[name] = str(e)
        except TalentFlowError:
            pass  # allowed, then turned down for what was asked (nobody to erase, too few pairs)
    assert refused == {}


def test_a_hiring_manager_reads_only_the_shortlists_assigned_to_them(workspace):
    from core.services import candidates, explanations, jobs, reviews, shortlists

    ctx, job, cid = workspace.ctx, workspace.job, workspace.candidate
    harry = "harry@example.com"
    for refused in (
        lambda: reviews.review_queue(ctx, job, actor=harry),
        lambda: reviews.job_brief(ctx, job, actor=harry),
        # every reviewer's feedback is the recruiter's view, even of a job assigned to Hugo
        lambda: reviews.reviews_by_candidate(ctx, job, actor="hugo@example.com"),
        lambda: explanations.explain(ctx, job, cid, actor=harry),
        lambda: explanations.stored_score(ctx, job, cid, actor=harry),
        lambda: shortlists.shortlist(ctx, job, actor=harry),
        lambda: jobs.get_job(ctx, job, actor=harry),
        lambda: candidates.candidate_detail(ctx, cid, actor="hugo@example.com"),
        lambda: candidates.list_candidates(ctx, actor="hugo@example.com"),
    ):
        with pytest.raises(PermissionDenied):
            refused()
    assert [j.id for j in jobs.list_jobs(ctx, actor="hugo@example.com")] == [job]
    assert [j.id for j in jobs.list_jobs(ctx, actor="rita@example.com")] == [job + 1, job]
    [item] = reviews.review_queue(ctx, job, actor="hugo@example.com")
    assert item.candidate_id == cid and item.profile


def test_system_does_background_work_only(workspace):
    from core.services import candidates, ranking, users

    ctx = workspace.ctx
    assert ranking.rank_job(ctx, workspace.job, actor="system")
    for refused in (
        lambda: users.create_user(ctx, "eve@example.com", "admin", "x" * 20, actor="system"),
        lambda: users.list_users(ctx, actor="system"),
        lambda: candidates.list_candidates(ctx, actor="system"),
    ):
        with pytest.raises(PermissionDenied):
            refused()


def test_services_hand_out_read_models_not_table_rows(workspace):
    from sqlmodel import SQLModel

    from core.services import audit, candidates, jobs, ranking, shortlists

    ctx, job, cid = workspace.ctx, workspace.job, workspace.candidate
    handed_out = [
        jobs.get_job(ctx, job, actor="cli"),
        *jobs.list_jobs(ctx, actor="cli"),
        *jobs.revisions(ctx, job, actor="cli"),
        candidates.candidate_detail(ctx, cid, actor="cli").candidate,
        *candidates.candidate_detail(ctx, cid, actor="cli").resumes,
        *candidates.recent_uploads(ctx, actor="cli"),
        *[r.entry for r in shortlists.shortlist(ctx, job, actor="cli")],
        *[r.candidate for r in ranking.rank_job(ctx, job, actor="cli")],
        *audit.events(ctx, actor="cli"),
    ]
    for value in handed_out:
        assert isinstance(value, SQLModel) and not hasattr(type(value), "__table__"), value
