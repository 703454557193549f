// Parallel CSV → tally (see io/parallel_ingest.hpp and docs/io.md).
//
// 1. One reader reads the header (and Qualtrics rows): columns, delimiter, where the data starts.
// 2. Cut points every range_bytes bytes of data are moved to a likely record start: the first
//    line start after the cut from which a few records parse, by the reader's rules, into the
//    header's number of fields (a line break inside a quoted field rarely passes that probe).
// 3. Workers take the ranges in file order; each runs ingest() on a csv_reader of its range.
//    A reader returns the records that start before its range's end (the last may run past it)
//    and reports where it stopped and how many line breaks it passed.
// 4. The calling thread adds the results in file order. Range k is trusted only if it starts
//    where range k-1 stopped; otherwise (a wrong probe) it is read again from there. Its first
//    line is the data's first line plus the line breaks of the ranges before it, so an error is
//    re-raised by reading its range again with that line: the message is ingest()'s.
#include "cxgap/io/parallel_ingest.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <fstream>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "cxgap/error.hpp"

namespace cxgap::io {

namespace {

constexpr std::uint64_t mib = std::uint64_t{1} << 20;
constexpr std::size_t probe_records = 8;     // records a candidate start must parse into
constexpr std::size_t max_candidates = 64;   // line starts tried after a cut
constexpr std::size_t max_group_labels = 254;  // ingest()'s limit (tally::accumulate)

// Bytes [offset, offset + n) of the file (fewer at its end).
std::string read_window(std::ifstream& in, std::uint64_t offset, std::size_t n) {
  std::string w(n, '\0');
  in.clear();
  in.seekg(static_cast<std::streamoff>(offset));
  in.read(w.data(), static_cast<std::streamsize>(n));
  w.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
  return w;
}

// Whether the text from w[p] parses, by csv_reader's rules, into records of `columns` fields
// (up to probe_records of them; a record cut by the end of the window passes).
bool plausible_start(const std::string& w, std::size_t p, bool at_eof, char d,
                     std::size_t columns) {
  const std::size_t n = w.size();
  std::size_t i = p;
  for (std::size_t records = 0; records < probe_records; ++records) {
    while (i < n && (w[i] == '\n' || w[i] == '\r')) ++i;  // blank lines
    if (i == n) return true;
    std::size_t fields = 0;
    for (;;) {  // one field
      ++fields;
      if (i < n && w[i] == '"') {
        ++i;
        for (;;) {
          const std::size_t q = w.find('"', i);
          if (q == std::string::npos) return !at_eof;  // cut by the window, or never closed
          if (q + 1 < n && w[q + 1] == '"') {
            i = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        if (i == n) {
          if (!at_eof) return true;
          break;
        }
        if (w[i] == d) {
          ++i;
          continue;
        }
        if (w[i] != '\n' && w[i] != '\r') return false;  // text after the closing quote
        break;
      }
      while (i < n && w[i] != d && w[i] != '\n' && w[i] != '\r') ++i;
      if (i == n) {
        if (!at_eof) return true;
        break;
      }
      if (w[i] == d) {
        ++i;
        continue;
      }
      break;
    }
    if (fields != columns) return false;
    if (i < n && w[i] == '\r') ++i;
    if (i < n && w[i] == '\n') ++i;
  }
  return true;
}

// The first likely record start at or after `cut` (see the file comment); `size` if the window
// after the cut holds no line break.
std::uint64_t record_start_after(std::ifstream& in, std::uint64_t cut, std::uint64_t size,
                                 std::size_t window, char d, std::size_t columns) {
  // From cut - 1, so that a cut just after a line break is itself a candidate.
  const std::string w = read_window(in, cut - 1, window);
  const bool at_eof = cut - 1 + w.size() >= size;
  std::optional<std::size_t> first;
  std::size_t tried = 0;
  for (std::size_t i = 0; i < w.size() && tried < max_candidates; ++i) {
    std::size_t start;
    if (w[i] == '\n') {
      start = i + 1;
    } else if (w[i] == '\r') {
      if (i + 1 == w.size() && !at_eof) break;  // CR or CRLF? unknown
      if (i + 1 < w.size() && w[i + 1] == '\n') continue;  // the LF ends this line break
      start = i + 1;
    } else {
      continue;
    }
    if (cut - 1 + start >= size) break;
    if (!first) first = start;
    ++tried;
    if (plausible_start(w, start, at_eof, d, columns)) return cut - 1 + start;
  }
  return first ? cut - 1 + *first : size;  // a wrong guess is repaired when ranges are added
}

struct range_outcome {
  bool done = false;
  std::optional<ingest_result> result;
  std::exception_ptr error;
  std::uint64_t stop = 0;  // where its reader stopped: the first record start at or after its end
  std::int64_t lines = 0;  // line breaks between its start and stop
};

range_outcome read_range(const std::string& path, const csv_layout& layout,
                         const csv_range& range, const csv_options& csv, const survey_spec& spec,
                         const ingest_options& options) {
  range_outcome out;
  csv_reader reader(path, layout, range, csv);
  out.result = ingest(reader, spec, options);
  out.stop = reader.bytes_read();
  out.lines = reader.next_line() - range.line;
  return out;
}

// Adds a range's result to the total (groups matched by label, new ones appended in order).
// Returns false, leaving the total unusable, if the labels are now more than ingest() allows.
bool add_range(ingest_result& total, const ingest_result& part) {
  std::vector<std::string> labels = total.tally.groups();
  std::vector<std::size_t> index;
  for (const std::string& g : part.tally.groups()) {
    const auto it = std::find(labels.begin(), labels.end(), g);
    index.push_back(static_cast<std::size_t>(it - labels.begin()));
    if (it == labels.end()) labels.push_back(g);
  }
  if (labels.size() > max_group_labels) return false;
  if (labels.size() > total.tally.groups().size()) {
    cxgap::tally wider(total.tally.codebook(), labels, total.tally.weighted());
    for (std::size_t g = 0; g < total.tally.groups().size(); ++g)
      wider.merge_group(g, total.tally, g);
    total.tally = std::move(wider);
  }
  for (std::size_t g = 0; g < index.size(); ++g) total.tally.merge_group(index[g], part.tally, g);
  total.summary.rows_read += part.summary.rows_read;
  total.summary.rows_used += part.summary.rows_used;
  for (const auto& [reason, count] : part.summary.values_excluded)
    total.summary.values_excluded[reason] += count;
  return true;
}

// The worker threads and what they share; the destructor stops and joins them.
class range_pool {
 public:
  range_pool(std::size_t ranges, std::size_t window) : outcomes_(ranges), window_(window) {}
  range_pool(const range_pool&) = delete;
  range_pool& operator=(const range_pool&) = delete;
  ~range_pool() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    changed_.notify_all();
    for (std::thread& t : threads_) t.join();
  }

  // Starts `n` workers running `read(k)` for ranges k in file order.
  template <class Read>
  void start(unsigned n, Read read) {
    for (unsigned t = 0; t < n; ++t)
      threads_.emplace_back([this, read] {
        for (;;) {
          std::size_t k = 0;
          {
            std::unique_lock<std::mutex> lock(mutex_);
            changed_.wait(lock, [this] {
              return stop_ || next_ >= outcomes_.size() || next_ < taken_ + window_;
            });
            if (stop_ || next_ >= outcomes_.size()) return;
            k = next_++;
          }
          range_outcome out;
          try {
            out = read(k);
          } catch (...) {
            out.error = std::current_exception();
          }
          out.done = true;
          {
            std::lock_guard<std::mutex> lock(mutex_);
            outcomes_[k] = std::move(out);
          }
          changed_.notify_all();
        }
      });
  }

  // Waits for range k (taken in order) and hands it over, letting the workers run ahead.
  range_outcome take(std::size_t k) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return outcomes_[k].done; });
    range_outcome out = std::move(outcomes_[k]);
    outcomes_[k] = range_outcome{};
    taken_ = k + 1;
    lock.unlock();
    changed_.notify_all();
    return out;
  }

