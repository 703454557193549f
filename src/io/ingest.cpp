// From a table_reader to a tally (see io/ingest.hpp and docs/io.md).
//
// ingest() validates each row, encodes it into a chunk of columnar survey (one byte per
// response), and every `chunk_rows` rows adds the chunk to the result tally and starts the chunk
// again. Group labels get codes in order of first appearance in the whole file, kept across
// chunks, so every chunk's group column means the same thing and the result tally only ever
// grows by new groups at the end.
//
// Item fields of at most two bytes (one digit, blank, "10") are decided by a per-item table
// filled once from the general path's own decision (decide_code), so the hot loop does a lookup
// and an addition per field; anything else, and every error in strict mode, takes the general
// path (see short_field below and docs/io.md).
#include "cxgap/io/ingest.hpp"
#include "cxgap/io/ingest_pairs.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

#include "cxgap/core/survey.hpp"
#include "cxgap/error.hpp"
#include "cxgap/io/detail/parse_code.hpp"

namespace cxgap::io {

namespace {

// ---- parsing ------------------------------------------------------------------------------

using detail::code_status;
using detail::parse_code;
using detail::parsed_code;
using detail::trim;

// A weight: a finite, non-negative decimal number. Returns an explanation when it is not one.
std::optional<std::string> parse_weight(std::string_view raw, double& w) {
  std::string_view s = trim(raw);
  if (s.empty()) return std::string("the weight is empty");
  if (s.size() > 1 && s[0] == '+' && s[1] != '-') s.remove_prefix(1);
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), w);
  if (ec != std::errc() || end != s.data() + s.size()) {
    if (ec == std::errc::result_out_of_range && end == s.data() + s.size())
      return std::string("the weight is not finite");
    return std::string("the weight is not a number");
  }
  if (!std::isfinite(w)) return std::string("the weight is not finite");
  if (w < 0) return std::string("the weight is negative");
  return std::nullopt;
}

// A finite decimal number (numeric items, fpc). Returns false when it is not one.
bool parse_real(std::string_view raw, double& x) {
  std::string_view s = trim(raw);
  if (s.size() > 1 && s[0] == '+' && s[1] != '-') s.remove_prefix(1);
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
  return !s.empty() && ec == std::errc() && end == s.data() + s.size() && std::isfinite(x);
}

// ---- columns --------------------------------------------------------------------------------

std::string column_list(const std::vector<column_info>& cols) {
  constexpr std::size_t shown = 40;
  std::string s;
  for (std::size_t c = 0; c < cols.size() && c < shown; ++c)
    s += (c == 0 ? "'" : ", '") + cols[c].name + "'";
  if (cols.size() > shown) s += ", ... (" + std::to_string(cols.size() - shown) + " more)";
  return s;
}

// Index of the first column with this name; input_error(unknown_column) if there is none.
std::size_t column_index(const table_reader& reader, const std::string& name,
                         const std::string& role) {
  const auto& cols = reader.columns();
  for (std::size_t c = 0; c < cols.size(); ++c)
    if (cols[c].name == name) return c;
  throw input_error(input_errc::unknown_column, {reader.file(), 0, name, ""},
                    "the " + role + " column is not in the file; its columns are " +
                        column_list(cols));
}

// The metadata columns of a Qualtrics export: never inferred as items.
bool is_qualtrics_metadata(const std::string& name) {
  static const char* const names[] = {
      "StartDate",        "EndDate",           "Status",
      "IPAddress",        "Progress",          "Duration (in seconds)",
      "Finished",         "RecordedDate",      "ResponseId",
      "RecipientLastName", "RecipientFirstName", "RecipientEmail",
      "ExternalReference", "LocationLatitude", "LocationLongitude",
      "DistributionChannel", "UserLanguage",   "Q_RecaptchaScore",
      "Q_RelevantIDDuplicate", "Q_RelevantIDDuplicateScore", "Q_RelevantIDFraudScore",
      "Q_RelevantIDLastStartDate"};
  for (const char* n : names)
    if (name == n) return true;
  return false;
}

bool has_labels(const cxgap::scale& s) {
  for (int c = s.min(); c <= s.max(); ++c)
    if (!s.label(c).empty()) return true;
  return false;
}

// The scale with the column's value labels for its codes, if it has none of its own.
cxgap::scale with_value_labels(const cxgap::scale& s, const column_info& col) {
  if (col.value_labels.empty() || has_labels(s)) return s;
  std::vector<std::string> labels(static_cast<std::size_t>(s.size()));
  bool any = false;
  for (int c = s.min(); c <= s.max(); ++c) {
    const auto it = col.value_labels.find(c);
    if (it == col.value_labels.end()) continue;
    labels[static_cast<std::size_t>(c - s.min())] = it->second;
    any = true;
  }
  return any ? s.with_labels(std::move(labels)) : s;
}

bool is_missing_code(const column_info& col, std::int64_t code) {
  return !col.missing_codes.empty() &&
         std::find(col.missing_codes.begin(), col.missing_codes.end(), code) !=
             col.missing_codes.end();
}

std::string default_text(const column_info& col) {
  return col.label.empty() ? col.name : col.label;
}

