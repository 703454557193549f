// The PSU (Rao–Wu) bootstrap of design-based gaps (design/bootstrap.hpp): 10,000 replicates of
// the mean and top-box gaps A − B of 20 Likert items (40 gaps), percentile + BCa, from the PSU
// tally of a clustered panel in 8 strata with 2,000 or 100 PSUs (10 respondents per PSU; the
// tally pass is outside the timing). Cost O(B × PSUs × columns), independent of the respondents:
// the replicates are blocked matrix products (Eigen). Target (issue 6): well under a second for
// 2,000 PSUs. Counters: replicates·PSUs per second (the multiplier cells drawn and multiplied).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>

#include <cxgap/design/bootstrap.hpp>
#include <cxgap/design/psu_tally.hpp>

namespace {

constexpr std::size_t items = 20, strata = 8, per_psu = 10;

struct panel {
  cxgap::survey s;
  cxgap::survey_design d;
  cxgap::psu_tally t;
};

const panel& make(std::size_t psus) {
  static std::map<std::size_t, std::unique_ptr<panel>> cache;
  auto& slot = cache[psus];
  if (slot) return *slot;
  slot = std::make_unique<panel>();
  cxgap::survey& s = slot->s;
  for (std::size_t i = 0; i < items; ++i)
    s.add_item({"q" + std::to_string(i + 1), "", cxgap::scale::likert(1, 5)});
  std::mt19937_64 rng(20260611);
  std::normal_distribution<double> normal(0, 1);
  for (std::size_t p = 0; p < psus; ++p) {
    const double u = 0.35 * normal(rng);
    for (std::size_t k = 0; k < per_psu; ++k) {
      const bool a = k < 3;
      const std::size_t row = s.add_respondent(a ? "executive" : "customer");
      s.set_stratum(row, "h" + std::to_string(p % strata));
      s.set_cluster(row, "p" + std::to_string(p));
      s.set_weight(row, 1 + static_cast<double>(rng() % 100) / 25);
      for (std::size_t i = 0; i < items; ++i) {
        const double y = (a ? 3.5 : 3.0) + u + normal(rng);
        s.set_response(row, i, static_cast<int>(std::min(5.0, std::max(1.0, std::round(y)))));
      }
    }
  }
  slot->d = cxgap::make_design(s);
  slot->t = cxgap::make_psu_tally(s, slot->d);
  return *slot;
}

void BM_DesignBootstrap20Items10000Replicates(benchmark::State& state) {
  const auto psus = static_cast<std::size_t>(state.range(0));
  const panel& p = make(psus);
  cxgap::design_bootstrap_options o;
  o.replicates = 10000;
  o.seed = 1;
  o.threads = static_cast<unsigned>(state.range(1));
  for (auto _ : state) {
    const auto r = cxgap::design_bootstrap(p.t, p.d, "executive", "customer", o);
    benchmark::DoNotOptimize(r.items[0].mean.bca.lower);
  }
  state.SetItemsProcessed(state.iterations() * o.replicates * static_cast<std::int64_t>(psus));
}
BENCHMARK(BM_DesignBootstrap20Items10000Replicates)
    ->ArgNames({"psus", "threads"})
    ->Args({2000, 1})
    ->Args({2000, 2})
    ->Args({100, 1})
    ->Args({100, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
