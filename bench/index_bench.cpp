// index-bench: what the newsindex pipeline costs over plain Xapian indexing of the same
// files (roughly Omega's omindex), so that a slowdown shows up as a falling ratio rather
// than as a number that depends on the machine.

#include "bench_args.hpp"
#include "input.hpp"

#include <newsindex/newsindex.hpp>

#include <xapian.h>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <vector>

namespace fs = std::filesystem;

namespace {

constexpr int exit_failure = 1;
constexpr int exit_usage = 2;
constexpr double mega = 1e6;                // MB here are 10^6 bytes, like disk and network rates
constexpr std::size_t data_sample_bytes = 200;  // what omindex keeps as a sample in the data

constexpr const char* usage_text =
    "usage: index-bench [--limit N] [--db-dir DIR] [--repeat N] [--shards N] [--no-serial] [--stories-cost] [--keep]\n"
    "                   [--json] FOLDER\n"
    "Indexes the files of FOLDER with the newsindex pipeline (extraction on every core, and on\n"
    "one thread: serial) and with bare Xapian, and\n"
    "compares speed, index size and peak memory.\n"
    "  --limit N     only the first N files in the order news-index walks them (0 = all, the default)\n"
    "  --db-dir DIR  where to put the temporary databases (default: a new folder in /tmp)\n"
    "  --repeat N    run each phase N times and report the fastest run (default 1)\n"
    "  --shards N    the pipeline phases write N shards, each on a thread of its own (default 0:\n"
    "                one database)\n"
    "  --no-serial   skip the serial phase (on a large archive it takes as long as the others)\n"
    "  --stories-cost  add a phase that indexes without stories (near-duplicate grouping), and\n"
    "                print what they cost\n"
    "  --keep        keep the pipeline's index and its compacted copy in --db-dir, as\n"
    "                index-bench-pipeline and index-bench-pipeline-compacted (for query-bench)\n"
    "  --json        print one JSON object instead of the table\n";

using bench::UsageError;

struct Options {
    fs::path folder;
    std::size_t limit = 0;
    std::optional<fs::path> db_dir;
    std::size_t repeat = 1;
    unsigned shards = 0;
    bool serial = true;
    bool stories_cost = false;
    bool keep = false;
    bool json = false;
};

// Crosses the pipe from the child as raw bytes, so it must stay trivially copyable.
struct PhaseRun {
    std::size_t docs = 0;
    std::size_t problems = 0;
    double seconds = 0;
};
static_assert(std::is_trivially_copyable_v<PhaseRun>);

struct PhaseResult {
    std::string name;
    PhaseRun run;
    std::uintmax_t index_bytes = 0;
    std::uintmax_t compacted_bytes = 0;  // after xapian-compact into one database
    long peak_rss_kb = 0;
    // User + system time of the whole child: unlike wall time, barely moved by other load
    // on a shared machine (but blind to time spent waiting for fsync).
    double cpu_seconds = 0;

