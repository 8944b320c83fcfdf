// Bad inputs never stop a run: each is named with its reason, counted, and every other
// input is indexed. Driven through news-index's front end, as a user meets it.

#include "cli/cli.hpp"
#include "test_support.hpp"
#include "tool_runs.hpp"

#include <gtest/gtest.h>

#include <zlib.h>

#include <filesystem>
#include <sstream>

namespace newsindex::cli {
namespace {

using test::TempDir;

std::string article(std::string_view title, std::string_view word) {
    return std::string(title) + "\n\nOfficials in Qatar discussed " + std::string(word) +
           " on Tuesday, according to a statement.\n";
}

using test::index;
using test::query;
using test::ToolRun;

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

    const ToolRun r = index({"--db", dir / "db", in.string()});
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
    const ToolRun q = query({"--db", dir / "db", "--json", "--limit", "0"});
    EXPECT_EQ(q.status, exit_ok);
    EXPECT_NE(q.out.find("\"total\":6"), std::string::npos) << q.out;
    const ToolRun cafe = query({"--db", dir / "db", "--json", "title:caf\xC3\xA9"});
    EXPECT_NE(cafe.out.find("\"total\":1"), std::string::npos) << cafe.out;
}

// More hostile inputs, each marked by a word of its own: every one must be either named on
// standard error or found in the index by its word, the run must finish, and the summary must
// count what it named.
TEST(HostileInputs, EachIsNamedOrIndexedByItsOwnWord) {
    TempDir dir;
    struct Case {
        std::string name;  // below in/
        std::string word;  // a word only this input holds, if it has readable text
    };
    std::vector<Case> cases;
    auto add = [&](std::string name, const std::string& bytes, std::string word = "") {
        dir.write("in/" + name, bytes);
        cases.push_back({std::move(name), std::move(word)});
    };
    add("a01-overlong-utf8.txt", "Overlong zqoverlong\n\n\xC0\xAF\xE0\x80\xAF text zqoverlong here.\n", "zqoverlong");
    add("a02-invalid-utf8.txt", "Broken \xFF\xFE\xFD zqbroken\n\nBody \x80\x81 zqbroken.\n", "zqbroken");
    {
        std::string utf16;  // UTF-16LE without a BOM
        for (char c : std::string("Sixteen zqsixteen\n\nWide text zqsixteen.\n")) {
            utf16 += c;
            utf16 += '\0';
        }
        add("a03-utf16-no-bom.txt", utf16, "zqsixteen");
    }
    add("a04-no-body.html", "<html><head><title>Only a title zqnobody</title></head></html>", "zqnobody");
    add("a05-huge-attribute.html",
        "<html><body><p title=\"" + std::string(5u << 20, 'x') + "\">Attribute zqattribute text.</p></body></html>",
        "zqattribute");
    {
        std::string bomb = "<html><body><p>Entities zqentity ";
        for (int i = 0; i < 200000; ++i) bomb += "&amp;&#x41;&lt;";
        add("a06-entity-bomb.html", bomb + "</p></body></html>", "zqentity");
    }
    add("a07-script-only.html", "<html><body><script>var zqscript = 1;</script></body></html>");
    add("a08-png.html", std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16));
    add("a09-no-warc-type.warc", "WARC/1.0\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n");
    add("a10-wrong-version.warc", "WARC/9.9\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n");
    add("a11-types.jsonl",
        "{\"text\": 5}\n{\"title\": [\"a\"], \"text\": \"Typed zqtyped body.\"}\n{\"text\": \"Dated zqdated\", "
        "\"published\": 12}\n[1, 2, 3]\n\"just a string\"\nnull\n",
        "zqtyped");
    add("a12-ten-mb-string.jsonl", "{\"title\": \"Long zqlong\", \"text\": \"" + std::string(10u << 20, 'y') + " zqlong\"}\n",
        "zqlong");
    add("a13-whitespace.txt", " \r\n\t\r\n   \n");
    add("a14-crlf.txt", "Windows lines zqcrlf\r\n\r\nBody with CRLF zqcrlf.\r\n", "zqcrlf");
    add("with space/a15 spaced name.txt", "Spaced zqspaced\n\nA body zqspaced.\n", "zqspaced");
    add("a16-caf\xE9.txt", "Latin path zqlatinpath\n\nBody zqlatinpath.\n", "zqlatinpath");
    add("a17-empty.gz", "");
    add("a18-gzip-of-binary.txt.gz", test::gzip(std::string("\0\1\2\3\4\5garbage\0\0", 15)));
    add("a19-concatenated.txt.gz",
        test::gzip("Two members zqmembers\n\nFirst half, ") + test::gzip("second half zqmembers.\n"), "zqmembers");
    add("a20-bidi-controls.txt", "Bidi \xE2\x80\xAE zqbidi \xE2\x80\xAC\n\nText \xEF\xBB\xBF zqbidi.\n", "zqbidi");
    add("a21-only-furniture.txt", "Advertisement\n\nShare\n\nAdvertisement\n");
    std::error_code ec;
    std::filesystem::create_directory_symlink(dir.path() / "in", dir.path() / "in" / "a22-loop", ec);
    ASSERT_FALSE(ec) << ec.message();

    const ToolRun r = index({"--db", dir / "db", dir / "in"});
    EXPECT_TRUE(r.status == exit_ok || r.status == exit_rejected) << r.err;
    std::size_t named = 0;
    for (const Case& c : cases) {
        const std::string base = c.name.substr(c.name.rfind('/') + 1);
        const bool is_named = r.err.find(base + ": ") != std::string::npos || r.err.find(base + "#") != std::string::npos;
        bool found = false;
        if (!c.word.empty()) {
            const ToolRun q = query({"--db", dir / "db", "--json", "--limit", "0", c.word});
            EXPECT_EQ(q.status, exit_ok) << q.err;
            found = q.out.find("\"total\":0") == std::string::npos;
        }
        EXPECT_TRUE(is_named || found) << c.name << " neither named nor indexed:\n" << r.err;
        if (is_named) ++named;
    }
    // Named lines, one per rejected input or record, and the summary counts them.
    std::size_t lines = 0;
    for (std::size_t at = r.err.find("news-index: " + dir / "in"); at != std::string::npos;
         at = r.err.find("news-index: " + dir / "in", at + 1)) {
        ++lines;
    }
    EXPECT_GE(lines, named);
    EXPECT_NE(r.err.find("; " + std::to_string(lines) + " input"), std::string::npos) << r.err;
    // The symlink loop is not followed: every article is there once.
    const ToolRun all = query({"--db", dir / "db", "--json", "--limit", "0", "zqspaced"});
    EXPECT_NE(all.out.find("\"total\":1"), std::string::npos) << all.out;
}

}  // namespace
}  // namespace newsindex::cli
