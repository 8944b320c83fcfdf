// The command-line front end, driven with fake argument lists.

#include "cli/cli.hpp"
#include "test_support.hpp"
#include "tool_runs.hpp"

#include <gtest/gtest.h>

#include <xapian.h>

#include <algorithm>
#include <sstream>
#include <thread>

namespace newsindex::cli {
namespace {

using test::TempDir;

using test::index;
using test::query;
using test::ToolRun;

TEST(IndexCommand, ParsesTheContractFlags) {
    const char* argv[] = {"news-index", "--db", "/tmp/x", "--reference-date", "1987-12-31", "--annotate", "a", "b/"};
    const IndexCommand c = parse_index_command(8, argv);
    EXPECT_EQ(c.db, "/tmp/x");
    EXPECT_EQ(c.inputs, (std::vector<std::string>{"a", "b/"}));
    ASSERT_TRUE(c.extract.reference_date);
    EXPECT_EQ(*c.extract.reference_date, (Date{1987, 12, 31}));
    EXPECT_TRUE(c.extract.annotate);
    EXPECT_TRUE(c.extract.strip_boilerplate);
    EXPECT_FALSE(c.dry_run);
    EXPECT_EQ(c.extract.threads, 0u);  // one per core
    const char* threaded[] = {"news-index", "--dry-run", "-j", "3", "a"};
    EXPECT_EQ(parse_index_command(5, threaded).extract.threads, 3u);
}

TEST(IndexCommand, UsageErrorsExitWithTwo) {
    EXPECT_EQ(index({"--db", "x"}).status, exit_usage);                                  // no input
    EXPECT_EQ(index({"corpus"}).status, exit_usage);                                     // no --db
    EXPECT_EQ(index({"--db", "x", "--reference-date", "1987-02-30", "a"}).status, exit_usage);
    EXPECT_EQ(index({"--db", "x", "--no-such-flag", "a"}).status, exit_usage);
    const ToolRun r = index({"--dry-run", "--json"});
    EXPECT_NE(r.err.find("no INPUT"), std::string::npos) << r.err;
}

TEST(IndexCommand, HelpExplainsTheFlags) {
    const ToolRun r = index({"--help"});
    EXPECT_EQ(r.status, exit_ok);
    for (const char* flag : {"--db", "--dry-run", "--json", "--reference-date", "--annotate", "Exit status"}) {
        EXPECT_NE(r.out.find(flag), std::string::npos) << flag;
    }
}

TEST(IndexCommand, DryRunJsonPrintsOneRecordPerArticle) {
    const ToolRun r = index({"--dry-run", "--json", "-q", test::source_dir() + "/corpus"});
    EXPECT_EQ(r.status, exit_ok) << r.err;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 2);
    EXPECT_NE(r.out.find("\"title\":\"International Partners Urge Russia"), std::string::npos);
}

TEST(IndexCommand, CommitEveryMakesTheIndexDurableAsItGoes) {
    TempDir dir;
    for (int i = 0; i < 10; ++i) dir.write("in/" + std::to_string(i) + ".txt", "Title " + std::to_string(i) + "\n\nText.\n");
    auto commits = [&](const std::string& db) { return Xapian::Database(db).get_revision(); };
    ASSERT_EQ(index({"-q", "--db", dir / "once", dir / "in"}).status, exit_ok);
    ASSERT_EQ(index({"-q", "--commit-every", "3", "--db", dir / "often", dir / "in"}).status, exit_ok);
    EXPECT_EQ(commits(dir / "often"), commits(dir / "once") + 3);  // after 3, 6 and 9 articles
    EXPECT_EQ(Xapian::Database(dir / "often").get_doccount(), 10u);
}

TEST(IndexCommand, ProgressLineCountsArticlesBytesRateAndTimeLeft) {
    RunProgress p;
    p.files_total = 10;
    p.bytes_total = 12'000'000;
    p.files_done = 4;
    p.bytes_done = 3'000'000;
    p.articles = 1234;
    EXPECT_EQ(format_progress(p, 2.0), "1,234 articles  3.0 of 12.0 MB (25%)  617 articles/s  ETA 0:06");
    p.bytes_done = 120'000;
    EXPECT_EQ(format_progress(p, 120.0), "1,234 articles  0.1 of 12.0 MB (1%)  10 articles/s  ETA 3:18:00");
    p.bytes_done = p.bytes_total;
    EXPECT_EQ(format_progress(p, 4.0), "1,234 articles  12.0 of 12.0 MB (100%)  308 articles/s");
}

TEST(IndexCommand, ProgressIsDrawnOnATerminalAndClearedBeforeMessages) {
    TempDir dir;
    dir.write("in/a.txt", "Title\n\nText.\n");
    std::vector<std::string> args{"news-index", "--db", dir / "db", dir / "in", dir / "missing.txt"};
    std::vector<const char*> argv;
    for (auto& a : args) argv.push_back(a.c_str());
    std::ostringstream out, err;
    (void)index_main(static_cast<int>(argv.size()), argv.data(), out, err, true);
    // Drawn at once, then at most every 250 ms, and erased before any message.
    const std::string e = err.str();
    const auto drawn = e.find("\r1 article  ");
    const auto problem = e.find("news-index: " + dir / "missing.txt");
    const auto summary = e.find("news-index: indexed 1 article");
    ASSERT_NE(drawn, std::string::npos) << e;
    ASSERT_NE(problem, std::string::npos) << e;
    ASSERT_NE(summary, std::string::npos) << e;
    EXPECT_LT(drawn, problem);
    EXPECT_EQ(e.substr(problem - 4, 4), "\r\x1b[K") << e;
    EXPECT_EQ(e.rfind('\r', summary), e.rfind("\r\x1b[K", summary));  // the last drawing was erased
}

TEST(IndexCommand, MissingAndUnreadableInputsAreNamedAndExitOne) {
    TempDir dir;
    dir.write("in/good.txt", "Title\n\nA body about Syria.\n");
    const std::string unreadable = dir.write("in/secret.txt", "Title\n\nSecret.\n");
    std::filesystem::permissions(unreadable, std::filesystem::perms::none);
    const bool root_reads_anyway = std::ifstream(unreadable).good();
    const ToolRun r = index({"--db", dir / "db", dir / "in", dir / "missing.txt"});
    EXPECT_EQ(r.status, exit_rejected);
    EXPECT_NE(r.err.find("missing.txt: no such file"), std::string::npos) << r.err;
    if (!root_reads_anyway) {
        EXPECT_NE(r.err.find("secret.txt"), std::string::npos) << r.err;
    }
    // Everything else was indexed.
    const ToolRun q = query({"--db", dir / "db", "--json", "Syria"});
    EXPECT_EQ(q.status, exit_ok);
    EXPECT_NE(q.out.find("\"total\":1"), std::string::npos) << q.out;
}

TEST(QueryCommand, ParsesFiltersFacetsAndPaging) {
    const char* argv[] = {"news-query", "--db", "a", "--db", "tcp://127.0.0.1:9000", "--place", "Syria",
                          "--from", "2015-09-01", "--to", "2015-09-30", "--facet", "date:month", "--facet", "place",
                          "--sort", "date", "--limit", "0", "--offset", "5", "--json", "Putin", "Homs"};
    const QueryCommand c = parse_query_command(24, argv);
    EXPECT_EQ(c.dbs, (std::vector<std::string>{"a", "tcp://127.0.0.1:9000"}));
    EXPECT_EQ(c.request.query, "Putin Homs");
    EXPECT_EQ(c.request.places, std::vector<std::string>{"Syria"});
    EXPECT_EQ(c.request.from, (Date{2015, 9, 1}));
    EXPECT_EQ(c.request.to, (Date{2015, 9, 30}));
    EXPECT_EQ(c.request.facets, (std::vector<std::string>{"date:month", "place"}));
    EXPECT_EQ(c.request.sort, SortOrder::date);
    EXPECT_EQ(c.request.limit, 0u);
    EXPECT_EQ(c.request.offset, 5u);
    EXPECT_TRUE(c.json);
}

TEST(QueryCommand, BadArgumentsAndMissingIndexExitWithTwo) {
    TempDir dir;
    EXPECT_EQ(query({"--db", dir / "none", "oil"}).status, exit_usage);
    EXPECT_EQ(query({"oil"}).status, exit_usage);
    EXPECT_EQ(query({"--db", "x", "--limit", "-1"}).status, exit_usage);
    EXPECT_EQ(query({"--db", "x", "--facet", "colour"}).status, exit_usage);
    EXPECT_EQ(query({"--db", "x", "--sort", "size"}).status, exit_usage);
    EXPECT_EQ(query({"--db", "x", "--from", "yesterday"}).status, exit_usage);
}

TEST(QueryCommand, BadQuerySyntaxExitsWithTwo) {
    TempDir dir;
    ASSERT_EQ(index({"-q", "--db", dir / "db", test::source_dir() + "/corpus"}).status, exit_ok);
    const ToolRun r = query({"--db", dir / "db", "date:2015-13-01..2015-12-01"});
    EXPECT_EQ(r.status, exit_usage);
    EXPECT_NE(r.err.find("bad"), std::string::npos) << r.err;
}

TEST(QueryCommand, HumanOutputShowsResultsAndFacets) {
    TempDir dir;
    ASSERT_EQ(index({"-q", "--db", dir / "db", test::source_dir() + "/corpus"}).status, exit_ok);
    const ToolRun r = query({"--db", dir / "db", "--facet", "date:month", "airstrikes"});
    EXPECT_EQ(r.status, exit_ok);
    EXPECT_NE(r.out.find("2 articles match"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("by date:month"), std::string::npos);
    EXPECT_NE(r.out.find("2015-09"), std::string::npos);
    EXPECT_EQ(r.out.find("\x1b["), std::string::npos);  // no colour unless asked
}

TEST(QueryCommand, HumanOutputShowsEachStoryOnceJsonOnlyWhenAsked) {
    TempDir dir;
    std::string body;
    for (int i = 0; i < 60; ++i) body += "Word" + std::to_string(i * 7919 % 1000) + " ";
    dir.write("in/a.txt", "Storm hits harbour\n\n" + body + "in the harbour.\n");
    dir.write("in/b.txt", "Storm hits harbour again\n\n" + body + "in the harbour.\n");  // the same text
    dir.write("in/c.txt", "Other news\n\nA different report about the harbour and its ferries.\n");
    const ToolRun indexed = index({"--db", dir / "db", dir / "in"});
    ASSERT_EQ(indexed.status, exit_ok);
    // Exact duplicates are named as they are indexed, and counted with the near ones.
    EXPECT_NE(indexed.err.find("duplicate: " + dir / "in" + "/b.txt has the same text as "), std::string::npos)
        << indexed.err;
    EXPECT_NE(indexed.err.find("1 exact and 0 near duplicate joined their stories"), std::string::npos) << indexed.err;
    const ToolRun human = query({"--db", dir / "db", "harbour"});
    EXPECT_NE(human.out.find("3 articles match, 2 stories"), std::string::npos) << human.out;
    EXPECT_NE(human.out.find("and 1 similar: --similar "), std::string::npos) << human.out;
    const ToolRun every = query({"--db", dir / "db", "--no-collapse", "harbour"});
    EXPECT_EQ(every.out.find("stories"), std::string::npos) << every.out;
    const ToolRun json = query({"--db", dir / "db", "--json", "harbour"});
    EXPECT_NE(json.out.find("\"stories\":null"), std::string::npos) << json.out;
    const ToolRun collapsed = query({"--db", dir / "db", "--json", "--collapse", "harbour"});
    EXPECT_NE(collapsed.out.find("\"stories\":2"), std::string::npos) << collapsed.out;
    EXPECT_NE(collapsed.out.find("\"similar\":1"), std::string::npos) << collapsed.out;
    EXPECT_EQ(query({"--db", dir / "db", "--collapse", "--no-collapse", "x"}).status, exit_usage);
    EXPECT_EQ(query({"--db", dir / "db", "--similar", "no-such-id"}).status, exit_usage);
}

}  // namespace
}  // namespace newsindex::cli
