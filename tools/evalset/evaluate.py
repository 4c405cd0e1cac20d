#!/usr/bin/env python3
"""Measure `qa-desk score` against the labeled evaluation set.

    python tools/evalset/evaluate.py DATA_DIR [--python PY] [--gate]

Runs `PY -m qa_desk score --format jsonl DATA_DIR/calls` from the repository root,
reads its JSONL output (contract: /work/shared/spec/scoring.md) and compares every
call's items[].result with DATA_DIR/labels.jsonl.

Prints, per rule x variant: precision / recall / F1 of fail detection (positive class
= "fail"), na-accuracy (does the scorer say "na" exactly when the label does) and exact
accuracy; macro-F1 per variant (mean F1 over the 10 rules); "customer-caused flags"
(fails whose evidence points at a customer turn); a list of mismatches.

Exit status: 0, or 1 when a gate given by --min-f1-clean / --min-f1-asr /
--max-customer-flags (or --gate: 0.97 / 0.90 / 0) is missed, or 2 when the scorer could
not be run at all (no scorable output).  Only the standard library is needed.
"""
import argparse
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict

RULES = [
    "opening.greeting", "closing.more_help", "closing.farewell", "hold.notice", "hold.thanks",
    "language.forbidden", "complaint.apology", "speech.rate", "courtesy.no_interrupt", "closing.hangup",
]
VARIANTS = ["clean", "traditional", "asr"]
HERE = os.path.dirname(os.path.abspath(__file__))
# which rules a trap (labels.jsonl customer_traps / traps) is meant to tempt
TRAP_RULES = {
    "customer_apology": ["complaint.apology"],
    "customer_complaint_words": ["language.forbidden", "complaint.apology"],
    "customer_farewell": ["closing.farewell"],
    "customer_greeting": ["opening.greeting"],
    "customer_interrupts_agent": ["courtesy.no_interrupt"],
    "customer_more_help_phrase": ["closing.more_help"],
    "customer_says_convenience": ["opening.greeting"],
    "customer_taboo": ["language.forbidden"],
    "customer_wait_phrase": ["hold.notice", "hold.thanks"],
    "agent_says_complaint_word": ["complaint.apology"],
    "apology_without_complaint": ["complaint.apology"],
    "farewell_mid_call": ["closing.farewell"],
    "fullwidth_digits_in_opening": ["opening.greeting"],
    "hold_event": ["hold.notice", "hold.thanks"],
    "short_hold_event": ["hold.notice", "hold.thanks"],
    "late_thanks": ["hold.thanks"],
    "near_miss_convenience": ["opening.greeting", "language.forbidden"],
    "near_miss_more_help": ["closing.more_help", "language.forbidden"],
    "near_miss": ["language.forbidden"],
    "small_overlap": ["courtesy.no_interrupt"],
    "split_opening": ["opening.greeting"],
}
REPO = os.path.dirname(os.path.dirname(HERE))


def default_python():
    cand = os.path.join(REPO, ".venv", "bin", "python")
    return cand if os.path.exists(cand) else sys.executable


def norm_result(x):
    if x is None:
        return "na"
    s = str(x).strip().lower()
    return {"n/a": "na", "not_applicable": "na", "none": "na", "passed": "pass", "failed": "fail"}.get(s, s)


