// Private to src/tally*.cpp: the instruction-set-specific kernels, each compiled with a target
// attribute in its own file so that the rest of the library stays baseline x86-64 code.
#ifndef CXGAP_SRC_TALLY_ISA_HPP
#define CXGAP_SRC_TALLY_ISA_HPP

#include <cstddef>
#include <cstdint>

// Function multiversioning by target attribute: GCC and Clang on x86-64 only. Elsewhere only
// the scalar kernels exist and every SIMD kernel reports itself unavailable.
#if (defined(__x86_64__) || defined(_M_X64)) && (defined(__GNUC__) || defined(__clang__))
#define CXGAP_TALLY_X86 1
#else
#define CXGAP_TALLY_X86 0
#endif

namespace cxgap::detail::isa {

/// Widest scale (slots) the SIMD count kernels take; wider columns use the scalar kernel.
inline constexpr std::size_t max_simd_slots = 16;
/// Rows per step of the weighted kernels (their per-row weights stay in the L1 cache).
inline constexpr std::size_t weigh_step = 1024;

#if CXGAP_TALLY_X86
// Same contract as detail::count_codes, for slots in 1..max_simd_slots.
void count_codes_avx512(const std::uint8_t* cells, const std::uint8_t* codes, std::size_t n,
                        std::size_t n_cells, std::size_t slots, std::int64_t* out) noexcept;
void count_codes_avx2(const std::uint8_t* cells, const std::uint8_t* codes, std::size_t n,
                      std::size_t n_cells, std::size_t slots, std::int64_t* out) noexcept;
// Same contract as detail::weigh_rows (one 256-bit add per response; AVX-512 adds nothing).
void weigh_rows_avx2(const std::uint8_t* cells, const double* w, const double* w2,
                     std::size_t n, std::size_t n_cells, const std::uint8_t* const* codes,
                     const std::size_t* slots, std::size_t n_items, std::size_t stride,
                     double* acc) noexcept;
// The OR, over rows r with cells[r] < n_cells, of the bits of w[r] XOR ref[cells[r]]: zero when
// every such row carries its cell's reference weight. n_cells <= 16; ref has 16 entries.
std::uint64_t weight_differences_avx512(const std::uint8_t* cells, const double* w,
                                        std::size_t n, std::size_t n_cells,
                                        const std::uint64_t* ref) noexcept;
#endif

}  // namespace cxgap::detail::isa

#endif  // CXGAP_SRC_TALLY_ISA_HPP
