// The per-response hot path of a tally pass, compiled in src/tally*.cpp (docs/tally.md).
//
// Two kernels work on plain spans so that other passes (per-PSU tallies) can call them:
//  - count_codes: per (cell, slot) counts of one item column; a SIMD path (AVX-512BW or AVX2,
//    chosen at run time) and a scalar path. Counts are integers: every path gives the same.
//  - weigh_rows: per (item, cell, slot) the count, Σw and Σw² over a block of rows, every
//    accumulator summed in row order, so every path gives bit-identical sums.
#ifndef CXGAP_CORE_DETAIL_TALLY_KERNEL_HPP
#define CXGAP_CORE_DETAIL_TALLY_KERNEL_HPP

#include <cstddef>
#include <cstdint>

namespace cxgap::detail {

/// The implementations of the tally kernels. `automatic` is the best one the CPU supports.
enum class tally_kernel : int { automatic = 0, scalar = 1, avx2 = 2, avx512 = 3 };

/// "scalar", "avx2", "avx512" ("automatic" for automatic).
const char* tally_kernel_name(tally_kernel k) noexcept;
/// Whether this build and this CPU can run kernel `k` (scalar and automatic: always).
bool tally_kernel_available(tally_kernel k) noexcept;
/// The kernel tally passes use now: the best available one, unless the environment variable
/// CXGAP_TALLY_KERNEL (scalar|avx2|avx512, read once) or set_tally_kernel chose another.
tally_kernel active_tally_kernel() noexcept;
/// Name of the active kernel.
const char* tally_kernel_name() noexcept;
/// Makes `k` the active kernel (for tests and benchmarks; not meant to race with a running
/// tally pass). Returns false, and changes nothing, if `k` is not available here.
bool set_tally_kernel(tally_kernel k) noexcept;

/// Adds to out[g·(slots+1) + b] the number of rows r < n with cells[r] == g and codes[r] == b,
/// for every cell g < n_cells and slot b < slots; out[g·(slots+1) + slots] counts the other
/// rows of cell g (missing responses, and any byte >= slots). Rows with cells[r] >= n_cells
/// are in no group and are not counted. `out` has n_cells·(slots+1) entries. `k` chooses the
/// implementation (automatic: the active one; an unavailable one falls back to scalar).
void count_codes(const std::uint8_t* cells, const std::uint8_t* codes, std::size_t n,
                 std::size_t n_cells, std::size_t slots, std::int64_t* out,
                 tally_kernel k = tally_kernel::automatic) noexcept;

/// Size of the accumulator array of weigh_rows: 4 doubles per (item, cell 0..n_cells, slot),
/// with a common stride of max(slots)+1 slots per cell (cell n_cells collects rows in no group).
std::size_t weigh_rows_size(std::size_t n_items, std::size_t n_cells, std::size_t stride) noexcept;

/// Weighted block pass over rows [0, n) of n_items columns: for each row r and item i, adds
/// {1, w[r], w2[r], 0} to acc[4·((i·(n_cells+1) + c)·stride + b)], where c = min(cells[r],
/// n_cells) and b = min(codes[i][r], slots[i]) (slot slots[i]: missing or invalid bytes).
/// w2[r] must be w[r]·w[r], computed by the caller (so no kernel can fuse it into an FMA).
/// Each accumulator is a plain running sum over its rows in row order (whatever the loop order
/// across items), so the result is bit-identical on every path. The count lane is exact
/// below 2^53 rows.
void weigh_rows(const std::uint8_t* cells, const double* w, const double* w2, std::size_t n,
                std::size_t n_cells, const std::uint8_t* const* codes,
                const std::size_t* slots, std::size_t n_items, std::size_t stride, double* acc,
                tally_kernel k = tally_kernel::automatic) noexcept;

}  // namespace cxgap::detail

#endif  // CXGAP_CORE_DETAIL_TALLY_KERNEL_HPP
