#include "cli.hpp"

#include "web/server.hpp"

#include <newsindex/error.hpp>
#include <newsindex/index_writer.hpp>
#include <newsindex/json.hpp>

#include <boost/program_options.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iomanip>
#include <optional>
#include <ostream>
#include <set>
#include <sstream>
#include <thread>

#include <pthread.h>
#include <signal.h>

namespace newsindex::cli {

namespace po = boost::program_options;

namespace {

Date parse_date_option(const std::string& value, const char* option) {
    auto d = Date::parse(value);
    if (!d) throw UsageError(std::string("--") + option + ": '" + value + "' is not a date YYYY-MM-DD");
    return *d;
}

po::variables_map parse(int argc, const char* const argv[], const po::options_description& all,
                        const po::positional_options_description& positional) {
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw UsageError(e.what());
    }
    return vm;
}

std::string describe(const po::options_description& options, const char* usage, const char* after) {
    std::ostringstream text;
    text << usage << "\n\n" << options << after;
    return text.str();
}

}  // namespace

IndexCommand parse_index_command(int argc, const char* const argv[]) {
    IndexCommand c;
    std::string reference;
    po::options_description visible("Options");
    visible.add_options()
        ("help,h", "show this help and exit")
        ("db", po::value(&c.db)->value_name("DIR"), "the index folder (created if missing); required unless --dry-run")
        ("shards", po::value(&c.shards)->value_name("N"),
         "for a new index: N Xapian databases DIR/shard-0 ... by a stable hash of the article id, and a stub "
         "file DIR/shards.stub naming them (news-query --db DIR searches them as one)")
        ("dry-run", po::bool_switch(&c.dry_run), "extract only, index nothing")
        ("json", po::bool_switch(&c.json), "with --dry-run: print one extraction record per article as JSON Lines")
        ("annotate", po::bool_switch(&c.extract.annotate), "add the spans found (\"mentions\") to each record")
        ("reference-date", po::value(&reference)->value_name("YYYY-MM-DD"),
         "anchor for year-less and relative dates (\"March 3\", \"Thursday\") in articles whose publication date "
         "is not otherwise known; without it they stay unresolved")
        ("keep-boilerplate", "do not remove boilerplate lines")
        ("full", po::bool_switch(&c.full),
         "read every input again; by default a file indexed before with the same size and modification time is skipped")
        ("prune", po::bool_switch(&c.prune), "delete the articles of indexed files that no longer exist")
        ("commit-every", po::value(&c.commit_every)->value_name("N"),
         "make the index durable after every N articles (default 0: at the end); a killed run then loses at "
         "most N articles, which the next run indexes again")
        ("threads,j", po::value(&c.extract.threads)->value_name("N"),
         "threads that extract articles while the index is written (default 0: one per core, shards or not; "
         "1: no threads)")
        ("quiet,q", po::bool_switch(&c.quiet), "no summary on standard error");
    po::options_description hidden;
    hidden.add_options()("input", po::value(&c.inputs));
    po::options_description all;
    all.add(visible).add(hidden);
    po::positional_options_description positional;
    positional.add("input", -1);
    const po::variables_map vm = parse(argc, argv, all, positional);

    c.help_text = describe(visible, "Usage: news-index --db DIR [OPTIONS] INPUT...\n\n"
                                    "Reads news articles from files and folders (plain text, HTML; gzip-compressed or not),\n"
                                    "strips boilerplate, finds dates and places, and writes a Xapian index.\n"
                                    "Indexing the same inputs again replaces their articles; it never duplicates them.",
                           "\nExit status: 0 every input was read; 1 some inputs were rejected (each named on standard\n"
                           "error) and all others were processed; 2 usage error or the index cannot be opened;\n"
                           "130 or 143: stopped by SIGINT or SIGTERM after committing the articles indexed so far\n"
                           "(the same command again goes on from there).\n");
    c.help = vm.count("help") > 0;
    if (c.help) return c;
    c.extract.strip_boilerplate = vm.count("keep-boilerplate") == 0;
    if (!reference.empty()) c.extract.reference_date = parse_date_option(reference, "reference-date");
    if (c.inputs.empty()) throw UsageError("no INPUT given (a file or a folder)");
    if (c.db.empty() && !c.dry_run) throw UsageError("--db DIR is required (or --dry-run)");
    if (c.json && !c.dry_run) throw UsageError("--json goes with --dry-run");
    return c;
}