std::string scale_range(const cxgap::scale& s) {
  std::string r = std::to_string(s.min()) + ".." + std::to_string(s.max());
  if (!s.dont_know_codes().empty()) {
    r += " (don't know:";
    for (int c : s.dont_know_codes()) r += " " + std::to_string(c);
    r += ")";
  }
  return r;
}

// ---- inference --------------------------------------------------------------------------------

struct column_stats {
  bool numeric = true;
  bool any = false;
  std::int64_t lo = 0;
  std::int64_t hi = 0;
  std::int64_t bad_row = 0;  // first non-integer value
  std::string bad_value;
};

// The scale of observed codes lo..hi (lo < hi): 0..10 is NPS; the column's value labels widen
// the range when their codes contain every observed code within `max_span`.
cxgap::scale observed_scale(std::int64_t lo, std::int64_t hi, const column_info& col,
                            std::int64_t max_span) {
  std::int64_t label_lo = std::numeric_limits<std::int64_t>::max();
  std::int64_t label_hi = std::numeric_limits<std::int64_t>::min();
  for (const auto& [code, text] : col.value_labels) {
    if (is_missing_code(col, code)) continue;
    label_lo = std::min(label_lo, code);
    label_hi = std::max(label_hi, code);
  }
  if (label_lo <= lo && label_hi >= hi && label_hi - label_lo <= max_span) {
    lo = label_lo;
    hi = label_hi;
  }
  const cxgap::scale s = lo == 0 && hi == 10 ? cxgap::scale::nps()
                                             : cxgap::scale::likert(static_cast<int>(lo),
                                                                    static_cast<int>(hi));
  return with_value_labels(s, col);
}

}  // namespace

survey_spec infer_spec(table_reader& reader, survey_spec spec) {
  const auto& cols = reader.columns();
  std::vector<bool> role(cols.size(), false);
  if (!spec.group.empty()) role[column_index(reader, spec.group, "group")] = true;
  if (!spec.weight.empty()) role[column_index(reader, spec.weight, "weight")] = true;
  if (!spec.stratum.empty()) role[column_index(reader, spec.stratum, "stratum")] = true;
  if (!spec.cluster.empty()) role[column_index(reader, spec.cluster, "cluster")] = true;
  if (!spec.cluster2.empty()) role[column_index(reader, spec.cluster2, "cluster2")] = true;
  if (!spec.fpc.empty()) role[column_index(reader, spec.fpc, "fpc")] = true;
  if (!spec.fpc2.empty()) role[column_index(reader, spec.fpc2, "fpc2")] = true;
  for (const std::string& c : spec.numerics) role[column_index(reader, c, "numeric item")] = true;
  if (!spec.wave.empty()) role[column_index(reader, spec.wave, "wave")] = true;
  for (const std::string& s : spec.segments) role[column_index(reader, s, "segment")] = true;

  // Which columns to look at: every candidate, or the declared items without a scale.
  std::vector<std::size_t> scan;
  std::vector<std::size_t> item_column(spec.items.size());
  for (std::size_t i = 0; i < spec.items.size(); ++i) {
    item_column[i] = column_index(reader, spec.items[i].column, "item");
    if (!spec.items[i].scale) scan.push_back(item_column[i]);
  }
  const bool infer_items = spec.items.empty();
  if (infer_items) {
    for (std::size_t c = 0; c < cols.size(); ++c) {
      if (role[c] || is_qualtrics_metadata(cols[c].name)) continue;
      bool first = true;  // only the first of several columns with one name
      for (std::size_t k = 0; k < c; ++k) first = first && cols[k].name != cols[c].name;
      if (first) scan.push_back(c);
    }
  }
  std::sort(scan.begin(), scan.end());
  scan.erase(std::unique(scan.begin(), scan.end()), scan.end());
  if (scan.empty()) return spec;

  std::vector<column_stats> stats(cols.size());
  std::vector<std::size_t> active = scan;  // columns still all-integer
  std::vector<std::string_view> fields;
  while (reader.next(fields) && !active.empty()) {
    std::size_t kept = 0;
    for (std::size_t k = 0; k < active.size(); ++k) {
      const std::size_t c = active[k];
      column_stats& st = stats[c];
      const parsed_code v = parse_code(fields[c]);
      if (v.status == code_status::non_numeric) {
        st.numeric = false;
        st.bad_row = reader.row();
        st.bad_value = std::string(fields[c]);
        continue;  // drop from `active`
      }
      active[kept++] = c;
      if (v.status == code_status::empty || is_missing_code(cols[c], v.value)) continue;
      if (!st.any) {
        st.any = true;
        st.lo = st.hi = v.value;
      } else {
        st.lo = std::min(st.lo, v.value);
        st.hi = std::max(st.hi, v.value);
      }
    }
    active.resize(kept);
  }

  // Declared items without a scale: their observed range, or an error saying why there is none.
  for (std::size_t i = 0; i < spec.items.size(); ++i) {
    item_spec& it = spec.items[i];
    const std::size_t c = item_column[i];
    if (it.id.empty()) it.id = it.column;
    if (it.text.empty()) it.text = default_text(cols[c]);
    if (it.scale) continue;
    const column_stats& st = stats[c];
    if (!st.numeric)
      throw input_error(input_errc::non_numeric_code,
                        {reader.file(), st.bad_row, it.column, st.bad_value},
                        "is not an integer code, so no scale can be inferred for item '" + it.id +
                            "'; declare its scale");
    constexpr std::int64_t max_span = max_scale_slots - 1;
    if (!st.any || st.lo == st.hi || st.hi - st.lo > max_span ||
        st.lo < std::numeric_limits<int>::min() || st.hi > std::numeric_limits<int>::max())
      throw input_error(
          input_errc::code_outside_scale, {reader.file(), 0, it.column, ""},
          "no scale can be inferred for item '" + it.id + "': " +
              (!st.any ? std::string("the column has no codes")
               : st.lo == st.hi
                   ? "every code is " + std::to_string(st.lo)
                   : "its codes span " + std::to_string(st.lo) + ".." + std::to_string(st.hi) +
                         ", more than 255 categories") +
              "; declare its scale");
    it.scale = observed_scale(st.lo, st.hi, cols[c], max_span);
  }

  if (infer_items) {
    for (const std::size_t c : scan) {
      const column_stats& st = stats[c];
      if (!st.numeric || !st.any || st.lo == st.hi || st.hi - st.lo > 10 ||
          st.lo < std::numeric_limits<int>::min() || st.hi > std::numeric_limits<int>::max())
        continue;
      spec.items.push_back({cols[c].name, cols[c].name, default_text(cols[c]),
                            observed_scale(st.lo, st.hi, cols[c], 10)});
    }
  }
  return spec;
}

