// query-bench: search latency of newsindex::Searcher on an archive of a few hundred
// thousand articles, per query class, beside the bare Xapian cost of the same match, so that
// the price of what newsindex adds (exact totals, facets, snippets) can be read off one table.
//
//   query-bench build --db DIR --source FOLDER [--copies N] [--commit-every N]
//   query-bench run --db DIR [--repeat N] [--warmup N] [--class LIST] [--date-values] [--json]
//
// See bench/README.md for what each column measures.

#include "bench_args.hpp"
#include "database_location.hpp"

#include "document.hpp"  // name_key: the folding of place names into XP terms
#include "places.hpp"    // Gazetteer: aliases to canonical place names, as the searcher resolves them
#include "schema.hpp"

#include <newsindex/newsindex.hpp>

#include <xapian.h>

#include <time.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace fs = std::filesystem;

namespace {

using newsindex::Date;
namespace schema = newsindex::detail::schema;

constexpr int exit_failure = 1;
constexpr int exit_usage = 2;

constexpr const char* usage_text =
    "usage: query-bench build --db DIR --source FOLDER [--copies N] [--commit-every N] [--shards N]\n"
    "       query-bench run --db DB [--db DB]... [--repeat N] [--warmup N] [--class LIST] [--date-values] [--check-at-least N] [--json]\n"
    "build: indexes the articles of FOLDER N times (default 22), each copy with its own ids\n"
    "       and its dates shifted by 30 days per copy, into the new index DIR.\n"
    "run:   times four query classes through newsindex::Searcher and through bare Xapian.\n"
    "  --copies N        copies of FOLDER to index (default 22)\n"
    "  --commit-every N  articles between commits (default 20000)\n"
    "  --shards N        write N shards, as news-index --shards does (default: one database)\n"
    "  --db DB           for run: an index folder, a sharded index's folder or tcp://HOST:PORT\n"
    "                    (xapian-tcpsrv); several --db are searched as one archive\n"
    "  --repeat N        timed searches per class and method (default 200)\n"
    "  --warmup N        untimed searches before them (default 20)\n"
    "  --class LIST      only these classes, e.g. --class d or --class ab (for profiling)\n"
    "  --date-values     bare Xapian filters dates with a value range on slot 0 instead of\n"
    "                    the OR of D/M/Y terms that newsindex uses\n"
    "  --check-at-least N  the xapian column asks get_mset for at least N matches checked\n"
    "                    (default 0: Xapian's own default), to show what bounded counting saves\n"
    "                    and how far off its estimates of the total are\n"
    "  --json            print one JSON object instead of the table\n";

using bench::UsageError;

struct Options {
    std::string command;
    std::string db;               // build: the index to write; run: the first of dbs
    std::vector<std::string> dbs;  // run: every --db
    unsigned shards = 0;
    std::string source;
    std::size_t copies = 22;
    std::size_t commit_every = 20000;
    std::size_t repeat = 200;
    std::size_t warmup = 20;
    std::string only = "abcd";  // the classes to run
    bool date_values = false;
    Xapian::doccount check_at_least = 0;  // the xapian column's; 0 is Xapian's default
    bool json = false;
};

using bench::parse_count;

Options parse_options(int argc, char** argv) {
    if (argc < 2) throw UsageError("no command given");
    Options options;
    options.command = argv[1];
    if (options.command != "build" && options.command != "run") {
        throw UsageError("unknown command '" + options.command + "': want build or run");
    }
    const bool build = options.command == "build";
    bench::ArgWalker args(argc, argv, 2);
    while (args.next()) {
        const std::string_view arg = args.arg();
        const auto take_value = [&] { return args.take_value(); };
        if (arg == "--db") {
            options.dbs.emplace_back(take_value());
            if (build && options.dbs.size() > 1) throw UsageError("build takes one --db");
            options.db = options.dbs.front();
        } else if (build && arg == "--shards") {
            options.shards = static_cast<unsigned>(parse_count(arg, take_value()));
        } else if (build && arg == "--source") {
            options.source = std::string(take_value());
        } else if (build && arg == "--copies") {
            options.copies = parse_count(arg, take_value());
            if (options.copies == 0) throw UsageError("--copies must be at least 1");
        } else if (build && arg == "--commit-every") {
            options.commit_every = parse_count(arg, take_value());
            if (options.commit_every == 0) throw UsageError("--commit-every must be at least 1");
        } else if (!build && arg == "--repeat") {
            options.repeat = parse_count(arg, take_value());
            if (options.repeat == 0) throw UsageError("--repeat must be at least 1");
        } else if (!build && arg == "--warmup") {
            options.warmup = parse_count(arg, take_value());
        } else if (!build && arg == "--class") {
            options.only = std::string(take_value());
            if (options.only.empty() || options.only.find_first_not_of("abcd") != std::string::npos) {
                throw UsageError("--class: want some of the letters a, b, c, d");
            }
        } else if (!build && arg == "--date-values" && !args.has_inline_value()) {
            options.date_values = true;
        } else if (!build && arg == "--check-at-least") {
            options.check_at_least = static_cast<Xapian::doccount>(parse_count(arg, take_value()));
        } else if (!build && arg == "--json" && !args.has_inline_value()) {
            options.json = true;
        } else {
            throw UsageError("unknown option " + std::string(args.whole()) + " for " + options.command);
        }
    }
    if (options.db.empty()) throw UsageError("--db DIR is required");
    if (build) {
        std::error_code ec;
        if (options.source.empty()) throw UsageError("--source FOLDER is required");
        if (!fs::is_directory(options.source, ec)) throw UsageError(options.source + " is not a folder");
    }
    return options;
}

double thread_cpu_us() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::uintmax_t folder_bytes(const fs::path& folder) {
    std::uintmax_t bytes = 0;
    for (const auto& entry : fs::recursive_directory_iterator(folder)) {
        if (entry.is_regular_file()) bytes += entry.file_size();
    }
    return bytes;
}

// The bytes of the local databases among dbs (a remote one's size is its server's business).
std::uintmax_t local_bytes(const std::vector<std::string>& dbs) {
    std::uintmax_t bytes = 0;
    for (const std::string& db : dbs) {
        if (!newsindex::detail::is_remote(db)) bytes += folder_bytes(db);
    }
    return bytes;
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
    return out;
}

Date shift(const Date& d, std::int64_t days) { return Date::from_days(d.to_days() + days); }

// ---------------------------------------------------------------------------------------
// build

int build_index(const Options& options) {
    std::error_code ec;
    if (fs::exists(options.db, ec) && !fs::is_empty(options.db, ec)) {
        std::cerr << "query-bench: " << options.db << " exists and is not empty; remove it or choose another --db\n";
        return exit_failure;
    }

    // Each file is extracted once; the copies are re-added from memory, so the build time is
    // that of indexing, not of extracting the same text 22 times.
    newsindex::ExtractOptions extract_options;
    extract_options.reference_date = Date{1987, 12, 31};
    const newsindex::Extractor extractor(extract_options);
    std::vector<newsindex::Article> articles;
    const auto extract_start = std::chrono::steady_clock::now();
    const newsindex::ExtractStats stats = extractor.run(
        {options.source}, [&](newsindex::Article&& a) { articles.push_back(std::move(a)); },
        [](const newsindex::InputProblem& p) {
            std::cerr << "query-bench: skipped " << p.source << ": " << p.reason << "\n";
        });
    const double extract_seconds = seconds_since(extract_start);
    if (articles.empty()) {
        std::cerr << "query-bench: no article in " << options.source << "\n";
        return exit_failure;
    }
    std::printf("extracted %zu articles from %zu files in %.1f s (%.0f articles/s), %zu problems\n", articles.size(),
                stats.files, extract_seconds, static_cast<double>(articles.size()) / extract_seconds, stats.problems);
    std::fflush(stdout);

    const auto index_start = std::chrono::steady_clock::now();
    newsindex::IndexWriter writer(options.db, newsindex::WriterOptions{options.shards});
    std::size_t added = 0;
    for (std::size_t c = 0; c < options.copies; ++c) {
        // A month apart per copy: 22 copies of the Reuters set (Feb-Oct 1987) span about two
        // years, so date ranges and the date facet see a real archive's spread.
        const auto days = static_cast<std::int64_t>(30 * c);
        const std::string suffix = std::to_string(c);
        for (const newsindex::Article& original : articles) {
            newsindex::Article article = original;
            article.id += "-" + suffix;
            article.source += "#" + suffix;
            if (article.published) article.published = shift(*article.published, days);
            for (Date& d : article.dates) d = shift(d, days);
            writer.add(article);
            if (++added % options.commit_every == 0) {
                writer.commit();
                std::fprintf(stderr, "query-bench: %zu articles committed, %.0f articles/s\n", added,
                             static_cast<double>(added) / seconds_since(index_start));
            }
        }
    }
    writer.commit();
    const double index_seconds = seconds_since(index_start);
    std::printf("indexed %zu articles (%zu copies) in %.1f s: %.0f articles/s\n", added, options.copies, index_seconds,
                static_cast<double>(added) / index_seconds);
    std::printf("index %s: %zu articles, %.1f MB\n", options.db.c_str(), writer.size(),
                static_cast<double>(folder_bytes(options.db)) / 1e6);
    return 0;
}

// ---------------------------------------------------------------------------------------
// run

std::string compact(const Date& d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d%02u%02u", d.year, d.month, d.day);
    return buf;
}

std::optional<Date> from_compact(const std::string& ymd) {
    if (ymd.size() != 8) return std::nullopt;
    return Date::parse(ymd.substr(0, 4) + "-" + ymd.substr(4, 2) + "-" + ymd.substr(6, 2));
}

unsigned days_in_month(int year, unsigned month) {
    unsigned d = 31;
    while (!Date::valid(year, month, d)) --d;
    return d;
}

// The same cover as the searcher's: the fewest Y, M and D terms for the range, after
// clipping it to the archive's dates, so both sides match exactly the same documents.
std::vector<std::string> date_terms(Date first, Date last, Date lowest, Date highest) {
    first = std::max(first, lowest);
    last = std::min(last, highest);
    std::vector<std::string> terms;
    Date cur = first;
    while (cur <= last) {
        if (cur.month == 1 && cur.day == 1 && Date{cur.year, 12, 31} <= last) {
            terms.push_back(std::string(schema::year) + compact(cur).substr(0, 4));
            cur = Date{cur.year + 1, 1, 1};
        } else if (cur.day == 1 && Date{cur.year, cur.month, days_in_month(cur.year, cur.month)} <= last) {
            terms.push_back(std::string(schema::month) + compact(cur).substr(0, 6));
            cur = cur.month == 12 ? Date{cur.year + 1, 1, 1} : Date{cur.year, cur.month + 1, 1};
        } else {
            terms.push_back(std::string(schema::day) + compact(cur));
            cur = Date::from_days(cur.to_days() + 1);
        }
    }
    return terms;
}

// One query as the bare Xapian loop sees it: text for the QueryParser, boolean filter terms,
// and a publication date range.
struct BareQuery {
    std::string text;
    std::vector<std::string> filters;
    std::vector<std::string> date_terms;  // OR of D/M/Y terms
    std::string date_lo, date_hi;         // the same range as YYYYMMDD, for --date-values
    bool dated = false;
};

struct QueryClass {
    std::string key;
    std::string name;
    std::vector<newsindex::SearchRequest> requests;
    std::vector<BareQuery> bare;
    bool facets = false;
};

struct Percentiles {
    double p50_ms = 0;
    double p95_ms = 0;
    double mean_ms = 0;
};

// Nearest-rank percentiles.
Percentiles percentiles(std::vector<double> us) {
    std::sort(us.begin(), us.end());
    const auto rank = [&](double q) {
        const auto r = static_cast<std::size_t>(std::ceil(q * static_cast<double>(us.size())));
        return us[std::clamp<std::size_t>(r, 1, us.size()) - 1] / 1000.0;
    };
    Percentiles p;
    p.p50_ms = rank(0.50);
    p.p95_ms = rank(0.95);
    p.mean_ms = std::accumulate(us.begin(), us.end(), 0.0) / static_cast<double>(us.size()) / 1000.0;
    return p;
}

struct Method {
    std::string name;
    Percentiles latency;
    Percentiles cpu;                   // CPU time of this thread: what the search costs, whatever else runs
    std::vector<std::size_t> matches;  // per query of the class, from its last run
    bool measured = false;
};

using SearchFn = std::function<std::size_t(std::size_t)>;  // runs query q, returns its matches

// Warms each method up, then times repeat searches, cycling through the class's queries so
// the caches do not see one query only. The methods take turns query by query, so that a
// change of load on the machine, or of what the page cache holds, falls on all of them
// alike instead of on whichever ran last; and who runs a query first rotates.
std::vector<Method> measure(const std::vector<std::pair<std::string, SearchFn>>& methods, std::size_t queries,
                            const Options& options) {
    std::vector<Method> out(methods.size());
    std::vector<std::vector<double>> us(methods.size()), cpu_us(methods.size());
    for (std::size_t m = 0; m < methods.size(); ++m) {
        out[m].name = methods[m].first;
        out[m].matches.assign(queries, 0);
        us[m].reserve(options.repeat);
        cpu_us[m].reserve(options.repeat);
        for (std::size_t i = 0; i < options.warmup; ++i) methods[m].second(i % queries);
    }
    for (std::size_t i = 0; i < options.repeat; ++i) {
        const std::size_t q = i % queries;
        // The first method to run a query brings its postings into the CPU's caches for the
        // others: who goes first rotates, so no method always pays for it.
        for (std::size_t turn = 0; turn < methods.size(); ++turn) {
            const std::size_t m = (i + turn) % methods.size();
            const double cpu_start = thread_cpu_us();  // outside the wall-clock interval
            const auto start = std::chrono::steady_clock::now();
            const std::size_t n = methods[m].second(q);
            const auto stop = std::chrono::steady_clock::now();
            cpu_us[m].push_back(thread_cpu_us() - cpu_start);
            us[m].push_back(std::chrono::duration<double, std::micro>(stop - start).count());
            out[m].matches[q] = n;
        }
    }
    for (std::size_t m = 0; m < methods.size(); ++m) {
        // Fewer timed searches than queries: count the rest untimed, so totals cover every query.
        for (std::size_t q = options.repeat; q < queries; ++q) out[m].matches[q] = methods[m].second(q);
        out[m].latency = percentiles(std::move(us[m]));
        out[m].cpu = percentiles(std::move(cpu_us[m]));
        out[m].measured = true;
    }
    return out;
}

// The months that hold at least 10% of the busiest month's articles: the archive's dense
// span, without the odd article dated years away nor the thin tail of the last copies.
std::pair<Date, Date> busy_span(const Xapian::Database& db) {
    const std::string prefix(schema::month);
    std::map<std::string, Xapian::doccount> months;
    Xapian::doccount busiest = 0;
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
        months[(*t).substr(prefix.size())] = t.get_termfreq();
        busiest = std::max(busiest, t.get_termfreq());
    }
    std::optional<std::string> first, last;
    for (const auto& [ym, n] : months) {
        if (ym.size() != 6 || n * 10 < busiest) continue;
        if (!first) first = ym;
        last = ym;
    }
    if (!first) throw std::runtime_error("the index has no dated article");
    const Date lo{std::stoi(first->substr(0, 4)), static_cast<unsigned>(std::stoul(first->substr(4, 2))), 1};
    const int ly = std::stoi(last->substr(0, 4));
    const auto lm = static_cast<unsigned>(std::stoul(last->substr(4, 2)));
    return {lo, Date{ly, lm, days_in_month(ly, lm)}};
}

