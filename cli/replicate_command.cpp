// `cxgap report` under replicate weights (see replicate_command.hpp, docs/cli.md).

// GCC 12 at -O1 under the sanitizers reports -Wmaybe-uninitialized inside libstdc++'s
// <regex> (the std::function moved in _NFA::_M_insert_subexpr_end): a false positive in
// the standard library, not in this file. Silenced for this translation unit only, before
// any header is read, so that the warning's location (a libstdc++ header) is covered.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include "replicate_command.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <limits>
#include <optional>
#include <ostream>
#include <regex>
#include <stdexcept>
#include <sstream>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>

#include "command_common.hpp"
#include "cxgap/design/raking.hpp"
#include "cxgap/design/raking_taylor.hpp"
#include "cxgap/error.hpp"
#include "cxgap/report/raked_design_report.hpp"
#include "cxgap/report/table.hpp"
#include "rake_margins.hpp"

namespace cxgap::cli {

namespace {

// A number as ingest reads a weight: optional '+', then all of the field (blanks trimmed).
bool parse_number(std::string_view raw, double& x) {
  std::string_view s = trim(raw);
  if (s.size() > 1 && s[0] == '+' && s[1] != '-') s.remove_prefix(1);
  if (s.empty()) return false;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
  return ec == std::errc() && end == s.data() + s.size();
}

// Why a replicate weight is unusable, or empty when it is a finite number >= 0.
std::string replicate_weight_problem(std::string_view field, double& w) {
  if (trim(field).empty()) return "the replicate weight is empty (R: missing values not allowed in 'repweights')";
  if (!parse_number(field, w)) return "the replicate weight is not a number";
  if (!std::isfinite(w)) return "the replicate weight is not finite";
  if (w < 0) return "the replicate weight is negative";
  return {};
}

std::string number_text(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", x);
  return buf;
}

// Presents the file with one more column: the row's sequence number, used as the cluster of a
// design whose rows are its PSUs, so that the PSU tally keeps every row (generated replicates
// of an unclustered design, as R's as.svrepdesign treats each row as a PSU).
// The base of a reader that presents its inner reader's file with one more column, named
// `name`, whose field the derived next() appends.
class appended_column_reader : public io::table_reader {
 public:
  appended_column_reader(io::table_reader& inner, std::string name)
      : inner_(inner), columns_(inner.columns()) {
    columns_.push_back({std::move(name), "", {}, {}});
  }
  const std::string& file() const override { return inner_.file(); }
  const std::vector<io::column_info>& columns() const override { return columns_; }
  std::int64_t row() const override { return inner_.row(); }
  std::uint64_t bytes_read() const override { return inner_.bytes_read(); }
  std::uint64_t bytes_total() const override { return inner_.bytes_total(); }

 protected:
  io::table_reader& inner_;

 private:
  std::vector<io::column_info> columns_;
};

class row_id_reader : public appended_column_reader {
 public:
  row_id_reader(io::table_reader& inner, std::string name)
      : appended_column_reader(inner, std::move(name)) {}
  bool next(std::vector<std::string_view>& fields) override {
    if (!inner_.next(fields)) return false;
    id_ = std::to_string(++count_);
    fields.push_back(id_);
    return true;
  }

 private:
  std::string id_;
  std::int64_t count_ = 0;
};

// One replicate's read: a row whose replicate weight is 0 (it is in no domain of that
// replicate) or whose full-sample weight the full read excluded (--lenient) gets an empty group
// and is left out; the ingest weighs the others by the replicate column.
class replicate_pass_reader : public io::table_reader {
 public:
  replicate_pass_reader(io::table_reader& inner, std::size_t group_col, std::size_t weight_col,
                        std::size_t replicate_col)
      : inner_(inner), group_(group_col), weight_(weight_col), replicate_(replicate_col) {}
  const std::string& file() const override { return inner_.file(); }
  const std::vector<io::column_info>& columns() const override { return inner_.columns(); }
  bool next(std::vector<std::string_view>& fields) override {
    if (!inner_.next(fields)) return false;
    double w = 0, rw = 0;
    const bool full_ok = parse_number(fields[weight_], w) && std::isfinite(w) && w > 0;
    const bool in_replicate = parse_number(fields[replicate_], rw) && rw != 0;
    if (!full_ok || !in_replicate) fields[group_] = std::string_view();
    return true;
  }
  std::int64_t row() const override { return inner_.row(); }

 private:
  io::table_reader& inner_;
  std::size_t group_, weight_, replicate_;
};

// Each group's weighted mean of every numeric item in a read (NaN: no weight), indexed by the
// groups of `full`: the read's PSU tally summed over its units.
void numeric_group_means(const io::ingest_result& d, const tally& full, std::size_t numerics,
                         std::vector<std::vector<double>>& means) {
  means.assign(full.groups().size(), std::vector<double>(numerics, std::nan("")));
  if (numerics == 0 || !d.design) return;
  const psu_tally& t = d.design->tally;
  const auto& groups = d.tally.groups();
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const std::size_t fg = full.group_index(groups[g]);
    for (std::size_t k = 0; k < numerics; ++k) {
      double sw = 0, swy = 0;
      for (std::size_t u = 0; u < t.unit_count(); ++u) {
        sw += t.numeric(u, g, k).sw;
        swy += t.numeric(u, g, k).swy;
      }
      means[fg][k] = sw != 0 ? t.numeric_shift(k) + swy / sw : std::nan("");
    }
  }
}

// The numeric items of the full-sample read `d` (whose tally is `full`): their names, each
// group's weighted mean, and each group's count of values used and of blanks.
replicate_numeric_means full_numeric_means(const io::ingest_result& d, const tally& full,
                                           const std::vector<std::string>& names) {
  const std::size_t K = names.size();
  replicate_numeric_means m;
  m.names = names;
  numeric_group_means(d, full, K, m.full);
  m.n.assign(full.groups().size(), std::vector<std::int64_t>(K, 0));
  m.missing = m.n;
  if (!d.design) return m;
  const psu_tally& t = d.design->tally;
  for (std::size_t g = 0; g < t.groups().size(); ++g) {
    const std::size_t fg = full.group_index(t.groups()[g]);
    for (std::size_t k = 0; k < K; ++k) {
      for (std::size_t u = 0; u < t.unit_count(); ++u) m.n[fg][k] += t.numeric(u, g, k).n;
      m.missing[fg][k] = t.numeric_missing(g, k);
    }
  }
  return m;
}

// The tally of a read, with the groups of `full` in their order (a group the read lacks is empty).
tally regrouped(const io::ingest_result& d, const tally& full) {
  tally t(full.codebook(), full.groups(), true);
  for (std::size_t g = 0; g < d.tally.groups().size(); ++g)
    t.merge_group(full.group_index(d.tally.groups()[g]), d.tally, g);
  return t;
}

// Presents the file with one more column holding each row's weight from memory (a raked
// full-sample or replicate weight, written with 17 digits so it reads back exactly). Rows not
// in the design (kept[row] == 0) and rows of weight 0 get an empty group and are left out.
class weight_column_reader : public appended_column_reader {
 public:
  weight_column_reader(io::table_reader& inner, std::string name, std::size_t group_col,
                       const std::vector<char>& kept, const std::vector<double>& weights)
      : appended_column_reader(inner, std::move(name)),
        group_(group_col),
        kept_(kept),
        weights_(weights) {}
  bool next(std::vector<std::string_view>& fields) override {
    if (!inner_.next(fields)) return false;
    double w = 0;
    if (seq_ < kept_.size() && kept_[seq_]) w = weights_[used_++];
    ++seq_;
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", w);
    text_ = buf;
    if (w == 0) fields[group_] = std::string_view();
    fields.push_back(text_);
    return true;
  }

