// Helpers shared by the statistics tests (tests/stats, tests/paired, tests/multivariate compile
// as one translation unit, so a helper used by several files lives here, not in each file).
#ifndef CXGAP_TESTS_SUPPORT_STATS_HPP
#define CXGAP_TESTS_SUPPORT_STATS_HPP

#include <cmath>
#include <cstddef>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "cxgap/paired/mcnemar.hpp"
#include "cxgap/paired/paired_table.hpp"
#include "cxgap/stats/moments.hpp"
#include "cxgap/stats/result.hpp"
#include "support/fixture.hpp"

namespace cxgap::test {

/// The two groups of a fixture case given as category counts and scores.
struct groups {
  sample_moments<double> a, b;
};

/// Moments of groups a and b from the case's counts_a/scores_a and counts_b/scores_b.
inline groups from_fixture(const fixture_case& c) {
  return {moments_from_counts(c.integers("counts_a"), c.nums("scores_a")),
          moments_from_counts(c.integers("counts_b"), c.nums("scores_b"))};
}

/// The k × k table of a fixture case's `k` and row-major `counts`.
inline paired_table table_of(const fixture_case& c) {
  return paired_table(static_cast<std::size_t>(c.integer("k")), c.integers("counts"));
}

/// The 2 × 2 table of a fixture case's cells a, b, c, d.
inline paired_binary cells_of(const fixture_case& c) {
  return {c.integer("a"), c.integer("b"), c.integer("c"), c.integer("d")};
}

/// A confidence limit agrees with a tool's value to kRel relative. Tools compute Wilson's lower
/// limit as a difference of two nearly equal numbers, so where the limit is (near) 0 their value
/// carries an absolute rounding error of a few 1e-17 that cxgap's product formula does not have:
/// an absolute difference below 1e-15 is accepted as well (also for the Wilson limits inside
/// Newcombe's difference interval).
inline ::testing::AssertionResult limit_near(double actual, double expected) {
  if (std::fabs(actual - expected) <= 1e-15) return ::testing::AssertionSuccess();
  return rel_near(actual, expected, kRel);
}

/// The stat_status that corresponds to an error R's t.test() stopped with.
inline stat_status status_for_r_error(const std::string& message) {
  if (message.find("not enough") != std::string::npos) return stat_status::too_few;
  if (message.find("essentially constant") != std::string::npos) return stat_status::zero_variance;
  ADD_FAILURE() << "unexpected R error: " << message;
  return stat_status::ok;
}

/// A uniform draw on [0, 1) from the top 53 bits of one generator output.
inline double uniform01(std::mt19937_64& gen) {
  return static_cast<double>(gen() >> 11) * 0x1.0p-53;
}

}  // namespace cxgap::test

#endif  // CXGAP_TESTS_SUPPORT_STATS_HPP
