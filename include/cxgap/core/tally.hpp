// The tally: per item × group, counts per category (and weighted sums Σw, Σw² per category).
// It is the sufficient statistic of every independent-groups statistic in cxgap: one pass over
// a survey builds it, and tallies of disjoint respondents merge with += into the tally of their
// union, so partial tallies from threads, files and machines combine.
#ifndef CXGAP_CORE_TALLY_HPP
#define CXGAP_CORE_TALLY_HPP

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "cxgap/core/detail/tally_kernel.hpp"
#include "cxgap/core/group.hpp"
#include "cxgap/core/item.hpp"
#include "cxgap/core/survey.hpp"
#include "cxgap/error.hpp"
#include "cxgap/stats/counts.hpp"

namespace cxgap {

namespace detail {

/// Rows per block of a tally pass, for a tally of `tally_slots` counters: 2^16 rows, more for
/// wide tallies so that per-block partial tallies stay small beside the rows they sum. It
/// depends on the tally's shape only (never on the thread count): the blocks fix the order of
/// the weighted sums.
inline std::size_t tally_block_rows(std::size_t tally_slots) noexcept {
  return (std::size_t{1} << 16) * std::max<std::size_t>(1, (tally_slots + 4095) / 4096);
}

/// Buffers of a weighted block pass, reused from block to block.
struct tally_scratch {
  weight_keys keys;
  std::vector<double> w2;
  std::vector<const std::uint8_t*> columns;
  std::vector<std::size_t> slots;
  std::vector<double> storage;
  /// `size` zeroed doubles, 32-byte aligned (an accumulator of 4 doubles is one 32-byte
  /// line segment, never split across cache lines).
  double* zeroed(std::size_t size) {
    storage.assign(size + 4, 0.0);
    double* p = storage.data();
    while (reinterpret_cast<std::uintptr_t>(p) % 32 != 0) ++p;
    return p;
  }
};

}  // namespace detail

/// Counts per item × group × slot, where an item's slots are its scale's categories (in code
/// order), then its "don't know" codes, then one slot for missing responses. Counts are 64-bit
/// and exact; weighted sums (when the survey is weighted) are doubles.
class tally {
 public:
  tally() = default;

  /// An empty (all-zero) tally for these items and group names.
  tally(cxgap::codebook items, std::vector<std::string> groups, bool weighted)
      : codebook_(std::move(items)), groups_(std::move(groups)), weighted_(weighted) {
    offsets_.reserve(codebook_.size() + 1);
    std::size_t off = 0;
    for (const item& it : codebook_.items()) {
      offsets_.push_back(off);
      off += static_cast<std::size_t>(it.scale.slots() + 1) * groups_.size();
    }
    offsets_.push_back(off);
    counts_.assign(off, 0);
    respondents_.assign(groups_.size(), 0);
    if (weighted_) {
      sum_w_.assign(off, 0.0);
      sum_w2_.assign(off, 0.0);
      respondent_weight_.assign(groups_.size(), 0.0);
    }
  }

  const cxgap::codebook& codebook() const noexcept { return codebook_; }
  std::size_t item_count() const noexcept { return codebook_.size(); }
  const std::vector<std::string>& groups() const noexcept { return groups_; }
  bool weighted() const noexcept { return weighted_; }

  /// Index of a group by name; throws out_of_range naming the group if there is none.
  std::size_t group_index(std::string_view name) const {
    for (std::size_t g = 0; g < groups_.size(); ++g)
      if (groups_[g] == name) return g;
    std::string known;
    for (const auto& g : groups_) known += (known.empty() ? "'" : ", '") + g + "'";
    throw cxgap::out_of_range("cxgap::tally: no group '" + std::string(name) +
                              "' (groups: " + known + ")");
  }

  /// Counts of the substantive categories of an item in a group, in code order (min..max).
  count_view counts(std::size_t item, std::size_t group) const {
    return {counts_.data() + cell(item, group), static_cast<std::size_t>(scale_of(item).size())};
  }

