// R survey's api data (tests/reference/fixtures/api/*.csv, exported by design_api_data.R) loaded
// into a cxgap::survey with the design columns of the reference designs in
// tests/reference/design_taylor.R: group = awards ("1"/"0"), the 0/1 item yr_rnd on a 0..1
// scale, numeric items api00 and enroll. Also the plain CSV reader the design tests share
// (read_csv_columns: the CX panel and margins files).
#ifndef CXGAP_TESTS_DESIGN_API_DATA_HPP
#define CXGAP_TESTS_DESIGN_API_DATA_HPP

#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "cxgap/core/survey.hpp"
#include "support/fixture.hpp"

namespace cxgap::test {

/// Rows of a simple CSV file (no quoted fields; a short row is padded with empty values) as
/// column name → values. `path` is the file's full path. Throws std::runtime_error if it
/// cannot be opened.
inline std::map<std::string, std::vector<std::string>> read_csv_columns(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  {
    std::stringstream ss(line);
    for (std::string f; std::getline(ss, f, ',');) header.push_back(f);
  }
  std::map<std::string, std::vector<std::string>> cols;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string x; std::getline(ss, x, ',');) f.push_back(x);
    f.resize(header.size());
    for (std::size_t c = 0; c < header.size(); ++c) cols[header[c]].push_back(f[c]);
  }
  return cols;
}

/// The columns of R's api data set `name` (fixtures/api/<name>.csv), as read_csv_columns.
inline std::map<std::string, std::vector<std::string>> read_api_csv(const std::string& name) {
  return read_csv_columns(fixture_path("api/" + name + ".csv"));
}

/// Which design columns to set (names of the CSV columns, "" = none).
struct api_design {
  std::string data, strata, cluster, cluster2, fpc1, fpc2;
};

/// The reference designs of design_taylor.R by case name.
inline api_design api_design_of(const std::string& name) {
  if (name == "strat") return {"apistrat", "stype", "", "", "fpc", ""};
  if (name == "strat_nofpc") return {"apistrat", "stype", "", "", "", ""};
  if (name == "clus1") return {"apiclus1", "", "dnum", "", "fpc", ""};
  if (name == "clus1_nofpc") return {"apiclus1", "", "dnum", "", "", ""};
  if (name == "clus2") return {"apiclus2", "", "dnum", "snum", "fpc1", "fpc2"};
  if (name == "clus2_nofpc") return {"apiclus2", "", "dnum", "snum", "", ""};
  throw std::runtime_error("no api design " + name);
}

inline survey load_api(const api_design& d) {
  const auto cols = read_api_csv(d.data);
  survey s;
  const std::size_t yr = s.add_item({"yr_rnd", "year-round school", scale(0, 1)});
  const std::size_t api00 = s.add_numeric("api00");
  const std::size_t enroll = s.add_numeric("enroll");
  const auto& pw = cols.at("pw");
  for (std::size_t r = 0; r < pw.size(); ++r) {
    const std::size_t row = s.add_respondent(cols.at("awards")[r]);
    s.set_weight(row, std::stod(pw[r]));
    if (!d.strata.empty()) s.set_stratum(row, cols.at(d.strata)[r]);
    if (!d.cluster.empty()) s.set_cluster(row, cols.at(d.cluster)[r]);
    if (!d.cluster2.empty()) s.set_ssu(row, cols.at(d.cluster2)[r]);
    if (!d.fpc1.empty()) s.set_fpc(row, 1, std::stod(cols.at(d.fpc1)[r]));
    if (!d.fpc2.empty()) s.set_fpc(row, 2, std::stod(cols.at(d.fpc2)[r]));
    const std::string& y = cols.at("yr_rnd")[r];
    if (!y.empty()) s.set_response(row, yr, std::stoi(y));
    for (auto [k, name] : {std::pair{api00, "api00"}, std::pair{enroll, "enroll"}}) {
      const std::string& v = cols.at(name)[r];
      if (!v.empty()) s.set_numeric(row, k, std::stod(v));
    }
  }
  return s;
}

}  // namespace cxgap::test

#endif  // CXGAP_TESTS_DESIGN_API_DATA_HPP
