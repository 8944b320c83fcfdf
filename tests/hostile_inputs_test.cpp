// Bad inputs never stop a run: each is named with its reason, counted, and every other
// input is indexed. Driven through news-index's front end, as a user meets it.

#include "cli/cli.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <zlib.h>

#include <sstream>

namespace newsindex::cli {
namespace {

using test::TempDir;

std::string article(std::string_view title, std::string_view word) {
    return std::string(title) + "\n\nOfficials in Qatar discussed " + std::string(word) +
           " on Tuesday, according to a statement.\n";
}

struct ToolRun {
    int status;
    std::string out;
    std::string err;
};

ToolRun run_tool(int (*tool)(int, const char* const[], std::ostream&, std::ostream&), std::vector<std::string> args) {
    std::vector<const char*> argv;
    for (auto& a : args) argv.push_back(a.c_str());
    std::ostringstream out, err;
    const int status = tool(static_cast<int>(argv.size()), argv.data(), out, err);
    return {status, out.str(), err.str()};
}

int query_tool(int argc, const char* const argv[], std::ostream& out, std::ostream& err) {
    return query_main(argc, argv, out, err, false);
}

TEST(HostileInputs, EachIsNamedAndEverythingElseIsIndexed) {
    TempDir dir;
    const auto in = dir.path() / "in";
    dir.write("in/01-good.txt", article("First good article", "wheat"));
    dir.write("in/02-image.txt", std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06", 26));
    dir.write("in/03-latin1.txt", article("Caf\xE9 owners protest", "caf\xE9 prices"));  // not UTF-8
    dir.write("in/04-nul.txt", std::string("Title\0\0\0body\0\0", 15));
    const std::string packed = test::gzip(std::string(20000, 'x') + article("Cut short", "barley"));
    dir.write("in/05-truncated.txt.gz", packed.substr(0, packed.size() / 2));
    static constexpr char corrupt[] = "\x1F\x8B\x08\x00" "garbage-not-deflate-data";
    dir.write("in/06-corrupt.txt.gz", std::string(corrupt, sizeof corrupt - 1));
    dir.write("in/07-empty.txt", "");
    dir.write("in/08-huge-line.txt", std::string(17u << 20, 'a'));  // over the 16 MiB article limit
    std::string deep = "<html><body>";
    for (int i = 0; i < 30000; ++i) deep += "<div>";
    dir.write("in/09-deep.html", deep + "text</body></html>");
    dir.write("in/10-records.jsonl", "{\"text\": \"" + std::string("Oil talks resume in Qatar today.") +
                                         "\", \"title\": \"Record one\"}\n{broken json\n"
                                         "{\"title\": \"no text field\"}\n{\"text\": \"Gold rallies.\", \"title\": \"Record four\"}\n");
    const std::string html = "<html><head><title>Page</title></head><body><p>Copper climbs in Chile.</p></body></html>";
    const std::string good_record = "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.com/a\r\n"
                                    "WARC-Date: 2015-10-01T10:00:00Z\r\nContent-Length: " +
                                    std::to_string(std::string("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n").size() + html.size()) +
                                    "\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + html + "\r\n\r\n";
    const std::string lying_record = "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.com/b\r\n"
                                     "Content-Length: 99999\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>cut";
    dir.write("in/11-crawl.warc", good_record + lying_record);
    dir.write("in/12-good.txt", article("Second good article", "rice"));
    std::filesystem::create_directories(in / "13-empty-folder");

    const ToolRun r = run_tool(index_main, {"news-index", "--db", dir / "db", in.string()});
    EXPECT_EQ(r.status, exit_rejected) << r.err;
    const std::vector<std::pair<std::string, std::string>> named = {
        {"02-image.txt", "binary"},
        {"04-nul.txt", "binary"},
        {"05-truncated.txt.gz", "truncated"},
        {"06-corrupt.txt.gz", "compressed"},
        {"07-empty.txt", "no text"},
        {"08-huge-line.txt", "larger than"},
        {"09-deep.html", "nested"},
        {"10-records.jsonl#2", "invalid JSON"},
        {"10-records.jsonl#3", "text"},
        {"11-crawl.warc#2", "truncated"},
    };
    for (const auto& [source, reason] : named) {
        const std::size_t at = r.err.find(source + ": ");
        ASSERT_NE(at, std::string::npos) << source << " not named in:\n" << r.err;
        const std::string line = r.err.substr(at, r.err.find('\n', at) - at);
        EXPECT_NE(line.find(reason), std::string::npos) << line;
    }
    EXPECT_NE(r.err.find("; " + std::to_string(named.size()) + " inputs rejected"), std::string::npos) << r.err;

    // Everything readable was indexed: 2 good texts, the Latin-1 one, 2 JSON records, 1 page.
    const ToolRun q = run_tool(query_tool, {"news-query", "--db", dir / "db", "--json", "--limit", "0"});
    EXPECT_EQ(q.status, exit_ok);
    EXPECT_NE(q.out.find("\"total\":6"), std::string::npos) << q.out;
    const ToolRun cafe = run_tool(query_tool, {"news-query", "--db", dir / "db", "--json", "title:caf\xC3\xA9"});
    EXPECT_NE(cafe.out.find("\"total\":1"), std::string::npos) << cafe.out;
}

}  // namespace
}  // namespace newsindex::cli
