"""``python -m core erase``, ``export-person`` and ``retention``: erasure and access requests,
and the retention period."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from typing import Any

from core.config import get_settings

ACTOR = "cli"


def _for_person(args: argparse.Namespace, action: Callable[..., Any]) -> Any | None:
    """Run ``action`` on the person named by --email or --id; None (after saying why) when
    nobody matches."""
    from core.context import build_context
    from core.errors import NotFound

    ctx = build_context(get_settings())
    try:
        return action(ctx, actor=ACTOR, email=args.email, candidate_id=args.id)
    except NotFound as e:
        print(str(e), file=sys.stderr)
        return None
    finally:
        ctx.close()


def _cmd_erase(args: argparse.Namespace) -> int:
    from core.services.erasure import erase_person

    report = _for_person(args, erase_person)
    if report is None:
        return 1
    if args.json:
        print(json.dumps(report.as_json()))
    else:
        print(
            f"erased {report.erased_candidates} candidate(s), {report.files} file(s), "
            f"{report.index_points} index point(s)"
        )
        if report.trained_versions:
            print(
                "fine-tuned scoring versions trained on this person's data, to retrain and "
                f"retire: {', '.join(report.trained_versions)}"
            )
    return 0


def _cmd_export_person(args: argparse.Namespace) -> int:
    from core.services.erasure import export_archive, export_person

    if args.archive:
        archive = _for_person(args, export_archive)
        if archive is None:
            return 1
        fd = os.open(args.archive, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(archive)
        print(f"wrote {args.archive}: personal-data.json and the original files", file=sys.stderr)
        return 0
    document = _for_person(args, export_person)
    if document is None:
        return 1
    print(json.dumps(document, indent=2, ensure_ascii=False))
    return 0


def _cmd_retention(args: argparse.Namespace) -> int:
    from core.context import build_context
    from core.services.retention import apply_retention, due

    settings = get_settings()
    months = args.months or settings.retention_months
    if not months:
        print(
            "no retention period: set TALENTFLOW_RETENTION_MONTHS or pass --months", file=sys.stderr
        )
        return 1
    ctx = build_context(settings)
    try:
        rows = (
            due(ctx, months, actor=ACTOR)
            if args.dry_run
            else apply_retention(ctx, actor=ACTOR, months=months)
        )
    finally:
        ctx.close()
    listed = [
        {
            "candidate_id": r.candidate_id,
            "name": r.name,
            "last_activity": r.last_activity.isoformat(),
        }
        for r in rows
    ]
    if args.json:
        print(json.dumps({"months": months, "dry_run": args.dry_run, "candidates": listed}))
    else:
        verb = "would be erased" if args.dry_run else "erased"
        print(f"{len(listed)} candidate(s) {verb} (no activity for {months:g} months)")
        for row in listed:
            print(f"  #{row['candidate_id']}  {row['name']}  last activity {row['last_activity']}")
    return 0


def add_commands(sub: Any) -> None:
    """Register the commands on the main parser's subparsers."""
    for name, func, helptext in (
        ("erase", _cmd_erase, "erase every trace of a person (GDPR Art. 17)"),
        ("export-person", _cmd_export_person, "everything held on a person, as JSON (Art. 15)"),
    ):
        p = sub.add_parser(name, help=helptext)
        who = p.add_mutually_exclusive_group(required=True)
        who.add_argument("--email")
        who.add_argument("--id", type=int, help="candidate id")
        if name == "erase":
            p.add_argument("--json", action="store_true")
        else:
            p.add_argument(
                "--archive",
                metavar="ZIP",
                help="write a zip of the JSON document and the original files here instead",
            )
        p.set_defaults(func=func)
    p = sub.add_parser("retention", help="erase candidates with no activity for N months")
    p.add_argument("--dry-run", action="store_true", help="only list who would be erased")
    p.add_argument("--months", type=float, help="default: TALENTFLOW_RETENTION_MONTHS")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_cmd_retention)