QueryCommand parse_query_command(int argc, const char* const argv[]) {
    QueryCommand c;
    std::vector<std::string> words;
    std::string from, to, sort = "relevance";
    std::vector<std::string> mentioned;
    long long limit = 10, offset = 0, facet_limit = 10;
    bool collapse = false, no_collapse = false;
    std::string facet_unit = "article";
    std::string similar;
    po::options_description visible("Options");
    visible.add_options()
        ("help,h", "show this help and exit")
        ("db", po::value(&c.dbs)->value_name("DIR")->composing(),
         "an index folder, or tcp://HOST:PORT (xapian-tcpsrv); repeat to search several as one archive")
        ("actor", po::value(&c.request.actors)->value_name("NAME")->composing(),
         "only articles naming this actor (canonical name or alias, any case); repeatable, all must hold")
        ("place", po::value(&c.request.places)->value_name("NAME")->composing(),
         "only articles about this place or anything inside it (name or alias, any case); repeatable")
        ("from", po::value(&from)->value_name("YYYY-MM-DD"), "published on or after this day")
        ("to", po::value(&to)->value_name("YYYY-MM-DD"), "published on or before this day")
        ("mentions", po::value(&mentioned)->value_name("YYYY-MM-DD")->composing(),
         "only articles that mention this day (a date in their text, resolved); repeatable")
        ("facet", po::value(&c.request.facets)->value_name("FIELD")->composing(),
         "count matches by actor, place, place:country, date (by day), date:month or date:year; repeatable; "
         "exact over all matches")
        ("facet-limit", po::value(&facet_limit)->value_name("N"), "values listed per facet, most frequent first (default 10)")
        ("facet-unit", po::value(&facet_unit)->value_name("UNIT"),
         "what facets count: article (default) or story (an article and its copies count once)")
        ("sort", po::value(&sort)->value_name("ORDER"), "relevance (default) or date (newest first)")
        ("limit", po::value(&limit)->value_name("N"), "results to show (default 10; 0: counts and facets only)")
        ("offset", po::value(&offset)->value_name("N"), "skip this many results (paging)")
        ("collapse", po::bool_switch(&collapse),
         "one result per story (an article and its copies) with the number of similar ones; "
         "the default for human output, not for --json")
        ("no-collapse", po::bool_switch(&no_collapse), "every matching article, copies too")
        ("similar", po::value(&similar)->value_name("ID"),
         "the articles of the story of article ID (its copies and itself)")
        ("json", po::bool_switch(&c.json), "print one JSON object (see docs/json.md)")
        ("serve", po::value<std::string>()->value_name("[ADDR:]PORT"),
         "serve the web interface and its JSON API (docs/interfaces.md) on this port, of 127.0.0.1 "
         "unless ADDR is given (0.0.0.0: every interface); PORT 0 picks a free one. Runs until "
         "SIGINT or SIGTERM");
    po::options_description hidden;
    hidden.add_options()("query", po::value(&words));
    po::options_description all;
    all.add(visible).add(hidden);
    po::positional_options_description positional;
    positional.add("query", -1);
    const po::variables_map vm = parse(argc, argv, all, positional);

    c.help_text = describe(visible, "Usage: news-query --db DIR [OPTIONS] [QUERY...]\n"
                                    "       news-query --db DIR --serve [ADDR:]PORT\n\n"
                                    "Searches a news index. QUERY is free text with \"phrases\", AND, OR, NOT, parentheses and\n"
                                    "the fields actor:NAME, place:NAME, title:WORD, mentioned:YYYY-MM-DD and\n"
                                    "date:YYYY-MM-DD..YYYY-MM-DD (either end may be left open). Words must all match.\n"
                                    "With no QUERY and no filter, every article matches. Copies of one story (syndicated,\n"
                                    "re-crawled or rewritten) are shown once unless --no-collapse or --json is given.",
                           "\nExit status: 0 the search ran (also with no results), or the server was stopped by\n"
                           "SIGINT or SIGTERM; 2 usage error, bad query, missing index or a port that cannot be bound.\n");
    c.help = vm.count("help") > 0;
    if (c.help) return c;
    if (c.dbs.empty()) throw UsageError("--db DIR is required");
    if (vm.count("serve") != 0) {
        c.serve = vm["serve"].as<std::string>();
        // The page and each API request say what to search: one-off search options mean a
        // misunderstanding, not something to ignore.
        for (const auto& [name, value] : vm) {
            if (name != "db" && name != "serve" && !value.defaulted()) {
                throw UsageError("--serve takes only --db: the page and its API requests say what to search (--" +
                                 name + " given)");
            }
        }
        return c;
    }
    for (std::size_t i = 0; i < words.size(); ++i) c.request.query += (i ? " " : "") + words[i];
    if (!from.empty()) c.request.from = parse_date_option(from, "from");
    if (!to.empty()) c.request.to = parse_date_option(to, "to");
    for (const std::string& day : mentioned) c.request.mentioned.push_back(parse_date_option(day, "mentions"));
    if (sort == "relevance") {
        c.request.sort = SortOrder::relevance;
    } else if (sort == "date") {
        c.request.sort = SortOrder::date;
    } else {
        throw UsageError("--sort: want relevance or date, not '" + sort + "'");
    }
    constexpr long long max_page = 100000;
    if (limit < 0 || limit > max_page) throw UsageError("--limit: want 0 to " + std::to_string(max_page));
    if (offset < 0 || offset > 100000000) throw UsageError("--offset: want 0 or more (at most 100000000)");
    if (facet_limit < 1 || facet_limit > max_page) throw UsageError("--facet-limit: want 1 to " + std::to_string(max_page));
    if (collapse && no_collapse) throw UsageError("--collapse and --no-collapse contradict each other");
    if (facet_unit == "story") {
        c.request.facet_unit = FacetUnit::story;
    } else if (facet_unit != "article") {
        throw UsageError("--facet-unit: want article or story, not '" + facet_unit + "'");
    }
    if (!similar.empty()) c.request.similar_to = similar;
    // People reading a terminal want each story once; programs reading JSON get what they ask.
    c.request.collapse = collapse || (!no_collapse && !c.json && similar.empty());
    c.request.limit = static_cast<std::size_t>(limit);
    c.request.offset = static_cast<std::size_t>(offset);
    c.request.facet_limit = static_cast<std::size_t>(facet_limit);
    for (const std::string& f : c.request.facets) {
        if (f != "actor" && f != "place" && f != "place:country" && f != "date" && f != "date:month" && f != "date:year") {
            throw UsageError("--facet: unknown field '" + f +
                             "' (want actor, place, place:country, date, date:month or date:year)");
        }
    }
    return c;
}