  /// Counts of the substantive categories in ascending order of score (reverse coding applied):
  /// the input every statistic expects.
  std::vector<std::int64_t> scored_counts(std::size_t item, std::size_t group) const {
    const cxgap::scale& s = scale_of(item);
    const std::int64_t* c = counts_.data() + cell(item, group);
    std::vector<std::int64_t> out(static_cast<std::size_t>(s.size()));
    for (int b = 0; b < s.size(); ++b) out[static_cast<std::size_t>(s.score_rank(b))] = c[b];
    return out;
  }

  /// Counts of each "don't know" code (in the order the scale lists them).
  count_view dont_know_counts(std::size_t item, std::size_t group) const {
    const cxgap::scale& s = scale_of(item);
    return {counts_.data() + cell(item, group) + s.size(), s.dont_know_codes().size()};
  }
  /// Responses with any "don't know" code.
  std::int64_t dont_know(std::size_t item, std::size_t group) const {
    return dont_know_counts(item, group).total();
  }
  /// Missing responses.
  std::int64_t missing(std::size_t item, std::size_t group) const {
    return counts_[cell(item, group) + static_cast<std::size_t>(scale_of(item).slots())];
  }
  /// Respondents in the group (whether or not they answered any item).
  std::int64_t respondents(std::size_t group) const { return respondents_.at(group); }

  /// Σw per slot of an item × group (categories, don't-know codes, missing); nullptr if
  /// unweighted. The array has scale.slots() + 1 entries.
  const double* weight_sums(std::size_t item, std::size_t group) const {
    return weighted_ ? sum_w_.data() + cell(item, group) : nullptr;
  }
  /// Σw² per slot, as weight_sums.
  const double* weight_square_sums(std::size_t item, std::size_t group) const {
    return weighted_ ? sum_w2_.data() + cell(item, group) : nullptr;
  }
  /// Σw over the group's respondents (0 if unweighted).
  double respondent_weight(std::size_t group) const {
    return weighted_ ? respondent_weight_.at(group) : 0.0;
  }

  /// Adds a tally of disjoint respondents with the same items and groups. Counts add exactly;
  /// weighted sums add in floating point. Throws invalid_argument if the shapes differ.
  tally& operator+=(const tally& o) {
    if (!codebook_.compatible(o.codebook_) || groups_ != o.groups_ || weighted_ != o.weighted_)
      throw cxgap::invalid_argument(
          "cxgap::tally::operator+=: tallies differ in items, groups or weighting");
    fold(o);
    return *this;
  }

  friend tally operator+(tally a, const tally& b) { return a += b; }

  /// Adds group `from` of another tally (same items) into group `group` of this one, e.g. to
  /// pool "executives" and "employees" into "organisation". Throws if the items differ.
  void merge_group(std::size_t group, const tally& other, std::size_t from) {
    if (!codebook_.compatible(other.codebook_) || weighted_ != other.weighted_)
      throw cxgap::invalid_argument(
          "cxgap::tally::merge_group: tallies differ in items or weighting");
    for (std::size_t i = 0; i < codebook_.size(); ++i) {
      const std::size_t dst = cell(i, group);
      const std::size_t src = other.cell(i, from);
      const auto width = static_cast<std::size_t>(codebook_[i].scale.slots() + 1);
      for (std::size_t k = 0; k < width; ++k) counts_[dst + k] += other.counts_[src + k];
      if (weighted_) {
        for (std::size_t k = 0; k < width; ++k) {
          sum_w_[dst + k] += other.sum_w_[src + k];
          sum_w2_[dst + k] += other.sum_w2_[src + k];
        }
      }
    }
    respondents_.at(group) += other.respondents_.at(from);
    if (weighted_) respondent_weight_.at(group) += other.respondent_weight_.at(from);
  }

