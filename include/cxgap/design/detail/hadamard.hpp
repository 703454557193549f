// The Hadamard matrices R's survey package uses for balanced repeated replication
// (survey:::hadamard, called by brrweights): precooked 4, 16, 28 and 36, Sylvester doubling,
// and Paley's construction from a prime p ≡ 3 (mod 4). Reproduced step by step so that cxgap's
// BRR replicates are R's replicates, column for column (docs/design-replicate.md).
#ifndef CXGAP_DESIGN_DETAIL_HADAMARD_HPP
#define CXGAP_DESIGN_DETAIL_HADAMARD_HPP

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace cxgap::detail {

/// A square 0/1 matrix, row-major.
struct zero_one_matrix {
  std::size_t size = 0;
  std::vector<std::uint8_t> cells;
  std::uint8_t operator()(std::size_t row, std::size_t col) const {
    return cells[row * size + col];
  }
};

inline zero_one_matrix zero_one_from_rows(const char* const* rows, std::size_t n) {
  zero_one_matrix m{n, std::vector<std::uint8_t>(n * n)};
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) m.cells[i * n + j] = rows[i][j] == '1' ? 1 : 0;
  return m;
}

/// survey:::hadamard.list[[k]], k = 0..3 (sizes 4, 16, 28, 36).
inline zero_one_matrix hadamard_precooked(std::size_t k);

/// survey:::hadamard.doubler: rbind(cbind(H, H), cbind(H, 1 − H)).
inline zero_one_matrix hadamard_double(const zero_one_matrix& h) {
  const std::size_t n = h.size, m = 2 * n;
  zero_one_matrix d{m, std::vector<std::uint8_t>(m * m)};
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      const std::uint8_t v = h(i, j);
      d.cells[i * m + j] = v;
      d.cells[i * m + n + j] = v;
      d.cells[(n + i) * m + j] = v;
      d.cells[(n + i) * m + n + j] = static_cast<std::uint8_t>(1 - v);
    }
  }
  return d;
}

/// The primes p ≡ 3 (mod 4) below 8000 that survey:::paley knows (its `small.primes`).
inline const std::vector<int>& paley_primes() {
  static const std::vector<int> primes = [] {
    std::vector<int> p;
    for (int c = 3; c < 8000; c += 4) {
      bool prime = true;
      for (int d = 3; d * d <= c; d += 2)
        if (c % d == 0) {
          prime = false;
          break;
        }
      if (prime) p.push_back(c);
    }
    return p;
  }();
  return primes;
}

/// Paley's construction for a prime p: cbind(1, rbind(1, M)) with M[i, j] = 0 when (i + j) mod p
/// is 0 or a quadratic residue, 1 otherwise (survey:::paley with `prime` given).
inline zero_one_matrix paley_from_prime(int p) {
  const auto up = static_cast<std::size_t>(p);
  std::vector<std::uint8_t> residue(up, 0);
  residue[0] = 1;
  for (int i = 1; i <= (p - 1) / 2; ++i)
    residue[static_cast<std::size_t>((i * i) % p)] = 1;
  const std::size_t n = up + 1;
  zero_one_matrix m{n, std::vector<std::uint8_t>(n * n, 1)};
  for (std::size_t i = 0; i < up; ++i)
    for (std::size_t j = 0; j < up; ++j)
      m.cells[(i + 1) * n + j + 1] = residue[(i + j) % up] ? 0 : 1;
  return m;
}

/// survey:::paley(n, nmax) without `prime`: a Paley matrix (possibly doubled) of size > n, or
/// an empty matrix where R returns NULL.
inline zero_one_matrix paley(int n, int nmax) {
  const std::vector<int>& primes = paley_primes();
  const int nceil = n + 4 - n % 4;
  int nn = nceil;
  if (n % 4 + 4 == n % 8) {
    while (nn % 8 == 0) nn /= 2;
    if (std::binary_search(primes.begin(), primes.end(), nn - 1)) {
      zero_one_matrix m = paley_from_prime(nn - 1);
      while (nn < nceil) {
        m = hadamard_double(m);
        nn *= 2;
      }
      return m;
    }
  }
  if (n > primes.back()) return {};
  const int p = *std::lower_bound(primes.begin(), primes.end(), n);
  if (p + 1 > nceil + 4 && nceil + 4 < nmax) return paley(nceil + 3, 2 * (nceil + 3));
  if (p > nmax) return {};
  return paley_from_prime(p);
}

