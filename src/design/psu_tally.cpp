// The design tally pass (see design/psu_tally.hpp): per-unit weighted category sums.
//
// Rows of a clustered file usually come sorted by PSU, so the pass walks runs of one unit. A long
// run is summed into small local histograms indexed by (group cell, response byte) — four
// interleaved copies, as in the unweighted pass (src/tally.cpp), so that consecutive rows with the
// same answer do not serialise on one floating-point add — and flushed into the unit's block at
// the end of the run (the histograms are kept zero between runs, so they are allocated once per
// pass). Short runs (unsorted files) go straight to the unit's block. The caller walks the rows
// in blocks of runs and, within a block, every item, so the block's weights stay in cache.
#include "cxgap/design/psu_tally.hpp"

#include <algorithm>
#include <vector>

namespace cxgap::detail {

namespace {

template <bool Squares>
void weigh_units_impl(const std::uint8_t* cells, const std::uint8_t* codes, const double* w,
                      const std::size_t* runs, const std::uint32_t* run_unit, std::size_t n_runs,
                      std::size_t n_cells, const std::uint8_t* slot_of, std::size_t slots,
                      std::size_t stride, std::size_t offset, double* sum_w, double* sum_w2,
                      std::int64_t* count, weigh_scratch& scratch) {
  const std::size_t width = (n_cells + 1) * 256;
  // Local histograms only pay off when they are small and the runs long.
  const bool local_ok = !scratch.w.empty();
  const std::size_t long_run = 8 * (n_cells + 1) * (slots + 1);
  double* hw = scratch.w.data();
  double* hw2 = scratch.w2.data();
  std::uint32_t* hn = scratch.n.data();

  for (std::size_t k = 0; k < n_runs; ++k) {
    const std::size_t begin = runs[k], end = runs[k + 1];
    const std::size_t unit_base = static_cast<std::size_t>(run_unit[k]) * n_cells * stride + offset;
    if (!local_ok || end - begin < long_run) {
      for (std::size_t r = begin; r < end; ++r) {
        const std::size_t c = cells[r];
        if (c >= n_cells) continue;
        const std::size_t i = unit_base + c * stride + slot_of[codes[r]];
        sum_w[i] += w[r];
        if constexpr (Squares) sum_w2[i] += w[r] * w[r];
        ++count[i];
      }
      continue;
    }
    double* w0 = hw;
    double* w1 = w0 + width;
    double* w2 = w1 + width;
    double* w3 = w2 + width;
    std::uint32_t* n0 = hn;
    std::uint32_t* n1 = n0 + width;
    std::uint32_t* n2 = n1 + width;
    std::uint32_t* n3 = n2 + width;
    std::size_t r = begin;
    for (; r + 4 <= end; r += 4) {
      const std::size_t i0 = (std::size_t{cells[r]} << 8) | codes[r];
      const std::size_t i1 = (std::size_t{cells[r + 1]} << 8) | codes[r + 1];
      const std::size_t i2 = (std::size_t{cells[r + 2]} << 8) | codes[r + 2];
      const std::size_t i3 = (std::size_t{cells[r + 3]} << 8) | codes[r + 3];
      w0[i0] += w[r];
      w1[i1] += w[r + 1];
      w2[i2] += w[r + 2];
      w3[i3] += w[r + 3];
      ++n0[i0];
      ++n1[i1];
      ++n2[i2];
      ++n3[i3];
      if constexpr (Squares) {
        hw2[i0] += w[r] * w[r];
        hw2[width + i1] += w[r + 1] * w[r + 1];
        hw2[2 * width + i2] += w[r + 2] * w[r + 2];
        hw2[3 * width + i3] += w[r + 3] * w[r + 3];
      }
    }
    for (; r < end; ++r) {
      const std::size_t i = (std::size_t{cells[r]} << 8) | codes[r];
      w0[i] += w[r];
      ++n0[i];
      if constexpr (Squares) hw2[i] += w[r] * w[r];
    }
    // Flush the used entries (bytes 0..slots-1 and 0xFF of every cell) and clear them.
    for (std::size_t c = 0; c <= n_cells; ++c) {
      for (std::size_t s = 0; s <= slots; ++s) {
        const std::size_t b = s < slots ? s : 0xFF;
        const std::size_t i = (c << 8) | b;
        if (c < n_cells) {
          const std::size_t dst = unit_base + c * stride + s;
          sum_w[dst] += (w0[i] + w1[i]) + (w2[i] + w3[i]);
          count[dst] += std::int64_t{n0[i]} + n1[i] + n2[i] + n3[i];
          if constexpr (Squares)
            sum_w2[dst] += (hw2[i] + hw2[width + i]) + (hw2[2 * width + i] + hw2[3 * width + i]);
        }
        w0[i] = w1[i] = w2[i] = w3[i] = 0;
        n0[i] = n1[i] = n2[i] = n3[i] = 0;
        if constexpr (Squares) hw2[i] = hw2[width + i] = hw2[2 * width + i] = hw2[3 * width + i] = 0;
      }
    }
  }
}

// A read prefetch into every cache level.
void prefetch(const void* p) noexcept {
#if defined(__GNUC__) || defined(__clang__)
  __builtin_prefetch(p, 0, 3);
#else
  (void)p;
#endif
}

}  // namespace

void unit_runs(const std::uint32_t* unit, std::size_t n, std::vector<std::size_t>& runs,
               std::vector<std::uint32_t>& run_unit) {
  runs.clear();
  run_unit.clear();
  if (n > 0) {
    runs.push_back(0);
    run_unit.push_back(unit[0]);
  }
  constexpr std::size_t step = 64;
  for (std::size_t r = 1; r < n;) {
    if (r + step <= n) {
      std::uint32_t change = 0;  // a plain xor/or loop of fixed length: vectorised at -O2
      for (std::size_t j = 0; j < step; ++j) change |= unit[r + j] ^ unit[r + j - 1];
      if (change == 0) {
        r += step;
        continue;
      }
    }
    for (const std::size_t end = std::min(n, r + step); r < end; ++r)
      if (unit[r] != unit[r - 1]) {
        runs.push_back(r);
        run_unit.push_back(unit[r]);
      }
  }
  runs.push_back(n);
}

namespace {

// Adds the per-(key, slot) counts of every item (counts[i·keys·width + k·width + b], width =
// slots[i] + 1 within item i's part) into the unit's block, key k weighing weight(k).
template <class Weight>
void flush_keys(const weight_keys& keys, Weight weight, const std::int64_t* counts,
                const std::size_t* slots, const std::size_t* offsets, std::size_t n_items,
                std::size_t unit_base, std::size_t stride, double* sum_w, double* sum_w2,
                std::int64_t* count) {
  for (std::size_t i = 0; i < n_items; ++i) {
    const std::size_t width = slots[i] + 1;
    for (std::size_t k = 0; k < keys.size(); ++k) {
      const double wk = weight(k);
      const double wk2 = wk * wk;
      const std::size_t dst = unit_base + keys.cell(k) * stride + offsets[i];
      const std::int64_t* c = counts + k * width;
      for (std::size_t b = 0; b < width; ++b) {
        if (c[b] == 0) continue;
        const auto m = static_cast<double>(c[b]);
        sum_w[dst + b] += wk * m;
        if (sum_w2) sum_w2[dst + b] += wk2 * m;
        count[dst + b] += c[b];
      }
    }
    counts += keys.size() * width;
  }
}

// Counts every item of the run by the keys' last assignment into `counts` (layout as
// flush_keys). A run is a few thousand bytes of each column, too short for the hardware
// prefetcher to ramp up on (a 5,000-row run counted 1.7× slower without this): the next
// column's bytes are requested while this one is counted. Between items, `between(i)` runs
// (false stops the count and returns false).
template <class Between>
bool count_items(weight_keys& keys, std::size_t n, const std::uint8_t* const* codes,
                 const std::size_t* slots, std::size_t n_items, std::int64_t* counts,
                 Between between) {
  for (std::size_t i = 0; i < n_items; ++i) {
    if (i + 1 < n_items)
      for (std::size_t r = 0; r < n; r += 64) prefetch(codes[i + 1] + r);
    keys.count(codes[i], slots[i], counts);
    counts += keys.size() * (slots[i] + 1);
    if (!between(i)) return false;
  }
  return true;
}

}  // namespace

bool weigh_unit_keys(const std::uint8_t* cells, const double* w, std::size_t n,
                     std::size_t n_cells, const std::uint8_t* const* codes,
                     const std::size_t* slots, const std::size_t* offsets, std::size_t n_items,
                     std::size_t stride, std::size_t unit, double* sum_w, double* sum_w2,
                     std::int64_t* count, weight_keys& keys, std::vector<std::int64_t>& scratch,
                     cell_weight_check& check) {
  if (n_items == 0) return true;  // nothing to add
  const std::size_t unit_base = unit * n_cells * stride;
  std::size_t count_size = 0;
  for (std::size_t i = 0; i < n_items; ++i) count_size += slots[i] + 1;
  const auto counted = [&](std::size_t n_keys) {
    scratch.assign(n_keys * count_size, 0);
    return scratch.data();
  };
  // The common case, weights constant within each cell of the unit (design weights, or none):
  // the cells are the keys. The weights are read a slice per item — requested before the
  // item's count, compared after it — so that reading them overlaps the counting (in a
  // profile of the 2,000-PSU benchmark, the check took 0.41 of the counting's time when it
  // read a run's weights at once, under 0.2 a slice per item);
  // a first slice comes before any count, so that weights which vary from row to row send
  // the run to numbered keys at once.
  if (keys.assign_cells(cells, nullptr, n, n_cells)) {
    if (w == nullptr) {
      std::int64_t* counts = counted(keys.size());
      count_items(keys, n, codes, slots, n_items, counts, [](std::size_t) { return true; });
      flush_keys(keys, [](std::size_t) { return 1.0; }, counts, slots, offsets, n_items,
                 unit_base, stride, sum_w, sum_w2, count);
      return true;
    }
    check.start(cells, w, n, n_cells);
    const std::size_t first = std::min(n, std::size_t{256});
    if (check.check(0, first)) {
      std::int64_t* counts = counted(keys.size());
      const std::size_t rest = n - first;
      const auto slice_end = [&](std::size_t i) { return first + rest * (i + 1) / n_items; };
      const auto fetch = [&](std::size_t from, std::size_t to) {
        for (std::size_t r = from; r < to; r += 8) prefetch(w + r);
      };
      fetch(first, slice_end(0));
      const bool same = count_items(keys, n, codes, slots, n_items, counts, [&](std::size_t i) {
        if (i + 1 < n_items) fetch(slice_end(i), slice_end(i + 1));
        return check.check(i == 0 ? first : slice_end(i - 1), slice_end(i));
      });
      if (same) {
        flush_keys(keys, [&](std::size_t k) { return check.weight(k); }, counts, slots, offsets,
                   n_items, unit_base, stride, sum_w, sum_w2, count);
        return true;
      }
    }
  }
  // Several weights in a cell: numbered (cell, weight) keys, if there are few enough.
  if (w == nullptr || !keys.assign(cells, w, n, n_cells, n / 32)) return false;
  std::int64_t* counts = counted(keys.size());
  count_items(keys, n, codes, slots, n_items, counts, [](std::size_t) { return true; });
  flush_keys(keys, [&](std::size_t k) { return keys.weight(k); }, counts, slots, offsets,
             n_items, unit_base, stride, sum_w, sum_w2, count);
  return true;
}

weigh_scratch::weigh_scratch(std::size_t n_cells, bool squares) {
  if (n_cells > 16) return;  // too wide to stay in cache: the direct path only
  const std::size_t size = 4 * (n_cells + 1) * 256;
  w.assign(size, 0.0);
  n.assign(size, 0);
  if (squares) w2.assign(size, 0.0);
}

void weigh_units(const std::uint8_t* cells, const std::uint8_t* codes, const double* w,
                 const std::size_t* runs, const std::uint32_t* run_unit, std::size_t n_runs,
                 std::size_t n_cells, const std::uint8_t* slot_of, std::size_t slots,
                 std::size_t stride, std::size_t offset, double* sum_w, double* sum_w2,
                 std::int64_t* count, weigh_scratch& scratch) {
  if (sum_w2)
    weigh_units_impl<true>(cells, codes, w, runs, run_unit, n_runs, n_cells, slot_of, slots,
                           stride, offset, sum_w, sum_w2, count, scratch);
  else
    weigh_units_impl<false>(cells, codes, w, runs, run_unit, n_runs, n_cells, slot_of, slots,
                            stride, offset, sum_w, sum_w2, count, scratch);
}

}  // namespace cxgap::detail
