// `cxgap report` under replicate weights: the options (--repweights, --rep-type, --replicates,
// --fay-rho, --rep-scale, --rep-rscales, --mse, --seed, --rake, --rake-maxit, --rake-epsilon),
// reading the file for them, and the gap reports (report/replicate_report.hpp). Two modes, as
// R survey:
//   * supplied columns (R: svrepdesign(repweights = REGEX, type, combined.weights = TRUE)):
//     the file is read once with the full-sample weight and once per replicate column;
//   * generated from the design (R: as.svrepdesign(design, type)): the file is read once into
//     the PSU tally, and the replicates multiply per-PSU totals.
// With --rake (R: rake(svyrep.design, ...)), the full-sample weights are raked to the margins
// and every replicate's weights get the same number of raking sweeps; the file is then read
// once more per replicate with its raked weights (cli/rake_margins.hpp reads the margins).
// --rake without replicate weights rakes a Taylor design (R: rake(svydesign(...), ...)): the
// gaps are Taylor-linearised with the raking adjustment (design/raking_taylor.hpp,
// report/raked_design_report.hpp). docs/cli.md ("Raking to population margins").
#ifndef CXGAP_CLI_REPLICATE_COMMAND_HPP
#define CXGAP_CLI_REPLICATE_COMMAND_HPP

#include <cmath>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cxgap/design/replicate.hpp"
#include "cxgap/io/ingest.hpp"
#include "cxgap/io/survey_spec.hpp"
#include "cxgap/report/gap_report.hpp"
#include "cxgap/report/replicate_report.hpp"

namespace cxgap::cli {

/// The replicate-weight options of `cxgap report`.
struct replicate_args {
  std::string repweights;   ///< regex over column names (POSIX extended, as R's grep)
  std::string type;         ///< JK1, JKn, BRR, Fay, bootstrap, subbootstrap, other
  std::string replicates;   ///< "auto" or a count: generate from the design
  double fay_rho = std::nan("");
  double scale = std::nan("");
  std::string rscales;      ///< one number, a comma-separated list, or a file of numbers
  bool mse = false;
  std::uint64_t seed = 1;
  bool seed_given = false;
  std::string rake;         ///< margins CSV (variable,category,total): rake the weights to it
  long long rake_maxit = 10;   ///< R rake()'s control$maxit
  double rake_epsilon = 1;     ///< R rake()'s control$epsilon
  bool rake_control_given = false;

  /// True when any replicate or raking option was given.
  bool active() const {
    return !repweights.empty() || !type.empty() || !replicates.empty() || !std::isnan(fay_rho) ||
           !std::isnan(scale) || !rscales.empty() || mse || seed_given || !rake.empty() ||
           rake_control_given;
  }
};

/// Adds the replicate options to the report subcommand.
void add_replicate_options(CLI::App* report, replicate_args& args);

/// The data read for a replicate-weight report and the replicate design.
class replicate_analysis {
 public:
  /// Checks the options against each other and the spec (usage_error; --rake without replicate
  /// weights rakes the Taylor design of --weight/--strata/--cluster/--fpc), then reads `file`
  /// (input_error naming file, row, column and
  /// value for a bad replicate weight, a regex that matches no column, a design BRR cannot use,
  /// a bad margins file or a raking value absent from the margins, ...). `spec` must be
  /// complete (items with scales); replicate-weight columns inferred as items are dropped from
  /// it. Raking that does not converge is not an error: a warning goes to std::cerr and into
  /// the report's design line.
  replicate_analysis(const replicate_args& args, const std::string& file, io::survey_spec spec,
                     const io::ingest_options& options);
  ~replicate_analysis();
  replicate_analysis(const replicate_analysis&) = delete;
  replicate_analysis& operator=(const replicate_analysis&) = delete;

  /// The full-sample read: tally, exclusion summary and (generated mode) design.
  const io::ingest_result& data() const;
  /// Group a vs b on every item under the replicate design.
  gap_report compare(const std::string& a, const std::string& b, const report_options& o) const;
  /// The replicate design (for tests and the summary line); with --rake, the raked replicates'
  /// (degf of the raked replicate weights). Empty for a raked Taylor design.
  const replicate_design& design() const;
  /// write_table, with the design line naming the replicate method, replicates and df.
  static void write_table(std::ostream& out, const gap_report& r);

 private:
  struct state;
  std::unique_ptr<state> s_;
};

}  // namespace cxgap::cli

#endif  // CXGAP_CLI_REPLICATE_COMMAND_HPP