SearchRequest parse_search_parameters(const std::vector<std::pair<std::string, std::string>>& params) {
    // The command line's own parser, so that a web search means what the same options mean
    // to news-query --json. Only search options: --db and --serve are the server's.
    static const std::set<std::string, std::less<>> options = {
        "actor", "place", "from", "to", "mentions", "facet", "facet-limit", "facet-unit",
        "sort", "limit", "offset", "similar"};
    static const std::set<std::string, std::less<>> switches = {"collapse", "no-collapse"};
    std::vector<std::string> args = {"news-query", "--db=-", "--json"};
    std::string query;
    bool have_query = false;
    for (const auto& [name, value] : params) {
        if (name == "q") {
            if (have_query) throw UsageError("q: given more than once");
            have_query = true;
            query = value;
        } else if (options.count(name) != 0) {
            args.push_back("--" + name + "=" + value);  // "=": a value may begin with '-'
        } else if (switches.count(name) != 0) {
            if (value == "1" || value == "true" || value == "yes" || value.empty()) {
                args.push_back("--" + name);
            } else if (value != "0" && value != "false" && value != "no") {
                throw UsageError(name + ": want 1 or 0, not '" + value + "'");
            }
        } else {
            throw UsageError("unknown parameter '" + name + "'");
        }
    }
    std::vector<const char*> argv;
    argv.reserve(args.size());
    for (const std::string& a : args) argv.push_back(a.c_str());
    QueryCommand command;
    try {
        command = parse_query_command(static_cast<int>(argv.size()), argv.data());
    } catch (const UsageError& e) {
        // The command line's messages name options ("--limit: want 0 to 100000"); a web
        // client sent parameters.
        std::string message = e.what();
        for (std::size_t at = message.find("--"); at != std::string::npos; at = message.find("--", at)) {
            message.erase(at, 2);
        }
        throw UsageError(message);
    }
    command.request.query = std::move(query);
    return std::move(command.request);
}