 private:
  std::size_t group_;
  const std::vector<char>& kept_;
  const std::vector<double>& weights_;
  std::string text_;
  std::size_t seq_ = 0, used_ = 0;
};

replicate_method parse_method(const std::string& type) {
  for (replicate_method m : {replicate_method::jk1, replicate_method::jkn, replicate_method::brr,
                             replicate_method::fay, replicate_method::bootstrap,
                             replicate_method::subbootstrap, replicate_method::other})
    if (to_string(m) == type) return m;
  throw usage_error("--rep-type must be one of JK1, JKn, BRR, Fay, bootstrap, subbootstrap, other; got '" +
                    type + "'");
}

// --rep-rscales: numbers separated by commas, or a file of numbers separated by commas,
// blanks or line ends.
std::vector<double> read_rscales(const std::string& text) {
  const auto split = [](const std::string& s, std::vector<std::string>& out) {
    std::string cur;
    for (char c : s) {
      if (c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        if (!cur.empty()) out.push_back(cur);
        cur.clear();
      } else {
        cur += c;
      }
    }
    if (!cur.empty()) out.push_back(cur);
  };
  std::vector<std::string> tokens;
  split(text, tokens);
  std::vector<double> v;
  bool all_numbers = !tokens.empty();
  for (const auto& t : tokens) {
    double x = 0;
    all_numbers = all_numbers && parse_number(t, x);
  }
  std::string source = "--rep-rscales";
  if (!all_numbers) {  // a file
    std::ifstream in(text);
    if (!in)
      throw input_error(input_errc::unreadable_file, {text, 0, "", ""},
                        "--rep-rscales is neither a list of numbers nor a readable file");
    std::string line;
    std::int64_t row = 0;
    while (std::getline(in, line)) {
      ++row;
      std::vector<std::string> fields;
      split(line, fields);
      for (const auto& f : fields) {
        double x = 0;
        if (!parse_number(f, x) || !std::isfinite(x) || x < 0)
          throw input_error(input_errc::malformed_record, {text, row, "", f},
                            "an rscale must be a finite number >= 0");
        v.push_back(x);
      }
    }
    if (v.empty())
      throw input_error(input_errc::malformed_record, {text, 0, "", ""}, "the rscales file has no numbers");
    return v;
  }
  for (const auto& t : tokens) {
    double x = 0;
    parse_number(t, x);
    if (!std::isfinite(x) || x < 0)
      throw usage_error("--rep-rscales: an rscale must be a finite number >= 0, got '" + t + "'");
    v.push_back(x);
  }
  return v;
}

// "a, b, c and d"; past `shown` names, the first two, "...", and the last two.
std::string column_list(const std::vector<std::string>& names, std::size_t shown = 6) {
  std::string s;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i) s += i + 1 == names.size() ? " and " : ", ";
    if (names.size() > shown && i == 2) {
      s += "..., ";
      i = names.size() - 2;
    }
    s += names[i];
  }
  return s;
}

raking_control raking_control_of(const replicate_args& args) {
  raking_control control;
  control.max_iterations = static_cast<std::size_t>(args.rake_maxit);
  control.epsilon = args.rake_epsilon;
  return control;
}

// Checks the margins against the rows in the design (R postStratify's "absent from sample /
// population", margins with different totals) and rakes their weights: `category` holds each
// margin's category of every row; `rm` receives the margins as cxgap::rake takes them.
raking_result rake_full_sample(const replicate_args& args, const std::string& file,
                               const rake_margins& margins,
                               std::vector<std::vector<std::size_t>> category,
                               const std::vector<double>& weight, std::vector<raking_margin>& rm) {
  const std::size_t M = margins.margins.size(), n = weight.size();
  // The margins against the sample: R postStratify's "absent from sample / population".
  rm.assign(M, {});
  for (std::size_t m = 0; m < M; ++m) {
    const auto& mg = margins.margins[m];
    rm[m] = {mg.variable, std::move(category[m]), mg.totals};
    std::vector<double> have(mg.totals.size(), 0.0);
    for (std::size_t i = 0; i < n; ++i) have[rm[m].category[i]] += weight[i];
    for (std::size_t k = 0; k < have.size(); ++k) {
      if (have[k] == 0 && mg.totals[k] > 0)
        throw input_error(input_errc::malformed_record, {margins.file, mg.rows[k], "category", mg.categories[k]},
                          "category '" + mg.categories[k] + "' of '" + mg.variable + "' has population total " +
                              number_text(mg.totals[k]) + " but is absent from sample " + file +
                              " (R postStratify: \"Some strata absent from sample\")");
      if (have[k] > 0 && mg.totals[k] == 0)
        throw input_error(input_errc::malformed_record, {margins.file, mg.rows[k], "total", "0"},
                          "category '" + mg.categories[k] + "' of '" + mg.variable +
                              "' is in the sample (weight " + number_text(have[k]) +
                              ") but its population total is 0: absent from population (R postStratify: "
                              "\"Strata in sample absent from population\")");
    }
  }
  const raking_control control = raking_control_of(args);
  {
    double first = 0;
    for (std::size_t m = 0; m < M; ++m) {
      double total = 0;
      for (double t : rm[m].targets) total += t;
      if (m == 0) first = total;
      else if (std::fabs(total - first) > control.total_tolerance * first)
        throw input_error(input_errc::malformed_record, {margins.file, margins.margins[m].rows[0], "total", ""},
                          "inconsistent margins: '" + rm[0].name + "' totals " + number_text(first) +
                              " but '" + rm[m].name + "' totals " + number_text(total) +
                              " (raking needs the same population total in every margin)");
    }
  }
  try {
    return rake(weight, rm, control);
  } catch (const cxgap::invalid_argument& e) {
    throw input_error(input_errc::malformed_record, {margins.file, 0, "", ""}, e.what());
  }
}

