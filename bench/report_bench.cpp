// The gap report from a tally: 20 items, executives vs customers, every statistic of
// report_options' defaults. The cost is independent of the number of respondents.
#include <benchmark/benchmark.h>

#include <cxgap/core/tally.hpp>
#include <cxgap/report/gap_report.hpp>

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

}  // namespace
