// The gap report from a tally: 20 items, executives vs customers, every statistic of
// report_options' defaults. The cost is independent of the number of respondents.
#include <benchmark/benchmark.h>

#include <cxgap/core/tally.hpp>
#include <cxgap/report/gap_report.hpp>
#include <cxgap/stats/detail/noncentral_t.hpp>

#include "bench_survey.hpp"

namespace {

void BM_GapReportFromTally(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const cxgap::tally t = cxgap::make_tally(cxgap::bench::make_panel(n, 20, false));
  for (auto _ : state) {
    cxgap::gap_report r = cxgap::compare(t, "executive", "customer");
    benchmark::DoNotOptimize(r);
  }
  state.counters["items/s"] =
      benchmark::Counter(static_cast<double>(state.iterations() * 20), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_GapReportFromTally)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMicrosecond);

// Three comparisons (executive:customer, employee:customer, executive:employee), as a report
// with several audiences prints.
void BM_GapReportThreeComparisons(benchmark::State& state) {
  const cxgap::tally t = cxgap::make_tally(cxgap::bench::make_panel(1'000'000, 20, false));
  for (auto _ : state) {
    for (auto [a, b] : {std::pair{"executive", "customer"}, std::pair{"employee", "customer"},
                        std::pair{"executive", "employee"}}) {
      cxgap::gap_report r = cxgap::compare(t, a, b);
      benchmark::DoNotOptimize(r);
    }
  }
}
BENCHMARK(BM_GapReportThreeComparisons)->Unit(benchmark::kMicrosecond);

// The noncentral-t inversion behind the interval of Hedges' g (two per item of a report), by
// the probit-scale secant solver and by the bracketing solver it falls back on; df = n − 2 for
// n respondents, t over a typical range of gaps.
template <bool Bracketed>
void BM_NoncentralTInversion(benchmark::State& state) {
  const double df = static_cast<double>(state.range(0) - 2);
  const double ts[] = {-2.8, -1.1, -0.3, 0.4, 1.7, 3.2, 6.5, 12.0};
  for (auto _ : state) {
    for (double t : ts) {
      for (double p : {0.025, 0.975}) {
        double ncp = Bracketed ? cxgap::detail::noncentral_t_ncp_for_cdf_bracketed(t, df, p)
                               : cxgap::detail::noncentral_t_ncp_for_cdf(t, df, p);
        benchmark::DoNotOptimize(ncp);
      }
    }
  }
  state.counters["intervals/s"] =
      benchmark::Counter(static_cast<double>(state.iterations() * 8), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_NoncentralTInversion<false>)
    ->Arg(100)
    ->Arg(10'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_NoncentralTInversion<true>)
    ->Arg(100)
    ->Arg(10'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMicrosecond);

}  // namespace