// The result of raking a replicate design (R: rake(svyrep.design, ...)): tallies under the
// raked full-sample and replicate weights, the numeric means, degf of the raked replicate
// weights and the words for the design line.
struct rake_outcome {
  tally full;
  std::vector<tally> replicates;
  replicate_numeric_means numerics;
  double degf = std::nan("");
  std::string summary;
};

std::string margin_names(const rake_margins& m) {
  std::vector<std::string> names;
  for (const auto& x : m.margins)
    names.push_back(x.variable + " (" + std::to_string(x.categories.size()) + " categories)");
  return column_list(names);
}

// "raked to margins ... of FILE: converged in N sweeps (largest change x), maxit M, epsilon E",
// with a warning on std::cerr when the raking did not converge (R's rake() warns too).
std::string raking_words(const replicate_args& args, const rake_margins& margins, const raking_result& full) {
  std::string words = "raked to margins " + margin_names(margins) + " of " + margins.file + ": ";
  const std::string sweeps = std::to_string(full.iterations) + (full.iterations == 1 ? " sweep" : " sweeps");
  if (full.converged) {
    words += "converged in " + sweeps + " (largest change " + number_text(full.max_change) + ")";
  } else {
    const std::string warning = "raking did not converge after " + sweeps + " (largest change " +
                                number_text(full.max_change) + ")";
    words += warning;
    std::cerr << "cxgap: warning: " << warning << " to margins " << margins.file
              << "; raise --rake-maxit or --rake-epsilon (R: rake() warns too)\n";
  }
  return words + ", maxit " + std::to_string(args.rake_maxit) + ", epsilon " + number_text(args.rake_epsilon);
}

// The columns a raking reads in the data file (`none`: not given, or not read).
struct raking_columns {
  static constexpr std::size_t none = static_cast<std::size_t>(-1);
  std::size_t group = none, weight = none, stratum = none, cluster = none, cluster2 = none, fpc = none,
              fpc2 = none;
  std::vector<std::size_t> margin;  // each margin's variable

  // The trimmed field of column c, or empty when c is `none`.
  std::string_view label(const std::vector<std::string_view>& fields, std::size_t c) const {
    return c == none ? std::string_view() : trim(fields[c]);
  }
};

// One row in the design, as read_raking_rows() finds it.
struct raking_row {
  std::int64_t row = 0;  // the reader's row, for messages
  std::int64_t seq = 0;  // 1 for the file's first data row
  double weight = 1;
  double fpc1 = std::nan(""), fpc2 = std::nan("");
};

// The rows a raking reads: kept[i] whether the file's i-th data row is in the design; for the
// rows in it, in order, the weight and each margin's category (category[m][row]).
struct raking_rows {
  std::vector<char> kept;
  std::vector<double> weight;
  std::vector<std::vector<std::size_t>> category;
  std::size_t group_col = 0;
};

// Reads `file` once and finds the rows in the design by the ingest's own rules (group given;
// weight finite and > 0; with `design_columns`, the stratum and cluster labels given and the
// fpcs > 0), each with its category of every margin, then calls on_row(columns, fields, row)
// for it; checks their count against the full read's `rows_used`.
// @throws input_error: a raking variable that is not a column of `file` (at the margins file's
//         row), empty in a row of the design, or with a category the margins do not list.
template <class OnRow>
raking_rows read_raking_rows(const std::string& file, const io::survey_spec& spec, const rake_margins& margins,
                             bool design_columns, std::int64_t rows_used, OnRow&& on_row) {
  const std::size_t M = margins.margins.size();
  const std::size_t npos = raking_columns::none;
  raking_rows out;
  out.category.resize(M);
  auto reader = open_table(file);
  const auto col = [&](const std::string& name) { return name.empty() ? npos : find_column(*reader, name); };
  std::vector<std::string> names;
  for (const auto& c : reader->columns()) names.push_back(c.name);
  raking_columns cols;
  cols.margin.resize(M);
  for (std::size_t m = 0; m < M; ++m) {
    const auto& mg = margins.margins[m];
    cols.margin[m] = col(mg.variable);
    if (cols.margin[m] == npos)
      throw input_error(input_errc::unknown_column, {margins.file, mg.rows[0], "variable", mg.variable},
                        "the raking variable '" + mg.variable + "' is not a column of " + file +
                            " (columns: " + column_list(names, 40) + ")");
  }
  cols.group = col(spec.group);
  cols.weight = col(spec.weight);
  cols.stratum = design_columns ? col(spec.stratum) : npos;
  cols.cluster = design_columns ? col(spec.cluster) : npos;
  cols.cluster2 = design_columns ? col(spec.cluster2) : npos;
  cols.fpc = design_columns ? col(spec.fpc) : npos;
  cols.fpc2 = design_columns ? col(spec.fpc2) : npos;
  out.group_col = cols.group;
  std::vector<std::string_view> fields;
  raking_row r;
  while (reader->next(fields)) {
    ++r.seq;
    r.row = reader->row();
    r.weight = 1;
    r.fpc1 = r.fpc2 = std::nan("");
    bool in = !trim(fields[cols.group]).empty();
    if (in && cols.weight != npos)
      in = parse_number(fields[cols.weight], r.weight) && std::isfinite(r.weight) && r.weight > 0;
    for (std::size_t c : {cols.stratum, cols.cluster, cols.cluster2})
      if (in && c != npos) in = !trim(fields[c]).empty();
    if (in && cols.fpc != npos) in = parse_number(fields[cols.fpc], r.fpc1) && r.fpc1 > 0;
    if (in && cols.fpc2 != npos) in = parse_number(fields[cols.fpc2], r.fpc2) && r.fpc2 > 0;
    out.kept.push_back(in ? 1 : 0);
    if (!in) continue;
    out.weight.push_back(r.weight);
    for (std::size_t m = 0; m < M; ++m) {
      const std::string_view v = fields[cols.margin[m]];
      const auto& mg = margins.margins[m];
      if (trim(v).empty())
        throw input_error(input_errc::missing_design_value, {file, r.row, mg.variable, ""},
                          "the raking variable is empty (every row needs a category of each "
                          "margin; R's rake() fails on missing values too)");
      const std::size_t k = margins.category(m, v);
      if (k == npos)
        throw input_error(input_errc::malformed_record, {file, r.row, mg.variable, std::string(trim(v))},
                          "category '" + std::string(trim(v)) + "' of '" + mg.variable +
                              "' is absent from population margins " + margins.file +
                              " (R postStratify: \"Strata in sample absent from population\")");
      out.category[m].push_back(k);
    }
    on_row(cols, fields, r);
  }
  if (static_cast<std::int64_t>(out.weight.size()) != rows_used)
    throw std::logic_error("cxgap: --rake found " + std::to_string(out.weight.size()) +
                           " rows in the design, the read " + std::to_string(rows_used));
  return out;
}

