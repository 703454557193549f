// Prints the gap tables of the bundled sample survey (examples/data/sample_survey.csv):
// executives vs customers and employees vs customers, on every matched item.
//
// The survey's codebook and reader are in sample_survey.hpp.
//
// usage: cxgap_gap_table [sample_survey.csv]
#include <cstdlib>
#include <iostream>
#include <string>

#include <cxgap/cxgap.hpp>

#include "sample_survey.hpp"

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "examples/data/sample_survey.csv";
  try {
    const cxgap::survey s = sample::read(path);
    const cxgap::tally t = cxgap::make_tally(s);
    std::cout << path << ": " << s.size() << " respondents";
    for (std::size_t g = 0; g < t.groups().size(); ++g)
      std::cout << (g ? ", " : " (") << t.respondents(g) << " " << t.groups()[g];
    std::cout << ")\n";
    for (const char* a : {"executive", "employee"}) {
      const cxgap::gap_report report = cxgap::compare(t, a, "customer");
      std::int64_t dont_know = 0, missing = 0;
      for (const auto& g : report.items) {
        dont_know += g.dont_know_a + g.dont_know_b;
        missing += g.missing_a + g.missing_b;
      }
      std::cout << '\n';
      cxgap::write_table(std::cout, report);
      std::cout << "excluded: " << dont_know << " \"don't know\" answers, " << missing
                << " missing answers\n";
    }
  } catch (const std::exception& e) {
    std::cerr << "cxgap_gap_table: " << e.what() << '\n';
    return 2;
  }
  return EXIT_SUCCESS;
}
