// Seeded synthetic panels for the benchmarks: n respondents × k Likert 1..5 items, 3 groups,
// ~5% missing responses, filled column by column through the bulk API.
#ifndef CXGAP_BENCH_BENCH_SURVEY_HPP
#define CXGAP_BENCH_BENCH_SURVEY_HPP

#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <tuple>

#include <cxgap/core/survey.hpp>

namespace cxgap::bench {

inline survey make_panel(std::size_t n, std::size_t items, bool weighted, std::uint64_t seed = 42) {
  survey s;
  for (std::size_t i = 0; i < items; ++i)
    s.add_item({"q" + std::to_string(i + 1), "", scale::likert(1, 5)});
  s.add_group("executive");
  s.add_group("employee");
  s.add_group("customer");
  s.resize(n);
  std::mt19937_64 rng(seed);
  std::uint8_t* g = s.group_codes();
  for (std::size_t r = 0; r < n; ++r) {
    const std::uint64_t u = rng() % 100;
    g[r] = u < 2 ? 0 : u < 20 ? 1 : 2;
  }
  for (std::size_t i = 0; i < items; ++i) {
    std::uint8_t* col = s.responses(i);
    for (std::size_t r = 0; r < n; r += 8) {
      std::uint64_t bits = rng();
      for (std::size_t k = r; k < r + 8 && k < n; ++k, bits >>= 8) {
        const auto v = static_cast<std::uint8_t>(bits % 100);
        col[k] = v < 5 ? missing_byte : static_cast<std::uint8_t>(v % 5);
      }
    }
  }
  if (weighted)
    for (std::size_t r = 0; r < n; ++r) s.set_weight(r, 0.5 + static_cast<double>(rng() % 100) / 50.0);
  return s;
}

/// make_panel(n, items, weighted), built once per process and shared by the benchmarks (a
/// 1e7 × 20 panel takes longer to generate than to tally many times).
inline const survey& shared_panel(std::size_t n, std::size_t items, bool weighted) {
  static std::map<std::tuple<std::size_t, std::size_t, bool>, std::unique_ptr<survey>> cache;
  auto& slot = cache[{n, items, weighted}];
  if (!slot) slot = std::make_unique<survey>(make_panel(n, items, weighted));
  return *slot;
}

}  // namespace cxgap::bench

#endif  // CXGAP_BENCH_BENCH_SURVEY_HPP