// Rakes the full-sample weights of the rows in the design to `margins`, then every
// replicate's weights in as many sweeps (R's rake() on a svyrep.design: postStratify of the
// full-sample and replicate weights per margin per sweep, the loop stopped by the
// full-sample table), and reads the file once under the raked full-sample weights and once
// per replicate. `generated`: replicate r's weight is w·m_rp (the design's PSU multipliers);
// else the columns rep_cols. Rows in the design are those the full read used (group given,
// valid weight and design values), found by the ingest's own rules and checked by count.
rake_outcome rake_replicates(const replicate_args& args, const std::string& file,
                             const io::survey_spec& spec, const io::ingest_options& options,
                             const rake_margins& margins, const io::ingest_result& full_read,
                             const replicate_design& design, bool generated,
                             const std::vector<std::size_t>& rep_cols,
                             const std::vector<std::string>& rep_names) {
  const std::size_t M = margins.margins.size(), R = design.replicate_count;
  std::vector<std::vector<double>> replicate(R);
  // Generated replicates: each row's PSU, by its (stratum, PSU) labels as the design holds them.
  std::unordered_map<std::string, std::size_t> psu_of;
  const survey_design* sd = generated ? &full_read.design->design : nullptr;
  if (sd)
    for (std::size_t p = 0; p < sd->psus.size(); ++p) {
      std::string key = sd->strata[sd->psu_stratum[p]];
      key += '\x1f';
      key += sd->psus[p];
      psu_of.emplace(std::move(key), p);
    }
  std::string key;
  raking_rows rows = read_raking_rows(
      file, spec, margins, generated, full_read.summary.rows_used,
      [&](const raking_columns& cols, const std::vector<std::string_view>& fields, const raking_row& row) {
        if (generated) {
          key.assign(cols.label(fields, cols.stratum));
          key += '\x1f';
          if (cols.cluster != raking_columns::none)
            key += trim(fields[cols.cluster]);
          else
            key += std::to_string(row.seq);  // rows as PSUs: row_id_reader's labels
          const auto it = psu_of.find(key);
          if (it == psu_of.end())
            throw std::logic_error("cxgap: --rake: row " + std::to_string(row.row) + " is in no PSU of the design");
          for (std::size_t r = 0; r < R; ++r) replicate[r].push_back(row.weight * design.multiplier(r, it->second));
        } else {
          for (std::size_t r = 0; r < R; ++r) {
            double rw = 0;
            parse_number(fields[rep_cols[r]], rw);  // checked by the full read
            replicate[r].push_back(rw);
          }
        }
      });
  const std::vector<char>& kept = rows.kept;
  const std::size_t n = rows.weight.size();

  std::vector<raking_margin> rm;
  const raking_result full = rake_full_sample(args, file, margins, std::move(rows.category), rows.weight, rm);
  const raking_control control = raking_control_of(args);
  for (std::size_t r = 0; r < R; ++r) {
    const std::string which = generated ? "replicate " + std::to_string(r + 1) + " of the generated " +
                                              std::string(to_string(design.method)) + " design"
                                        : "replicate column '" + rep_names[r] + "'";
    for (std::size_t m = 0; m < M; ++m) {
      std::vector<double> have(rm[m].targets.size(), 0.0);
      for (std::size_t i = 0; i < n; ++i) have[rm[m].category[i]] += replicate[r][i];
      for (std::size_t k = 0; k < have.size(); ++k)
        if (have[k] == 0 && rm[m].targets[k] > 0) {
          const auto& mg = margins.margins[m];
          throw input_error(input_errc::malformed_record, {margins.file, mg.rows[k], "category", mg.categories[k]},
                            which + " has no weight in category '" + mg.categories[k] + "' of '" +
                                mg.variable + "' (e.g. it drops every PSU that has it): it cannot be raked "
                                "(R's rake() fails too, on NaN replicate weights); merge the category with another");
        }
    }
    try {
      replicate[r] = rake_sweeps(replicate[r], rm, full.iterations, control);
    } catch (const cxgap::invalid_argument& e) {
      throw input_error(input_errc::malformed_record, {margins.file, 0, "", ""}, which + ": " + e.what());
    }
  }

  rake_outcome out;
  out.degf = replicate_degf(replicate);
  out.summary = raking_words(args, margins, full) + "; each replicate raked in the same sweeps";

  // The reads under the raked weights: no design columns (the weights carry the design now),
  // the weight a column the reader adds.
  io::survey_spec pass = spec;
  pass.weight = "\x01raked";
  pass.stratum.clear();
  pass.cluster.clear();
  pass.cluster2.clear();
  pass.fpc.clear();
  pass.fpc2.clear();
  io::ingest_options quiet = options;
  quiet.progress = nullptr;
  const std::size_t group_col = rows.group_col;
  const auto read = [&](const std::vector<double>& w) {
    auto reader = open_table(file);
    weight_column_reader wr(*reader, pass.weight, group_col, kept, w);
    return io::ingest(wr, pass, quiet);
  };
  const tally& codes = full_read.tally;
  const io::ingest_result raked_full = read(full.weights);
  out.full = regrouped(raked_full, codes);
  out.numerics = full_numeric_means(raked_full, codes, spec.numerics);
  out.replicates.reserve(R);
  out.numerics.replicates.resize(R);
  for (std::size_t r = 0; r < R; ++r) {
    const io::ingest_result d = read(replicate[r]);
    out.replicates.push_back(regrouped(d, codes));
    numeric_group_means(d, codes, spec.numerics.size(), out.numerics.replicates[r]);
  }
  return out;
}

// Presents the file with one more column holding a label per row from memory (labels[k] for the
// k-th row in the design, kept[row] != 0); rows not in the design get an empty group.
class label_column_reader : public appended_column_reader {
 public:
  label_column_reader(io::table_reader& inner, std::string name, std::size_t group_col,
                      const std::vector<char>& kept, const std::vector<std::string>& labels)
      : appended_column_reader(inner, std::move(name)), group_(group_col), kept_(kept), labels_(labels) {}
  bool next(std::vector<std::string_view>& fields) override {
    if (!inner_.next(fields)) return false;
    const bool in = seq_ < kept_.size() && kept_[seq_];
    ++seq_;
    if (in) {
      fields.push_back(labels_[used_++]);
    } else {
      fields[group_] = std::string_view();
      fields.push_back(empty_);
    }
    return true;
  }

 private:
  std::size_t group_;
  const std::vector<char>& kept_;
  const std::vector<std::string>& labels_;
  std::string empty_;
  std::size_t seq_ = 0, used_ = 0;
};

// The result of raking a Taylor design (R: rake(svydesign(...), ...)): the design and PSU tally
// under the raked weights, the raking's tallies and the words for the design line.
struct taylor_rake_outcome {
  io::design_data data;
  raked_taylor_tallies tallies;
  std::string summary;
};