    [[nodiscard]] double docs_per_second() const { return static_cast<double>(run.docs) / run.seconds; }
};

using bench::parse_count;

Options parse_options(int argc, char** argv) {
    Options options;
    std::optional<std::string> folder;
    bench::ArgWalker args(argc, argv);
    while (args.next()) {
        const std::string_view arg = args.arg();
        const auto take_value = [&] { return args.take_value(); };
        if (arg == "--limit") {
            options.limit = parse_count(arg, take_value());
        } else if (arg == "--db-dir") {
            options.db_dir = fs::path(take_value());
        } else if (arg == "--shards") {
            options.shards = static_cast<unsigned>(parse_count(arg, take_value()));
        } else if (arg == "--repeat") {
            options.repeat = parse_count(arg, take_value());
            if (options.repeat == 0) throw UsageError("--repeat must be at least 1");
        } else if (arg == "--json" && !args.has_inline_value()) {
            options.json = true;
        } else if (arg == "--no-serial" && !args.has_inline_value()) {
            options.serial = false;
        } else if (arg == "--stories-cost" && !args.has_inline_value()) {
            options.stories_cost = true;
        } else if (arg == "--keep" && !args.has_inline_value()) {
            options.keep = true;
        } else if (arg.starts_with('-') && arg.size() > 1) {
            throw UsageError("unknown option " + std::string(args.whole()));
        } else if (folder) {
            throw UsageError("only one folder may be given");
        } else {
            folder = std::string(arg);
        }
    }
    if (!folder) throw UsageError("no folder given");
    if (options.keep && !options.db_dir) throw UsageError("--keep needs --db-dir");
    std::error_code ec;
    if (!fs::is_directory(*folder, ec)) throw UsageError(*folder + " is not a folder");
    options.folder = *folder;
    return options;
}

// What the phases index: the folder itself (walked as news-index walks it, so that nothing
// is held per file), or with --limit the first N files in the library's walk order.
std::vector<std::string> phase_inputs(const fs::path& folder, std::size_t limit) {
    if (limit == 0) return {folder.string()};
    std::vector<std::string> paths;
    struct Enough {};
    try {
        newsindex::detail::walk_inputs(
            {folder.string()},
            [&](const newsindex::detail::InputFile& file) {
                paths.push_back(file.path.string());
                if (paths.size() == limit) throw Enough{};
            },
            {});
    } catch (const Enough&) {  // NOLINT(bugprone-empty-catch): the limit was reached
    }
    return paths;
}

// Every file the inputs name, in the library's walk order.
void for_each_file(const std::vector<std::string>& inputs, const std::function<void(const std::string&)>& visit) {
    newsindex::detail::walk_inputs(
        inputs, [&](const newsindex::detail::InputFile& file) { visit(file.path.string()); }, {});
}

bool read_file(const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) return false;
    out.resize(static_cast<std::size_t>(in.tellg()));
    in.seekg(0);
    return static_cast<bool>(in.read(out.data(), static_cast<std::streamsize>(out.size())));
}

// Reading every file once before timing anything keeps the first phase from paying for
// disk reads that the second then gets for free from the page cache.
struct InputSize {
    std::size_t files = 0;
    std::uintmax_t bytes = 0;
};
InputSize warm_page_cache(const std::vector<std::string>& inputs) {
    InputSize size;
    std::string buffer;
    for_each_file(inputs, [&](const std::string& file) {
        ++size.files;
        if (read_file(file, buffer)) size.bytes += buffer.size();
    });
    return size;
}

std::uintmax_t folder_bytes(const fs::path& folder);

// The size of the index once compacted into one database (what xapian-compact makes of a
// finished archive, shards merged): the bytes an archive costs at rest.
// --keep: the pipeline's database and its compacted copy stay for query-bench.
bool keep_pipeline = false;

std::uintmax_t compacted_bytes(const fs::path& db_path, bool keep) {
    const fs::path stub = db_path / "shards.stub";
    Xapian::Database db(fs::exists(stub) ? stub.string() : db_path.string());
    const fs::path out = db_path.string() + "-compacted";
    fs::remove_all(out);
    db.compact(out.string());
    const std::uintmax_t bytes = folder_bytes(out);
    if (!keep) fs::remove_all(out);
    return bytes;
}

