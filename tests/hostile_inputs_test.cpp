// Bad inputs never stop a run: each is named with its reason, counted, and every other
// input is indexed. The corpus is tests/data/hostile: the committed cases, the generated ones
// (make-large.sh) and CASES.tsv, which says what news-index must do with each. Driven through
// news-index's front end, as a user meets it: all cases in one run, then each alone in a
// child process whose time and memory are bounded.

#include "cli/cli.hpp"
#include "test_support.hpp"
#include "tool_runs.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#if defined(__SANITIZE_ADDRESS__)
#define NEWSINDEX_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NEWSINDEX_TEST_ASAN 1
#endif
#endif

namespace newsindex::cli {
namespace {

namespace fs = std::filesystem;
using test::index;
using test::query;
using test::TempDir;
using test::ToolRun;

// One line of CASES.tsv.
struct Case {
    enum Outcome { named, indexed, either, skipped };
    std::string path;  // below the corpus folder, with "#N" for a record
    Outcome outcome = skipped;
    std::string query;   // indexed, either: finds exactly this case's article
    std::string reason;  // named, either: part of the reason news-index gives
    std::string what;

    // The file or folder the case is in: the path without "#N".
    [[nodiscard]] std::string input() const { return path.substr(0, path.rfind('#')); }
};

// "\xHH" in the manifest is a byte that is not UTF-8 text.
std::string unescape(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s.substr(i, 2) == "\\x" && i + 4 <= s.size()) {
            out += static_cast<char>(std::stoi(std::string(s.substr(i + 2, 2)), nullptr, 16));
            i += 3;
        } else {
            out += s[i];
        }
    }
    return out;
}

std::string hostile_dir() { return test::source_dir() + "/tests/data/hostile"; }

std::vector<Case> read_manifest() {
    std::vector<Case> cases;
    std::ifstream in(hostile_dir() + "/CASES.tsv");
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line.front() == '#') continue;
        std::istringstream fields(line);
        std::string path, outcome, what;
        std::getline(fields, path, '\t');
        std::getline(fields, outcome, '\t');
        std::getline(fields, what);
        Case c{unescape(path), Case::skipped, {}, {}, what};
        const std::string kind = outcome.substr(0, outcome.find(' '));
        const std::string rest = outcome.find(' ') == std::string::npos ? "" : outcome.substr(outcome.find(' ') + 1);
        if (kind == "named") {
            c.outcome = Case::named;
            c.reason = rest;
        } else if (kind == "indexed") {
            c.outcome = Case::indexed;
            c.query = rest;
        } else if (kind == "either") {
            c.outcome = Case::either;
            c.query = rest.substr(0, rest.find(' '));
            c.reason = rest.size() > c.query.size() ? rest.substr(c.query.size() + 1) : "";
        } else {
            EXPECT_EQ(kind, "skipped") << line;
        }
        EXPECT_TRUE(c.outcome == Case::skipped || !c.query.empty() || !c.reason.empty()) << line;
        cases.push_back(std::move(c));
    }
    return cases;
}

// How many articles of the index match the words (all of them without words).
std::string total_of(const std::string& db, const std::string& words = "") {
    std::vector<std::string> args{"--db", db, "--json", "--limit", "0"};
    if (!words.empty()) args.push_back(words);
    const ToolRun q = query(args);
    const std::size_t at = q.out.find("\"total\":");
    return at == std::string::npos ? q.err : q.out.substr(at + 8, q.out.find(',', at) - at - 8);
}