// Rakes the weights of the rows in the design to `margins` and reads the file under the raked
// weights with its strata, clusters and fpcs (the PSU tally), once per raking cell without
// weights (the counts the backfitting of R's svyrecvar needs) and, when the rows are the PSUs,
// once per stratum x cell under the raked weights (their squares); every row's tally unit and
// cell come from a design built here from the same rows, checked equal to the read's.
taylor_rake_outcome rake_taylor(const replicate_args& args, const std::string& file, const io::survey_spec& spec,
                                const io::ingest_options& options, const rake_margins& margins,
                                const io::ingest_result& full_read) {
  std::vector<std::uint32_t> row_unit;
  design_spec ds;
  ds.strata = !spec.stratum.empty();
  ds.clusters = !spec.cluster.empty();
  ds.ssu = !spec.cluster2.empty();
  ds.fpc1 = !spec.fpc.empty();
  ds.fpc2 = !spec.fpc2.empty();
  ds.lonely = parse_lonely_psu(spec.lonely_psu);
  ds.nest = spec.nest;
  design_builder builder(ds);
  raking_rows rows = read_raking_rows(
      file, spec, margins, true, full_read.summary.rows_used,
      [&](const raking_columns& cols, const std::vector<std::string_view>& fields, const raking_row& row) {
        row_unit.push_back(builder.add(row.weight, cols.label(fields, cols.stratum), cols.label(fields, cols.cluster),
                                       cols.label(fields, cols.cluster2), row.fpc1, row.fpc2));
      });
  const std::vector<char>& kept = rows.kept;
  const std::size_t group_col = rows.group_col;
  const std::size_t n = rows.weight.size();
  const survey_design mine = builder.finish();

  std::vector<raking_margin> rm;
  const raking_result full = rake_full_sample(args, file, margins, std::move(rows.category), rows.weight, rm);
  taylor_rake_outcome out;
  raked_taylor_tallies& t = out.tallies;
  t.cells = make_raking_cells(rm, full);
  t.units = make_raking_unit_sums(mine.unit_count(), row_unit, t.cells.row_cell, full.weights);
  out.summary = "Taylor linearisation of raked weights; " + raking_words(args, margins, full);

  io::ingest_options quiet = options;
  quiet.progress = nullptr;
  // The design read under the raked weights.
  {
    io::survey_spec pass = spec;
    pass.weight = "\x01raked";
    auto reader = open_table(file);
    weight_column_reader wr(*reader, pass.weight, group_col, kept, full.weights);
    io::ingest_result d = io::ingest(wr, pass, quiet);
    if (!d.design || d.design->design.strata != mine.strata || d.design->design.psus != mine.psus ||
        d.design->design.unit_psu != mine.unit_psu || d.summary.rows_used != static_cast<std::int64_t>(n))
      throw std::logic_error("cxgap: --rake: the raked read has another design than the raking's rows");
    out.data = std::move(*d.design);
  }
  // The cells, unweighted (rows as PSUs of the strata "cell"), and, when the rows are the
  // PSUs, the strata x cells under the raked weights.
  const auto read_cells = [&](const std::vector<std::string>& labels, bool weighted) {
    io::survey_spec pass = spec;
    pass.weight = weighted ? "\x01raked" : "";
    pass.stratum = "\x01" "cell";
    pass.cluster.clear();
    pass.cluster2.clear();
    pass.fpc.clear();
    pass.fpc2.clear();
    pass.lonely_psu = "remove";
    pass.nest = false;
    auto reader = open_table(file);
    label_column_reader lr(*reader, pass.stratum, group_col, kept, labels);
    std::optional<weight_column_reader> wr;
    if (weighted) wr.emplace(lr, pass.weight, group_col, kept, full.weights);
    io::ingest_result d = weighted ? io::ingest(*wr, pass, quiet) : io::ingest(lr, pass, quiet);
    if (!d.design || d.summary.rows_used != static_cast<std::int64_t>(n))
      throw std::logic_error("cxgap: --rake: a cell read lost rows");
    return std::move(*d.design);
  };
  std::vector<std::string> labels(n);
  for (std::size_t i = 0; i < n; ++i) labels[i] = std::to_string(t.cells.row_cell[i]);
  {
    io::design_data cells = read_cells(labels, false);
    for (const std::string& label : cells.design.strata)
      t.count_cell.push_back(static_cast<std::uint32_t>(std::stoul(label)));
    t.counts = std::move(cells.tally);
  }
  if (mine.rows_are_psus()) {
    for (std::size_t i = 0; i < n; ++i) labels[i] = std::to_string(row_unit[i]) + ":" + labels[i];
    io::design_data cells = read_cells(labels, true);
    for (const std::string& label : cells.design.strata) {
      const std::size_t colon = label.find(':');
      t.moment_stratum.push_back(static_cast<std::uint32_t>(std::stoul(label.substr(0, colon))));
      t.moment_cell.push_back(static_cast<std::uint32_t>(std::stoul(label.substr(colon + 1))));
    }
    t.moments = std::move(cells.tally);
  }
  t.link();
  return out;
}

}  // namespace

struct replicate_analysis::state {
  replicate_args args;
  io::survey_spec spec;
  io::ingest_result full;
  replicate_design design;
  design_summary summary;
  bool generated = false;
  // Supplied columns: one tally per column (the full tally's groups) and the numeric means.
  std::vector<tally> tallies;
  replicate_numeric_means numerics;
  // Raked (--rake): the full-sample tally under the raked weights; `tallies` and `numerics`
  // then hold the raked replicates', and `design` the degf of the raked replicate weights.
  bool raked = false;
  tally raked_full;
  std::vector<std::size_t> rep_cols;  // supplied: the replicate-weight columns
  std::vector<std::string> rep_names;
  // Raked Taylor design (--rake without replicates): the design and PSU tally under the raked
  // weights and the raking's tallies.
  bool taylor = false;
  std::optional<io::design_data> taylor_data;
  raked_taylor_tallies taylor_tallies;
};

replicate_analysis::~replicate_analysis() = default;

const io::ingest_result& replicate_analysis::data() const { return s_->full; }
const replicate_design& replicate_analysis::design() const { return s_->design; }