namespace {

std::string with_thousands(std::uint64_t n) {
    const std::string digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string fixed1(double x) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f", x);
    return buffer;
}

}  // namespace

std::string format_progress(const RunProgress& p, double seconds) {
    constexpr double mega = 1e6;
    std::string line = with_thousands(p.articles) + (p.articles == 1 ? " article  " : " articles  ");
    line += fixed1(static_cast<double>(p.bytes_done) / mega) + " of " + fixed1(static_cast<double>(p.bytes_total) / mega) + " MB";
    if (p.bytes_total > 0) {
        line += " (" + std::to_string(p.bytes_done * 100 / p.bytes_total) + "%)";
    }
    if (seconds > 0) {
        line += "  " + with_thousands(static_cast<std::uint64_t>(static_cast<double>(p.articles) / seconds)) + " articles/s";
        if (p.bytes_done > 0 && p.bytes_done < p.bytes_total) {
            const double left = seconds * static_cast<double>(p.bytes_total - p.bytes_done) / static_cast<double>(p.bytes_done);
            const auto s = static_cast<std::uint64_t>(left + 0.5);
            char eta[32];
            if (s >= 3600) {
                std::snprintf(eta, sizeof eta, "%ju:%02ju:%02ju", s / 3600, s / 60 % 60, s % 60);
            } else {
                std::snprintf(eta, sizeof eta, "%ju:%02ju", s / 60, s % 60);
            }
            line += "  ETA ";
            line += eta;
        }
    }
    return line;
}

namespace {

// Set by a signal handler (a lock-free atomic is async-signal-safe), read between articles.
std::atomic<int> stop_signal{0};

// Thrown out of the article sink to stop a run; Extractor::run lets it through.
struct Interrupted {
    int signal;
};

void on_stop_signal(int signal) { request_stop(signal); }

}  // namespace

void request_stop(int signal) noexcept { stop_signal.store(signal); }