std::vector<QueryClass> make_classes(const Xapian::Database& db, const newsindex::detail::Gazetteer& gazetteer) {
    // Two common words of business news each: a few hundred to tens of thousands of matches.
    const std::vector<std::string> two_words = {
        "oil prices",   "interest rates", "trade deficit",    "stock market",  "crude output",
        "central bank", "bank loans",     "grain exports",    "coffee quotas", "money supply",
        "share offer",  "net profit",     "wheat crop",       "dollar yen",    "gold mine",
        "debt talks",   "tax cuts",       "merger agreement", "steel imports", "sugar production"};
    const std::vector<std::string> phrases = {
        "\"interest rates\"",   "\"trade deficit\"",       "\"oil prices\"",
        "\"central bank\"",     "\"money supply\"",        "\"net loss\"",
        "\"stock exchange\"",   "\"crude oil\"",           "\"federal reserve\"",
        "\"finance minister\"", "\"bank of japan\"",       "\"current account\"",
        "\"per share\"",        "\"balance of payments\"", "\"agriculture department\"",
        "\"tender offer\"",     "\"exchange rate\"",       "\"price increase\"",
        "\"white house\"",      "\"european community\""};
    // Text, place and a three-month window. The places are the countries with the most
    // articles (news-query --facet place --limit 0): each has 2,500 (Iran) to 47,000 (United
    // States) in the 22-copy archive. The issue's example, Saudi Arabia, has only 1,364.
    const std::vector<std::string> words = {"oil",       "trade",  "bank",   "wheat", "coffee",     "debt",    "dollar",
                                            "shares",    "profit", "tax",    "rates", "exports",    "imports", "budget",
                                            "inflation", "loans",  "prices", "talks", "government", "company"};
    const std::vector<std::string> places = {"United States", "Japan",  "United Kingdom", "Canada", "Germany",
                                             "Brazil",        "France", "Australia",      "China",  "Iran"};

    const auto [span_lo, span_hi] = busy_span(db);
    const auto lowest = from_compact(db.get_value_lower_bound(schema::published)).value_or(span_lo);
    const auto highest = from_compact(db.get_value_upper_bound(schema::published)).value_or(span_hi);
    // Twenty ~3-month windows spread over the span; even ones are whole months (a few M
    // terms), odd ones start and end mid-month (M terms plus up to ~50 D terms).
    const std::int64_t usable = std::max<std::int64_t>(0, span_hi.to_days() - span_lo.to_days() - 100);
    std::vector<std::pair<Date, Date>> windows;
    for (std::int64_t i = 0; i < 20; ++i) {
        Date from = Date::from_days(span_lo.to_days() + usable * i / 19);
        Date to;
        if (i % 2 == 0) {
            from.day = 1;
            Date end_month = from;
            end_month.month = (from.month + 1) % 12 + 1;  // two months on
            if (end_month.month < from.month) ++end_month.year;
            to = Date{end_month.year, end_month.month, days_in_month(end_month.year, end_month.month)};
        } else {
            from = Date::from_days(from.to_days() + 10);
            to = Date::from_days(from.to_days() + 90);
        }
        windows.emplace_back(from, to);
    }

    const auto place_term = [&](const std::string& name) {
        const auto found = gazetteer.lookup(name);
        return std::string(schema::place) +
               newsindex::detail::name_key(found ? gazetteer.entries()[*found].name : name);
    };

    std::vector<QueryClass> classes(4);
    classes[0].key = "a";
    classes[0].name = "two words";
    classes[1].key = "b";
    classes[1].name = "phrase";
    classes[2].key = "c";
    classes[2].name = "text+place+dates";
    classes[3].key = "d";
    classes[3].name = "(c)+3 facets";
    classes[3].facets = true;
    for (std::size_t i = 0; i < 20; ++i) {
        for (std::size_t k = 0; k < 2; ++k) {
            newsindex::SearchRequest r;
            r.query = k == 0 ? two_words[i] : phrases[i];
            classes[k].requests.push_back(r);
            classes[k].bare.push_back(BareQuery{r.query, {}, {}, {}, {}, false});
        }
        // The United States, the place with the most matches (the most facet work), in a
        // quarter of the queries; the others in turn.
        const std::string& place = i % 4 == 0 ? places[0] : places[1 + (i * 7) % (places.size() - 1)];
        const auto& [from, to] = windows[(i * 7) % windows.size()];
        newsindex::SearchRequest r;
        r.query = words[i];
        r.places = {place};
        r.from = from;
        r.to = to;
        BareQuery b{r.query,       {place_term(place)}, date_terms(from, to, lowest, highest),
                    compact(from), compact(to),         true};
        classes[2].requests.push_back(r);
        classes[2].bare.push_back(b);
        r.facets = {"place", "date:month", "actor"};
        classes[3].requests.push_back(r);
        classes[3].bare.push_back(b);
    }
    return classes;
}