  /// Same shape and the same counts and sums.
  friend bool operator==(const tally& a, const tally& b) {
    return a.codebook_.compatible(b.codebook_) && a.groups_ == b.groups_ &&
           a.weighted_ == b.weighted_ && a.counts_ == b.counts_ &&
           a.respondents_ == b.respondents_ && a.sum_w_ == b.sum_w_ &&
           a.sum_w2_ == b.sum_w2_ && a.respondent_weight_ == b.respondent_weight_;
  }
  friend bool operator!=(const tally& a, const tally& b) { return !(a == b); }

  /// Adds rows [first, last) of a survey, with each row's cell given by `cells` (values below
  /// `groups().size()` name a group; any other value leaves the row out), using `threads`
  /// threads (0: one per hardware thread). Rows are tallied in fixed blocks (tally_block_rows,
  /// set by the tally's shape, never by the thread count) whose tallies are added in block
  /// order, so the result, weighted sums included, is bit-identical for any thread count and
  /// any kernel (docs/tally.md). Throws invalid_argument if the survey has other items or there
  /// are more than 254 groups, out_of_range if the rows are past the survey's end.
  void accumulate(const survey& s, const std::uint8_t* cells, std::size_t first,
                  std::size_t last, unsigned threads = 1);

 private:
  // The tally of rows [first, last) (at most one block) added into this all-zero tally.
  void add_block(const survey& s, const std::uint8_t* cells, std::size_t first,
                 std::size_t last, detail::tally_scratch& scratch);
  // The weighted part of add_block: counts, Σw, Σw² and respondents' Σw of rows
  // [first, first + n), whose cells start at cl.
  void add_weighted_block(const survey& s, const std::uint8_t* cl, std::size_t first,
                          std::size_t n, detail::tally_scratch& scratch);
  // += without the shape check (the parts of one pass share the shape by construction).
  void fold(const tally& o) noexcept;
  // Every count and sum back to zero.
  void clear() noexcept;
  // accumulate with threads > 1 (src/tally.cpp).
  void accumulate_parallel(const survey& s, const std::uint8_t* cells, std::size_t first,
                           std::size_t last, unsigned threads);

  std::size_t cell(std::size_t item, std::size_t group) const {
    if (item >= codebook_.size())
      throw cxgap::out_of_range("cxgap::tally: item index " + std::to_string(item) +
                                " is past the last item");
    if (group >= groups_.size())
      throw cxgap::out_of_range("cxgap::tally: group index " + std::to_string(group) +
                                " is past the last group");
    return offsets_[item] +
           group * static_cast<std::size_t>(codebook_[item].scale.slots() + 1);
  }
  const cxgap::scale& scale_of(std::size_t item) const { return codebook_[item].scale; }