void install_stop_handlers() {
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND;  // a second signal takes its default action: the end
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

int run_index(const IndexCommand& command, std::ostream& out, std::ostream& err) {
    stop_signal.store(0);
    std::optional<IndexWriter> writer;
    if (!command.dry_run) writer.emplace(command.db, WriterOptions{command.shards});
    ExtractOptions options = command.extract;
    const Extractor extractor(options);
    std::size_t problems = 0;
    RunHooks hooks;
    if (writer) {
        // Incremental: an unchanged file is skipped; a changed one loses its old articles
        // first (records it no longer holds must go), and is recorded once indexed.
        hooks.should_read = [&](const InputFileInfo& file) {
            if (!command.full && writer->is_current(file)) return false;
            writer->remove_origin(file.path);
            return true;
        };
        hooks.file_done = [&](const InputFileInfo& file) { writer->record_file(file); };
    }
    const auto started = std::chrono::steady_clock::now();
    auto last_drawn = started;
    bool drawn = false;
    if (command.progress && !command.quiet) {
        hooks.progress = [&](const RunProgress& p) {
            const auto now = std::chrono::steady_clock::now();
            if (drawn && now - last_drawn < std::chrono::milliseconds(250)) return;
            last_drawn = now;
            drawn = true;
            // \r and "erase to the end of the line": the line is redrawn in place.
            err << '\r' << format_progress(p, std::chrono::duration<double>(now - started).count()) << "\x1b[K"
                << std::flush;
        };
    }
    std::size_t since_commit = 0;
    std::size_t delivered = 0;
    std::size_t exact_duplicates = 0, near_duplicates = 0;
    ExtractStats stats;
    int stopped_by = 0;
    try {
        stats = extractor.run(
            command.inputs,
            [&](Article&& article) {
                if (writer) {
                    const std::string source = article.source;
                    const AddResult added = writer->add(std::move(article));
                    if (added.duplicate == AddResult::Duplicate::exact) {
                        ++exact_duplicates;
                        if (!command.quiet) {
                            if (drawn) err << "\r\x1b[K";
                            err << "news-index: duplicate: " << source << " has the same text as " << added.duplicate_of
                                << '\n';
                        }
                    } else if (added.duplicate == AddResult::Duplicate::near) {
                        ++near_duplicates;
                    }
                    if (command.commit_every > 0 && ++since_commit >= command.commit_every) {
                        writer->commit();
                        since_commit = 0;
                    }
                } else if (command.json) {
                    out << to_json(article, command.extract.annotate) << '\n';
                } else {
                    out << article.source << "\t" << (article.published ? article.published->to_string() : "-")
                        << "\t" << article.title << '\n';
                }
                ++delivered;
                if (command.after_article) command.after_article(delivered);
                if (const int signal = stop_signal.load()) throw Interrupted{signal};
            },
            [&](const InputProblem& p) {
                ++problems;
                if (drawn) err << "\r\x1b[K";  // the message replaces the progress line
                err << "news-index: " << p.source << ": " << p.reason << '\n';
            },
            hooks);
    } catch (const Interrupted& interrupted) {
        stopped_by = interrupted.signal;
    }
    if (drawn) err << "\r\x1b[K";
    if (stopped_by != 0) {
        // What was written is kept; files not finished are not recorded, so the same command
        // reads them again.
        if (writer) writer->commit();
        out.flush();
        err << "news-index: stopped by " << (stopped_by == SIGINT ? "SIGINT" : stopped_by == SIGTERM ? "SIGTERM" : "a signal")
            << " after " << delivered << " article" << (delivered == 1 ? "" : "s");
        if (writer) err << ", all committed into " << command.db << " (" << writer->size() << " in the index)";
        err << "; the same command again goes on from there\n";
        return exit_interrupted + stopped_by;
    }
    const std::size_t pruned = writer && command.prune ? writer->prune() : 0;
    if (writer) writer->commit();
    out.flush();
    if (!command.quiet) {
        err << "news-index: " << (command.dry_run ? "extracted " : "indexed ") << stats.articles << " article"
            << (stats.articles == 1 ? "" : "s") << " from " << stats.files << " file" << (stats.files == 1 ? "" : "s");
        if (stats.skipped > 0) err << ", " << stats.skipped << " unchanged file" << (stats.skipped == 1 ? "" : "s") << " skipped";
        if (command.prune) err << ", " << pruned << " vanished file" << (pruned == 1 ? "" : "s") << " pruned";
        if (writer) err << " into " << command.db << " (" << writer->size() << " in the index)";
        if (exact_duplicates + near_duplicates > 0) {
            err << "; " << exact_duplicates << " exact and " << near_duplicates << " near duplicate"
                << (exact_duplicates + near_duplicates == 1 ? "" : "s") << " joined their stories";
        }
        err << "; " << problems << " input" << (problems == 1 ? "" : "s") << " rejected\n";
    }
    return problems == 0 ? exit_ok : exit_rejected;
}

namespace {

struct Style {
    bool color;
    [[nodiscard]] std::string bold(const std::string& s) const { return color ? "\x1b[1m" + s + "\x1b[0m" : s; }
    [[nodiscard]] std::string dim(const std::string& s) const { return color ? "\x1b[2m" + s + "\x1b[0m" : s; }
};

std::string join(const std::vector<std::string>& items, std::size_t at_most) {
    std::string s;
    for (std::size_t i = 0; i < items.size() && i < at_most; ++i) s += (i ? ", " : "") + items[i];
    if (items.size() > at_most) s += ", ...";
    return s;
}

// The snippet with its matched words in bold (on a terminal; plain otherwise).
std::string highlighted(const SearchHit& hit, const Style& style) {
    if (!style.color) return hit.snippet;
    std::string out;
    std::size_t at = 0;
    for (const auto& [start, end] : hit.highlights) {
        if (start < at || end > hit.snippet.size()) continue;
        out += hit.snippet.substr(at, start - at);
        out += style.bold(hit.snippet.substr(start, end - start));
        at = end;
    }
    return out + hit.snippet.substr(at);
}

void print_human(const SearchResults& r, const SearchRequest& request, std::ostream& out, const Style& style) {
    std::string head = std::to_string(r.total) + (r.total == 1 ? " article matches" : " articles match");
    if (r.stories) head += ", " + std::to_string(*r.stories) + (*r.stories == 1 ? " story" : " stories");
    out << style.bold(head) << '\n';
    if (r.suggestion) out << "Did you mean: " << style.bold(*r.suggestion) << '\n';
    std::size_t rank = request.offset;
    for (const SearchHit& h : r.hits) {
        out << '\n'
            << std::setw(3) << ++rank << ". " << style.bold(h.title.empty() ? "(untitled)" : h.title) << '\n'
            << "     " << (h.published ? h.published->to_string() : "no date") << "  "
            << style.dim(h.url ? *h.url : h.source) << '\n';
        if (!h.snippet.empty()) out << "     " << highlighted(h, style) << '\n';
        if (!h.places.empty()) out << "     places: " << join(h.places, 8) << '\n';
        if (!h.actors.empty()) out << "     actors: " << join(h.actors, 8) << '\n';
        if (h.similar > 0) {
            out << "     " << style.dim("and " + std::to_string(h.similar) + " similar: --similar " + h.id) << '\n';
        }
    }
    for (const Facet& f : r.facets) {
        out << '\n' << style.bold("by " + f.field) << '\n';
        std::size_t width = 0;
        for (const FacetValue& v : f.values) width = std::max(width, v.value.size());
        for (const FacetValue& v : f.values) {
            out << "  " << std::left << std::setw(static_cast<int>(width)) << v.value << std::right << "  "
                << std::setw(6) << v.count << '\n';
        }
        if (f.values.empty()) out << "  (none)\n";
    }
}

}  // namespace

namespace {

// Serves until SIGINT or SIGTERM. Those signals are blocked before the server's threads
// start (they inherit the mask) and taken by one thread with sigwait, which stops the
// server: a signal handler could not.
int serve(const QueryCommand& command, std::ostream& out, std::ostream& err) {
    web::ServeOptions options = web::parse_listen_address(*command.serve);
    options.databases = command.dbs;
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGUSR1);  // the server ended by itself: wakes the waiter
    sigset_t previous;
    pthread_sigmask(SIG_BLOCK, &signals, &previous);
    struct RestoreMask {
        sigset_t mask;
        ~RestoreMask() { pthread_sigmask(SIG_SETMASK, &mask, nullptr); }
    } restore{previous};

    web::Server server(options);
    out << "news-query: serving " << server.url() << std::endl;
    std::atomic<int> stopped_by{0};
    std::atomic<bool> ended{false};
    std::thread waiter([&] {
        for (;;) {
            int signal = 0;
            sigwait(&signals, &signal);
            if (signal == SIGUSR1) {
                if (ended) return;
                continue;  // someone else's SIGUSR1: not a stop request
            }
            stopped_by = signal;
            server.stop();
            return;
        }
    });
    const bool served = server.run();
    ended = true;
    if (stopped_by == 0) pthread_kill(waiter.native_handle(), SIGUSR1);
    waiter.join();
    if (!served) {
        err << "news-query: the server stopped on an error\n";
        return exit_usage;
    }
    err << "news-query: stopped by " << (stopped_by == SIGINT ? "SIGINT" : "SIGTERM") << '\n';
    return exit_ok;
}

}  // namespace

