"""``python -m core``: parse, ingest, demo, rank, search, explain, audit, train, models, drift,
bench and more (``python -m core --help``)."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from core.config import get_settings

if TYPE_CHECKING:
    from core.context import AppContext
    from core.parsing.files import IncomingFile

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")

ACTOR = "cli"  # the command line acts as the named local operator


def _cmd_parse(args: argparse.Namespace) -> int:
    from core.context import limits_from
    from core.parsing.files import IncomingFile
    from core.parsing.pipeline import parse_batch, to_result
    from core.parsing.sandbox import WorkerPool

    settings = get_settings()
    files = []
    for name in args.files:
        path = Path(name)
        try:
            files.append(IncomingFile(name, path.read_bytes()))
        except OSError as e:
            files.append(IncomingFile(name, b""))
            print(f"warning: cannot read {name}: {e.strerror}", file=sys.stderr)
    with WorkerPool(settings.parse_workers, limits_from(settings)) as pool:
        outcomes = parse_batch(files, pool, settings)
    results = [to_result(o) for o in outcomes]
    for result, file in zip(results, files, strict=True):
        result.file = file.name  # echo the caller's path, in input order
    if args.json:
        print(json.dumps([r.model_dump() for r in results], ensure_ascii=False, indent=2))
    else:
        for r in results:
            detail = r.profile.name if r.profile else r.reason
            print(f"{r.status:9} {r.file}: {detail}")
    return 0


def _cmd_ingest(args: argparse.Namespace) -> int:
    from core.context import build_context
    from core.services.ingest import files_from_paths, ingest_files

    ctx = build_context(get_settings())
    try:
        files = files_from_paths([Path(p) for p in args.paths])
        if args.queue:
            return _enqueue(ctx, files, as_json=args.json)
        outcomes = ingest_files(ctx, files, actor=ACTOR)
    finally:
        ctx.close()
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    if args.json:
        print(json.dumps({"counts": counts, "files": [o.__dict__ for o in outcomes]}, indent=2))
    else:
        for o in outcomes:
            print(
                f"{o.status:11} {o.file}"
                + (f": {o.reason}" if o.reason else f" -> #{o.candidate_id}")
            )
        print(", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "no files")
    return 0


def _enqueue(ctx: AppContext, files: list[IncomingFile], *, as_json: bool) -> int:
    from core.services.queued_ingest import stage_uploads
    from core.work import runtime
    from core.work.queue import enqueue_ingest

    try:
        staged, rejected = stage_uploads(ctx, files, actor=ACTOR)
        if staged:
            enqueue_ingest(ctx.settings, staged, actor=ACTOR)
    finally:
        runtime.stop()
    if as_json:
        print(json.dumps({"queued": len(staged)}))
    else:
        print(f"{len(staged)} files queued" + (f", {len(rejected)} rejected" if rejected else ""))
    return 0


def _cmd_worker(args: argparse.Namespace) -> int:
    from core.context import build_context
    from core.work.queue import run_worker

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # a container stop lets the running step finish

    signal.signal(signal.SIGTERM, stop)
    ctx = build_context(get_settings())
    try:
        run_worker(ctx, until_idle=args.until_idle)
    except KeyboardInterrupt:
        pass
    finally:
        ctx.close()
    return 0


def _cmd_status(args: argparse.Namespace) -> int:
    from core.context import build_context
    from core.services.status import workspace_status

    ctx = build_context(get_settings())
    try:
        figures = workspace_status(ctx, actor=ACTOR)
    finally:
        ctx.close()
    if args.json:
        print(json.dumps(figures))
    else:
        for name, value in figures.items():
            print(f"{name:13} {value}")
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from core.context import build_context
    from core.services.demo import load_demo
    from core.services.users import ensure_demo_users

    ctx = build_context(get_settings())
    try:
        accounts = ensure_demo_users(ctx, actor="demo")  # first: the demo's reviews need them
        summary = load_demo(ctx, actor="demo", force=args.force)
    finally:
        ctx.close()
    print(json.dumps(summary))
    if accounts:
        path = write_demo_accounts(get_settings().home, accounts)
        print(f"demo accounts (one per role) written to {path}, readable only by you")
    return 0


def write_demo_accounts(home: Path, accounts: list[tuple[str, str, str]]) -> Path:
    """The demo accounts' passwords in a file of mode 0600 (never on stdout, where a container's
    log would keep them)."""
    import os

    from core.selfcheck import DEMO_ACCOUNTS_FILE

    path = home / DEMO_ACCOUNTS_FILE
    home.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        for email, role, password in accounts:
            f.write(f"{role:15} {email:30} password: {password}\n")
        f.write("Reset a password with: python -m core users reset EMAIL\n")
    return path


def _cmd_users(args: argparse.Namespace) -> int:
    import getpass

    from core.context import build_context
    from core.services import users

    ctx = build_context(get_settings())
    try:
        if args.action == "create":
            password = args.password or getpass.getpass(
                "Password (10+ characters, not a common one): "
            )
            user = users.create_user(
                ctx, args.email, args.role, password, name=args.name, actor=ACTOR
            )
            print(f"created {user.role} {user.email}")
        elif args.action == "list":
            for u in users.list_users(ctx, actor=ACTOR):
                print(f"{u.email:32} {u.role:15} {'active' if u.active else 'inactive'}")
        elif args.action == "role":
            users.update_user(ctx, args.email, actor=ACTOR, role=args.role)
        elif args.action == "deactivate":
            users.update_user(ctx, args.email, actor=ACTOR, active=False)
        elif args.action == "reset":
            print(users.reset_password(ctx, args.email, actor=ACTOR, password=args.password))
    finally:
        ctx.close()
    return 0


def _cmd_rank(args: argparse.Namespace) -> int:
    import tempfile

    from core.config import Settings
    from core.services.standalone import rank_files

    with tempfile.TemporaryDirectory(prefix="talentflow-rank-") as home:
        settings = Settings(home=Path(home), load_demo=False)
        rows = rank_files(settings, Path(args.job), Path(args.resumes), actor=ACTOR, top=args.top)
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        for row in rows:
            dup = f" (same person as {row['duplicate_of']})" if row["duplicate_of"] else ""
            print(f"{row['score']:.3f}  {row['file']}{dup}")
    return 0


def _cmd_explain(args: argparse.Namespace) -> int:
    import tempfile

    from core.config import Settings
    from core.services.standalone import explain_file

    settings = get_settings()
    with tempfile.TemporaryDirectory(prefix="talentflow-explain-") as home:
        local = Settings(
            home=Path(home),
            load_demo=False,
            **{
                k: getattr(settings, k)
                for k in ("anthropic_api_key", "anthropic_base_url", "llm_model", "llm_timeout_s")
            },
        )
        result = explain_file(local, Path(args.job), Path(args.resume), actor=ACTOR)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print(f"{result['score']:.3f} ({result['writer']}): {result['explanation']}")
    return 0


def _cmd_audit(args: argparse.Namespace) -> int:
    from core.monitoring.bias import audit, read_csv

    report = audit(read_csv(args.input))
    if args.json:
        print(json.dumps(report.to_dict(), indent=2))
    else:
        print(f"{report.kind} audit: median {report.median_score}, unknown {report.unknown_count}")
        for name, rows in (
            ("sex", report.by_sex),
            ("race/ethnicity", report.by_race),
            ("intersectional", report.intersectional),
        ):
            print(f"\n{name}")
            for r in rows:
                ratio = "excluded" if r.excluded else f"{r.impact_ratio}"
                print(f"  {r.category:40} n={r.count:<6} rate={r.rate:.3f}  ratio={ratio}")
        for flag in report.flags:
            print(f"! {flag}")
    return 0


def _cmd_search(args: argparse.Namespace) -> int:
    from core.context import build_context
    from core.services.search import search_candidates

    ctx = build_context(get_settings())
    try:
        results = search_candidates(ctx, args.query, top=args.top, actor=ACTOR)
    finally:
        ctx.close()
    rows = [
        {
            "candidate_id": r.candidate_id,
            "name": r.name,
            "file": r.file,
            "score": r.score,
            "snippet": r.snippet,
        }
        for r in results
    ]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        for row in rows:
            print(f"{row['score']:.3f}  {row['name']} ({row['file']})")
    return 0


def _cmd_reindex(args: argparse.Namespace) -> int:
    from core.context import build_context

    ctx = build_context(get_settings())
    try:
        if args.rebuild:
            summary = {"points": ctx.indexer.rebuild()}
        else:
            summary = ctx.indexer.reconcile()
        summary["count"] = ctx.indexer.index.count()
    finally:
        ctx.close()
    print(json.dumps(summary))
    return 0


def _cmd_jobs(args: argparse.Namespace) -> int:
    from core.context import build_context
    from core.services import jobs as service

    ctx = build_context(get_settings())
    try:
        if args.action == "create":
            job = service.create_job(ctx, Path(args.file).read_text(encoding="utf-8"), actor=ACTOR)
            print(json.dumps({"id": job.id, "title": job.title, "requirements": job.requirements}))
        else:
            for job in service.list_jobs(ctx, actor=ACTOR):
                print(f"{job.id:4}  {job.status:6}  r{job.revision}  {job.title}")
    finally:
        ctx.close()
    return 0


def _cmd_eval(args: argparse.Namespace) -> int:
    from core.bench import SHARED
    from core.evaluation.matching import run_eval
    from core.evaluation.matching_report import format_results

    model = None
    if args.version:
        from core.context import build_context

        ctx = build_context(get_settings())
        try:
            model = ctx.model_for(args.version)
        finally:
            ctx.close()
    results = run_eval(
        SHARED,
        model=model,
        sets=[s.strip() for s in args.sets.split(",") if s.strip()],
        cache=Path(args.cache) if args.cache else None,
        fresh=args.fresh,
        features=Path(args.features) if args.features else None,
    )
    Path(args.output).write_text(json.dumps(results, indent=2), encoding="utf-8")
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(format_results(results))
        print(f"\nresults written to {args.output}")
    return 0


def _cmd_bench(args: argparse.Namespace) -> int:
    from core.bench import run_benchmarks

    results = run_benchmarks(sample=args.sample, output=Path(args.output))
    print(json.dumps(results, indent=2) if args.json else f"results written to {args.output}")
    return 0


def _cmd_taxonomy(args: argparse.Namespace) -> int:
    from core.skills.build import build, build_title_words

    onet = Path(args.onet)
    count = build(onet, Path(args.out))
    print(f"{count} skills written to {args.out}")
    titles = Path(__file__).parent / "parsing/data/title_words.txt"
    print(f"{build_title_words(onet, titles)} title words written to {titles}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    parser = argparse.ArgumentParser(prog="python -m core", description="TalentFlow command line")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="parse resume files (no database, no network)")
    p.add_argument("files", nargs="+")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_cmd_parse)

    p = sub.add_parser("ingest", help="ingest files, folders and zips into the workspace")
    p.add_argument("paths", nargs="+")
    p.add_argument("--queue", action="store_true", help="queue for a worker instead of now")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_cmd_ingest)

    p = sub.add_parser("worker", help="run background work (queued ingest, indexing)")
    p.add_argument("--until-idle", action="store_true", help="exit once nothing is queued")
    p.set_defaults(func=_cmd_worker)

    p = sub.add_parser("status", help="workspace counts and background work (a health check)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_cmd_status)

    p = sub.add_parser("demo", help="load the demo data set into the workspace")
    p.add_argument("--force", action="store_true", help="load even if the workspace has data")
    p.set_defaults(func=_cmd_demo)

    p = sub.add_parser("rank", help="rank resume files for a job file (standalone, no setup)")
    p.add_argument("--job", required=True, help="job description: TXT, PDF or DOCX")
    p.add_argument("--resumes", required=True, help="folder (or zip) of resumes")
    p.add_argument("--top", type=int, default=None)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_cmd_rank)

    p = sub.add_parser("explain", help="score one resume for a job and explain it (standalone)")
    p.add_argument("--job", required=True)
    p.add_argument("--resume", required=True)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_cmd_explain)

    p = sub.add_parser("audit", help="bias audit (LL144 impact ratios) of a CSV of scores")
    p.add_argument("--input", required=True, help="CSV: score or selected, sex, race")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_cmd_audit)

    p = sub.add_parser("search", help="semantic search over the workspace")
    p.add_argument("query")
    p.add_argument("--top", type=int, default=10)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_cmd_search)

    p = sub.add_parser("reindex", help="repair the vector index from SQL (or --rebuild it)")
    p.add_argument("--rebuild", action="store_true")
    p.set_defaults(func=_cmd_reindex)

    p = sub.add_parser("jobs", help="list jobs, or create one from a text file")
    p.add_argument("action", choices=["list", "create"])
    p.add_argument("file", nargs="?")
    p.set_defaults(func=_cmd_jobs)

    p = sub.add_parser("eval", help="ranking quality on public data: baselines vs TalentFlow")
    p.add_argument("--json", action="store_true")
    p.add_argument("--sets", default="category,ner_dotin,layouts,demo", help="comma-separated")
    p.add_argument("--output", default="eval-results.json")
    p.add_argument("--features", help="write per-candidate component scores (JSON lines)")
    p.add_argument("--cache", help="parsed workspaces kept between runs (.cache/eval)")
    p.add_argument("--fresh", action="store_true", help="parse again, ignoring the cache")
    p.add_argument("--version", help="evaluate a registered scoring version (default: built-in)")
    p.set_defaults(func=_cmd_eval)

    from core.cli_db import add_commands as add_db_commands
    from core.cli_models import add_commands
    from core.cli_privacy import add_commands as add_privacy_commands

    add_commands(sub)
    add_privacy_commands(sub)
    add_db_commands(sub)

    p = sub.add_parser("users", help="accounts: create, list, role, deactivate, reset")
    p.add_argument("action", choices=["create", "list", "role", "deactivate", "reset"])
    p.add_argument("email", nargs="?")
    p.add_argument("--role", default="recruiter", choices=["admin", "recruiter", "hiring_manager"])
    p.add_argument("--name", default="")
    p.add_argument("--password", help="for scripts; prompted for when omitted")
    p.set_defaults(func=_cmd_users)

    p = sub.add_parser("bench", help="run the benchmarks and write their figures to a file")
    p.add_argument("--json", action="store_true")
    p.add_argument("--sample", type=int, default=200, help="resumes to parse for throughput")
    p.add_argument("--output", default="bench-results.json")
    p.set_defaults(func=_cmd_bench)

    p = sub.add_parser("taxonomy", help="rebuild the skills and job-title files from O*NET")
    p.add_argument("--onet", required=True, help="folder with O*NET 'Technology Skills.txt'")
    p.add_argument("--out", default=str(Path(__file__).parent / "skills/data/onet_skills.tsv"))
    p.set_defaults(func=_cmd_taxonomy)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit status."""
    from core.errors import TalentFlowError

    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except TalentFlowError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