namespace {

// One item column as ingest reads it.
struct item_reader {
  std::size_t column;
  const cxgap::scale* scale;
  const column_info* info;
  bool user_missing;        // the column has user-missing codes
  std::uint8_t* responses;  // the chunk's response bytes of this item
  std::string id;
};

// What the rules of docs/io.md make of an item's field: the response byte and what it counts as.
enum class code_kind : std::uint8_t { valid, missing, dont_know, out_of_scale, non_numeric };

struct decided_code {
  code_kind kind;
  std::uint8_t byte;  // missing_byte unless valid or dont_know
};

// The one place where a field becomes a response: the general path calls it for every field the
// short-field tables do not decide, and the tables are filled by calling it.
decided_code decide_code(const item_reader& it, std::string_view field) noexcept {
  const parsed_code v = parse_code(field);
  if (v.status == code_status::empty) return {code_kind::missing, missing_byte};
  if (v.status == code_status::non_numeric) return {code_kind::non_numeric, missing_byte};
  const cxgap::scale& s = *it.scale;
  const int b = v.value >= std::numeric_limits<int>::min() &&
                        v.value <= std::numeric_limits<int>::max()
                    ? s.encode(static_cast<int>(v.value))
                    : -1;
  // A declared don't-know code wins over a user-missing code, which wins over the scale.
  if (b >= s.size()) return {code_kind::dont_know, static_cast<std::uint8_t>(b)};
  if (it.user_missing && is_missing_code(*it.info, v.value))
    return {code_kind::missing, missing_byte};  // user-missing (SPSS): read as missing
  if (b >= 0) return {code_kind::valid, static_cast<std::uint8_t>(b)};
  return {code_kind::out_of_scale, missing_byte};
}

// The short-field tables: for every field of at most two bytes that can be decided without its
// text (the empty field, one byte, two digits), a packed entry = the response byte (bits 52-59)
// plus a one in the 13-bit lane of what it counts (missing: bit 0, don't know: 13, out of scale:
// 26, non-numeric: 39; the order of code_kind). Adding the entries of a row's fields adds its
// counts lane by lane (a row of fewer than 2^13 items cannot carry across lanes) and never
// touches the lanes with the bytes. An entry with the `general` bit sends the field to the
// general path: fields longer than two bytes, and in strict mode the values that are errors (the
// error names the value).
namespace short_field {
constexpr std::uint64_t general = std::uint64_t{1} << 63;
constexpr unsigned lane_bits = 13;
constexpr std::uint64_t lane_mask = (std::uint64_t{1} << lane_bits) - 1;
constexpr unsigned byte_shift = 52;
constexpr std::size_t max_items = lane_mask;  // items per row the lanes can count
constexpr std::size_t empty_index = 256;       // entries 0-255: one-byte fields by their byte
constexpr std::size_t two_digits_index = 257;  // then "00".."99" by their value
constexpr std::size_t size = two_digits_index + 100;

inline std::uint64_t entry(const decided_code& d, bool lenient) noexcept {
  if (!lenient && (d.kind == code_kind::out_of_scale || d.kind == code_kind::non_numeric))
    return general;
  const std::uint64_t byte = std::uint64_t{d.byte} << byte_shift;
  if (d.kind == code_kind::valid) return byte;  // counted nowhere
  const auto lane = static_cast<unsigned>(d.kind) - 1;
  return byte | std::uint64_t{1} << (lane_bits * lane);
}
}  // namespace short_field

// The table of an item (short_field::size entries).
std::vector<std::uint64_t> short_field_table(const item_reader& it, bool lenient) {
  std::vector<std::uint64_t> t(short_field::size);
  for (int c = 0; c < 256; ++c) {
    const char byte = static_cast<char>(c);
    t[static_cast<std::size_t>(c)] =
        short_field::entry(decide_code(it, std::string_view(&byte, 1)), lenient);
  }
  t[short_field::empty_index] = short_field::entry(decide_code(it, {}), lenient);
  for (int v = 0; v < 100; ++v) {
    const char digits[2] = {static_cast<char>('0' + v / 10), static_cast<char>('0' + v % 10)};
    t[short_field::two_digits_index + static_cast<std::size_t>(v)] =
        short_field::entry(decide_code(it, std::string_view(digits, 2)), lenient);
  }
  return t;
}

// The table entry of a field, or short_field::general.
inline std::uint64_t short_field_entry(const std::uint64_t* table, std::string_view f) noexcept {
  const std::size_t len = f.size();
  if (len == 1) return table[static_cast<unsigned char>(f[0])];
  if (len == 0) return table[short_field::empty_index];
  if (len == 2) {
    const auto hi = static_cast<unsigned>(static_cast<unsigned char>(f[0]) - '0');
    const auto lo = static_cast<unsigned>(static_cast<unsigned char>(f[1]) - '0');
    if (hi < 10 && lo < 10) return table[short_field::two_digits_index + 10 * hi + lo];
  }
  return short_field::general;
}

// Where an item's field is read and its byte written, for the row loop.
struct item_slot {
  std::size_t column;
  std::uint8_t* responses;
};

// Encodes items [j, n) of row r from their short-field tables (n tables of short_field::size
// entries, the first for item 0) and adds their count lanes to `counted`, stopping at the first
// field the tables leave to the general path. Returns that item, or n. Kept out of ingest()'s
// large body so that the loop's state stays in registers.
CXGAP_IO_NOINLINE std::size_t encode_short_fields(const std::string_view* fields,
                                                  const item_slot* items, std::size_t j,
                                                  std::size_t n, const std::uint64_t* tables,
                                                  std::size_t r, std::uint64_t& counted) noexcept {
  std::uint64_t sum = 0;
  for (; j < n; ++j) {
    const std::uint64_t e =
        short_field_entry(tables + j * short_field::size, fields[items[j].column]);
    if (e == short_field::general) break;
    items[j].responses[r] = static_cast<std::uint8_t>(e >> short_field::byte_shift);
    sum += e;
  }
  counted += sum;
  return j;
}

// Whether two strings of n bytes are equal: a few word compares for short labels.
inline bool same_bytes(const char* a, const char* b, std::size_t n) noexcept {
  if (n >= 8) {
    for (std::size_t i = 0; i + 8 <= n; i += 8) {
      std::uint64_t x, y;
      std::memcpy(&x, a + i, 8);
      std::memcpy(&y, b + i, 8);
      if (x != y) return false;
    }
    std::uint64_t x, y;  // the last 8 bytes (overlapping the loop's when n is not a multiple of 8)
    std::memcpy(&x, a + n - 8, 8);
    std::memcpy(&y, b + n - 8, 8);
    return x == y;
  }
  if (n >= 4) {
    std::uint32_t x, y, u, v;
    std::memcpy(&x, a, 4);
    std::memcpy(&y, b, 4);
    std::memcpy(&u, a + n - 4, 4);
    std::memcpy(&v, b + n - 4, 4);
    return x == y && u == v;
  }
  for (std::size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return false;
  return true;
}

// Up to 8 bytes of a label: all of a label of at most 8 bytes, which with its length is the label.
inline std::uint64_t label_key(std::string_view s) noexcept {
  const std::size_t n = s.size();
  if (n >= 8) {
    std::uint64_t k;
    std::memcpy(&k, s.data(), 8);
    return k;
  }
  if (n >= 4) {  // the first and the last 4 bytes
    std::uint32_t lo, hi;
    std::memcpy(&lo, s.data(), 4);
    std::memcpy(&hi, s.data() + n - 4, 4);
    return lo | std::uint64_t{hi} << 32;
  }
  std::uint64_t k = 0;
  for (std::size_t i = 0; i < n; ++i) k |= std::uint64_t{static_cast<unsigned char>(s[i])} << 8 * i;
  return k;
}

// Group labels with codes in order of first appearance, kept across chunks.
class group_table {
 public:
  // Code of a label, adding it if new; returns -1 if it would be the 255th label.
  int code(std::string_view label) {
    const std::uint64_t key = label_key(label);
    const std::size_t n = label.size();
    if (labels_.size() <= few) {
      // A few labels (the usual audiences): the candidate without a branch per label, which
      // would be mispredicted on every row of a file whose groups are mixed.
      std::size_t found = labels_.size();
      for (std::size_t g = 0; g < keys_.size(); ++g)
        found = keys_[g] == key && sizes_[g] == n ? g : found;
      if (found < labels_.size() && (n <= 8 || is(found, label))) return static_cast<int>(found);
    }
    for (std::size_t g = 0; g < labels_.size(); ++g)
      if (keys_[g] == key && is(g, label)) return static_cast<int>(g);
    if (labels_.size() >= max_groups) return -1;
    labels_.emplace_back(label);
    keys_.push_back(key);
    sizes_.push_back(n);
    return static_cast<int>(labels_.size() - 1);
  }
  const std::vector<std::string>& labels() const noexcept { return labels_; }

  static constexpr std::size_t max_groups = 254;  // tally::accumulate's limit

 private:
  static constexpr std::size_t few = 8;

  bool is(std::size_t g, std::string_view label) const noexcept {
    return labels_[g].size() == label.size() &&
           same_bytes(labels_[g].data(), label.data(), label.size());
  }

  std::vector<std::string> labels_;
  std::vector<std::uint64_t> keys_;  // label_key of each label
  std::vector<std::size_t> sizes_;
};

}  // namespace

ingest_result ingest(table_reader& reader, const survey_spec& spec,
                     const ingest_options& options) {
  const char* fn = "cxgap::io::ingest";
  if (spec.group.empty())
    throw cxgap::invalid_argument(std::string(fn) +
                                  ": spec.group is empty, but a group column is required");
  if (options.chunk_rows == 0)
    throw cxgap::invalid_argument(std::string(fn) +
                                  ": options.chunk_rows is 0, but must be positive");
  const std::string& file = reader.file();
  const auto& cols = reader.columns();

  const std::size_t group_col = column_index(reader, spec.group, "group");
  const bool weighted = !spec.weight.empty();
  const std::size_t weight_col = weighted ? column_index(reader, spec.weight, "weight") : 0;
  const bool has_stratum = !spec.stratum.empty();
  const std::size_t stratum_col = has_stratum ? column_index(reader, spec.stratum, "stratum") : 0;
  const bool has_cluster = !spec.cluster.empty();
  const std::size_t cluster_col = has_cluster ? column_index(reader, spec.cluster, "cluster") : 0;
  const bool has_wave = !spec.wave.empty();
  const std::size_t wave_col = has_wave ? column_index(reader, spec.wave, "wave") : 0;
  std::string wave_label;  // "<group> @ <wave>", reused across rows
  std::vector<std::size_t> segment_cols;
  for (const std::string& s : spec.segments)
    segment_cols.push_back(column_index(reader, s, "segment"));
  // The design (design-based specs): its columns, the builder that numbers the tally units
  // while the file streams by, and each chunk row's unit.
  const bool by_design = design_based(spec);
  const bool has_cluster2 = !spec.cluster2.empty();
  const std::size_t cluster2_col = has_cluster2 ? column_index(reader, spec.cluster2, "cluster2") : 0;
  const bool has_fpc = !spec.fpc.empty();
  const std::size_t fpc_col = has_fpc ? column_index(reader, spec.fpc, "fpc") : 0;
  const bool has_fpc2 = !spec.fpc2.empty();
  const std::size_t fpc2_col = has_fpc2 ? column_index(reader, spec.fpc2, "fpc2") : 0;
  std::vector<std::size_t> numeric_cols;
  for (const std::string& c : spec.numerics)
    numeric_cols.push_back(column_index(reader, c, "numeric item"));
  if (!by_design && (has_cluster2 || has_fpc || has_fpc2))
    throw cxgap::invalid_argument(std::string(fn) +
                                  ": cluster2 or fpc columns need a cluster or stratum column");
  cxgap::design_spec dspec;
  dspec.strata = has_stratum;
  dspec.clusters = has_cluster;
  dspec.ssu = has_cluster2;
  dspec.fpc1 = has_fpc;
  dspec.fpc2 = has_fpc2;
  dspec.nest = spec.nest;
  dspec.lonely = cxgap::parse_lonely_psu(spec.lonely_psu);
  if (by_design && has_cluster2 && !has_cluster)
    throw cxgap::invalid_argument(std::string(fn) + ": cluster2 needs a cluster column");
  std::optional<cxgap::design_builder> builder;
  if (by_design) builder.emplace(dspec);
  const auto role_column = [&](const std::string& role) -> const std::string& {
    if (role == "weight") return spec.weight;
    if (role == "stratum") return spec.stratum;
    if (role == "cluster") return spec.cluster;
    if (role == "cluster2") return spec.cluster2;
    if (role == "fpc2") return spec.fpc2;
    return spec.fpc;
  };

  // The chunk: the codebook, segment columns, and chunk_rows rows reused for every chunk.
  cxgap::survey chunk;
  std::vector<std::size_t> item_cols;
  for (const item_spec& it : spec.items) {
    const std::size_t c = column_index(reader, it.column, "item");
    const std::string id = it.id.empty() ? it.column : it.id;
    if (!it.scale)
      throw cxgap::invalid_argument(std::string(fn) + ": item '" + id +
                                    "' has no scale; complete the spec with infer_spec first");
    chunk.add_item({id, it.text.empty() ? default_text(cols[c]) : it.text,
                    with_value_labels(*it.scale, cols[c])});
    item_cols.push_back(c);
  }
  for (const matched_item& m : spec.matches) chunk.add_match(m);
  for (const std::string& s : spec.segments) chunk.add_segment(s);
  for (const std::string& c : spec.numerics) chunk.add_numeric(c);
  chunk.resize(options.chunk_rows);
  std::vector<std::uint32_t> chunk_units(by_design ? options.chunk_rows : 0);  // never resized again: the column pointers stay valid
  std::vector<item_reader> items;
  for (std::size_t j = 0; j < item_cols.size(); ++j) {
    const column_info& info = cols[item_cols[j]];
    items.push_back({item_cols[j], &chunk.codebook()[j].scale, &info,
                     !info.missing_codes.empty(), chunk.responses(j), chunk.codebook()[j].id});
  }
  const std::size_t n_items = items.size();
  std::vector<std::uint64_t> short_tables;  // n_items tables of short_field::size entries
  if (n_items <= short_field::max_items) {
    short_tables.reserve(n_items * short_field::size);
    for (const item_reader& it : items) {
      const std::vector<std::uint64_t> t = short_field_table(it, options.lenient);
      short_tables.insert(short_tables.end(), t.begin(), t.end());
    }
  }
  const std::uint64_t* const tables = short_tables.empty() ? nullptr : short_tables.data();
  std::vector<item_slot> slots;
  for (const item_reader& it : items) slots.push_back({it.column, it.responses});

  ingest_result result{cxgap::tally(chunk.codebook(), {}, weighted), {}, std::nullopt};
  cxgap::psu_tally design_tally(chunk.codebook(), {}, spec.numerics, 0, !has_cluster);
  ingest_summary& summary = result.summary;
  summary.file = file;
  auto& excluded = summary.values_excluded;
  for (const char* reason : {"missing", "dont_know", "non_numeric", "out_of_scale",
                             "invalid_weight", "no_group", "missing_design_value"})
    excluded[reason] = 0;
  std::int64_t n_missing = 0, n_dont_know = 0, n_non_numeric = 0, n_out_of_scale = 0,
               n_invalid_weight = 0, n_no_group = 0, n_missing_design = 0;

  group_table groups;
  std::size_t n = 0;  // rows in the chunk
  const auto flush = [&] {
    if (result.tally.groups().size() < groups.labels().size()) {
      // New groups: widen the result, keeping every group's index.
      cxgap::tally wider(chunk.codebook(), groups.labels(), weighted);
      for (std::size_t g = 0; g < result.tally.groups().size(); ++g)
        wider.merge_group(g, result.tally, g);
      result.tally = std::move(wider);
    }
    result.tally.accumulate(chunk, chunk.group_codes(), 0, n);
    if (by_design) {
      if (design_tally.groups().size() < groups.labels().size())
        design_tally = design_tally.with_groups(groups.labels());
      design_tally.grow_units(builder->unit_count());
      design_tally.accumulate(chunk, chunk.group_codes(), chunk_units.data(), 0, n);
    }
    n = 0;
  };

  std::vector<std::string_view> fields;
  while (reader.next(fields)) {
    ++summary.rows_read;

    std::string_view group = trim(fields[group_col]);
    if (group.empty()) {
      ++n_no_group;
      continue;
    }
    if (has_wave) {
      const std::string_view wave = trim(fields[wave_col]);
      if (wave.empty()) {
        ++n_no_group;
        continue;
      }
      wave_label = wave_group_label(group, wave);
      group = wave_label;
    }
    double w = 1.0;
    if (weighted) {
      if (auto why = parse_weight(fields[weight_col], w)) {
        if (!options.lenient)
          throw input_error(input_errc::invalid_weight,
                            {file, reader.row(), spec.weight, std::string(fields[weight_col])},
                            *why + " (a weight must be a finite number > 0)");
        ++n_invalid_weight;
        continue;
      }
      if (by_design && w == 0) {
        if (!options.lenient)
          throw input_error(input_errc::invalid_weight,
                            {file, reader.row(), spec.weight, std::string(fields[weight_col])},
                            "the weight is 0 (a design weight must be positive: it is 1 / the "
                            "probability of selection)");
        ++n_invalid_weight;
        continue;
      }
    }
    // Design columns: an empty stratum or cluster makes the row unusable for design-based
    // estimates, so it is an error (strict) or the row is dropped and counted (lenient).
    std::string_view stratum, cluster;
    bool design_ok = true;
    const auto design_value = [&](std::size_t col, const std::string& name, const char* role) {
      const std::string_view v = trim(fields[col]);
      if (v.empty()) {
        if (!options.lenient)
          throw input_error(input_errc::missing_design_value, {file, reader.row(), name, ""},
                            std::string("the ") + role + " is empty (every row needs one when a " +
                                role + " column is declared)");
        design_ok = false;
      }
      return v;
    };
    if (has_stratum) stratum = design_value(stratum_col, spec.stratum, "stratum");
    if (has_cluster) cluster = design_value(cluster_col, spec.cluster, "cluster");
    std::string_view cluster2;
    if (has_cluster2) cluster2 = design_value(cluster2_col, spec.cluster2, "second-stage cluster");
    double fpc1 = std::numeric_limits<double>::quiet_NaN(), fpc2 = fpc1;
    const auto fpc_value = [&](std::size_t col, const std::string& name, double& x) {
      const std::string_view v = design_value(col, name, "fpc");
      if (v.empty()) return;
      if (!parse_real(v, x) || x <= 0) {
        if (!options.lenient)
          throw input_error(input_errc::missing_design_value,
                            {file, reader.row(), name, std::string(v)},
                            "the fpc is not a positive number (a population size, or a sampling "
                            "fraction <= 1)");
        design_ok = false;
      }
    };
    if (has_fpc) fpc_value(fpc_col, spec.fpc, fpc1);
    if (has_fpc2) fpc_value(fpc2_col, spec.fpc2, fpc2);
    if (!design_ok) {
      ++n_missing_design;
      continue;
    }

    const int g = groups.code(group);
    if (g < 0)
      throw input_error(input_errc::too_many_groups,
                        {file, reader.row(), spec.group, std::string(group)},
                        "more than " + std::to_string(group_table::max_groups) +
                            " distinct group labels; is '" + spec.group +
                            "' the column of audiences?");
    if (static_cast<std::size_t>(g) == chunk.group_labels().size()) chunk.add_group(group);

    const std::size_t r = n;
    if (by_design) {
      try {
        chunk_units[r] = builder->add(w, stratum, cluster, cluster2, fpc1, fpc2);
      } catch (const cxgap::design_error& e) {
        const std::string& col = role_column(e.role());
        std::string value;
        if (col == spec.cluster) value = std::string(cluster);
        else if (col == spec.stratum) value = std::string(stratum);
        else if (col == spec.cluster2) value = std::string(cluster2);
        else if (!col.empty()) value = std::string(trim(fields[column_index(reader, col, "design")]));
        std::string why = e.what();
        const auto colon = why.find("': ");
        if (colon != std::string::npos) why = why.substr(colon + 3);
        throw input_error(input_errc::malformed_record, {file, reader.row(), col, value}, why);
      }
    }
    chunk.group_codes()[r] = static_cast<std::uint8_t>(g);
    if (weighted) chunk.set_weight(r, w);
    if (has_stratum) chunk.set_stratum(r, stratum);
    if (has_cluster) chunk.set_cluster(r, cluster);
    for (std::size_t k = 0; k < segment_cols.size(); ++k)
      chunk.set_segment(r, k, trim(fields[segment_cols[k]]));

    // Items: a short field is decided by its item's table (see short_field); anything else, and
    // in strict mode every error, by the general path, which names the value.
    std::uint64_t counted = 0;  // lanes of the short fields' exclusion counts
    for (std::size_t j = 0; j < n_items; ++j) {
      if (tables != nullptr) {
        j = encode_short_fields(fields.data(), slots.data(), j, n_items, tables, r, counted);
        if (j == n_items) break;
      }
      const item_reader& it = items[j];
      const std::string_view field = fields[it.column];
      const decided_code d = decide_code(it, field);
      switch (d.kind) {
        case code_kind::valid: break;
        case code_kind::missing: ++n_missing; break;
        case code_kind::dont_know: ++n_dont_know; break;
        case code_kind::out_of_scale:
          if (!options.lenient)
            throw input_error(input_errc::code_outside_scale,
                              {file, reader.row(), cols[it.column].name, std::string(field)},
                              "the code is outside the scale " + scale_range(*it.scale) +
                                  " of item '" + it.id + "'");
          ++n_out_of_scale;
          break;
        case code_kind::non_numeric:
          if (!options.lenient)
            throw input_error(input_errc::non_numeric_code,
                              {file, reader.row(), cols[it.column].name, std::string(field)},
                              "is not an integer code (item '" + it.id + "')");
          ++n_non_numeric;
          break;
      }
      it.responses[r] = d.byte;
    }
    {  // no branch on whether anything was counted: a third of the rows of a panel have a blank
      constexpr unsigned lane = short_field::lane_bits;
      constexpr std::uint64_t m = short_field::lane_mask;
      n_missing += static_cast<std::int64_t>(counted & m);
      n_dont_know += static_cast<std::int64_t>(counted >> lane & m);
      n_out_of_scale += static_cast<std::int64_t>(counted >> 2 * lane & m);
      n_non_numeric += static_cast<std::int64_t>(counted >> 3 * lane & m);
    }
    for (std::size_t k = 0; k < numeric_cols.size(); ++k) {
      const std::string_view field = trim(fields[numeric_cols[k]]);
      double x = std::numeric_limits<double>::quiet_NaN();
      if (field.empty()) {
        ++n_missing;
      } else if (!parse_real(field, x)) {
        if (!options.lenient)
          throw input_error(input_errc::non_numeric_code,
                            {file, reader.row(), spec.numerics[k], std::string(field)},
                            "is not a finite number (numeric item '" + spec.numerics[k] + "')");
        ++n_non_numeric;
        x = std::numeric_limits<double>::quiet_NaN();
      }
      chunk.set_numeric(r, k, x);
    }
    ++n;
    ++summary.rows_used;
    if (n == options.chunk_rows) {
      flush();
      if (options.progress) options.progress(reader.bytes_read(), reader.bytes_total());
    }
  }
  if (n > 0) flush();
  if (options.progress) options.progress(reader.bytes_read(), reader.bytes_total());

  excluded["missing"] = n_missing;
  excluded["dont_know"] = n_dont_know;
  excluded["non_numeric"] = n_non_numeric;
  excluded["out_of_scale"] = n_out_of_scale;
  excluded["invalid_weight"] = n_invalid_weight;
  excluded["no_group"] = n_no_group;
  excluded["missing_design_value"] = n_missing_design;
  if (by_design) {
    try {
      cxgap::survey_design design = builder->finish();
      design_tally.grow_units(design.unit_count());
      if (design_tally.groups().size() < result.tally.groups().size())
        design_tally = design_tally.with_groups(result.tally.groups());
      result.design = design_data{std::move(design), std::move(design_tally)};
    } catch (const cxgap::invalid_argument& e) {
      std::string why = e.what();
      const auto colon = why.find(": ");
      if (colon != std::string::npos) why = why.substr(colon + 2);
      throw input_error(input_errc::malformed_record, {file, 0, "", ""},
                        "the survey design is not usable: " + why);
    }
  }
  return result;
}

}  // namespace cxgap::io

