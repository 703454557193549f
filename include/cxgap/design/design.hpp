// A complex survey design: weights, strata, one- or two-stage clusters (PSU, SSU), finite
// population corrections per stage and the lonely-PSU policy, as R's svydesign() describes them
// (Lumley 2010, "Complex Surveys", ch. 2–3). Built row by row (design_builder, used by the
// streaming ingest) or from a survey's design columns (make_design); validated once, then read
// by the PSU tally (design/psu_tally.hpp) and the Taylor variance (design/taylor.hpp).
#ifndef CXGAP_DESIGN_DESIGN_HPP
#define CXGAP_DESIGN_DESIGN_HPP

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "cxgap/core/survey.hpp"
#include "cxgap/design/row_units.hpp"
#include "cxgap/error.hpp"

namespace cxgap {

/// What a stratum with a single PSU contributes to the variance: R's options(survey.lonely.psu).
/// fail: an error when the design is built; remove and certainty: nothing; adjust: the PSU
/// total centred at zero (the population mean of the linearised values) instead of the stratum
/// mean; average: the average contribution of the other strata.
enum class lonely_psu : unsigned char { fail, remove, adjust, average, certainty };

/// Name of a lonely-PSU policy, as R spells it.
constexpr std::string_view to_string(lonely_psu p) noexcept {
  switch (p) {
    case lonely_psu::fail: return "fail";
    case lonely_psu::remove: return "remove";
    case lonely_psu::adjust: return "adjust";
    case lonely_psu::average: return "average";
    case lonely_psu::certainty: return "certainty";
  }
  return "unknown";
}

/// Parses "fail", "remove", "adjust", "average" or "certainty"; throws invalid_argument else.
inline lonely_psu parse_lonely_psu(std::string_view name) {
  for (lonely_psu p : {lonely_psu::fail, lonely_psu::remove, lonely_psu::adjust,
                       lonely_psu::average, lonely_psu::certainty})
    if (to_string(p) == name) return p;
  throw cxgap::invalid_argument("cxgap::parse_lonely_psu: '" + std::string(name) +
                                "' is not one of fail, remove, adjust, average, certainty");
}

/// A row that does not fit the design: carries the role of the offending column ("weight",
/// "stratum", "cluster", "cluster2", "fpc", "fpc2") so a reader can name the file's column.
class design_error : public cxgap::invalid_argument {
 public:
  design_error(std::string role, const std::string& what)
      : cxgap::invalid_argument(what), role_(std::move(role)) {}
  const std::string& role() const noexcept { return role_; }

 private:
  std::string role_;
};

/// Which design columns exist, and the options R's svydesign() takes.
struct design_spec {
  bool strata = false;    ///< false: one stratum (R: strata = NULL)
  bool clusters = false;  ///< false: every row is its own PSU (R: id = ~1)
  bool ssu = false;       ///< two-stage: a second-stage cluster column (R: id = ~psu + ssu)
  bool fpc1 = false;      ///< finite population correction at stage 1
  bool fpc2 = false;      ///< at stage 2 (two-stage designs; without it stage 2 is infinite)
  lonely_psu lonely = lonely_psu::fail;  ///< R's default
  /// false (R's default): a PSU label names one PSU, and a label found in two strata is an
  /// error. true (R's nest = TRUE): PSU labels are read within their stratum.
  bool nest = false;
};

/// The validated design: strata, PSUs and the tally units the variance is computed from.
///
/// Units: with clusters, a unit is the last-stage cluster (the PSU, or the SSU of a two-stage
/// design) and the PSU tally keeps one set of sums per unit. Without clusters every row is its
/// own PSU, and the unit is the stratum: the tally then keeps Σw and Σw² per stratum, which is
/// all the variance of a stratified element sample needs (the "moment" form).
struct survey_design {
  design_spec spec;
  std::vector<std::string> strata;       ///< stratum labels ("" when there are none)
  std::vector<std::int64_t> stratum_psus;  ///< n_h: PSUs (or rows) sampled per stratum
  /// Stage-1 population size N_h per stratum (infinity without an fpc).
  std::vector<double> stratum_popsize;
  std::vector<std::string> psus;          ///< PSU labels (clustered designs)
  std::vector<std::uint32_t> psu_stratum;  ///< stratum of each PSU
  std::vector<std::int64_t> psu_ssus;     ///< m_p: SSUs sampled per PSU (two-stage)
  std::vector<double> psu_popsize;        ///< stage-2 population size M_p (infinity without)
  std::vector<std::uint32_t> unit_psu;    ///< PSU of each unit (clustered designs)
  std::int64_t rows = 0;                  ///< rows in the design
  /// The unit of every row and their runs, when the design was made from a whole survey
  /// (make_design); empty when it was built while streaming (the ingest keeps them per chunk).
  row_units row_unit;

