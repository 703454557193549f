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

--design compares the design-based path instead: the stratified cluster panel of
`cxgap_make_panel --design` (8 strata, 2,000 PSUs, weights w; panel_design_<n>x<k>.csv), read by
`cxgap report --weight w --strata stratum --cluster psu` and by R survey
(peers/r_survey_design.R: svydesign(ids = ~psu, strata = ~stratum, weights = ~w), svyby with
covmat, svycontrast, svyttest). Per item: domain means, mean gap, SE, t, p, top-box shares, gap,
SE, t, p to 1e-9 relative and the test's df exactly (`--peers ''` runs cxgap alone). The notes
under the table give the ratio of the design SE of the mean gap to the i.i.d. (Welch) SE that
cxgap reports for the same file without the design columns.
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
# The design-based comparison (--design); "df" is also checked for exact equality.
KEYS_DESIGN = ["mean_a", "mean_b", "mean_gap", "mean_se", "t", "df", "mean_p", "tb_a", "tb_b",
               "tb_gap", "tb_se", "tb_t", "tb_p"]


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


def cxgap_design_items(path):
    """cxgap's design-based JSON report → ({item: {key: value}}, the "design" object)."""
    report = json.load(open(path))
    comparison = report["comparisons"][0]
    out = {}
    for it in comparison["items"]:
        m, tb = it["mean"], it["top_box"]
        out[it["item"]] = {"mean_a": m["a"], "mean_b": m["b"], "mean_gap": m["gap"],
                           "mean_se": m["se"], "t": m["t"], "df": m["df"], "mean_p": m["p"],
                           "tb_a": tb["a"], "tb_b": tb["b"], "tb_gap": tb["gap"],
                           "tb_se": tb["se"], "tb_t": tb["z"], "tb_p": tb["p"],
                           "method": m["method"]}
    return out, comparison["design"]


def max_relative_difference(ref, other, keys=KEYS_ALL):
    worst = 0.0
    for item, values in other.items():
        for key, value in values.items():
            if key not in keys:
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
    ap.add_argument("--design", action="store_true",
                    help="design-based comparison: cxgap --weight --strata --cluster vs R survey")
    args = ap.parse_args()
    if args.design:
        return design_main(args)
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


def design_main(args):
    """The design-based comparison: cxgap report --weight --strata --cluster against R survey."""
    n = int(args.respondents)
    k = args.items
    os.makedirs(args.workdir, exist_ok=True)
    tag = f"{n}x{k}"
    csv = os.path.join(args.workdir, f"panel_design_{tag}.csv")
    schema = os.path.join(args.workdir, f"schema_design_{k}.json")
    iid_schema = os.path.join(args.workdir, f"schema_{k}.json")
    peers = [p for p in args.peers.split(",") if p in ("r_survey", "r_survey_design")]
    if not os.path.exists(csv):
        print(f"compare: generating {n} respondents x {k} items (8 strata, 2,000 PSUs)",
              file=sys.stderr)
        subprocess.run([args.make_panel, "--respondents", str(n), "--items", str(k), "--csv", csv,
                        "--schema", schema, "--design"], check=True)
    if not os.path.exists(iid_schema):
        subprocess.run([args.make_panel, "--respondents", "1", "--items", str(k), "--schema",
                        iid_schema], check=True)
    size_mb = os.path.getsize(csv) / 1e6

    results = {}
    out = os.path.join(args.workdir, "cxgap_design.json")
    wall, rss = timed([args.cxgap, "report", csv, "--schema", schema, "--compare",
                       "executive:customer", "--weight", "w", "--strata", "stratum", "--cluster",
                       "psu", "--format", "json", "--output", out])
    reference, design = cxgap_design_items(out)
    results["cxgap report --weight --strata --cluster"] = (wall, rss, reference)
    # The same file read as an i.i.d. sample (no design columns declared): Welch's SE, for the
    # ratio design SE / naive SE; timed for the cost of the design path, not compared.
    naive_out = os.path.join(args.workdir, "cxgap_design_iid.json")
    naive_wall, _ = timed([args.cxgap, "report", csv, "--schema", iid_schema, "--compare",
                           "executive:customer", "--format", "json", "--output", naive_out])
    naive = cxgap_items(naive_out)
    if "r_survey" in peers or "r_survey_design" in peers:
        path = os.path.join(args.workdir, "r_survey_design.json")
        print("compare: running R survey svyby/svyttest on the design", file=sys.stderr)
        wall, rss = timed(["Rscript", f"{HERE}/peers/r_survey_design.R", csv, str(k), "executive",
                           "customer", path])
        r_out = json.load(open(path))
        results["R survey svyby/svyttest (design)"] = (wall, rss, r_out["items"])
        r_degf = r_out["degf"]
    else:
        r_degf = None

    base_wall = results["cxgap report --weight --strata --cluster"][0]
    lines = [f"{n:,} respondents x {k} items ({size_mb:.0f} MB CSV), executives vs customers; "
             f"{design['strata']} strata, {design['psus']} PSUs, weights; design-based "
             f"(Taylor); {os.cpu_count()} cores; {time.strftime('%Y-%m-%d')}",
             "",
             "| tool | wall s | peak MB | respondent-items/s | time / cxgap | max rel. diff vs cxgap |",
             "|---|---:|---:|---:|---:|---:|"]
    failed = []
    for label, (wall, rss, items) in results.items():
        diff = 0.0
        if items is not reference:
            diff = max_relative_difference(reference, items, KEYS_DESIGN)
            if diff > args.tolerance:
                failed.append(f"{label}: max relative difference {diff:.3g}")
            for item, values in items.items():
                if values["df"] != reference[item]["df"]:
                    failed.append(f"{label}: {item}: df {values['df']} vs cxgap's "
                                  f"{reference[item]['df']}")
        lines.append(f"| {label} | {wall:.2f} | {rss:.0f} | {n * k / wall:.3g} | "
                     f"{wall / base_wall:.1f}x | {diff:.1e} |")
    ratios = sorted(reference[q]["mean_se"] / naive[q]["mean_se"] for q in reference)
    dfs = sorted({v["df"] for v in reference.values()})
    lines += ["",
              f"Compared per item: domain means, mean gap, SE, t, df (exactly), p; top-box shares, "
              f"gap, SE, t, p. Test df {', '.join(f'{d:g}' for d in dfs)} (design degf "
              f"{design['degf']}" + (f"; R degf(subset) {r_degf}" if r_degf is not None else "")
              + ").",
              f"Design SE / i.i.d. (Welch) SE of the mean gap: median {ratios[len(ratios) // 2]:.2f}"
              f" (range {ratios[0]:.2f}-{ratios[-1]:.2f}); cxgap's i.i.d. report of the same file: "
              f"{naive_wall:.2f} s."]
    table = "\n".join(lines)
    print(table)
    if args.output:
        with open(args.output, "w") as f:
            f.write(table + "\n")
    if failed:
        sys.exit(f"compare: R survey differs from cxgap beyond {args.tolerance:g} (df exactly):\n"
                 + "\n".join(failed[:20]))


if __name__ == "__main__":
    main()