def run_scorer(python, calls_dir, timeout):
    cmd = [python, "-m", "qa_desk", "score", "--format", "jsonl", calls_dir]
    print(f"running: {' '.join(cmd)}  (cwd={REPO})", file=sys.stderr)
    try:
        proc = subprocess.run(cmd, cwd=REPO, capture_output=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"could not run scorer: {exc}", None
    return proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"), proc.returncode


def parse_output(text):
    preds, errors, junk = {}, [], 0
    by_source = defaultdict(list)
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            obj = json.loads(line)
        except ValueError:
            junk += 1
            continue
        if not isinstance(obj, dict):
            junk += 1
            continue
        if "error" in obj and "items" not in obj:
            errors.append(obj)
            continue
        cid = obj.get("call_id")
        if cid is None:
            junk += 1
            continue
        preds[str(cid)] = obj
        if obj.get("source"):
            by_source[os.path.basename(str(obj["source"]))].append(obj)
    return preds, by_source, errors, junk


def f1_parts(tp, fp, fn):
    if tp + fp + fn == 0:
        return 1.0, 1.0, 1.0
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data_dir")
    ap.add_argument("--python", help="python that has qa_desk (default: REPO/.venv/bin/python, else this python)")
    ap.add_argument("--scores", help="read saved `score --format jsonl` output instead of running the scorer")
    ap.add_argument("--save-output", help="also write the scorer's raw JSONL output here")
    ap.add_argument("--timeout", type=float, default=1800)
    ap.add_argument("--strict", action="store_true",
                    help="also score rules a label marks uncertain (speech/interrupt on start-time-only TXT)")
    ap.add_argument("--all-customer-evidence", action="store_true",
                    help="count every fail citing a customer turn as customer-caused, even the turns a label "
                         "marks as legitimate context (citable_customer_turns)")
    ap.add_argument("--mismatches", type=int, default=20, help="how many mismatches to list (default 20)")
    ap.add_argument("--min-f1-clean", type=float, help="gate: macro-F1 of the clean AND traditional variants")
    ap.add_argument("--min-f1-asr", type=float, help="gate: macro-F1 of the asr variant")
    ap.add_argument("--max-customer-flags", type=int,
                    help="gate: customer-caused flags allowed (default 0 whenever another gate is given)")
    ap.add_argument("--gate", action="store_true", help="shorthand for --min-f1-clean 0.97 --min-f1-asr 0.90 "
                                                        "--max-customer-flags 0")
    ap.add_argument("--json-report", help="write the metrics as JSON here")
    args = ap.parse_args(argv)
    if args.gate:
        args.min_f1_clean = 0.97 if args.min_f1_clean is None else args.min_f1_clean
        args.min_f1_asr = 0.90 if args.min_f1_asr is None else args.min_f1_asr
    if args.max_customer_flags is None and (args.min_f1_clean is not None or args.min_f1_asr is not None):
        args.max_customer_flags = 0

    data_dir = os.path.abspath(args.data_dir)
    with open(os.path.join(data_dir, "labels.jsonl"), encoding="utf-8") as fh:
        labels = [json.loads(line) for line in fh if line.strip()]
    calls_dir = os.path.join(data_dir, "calls")

    if args.scores:
        with open(args.scores, encoding="utf-8") as fh:
            out_text, err_text, rc = fh.read(), "", 0
    else:
        python = args.python or default_python()
        out_text, err_text, rc = run_scorer(python, calls_dir, args.timeout)
        if out_text is None:
            print(err_text, file=sys.stderr)
            return 2
    if args.save_output:
        with open(args.save_output, "w", encoding="utf-8") as fh:
            fh.write(out_text)
    preds, by_source, errors, junk = parse_output(out_text)
    if not preds:
        print(f"scorer produced no scorable output (exit status {rc}).", file=sys.stderr)
        if err_text:
            print("--- scorer stderr (tail) ---\n" + "\n".join(err_text.splitlines()[-25:]), file=sys.stderr)
        return 2

    # ------------------------------------------------------------------ join
    got = {}  # call_id -> rule -> (result, evidence)
    missing_calls = []
    for lab in labels:
        obj = preds.get(lab["call_id"])
        if obj is None:
            cands = by_source.get(os.path.basename(lab["source"]), [])
            if len(cands) == 1:
                obj = cands[0]
        if obj is None:
            missing_calls.append(lab)
            got[lab["call_id"]] = {}
            continue
        items = {}
        for it in obj.get("items") or []:
            if isinstance(it, dict) and "rule" in it:
                items[it["rule"]] = (norm_result(it.get("result")), it.get("evidence") or [])
        got[lab["call_id"]] = items

    # ------------------------------------------------------------------ metrics
    stats = {}
    cust_flags = []
    any_cust_cites = Counter()
    mismatches = []
    for lab in labels:
        v = lab["variant"]
        skip = set() if args.strict else set(lab.get("uncertain") or [])
        spk = lab.get("turn_speakers") or []
        citable = lab.get("citable_customer_turns") or {}
        for r in RULES:
            exp = lab["expected"][r]
            res, ev = got[lab["call_id"]].get(r, ("missing", []))
            if res == "fail":
                turns = [e.get("turn") for e in ev if isinstance(e, dict)]
                cited = [t for t in turns if isinstance(t, int) and 0 <= t < len(spk) and spk[t] == "customer"]
                if cited:
                    any_cust_cites[r] += 1
                ok = set() if args.all_customer_evidence else set(citable.get(r, []))
                bad = [t for t in cited if t not in ok]
                if bad:
                    cust_flags.append((lab, r, bad))
            if r in skip:
                continue
            st = stats.setdefault((r, v), Counter())
            st["n"] += 1
            st["tp"] += exp == "fail" and res == "fail"
            st["fp"] += exp != "fail" and res == "fail"
            st["fn"] += exp == "fail" and res != "fail"
            st["na_ok"] += (exp == "na") == (res == "na")
            st["exact"] += exp == res
            st["missing"] += res == "missing"
            if exp != res:
                mismatches.append((lab, r, exp, res))

    report = {"variants": {}, "customer_flags": len(cust_flags), "errors": len(errors),
              "missing_calls": len(missing_calls), "calls": len(labels)}
    print()
    print(f"evaluation set: {len(labels)} calls in {data_dir}")
    print(f"scorer output:  {len(preds)} calls, {len(errors)} error lines, {junk} unparseable lines, "
          f"exit status {rc}; calls without a result: {len(missing_calls)}")
    print()
    hdr = f"{'rule':24s}" + "".join(f"| {v:^30s}" for v in VARIANTS)
    print(hdr)
    print(f"{'':24s}" + "".join(f"| {'P':>6s}{'R':>6s}{'F1':>6s}{'na-acc':>7s}{'acc':>5s}" for _ in VARIANTS))
    print("-" * len(hdr))
    macro = {}
    for r in RULES:
        row = f"{r:24s}"
        for v in VARIANTS:
            st = stats.get((r, v), Counter())
            p, rc_, f = f1_parts(st["tp"], st["fp"], st["fn"])
            n = max(1, st["n"])
            row += f"| {p:6.2f}{rc_:6.2f}{f:6.2f}{st['na_ok'] / n:7.2f}{st['exact'] / n:5.2f}"
            macro.setdefault(v, []).append(f)
            report["variants"].setdefault(v, {})[r] = {
                "precision": p, "recall": rc_, "f1": f, "na_accuracy": st["na_ok"] / n,
                "accuracy": st["exact"] / n, "tp": st["tp"], "fp": st["fp"], "fn": st["fn"], "n": st["n"]}
        print(row)
    print("-" * len(hdr))
    mrow = f"{'macro-F1':24s}"
    for v in VARIANTS:
        m = sum(macro[v]) / len(macro[v])
        report["variants"][v]["macro_f1"] = m
        mrow += f"| {m:^30.3f}"
    print(mrow)
    print()

    # customer-caused flags
    what = "any customer turn" if args.all_customer_evidence else "a customer turn it has no reason to cite"
    print(f"customer-caused flags (fail evidence pointing at {what}): {len(cust_flags)}")
    if not args.all_customer_evidence and sum(any_cust_cites.values()):
        print("  (fails citing some customer turn at all, incl. legitimate context such as the complaint an "
              "apology answers: " + ", ".join(f"{k}={n}" for k, n in any_cust_cites.most_common()) + ")")
    if cust_flags:
        c = Counter(r for _, r, _ in cust_flags)
        print("  by rule: " + ", ".join(f"{k}={n}" for k, n in c.most_common()))
        for lab, r, bad in cust_flags[:10]:
            print(f"  {lab['call_id']} {r} turns {bad} ({lab['source']})")
    # traps: errors on the rules each trap is aimed at
    trap_n, trap_err = Counter(), Counter()
    for lab in labels:
        for t in set(lab.get("customer_traps") or []) | set(lab.get("traps") or []):
            rules = TRAP_RULES.get(t) or next((v for k, v in TRAP_RULES.items() if t.startswith(k)), RULES)
            trap_n[t] += 1
            trap_err[t] += sum(1 for r in rules if got[lab["call_id"]].get(r, ("missing",))[0] != lab["expected"][r]
                               and (args.strict or r not in (lab.get("uncertain") or [])))
    if trap_n:
        print("traps (calls carrying it / wrong verdicts on the rules it targets):")
        items = [f"{t}: {trap_n[t]}/{trap_err[t]}" for t in sorted(trap_n)]
        for k in range(0, len(items), 5):
            print("  " + ", ".join(items[k:k + 5]))
    fmt_err = Counter()
    for m in mismatches:
        fmt_err[(m[0]["format"], m[0]["encoding"])] += 1
    if mismatches:
        print("mismatches by format/encoding: " + ", ".join(f"{f}/{e}={n}" for (f, e), n in fmt_err.most_common(12)))
    if errors:
        print(f"files the scorer could not read ({len(errors)}):")
        for e in errors[:10]:
            print(f"  {e.get('source')}: {str(e.get('error'))[:160]}")
    print()

    # mismatch list, round-robin over rules so one noisy rule does not hide the others
    if mismatches and args.mismatches > 0:
        print(f"mismatches ({len(mismatches)} in all, showing up to {args.mismatches}):")
        by_rule = defaultdict(list)
        for m in mismatches:
            by_rule[m[1]].append(m)
        shown = 0
        while shown < args.mismatches and any(by_rule.values()):
            for r in RULES:
                if by_rule[r] and shown < args.mismatches:
                    lab, rule, exp, res = by_rule[r].pop(0)
                    print(f"  {lab['call_id']:10s} {lab['variant']:11s} {lab['format']:10s} {rule:22s} "
                          f"expected={exp:4s} got={res:7s} {lab['source']}")
                    shown += 1
        print()

    # gates
    failed = []
    if args.min_f1_clean is not None:
        for v in ("clean", "traditional"):
            m = report["variants"][v]["macro_f1"]
            if m < args.min_f1_clean:
                failed.append(f"{v} macro-F1 {m:.3f} < {args.min_f1_clean}")
    if args.min_f1_asr is not None:
        m = report["variants"]["asr"]["macro_f1"]
        if m < args.min_f1_asr:
            failed.append(f"asr macro-F1 {m:.3f} < {args.min_f1_asr}")
    if args.max_customer_flags is not None and len(cust_flags) > args.max_customer_flags:
        failed.append(f"{len(cust_flags)} customer-caused flags > {args.max_customer_flags}")
    if args.json_report:
        report["gates_failed"] = failed
        with open(args.json_report, "w", encoding="utf-8") as fh:
            json.dump(report, fh, ensure_ascii=False, indent=2)
    if failed:
        print("GATE MISSED: " + "; ".join(failed))
        return 1
    if args.min_f1_clean is not None or args.min_f1_asr is not None or args.max_customer_flags is not None:
        print("gates met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