// The corpus, made once per test process: the committed cases copied, the rest generated.
class HostileCorpus : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        s_dir = std::make_unique<TempDir>();
        fs::copy(hostile_dir() + "/cases", in(), fs::copy_options::recursive);
        const std::string command = "bash '" + hostile_dir() + "/make-large.sh' '" + in() + "'";
        s_generated = std::system(command.c_str()) == 0;
    }
    static void TearDownTestSuite() {
        // Unreadable entries must be opened again for the folder to be removed by anyone.
        test::chmod_tree(in(), fs::perms::owner_all, fs::perm_options::add);
        s_dir.reset();
    }
    void SetUp() override { ASSERT_TRUE(s_generated) << "make-large.sh failed"; }

    static std::string in() { return *s_dir / "in"; }
    static std::string scratch(std::string_view name) { return *s_dir / name; }

  private:
    static inline std::unique_ptr<TempDir> s_dir;
    static inline bool s_generated = false;
};

TEST_F(HostileCorpus, OneRunNamesOrIndexesEveryCaseAsTheManifestSays) {
    const std::vector<Case> cases = read_manifest();
    EXPECT_GE(cases.size(), 40u);
    std::set<std::string> listed, present;  // the top-level entries of the corpus
    for (const Case& c : cases) listed.insert(c.input().substr(0, c.input().find('/')));
    for (const auto& entry : fs::directory_iterator(in())) present.insert(entry.path().filename().string());
    for (const std::string& name : present) {
        EXPECT_EQ(listed.count(name), 1u) << name << ": in the corpus, not in CASES.tsv";
    }
    for (const std::string& name : listed) {
        EXPECT_EQ(present.count(name), 1u) << name << ": in CASES.tsv, not in the corpus";
    }

    const std::string db = scratch("db");
    const ToolRun r = index({"--db", db, in()});
    EXPECT_EQ(r.status, exit_rejected) << r.err;

    // The named lines, by the path below the corpus folder, each with its reason.
    const std::string prefix = "news-index: " + in() + "/";
    std::map<std::string, std::string> named_lines;
    std::size_t lines = 0;
    std::istringstream err(r.err);
    for (std::string line; std::getline(err, line);) {
        if (!line.starts_with(prefix)) continue;
        ++lines;
        const std::size_t colon = line.find(": ", prefix.size());
        ASSERT_NE(colon, std::string::npos) << line;
        named_lines[line.substr(prefix.size(), colon - prefix.size())] = line.substr(colon + 2);
    }
    EXPECT_EQ(named_lines.size(), lines) << "a case named twice:\n" << r.err;

    std::size_t expected_named = 0, expected_articles = 0;
    for (const Case& c : cases) {
        const auto line = named_lines.find(c.path);
        const bool is_named = line != named_lines.end();
        bool found = false;
        if (!c.query.empty()) {
            const std::string total = total_of(db, c.query);
            EXPECT_TRUE(total == "0" || total == "1") << c.path << ": '" << c.query << "' finds " << total;
            found = total == "1";
        }
        switch (c.outcome) {
            case Case::named:
                EXPECT_TRUE(is_named) << c.path << " (" << c.what << ") not named";
                if (is_named) {
                    EXPECT_NE(line->second.find(c.reason), std::string::npos) << c.path << ": " << line->second;
                }
                break;
            case Case::indexed:
                EXPECT_FALSE(is_named) << c.path << " (" << c.what << ") named: " << line->second;
                EXPECT_TRUE(found) << c.path << " (" << c.what << ") not found by '" << c.query << "'";
                break;
            case Case::either:
                EXPECT_NE(is_named, found) << c.path << " (" << c.what << ") named and found, or neither";
                if (is_named) {
                    EXPECT_NE(line->second.find(c.reason), std::string::npos) << c.path << ": " << line->second;
                }
                break;
            case Case::skipped:
                EXPECT_FALSE(is_named) << c.path << " (" << c.what << ") named: " << line->second;
                break;
        }
        if (is_named) ++expected_named;
        expected_articles += found;
        named_lines.erase(c.path);
    }
    for (const auto& [path, reason] : named_lines) {
        ADD_FAILURE() << "named, but not in CASES.tsv: " << path << ": " << reason;
    }
    // The summary counts every named line; the index holds the articles of the cases and no more.
    EXPECT_EQ(lines, expected_named);
    EXPECT_NE(r.err.find("; " + std::to_string(lines) + " inputs rejected"), std::string::npos) << r.err;
    EXPECT_EQ(total_of(db), std::to_string(expected_articles));
    if (HasFailure()) std::cout << "news-index said:\n" << r.err;
    std::cout << "[ hostile  ] one run: " << cases.size() << " cases, " << lines << " named, " << expected_articles
              << " articles indexed\n";
}

