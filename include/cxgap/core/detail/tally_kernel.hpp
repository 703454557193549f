// The per-response hot path of a tally pass, compiled in src/tally.cpp.
#ifndef CXGAP_CORE_DETAIL_TALLY_KERNEL_HPP
#define CXGAP_CORE_DETAIL_TALLY_KERNEL_HPP

#include <cstddef>
#include <cstdint>

namespace cxgap::detail {

/// Adds to out[cell·256 + code] the number of respondents r < n with cells[r] == cell and
/// codes[r] == code. `out` has (n_cells + 1)·256 entries; cell value n_cells means "in no
/// group" and lands in the last row, which the caller ignores. Requires cells[r] <= n_cells.
void count_pairs(const std::uint8_t* cells, const std::uint8_t* codes, std::size_t n,
                 std::size_t n_cells, std::uint64_t* out) noexcept;

/// Weighted companion of count_pairs: adds w[r] to sum_w and w[r]² to sum_w2 at the same index.
void weigh_pairs(const std::uint8_t* cells, const std::uint8_t* codes, const double* w,
                 std::size_t n, std::size_t n_cells, double* sum_w, double* sum_w2) noexcept;

}  // namespace cxgap::detail

#endif  // CXGAP_CORE_DETAIL_TALLY_KERNEL_HPP