 private:
  std::vector<range_outcome> outcomes_;
  std::size_t window_;
  std::size_t next_ = 0;
  std::size_t taken_ = 0;
  bool stop_ = false;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::thread> threads_;
};

}  // namespace

ingest_result ingest_parallel(const std::string& path, const csv_options& csv,
                              const survey_spec& spec, const ingest_options& options,
                              unsigned threads, std::uint64_t range_bytes) {
  csv_reader head(path, csv);
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  const csv_layout layout = head.layout();
  const std::uint64_t size = head.bytes_total();
  const std::uint64_t data = size > layout.data_begin ? size - layout.data_begin : 0;
  if (threads == 1 || design_based(spec) || size == 0 || (range_bytes == 0 && data < 2 * mib))
    return ingest(head, spec, options);

  // The ranges: cut points moved to record starts.
  const std::uint64_t step =
      range_bytes != 0 ? range_bytes
                       : std::clamp<std::uint64_t>(data / (std::uint64_t{4} * threads), 4 * mib,
                                                   64 * mib);
  const auto window = static_cast<std::size_t>(std::clamp<std::uint64_t>(step, 4096, 256 << 10));
  std::vector<std::uint64_t> starts{layout.data_begin};
  {
    std::ifstream in(path, std::ios::binary);
    for (std::uint64_t cut = layout.data_begin + step; cut < size; cut += step) {
      if (cut <= starts.back()) continue;
      const std::uint64_t s =
          record_start_after(in, cut, size, window, layout.delimiter, layout.columns.size());
      if (s >= size) break;
      if (s > starts.back()) starts.push_back(s);
    }
  }
  const std::size_t n_ranges = starts.size();
  const auto range_of = [&](std::size_t k, std::uint64_t begin, std::int64_t line) {
    csv_range r;
    r.begin = begin;
    r.end = k + 1 < n_ranges ? starts[k + 1] : std::numeric_limits<std::uint64_t>::max();
    r.line = line;
    return r;
  };
  ingest_options part_options = options;
  part_options.progress = nullptr;
  const auto sequential = [&] {
    csv_reader reader(path, csv);
    return ingest(reader, spec, options);
  };

  ingest_result total;
  bool too_many_groups = false;  // then ingest() on one reader finds the row to report
  {
    range_pool pool(n_ranges, 2 * std::size_t{threads});
    // Workers do not know a range's first line yet: errors are re-raised below with it.
    pool.start(threads, [&](std::size_t k) {
      return read_range(path, layout, range_of(k, starts[k], k == 0 ? layout.data_line : 1), csv,
                        spec, part_options);
    });
    std::uint64_t at = layout.data_begin;  // where the last range added stopped
    std::int64_t line = layout.data_line;
    for (std::size_t k = 0; k < n_ranges; ++k) {
      range_outcome out = pool.take(k);
      const csv_range range = range_of(k, at, line);
      if (starts[k] != at) {
        if (at >= range.end) continue;  // inside the last record of the range before
        out = read_range(path, layout, range, csv, spec, part_options);  // throws its error
      } else if (out.error) {
        // The same rows again, now with their line numbers: throws the error with them.
        try {
          out = read_range(path, layout, range, csv, spec, part_options);
        } catch (const input_error& e) {
          if (e.code() != input_errc::too_many_groups) throw;
          too_many_groups = true;
          break;
        }
      }
      if (k == 0) {
        total = std::move(*out.result);
      } else if (!add_range(total, *out.result)) {
        too_many_groups = true;
        break;
      }
      at = out.stop;
      line += out.lines;
      if (options.progress) options.progress(at, size);
    }
  }
  if (too_many_groups) return sequential();
  total.summary.file = head.file();
  return total;
}

}  // namespace cxgap::io
