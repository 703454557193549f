// Seeded coverage simulation: a clustered population (intra-cluster correlation 0.1 within each
// audience of a store) sampled as 2 strata × 15 stores of 10 executives and 24 customers. The design-based 95% interval of the
// executive − customer gap covers the true gap about 95% of the time; the naive i.i.d. Welch
// interval of the same data does not (its SE ignores the design effect 1 + (m − 1)·ICC).
#include <random>

#include <gtest/gtest.h>

#include "cxgap/design/taylor.hpp"
#include "cxgap/stats/mean.hpp"
#include "cxgap/stats/moments.hpp"

namespace {

TEST(DesignCoverage, DesignBasedIntervalCoversWhereTheNaiveOneDoesNot) {
  std::mt19937_64 rng(20261123);
  constexpr double icc = 0.1, true_gap = 0.5;
  std::normal_distribution<double> store_effect(0, std::sqrt(icc)), noise(0, std::sqrt(1 - icc));
  std::uniform_real_distribution<double> weight(1, 3);
  constexpr int reps = 600;
  int design_covers = 0, naive_covers = 0;
  for (int rep = 0; rep < reps; ++rep) {
    cxgap::survey s;
    const std::size_t y = s.add_numeric("y");
    std::vector<double> ya, yb;
    for (int h = 0; h < 2; ++h) {
      for (int p = 0; p < 15; ++p) {
        // Each audience has its own store effect (the store's executives and customers
        // cluster separately), so the gap does not cancel it.
        const double ua = store_effect(rng), ub = store_effect(rng);
        const std::string store = std::to_string(h) + "-" + std::to_string(p);
        for (int i = 0; i < 34; ++i) {
          const bool exec = i < 10;
          const std::size_t r = s.add_respondent(exec ? "executive" : "customer");
          s.set_stratum(r, std::to_string(h));
          s.set_cluster(r, store);
          s.set_weight(r, 1.0);  // equal weights: the naive mean is the design-based mean
          const double v = (exec ? true_gap + ua : ub) + noise(rng);
          s.set_numeric(r, y, v);
          (exec ? ya : yb).push_back(v);
        }
      }
    }
    const auto d = cxgap::make_design(s);
    const auto t = cxgap::make_psu_tally(s, d);
    const auto g = cxgap::design_gap(d, cxgap::linearise_numeric(t, d, 0, t.group_index("executive")),
                                     cxgap::linearise_numeric(t, d, 0, t.group_index("customer")));
    design_covers += g.ci.contains(true_gap);
    const auto naive = cxgap::welch_test(cxgap::moments_from_values<double>(ya), cxgap::moments_from_values<double>(yb));
    naive_covers += naive.ci.contains(true_gap);
  }
  const double design = static_cast<double>(design_covers) / reps;
  const double naive = static_cast<double>(naive_covers) / reps;
  // 600 replicates: the binomial SE of a 95% coverage is 0.009.
  EXPECT_GT(design, 0.925) << design;
  EXPECT_LT(design, 0.975) << design;
  // Design effects 1 + (m − 1)·ICC: 1.9 (10 executives), 3.3 (24 customers) per store; the
  // naive SE is ~1/1.5 of the true one, so it covers ~80%.
  EXPECT_LT(naive, 0.85) << naive;
}

}  // namespace
