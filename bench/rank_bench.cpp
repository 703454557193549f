// Mann–Whitney from tallies (include/cxgap/stats/mann_whitney.hpp): the exact test conditional
// on ties by dynamic programming over categories, and what `automatic` chooses, for the group
// sizes of a CX panel: 40 executives vs 300 employees, and 2,000 vs 2,000.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include <cxgap/stats/mann_whitney.hpp>

namespace {

struct case_counts {
  std::vector<std::int64_t> a, b;
};

case_counts rank_case(int which) {
  switch (which) {
    case 0: return {{2, 4, 8, 14, 12}, {45, 60, 85, 70, 40}};                       // 40 vs 300, K = 5
    case 1: return {{0, 1, 1, 2, 2, 3, 4, 6, 7, 6, 8},                              // 40 vs 300, K = 11
                    {10, 8, 12, 15, 20, 30, 35, 45, 50, 40, 35}};
    case 2: return {{1, 3, 5, 9, 7}, {300, 420, 560, 450, 270}};                     // 25 vs 2000
    default: return {{300, 350, 450, 500, 400}, {400, 450, 450, 400, 300}};         // 2000 vs 2000
  }
}

void BM_MannWhitney(benchmark::State& state) {
  const case_counts c = rank_case(static_cast<int>(state.range(0)));
  cxgap::mann_whitney_options o;
  o.method = static_cast<cxgap::rank_test_method>(state.range(1));
  bool exact = false;
  for (auto _ : state) {
    const auto r = cxgap::mann_whitney_test(c.a, c.b, o);
    exact = r.exact;
    benchmark::DoNotOptimize(r);
  }
  state.SetLabel(exact ? "exact" : "asymptotic");
}
// method: 0 = automatic, 1 = exact, 2 = asymptotic (rank_test_method).
BENCHMARK(BM_MannWhitney)
    ->ArgNames({"case_40v300k5_40v300k11_25v2000_2000v2000", "method"})
    ->Args({0, 0})
    ->Args({0, 1})
    ->Args({1, 0})
    ->Args({1, 1})
    ->Args({2, 0})
    ->Args({2, 1})
    ->Args({3, 0})
    ->Args({3, 2})
    ->Unit(benchmark::kMillisecond);

}  // namespace
