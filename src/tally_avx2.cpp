// The AVX2 kernels.
//
// count_codes_avx2: the AVX-512 count kernel (src/tally_avx512.cpp, which explains the two
// 4-bit counters per byte lane) on 32 rows at a time. Without mask registers, rows outside
// the group get their code byte set to 0xFF before the shuffle, which then yields 0.
//
// weigh_rows_avx2: every response adds {1, w, w², 0} to its (item, cell, slot) accumulator
// with one 256-bit load-add-store. The four lanes are independent IEEE additions, and each
// accumulator still receives its rows in row order, exactly as the three scalar additions of
// the scalar kernel, so the sums are bit-identical. Rows go in steps of weigh_step: within a
// step, item by item, so each column is read sequentially (reading a byte of every column per
// row was twice as slow from memory) while the step's weights stay in the L1 cache.
#include "tally_isa.hpp"

#if CXGAP_TALLY_X86

#include <immintrin.h>

#include <algorithm>
#include <array>
#include <utility>

namespace cxgap::detail::isa {
namespace {

#define CXGAP_AVX2 __attribute__((target("avx2")))

// Sum of the 32 unsigned bytes of v.
CXGAP_AVX2 std::int64_t byte_sum(__m256i v) noexcept {
  const __m256i s = _mm256_sad_epu8(v, _mm256_setzero_si256());
  alignas(32) std::int64_t lanes[4];
  _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), s);
  return lanes[0] + lanes[1] + lanes[2] + lanes[3];
}

template <std::size_t S>
CXGAP_AVX2 void count_group(const std::uint8_t* cells, const std::uint8_t* codes,
                            std::size_t n, std::uint8_t g, std::int64_t* out) noexcept {
  constexpr std::size_t P = (S + 1) / 2;  // pairs of categories
  __m256i table[P];  // code 2p -> 1, code 2p+1 -> 16, any other code -> 0 (in each 16-byte lane)
  for (std::size_t p = 0; p < P; ++p) {
    alignas(32) std::uint8_t t[32] = {};
    for (std::size_t lane = 0; lane < 32; lane += 16) {
      t[lane + 2 * p] = 1;
      if (2 * p + 1 < S) t[lane + 2 * p + 1] = 16;
    }
    table[p] = _mm256_load_si256(reinterpret_cast<const __m256i*>(t));
  }
  const __m256i group = _mm256_set1_epi8(static_cast<char>(g));
  const __m256i bias = _mm256_set1_epi8(0x70);  // bytes >= 16 get bit 7: shuffle gives 0
  const __m256i low4 = _mm256_set1_epi8(0x0F);
  const __m256i all_ones = _mm256_set1_epi8(-1);
  std::int64_t total[2 * P + 1] = {};  // categories 0..2P-1, then every row of the group
  const std::size_t full = n - n % 32;
  std::size_t r = 0;
  while (r < full) {
    __m256i lo[P], hi[P];  // 8-bit lane counters of codes 2p and 2p+1
    for (std::size_t p = 0; p < P; ++p) lo[p] = hi[p] = _mm256_setzero_si256();
    __m256i rows = _mm256_setzero_si256();
    for (int round = 0; round < 17 && r < full; ++round) {
      __m256i halves[P];  // two 4-bit counters per lane
      for (std::size_t p = 0; p < P; ++p) halves[p] = _mm256_setzero_si256();
      for (int k = 0; k < 15 && r < full; ++k, r += 32) {
        const __m256i c = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(cells + r));
        const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(codes + r));
        const __m256i in_group = _mm256_cmpeq_epi8(c, group);  // 0xFF in the group's rows
        rows = _mm256_sub_epi8(rows, in_group);
        const __m256i index = _mm256_or_si256(_mm256_adds_epu8(v, bias),
                                              _mm256_xor_si256(in_group, all_ones));
        for (std::size_t p = 0; p < P; ++p)
          halves[p] = _mm256_add_epi8(halves[p], _mm256_shuffle_epi8(table[p], index));
      }
      for (std::size_t p = 0; p < P; ++p) {
        lo[p] = _mm256_add_epi8(lo[p], _mm256_and_si256(halves[p], low4));
        hi[p] = _mm256_add_epi8(hi[p], _mm256_and_si256(_mm256_srli_epi16(halves[p], 4), low4));
      }
    }
    for (std::size_t p = 0; p < P; ++p) {
      total[2 * p] += byte_sum(lo[p]);
      total[2 * p + 1] += byte_sum(hi[p]);
    }
    total[2 * P] += byte_sum(rows);
  }
  for (; r < n; ++r) {
    if (cells[r] != g) continue;
    ++total[2 * P];
    if (codes[r] < S) ++total[codes[r]];
  }
  std::int64_t counted = 0;
  for (std::size_t b = 0; b < S; ++b) {
    out[b] += total[b];
    counted += total[b];
  }
  out[S] += total[2 * P] - counted;  // missing (and any byte that is not a slot)
}

using group_fn = void (*)(const std::uint8_t*, const std::uint8_t*, std::size_t, std::uint8_t,
                          std::int64_t*) noexcept;

template <std::size_t... I>
constexpr auto make_table(std::index_sequence<I...>) {
  return std::array<group_fn, sizeof...(I)>{&count_group<I + 1>...};
}
constexpr auto table = make_table(std::make_index_sequence<max_simd_slots>{});

}  // namespace

void count_codes_avx2(const std::uint8_t* cells, const std::uint8_t* codes, std::size_t n,
                      std::size_t n_cells, std::size_t slots, std::int64_t* out) noexcept {
  const group_fn f = table[slots - 1];
  for (std::size_t g = 0; g < n_cells; ++g)
    f(cells, codes, n, static_cast<std::uint8_t>(g), out + g * (slots + 1));
}

CXGAP_AVX2 void weigh_rows_avx2(const std::uint8_t* cells, const double* w, const double* w2,
                                std::size_t n, std::size_t n_cells,
                                const std::uint8_t* const* codes, const std::size_t* slots,
                                std::size_t n_items, std::size_t stride, double* acc) noexcept {
  const std::size_t item_step = 4 * (n_cells + 1) * stride;  // doubles between two items
  alignas(32) double add[4 * weigh_step];                     // {1, w, w², 0} per row
  std::size_t cell_at[weigh_step];                            // offset of the row's cell
  for (std::size_t first = 0; first < n; first += weigh_step) {
    const std::size_t m = std::min(weigh_step, n - first);
    for (std::size_t j = 0; j < m; ++j) {
      _mm256_store_pd(add + 4 * j, _mm256_set_pd(0.0, w2[first + j], w[first + j], 1.0));
      cell_at[j] = 4 * std::min<std::size_t>(cells[first + j], n_cells) * stride;
    }
    for (std::size_t i = 0; i < n_items; ++i) {
      const std::uint8_t* column = codes[i] + first;
      double* base = acc + i * item_step;
      const std::size_t last_slot = slots[i];
      for (std::size_t j = 0; j < m; ++j) {
        double* p = base + cell_at[j] + 4 * std::min<std::size_t>(column[j], last_slot);
        _mm256_storeu_pd(p, _mm256_add_pd(_mm256_loadu_pd(p), _mm256_load_pd(add + 4 * j)));
      }
    }
  }
}

}  // namespace cxgap::detail::isa

#endif  // CXGAP_TALLY_X86