void add_replicate_options(CLI::App* report, replicate_args& args) {
  report->add_option("--repweights", args.repweights,
                     "Replicate-weight columns: a regex over column names (R: svrepdesign(repweights=)); "
                     "combined weights, with --weight the full-sample weight");
  report->add_option("--rep-type", args.type,
                     "Replicate method: JK1, JKn, BRR, Fay, bootstrap, subbootstrap, other (R's type)");
  report->add_option("--replicates", args.replicates,
                     "Generate replicates from --strata/--cluster/--weight (R: as.svrepdesign): "
                     "'auto' (JK1, JKn, BRR, Fay) or a count (subbootstrap)");
  report->add_option("--fay-rho", args.fay_rho, "Fay's factor rho in [0, 1) (--rep-type Fay)");
  report->add_option("--rep-scale", args.scale, "Overall variance factor of supplied replicates (R: scale)");
  report->add_option("--rep-rscales", args.rscales,
                     "Per-replicate factors of supplied replicates (R: rscales): one number, a "
                     "comma-separated list, or a file");
  report->add_flag("--mse", args.mse, "Centre the replicate variance on the full-sample estimate (R: mse = TRUE)");
  report->add_option("--seed", args.seed, "Seed of generated subbootstrap replicates (SplitMix64)")
      ->each([&args](const std::string&) { args.seed_given = true; });
  report->add_option("--rake", args.rake,
                     "Rake the full-sample and every replicate's weights to known population margins: "
                     "a CSV with header variable,category,total (R: rake() on the replicate design)");
  report->add_option("--rake-maxit", args.rake_maxit, "Most raking sweeps (R: control$maxit; default 10)")
      ->each([&args](const std::string&) { args.rake_control_given = true; });
  report->add_option("--rake-epsilon", args.rake_epsilon,
                     "Raking tolerance: largest change of a cell total (>= 1) or fraction of the total "
                     "weight (< 1) (R: control$epsilon; default 1)")
      ->each([&args](const std::string&) { args.rake_control_given = true; });
}

