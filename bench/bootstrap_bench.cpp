// Bootstrap from tallies (include/cxgap/stats/bootstrap.hpp): 10,000 resamples for each of 20
// items, mean gap, percentile + BCa intervals, at n = 10³ and n = 10⁸ respondents per group.
// Each resample costs O(K) (conditional binomials), so both sizes take the same time.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include <cxgap/stats/bootstrap.hpp>

namespace {

// 20 five-point items; group A's and B's shares per item, scaled to n per group.
std::vector<std::vector<std::int64_t>> item_counts(std::int64_t n, bool group_a) {
  std::vector<std::vector<std::int64_t>> items;
  for (int i = 0; i < 20; ++i) {
    const double tilt = (group_a ? 0.04 : -0.02) * (i % 5);
    const double shares[5] = {0.10 - tilt / 2, 0.15 - tilt / 2, 0.25, 0.30 + tilt / 2,
                              0.20 + tilt / 2};
    std::vector<std::int64_t> c(5);
    std::int64_t used = 0;
    for (int k = 0; k < 4; ++k) {
      c[static_cast<std::size_t>(k)] = static_cast<std::int64_t>(shares[k] * static_cast<double>(n));
      used += c[static_cast<std::size_t>(k)];
    }
    c[4] = n - used;
    items.push_back(c);
  }
  return items;
}

void BM_Bootstrap20Items10000Resamples(benchmark::State& state) {
  const std::int64_t n = state.range(0);
  const auto threads = static_cast<unsigned>(state.range(1));
  const auto a = item_counts(n, true);
  const auto b = item_counts(n, false);
  for (auto _ : state) {
    for (std::size_t i = 0; i < a.size(); ++i) {
      cxgap::bootstrap_options o;
      o.resamples = 10000;
      o.seed = 2026;
      o.item = i;
      o.threads = threads;
      auto r = cxgap::bootstrap_gap(a[i], b[i], cxgap::mean_gap<>{}, o);
      benchmark::DoNotOptimize(r);
    }
  }
  state.counters["resamples/s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * 20 * 10000, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Bootstrap20Items10000Resamples)
    ->ArgNames({"n_per_group", "threads"})
    ->Args({1'000, 1})
    ->Args({100'000'000, 1})
    ->Args({1'000, 2})
    ->Args({100'000'000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The other statistics, n = 10⁶ per group, one thread, one item (11 categories for NPS).
void BM_BootstrapOneItemStatistic(benchmark::State& state) {
  const std::vector<std::int64_t> a5{100000, 150000, 250000, 300000, 200000};
  const std::vector<std::int64_t> b5{200000, 250000, 250000, 200000, 100000};
  const std::vector<std::int64_t> a11{20000, 10000, 30000, 20000, 40000, 80000,
                                      100000, 150000, 200000, 200000, 150000};
  const std::vector<std::int64_t> b11{50000, 30000, 40000, 60000, 70000, 120000,
                                      140000, 130000, 160000, 120000, 80000};
  cxgap::bootstrap_options o;
  o.resamples = 10000;
  for (auto _ : state) {
    switch (state.range(0)) {
      case 0: benchmark::DoNotOptimize(cxgap::bootstrap_gap(a5, b5, cxgap::mean_gap<>{}, o)); break;
      case 1: benchmark::DoNotOptimize(cxgap::bootstrap_gap(a5, b5, cxgap::top_box_gap<>{3}, o)); break;
      case 2: benchmark::DoNotOptimize(cxgap::bootstrap_gap(a11, b11, cxgap::nps_gap<>{}, o)); break;
      default: benchmark::DoNotOptimize(cxgap::bootstrap_gap(a5, b5, cxgap::cliff_delta_gap<>{}, o)); break;
    }
  }
}
BENCHMARK(BM_BootstrapOneItemStatistic)
    ->ArgName("stat_mean0_top1_nps2_cliff3")
    ->DenseRange(0, 3)
    ->Unit(benchmark::kMillisecond);

}  // namespace
