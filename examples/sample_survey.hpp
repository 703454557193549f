// The bundled sample survey (examples/data/sample_survey.csv): its codebook and a small reader.
//
// The codebook (question texts, scales, "don't know" code 9, and the matched pair "authority" /
// "solve_problem") is declared here; the file is read with a deliberately small reader for this
// one well-formed file (plain comma-separated fields, a header row). General CSV, SPSS and
// Stata input, schemas and the `cxgap report` command belong to cxgap's io component.
#ifndef CXGAP_EXAMPLES_SAMPLE_SURVEY_HPP
#define CXGAP_EXAMPLES_SAMPLE_SURVEY_HPP

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <cxgap/core/survey.hpp>

namespace sample {

inline std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, ',')) fields.push_back(field);
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

inline cxgap::survey codebook() {
  using cxgap::scale;
  const scale agree = scale::likert(1, 5)
                          .with_labels({"strongly disagree", "disagree", "neither", "agree",
                                        "strongly agree"})
                          .with_dont_know({9});
  cxgap::survey s;
  s.add_item({"above_average", "The service is above average", agree});
  s.add_item({"superior_experience", "We deliver / I receive a superior experience", agree});
  s.add_item({"deserves_loyalty", "The company deserves customers' loyalty", agree});
  s.add_item({"authority", "Our staff have the tools and authority to solve customer problems",
              agree});
  s.add_item({"solve_problem", "The staff could solve my problem", agree});
  s.add_item({"worth_the_price", "The service is worth the price", agree});
  s.add_item({"delight", "Customers are delighted", agree});
  s.add_item({"first_contact_resolved", "Problems are resolved at the first contact",
              scale::binary()});
  s.add_item({"easy_to_do_business", "The company is easy to do business with", agree});
  s.add_item({"staff_courtesy", "Staff are courteous", agree});
  s.add_item({"recommend", "How likely to recommend (0-10)", scale::nps()});
  s.add_match({"authority",
               {{"executive", "authority"}, {"employee", "authority"}, {"customer", "solve_problem"}}});
  s.add_segment("region");
  return s;
}

inline cxgap::survey read(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  cxgap::survey s = codebook();
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> header = split(line);
  for (std::int64_t row = 2; std::getline(in, line); ++row) {
    const std::vector<std::string> f = split(line);
    if (f.size() != header.size())
      throw std::runtime_error(path + ":" + std::to_string(row) + ": expected " +
                               std::to_string(header.size()) + " fields, found " +
                               std::to_string(f.size()));
    const std::size_t r = s.add_respondent(f[1]);
    s.set_segment(r, 0, f[2]);
    for (std::size_t c = 3; c < f.size(); ++c) {
      if (f[c].empty()) continue;  // missing: counted by the tally
      std::size_t used = 0;
      int code = 0;
      try {
        code = std::stoi(f[c], &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used != f[c].size())
        throw std::runtime_error(path + ":" + std::to_string(row) + ": column '" + header[c] +
                                 "': '" + f[c] + "' is not an integer code");
      s.set_response(r, s.item_index(header[c]), code);
    }
  }
  return s;
}

}  // namespace sample

#endif  // CXGAP_EXAMPLES_SAMPLE_SURVEY_HPP
