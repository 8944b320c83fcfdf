// The WARC reader on hand-built archives (plain, gzip per record, gzip whole) and on the
// Common Crawl sample in ../shared when it is there.

#include "reader.hpp"
#include "test_support.hpp"

#include <newsindex/extract.hpp>

#include <gtest/gtest.h>

#include <zlib.h>

#include <cstdio>
#include <filesystem>

namespace newsindex {
namespace {

using test::TempDir;

struct RunResult {
    std::vector<Article> articles;
    std::vector<InputProblem> problems;
};

RunResult run(const std::vector<std::string>& inputs) {
    RunResult result;
    Extractor().run(
        inputs, [&](Article&& a) { result.articles.push_back(std::move(a)); },
        [&](const InputProblem& p) { result.problems.push_back(p); });
    return result;
}

struct ReadResult {
    std::vector<detail::RawDocument> docs;
    std::vector<std::pair<std::string, std::string>> problems;
};

ReadResult read_directly(const std::string& path, std::size_t max_article_bytes = 1 << 20) {
    ReadResult result;
    detail::InputStream stream(path);
    detail::ReadLimits limits;
    limits.max_article_bytes = max_article_bytes;
    detail::make_warc_reader()->read(
        stream, "in.warc", limits, [&](detail::RawDocument&& d) { result.docs.push_back(std::move(d)); },
        [&](const std::string& source, const std::string& reason) { result.problems.emplace_back(source, reason); });
    return result;
}

std::string record(std::string_view type, std::string_view uri, std::string_view block,
                   std::string_view version = "WARC/1.0", std::string_view date = "2015-09-28T14:03:11Z") {
    std::string r = std::string(version) + "\r\nWARC-Type: " + std::string(type) + "\r\n";
    if (!uri.empty()) r += "WARC-Target-URI: " + std::string(uri) + "\r\n";
    r += "WARC-Date: " + std::string(date) + "\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000000>\r\n";
    r += "Content-Length: " + std::to_string(block.size()) + "\r\n\r\n" + std::string(block) + "\r\n\r\n";
    return r;
}

std::string http(std::string_view status, std::string_view headers, std::string_view body) {
    return "HTTP/1.1 " + std::string(status) + "\r\n" + std::string(headers) + "\r\n" + std::string(body);
}

const std::string latin1_page =
    "<!DOCTYPE html><html><head><title>Caf\xE9 owners protest new rules</title></head><body>"
    "<p>Owners of every caf\xE9 in the old town closed their doors on Monday in protest.</p>"
    "<p>The city council will debate the rules again next week.</p></body></html>";
const std::string chunked_page =
    "<html><head><title>Bridge reopens after repairs</title></head><body>"
    "<p>The river bridge reopened to traffic after two years of repairs.</p></body></html>";
const std::string gzip_page =
    "<html><head><title>Harvest starts early this year</title></head><body>"
    "<p>Farmers began the grape harvest two weeks earlier than usual.</p></body></html>";

std::string chunked(std::string_view body) {
    const std::size_t half = body.size() / 2;
    auto chunk = [](std::string_view part) {
        char size[32];
        std::snprintf(size, sizeof size, "%zx", part.size());
        return std::string(size) + ";ext=1\r\n" + std::string(part) + "\r\n";
    };
    return chunk(body.substr(0, half)) + chunk(body.substr(half)) + "0\r\n\r\n";
}

// The records of the hand-built archive, each whole, so they can be gzipped one by one.
std::vector<std::string> sample_records() {
    return {
        record("warcinfo", "", "software: hand\r\nformat: WARC File Format 1.0\r\n"),                     // 1
        record("request", "http://example.com/cafe", "GET /cafe HTTP/1.1\r\nHost: example.com\r\n\r\n"),  // 2
        record("response", "<http://example.com/cafe>",                                                // 3
               http("200 OK", "Content-Type: text/html; charset=iso-8859-1\r\n", latin1_page)),
        record("response", "http://example.com/notice.txt",  // 4
               http("200 OK", "content-type: text/plain\r\n",
                    "Water notice\n\nTap water in the east district must be boiled until Friday.\n")),
        record("response", "http://example.com/logo.png", http("200 OK", "Content-Type: image/png\r\n", "\x89PNG\r\n")),
        record("response", "http://example.com/gone",  // 6
               http("404 Not Found", "Content-Type: text/html\r\n", "<html><body>Not found</body></html>")),
        record("response", "http://example.com/bridge",  // 7
               http("200 OK", "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n", chunked(chunked_page))),
        record("response", "http://example.com/harvest",  // 8
               http("200 OK", "Content-Type: text/html; charset=\"utf-8\"\r\nContent-Encoding: gzip\r\n",
                    test::gzip(gzip_page))),
        record("metadata", "http://example.com/harvest", "fetchTimeMs: 12\r\n"),  // 9
    };
}

std::string join(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) out += p;
    return out;
}

void expect_sample_articles(const RunResult& result, const std::string& path) {
    EXPECT_TRUE(result.problems.empty()) << result.problems.front().source << ": " << result.problems.front().reason;
    ASSERT_EQ(result.articles.size(), 4u);
    const Article& cafe = result.articles[0];
    EXPECT_EQ(cafe.source, path + "#3");
    EXPECT_EQ(cafe.url, "http://example.com/cafe");
    EXPECT_EQ(cafe.title, "Caf\xC3\xA9 owners protest new rules");
    EXPECT_NE(cafe.text.find("every caf\xC3\xA9 in the old town"), std::string::npos);
    EXPECT_NE(cafe.text.find("debate the rules again"), std::string::npos);
    EXPECT_EQ(cafe.text.find("<p>"), std::string::npos);

    const Article& notice = result.articles[1];
    EXPECT_EQ(notice.source, path + "#4");
    EXPECT_EQ(notice.url, "http://example.com/notice.txt");
    EXPECT_EQ(notice.title, "Water notice");
    EXPECT_NE(notice.text.find("must be boiled until Friday"), std::string::npos);

    const Article& bridge = result.articles[2];
    EXPECT_EQ(bridge.source, path + "#7");
    EXPECT_EQ(bridge.title, "Bridge reopens after repairs");
    EXPECT_NE(bridge.text.find("reopened to traffic after two years"), std::string::npos);

    const Article& harvest = result.articles[3];
    EXPECT_EQ(harvest.source, path + "#8");
    EXPECT_EQ(harvest.url, "http://example.com/harvest");
    EXPECT_EQ(harvest.title, "Harvest starts early this year");
    EXPECT_NE(harvest.text.find("grape harvest two weeks earlier"), std::string::npos);
}

TEST(WarcReader, AcceptsByNameOrByFirstBytes) {
    const auto reader = detail::make_warc_reader();
    EXPECT_TRUE(reader->accepts("crawl.warc", ""));
    EXPECT_TRUE(reader->accepts("crawl.dat", "WARC/1.1\r\nWARC-Type: warcinfo\r\n"));
    EXPECT_FALSE(reader->accepts("crawl.txt", "WARC files are archives of web crawls."));
    const auto registry = detail::ReaderRegistry::with_builtin_readers();
    EXPECT_EQ(registry.find("crawl.warc", "WARC/1.0\r\n")->name(), "warc");
    EXPECT_EQ(registry.find("crawl.html", "WARC/1.0\r\n")->name(), "warc");
}

TEST(WarcReader, ResponsesWithPagesBecomeArticles) {
    TempDir dir;
    const auto path = dir.write("crawl.warc", join(sample_records()));
    expect_sample_articles(run({path}), path);
}

TEST(WarcReader, GzipPerRecordAndWholeFileReadAlike) {
    TempDir dir;
    std::string per_record;
    for (const auto& r : sample_records()) per_record += test::gzip(r);
    const auto members = dir.write("members.warc.gz", per_record);
    const auto whole = dir.write("whole.warc.gz", test::gzip(join(sample_records())));
    expect_sample_articles(run({members}), members);
    expect_sample_articles(run({whole}), whole);
}

TEST(WarcReader, RecordFieldsSeenByTheReader) {
    TempDir dir;
    auto records = sample_records();
    records.push_back(record("response", "http://example.com/v11",  // 10
                             http("200 OK", "Content-Type: text/html\r\n", chunked_page), "WARC/1.1",
                             "2016-02-29T23:59:59Z"));
    const auto result = read_directly(dir.write("crawl.warc", join(records)));
    EXPECT_TRUE(result.problems.empty());
    ASSERT_EQ(result.docs.size(), 5u);
    const detail::RawDocument& cafe = result.docs[0];
    EXPECT_EQ(cafe.source, "in.warc#3");
    EXPECT_EQ(cafe.format, detail::DocumentFormat::html);
    EXPECT_EQ(cafe.charset, "iso-8859-1");
    EXPECT_NE(cafe.body.find("Caf\xC3\xA9 owners"), std::string::npos);  // Latin-1 byte now UTF-8
    EXPECT_EQ(cafe.url, "http://example.com/cafe");
    EXPECT_EQ(cafe.crawl_date, (Date{2015, 9, 28}));
    EXPECT_FALSE(cafe.published);
    EXPECT_EQ(result.docs[1].format, detail::DocumentFormat::text);
    EXPECT_EQ(result.docs[2].body, chunked_page);  // de-chunked
    EXPECT_EQ(result.docs[3].body, gzip_page);     // inflated
    EXPECT_EQ(result.docs[3].charset, "utf-8");
    EXPECT_EQ(result.docs[4].source, "in.warc#10");
    EXPECT_EQ(result.docs[4].crawl_date, (Date{2016, 2, 29}));
}

TEST(WarcReader, AlreadyDecodedBodiesAreKeptAsTheyAre) {
    TempDir dir;
    // Crawlers that store bodies decoded often keep the original headers.
    const auto path = dir.write(
        "crawl.warc",
        record("response", "http://example.com/a",
               http("200 OK", "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n",
                    chunked_page)));
    const auto result = read_directly(path);
    EXPECT_TRUE(result.problems.empty());
    ASSERT_EQ(result.docs.size(), 1u);
    EXPECT_EQ(result.docs[0].body, chunked_page);
}

TEST(WarcReader, LyingContentLengthAtTheEndIsReportedAndEarlierRecordsKept) {
    TempDir dir;
    std::string cut = record("response", "http://example.com/cut",
                             http("200 OK", "Content-Type: text/html\r\n", std::string(5000, 'x')));
    cut.resize(cut.size() - 4000);
    const auto path = dir.write("crawl.warc", join(sample_records()) + cut);
    const auto result = run({path});
    EXPECT_EQ(result.articles.size(), 4u);
    ASSERT_EQ(result.problems.size(), 1u);
    EXPECT_EQ(result.problems[0].source, path + "#10");
    EXPECT_EQ(result.problems[0].reason, "truncated record");
}

TEST(WarcReader, BadVersionLineRejectsTheRestOfTheFile) {
    TempDir dir;
    auto records = sample_records();
    records.insert(records.begin() + 4, record("response", "http://example.com/x", "", "WARC/0.17"));
    const auto path = dir.write("crawl.warc", join(records));
    const auto result = run({path});
    ASSERT_EQ(result.articles.size(), 2u);  // records 3 and 4 came before it
    ASSERT_EQ(result.problems.size(), 1u);
    EXPECT_EQ(result.problems[0].source, path);
    EXPECT_NE(result.problems[0].reason.find("bad WARC version line"), std::string::npos);
    EXPECT_NE(result.problems[0].reason.find("record 5"), std::string::npos);
}

TEST(WarcReader, MissingContentLengthRejectsTheRestOfTheFile) {
    TempDir dir;
    const std::string no_length =
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.com/n\r\n\r\n"
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nbody\r\n\r\n";
    const auto path = dir.write("crawl.warc", sample_records()[2] + no_length + sample_records()[3]);
    const auto result = run({path});
    ASSERT_EQ(result.articles.size(), 1u);
    EXPECT_EQ(result.articles[0].source, path + "#1");
    ASSERT_EQ(result.problems.size(), 1u);
    EXPECT_EQ(result.problems[0].source, path);
    EXPECT_NE(result.problems[0].reason.find("Content-Length"), std::string::npos);
}

TEST(WarcReader, RecordsOverTheLimitAreSkippedAndReported) {
    TempDir dir;
    const std::string big =
        record("response", "http://example.com/big",
               http("200 OK", "Content-Type: text/plain\r\n", "Big story\n\n" + std::string(3000, 'y')));
    const std::string small =
        record("response", "http://example.com/small", http("200 OK", "Content-Type: text/plain\r\n", "Small story"));
    const auto result = read_directly(dir.write("crawl.warc", small + big + small), 1024);
    ASSERT_EQ(result.docs.size(), 2u);
    EXPECT_EQ(result.docs[0].source, "in.warc#1");
    EXPECT_EQ(result.docs[1].source, "in.warc#3");
    ASSERT_EQ(result.problems.size(), 1u);
    EXPECT_EQ(result.problems[0], std::pair(std::string("in.warc#2"), std::string("record larger than 1024 bytes")));
}

TEST(WarcReader, CommonCrawlSampleYieldsOneArticlePerHtmlResponse) {
    const std::string path = std::string(NEWSINDEX_SHARED_DIR) + "/data/warc/cc-main-sample.warc.gz";
    if (!std::filesystem::exists(path)) GTEST_SKIP() << "shared data absent: " << path;
    const auto result = run({path});
    for (const auto& p : result.problems) ADD_FAILURE() << p.source << ": " << p.reason;
    // 50 records: warcinfo, then request/response/metadata triples; all 16 responses are
    // HTML pages with status 200.
    ASSERT_EQ(result.articles.size(), 16u);
    EXPECT_EQ(result.articles.front().source, path + "#3");
    EXPECT_EQ(result.articles.front().url, "http://003338.cn/l41/481397.html");
    EXPECT_EQ(result.articles.back().source, path + "#48");
    EXPECT_EQ(result.articles.back().url, "http://096355.com/video/11073.html?11073-0-2");
    for (std::size_t i = 0; i < result.articles.size(); ++i) {
        const Article& a = result.articles[i];
        EXPECT_EQ(a.source, path + "#" + std::to_string(3 * i + 3));
        ASSERT_TRUE(a.url);
        EXPECT_TRUE(a.url->starts_with("http://")) << *a.url;
    }
}

}  // namespace
}  // namespace newsindex