replicate_analysis::replicate_analysis(const replicate_args& args, const std::string& file,
                                       io::survey_spec spec, const io::ingest_options& options)
    : s_(std::make_unique<state>()) {
  state& s = *s_;
  s.args = args;
  const bool supplied = !args.repweights.empty();
  const bool generated = !args.replicates.empty();
  const bool raking = !args.rake.empty();
  if (args.rake_control_given && !raking)
    throw usage_error("--rake-maxit and --rake-epsilon need --rake FILE");
  if (raking && !(args.rake_maxit >= 1))
    throw usage_error("--rake-maxit must be a positive whole number, got " + std::to_string(args.rake_maxit));
  if (raking && !(args.rake_epsilon > 0 && std::isfinite(args.rake_epsilon)))
    throw usage_error("--rake-epsilon must be a positive number (an absolute change if >= 1, else a "
                      "fraction of the total weight, as R's rake()), got " + number_text(args.rake_epsilon));
  std::optional<rake_margins> margins;
  if (raking) margins = read_rake_margins(args.rake);
  if (raking && !supplied && !generated) {
    // A Taylor design (R: rake(svydesign(...), ...)): linearised SEs with the raking adjustment.
    if (!args.type.empty() || !std::isnan(args.fay_rho) || !std::isnan(args.scale) || !args.rscales.empty() ||
        args.mse || args.seed_given)
      throw usage_error("--rep-type, --fay-rho, --rep-scale, --rep-rscales, --mse and --seed need "
                        "--repweights REGEX or --replicates auto|N");
    if (!spec.wave.empty()) throw usage_error("--wave cannot be combined with --rake yet");
    if (file == "-") throw usage_error("--rake needs a file, not stdin (the file is read more than once)");
    {
      auto reader = open_table(file);
      s.full = io::ingest(*reader, spec, options);
    }
    taylor_rake_outcome raked = rake_taylor(args, file, spec, options, *margins, s.full);
    s.taylor = true;
    s.taylor_data = std::move(raked.data);
    s.taylor_tallies = std::move(raked.tallies);
    s.summary = summarise(s.taylor_data->design);
    s.summary.variance = raked.summary;
    s.spec = std::move(spec);
    return;
  }
  if (supplied && generated)
    throw usage_error("give either --repweights (replicate-weight columns in the file) or --replicates "
                      "(replicates generated from the design), not both");
  if (!supplied && !generated)
    throw usage_error("--rep-type, --fay-rho, --rep-scale, --rep-rscales, --mse and --seed need "
                      "--repweights REGEX or --replicates auto|N");
  if (args.type.empty()) throw usage_error("name the replicate method with --rep-type");
  const replicate_method method = parse_method(args.type);
  if (!spec.wave.empty()) throw usage_error("--wave cannot be combined with replicate weights yet");
  if (file == "-") throw usage_error("replicate weights need a file, not stdin (the file is read more than once)");
  if (!std::isnan(args.fay_rho) && method != replicate_method::fay)
    throw usage_error("--fay-rho is for --rep-type Fay");
  if (method == replicate_method::fay && !(args.fay_rho >= 0 && args.fay_rho < 1))
    throw usage_error("--rep-type Fay needs --fay-rho in [0, 1)");
  s.generated = generated;

  // Reads the file once through `wrap` with `pass_spec`.
  const auto read = [&](const io::survey_spec& pass_spec, const io::ingest_options& o,
                        auto&& wrap) {
    auto reader = open_table(file);
    return wrap(*reader, [&](io::table_reader& r) { return io::ingest(r, pass_spec, o); });
  };
  const auto column_of = [&](const std::vector<io::column_info>& cols, const std::string& name) {
    for (std::size_t c = 0; c < cols.size(); ++c)
      if (cols[c].name == name) return c;
    throw input_error(input_errc::unknown_column, {file, 0, name, ""}, "no such column");
  };

  if (supplied) {
    if (!spec.stratum.empty() || !spec.cluster.empty() || !spec.fpc.empty())
      throw usage_error("--repweights carries the design: --strata, --cluster and --fpc are not used "
                        "with it (R: svrepdesign has no strata or clusters)");
    if (spec.weight.empty())
      throw usage_error("--repweights needs --weight, the full-sample weight (R: svrepdesign(weights =))");
    if (!args.rscales.empty() && method != replicate_method::jkn && method != replicate_method::jk1 &&
        method != replicate_method::other && method != replicate_method::bootstrap &&
        method != replicate_method::subbootstrap)
      throw usage_error("--rep-rscales is not used by --rep-type " + args.type);
    if (!std::isnan(args.scale) && (method == replicate_method::brr || method == replicate_method::fay))
      throw usage_error("--rep-type " + args.type + " sets its own scale (1/(R(1-rho)^2)): drop --rep-scale");
    if (!std::isnan(args.scale) && !(args.scale >= 0 && std::isfinite(args.scale)))
      throw usage_error("--rep-scale must be a finite number >= 0");
    if (args.seed_given) throw usage_error("--seed is for generated subbootstrap replicates (--replicates N)");
    std::regex pattern;
    try {
      pattern = std::regex(args.repweights, std::regex::extended);
    } catch (const std::regex_error& e) {
      throw usage_error("--repweights '" + args.repweights + "' is not a regular expression: " + e.what());
    }
    auto header = open_table(file);
    const auto& cols = header->columns();
    std::vector<std::size_t> rep_cols;
    std::vector<std::string> rep_names;
    for (std::size_t c = 0; c < cols.size(); ++c) {
      if (!std::regex_search(cols[c].name, pattern)) continue;
      const std::string& name = cols[c].name;
      const char* role = name == spec.weight ? "the full-sample weight (--weight)"
                         : name == spec.group ? "the group column (--group)"
                                              : nullptr;
      if (role)
        throw input_error(input_errc::malformed_record, {file, 0, name, args.repweights},
                          std::string("--repweights matches ") + role +
                              "; write a regex that matches only the replicate-weight columns");
      rep_cols.push_back(c);
      rep_names.push_back(name);
    }
    if (rep_cols.empty()) {
      std::vector<std::string> names;
      for (const auto& c : cols) names.push_back(c.name);
      throw input_error(input_errc::unknown_column, {file, 0, "", args.repweights},
                        "--repweights matches no column (columns: " + column_list(names, 40) + ")");
    }
    header.reset();
    // Replicate-weight columns are weights, never items (inference may have taken integer ones).
    spec.items.erase(std::remove_if(spec.items.begin(), spec.items.end(),
                                    [&](const io::item_spec& it) {
                                      return std::find(rep_names.begin(), rep_names.end(), it.column) !=
                                             rep_names.end();
                                    }),
                     spec.items.end());
    for (const auto& n : spec.numerics)
      if (std::find(rep_names.begin(), rep_names.end(), n) != rep_names.end())
        throw input_error(input_errc::malformed_record, {file, 0, n, args.repweights},
                          "--repweights matches a --numeric column");
    const std::size_t R = rep_cols.size();

    // The full-sample read; every row's replicate weights are checked (always strictly: a row
    // dropped from some replicates only would bias them) and kept for R's degf (their rank).
    std::vector<std::vector<double>> columns(R);
    s.full = read(spec, options, [&](io::table_reader& inner, auto&& ingest) {
      observing_reader observed(
          inner,
          [&](const std::vector<std::string_view>& fields, std::int64_t row) {
            for (std::size_t r = 0; r < R; ++r) {
              double w = 0;
              const std::string why = replicate_weight_problem(fields[rep_cols[r]], w);
              if (!why.empty())
                throw input_error(input_errc::invalid_weight,
                                  {file, row, rep_names[r], std::string(fields[rep_cols[r]])}, why);
              columns[r].push_back(w);
            }
          },
          {});
      return ingest(observed);
    });

    supplied_replicate_options o;
    o.scale = args.scale;
    o.rho = method == replicate_method::fay ? args.fay_rho : std::nan("");
    o.mse = args.mse;
    if (!args.rscales.empty()) {
      o.rscales = read_rscales(args.rscales);
      if (o.rscales.size() == 1) o.rscales.assign(R, o.rscales[0]);  // R recycles one value
      if (o.rscales.size() != R)
        throw usage_error("--rep-rscales has " + std::to_string(o.rscales.size()) +
                          " values, but --repweights matches " + std::to_string(R) + " columns (" +
                          column_list(rep_names) + ")");
    } else if (method == replicate_method::jkn) {
      throw usage_error("--rep-type JKn needs --rep-rscales (R: \"Must provide rscales for combined "
                        "JKn weights\"), e.g. (n_h - 1)/n_h of each replicate's stratum");
    }
    o.degf = replicate_degf(columns);
    columns.clear();
    columns.shrink_to_fit();
    s.design = supplied_replicate_design(method, R, o);

    // One read per replicate column, weighted by it.
    const tally& full = s.full.tally;
    std::size_t group_col = 0, weight_col = 0;
    {
      const auto reader = open_table(file);
      group_col = column_of(reader->columns(), spec.group);
      weight_col = column_of(reader->columns(), spec.weight);
    }
    io::ingest_options quiet = options;
    quiet.progress = nullptr;
    s.numerics = full_numeric_means(s.full, full, spec.numerics);
    s.rep_cols = rep_cols;
    s.rep_names = rep_names;
    s.tallies.reserve(R);
    s.numerics.replicates.resize(R);
    for (std::size_t r = 0; r < R && args.rake.empty(); ++r) {  // raked: read_raked() does it
      io::survey_spec pass = spec;
      pass.weight = rep_names[r];
      const io::ingest_result d = read(pass, quiet, [&](io::table_reader& inner, auto&& ingest) {
        replicate_pass_reader rr(inner, group_col, weight_col, rep_cols[r]);
        return ingest(rr);
      });
      s.tallies.push_back(regrouped(d, full));
      numeric_group_means(d, full, spec.numerics.size(), s.numerics.replicates[r]);
    }
    s.summary.variance = "replicate weights: " + args.type + ", " + std::to_string(R) +
                         " columns " + column_list(rep_names) + ", scale " +
                         number_text(s.design.scale) + (args.mse ? ", mse" : "");
  } else {
    // Generated from the design.
    if (!args.rscales.empty() || !std::isnan(args.scale))
      throw usage_error("--rep-scale and --rep-rscales are for supplied replicate weights "
                        "(--repweights); generated replicates carry their own");
    if (method == replicate_method::bootstrap || method == replicate_method::other)
      throw usage_error("cxgap does not generate --rep-type " + args.type +
                        " replicates: use JK1, JKn, BRR, Fay or subbootstrap, or supply the columns "
                        "with --repweights");
    if (args.seed_given && method != replicate_method::subbootstrap)
      throw usage_error("--seed is for --rep-type subbootstrap (the other methods are deterministic)");
    if (method == replicate_method::jk1 && !spec.stratum.empty())
      throw usage_error("--rep-type JK1 is for a design without strata (R: \"Can't use JK1 for a "
                        "stratified design\"); use JKn");
    if ((method == replicate_method::jkn || method == replicate_method::brr ||
         method == replicate_method::fay) && spec.stratum.empty())
      throw usage_error("--rep-type " + args.type + " needs --strata (R: \"Must use JK1 or bootstrap "
                        "for an unstratified design\")");
    if (!spec.fpc.empty() && method != replicate_method::jk1 && method != replicate_method::jkn)
      throw usage_error("--fpc cannot be used with --rep-type " + args.type +
                        " (R drops or refuses it); only JK1 and JKn carry an fpc");
    if (!spec.fpc2.empty())
      throw usage_error("--fpc2 cannot be used with generated replicates: they resample PSUs (R drops "
                        "later-stage fpcs)");
    std::size_t wanted = 0;
    if (args.replicates != "auto") {
      double n = 0;
      if (!parse_number(args.replicates, n) || !(n >= 1) || n != std::floor(n) || n > 1e6)
        throw usage_error("--replicates must be 'auto' or a positive whole number, got '" +
                          args.replicates + "'");
      wanted = static_cast<std::size_t>(n);
    }
    if (method == replicate_method::subbootstrap && wanted < 2)
      throw usage_error("--rep-type subbootstrap needs --replicates N with N >= 2");
    const bool rows_are_psus = spec.cluster.empty();
    io::survey_spec pass = spec;
    if (rows_are_psus) pass.cluster = "\x01row";
    s.full = read(pass, options, [&](io::table_reader& inner, auto&& ingest) {
      if (!rows_are_psus) return ingest(inner);
      row_id_reader rows(inner, pass.cluster);
      return ingest(rows);
    });
    const survey_design& sd = s.full.design->design;
    const std::size_t P = sd.psu_count(), H = sd.strata.size();
    std::vector<std::size_t> stratum_of_psu(P);
    for (std::size_t p = 0; p < P; ++p) stratum_of_psu[p] = sd.psu_stratum[p];
    const std::string psu_word = rows_are_psus ? "rows" : "PSUs";
    try {
      switch (method) {
        case replicate_method::jk1: {
          const double N = sd.spec.fpc1 ? sd.stratum_popsize[0] : 0;
          s.design = jk1_design(P, N);
          break;
        }
        case replicate_method::jkn: {
          std::vector<double> popsize;
          if (sd.spec.fpc1)
            for (double N : sd.stratum_popsize) popsize.push_back(std::isinf(N) ? 0 : N);
          jkn_lonely_psu lonely = jkn_lonely_psu::fail;
          switch (sd.spec.lonely) {
            case lonely_psu::fail: lonely = jkn_lonely_psu::fail; break;
            case lonely_psu::remove: lonely = jkn_lonely_psu::remove; break;
            case lonely_psu::certainty: lonely = jkn_lonely_psu::certainty; break;
            case lonely_psu::average: lonely = jkn_lonely_psu::average; break;
            case lonely_psu::adjust: lonely = jkn_lonely_psu::adjust; break;
          }
          s.design = jkn_design(stratum_of_psu, popsize, lonely);
          break;
        }
        case replicate_method::brr:
        case replicate_method::fay: {
          // R's brrweights: strata in the sort order of their labels, PSUs by first appearance.
          std::vector<std::size_t> order(H);
          for (std::size_t h = 0; h < H; ++h) order[h] = h;
          std::sort(order.begin(), order.end(),
                    [&](std::size_t x, std::size_t y) { return sd.strata[x] < sd.strata[y]; });
          std::vector<std::size_t> rank(H);
          for (std::size_t k = 0; k < H; ++k) rank[order[k]] = k;
          for (std::size_t h = 0; h < H; ++h)
            if (sd.stratum_psus[h] != 2)
              throw input_error(input_errc::malformed_record, {file, 0, spec.stratum, sd.strata[h]},
                                "stratum '" + sd.strata[h] + "' has " + std::to_string(sd.stratum_psus[h]) +
                                    " " + psu_word + "; BRR and Fay replicates need exactly two PSUs per "
                                    "stratum (R: brrweights \"Some strata have ...\")");
          for (std::size_t p = 0; p < P; ++p) stratum_of_psu[p] = rank[stratum_of_psu[p]];
          s.design = brr_design(stratum_of_psu, method == replicate_method::fay ? args.fay_rho : 0);
          break;
        }
        case replicate_method::subbootstrap: {
          for (std::size_t h = 0; h < H; ++h)
            if (sd.stratum_psus[h] < 2)
              throw input_error(input_errc::malformed_record,
                                {file, 0, spec.stratum, spec.stratum.empty() ? "" : sd.strata[h]},
                                "a stratum has one PSU; the Rao-Wu bootstrap draws n_h - 1 PSUs per stratum");
          s.design = rao_wu_bootstrap_design(stratum_of_psu, wanted, args.seed);
          break;
        }
        default: break;
      }
    } catch (const cxgap::invalid_argument& e) {
      throw input_error(input_errc::malformed_record, {file, 0, spec.stratum, ""},
                        std::string("the design cannot give ") + args.type + " replicates: " + e.what());
    }
    s.design.mse = args.mse;
    if (wanted != 0 && method != replicate_method::subbootstrap && wanted != s.design.replicate_count)
      throw usage_error("--rep-type " + args.type + " gives " + std::to_string(s.design.replicate_count) +
                        " replicates for this design, not " + std::to_string(wanted) +
                        " (use --replicates auto)");
    s.summary.strata = H;
    s.summary.psus = P;
    s.summary.two_stage = sd.spec.ssu;
    s.summary.fpc = sd.spec.fpc1;
    s.summary.lonely_psu = std::string(to_string(sd.spec.lonely));
    s.summary.variance = "replicate weights: " + args.type + ", " +
                         std::to_string(s.design.replicate_count) + " replicates generated from " +
                         std::to_string(P) + " " + psu_word +
                         (method == replicate_method::fay ? ", rho " + number_text(args.fay_rho) : "") +
                         (method == replicate_method::subbootstrap ? ", seed " + std::to_string(args.seed) : "") +
                         (args.mse ? ", mse" : "");
  }
  if (raking) {
    rake_outcome raked = rake_replicates(args, file, spec, options, *margins, s.full, s.design, generated,
                                         s.rep_cols, s.rep_names);
    s.raked = true;
    s.raked_full = std::move(raked.full);
    s.tallies = std::move(raked.replicates);
    s.numerics = std::move(raked.numerics);
    // The replicate weights now vary within PSUs: the estimates come from the R + 1 raked
    // reads, as for supplied columns, and degf is the rank of the raked replicate weights.
    s.design.psu_count = 0;
    s.design.multipliers.clear();
    s.design.degf = raked.degf;
    s.summary.variance += "; " + raked.summary;
  }
  s.summary.degf = static_cast<std::int64_t>(s.design.degf);
  s.spec = std::move(spec);
}

