#pragma once
// The command lines of news-index and news-query: option parsing into plain structs and the
// runs behind them. Shared by the two thin mains and tested with fake argument lists.

#include <newsindex/extract.hpp>
#include <newsindex/search.hpp>

#include <functional>
#include <iosfwd>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace newsindex::cli {

/// Exit statuses of both tools (CONTRACTS.md).
enum ExitStatus : int {
    exit_ok = 0,        ///< every input was read / the search ran
    exit_rejected = 1,  ///< news-index: some inputs were rejected, all others processed
    exit_usage = 2,     ///< usage error, bad query, or the index cannot be opened
    /// news-index stopped by a signal (plus its number: 130 SIGINT, 143 SIGTERM), its work
    /// committed.
    exit_interrupted = 128,
};

/// A command line that cannot be run; the message says why.
class UsageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct IndexCommand {
    std::string db;
    unsigned shards = 0;
    std::vector<std::string> inputs;
    ExtractOptions extract;
    bool dry_run = false;
    bool json = false;
    bool quiet = false;
    bool full = false;   ///< read every input, even those indexed unchanged
    bool prune = false;  ///< delete the articles of files that are gone
    std::size_t commit_every = 0;  ///< commit after every N articles; 0: at the end only
    bool progress = false;         ///< a progress line on err, redrawn in place (a terminal)
    /// Called after each article is written (and committed, if due) with the count so far:
    /// a seam for tests that stop or kill a run at a chosen point.
    std::function<void(std::size_t articles)> after_article;
    bool help = false;
    std::string help_text;
};

struct QueryCommand {
    std::vector<std::string> dbs;
    SearchRequest request;
    bool json = false;
    /// --serve [ADDR:]PORT: serve the web interface there instead of searching once.
    std::optional<std::string> serve;
    bool help = false;
    std::string help_text;
};

/// Parses news-index's arguments (argv[0] is the program). Throws UsageError.
[[nodiscard]] IndexCommand parse_index_command(int argc, const char* const argv[]);
/// Parses news-query's arguments. Throws UsageError.
[[nodiscard]] QueryCommand parse_query_command(int argc, const char* const argv[]);

/// The search of one web request (/api/search): each parameter is a news-query option by its
/// long name without the dashes ("actor", "facet-limit", ...), "q" is the query text, a
/// repeated name repeats the option, and the switches "collapse" and "no-collapse" take
/// 1/true/yes or 0/false/no. Same meaning, defaults and checks as the command line with
/// --json. Throws UsageError naming the parameter.
[[nodiscard]] SearchRequest parse_search_parameters(const std::vector<std::pair<std::string, std::string>>& params);

/// Makes SIGINT and SIGTERM ask a running news-index to stop: it commits what it has
/// indexed, says so, and exits with 128 + the signal. A second signal kills it at once.
void install_stop_handlers();

/// What those handlers do: the run stops after the article it is writing.
void request_stop(int signal) noexcept;

/// One progress line: "1,234 articles  5.6 of 12.0 MB (46%)  310 articles/s  ETA 0:21".
[[nodiscard]] std::string format_progress(const RunProgress& progress, double seconds);

/// Runs news-index: extracts every input and indexes it (or prints it, with dry_run).
/// Rejected inputs are named on err. Returns the exit status.
[[nodiscard]] int run_index(const IndexCommand& command, std::ostream& out, std::ostream& err);
/// Runs news-query. Returns the exit status.
[[nodiscard]] int run_query(const QueryCommand& command, std::ostream& out, std::ostream& err, bool color = false);

/// What both mains do: parse, run, turn exceptions into a message and an exit status.
int index_main(int argc, const char* const argv[], std::ostream& out, std::ostream& err);
/// terminal: err is a terminal, so a progress line is drawn there (unless --quiet).
int index_main(int argc, const char* const argv[], std::ostream& out, std::ostream& err, bool terminal);
int query_main(int argc, const char* const argv[], std::ostream& out, std::ostream& err, bool color);

}  // namespace newsindex::cli