  /// True when rows are the PSUs (no cluster column): units are strata, sums are moments.
  bool rows_are_psus() const noexcept { return !spec.clusters; }
  std::size_t unit_count() const noexcept {
    return rows_are_psus() ? strata.size() : unit_psu.size();
  }
  std::size_t psu_count() const noexcept {
    return rows_are_psus() ? static_cast<std::size_t>(rows) : psus.size();
  }
  /// Stratum of a unit.
  std::uint32_t unit_stratum(std::size_t u) const {
    return rows_are_psus() ? static_cast<std::uint32_t>(u) : psu_stratum[unit_psu[u]];
  }
  /// R's degf(design): PSUs minus strata.
  std::int64_t degf() const noexcept {
    return static_cast<std::int64_t>(psu_count()) - static_cast<std::int64_t>(strata.size());
  }
  /// R's f = (N − n)/N of onestrat() at stage 1 (1 without an fpc).
  double stratum_f(std::size_t h) const {
    const double N = stratum_popsize[h];
    return std::isinf(N) ? 1.0 : (N - static_cast<double>(stratum_psus[h])) / N;
  }
  /// (M − m)/M at stage 2 for a PSU (1 without a stage-2 fpc).
  double psu_f(std::size_t p) const {
    const double M = psu_popsize[p];
    return std::isinf(M) ? 1.0 : (M - static_cast<double>(psu_ssus[p])) / M;
  }
};

/// Builds a survey_design one row at a time, so a file can be streamed: add() returns the row's
/// tally unit (units are numbered in order of first appearance, so earlier numbers never
/// change), finish() validates the whole design.
class design_builder {
 public:
  explicit design_builder(design_spec spec) : spec_(spec) {
    d_.spec = spec;
    if (!spec_.strata) intern_stratum("");
    if (spec_.ssu && !spec_.clusters)
      throw cxgap::invalid_argument(
          "cxgap::design_builder: a second-stage cluster needs a first-stage cluster");
    if (spec_.fpc2 && !spec_.ssu)
      throw cxgap::invalid_argument(
          "cxgap::design_builder: a stage-2 fpc needs a second-stage cluster column");
  }

  /// Adds a row and returns its unit. Labels of columns the spec does not have are ignored, as
  /// are the fpc values of stages without an fpc. Throws design_error, with a message that
  /// names the column and value, for a weight that is not finite and positive, an empty label
  /// or a missing (NaN) fpc in a declared column, an fpc that is not positive, a PSU found in
  /// two strata (unless spec.nest), and an fpc that differs within a stratum (stage 1) or a PSU
  /// (stage 2).
  std::uint32_t add(double weight, std::string_view stratum, std::string_view psu,
                    std::string_view ssu, double fpc1 = std::numeric_limits<double>::quiet_NaN(),
                    double fpc2 = std::numeric_limits<double>::quiet_NaN()) {
    if (!std::isfinite(weight) || weight <= 0)
      fail("weight", num(weight), "a design weight must be finite and positive (R: prob = 1/w)");
    std::uint32_t h = 0;
    if (spec_.strata) {
      if (stratum.empty()) fail("stratum", "", "the stratum is empty");
      h = intern_stratum(stratum);
    }
    if (spec_.fpc1) check_fpc(fpc1, stratum_fpc_[h], "fpc", "its stratum");
    ++d_.rows;
    if (!spec_.clusters) {
      ++d_.stratum_psus[h];
      return h;
    }
    if (psu.empty()) fail("cluster", "", "the cluster (PSU) is empty");
    key_.clear();
    if (spec_.nest) {
      key_ += std::to_string(h);
      key_ += '\x1f';
    }
    key_ += psu;
    auto [it, added] = psu_index_.emplace(key_, static_cast<std::uint32_t>(d_.psus.size()));
    const std::uint32_t p = it->second;
    if (added) {
      d_.psus.emplace_back(psu);
      d_.psu_stratum.push_back(h);
      d_.psu_ssus.push_back(0);
      psu_fpc_.push_back(std::numeric_limits<double>::quiet_NaN());
      ++d_.stratum_psus[h];
    } else if (d_.psu_stratum[p] != h) {
      fail("cluster", std::string(psu),
           "PSU '" + std::string(psu) + "' is in stratum '" + d_.strata[d_.psu_stratum[p]] +
               "' and in stratum '" + d_.strata[h] +
               "'; PSU labels must be unique across strata, or read them within strata "
               "(R: nest = TRUE; cxgap: --nest)");
    }
    if (!spec_.ssu) {
      if (added) d_.unit_psu.push_back(p);
      return p;  // one-stage: the unit is the PSU
    }
    if (ssu.empty()) fail("cluster2", "", "the second-stage cluster (SSU) is empty");
    if (spec_.fpc2) check_fpc(fpc2, psu_fpc_[p], "fpc2", "its PSU");
    key_.clear();
    key_ += std::to_string(p);
    key_ += '\x1f';
    key_ += ssu;
    auto [jt, new_ssu] = ssu_index_.emplace(key_, static_cast<std::uint32_t>(d_.unit_psu.size()));
    if (new_ssu) {
      d_.unit_psu.push_back(p);
      ++d_.psu_ssus[p];
    }
    return jt->second;
  }