// ---- pairs (dyads, say–do gaps) ------------------------------------------------------------

namespace cxgap::io {

paired_ingest_result ingest_pairs(table_reader& reader, const pair_spec& spec,
                                  const ingest_options& options) {
  const std::string& file = reader.file();
  const std::size_t col_a = column_index(reader, spec.column_a, "first rating");
  const std::size_t col_b = column_index(reader, spec.column_b, "second rating");
  const bool by_id = !spec.id.empty();
  const std::size_t id_col = by_id ? column_index(reader, spec.id, "interaction id") : 0;
  const bool filtered = !spec.group.empty();
  const std::size_t group_col = filtered ? column_index(reader, spec.group, "group") : 0;

  ingest_summary summary;
  summary.file = file;
  auto& excluded = summary.values_excluded;
  for (const char* reason : {"missing", "dont_know", "non_numeric", "out_of_scale", "no_group",
                             "incomplete_pair"})
    excluded[reason] = 0;

  // A rating: its code, or nullopt when missing / excluded (counted here).
  constexpr std::int64_t none = std::numeric_limits<std::int64_t>::min();
  const auto rating = [&](std::string_view field, const std::string& column,
                          std::int64_t row) -> std::int64_t {
    const parsed_code v = parse_code(field);
    if (v.status == code_status::empty) {
      ++excluded["missing"];
      return none;
    }
    if (v.status == code_status::non_numeric) {
      if (!options.lenient)
        throw input_error(input_errc::non_numeric_code, {file, row, column, std::string(field)},
                          "is not an integer code");
      ++excluded["non_numeric"];
      return none;
    }
    if (spec.scale) {
      const auto& s = *spec.scale;
      const bool on_scale = v.value >= s.min() && v.value <= s.max();
      if (!on_scale) {
        for (int dk : s.dont_know_codes())
          if (v.value == dk) {
            ++excluded["dont_know"];
            return none;
          }
        if (!options.lenient)
          throw input_error(input_errc::code_outside_scale,
                            {file, row, column, std::string(field)},
                            "the code is outside the scale " + std::to_string(s.min()) + ".." +
                                std::to_string(s.max()));
        ++excluded["out_of_scale"];
        return none;
      }
    }
    return v.value;
  };

  std::vector<std::pair<std::int64_t, std::int64_t>> pairs;
  std::unordered_map<std::string, std::pair<std::int64_t, std::int64_t>> by_interaction;
  std::vector<std::string> order;  // ids in order of first appearance
  std::vector<std::string_view> fields;
  while (reader.next(fields)) {
    ++summary.rows_read;
    const std::int64_t row = reader.row();
    if (filtered && trim(fields[group_col]) != spec.group_value) continue;
    ++summary.rows_used;
    if (!by_id) {
      const std::int64_t a = rating(fields[col_a], spec.column_a, row);
      const std::int64_t b = rating(fields[col_b], spec.column_b, row);
      if (a != none && b != none) pairs.emplace_back(a, b);
      else ++excluded["incomplete_pair"];
      continue;
    }
    const std::string id(trim(fields[id_col]));
    auto [it, added] = by_interaction.emplace(id, std::make_pair(none, none));
    if (added) order.push_back(id);
    // A blank cell of a joined row is the other row's half, not a missing answer: only
    // filled cells are read; an id left without one of its halves is an incomplete pair.
    if (!trim(fields[col_a]).empty()) {
      const std::int64_t a = rating(fields[col_a], spec.column_a, row);
      if (a != none) it->second.first = a;
    }
    if (!trim(fields[col_b]).empty()) {
      const std::int64_t b = rating(fields[col_b], spec.column_b, row);
      if (b != none) it->second.second = b;
    }
  }
  for (const auto& id : order) {
    const auto& p = by_interaction[id];
    if (p.first != none && p.second != none) pairs.emplace_back(p.first, p.second);
    else ++excluded["incomplete_pair"];
  }

  cxgap::scale s = spec.scale ? *spec.scale : cxgap::scale(0, 1);
  if (!spec.scale) {
    std::int64_t lo = std::numeric_limits<std::int64_t>::max(), hi = std::numeric_limits<std::int64_t>::min();
    for (const auto& [a, b] : pairs) {
      lo = std::min({lo, a, b});
      hi = std::max({hi, a, b});
    }
    if (pairs.empty() || lo == hi || hi - lo >= max_scale_slots)
      throw cxgap::invalid_argument("cxgap::io::ingest_pairs: " + file +
                                    ": cannot infer a scale from the ratings in '" +
                                    spec.column_a + "' and '" + spec.column_b +
                                    "' (declare one)");
    s = (lo == 0 && hi == 10) ? cxgap::scale::nps()
                              : cxgap::scale(static_cast<int>(lo), static_cast<int>(hi));
  }
  paired_table table(static_cast<std::size_t>(s.size()));
  for (const auto& [a, b] : pairs)
    table.add(static_cast<std::size_t>(s.score_rank(static_cast<int>(a) - s.min())),
              static_cast<std::size_t>(s.score_rank(static_cast<int>(b) - s.min())));
  return {std::move(table), s, std::move(summary)};
}

}  // namespace cxgap::io