gap_report replicate_analysis::compare(const std::string& a, const std::string& b,
                                       const report_options& o) const {
  const state& s = *s_;
  if (s.taylor) {
    gap_report r = raked_design_compare(s.taylor_data->tally, s.taylor_data->design, s.taylor_tallies, a, b, o);
    r.design = s.summary;
    return r;
  }
  if (s.raked)
    return replicate_columns_compare(s.design, s.raked_full, s.tallies, s.numerics, a, b, o, s.summary);
  if (s.generated)
    return replicate_design_compare(s.full.design->tally, s.full.design->design, s.design, a, b, o,
                                    s.summary);
  return replicate_columns_compare(s.design, s.full.tally, s.tallies, s.numerics, a, b, o, s.summary);
}

void replicate_analysis::write_table(std::ostream& out, const gap_report& r) {
  std::ostringstream table;
  cxgap::write_table(table, r);
  std::istringstream lines(table.str());
  std::string line;
  while (std::getline(lines, line)) {
    if (r.design && r.design->variance.rfind("replicate weights", 0) == 0 && line.rfind("design-based (", 0) == 0) {
      const design_summary& d = *r.design;
      line = "design-based (" + d.variance + "): df " + std::to_string(d.degf) +
             " (rank of the replicates - 1); mean and top-box gaps are t tests on df - 1";
    }
    out << line << '\n';
  }
}

}  // namespace cxgap::cli