std::uintmax_t folder_bytes(const fs::path& folder) {
    std::uintmax_t bytes = 0;
    for (const auto& entry : fs::recursive_directory_iterator(folder)) {
        if (entry.is_regular_file()) bytes += entry.file_size();
    }
    return bytes;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// --shards, for the pipeline phases (the phases are plain functions run in a forked child).
unsigned pipeline_shards = 0;

PhaseRun run_pipeline_with(unsigned threads, const std::vector<std::string>& inputs, const std::string& db_path,
                           bool stories = true) {
    PhaseRun run;
    const auto start = std::chrono::steady_clock::now();
    newsindex::ExtractOptions options;
    options.threads = threads;
    newsindex::Extractor extractor(options);
    newsindex::WriterOptions writer_options{pipeline_shards};
    writer_options.stories = stories;
    newsindex::IndexWriter writer(db_path, writer_options);
    extractor.run(
        inputs,
        [&](newsindex::Article&& a) {
            writer.add(a);
            ++run.docs;
        },
        [&](const newsindex::InputProblem&) { ++run.problems; });
    writer.commit();
    run.seconds = seconds_since(start);
    return run;
}

// As news-index runs: extraction on one thread per core, writing on the main thread.
PhaseRun run_pipeline(const std::vector<std::string>& inputs, const std::string& db_path) {
    return run_pipeline_with(0, inputs, db_path);
}

// Everything on one thread: what the parallel extraction gains.
PhaseRun run_pipeline_serial(const std::vector<std::string>& inputs, const std::string& db_path) {
    return run_pipeline_with(1, inputs, db_path);
}

// The pipeline without stories: what grouping near-duplicates costs.
PhaseRun run_pipeline_no_stories(const std::vector<std::string>& inputs, const std::string& db_path) {
    return run_pipeline_with(0, inputs, db_path, false);
}

PhaseRun run_bare_xapian(const std::vector<std::string>& inputs, const std::string& db_path) {
    PhaseRun run;
    const auto start = std::chrono::steady_clock::now();
    Xapian::WritableDatabase db(db_path, Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator term_generator;
    term_generator.set_stemmer(Xapian::Stem("english"));
    std::string text;
    for_each_file(inputs, [&](const std::string& file) {
        if (!read_file(file, text)) {
            ++run.problems;
            return;
        }
        Xapian::Document doc;
        doc.set_data(text.substr(0, data_sample_bytes));
        term_generator.set_document(doc);
        term_generator.index_text(text);
        doc.add_boolean_term("Q" + file);
        db.add_document(doc);
        ++run.docs;
    });
    db.commit();
    run.seconds = seconds_since(start);
    return run;
}

double to_seconds(const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
}

using PhaseBody = PhaseRun (*)(const std::vector<std::string>&, const std::string&);

[[noreturn]] void child_main(int out_fd, const char* name, PhaseBody body,
                             const std::vector<std::string>& inputs, const std::string& db_path) {
    int code = exit_failure;
    try {
        const PhaseRun run = body(inputs, db_path);
        if (write(out_fd, &run, sizeof run) == static_cast<ssize_t>(sizeof run)) code = 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "index-bench: %s: %s\n", name, e.what());
    } catch (const Xapian::Error& e) {  // not a std::exception
        std::fprintf(stderr, "index-bench: %s: %s\n", name, e.get_description().c_str());
    }
    // _exit, not exit: the parent's atexit handlers and static objects are not ours to run.
    _exit(code);
}

// A fresh process per phase: ru_maxrss is a high-water mark, so measured in one process
// the second phase would inherit the first one's peak (and its heap and caches).
PhaseResult run_phase(const char* name, PhaseBody body, const std::vector<std::string>& inputs,
                      const fs::path& db_path) {
    fs::remove_all(db_path);
    int fds[2];
    if (pipe(fds) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
    std::fflush(nullptr);  // or the child would print the parent's buffered output again
    const pid_t pid = fork();
    if (pid < 0) throw std::system_error(errno, std::generic_category(), "fork");
    if (pid == 0) {
        close(fds[0]);
        child_main(fds[1], name, body, inputs, db_path.string());
    }
    close(fds[1]);
    PhaseRun run;
    const ssize_t got = read(fds[0], &run, sizeof run);
    close(fds[0]);
    int status = 0;
    rusage usage{};
    while (wait4(pid, &status, 0, &usage) < 0) {
        if (errno != EINTR) throw std::system_error(errno, std::generic_category(), "wait4");
    }
    if (got != static_cast<ssize_t>(sizeof run) || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        throw std::runtime_error(std::string(name) + " phase failed");
    }
    const bool keep = keep_pipeline && std::string_view(name) == "pipeline";
    return PhaseResult{name, run, folder_bytes(db_path), compacted_bytes(db_path, keep), usage.ru_maxrss,  // KiB on Linux
                       to_seconds(usage.ru_utime) + to_seconds(usage.ru_stime)};
}

// Removes on every exit path what this run created, and only that.
class DbRoot {
  public:
    explicit DbRoot(const std::optional<fs::path>& requested) {
        if (requested) {
            fs::create_directories(*requested);
            m_path = *requested;
        } else {
            std::string pattern = (fs::temp_directory_path() / "index-bench-XXXXXX").string();
            if (mkdtemp(pattern.data()) == nullptr) {
                throw std::system_error(errno, std::generic_category(), "mkdtemp");
            }
            m_path = pattern;
            m_owned = true;
        }
    }
    DbRoot(const DbRoot&) = delete;
    DbRoot& operator=(const DbRoot&) = delete;
    ~DbRoot() {
        std::error_code ec;
        if (m_owned) {
            fs::remove_all(m_path, ec);
        } else {
            if (!keep_pipeline) fs::remove_all(pipeline(), ec);
            fs::remove_all(bare(), ec);
            fs::remove_all(serial(), ec);
            fs::remove_all(no_stories(), ec);
        }
    }
    [[nodiscard]] fs::path pipeline() const { return m_path / "index-bench-pipeline"; }
    [[nodiscard]] fs::path bare() const { return m_path / "index-bench-bare-xapian"; }
    [[nodiscard]] fs::path serial() const { return m_path / "index-bench-serial"; }
    [[nodiscard]] fs::path no_stories() const { return m_path / "index-bench-no-stories"; }

  private:
    fs::path m_path;
    bool m_owned = false;
};

std::string json_string(std::string_view s) {
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
            out += escaped;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

void print_report(const Options& options, std::size_t files, std::uintmax_t input_bytes,
                  const std::vector<PhaseResult>& results) {
    const double ratio = results[0].docs_per_second() / results[1].docs_per_second();
    auto phase = [&](std::string_view name) -> const PhaseResult* {
        for (const PhaseResult& r : results) {
            if (r.name == name) return &r;
        }
        return nullptr;
    };
    const PhaseResult* serial = phase("serial");
    const PhaseResult* no_stories = phase("no-stories");
    const double input_mb = static_cast<double>(input_bytes) / mega;
    if (options.json) {
        std::printf("{\"folder\": %s, \"files\": %zu, \"input_bytes\": %ju, \"repeat\": %zu, \"shards\": %u, \"phases\": [",
                    json_string(options.folder.string()).c_str(), files, input_bytes, options.repeat, options.shards);
        for (std::size_t i = 0; i < results.size(); ++i) {
            const PhaseResult& r = results[i];
            std::printf("%s{\"phase\": %s, \"docs\": %zu, \"problems\": %zu, \"seconds\": %.6f, \"cpu_seconds\": %.3f, "
                        "\"docs_per_second\": %.3f, \"mb_per_second\": %.4f, \"index_bytes\": %ju, "
                        "\"bytes_per_doc\": %.1f, \"compacted_bytes_per_doc\": %.1f, \"peak_rss_kb\": %ld}",
                        i == 0 ? "" : ", ", json_string(r.name).c_str(), r.run.docs, r.run.problems,
                        r.run.seconds, r.cpu_seconds, r.docs_per_second(), input_mb / r.run.seconds, r.index_bytes,
                        static_cast<double>(r.index_bytes) / static_cast<double>(r.run.docs),
                        static_cast<double>(r.compacted_bytes) / static_cast<double>(r.run.docs), r.peak_rss_kb);
        }
        std::printf("], \"ratio_docs_per_second\": %.4f", ratio);
        if (serial) std::printf(", \"ratio_parallel_serial\": %.4f", results[0].docs_per_second() / serial->docs_per_second());
        if (no_stories) std::printf(", \"ratio_stories\": %.4f", results[0].docs_per_second() / no_stories->docs_per_second());
        std::printf("}\n");
        return;
    }
    std::printf("index-bench: %zu files, %.2f MB from %s (best of %zu; pipeline into %s)\n\n", files, input_mb,
                options.folder.c_str(), options.repeat,
                options.shards > 1 ? (std::to_string(options.shards) + " shards").c_str() : "one database");
    std::printf("%-12s %7s %8s %7s %9s %7s %9s %9s %10s %11s\n", "phase", "docs", "seconds", "CPU s", "docs/s",
                "MB/s", "index MB", "bytes/doc", "compacted", "peak RSS MB");
    for (const PhaseResult& r : results) {
        std::printf("%-12s %7zu %8.3f %7.2f %9.1f %7.2f %9.2f %9.0f %10.0f %11.1f\n", r.name.c_str(), r.run.docs,
                    r.run.seconds, r.cpu_seconds, r.docs_per_second(), input_mb / r.run.seconds,
                    static_cast<double>(r.index_bytes) / mega,
                    static_cast<double>(r.index_bytes) / static_cast<double>(r.run.docs),
                    static_cast<double>(r.compacted_bytes) / static_cast<double>(r.run.docs),
                    static_cast<double>(r.peak_rss_kb) * 1024 / mega);
    }
    for (const PhaseResult& r : results) {
        if (r.run.problems > 0) std::printf("%s: %zu inputs rejected\n", r.name.c_str(), r.run.problems);
    }
    std::printf("\nratio pipeline/bare: %.2fx docs/s", ratio);
    if (serial) std::printf("; pipeline/serial (parallel extraction): %.2fx", results[0].docs_per_second() / serial->docs_per_second());
    if (no_stories) {
        std::printf("; pipeline/no-stories: %.3fx (stories cost %.1f%% of the throughput)",
                    results[0].docs_per_second() / no_stories->docs_per_second(),
                    100 * (1 - results[0].docs_per_second() / no_stories->docs_per_second()));
    }
    std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    try {
        options = parse_options(argc, argv);
    } catch (const UsageError& e) {
        std::fprintf(stderr, "index-bench: %s\n%s", e.what(), usage_text);
        return exit_usage;
    }
    try {
        pipeline_shards = options.shards;
        keep_pipeline = options.keep;
        const std::vector<std::string> files = phase_inputs(options.folder, options.limit);
        const InputSize input = warm_page_cache(files);
        if (input.files == 0) throw std::runtime_error("no files in " + options.folder.string());
        const DbRoot db_root(options.db_dir);
        std::vector<PhaseResult> best;
        for (std::size_t i = 0; i < options.repeat; ++i) {
            std::vector<PhaseResult> runs;
            runs.push_back(run_phase("pipeline", run_pipeline, files, db_root.pipeline()));
            runs.push_back(run_phase("bare-xapian", run_bare_xapian, files, db_root.bare()));
            if (options.serial) runs.push_back(run_phase("serial", run_pipeline_serial, files, db_root.serial()));
            if (options.stories_cost) {
                runs.push_back(run_phase("no-stories", run_pipeline_no_stories, files, db_root.no_stories()));
            }
            if (best.empty()) best = runs;
            for (std::size_t p = 0; p < runs.size(); ++p) {
                if (runs[p].run.seconds < best[p].run.seconds) best[p] = runs[p];
            }
        }
        if (best[0].run.docs == 0 || best[1].run.docs == 0) {
            throw std::runtime_error("a phase indexed no documents");
        }
        print_report(options, input.files, input.bytes, best);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "index-bench: %s\n", e.what());
        return exit_failure;
    }
    return 0;
}
