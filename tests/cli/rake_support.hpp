// Checks shared by the end-to-end tests of `cxgap report --rake` on replicate designs
// (rake_cli_test.cpp) and on Taylor designs (rake_taylor_cli_test.cpp): the design line of a
// raking against its R fixture case, a gap against R's numbers, and the errors of bad raking
// values in the data (both designs read them with the same code). Only for tests compiled with
// CXGAP_HAVE_CLI.
#ifndef CXGAP_TESTS_CLI_RAKE_SUPPORT_HPP
#define CXGAP_TESTS_CLI_RAKE_SUPPORT_HPP

#include <map>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/cli.hpp"
#include "support/fixture.hpp"
#include "support/text.hpp"

namespace cxgap::test {

/// The run of `args` + " --format json" kept in `runs` under `key`, run on first use (the
/// fixture cases of one design share a run).
inline const run_result& run_json_once(std::map<std::string, run_result>& runs, const std::string& key,
                                       const std::string& args) {
  auto it = runs.find(key);
  if (it == runs.end()) it = runs.emplace(key, run_cli(args + " --format json")).first;
  return it->second;
}

/// The first comparison of the tool's JSON output.
inline nlohmann::json first_comparison(const run_result& run) {
  return nlohmann::json::parse(run.out)["comparisons"][0];
}

/// Checks a raked comparison's design against fixture case `c` (R's rake()): degf, and
/// "converged in N sweeps" with nothing on stderr, or "raking did not converge after N sweeps"
/// also warned on stderr (keys degf, sweeps, converged). Returns the design's variance line.
inline std::string expect_raked_design(const nlohmann::json& comparison, const run_result& run,
                                       const fixture_case& c) {
  EXPECT_EQ(comparison["design"]["degf"].get<double>(), c.num("degf"));
  const std::string variance = comparison["design"]["variance"].get<std::string>();
  const std::string sweeps = std::to_string(c.integer("sweeps")) + " sweeps";
  if (c.integer("converged") == 1) {
    EXPECT_TRUE(contains(variance, "converged in " + sweeps)) << variance;
    EXPECT_FALSE(contains(run.err, "warning")) << run.err;
  } else {
    EXPECT_TRUE(contains(variance, "raking did not converge after " + sweeps)) << variance;
    EXPECT_TRUE(contains(run.err, "cxgap: warning: raking did not converge after " + sweeps)) << run.err;
  }
  return variance;
}

/// Checks a JSON gap against fixture case `c` to 1e-8 relative: the two estimates, the gap, its
/// SE, the statistic (z for a `z_test`, else t with its df), p and the confidence interval.
inline void expect_gap_matches(const nlohmann::json& g, const fixture_case& c, bool z_test) {
  EXPECT_REL_NEAR(g["a"].get<double>(), c.num("a"), 1e-8);
  EXPECT_REL_NEAR(g["b"].get<double>(), c.num("b"), 1e-8);
  EXPECT_REL_NEAR(g["gap"].get<double>(), c.num("gap"), 1e-8);
  EXPECT_REL_NEAR(g["se"].get<double>(), c.num("gap_se"), 1e-8);
  EXPECT_REL_NEAR(g[z_test ? "z" : "t"].get<double>(), c.num("t"), 1e-8);
  if (!z_test) {
    EXPECT_EQ(g["df"].get<double>(), c.num("df"));
  }
  EXPECT_REL_NEAR(g["p"].get<double>(), c.num("p"), 1e-8);
  EXPECT_REL_NEAR(g["ci"][0].get<double>(), c.nums("ci")[0], 1e-8);
  EXPECT_REL_NEAR(g["ci"][1].get<double>(), c.nums("ci")[1], 1e-8);
}

/// Checks that a data file whose row 10 has an empty raking variable t, or a category X the
/// margins do not list, stops naming file, row, column and value. `run(name, rows)` runs the
/// tool on a temporary file of the header and `rows`; `rows` fills rows 2..9; `last` is row 10
/// up to its value of t; `prefix` starts the temporary files' names.
template <class Run>
void expect_bad_raking_values_stop(Run&& run, const std::string& prefix, const std::string& rows,
                                   const std::string& last) {
  const auto [blank, blank_path] = run(prefix + "blank.csv", rows + last + "\n");
  EXPECT_EQ(blank.exit_code, 2);
  EXPECT_TRUE(contains(blank.err, blank_path + ":row 10: column 't': the raking variable is empty")) << blank.err;
  const auto [other, other_path] = run(prefix + "other.csv", rows + last + "X\n");
  EXPECT_EQ(other.exit_code, 2);
  EXPECT_TRUE(contains(other.err, other_path + ":row 10: column 't': value 'X': category 'X' of 't' is absent "
                                               "from population margins"))
      << other.err;
}

}  // namespace cxgap::test

#endif  // CXGAP_TESTS_CLI_RAKE_SUPPORT_HPP