// Each input alone in a child process, as a user would pass it: it must end by itself (no
// signal, no hang: an alarm ends one that takes more than two minutes) with status 0 or 1, and
// its peak memory must stay under 1 GiB. Under AddressSanitizer (the unoptimised build of
// scripts/test.sh, some 50 times slower: 16 MB of one-word lines take two minutes there, 2.5 s
// in a release build) the alarm waits 15 minutes, and memory is not measured: shadow memory
// and quarantine are no measure of the indexer's.
TEST_F(HostileCorpus, EachInputAloneEndsInBoundedTimeAndMemory) {
#ifdef NEWSINDEX_TEST_ASAN
    constexpr unsigned hang_seconds = 900;
#else
    constexpr unsigned hang_seconds = 120;
    constexpr long max_rss_kb = 1024 * 1024;
#endif
    std::vector<std::string> inputs;
    for (const Case& c : read_manifest()) {
        if (std::find(inputs.begin(), inputs.end(), c.input()) == inputs.end()) inputs.push_back(c.input());
    }
#ifdef __GLIBC__
    malloc_trim(0);  // a child starts with the pages of this process: as few as can be
#endif
    std::size_t handled = 0;
    long largest_kb = 0;
    double slowest = 0;
    std::string largest_input, slowest_input;
    for (const std::string& input : inputs) {
        const std::string db = scratch("db-alone");
        const std::string log = scratch("err-alone.txt");
        const auto started = std::chrono::steady_clock::now();
        const pid_t child = fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            alarm(hang_seconds);
            std::ofstream err(log);
            std::ostringstream out;
            const std::vector<std::string> args{"news-index", "--db", db, in() + "/" + input};
            std::vector<const char*> argv;
            for (const std::string& a : args) argv.push_back(a.c_str());
            const int status = index_main(static_cast<int>(argv.size()), argv.data(), out, err);
            err.flush();
            _exit(status);
        }
        int status = 0;
        rusage usage{};
        ASSERT_EQ(wait4(child, &status, 0, &usage), child);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        const bool ended =
            WIFEXITED(status) && (WEXITSTATUS(status) == exit_ok || WEXITSTATUS(status) == exit_rejected);
        EXPECT_TRUE(ended) << input << ": "
                           << (WIFSIGNALED(status) ? "killed by signal " + std::to_string(WTERMSIG(status))
                                                   : "exit status " + std::to_string(WEXITSTATUS(status)))
                           << "\n"
                           << test::read_file(log);
#ifndef NEWSINDEX_TEST_ASAN
        EXPECT_LT(usage.ru_maxrss, max_rss_kb) << input << ": peak RSS " << usage.ru_maxrss / 1024 << " MB";
        const bool bounded = usage.ru_maxrss < max_rss_kb;
#else
        const bool bounded = true;
#endif
        if (ended && bounded) ++handled;
        if (usage.ru_maxrss > largest_kb) {
            largest_kb = usage.ru_maxrss;
            largest_input = input;
        }
        if (seconds > slowest) {
            slowest = seconds;
            slowest_input = input;
        }
        std::error_code ec;
        fs::remove_all(db, ec);
    }
    EXPECT_EQ(handled, inputs.size());
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.1f", slowest);
    std::cout << "[ hostile  ] " << handled << " of " << inputs.size() << " inputs handled, largest peak RSS "
              << largest_kb / 1024 << " MB, slowest " << seconds << " s\n"
              << "[ hostile  ] largest: " << largest_input << ", slowest: " << slowest_input << '\n';
}

