// Byte-class masks for the CSV reader's scan (io/csv.hpp): which of 64 consecutive bytes equal
// one of three given bytes, as a 64-bit mask (bit i = byte i). SSE2 (baseline on x86-64) when
// available, else a portable loop giving the same mask. The reader iterates the set bits, so a
// field costs a count-trailing-zeros instead of a branch per byte (the structural-index idea of
// simdjson: Langdale & Lemire 2019, "Parsing gigabytes of JSON per second").
#ifndef CXGAP_IO_DETAIL_CSV_SCAN_HPP
#define CXGAP_IO_DETAIL_CSV_SCAN_HPP

#include <cstddef>
#include <cstdint>

#if defined(__SSE2__) || defined(_M_X64) || (defined(_M_IX86_FP) && _M_IX86_FP >= 2)
#define CXGAP_CSV_SSE2 1
#include <emmintrin.h>
#endif
#if defined(_MSC_VER) && !defined(__clang__)
#include <intrin.h>
#endif

namespace cxgap::io::detail {

/// Bytes a mask covers.
inline constexpr std::size_t scan_block = 64;

/// Bit i set when p[i] is a, b or c, for i < 64 (reads 64 bytes: the caller pads its buffer).
inline std::uint64_t byte_mask_scalar(const char* p, char a, char b, char c) noexcept {
  std::uint64_t m = 0;
  for (std::size_t i = 0; i < scan_block; ++i)
    m |= static_cast<std::uint64_t>(p[i] == a || p[i] == b || p[i] == c) << i;
  return m;
}

/// As byte_mask_scalar, with SSE2 where the target has it.
inline std::uint64_t byte_mask(const char* p, char a, char b, char c) noexcept {
#ifdef CXGAP_CSV_SSE2
  const __m128i va = _mm_set1_epi8(a);
  const __m128i vb = _mm_set1_epi8(b);
  const __m128i vc = _mm_set1_epi8(c);
  std::uint64_t m = 0;
  for (int k = 0; k < 4; ++k) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, va), _mm_cmpeq_epi8(x, vb)),
                                     _mm_cmpeq_epi8(x, vc));
    m |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(hit)) & 0xFFFFu)
         << (16 * k);
  }
  return m;
#else
  return byte_mask_scalar(p, a, b, c);
#endif
}

/// Three byte values to find, prepared once for byte_mask calls in a loop.
class byte_set3 {
 public:
  byte_set3(char a, char b, char c) noexcept
#ifdef CXGAP_CSV_SSE2
      : a_(_mm_set1_epi8(a)), b_(_mm_set1_epi8(b)), c_(_mm_set1_epi8(c)) {}
#else
      : a_(a), b_(b), c_(c) {}
#endif
  /// As byte_mask(p, a, b, c).
  std::uint64_t mask(const char* p) const noexcept {
#ifdef CXGAP_CSV_SSE2
    std::uint64_t m = 0;
    for (int k = 0; k < 4; ++k) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
      const __m128i hit = _mm_or_si128(
          _mm_or_si128(_mm_cmpeq_epi8(x, a_), _mm_cmpeq_epi8(x, b_)), _mm_cmpeq_epi8(x, c_));
      m |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(hit)) & 0xFFFFu)
           << (16 * k);
    }
    return m;
#else
    return byte_mask_scalar(p, a_, b_, c_);
#endif
  }

 private:
#ifdef CXGAP_CSV_SSE2
  __m128i a_, b_, c_;
#else
  char a_, b_, c_;
#endif
};

/// The masks an unquoted scan needs for 64 bytes: bytes that end a field (the delimiter, LF,
/// CR) and, among them, the line breaks.
struct field_masks {
  std::uint64_t ends;
  std::uint64_t breaks;
};

/// field_masks for 64 bytes at p; the portable loop.
inline field_masks field_masks_scalar(const char* p, char delimiter) noexcept {
  return {byte_mask_scalar(p, delimiter, '\n', '\r'), byte_mask_scalar(p, '\n', '\n', '\r')};
}

/// field_masks with the delimiter prepared once (SSE2 where the target has it).
class field_scanner {
 public:
  explicit field_scanner(char delimiter) noexcept
#ifdef CXGAP_CSV_SSE2
      : d_(_mm_set1_epi8(delimiter)), lf_(_mm_set1_epi8('\n')), cr_(_mm_set1_epi8('\r')) {}
#else
      : d_(delimiter) {}
#endif
  field_masks masks(const char* p) const noexcept {
#ifdef CXGAP_CSV_SSE2
    std::uint64_t ends = 0;
    std::uint64_t breaks = 0;
    for (int k = 0; k < 4; ++k) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
      const __m128i br = _mm_or_si128(_mm_cmpeq_epi8(x, lf_), _mm_cmpeq_epi8(x, cr_));
      const __m128i end = _mm_or_si128(br, _mm_cmpeq_epi8(x, d_));
      ends |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(end)) & 0xFFFFu)
              << (16 * k);
      breaks |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(br)) & 0xFFFFu)
                << (16 * k);
    }
    return {ends, breaks};
#else
    return field_masks_scalar(p, d_);
#endif
  }

 private:
#ifdef CXGAP_CSV_SSE2
  __m128i d_, lf_, cr_;
#else
  char d_;
#endif
};

/// Bits 0..n-1 of m (n <= 64).
inline std::uint64_t low_bits(std::uint64_t m, std::size_t n) noexcept {
  return n >= scan_block ? m : m & ((std::uint64_t{1} << n) - 1);
}

/// Index of the lowest set bit (m != 0).
inline std::size_t lowest_bit(std::uint64_t m) noexcept {
#if defined(_MSC_VER) && !defined(__clang__)
  unsigned long i = 0;
  _BitScanForward64(&i, m);
  return i;
#else
  return static_cast<std::size_t>(__builtin_ctzll(m));
#endif
}

/// First position in [p, e) holding a, b or c; e if none. Reads up to 63 bytes past e (the
/// caller pads its buffer).
inline std::size_t find_any(const char* base, std::size_t p, std::size_t e, char a, char b,
                            char c) noexcept {
  while (p < e) {
    const std::uint64_t m = low_bits(byte_mask(base + p, a, b, c), e - p);
    if (m != 0) return p + lowest_bit(m);
    p += scan_block;
  }
  return e;
}

}  // namespace cxgap::io::detail

#endif  // CXGAP_IO_DETAIL_CSV_SCAN_HPP
