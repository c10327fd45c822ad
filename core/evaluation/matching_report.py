"""The evaluation's results as a plain-text table per set and split."""

from __future__ import annotations

from typing import Any

from core.evaluation.matching_baselines import BASELINES


def _row(name: str, m: dict[str, Any], mark: str) -> str:
    low, high = m["ndcg_at_10_ci"]
    pairwise = "   -  " if m["pairwise_accuracy"] is None else f"{m['pairwise_accuracy']:.3f}"
    ndcg = f"{m['ndcg_at_10']:.3f} [{low:.3f}, {high:.3f}]"
    return f"  {name:<22}{mark:<2}{ndcg:<24}{m['precision_at_10']:>6.3f}{pairwise:>10}"


def format_split(set_name: str, split_name: str, data: dict[str, Any], note: str = "") -> str:
    """One split: one row per method, the best baseline marked with '*'."""
    comparison = data.get("comparison", {})
    best = comparison.get("best_baseline")
    title = f"{set_name} / {split_name}" + (f" ({note})" if note else "")
    lines = [
        f"{title}: {data['queries']} queries, {data['documents']} resumes",
        f"  {'method':<24}{'nDCG@10 [95% CI]':<24}{'P@10':>6}{'pairwise':>10}",
    ]
    methods = data["methods"]
    order = [m for m in (*BASELINES, "talentflow") if m in methods]
    order += sorted(m for m in methods if m not in order)
    for name in order:
        lines.append(_row(name, methods[name], "*" if name == best else ""))
    if comparison:
        low, high = comparison["difference_ci"]
        verdict = "beats" if comparison["talentflow_beats_best"] else "does not beat"
        lines.append(
            f"  talentflow {verdict} the best baseline ({best}): "
            f"{comparison['talentflow_minus_best']:+.3f} nDCG@10 [{low:+.3f}, {high:+.3f}]"
        )
    return "\n".join(lines)


def format_results(results: dict[str, Any]) -> str:
    """Every set and split, then the skipped sets and the runtime."""
    blocks = [
        format_split(name, split, data, results["sets"][name].get("note", ""))
        for name, s in results.get("sets", {}).items()
        for split, data in s["splits"].items()
    ]
    demo = results.get("sets", {}).get("demo", {})
    if "stuffed_resume_rank_for_backend_job" in demo:
        outside = "outside" if demo["stuffed_resume_outside_top_3"] else "INSIDE"
        blocks.append(
            f"keyword-stuffed demo resume: rank {demo['stuffed_resume_rank_for_backend_job']} "
            f"for the backend job ({outside} the top 3)"
        )
    blocks += [f"skipped {name}: {why}" for name, why in results.get("skipped", {}).items()]
    if "seconds" in results:
        blocks.append(f"{results['seconds']:.0f} s")
    return "\n\n".join(blocks)
