#!/usr/bin/python3
"""Side-by-side benchmark: `cxgap report` against the tools analysts use today, on one file.

Generates a seeded panel (bench/compare/make_panel.cpp), runs cxgap and each peer on the same
CSV (and the pandas+numpy peer also on pre-converted .npy columns), checks that every tool's
numbers equal cxgap's to 1e-9 relative (executives vs customers, every item: Welch mean gap, SE,
t, df, p; top-box gap, Newcombe interval, pooled z and p; Mann-Whitney U and p; R survey: the gap),
and prints a table of wall time, peak memory (max RSS, /usr/bin/time), respondent-items/s and
each peer's time as a multiple of cxgap's. Development tool only: the library never needs it.

    bench/compare/compare.py --cxgap build/release/cli/cxgap \
        --make-panel build/release/bench/cxgap_make_panel --respondents 1e6 [--peers ...]
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PEERS = ["pandas_numpy", "numpy_npy", "scipy_statsmodels", "r_base", "r_survey"]
KEYS_ALL = ["mean_gap", "mean_se", "t", "df", "mean_p", "tb_gap", "tb_lo", "tb_hi", "z", "z_p",
            "u", "mw_p"]


def timed(cmd, **kw):
    """Runs cmd under /usr/bin/time; returns (wall seconds, peak RSS in MB)."""
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "__rss_kb %M"] + cmd, stderr=subprocess.PIPE,
                          text=True, **kw)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"compare: {' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr}")
    rss = [line for line in proc.stderr.splitlines() if line.startswith("__rss_kb ")]
    return wall, int(rss[-1].split()[1]) / 1024.0


def cxgap_items(path):
    """cxgap's JSON report → {item: {key: value}} in the peers' vocabulary."""
    report = json.load(open(path))
    out = {}
    for it in report["comparisons"][0]["items"]:
        m, tb, rk = it["mean"], it["top_box"], it["rank"]
        out[it["item"]] = {"mean_gap": m["gap"], "mean_se": m["se"], "t": m["t"], "df": m["df"],
                           "mean_p": m["p"], "tb_gap": tb["gap"], "tb_lo": tb["ci"][0],
                           "tb_hi": tb["ci"][1], "z": tb["z"], "z_p": tb["p"], "u": rk["u"],
                           "mw_p": rk["p"], "rank_method": rk["method"]}
    return out


def max_relative_difference(ref, other):
    worst = 0.0
    for item, values in other.items():
        for key, value in values.items():
            if key not in KEYS_ALL:
                continue
            r = ref[item][key]
            if r == value:
                continue
            # p-values that underflow differently (1e-300 vs 0) are equal for any purpose.
            if key.endswith("_p") and max(abs(r), abs(value)) < 1e-250:
                continue
            worst = max(worst, abs(r - value) / max(abs(r), abs(value)))
    return worst


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cxgap", required=True)
    ap.add_argument("--make-panel", required=True)
    ap.add_argument("--respondents", type=float, default=1e6)
    ap.add_argument("--items", type=int, default=20)
    ap.add_argument("--workdir", default="build/compare")
    ap.add_argument("--peers", default=",".join(PEERS))
    ap.add_argument("--tolerance", type=float, default=1e-9)
    ap.add_argument("--output", help="also write the table (markdown) here")
    args = ap.parse_args()
    n = int(args.respondents)
    k = args.items
    os.makedirs(args.workdir, exist_ok=True)
    tag = f"{n}x{k}"
    csv = os.path.join(args.workdir, f"panel_{tag}.csv")
    npy = os.path.join(args.workdir, f"npy_{tag}")
    schema = os.path.join(args.workdir, f"schema_{k}.json")
    peers = [p for p in args.peers.split(",") if p]
    if not os.path.exists(csv):
        os.makedirs(npy, exist_ok=True)
        print(f"compare: generating {n} respondents x {k} items", file=sys.stderr)
        subprocess.run([args.make_panel, "--respondents", str(n), "--items", str(k), "--csv", csv,
                        "--npy", npy, "--schema", schema], check=True)
    size_mb = os.path.getsize(csv) / 1e6

    results = {}
    out = os.path.join(args.workdir, "cxgap.json")
    wall, rss = timed([args.cxgap, "report", csv, "--schema", schema, "--compare",
                       "executive:customer", "--format", "json", "--output", out])
    results["cxgap report"] = (wall, rss, cxgap_items(out))
    runs = {
        "pandas_numpy": ("pandas read_csv + numpy bincount",
                         ["/usr/bin/python3", f"{HERE}/peers/numpy_expert.py", "--csv", csv]),
        "numpy_npy": ("numpy from pre-converted .npy",
                      ["/usr/bin/python3", f"{HERE}/peers/numpy_expert.py", "--npy", npy]),
        "scipy_statsmodels": ("scipy/statsmodels per item",
                              ["/usr/bin/python3", f"{HERE}/peers/scipy_per_item.py", "--csv",
                               csv]),
        "r_base": ("R data.table + t.test/wilcox.test", ["Rscript", f"{HERE}/peers/r_base.R", csv,
                                                         str(k), "executive", "customer"]),
        "r_survey": ("R survey svyby/svyttest", ["Rscript", f"{HERE}/peers/r_survey.R", csv,
                                                 str(k), "executive", "customer"]),
    }
    for peer in peers:
        label, cmd = runs[peer]
        path = os.path.join(args.workdir, f"{peer}.json")
        if peer.startswith("r_"):
            cmd = cmd + [path]
        else:
            cmd = cmd + ["--items", str(k), "--out", path]
        print(f"compare: running {label}", file=sys.stderr)
        wall, rss = timed(cmd)
        results[label] = (wall, rss, json.load(open(path))["items"])

    base_wall = results["cxgap report"][0]
    reference = results["cxgap report"][2]
    lines = [f"{n:,} respondents x {k} items ({size_mb:.0f} MB CSV), executives vs customers; "
             f"{os.cpu_count()} cores; {time.strftime('%Y-%m-%d')}",
             "",
             "| tool | wall s | peak MB | respondent-items/s | time / cxgap | max rel. diff vs cxgap |",
             "|---|---:|---:|---:|---:|---:|"]
    failed = False
    for label, (wall, rss, items) in results.items():
        diff = 0.0 if label == "cxgap report" else max_relative_difference(reference, items)
        failed |= diff > args.tolerance
        lines.append(f"| {label} | {wall:.2f} | {rss:.0f} | {n * k / wall:.3g} | "
                     f"{wall / base_wall:.1f}x | {diff:.1e} |")
    methods = sorted({v["rank_method"] for v in reference.values()})
    lines += ["", f"cxgap's rank test: {'; '.join(methods)}"]
    table = "\n".join(lines)
    print(table)
    if args.output:
        with open(args.output, "w") as f:
            f.write(table + "\n")
    if failed:
        sys.exit(f"compare: a peer differs from cxgap by more than {args.tolerance:g}")


if __name__ == "__main__":
    main()