/// survey:::hadamard(n): the 0/1 Hadamard matrix brrweights uses for n strata (size > n).
inline zero_one_matrix hadamard(int n) {
  static constexpr std::array<int, 4> sizes{4, 16, 28, 36};
  const int m = n - n % 4;
  for (std::size_t k = 0; k < sizes.size(); ++k)
    if (m < sizes[k] && m + 4 >= sizes[k]) return hadamard_precooked(k);
  if (m < sizes[0]) return hadamard_precooked(0);
  std::array<long long, 4> grown{};
  std::size_t best = 0;
  for (std::size_t k = 0; k < sizes.size(); ++k) {
    const double ratio = static_cast<double>(n + 1) / sizes[k];
    const int doublings = std::max(0, static_cast<int>(std::ceil(std::log2(ratio))));
    grown[k] = static_cast<long long>(sizes[k]) << doublings;
    if (grown[k] - n < grown[best] - n) best = k;
  }
  if (grown[best] - n > 4) {
    zero_one_matrix h = paley(n, static_cast<int>(grown[best]));
    if (h.size > 0) return h;
  }
  zero_one_matrix h = hadamard_precooked(best);
  while (static_cast<long long>(h.size) < grown[best]) h = hadamard_double(h);
  return h;
}

inline zero_one_matrix hadamard_precooked(std::size_t k) {
  static const char* const h4[] = {"1111", "1010", "1100", "1001"};
  static const char* const h28[] = {
      "1111111111111111111111111111",
      "1001110001110001110001111000",
      "1000001111001101001101111000",
      "1000001110110010111001100110",
      "1001101000001111100011010110",
      "1001010100101100010110101110",
      "1000110011010010001110011110",
      "0101100010101010011111110000",
      "0100010110110101100111010100",
      "0100011011001011110010101100",
      "0101011000010111011101001010",
      "0100101101100100111010011010",
      "0101100101011001101100100110",
      "0010110100011110101011101000",
      "0011011001100110101100110100",
      "0010101100111011010100011100",
      "0011000111010111010010110010",
      "0011001011111000100111001010",
      "0010110011101101011001000110",
      "1110101001010100010111100100",
      "1111000101100011001011001100",
      "1111000010011100111000011100",
      "1110010101001010110101010010",
      "1110011000111001001010110010",
      "1110100010100111100100101010",
      "1101111111111110000000000000",
      "1011111110000001111110000000",
      "0111111110000000000001111110",
  };
  static const char* const h36[] = {
      "111111111111111111111111111111111111",
      "010111000111110111001000010101100100",
      "101110001111101110010000101011001000",
      "011100011111011100100001010110010010",
      "111000111110111001000010101100100100",
      "110001111101110010000101011001001010",
      "100011111011100100001010110010010110",
      "000111110111001000010101100100101110",
      "001111101110010000101011001001011100",
      "011111011100100001010110010010111000",
      "111110111001000010101100100101110000",
      "111101110010000101011001001011100010",
      "111011100100001010110010010111000110",
      "110111001000010101100100101110001110",
      "101110010000101011001001011100011110",
      "011100100001010110010010111000111110",
      "111001000010101100100101110001111100",
      "110010000101011001001011100011111010",
      "100100001010110010010111000111110110",
      "001000010101100100101110001111101110",
      "010000101011001001011100011111011100",
      "100001010110010010111000111110111000",
      "000010101100100101110001111101110010",
      "000101011001001011100011111011100100",
      "001010110010010111000111110111001000",
      "010101100100101110001111101110010000",
      "101011001001011100011111011100100000",
      "010110010010111000111110111001000010",
      "101100100101110001111101110010000100",
      "011001001011100011111011100100001010",
      "110010010111000111110111001000010100",
      "100100101110001111101110010000101010",
      "001001011100011111011100100001010110",
      "010010111000111110111001000010101100",
      "100101110001111101110010000101011000",
      "001011100011111011100100001010110010",
  };
  switch (k) {
    case 0: return zero_one_from_rows(h4, 4);
    case 1: return hadamard_double(hadamard_double(zero_one_from_rows(h4, 4)));  // R's 16 × 16
    case 2: return zero_one_from_rows(h28, 28);
    default: return zero_one_from_rows(h36, 36);
  }
}

}  // namespace cxgap::detail

#endif  // CXGAP_DESIGN_DETAIL_HADAMARD_HPP
