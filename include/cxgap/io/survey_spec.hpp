// Which columns of a file are the group, the weight, the design columns, the segments and the
// items, and on which scales: the description the ingest step needs. Comes from command-line
// options, from a schema file (io/schema_json.hpp), or from inference (io/ingest.hpp).
#ifndef CXGAP_IO_SURVEY_SPEC_HPP
#define CXGAP_IO_SURVEY_SPEC_HPP

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cxgap/core/item.hpp"
#include "cxgap/core/scale.hpp"

namespace cxgap::io {

/// One item column. Without a scale, the scale is inferred from the column's observed range.
struct item_spec {
  std::string column;                ///< column name in the file
  std::string id;                    ///< item id in the codebook (default: the column name)
  std::string text;                  ///< question text (default: the file's column label)
  std::optional<cxgap::scale> scale;  ///< declared scale (reverse coding, boxes, don't-know codes)
};

/// The roles of a file's columns.
struct survey_spec {
  std::string group;                  ///< column holding the audience label (required)
  std::string weight;                 ///< "" = unweighted
  std::string stratum;                ///< "" = none
  std::string cluster;                ///< "" = none (PSU; with cluster2, the first stage)
  std::string cluster2;               ///< "" = none; second-stage cluster (SSU) within the PSU
  std::string fpc;                    ///< "" = none; stage-1 fpc: population size or fraction
  std::string fpc2;                   ///< "" = none; stage-2 fpc (needs cluster2)
  std::string lonely_psu = "fail";    ///< fail, remove, adjust, average, certainty (R's names)
  bool nest = false;                  ///< PSU labels are read within strata (R: nest = TRUE)
  /// Numeric item columns (spend, minutes, api00): decimal numbers, blank = missing. Their
  /// means and gaps are design-based (estimated from the PSU tally).
  std::vector<std::string> numerics;
  std::vector<std::string> segments;  ///< further label columns (region, …)
  /// "" = one wave. Otherwise the column of the survey wave: the tally's groups are then
  /// "<group> @ <wave>" (see wave_group_label), one per audience and wave, and a row with an
  /// empty wave is not used (counted under "no_group").
  std::string wave;
  std::vector<item_spec> items;       ///< empty = infer from the data
  std::vector<matched_item> matches;  ///< matched items across audiences (by item id)
};

/// True when the spec asks for design-based estimates: a weight, stratum or cluster column,
/// or numeric items (estimated through the PSU tally; with no design columns, as a simple
/// random sample with replacement).
inline bool design_based(const survey_spec& spec) {
  return !spec.weight.empty() || !spec.stratum.empty() || !spec.cluster.empty() ||
         !spec.numerics.empty();
}

/// The tally group of an audience in one wave when survey_spec::wave is set.
inline std::string wave_group_label(std::string_view group, std::string_view wave) {
  std::string label(group);
  label += " @ ";
  label += wave;
  return label;
}

}  // namespace cxgap::io

#endif  // CXGAP_IO_SURVEY_SPEC_HPP
