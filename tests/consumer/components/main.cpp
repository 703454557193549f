// Reads an SPSS file through cxgap::io_sav, tallies it and writes the JSON report through
// cxgap::json: the installed components link and work. usage: consumer FILE.sav
#include <cstdlib>
#include <iostream>
#include <sstream>

#include <cxgap/io/ingest.hpp>
#include <cxgap/io/readstat.hpp>
#include <cxgap/io/report_json.hpp>

int main(int argc, char** argv) {
  if (argc < 2) return EXIT_FAILURE;
  cxgap::io::survey_spec spec;
  spec.group = "audience";
  spec.items.push_back({"q1", "q1", "", cxgap::scale::likert(1, 5)});
  auto reader = cxgap::io::open_readstat(argv[1]);
  const auto data = cxgap::io::ingest(*reader, spec);
  const auto report = cxgap::compare(data.tally, "executive", "customer");
  std::ostringstream json;
  cxgap::io::write_json(json, {report}, data.summary);
  std::cout << json.str().substr(0, 80) << "...\n";
  return json.str().find("\"schema\": 1") != std::string::npos ? EXIT_SUCCESS : EXIT_FAILURE;
}
