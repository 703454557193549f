// The statistics of one paired comparison — first − second over the pairs of a paired_table —
// as the JSON document of `cxgap dyads` and `cxgap items`, and its rendering as a table. The
// table is drawn from the JSON, so the two formats always show the same numbers.
#ifndef CXGAP_CLI_PAIRED_ANALYSIS_HPP
#define CXGAP_CLI_PAIRED_ANALYSIS_HPP

#include <iosfwd>
#include <string>

#include <nlohmann/json.hpp>

#include "cxgap/core/scale.hpp"
#include "cxgap/paired/paired_table.hpp"
#include "cxgap/paired/signed_rank.hpp"

namespace cxgap::cli {

struct paired_analysis_options {
  double level = 0.95;
  signed_rank_zeros zero_method = signed_rank_zeros::wilcox;
  /// Bland–Altman, kappa (unweighted, linear, quadratic) and the six ICCs: for dyads (two
  /// raters of one thing), not for say–do gaps (two different questions).
  bool agreement = false;
};

/// Adds to `doc` the keys "n", "scale", "mean", "signed_rank", "top_box" and, with
/// options.agreement, "agreement" (docs/cli.md lists every key). Scores are the scale's scores
/// (reverse coding applied); the top box is the scale's (binary scale: "yes" = 1).
void add_paired_statistics(nlohmann::ordered_json& doc, const paired_table& table,
                           const cxgap::scale& scale, const paired_analysis_options& options);

/// The table format: what the document's paired statistics say, for people.
void write_paired_table(std::ostream& out, const nlohmann::ordered_json& doc,
                        const std::string& label_a, const std::string& label_b);

}  // namespace cxgap::cli

#endif  // CXGAP_CLI_PAIRED_ANALYSIS_HPP