  /// Rows added so far.
  std::int64_t rows() const noexcept { return d_.rows; }
  /// Units so far (the PSU tally grows to this many).
  std::size_t unit_count() const noexcept { return d_.unit_count(); }

  /// The validated design. Throws invalid_argument when there are no rows; when fpcs mix
  /// population sizes (> 1) with fractions (< 1) (R: "Must have all fpc>=1 or all fpc<=1"); when
  /// an fpc implies more PSUs (SSUs) sampled than exist; and, under lonely_psu::fail, for a
  /// stratum with one PSU that is not a certainty PSU (R: "Stratum (x) has only one PSU at
  /// stage 1"), or a PSU with one SSU at stage 2 when stage 2 contributes (fpc at stage 1).
  survey_design finish() const {
    survey_design d = d_;
    const char* fn = "cxgap::design_builder::finish";
    if (d.rows == 0) throw cxgap::invalid_argument(std::string(fn) + ": the design has no rows");
    // As R's as.fpc(): population sizes if any fpc exceeds 1 (then all must be >= 1), else
    // sampling fractions, turned into population sizes n / fraction.
    bool any_big = false, any_small = false;
    for (const auto* column : {&stratum_fpc_, &psu_fpc_}) {
      for (double v : *column) {
        any_big = any_big || v > 1;
        any_small = any_small || v < 1;
      }
    }
    if (any_big && any_small)
      throw cxgap::invalid_argument(std::string(fn) +
                                    ": the fpc mixes population sizes (> 1) and sampling "
                                    "fractions (< 1); give all as one or the other");
    const double inf = std::numeric_limits<double>::infinity();
    d.stratum_popsize.assign(d.strata.size(), inf);
    d.psu_popsize.assign(d.psus.size(), inf);
    const auto popsize = [&](double fpc, std::int64_t n, const std::string& where) {
      const double N = any_big ? fpc : static_cast<double>(n) / fpc;
      if (N < static_cast<double>(n))
        throw cxgap::invalid_argument(std::string(fn) + ": the fpc of " + where +
                                      " implies a population of " + num(N) + " but " +
                                      std::to_string(n) + " were sampled (R: \"FPC implies "
                                      ">100% sampling\")");
      return N;
    };
    if (spec_.fpc1)
      for (std::size_t h = 0; h < d.strata.size(); ++h)
        d.stratum_popsize[h] =
            popsize(stratum_fpc_[h], d.stratum_psus[h], "stratum '" + d.strata[h] + "'");
    if (spec_.fpc2)
      for (std::size_t p = 0; p < d.psus.size(); ++p)
        d.psu_popsize[p] = popsize(psu_fpc_[p], d.psu_ssus[p], "PSU '" + d.psus[p] + "'");
    if (spec_.lonely == lonely_psu::fail) {
      for (std::size_t h = 0; h < d.strata.size(); ++h)
        if (d.stratum_psus[h] == 1 && !(d.stratum_f(h) < 1e-7))
          throw cxgap::invalid_argument(
              std::string(fn) + ": stratum '" + d.strata[h] +
              "' has only one PSU at stage 1, and the lonely-PSU policy is 'fail' (choose "
              "remove, adjust, average or certainty; R: options(survey.lonely.psu))");
      if (spec_.ssu && spec_.fpc1)
        for (std::size_t p = 0; p < d.psus.size(); ++p)
          if (d.psu_ssus[p] == 1 && !(d.psu_f(p) < 1e-7))
            throw cxgap::invalid_argument(
                std::string(fn) + ": PSU '" + d.psus[p] +
                "' has only one SSU at stage 2, and the lonely-PSU policy is 'fail'");
    }
    return d;
  }

