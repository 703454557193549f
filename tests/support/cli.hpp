// Running the built `cxgap` tool from an end-to-end test: the command runs in the source
// directory (so bundled files are named relative to it), and its exit code, stdout and stderr
// come back. Only for tests compiled with CXGAP_HAVE_CLI.
#ifndef CXGAP_TESTS_SUPPORT_CLI_HPP
#define CXGAP_TESTS_SUPPORT_CLI_HPP

#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace cxgap::test {

struct run_result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// The whole content of a file ("" if it cannot be read).
inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// A path in the test's temporary directory, unique to this process.
inline std::string temp_path(const std::string& name) {
  return testing::TempDir() + "cxgap_cli_" + std::to_string(::getpid()) + "_" + name;
}

/// Writes `text` to temp_path(name); returns the path.
inline std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = temp_path(name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

/// A number of the tool's JSON output; null (a statistic that cannot be computed) is NaN.
inline double num(const nlohmann::json& j) { return j.is_null() ? std::nan("") : j.get<double>(); }

/// Runs the tool with `args` (shell-quoted by the caller where needed).
inline run_result run_cli(const std::string& args) {
  const std::string out = temp_path("stdout"), err = temp_path("stderr");
  // Appended, not `std::string(a) + …`: GCC 12 -O2 C++20 reports a false -Wrestrict there.
  std::string cmd = "cd '";
  cmd += CXGAP_SOURCE_DIR;
  cmd += "' && '";
  cmd += CXGAP_CLI_PATH;
  cmd += "' " + args + " >'" + out + "' 2>'" + err + "'";
  const int status = std::system(cmd.c_str());
  run_result r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  std::remove(out.c_str());
  std::remove(err.c_str());
  return r;
}

/// A run of the tool on a temporary file, and the file's path (as messages name it).
struct temp_file_run {
  run_result result;
  std::string path;
};

/// Writes `content` to write_temp(name), runs the tool with `before` + the quoted path +
/// `after`, and removes the file.
inline temp_file_run run_on_temp_file(const std::string& name, const std::string& content,
                                      const std::string& before, const std::string& after = "") {
  temp_file_run t;
  t.path = write_temp(name, content);
  t.result = run_cli(before + "'" + t.path + "'" + after);
  std::remove(t.path.c_str());
  return t;
}

/// The item named `item` of a comparison in the tool's JSON output (a failure if there is none).
inline const nlohmann::json& item_of(const nlohmann::json& comparison, const std::string& item) {
  for (const auto& it : comparison["items"])
    if (it["item"] == item) return it;
  ADD_FAILURE() << "no item " << item;
  return comparison;
}

}  // namespace cxgap::test

#endif  // CXGAP_TESTS_SUPPORT_CLI_HPP
