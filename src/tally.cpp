// The tally pass: a histogram of (group cell, response byte) pairs over one item column.
//
// Likert data have few categories, so consecutive respondents often increment the same counter;
// a single histogram then serialises on store-to-load forwarding. Four interleaved
// sub-histograms (32-bit, flushed to the 64-bit result every 2^30 rows) break that chain.
#include "cxgap/core/detail/tally_kernel.hpp"

#include <algorithm>
#include <vector>

namespace cxgap::detail {

void count_pairs(const std::uint8_t* cells, const std::uint8_t* codes, std::size_t n,
                 std::size_t n_cells, std::uint64_t* out) noexcept {
  const std::size_t width = (n_cells + 1) * 256;
  std::vector<std::uint32_t> sub(4 * width);
  std::uint32_t* h0 = sub.data();
  std::uint32_t* h1 = h0 + width;
  std::uint32_t* h2 = h1 + width;
  std::uint32_t* h3 = h2 + width;
  constexpr std::size_t block = std::size_t{1} << 30;  // < 2^32 per sub-histogram
  for (std::size_t start = 0; start < n; start += block) {
    const std::size_t end = std::min(n, start + block);
    std::size_t r = start;
    for (; r + 4 <= end; r += 4) {
      ++h0[(std::size_t{cells[r]} << 8) | codes[r]];
      ++h1[(std::size_t{cells[r + 1]} << 8) | codes[r + 1]];
      ++h2[(std::size_t{cells[r + 2]} << 8) | codes[r + 2]];
      ++h3[(std::size_t{cells[r + 3]} << 8) | codes[r + 3]];
    }
    for (; r < end; ++r) ++h0[(std::size_t{cells[r]} << 8) | codes[r]];
    for (std::size_t i = 0; i < width; ++i) {
      out[i] += std::uint64_t{h0[i]} + h1[i] + h2[i] + h3[i];
      h0[i] = h1[i] = h2[i] = h3[i] = 0;
    }
  }
}

void weigh_pairs(const std::uint8_t* cells, const std::uint8_t* codes, const double* w,
                 std::size_t n, std::size_t n_cells, double* sum_w, double* sum_w2) noexcept {
  (void)n_cells;
  for (std::size_t r = 0; r < n; ++r) {
    const std::size_t i = (std::size_t{cells[r]} << 8) | codes[r];
    sum_w[i] += w[r];
    sum_w2[i] += w[r] * w[r];
  }
}

}  // namespace cxgap::detail