int run_query(const QueryCommand& command, std::ostream& out, std::ostream& err, bool color) {
    if (command.serve) return serve(command, out, err);
    const Searcher searcher(command.dbs);
    const SearchResults results = searcher.search(command.request);
    if (command.json) {
        out << to_json(results) << '\n';
    } else {
        print_human(results, command.request, out, Style{color});
    }
    return exit_ok;
}

int index_main(int argc, const char* const argv[], std::ostream& out, std::ostream& err) {
    return index_main(argc, argv, out, err, false);
}

int index_main(int argc, const char* const argv[], std::ostream& out, std::ostream& err, bool terminal) {
    try {
        IndexCommand command = parse_index_command(argc, argv);
        command.progress = terminal;
        if (command.help) {
            out << command.help_text;
            return exit_ok;
        }
        return run_index(command, out, err);
    } catch (const UsageError& e) {
        err << "news-index: " << e.what() << "\nTry 'news-index --help'.\n";
    } catch (const Error& e) {
        err << "news-index: " << e.what() << '\n';
    }
    return exit_usage;
}

int query_main(int argc, const char* const argv[], std::ostream& out, std::ostream& err, bool color) {
    try {
        const QueryCommand command = parse_query_command(argc, argv);
        if (command.help) {
            out << command.help_text;
            return exit_ok;
        }
        return run_query(command, out, err, color);
    } catch (const UsageError& e) {
        err << "news-query: " << e.what() << "\nTry 'news-query --help'.\n";
    } catch (const Error& e) {
        err << "news-query: " << e.what() << '\n';
    }
    return exit_usage;
}

}  // namespace newsindex::cli