 private:
  static std::string num(double x) {
    std::ostringstream os;
    os.precision(15);
    os << x;
    return os.str();
  }
  [[noreturn]] static void fail(const char* column, const std::string& value,
                                const std::string& why) {
    std::string m = "cxgap::design_builder::add: ";
    m += column;
    m += " '";
    m += value;
    m += "': ";
    m += why;
    throw design_error(column, m);
  }
  void check_fpc(double v, double& seen, const char* column, const char* within) {
    if (std::isnan(v)) fail(column, "", "the fpc is missing");
    if (!std::isfinite(v) || v <= 0) fail(column, num(v), "an fpc must be finite and positive");
    if (std::isnan(seen)) {
      seen = v;
    } else if (seen != v) {
      fail(column, num(v),
           std::string("the fpc differs within ") + within + " (it was " + num(seen) + ")");
    }
  }
  std::uint32_t intern_stratum(std::string_view label) {
    auto [it, added] =
        stratum_index_.emplace(std::string(label), static_cast<std::uint32_t>(d_.strata.size()));
    if (added) {
      d_.strata.emplace_back(label);
      d_.stratum_psus.push_back(0);
      stratum_fpc_.push_back(std::numeric_limits<double>::quiet_NaN());
    }
    return it->second;
  }

  design_spec spec_;
  survey_design d_;
  std::unordered_map<std::string, std::uint32_t> stratum_index_;
  std::unordered_map<std::string, std::uint32_t> psu_index_;
  std::unordered_map<std::string, std::uint32_t> ssu_index_;
  std::vector<double> stratum_fpc_;
  std::vector<double> psu_fpc_;
  std::string key_;
};

/// The design of a survey's own columns: weights (1 when unweighted), strata, clusters, SSUs
/// and fpcs, whichever are set; spec.lonely and spec.nest are taken from `options` and the
/// column flags from the survey. The result's row_unit gives every row's tally unit (and their
/// runs). Throws
/// invalid_argument as design_builder does, naming the row.
inline survey_design make_design(const survey& s, design_spec options = {}) {
  design_spec spec = options;
  spec.strata = !s.strata().empty();
  spec.clusters = !s.clusters().empty();
  spec.ssu = !s.ssus().empty();
  spec.fpc1 = !s.fpc(1).empty();
  spec.fpc2 = !s.fpc(2).empty();
  design_builder b(spec);
  std::vector<std::uint32_t> units(s.size());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t r = 0; r < s.size(); ++r) {
    try {
      units[r] = b.add(s.weighted() ? s.weights()[r] : 1.0,
                       spec.strata ? s.strata().at(r) : std::string_view{},
                       spec.clusters ? s.clusters().at(r) : std::string_view{},
                       spec.ssu ? s.ssus().at(r) : std::string_view{},
                       spec.fpc1 ? s.fpc(1)[r] : nan, spec.fpc2 ? s.fpc(2)[r] : nan);
    } catch (const cxgap::invalid_argument& e) {
      throw cxgap::invalid_argument("cxgap::make_design: row " + std::to_string(r) + ": " +
                                    e.what());
    }
  }
  survey_design d = b.finish();
  d.row_unit = row_units(std::move(units));
  return d;
}

/// Kish's effective sample size (Σw)²/Σw² of a set of weights (Kish 1965, §11.7): the size of
/// a simple random sample with the precision that unequal weights alone leave. The weights-only
/// design effect is n / n_eff. NaN when Σw² is 0.
inline double kish_effective_n(double sum_w, double sum_w2) noexcept {
  return sum_w2 > 0 ? sum_w * sum_w / sum_w2 : std::numeric_limits<double>::quiet_NaN();
}

/// Kish's effective sample size of a weight vector.
inline double kish_effective_n(const std::vector<double>& w) noexcept {
  double s = 0, s2 = 0;
  for (double x : w) s += x, s2 += x * x;
  return kish_effective_n(s, s2);
}

}  // namespace cxgap

#endif  // CXGAP_DESIGN_DESIGN_HPP