std::string article(std::string_view title, std::string_view word) {
    return std::string(title) + "\n\nOfficials in Qatar discussed " + std::string(word) +
           " on Tuesday, according to a statement.\n";
}

// Folders the user nobody reads (and, "open", writes): the child that drops to nobody works there.
void open_to_others(const fs::path& p, bool writable = false) {
    fs::permissions(p, writable ? fs::perms::all
                                : fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                      fs::perms::others_read | fs::perms::others_exec);
}

// A read-only index folder: news-index says so, naming it, exits 2 and leaves the index as
// committed. Root ignores permissions: the second run is the user nobody's.
TEST(HostileInputs, AReadOnlyIndexFolderIsNamedAndTheIndexKept) {
    TempDir dir;
    open_to_others(dir.path());
    dir.write("first/a.txt", article("Wheat report", "wheat"));
    dir.write("first/b.txt", article("Barley report", "barley"));
    dir.write("second/c.txt", article("Rice report", "rice"));
    open_to_others(dir.path() / "first");
    open_to_others(dir.path() / "second");
    const std::string db = dir / "db";
    ASSERT_EQ(index({"--db", db, dir / "first"}).status, exit_ok);

    const auto no_write = fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write;
    test::chmod_tree(db, no_write, fs::perm_options::remove);
    const test::ChildRun run = test::run_as_nobody([&](std::ostream& out) {
        const ToolRun r = index({"--db", db, dir / "second"});
        out << r.err;
        return r.status;
    });
    test::chmod_tree(db, fs::perms::owner_write, fs::perm_options::add);
    if (run.status == test::cannot_drop_privileges) GTEST_SKIP() << "cannot become the user nobody to test permissions";
    EXPECT_EQ(run.status, exit_usage) << run.output;
    EXPECT_NE(run.output.find("news-index: index folder " + db + " is not writable (" + db + ": Permission denied)"),
              std::string::npos)
        << run.output;
    EXPECT_EQ(run.output.find("locked"), std::string::npos) << run.output;

    EXPECT_EQ(total_of(db), "2");
    EXPECT_EQ(total_of(db, "wheat"), "1");
    EXPECT_EQ(total_of(db, "barley"), "1");
    EXPECT_EQ(total_of(db, "rice"), "0");
}

// An input no one may read, among readable ones: it is named with the system's reason, the
// others are indexed, and the status says some inputs were rejected.
TEST(HostileInputs, AnUnreadableFileIsNamedAndTheOthersIndexed) {
    TempDir dir;
    open_to_others(dir.path());
    dir.write("in/a.txt", article("Wheat report", "wheat"));
    const std::string locked = dir.write("in/b.txt", article("Barley report", "barley"));
    dir.write("in/c.txt", article("Rice report", "rice"));
    open_to_others(dir.path() / "in");
    fs::permissions(locked, fs::perms::none);
    fs::create_directory(dir.path() / "out");
    open_to_others(dir.path() / "out", true);
    const std::string db = dir / "out/db";
    const test::ChildRun run = test::run_as_nobody([&](std::ostream& out) {
        const ToolRun r = index({"--db", db, dir / "in"});
        out << r.err;
        return r.status;
    });
    if (run.status == test::cannot_drop_privileges) GTEST_SKIP() << "cannot become the user nobody to test permissions";
    EXPECT_EQ(run.status, exit_rejected) << run.output;
    EXPECT_NE(run.output.find("news-index: " + locked + ": Permission denied\n"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("indexed 2 articles from 2 files"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("; 1 input rejected"), std::string::npos) << run.output;
    EXPECT_EQ(total_of(db, "wheat"), "1");
    EXPECT_EQ(total_of(db, "rice"), "1");
    EXPECT_EQ(total_of(db, "barley"), "0");
}

}  // namespace
}  // namespace newsindex::cli