  cxgap::codebook codebook_;
  std::vector<std::string> groups_;
  bool weighted_ = false;
  std::vector<std::size_t> offsets_;
  std::vector<std::int64_t> counts_;
  std::vector<std::int64_t> respondents_;
  std::vector<double> sum_w_;
  std::vector<double> sum_w2_;
  std::vector<double> respondent_weight_;
};

inline void tally::fold(const tally& o) noexcept {
  for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += o.counts_[i];
  for (std::size_t g = 0; g < respondents_.size(); ++g) respondents_[g] += o.respondents_[g];
  for (std::size_t i = 0; i < sum_w_.size(); ++i) {
    sum_w_[i] += o.sum_w_[i];
    sum_w2_[i] += o.sum_w2_[i];
  }
  for (std::size_t g = 0; g < respondent_weight_.size(); ++g)
    respondent_weight_[g] += o.respondent_weight_[g];
}

inline void tally::clear() noexcept {
  std::fill(counts_.begin(), counts_.end(), 0);
  std::fill(respondents_.begin(), respondents_.end(), 0);
  std::fill(sum_w_.begin(), sum_w_.end(), 0.0);
  std::fill(sum_w2_.begin(), sum_w2_.end(), 0.0);
  std::fill(respondent_weight_.begin(), respondent_weight_.end(), 0.0);
}

inline void tally::add_block(const survey& s, const std::uint8_t* cells, std::size_t first,
                             std::size_t last, detail::tally_scratch& scratch) {
  const std::size_t n = last - first;
  const std::size_t n_cells = groups_.size();
  const std::uint8_t* cl = cells + first;
  // Counts (and weighted sums) of every item, straight into this zeroed tally.
  if (!weighted_) {
    for (std::size_t i = 0; i < codebook_.size(); ++i)
      detail::count_codes(cl, s.responses(i) + first, n, n_cells,
                          static_cast<std::size_t>(codebook_[i].scale.slots()),
                          counts_.data() + offsets_[i]);
  } else {
    add_weighted_block(s, cl, first, n, scratch);
  }
  if (codebook_.size() != 0) {
    // Every row of a group has one slot (a category, a special code or missing) in every
    // item, so the first item's slots sum to the group's respondents; no second pass.
    const auto width = static_cast<std::size_t>(codebook_[0].scale.slots() + 1);
    for (std::size_t g = 0; g < n_cells; ++g)
      for (std::size_t b = 0; b < width; ++b)
        respondents_[g] += counts_[offsets_[0] + g * width + b];
  } else {
    for (std::size_t r = 0; r < n; ++r)
      if (cl[r] < n_cells) ++respondents_[cl[r]];
  }
}

inline void tally::add_weighted_block(const survey& s, const std::uint8_t* cl,
                                      std::size_t first, std::size_t n,
                                      detail::tally_scratch& scratch) {
  const std::size_t n_cells = groups_.size();
  const double* w = s.weights().data() + first;
  const std::size_t n_items = codebook_.size();
  scratch.columns.resize(n_items);
  scratch.slots.resize(n_items);
  std::size_t stride = 1;
  for (std::size_t i = 0; i < n_items; ++i) {
    scratch.columns[i] = s.responses(i) + first;
    scratch.slots[i] = static_cast<std::size_t>(codebook_[i].scale.slots());
    stride = std::max(stride, scratch.slots[i] + 1);
  }
  double* acc = scratch.zeroed(detail::weigh_rows_size(n_items, n_cells, stride));
  // Few distinct (group, weight) pairs in the block — the usual case — make it integer counts
  // per pair (docs/tally.md, "Weight keys"); the per-pair products are cheap while the pairs
  // are few beside the rows.
  const std::size_t key_limit = std::min<std::size_t>(16384, n / 4) / stride;
  if (n_items > 0 && key_limit > 0 && scratch.keys.assign(cl, w, n, n_cells, key_limit)) {
    detail::weigh_keys(scratch.keys, scratch.columns.data(), scratch.slots.data(), n_items,
                       n_cells, stride, acc, respondent_weight_.data());
  } else {
    // w² is computed here, once per row, as a plain product (never fused into an add), and
    // the kernel sums count, Σw and Σw² per (item, cell, slot) in row order.
    scratch.w2.resize(n);
    for (std::size_t r = 0; r < n; ++r) {
      scratch.w2[r] = w[r] * w[r];
      if (cl[r] < n_cells) respondent_weight_[cl[r]] += w[r];
    }
    detail::weigh_rows(cl, w, scratch.w2.data(), n, n_cells, scratch.columns.data(),
                       scratch.slots.data(), n_items, stride, acc);
  }
  for (std::size_t i = 0; i < n_items; ++i) {
    for (std::size_t g = 0; g < n_cells; ++g) {
      const double* a = acc + 4 * (i * (n_cells + 1) + g) * stride;
      const std::size_t dst = cell(i, g);
      for (std::size_t b = 0; b <= scratch.slots[i]; ++b) {
        counts_[dst + b] = static_cast<std::int64_t>(a[4 * b]);
        sum_w_[dst + b] = a[4 * b + 1];
        sum_w2_[dst + b] = a[4 * b + 2];
      }
    }
  }
}

inline void tally::accumulate(const survey& s, const std::uint8_t* cells, std::size_t first,
                              std::size_t last, unsigned threads) {
  if (!s.codebook().compatible(codebook_))
    throw cxgap::invalid_argument("cxgap::tally::accumulate: the survey has other items");
  if (first > last || last > s.size())
    throw cxgap::out_of_range("cxgap::tally::accumulate: row range past the survey");
  if (groups_.size() > 254)
    throw cxgap::invalid_argument("cxgap::tally::accumulate: more than 254 groups");
  const std::size_t block = detail::tally_block_rows(counts_.size());
  if (threads != 1 && last - first > block)
    return accumulate_parallel(s, cells, first, last, threads);
  // One block at a time into `part`, added in block order: the same sums as any thread count.
  tally part(codebook_, groups_, weighted_);
  detail::tally_scratch scratch;
  for (std::size_t b = first; b < last; b += block) {
    part.clear();
    part.add_block(s, cells, b, std::min(last, b + block), scratch);
    fold(part);
  }
}

/// Tallies every item by the survey's own group labels (one group per label), in one pass
/// on `threads` threads (0: one per hardware thread); the result does not depend on it.
inline tally make_tally(const survey& s, unsigned threads = 1) {
  tally t(s.codebook(), s.group_labels(), s.weighted());
  t.accumulate(s, s.group_codes(), 0, s.size(), threads);
  return t;
}

/// Tallies every item for each of `groups`, in one pass. The groups may overlap (e.g.
/// "executives" and "organisation"): respondents are tallied once per distinct combination of
/// memberships and the combinations are summed into the groups, which is exact because
/// tallies are additive. Throws invalid_argument if two groups share a name or there are more
/// than 254 distinct membership combinations. `threads` as for make_tally(survey).
inline tally make_tally(const survey& s, const std::vector<respondent_group>& groups,
                        unsigned threads = 1) {
  const std::size_t n_groups = groups.size();
  for (std::size_t a = 0; a < n_groups; ++a)
    for (std::size_t b = a + 1; b < n_groups; ++b)
      if (groups[a].name() == groups[b].name())
        throw cxgap::invalid_argument("cxgap::make_tally: two groups are named '" +
                                      groups[a].name() + "'");
  if (n_groups > 64)
    throw cxgap::invalid_argument("cxgap::make_tally: more than 64 groups in one tally");
  // Membership pattern of every respondent, then one cell per distinct non-empty pattern.
  std::vector<std::uint64_t> pattern(s.size(), 0);
  for (std::size_t g = 0; g < n_groups; ++g) {
    const std::vector<std::uint8_t> mask = groups[g].select(s);
    for (std::size_t r = 0; r < s.size(); ++r)
      pattern[r] |= std::uint64_t{mask[r]} << g;
  }
  std::unordered_map<std::uint64_t, std::uint8_t> cell_of_pattern;
  std::vector<std::uint64_t> patterns;
  std::vector<std::uint8_t> cells(s.size(), no_group);
  for (std::size_t r = 0; r < s.size(); ++r) {
    if (pattern[r] == 0) continue;
    auto [it, added] =
        cell_of_pattern.emplace(pattern[r], static_cast<std::uint8_t>(patterns.size()));
    if (added) {
      if (patterns.size() == 254)
        throw cxgap::invalid_argument(
            "cxgap::make_tally: more than 254 distinct combinations of overlapping groups");
      patterns.push_back(pattern[r]);
    }
    cells[r] = it->second;
  }
  std::vector<std::string> atom_names(patterns.size());
  for (std::size_t a = 0; a < patterns.size(); ++a) atom_names[a] = std::to_string(a);
  tally atoms(s.codebook(), atom_names, s.weighted());
  atoms.accumulate(s, cells.data(), 0, s.size(), threads);

  std::vector<std::string> names;
  for (const auto& g : groups) names.push_back(g.name());
  tally result(s.codebook(), std::move(names), s.weighted());
  for (std::size_t a = 0; a < patterns.size(); ++a)
    for (std::size_t g = 0; g < n_groups; ++g)
      if (patterns[a] >> g & 1u) result.merge_group(g, atoms, a);
  return result;
}

}  // namespace cxgap

#endif  // CXGAP_CORE_TALLY_HPP
