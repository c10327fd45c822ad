"""``python -m core train | models | drift``: scoring versions from the command line."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from core.config import get_settings

if TYPE_CHECKING:
    from core.context import AppContext
    from core.work.admin_jobs import JobStatus

ACTOR = "cli"


def _version_row(v: Any) -> dict[str, Any]:
    return {
        "version": v.version,
        "aliases": list(v.aliases),
        "config": v.config.model_dump(),
        "metrics": v.metrics,
        "tags": v.tags,
        "created_at": v.created_at.isoformat(),
        "description": v.description,
    }


def _print(data: Any, as_json: bool, text: str) -> None:
    print(json.dumps(data, indent=2, default=str) if as_json else text)


def _cmd_train(args: argparse.Namespace) -> int:
    from core.context import build_context
    from core.services.models import register_lexical
    from core.services.training import train_and_register
    from core.training.finetune import TrainingParams

    ctx = build_context(get_settings())

    def report(fraction: float, message: str) -> None:
        if not args.json:
            print(f"{fraction:4.0%} {message}", flush=True)

    try:
        if args.lexical:
            version = register_lexical(
                ctx, actor=ACTOR, report=report, evaluate_it=not args.no_eval
            )
        else:
            params = TrainingParams(
                epochs=args.epochs, max_seq_length=args.max_seq_length, patience=args.patience
            )
            version = train_and_register(
                ctx, actor=ACTOR, params=params, evaluate_it=not args.no_eval, report=report
            )
    finally:
        ctx.close()
    _print(_version_row(version), args.json, f"registered v{version.version}: {version.metrics}")
    return 0


def _run_admin_job(ctx: AppContext, job_id: str) -> JobStatus:
    """Work as a worker until the queued admin job has finished (another worker, the app's,
    may take it first); returns how it ended."""
    from core.work import admin_jobs, runtime

    runtime.start_worker(ctx)
    try:
        return admin_jobs.wait(ctx.settings, job_id)
    finally:
        runtime.stop()


def _cmd_models(args: argparse.Namespace) -> int:
    from core.context import build_context
    from core.services import models

    ctx = build_context(get_settings())
    try:
        if args.action == "list":
            table = models.list_versions(ctx, actor=ACTOR)
            rows = [_version_row(v) for v in table.versions]
            lines = [f"champion: {table.champion}   challenger: {table.challenger or '-'}"]
            lines += [
                f"v{r['version']:<4} {','.join(r['aliases']):20} {r['description'][:60]}"
                for r in rows
            ]
            _print(
                {"champion": table.champion, "challenger": table.challenger, "versions": rows},
                args.json,
                "\n".join(lines),
            )
        elif args.action == "register":
            version = models.register_default(ctx, actor=ACTOR, evaluate_it=not args.no_eval)
            _print(_version_row(version), args.json, f"registered v{version.version}")
        elif args.action in {"promote", "rollback"}:
            if args.action == "promote":
                _require(args.version, "promote needs a VERSION")
                job = models.promote(ctx, args.version, actor=ACTOR)
            else:
                job = models.rollback(ctx, actor=ACTOR)
            status = _run_admin_job(ctx, job)
            _print(
                {
                    "champion": ctx.champion_version(),
                    "state": status.state,
                    **(status.result or {}),
                },
                args.json,
                f"champion is now v{ctx.champion_version()} ({status.state}: {status.message})",
            )
        elif args.action == "challenger":
            _require(args.version, "challenger needs a VERSION")
            models.set_challenger(ctx, args.version, actor=ACTOR)
            _print({"challenger": args.version}, args.json, f"challenger is now v{args.version}")
        elif args.action == "compare":
            from core.services.comparison import compare_versions

            _require(args.version and args.other and args.job, "compare needs A B --job ID")
            result = compare_versions(ctx, args.job, args.version, args.other, actor=ACTOR)
            data = {
                "version_a": result.version_a,
                "version_b": result.version_b,
                "job_id": result.job_id,
                **result.comparison.as_dict(),
                "movers": [
                    {
                        "candidate_id": m.key,
                        "name": result.names.get(m.key),
                        "rank_a": m.rank_a,
                        "rank_b": m.rank_b,
                        "score_a": m.score_a,
                        "score_b": m.score_b,
                    }
                    for m in result.comparison.moves[:10]
                ],
            }
            c = result.comparison
            _print(
                data,
                args.json,
                f"spearman {c.spearman} kendall {c.kendall} "
                f"overlap@5 {c.overlap_at_5} overlap@10 {c.overlap_at_10}",
            )
    finally:
        ctx.close()
    return 0


def _require(condition: object, message: str) -> None:
    if not condition:
        raise SystemExit(f"error: {message}")


def _cmd_drift(args: argparse.Namespace) -> int:
    from core.context import build_context
    from core.services import drift

    ctx = build_context(get_settings())
    try:
        alerts = drift.check(ctx, actor=ACTOR) if args.check else []
        report = drift.drift_report(ctx, actor=ACTOR)
    finally:
        ctx.close()
    current = report.current.__dict__ if report.current else None
    data = {
        "version": report.version,
        "reference_at": report.reference_at,
        "current": current,
        "breaches": report.breaches,
        "new_alerts": [a.metric for a in alerts],
        "notes": report.notes,
    }
    _print(data, args.json, json.dumps(data, indent=2, default=str))
    return 0


def add_commands(sub: Any) -> None:
    """Register the commands on the main parser's subparsers."""
    p = sub.add_parser("train", help="fine-tune the embedder (or fit --lexical) and register it")
    p.add_argument("--lexical", action="store_true", help="fit a frozen TF-IDF vocabulary instead")
    p.add_argument("--epochs", type=int, default=4)
    p.add_argument("--max-seq-length", type=int, default=256)
    p.add_argument("--patience", type=int, default=2)
    p.add_argument("--no-eval", action="store_true", help="skip the evaluation harness")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_cmd_train)

    p = sub.add_parser("models", help="scoring versions: list, register, promote, rollback, ...")
    p.add_argument(
        "action", choices=["list", "register", "promote", "rollback", "challenger", "compare"]
    )
    p.add_argument("version", nargs="?", help="a version number (compare: version A)")
    p.add_argument("other", nargs="?", help="compare: version B")
    p.add_argument("--job", type=int, help="compare: the job id")
    p.add_argument("--no-eval", action="store_true", help="register: skip the evaluation")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_cmd_models)

    p = sub.add_parser("drift", help="drift of the champion against its reference")
    p.add_argument("--check", action="store_true", help="raise alerts for breaches")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_cmd_drift)