std::string describe(const newsindex::SearchRequest& r) {
    std::string s = r.query;
    for (const auto& p : r.places) s += " place=" + p;
    if (r.from) s += " " + r.from->to_string() + ".." + (r.to ? r.to->to_string() : "");
    if (!r.facets.empty()) {
        s += " facets=";
        for (std::size_t i = 0; i < r.facets.size(); ++i) s += (i ? "," : "") + r.facets[i];
    }
    return s;
}

std::string json_string(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
            out += buf;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

struct ClassResult {
    const QueryClass* cls = nullptr;
    std::vector<Method> methods;  // newsindex, xapian, xapian exact, xapian exact + spies
    std::size_t mismatches = 0;
};

// The first three fields of /proc/loadavg: latency on a shared machine means little without it.
std::string load_average() {
    std::FILE* f = std::fopen("/proc/loadavg", "r");
    if (!f) return "?";
    double a = 0, b = 0, c = 0;
    const int n = std::fscanf(f, "%lf %lf %lf", &a, &b, &c);
    std::fclose(f);
    if (n != 3) return "?";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f %.2f %.2f", a, b, c);
    return buf;
}

int run_bench(const Options& options) {
    const std::string load_before = load_average();
    const newsindex::Searcher searcher(options.dbs);
    Xapian::Database db;
    std::vector<Xapian::Database> parts;
    for (const std::string& location : options.dbs) {
        parts.push_back(newsindex::detail::open_database(location));  // as the searcher opens it
        db.add_database(parts.back());
    }
    const newsindex::detail::Gazetteer gazetteer;
    const Xapian::doccount everything = db.get_doccount();
    // The most slots any database uses, as the searcher counts them.
    const auto slots = [&](std::string_view key) {
        unsigned most = 0;
        for (const Xapian::Database& part : parts) {
            const std::string v = part.get_metadata(std::string(key));
            if (!v.empty()) most = std::max(most, std::min<unsigned>(static_cast<unsigned>(std::stoul(v)), schema::facet_slots_max));
        }
        return most;
    };
    const unsigned place_slots = slots(schema::place_facet.slots_key);
    const unsigned actor_slots = slots(schema::actor_facet.slots_key);
    // As the searcher decides: packed facet slots if every database is local and of format 3.
    bool packed = true;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (newsindex::detail::is_remote(options.dbs[i]) || !newsindex::detail::has_packed_facets(parts[i])) packed = false;
    }
    const std::vector<QueryClass> classes = make_classes(db, gazetteer);

    // A plain Xapian program: one parser set up as the index was written (English stems,
    // STEM_ALL_Z, all words required), the query parsed and filtered per search.
    Xapian::QueryParser qp;
    qp.set_database(db);
    const Xapian::Stem stemmer("english");
    qp.set_stemmer(stemmer);
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
    qp.set_default_op(Xapian::Query::OP_AND);
    const unsigned flags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                           Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_PURE_NOT;
    const auto bare_query = [&](const BareQuery& b) {
        Xapian::Query q = qp.parse_query(b.text, flags);
        for (const std::string& f : b.filters) q = Xapian::Query(Xapian::Query::OP_FILTER, q, Xapian::Query(f));
        if (b.dated) {
            const Xapian::Query dates =
                options.date_values
                    ? Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::published, b.date_lo, b.date_hi)
                    : Xapian::Query(Xapian::Query::OP_OR, b.date_terms.begin(), b.date_terms.end());
            q = Xapian::Query(Xapian::Query::OP_FILTER, q, dates);
        }
        return q;
    };
    std::size_t sink = 0;  // keeps the compiler from dropping work whose result is unused
    // The bare loop reads the data of each hit, as a program that shows results must.
    // With snippets, it also shows what newsindex shows: each hit's text (decoded from the
    // stored record) cut to a passage by Xapian's own MSet::snippet, with no flags, its
    // cheapest form (no background model, stops at the first good passage).
    const auto bare_search = [&](const BareQuery& b, Xapian::doccount check_at_least,
                                 const std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>>* spies,
                                 bool snippets = false) {
        Xapian::Enquire enquire(db);
        enquire.set_query(bare_query(b));
        if (spies) {
            for (const auto& spy : *spies) enquire.add_matchspy(spy.get());
        }
        const Xapian::MSet mset = enquire.get_mset(0, 10, check_at_least);
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            const std::string data = it.get_document().get_data();
            sink += data.size();
            if (snippets) sink += mset.snippet(newsindex::detail::read_stored(data).text, 240, stemmer, 0).size();
        }
        if (spies) {
            for (const auto& spy : *spies) {
                for (auto v = spy->values_begin(); v != spy->values_end(); ++v) sink += v.get_termfreq();
            }
        }
        return static_cast<std::size_t>(mset.get_matches_estimated());
    };

    std::vector<ClassResult> results;
    bool ok = true;
    for (const QueryClass& cls : classes) {
        if (options.only.find(cls.key) == std::string::npos) continue;
        ClassResult res;
        res.cls = &cls;
        const std::size_t n = cls.requests.size();
        std::vector<std::pair<std::string, SearchFn>> methods;
        methods.emplace_back("newsindex", [&](std::size_t q) {
            const newsindex::SearchResults r = searcher.search(cls.requests[q]);
            sink += r.hits.size() + r.facets.size();
            return r.total;
        });
        methods.emplace_back("xapian", [&](std::size_t q) { return bare_search(cls.bare[q], options.check_at_least, nullptr); });
        methods.emplace_back("xapian exact", [&](std::size_t q) { return bare_search(cls.bare[q], everything, nullptr); });
        if (!cls.facets) {
            methods.emplace_back("xapian exact+snippets",
                                 [&](std::size_t q) { return bare_search(cls.bare[q], everything, nullptr, true); });
        }
        if (cls.facets) {
            // The same stock spies the searcher attaches: a day-count spy for date:month and,
            // for place and actor, one on the packed slot of a local index of format 3, else
            // one per slot in use.
            methods.emplace_back("xapian exact+spies", [&](std::size_t q) {
                std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
                spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(schema::published));
                for (const auto& [family, slots_used] : {std::pair{schema::place_facet, place_slots},
                                                         std::pair{schema::actor_facet, actor_slots}}) {
                    if (packed) {
                        spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(family.packed));
                        continue;
                    }
                    for (unsigned s = 0; s < slots_used; ++s) {
                        spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(family.first + s));
                    }
                }
                return bare_search(cls.bare[q], everything, &spies);
            });
        }
        res.methods = measure(methods, n, options);
        // Every row has the same columns: snippets for (a)-(c), spies for (d).
        Method none;
        if (cls.facets) {
            none.name = "xapian exact+snippets";
            res.methods.insert(res.methods.begin() + 3, none);
        } else {
            none.name = "xapian exact+spies";
            res.methods.push_back(none);
        }
        // The searcher's totals are exact: they must equal bare Xapian's exact count, or the
        // two sides are not timing the same match (with --date-values, only if no article
        // lacks a value on slot 0 where it has a D term, which the index guarantees).
        for (std::size_t q = 0; q < n; ++q) {
            if (res.methods[0].matches[q] != res.methods[2].matches[q]) {
                ++res.mismatches;
                std::cerr << "query-bench: (" << cls.key << ") '" << describe(cls.requests[q]) << "': newsindex "
                          << res.methods[0].matches[q] << " matches, bare Xapian " << res.methods[2].matches[q] << "\n";
                ok = false;
            }
        }
        results.push_back(std::move(res));
    }

    // A volatile store cannot be elided, so neither can the work that computed sink.
    [[maybe_unused]] volatile std::size_t observed = sink;
    const std::uintmax_t index_bytes = local_bytes(options.dbs);
    const auto stats = [](const std::vector<std::size_t>& m) {
        const auto [lo, hi] = std::minmax_element(m.begin(), m.end());
        const double mean =
            static_cast<double>(std::accumulate(m.begin(), m.end(), std::size_t{0})) / static_cast<double>(m.size());
        return std::tuple{mean, *lo, *hi};
    };

    // How far the xapian column's estimates of the total are from the exact count: the mean
    // of |ln(estimate / exact)| over the class's queries (0.1 is about 10% off), and how many
    // of them it got exactly.
    const auto estimate_error = [](const ClassResult& r) {
        double sum = 0;
        std::size_t exact = 0;
        const std::vector<std::size_t>& estimates = r.methods[1].matches;
        const std::vector<std::size_t>& truth = r.methods[2].matches;
        for (std::size_t q = 0; q < truth.size(); ++q) {
            if (estimates[q] == truth[q]) ++exact;
            if (estimates[q] > 0 && truth[q] > 0) {
                sum += std::fabs(std::log(static_cast<double>(estimates[q]) / static_cast<double>(truth[q])));
            }
        }
        return std::pair{truth.empty() ? 0.0 : sum / static_cast<double>(truth.size()), exact};
    };

    if (options.json) {
        std::printf(
            "{\"db\": %s, \"articles\": %u, \"index_bytes\": %ju, \"place_slots\": %u, \"actor_slots\": %u, \"packed_facets\": %s, "
            "\"repeat\": %zu, \"warmup\": %zu, \"check_at_least\": %u, \"date_filter\": %s, \"load_before\": %s, \"load_after\": %s, "
            "\"classes\": [",
            json_string(joined(options.dbs)).c_str(), everything, index_bytes, place_slots, actor_slots, packed ? "true" : "false", options.repeat,
            options.warmup, options.check_at_least, options.date_values ? "\"value range\"" : "\"terms\"", json_string(load_before).c_str(),
            json_string(load_average()).c_str());
        for (std::size_t i = 0; i < results.size(); ++i) {
            const ClassResult& r = results[i];
            const auto [mean, lo, hi] = stats(r.methods[0].matches);
            const auto [est_mean, est_lo, est_hi] = stats(r.methods[1].matches);
            const auto [estimate_log_error, estimates_exact] = estimate_error(r);
            std::printf(
                "%s{\"class\": %s, \"name\": %s, \"queries\": %zu, \"example\": %s, "
                "\"matches\": {\"mean\": %.1f, \"min\": %zu, \"max\": %zu}, \"xapian_estimate_mean\": %.1f, "
                "\"xapian_estimate_log_error\": %.3f, \"xapian_estimates_exact\": %zu, \"mismatches\": %zu",
                i ? ", " : "", json_string(r.cls->key).c_str(), json_string(r.cls->name).c_str(),
                r.cls->requests.size(), json_string(describe(r.cls->requests[0])).c_str(), mean, lo, hi, est_mean,
                estimate_log_error, estimates_exact, r.mismatches);
            (void)est_lo;
            (void)est_hi;
            for (const Method& m : r.methods) {
                if (!m.measured) continue;
                std::string key = m.name;
                std::replace(key.begin(), key.end(), ' ', '_');
                std::replace(key.begin(), key.end(), '+', '_');
                std::printf(
                    ", %s: {\"p50_ms\": %.3f, \"p95_ms\": %.3f, \"mean_ms\": %.3f, \"cpu_p50_ms\": %.3f, "
                    "\"cpu_p95_ms\": %.3f}",
                    json_string(key).c_str(), m.latency.p50_ms, m.latency.p95_ms, m.latency.mean_ms, m.cpu.p50_ms,
                    m.cpu.p95_ms);
            }
            std::printf("}");
        }
        std::printf("]}\n");
        return ok ? 0 : exit_failure;
    }

    std::printf("index %s: %u articles, %.1f MB, %u place slots, %u actor slots, facets %s\n", joined(options.dbs).c_str(),
                everything, static_cast<double>(index_bytes) / 1e6, place_slots, actor_slots,
                packed ? "from the packed slots" : "slot by slot");
    std::printf(
        "%zu timed searches per class and method after %zu warm-up searches; %zu queries per class; "
        "latency in ms (p50 / p95); dates as %s\n\n",
        options.repeat, options.warmup, classes[0].requests.size(),
        options.date_values ? "a value range (bare Xapian)" : "D/M/Y terms");
    const auto table = [&](const char* title, Percentiles Method::*what) {
        std::printf("%s\n%-22s %21s %19s %19s %19s %21s %19s\n", title, "class", "matches mean (range)", "newsindex",
                    "xapian", "xapian exact", "xapian exact+snippets", "xapian exact+spies");
        for (const ClassResult& r : results) {
            const auto [mean, lo, hi] = stats(r.methods[0].matches);
            char matches[64];
            std::snprintf(matches, sizeof matches, "%.0f (%zu-%zu)", mean, lo, hi);
            std::printf("(%s) %-18s %21s", r.cls->key.c_str(), r.cls->name.c_str(), matches);
            for (std::size_t i = 0; i < r.methods.size(); ++i) {
                const Method& m = r.methods[i];
                const int width = i == 3 ? 21 : 19;
                if (m.measured) {
                    std::printf(" %*s%8.3f / %8.3f", width - 19, "", (m.*what).p50_ms, (m.*what).p95_ms);
                } else {
                    std::printf(" %*s", width, "-");
                }
            }
            std::printf("\n");
        }
    };
    table("wall-clock latency, ms (p50 / p95):", &Method::latency);
    table("\nCPU time of the searching thread, ms (p50 / p95):", &Method::cpu);
    std::printf("\nthe xapian column's estimates of the total (check_at_least %u%s): mean |ln(estimate / exact)|, exact in\n",
                options.check_at_least, options.check_at_least == 0 ? ", Xapian's default" : "");
    for (const ClassResult& r : results) {
        const auto [error, exact] = estimate_error(r);
        std::printf("  (%s) %.3f, %zu of %zu queries\n", r.cls->key.c_str(), error, exact, r.methods[2].matches.size());
    }
    std::printf("\nload average before / after: %s / %s\n", load_before.c_str(), load_average().c_str());
    std::printf("\nexamples:\n");
    for (const ClassResult& r : results)
        std::printf("  (%s) %s\n", r.cls->key.c_str(), describe(r.cls->requests[0]).c_str());
    if (!ok) std::printf("\nnewsindex and bare Xapian disagree on some totals (see above)\n");
    return ok ? 0 : exit_failure;
}

}  // namespace

int main(int argc, char* argv[]) {
    Options options;
    try {
        options = parse_options(argc, argv);
    } catch (const UsageError& e) {
        std::cerr << "query-bench: " << e.what() << "\n" << usage_text;
        return exit_usage;
    }
    try {
        return options.command == "build" ? build_index(options) : run_bench(options);
    } catch (const newsindex::Error& e) {
        std::cerr << "query-bench: " << e.what() << "\n";
    } catch (const Xapian::Error& e) {
        std::cerr << "query-bench: " << e.get_description() << "\n";
    } catch (const std::exception& e) {
        std::cerr << "query-bench: " << e.what() << "\n";
    }
    return exit_failure;
}
