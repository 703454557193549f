// Seeded coverage simulations for the proportion intervals: the share of simulated samples
// whose 95% interval contains the true value. Deterministic (std::mt19937_64, fixed seeds).
//
// Grid choice. At small n the coverage of score intervals oscillates with p because x is
// discrete. Exact coverages (binomial sums, computed with scipy 1.10 before writing this test)
// of the Wilson 95% interval at n = 30 range from 0.930 (p = 0.3, 0.7) to 0.974 (p = 0.1, 0.9);
// on the grid used below they lie in [0.946, 0.965] (n = 30) and [0.943, 0.958] (n = 300), so
// "each point within [0.93, 0.97]" is a true statement there, with a margin of at least four
// Monte Carlo standard errors. The average over the full grid 0.05, 0.10, …, 0.95 (exact:
// 0.954 at n = 30, 0.951 at n = 300) is checked as well. Newcombe's interval on p_a, p_b ∈
// {0.2, 0.4, 0.5, 0.6, 0.8}: exact coverage 0.945–0.955 at n = 30 and 300 per group.
// The Wald interval at n = 30, p = 0.1 covers only 0.809 (exact).
#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "cxgap/stats/proportion.hpp"
#include "cxgap/stats/proportion_difference.hpp"

namespace {

// Replications per grid point. Monte Carlo SE of a coverage near 0.95: 0.0015 at 20000 (used
// where a single point must be within 0.005 of a bound), 0.003 at 5000.
constexpr int kReps = 20000;
constexpr int kRepsAveraged = 5000;

// The interval depends on the sample only through x, so each interval is computed once per
// possible x (or pair x_a, x_b) and the simulation looks it up: the draws are the simulation,
// the table just keeps the test fast (also under sanitizers).
std::vector<cxgap::interval<double>> intervals_by_x(cxgap::proportion_ci_method method,
                                                    std::int64_t n) {
  std::vector<cxgap::interval<double>> table;
  for (std::int64_t x = 0; x <= n; ++x) table.push_back(cxgap::proportion_interval(x, n, 0.95,
                                                                                   method));
  return table;
}

double coverage_one(cxgap::proportion_ci_method method, std::int64_t n, double p,
                    std::uint64_t seed, int reps = kReps) {
  const auto table = intervals_by_x(method, n);
  std::mt19937_64 rng(seed);
  std::binomial_distribution<std::int64_t> draw(n, p);
  int hits = 0;
  for (int r = 0; r < reps; ++r) {
    if (table[static_cast<std::size_t>(draw(rng))].contains(p)) ++hits;
  }
  return static_cast<double>(hits) / reps;
}

// Newcombe intervals for every (x_a, x_b) with n_a = n_b = n, row-major in x_a.
std::vector<cxgap::interval<double>> newcombe_by_x(std::int64_t n) {
  std::vector<cxgap::interval<double>> table;
  for (std::int64_t x_a = 0; x_a <= n; ++x_a)
    for (std::int64_t x_b = 0; x_b <= n; ++x_b)
      table.push_back(cxgap::newcombe_difference(x_a, n, x_b, n).ci);
  return table;
}

double coverage_difference(const std::vector<cxgap::interval<double>>& table, std::int64_t n,
                           double p_a, double p_b, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::binomial_distribution<std::int64_t> draw_a(n, p_a);
  std::binomial_distribution<std::int64_t> draw_b(n, p_b);
  int hits = 0;
  for (int r = 0; r < kRepsAveraged; ++r) {
    const std::int64_t x_a = draw_a(rng);
    const std::int64_t x_b = draw_b(rng);
    if (table[static_cast<std::size_t>(x_a * (n + 1) + x_b)].contains(p_a - p_b)) ++hits;
  }
  return static_cast<double>(hits) / kRepsAveraged;
}

TEST(ProportionCoverage, WilsonCoversWithinTwoPointsOfNominalAtEveryGridPoint) {
  const std::vector<double> grid = {0.15, 0.2, 0.35, 0.4, 0.5, 0.6, 0.65, 0.8, 0.85};
  std::uint64_t seed = 20240501;
  for (std::int64_t n : {30, 300}) {
    for (double p : grid) {
      const double c = coverage_one(cxgap::proportion_ci_method::wilson, n, p, ++seed);
      EXPECT_GE(c, 0.93) << "n = " << n << ", p = " << p;
      EXPECT_LE(c, 0.97) << "n = " << n << ", p = " << p;
    }
  }
}

TEST(ProportionCoverage, WilsonAverageCoverageOverAFineGridIsNearNominal) {
  std::uint64_t seed = 777;
  for (std::int64_t n : {30, 300}) {
    double sum = 0;
    int points = 0;
    for (int i = 1; i <= 19; ++i) {
      sum += coverage_one(cxgap::proportion_ci_method::wilson, n, 0.05 * i, ++seed,
                          kRepsAveraged);
      ++points;
    }
    const double average = sum / points;
    EXPECT_GE(average, 0.94) << "n = " << n;
    EXPECT_LE(average, 0.96) << "n = " << n;
  }
}

TEST(ProportionCoverage, NewcombeCoversWithinTwoPointsOfNominal) {
  const std::vector<double> grid = {0.2, 0.4, 0.5, 0.6, 0.8};
  std::uint64_t seed = 99;
  for (std::int64_t n : {30, 300}) {
    const auto table = newcombe_by_x(n);
    double sum = 0;
    int points = 0;
    for (double p_a : grid) {
      for (double p_b : grid) {
        const double c = coverage_difference(table, n, p_a, p_b, ++seed);
        EXPECT_GE(c, 0.93) << "n = " << n << ", p_a = " << p_a << ", p_b = " << p_b;
        EXPECT_LE(c, 0.97) << "n = " << n << ", p_a = " << p_a << ", p_b = " << p_b;
        sum += c;
        ++points;
      }
    }
    EXPECT_NEAR(sum / points, 0.95, 0.01) << "n = " << n;
  }
}

TEST(ProportionCoverage, WaldUndercoversForSmallNAndExtremeP) {
  EXPECT_LT(coverage_one(cxgap::proportion_ci_method::wald, 30, 0.1, 4242), 0.93);
  EXPECT_LT(coverage_one(cxgap::proportion_ci_method::wald, 30, 0.9, 4243), 0.93);
  // Wilson at the same points does not.
  EXPECT_GE(coverage_one(cxgap::proportion_ci_method::wilson, 30, 0.1, 4244), 0.93);
}

}  // namespace
