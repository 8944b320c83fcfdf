// The JSON Lines reader: through the Extractor (sources and ids end to end) and alone (limits).

#include "reader.hpp"
#include "test_support.hpp"
#include "text_util.hpp"

#include <newsindex/extract.hpp>

#include <gtest/gtest.h>

#include <zlib.h>

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
    detail::make_jsonl_reader()->read(
        stream, "in.jsonl", limits, [&](detail::RawDocument&& d) { result.docs.push_back(std::move(d)); },
        [&](const std::string& source, const std::string& reason) { result.problems.emplace_back(source, reason); });
    return result;
}

constexpr std::string_view full_record =
    R"({"id": "reuters-42", "title": "Talks resume in Geneva", "url": "https://example.com/geneva",)"
    R"( "published": "2015-09-28T10:00:00Z", "text": "Diplomats met again on Monday to discuss the ceasefire.\n\n)"
    R"(The meeting lasted four hours and ended without a statement."})";

TEST(JsonLinesReader, AcceptsJsonLinesNamesOnly) {
    const auto reader = detail::make_jsonl_reader();
    EXPECT_TRUE(reader->accepts("feed.jsonl", ""));
    EXPECT_TRUE(reader->accepts("feed.ndjson", ""));
    EXPECT_FALSE(reader->accepts("feed.json", "{}"));
    EXPECT_FALSE(reader->accepts("feed.txt", "{\"text\": \"x\"}"));
    const auto registry = detail::ReaderRegistry::with_builtin_readers();
    ASSERT_NE(registry.find("feed.jsonl", "{\"text\": \"x\"}\n"), nullptr);
    EXPECT_EQ(registry.find("feed.jsonl", "{\"text\": \"x\"}\n")->name(), "jsonl");
}

TEST(JsonLinesReader, EveryFieldLandsInTheArticle) {
    TempDir dir;
    const auto path = dir.write("feed.jsonl", std::string(full_record) + "\n");
    const auto result = run({path});
    EXPECT_TRUE(result.problems.empty());
    ASSERT_EQ(result.articles.size(), 1u);
    const Article& a = result.articles[0];
    EXPECT_EQ(a.source, path + "#1");
    EXPECT_EQ(a.id, "reuters-42");
    EXPECT_EQ(a.title, "Talks resume in Geneva");
    EXPECT_EQ(a.url, "https://example.com/geneva");
    EXPECT_EQ(a.published, (Date{2015, 9, 28}));
    EXPECT_NE(a.text.find("Diplomats met again on Monday"), std::string::npos);
    EXPECT_NE(a.text.find("ended without a statement."), std::string::npos);
}

TEST(JsonLinesReader, TextAloneIsEnough) {
    TempDir dir;
    const auto path = dir.write("feed.jsonl", R"({"text": "Storm hits coast\n\nThe storm reached land at dawn."})");
    const auto result = run({path});
    EXPECT_TRUE(result.problems.empty());
    ASSERT_EQ(result.articles.size(), 1u);
    const Article& a = result.articles[0];
    EXPECT_EQ(a.source, path + "#1");
    EXPECT_EQ(a.id.size(), 16u);  // derived from path and record, as for any file
    EXPECT_FALSE(a.url);
    EXPECT_FALSE(a.published);
    EXPECT_EQ(a.title, "Storm hits coast");
}

TEST(JsonLinesReader, BadLinesAreReportedByLineAndTheRunGoesOn) {
    TempDir dir;
    const std::string content = std::string(R"({"text": "First good story about the harbour."})") + "\n" +  // 1
                                "\n" +                                                                      // 2
                                "{not json\n" +                                                             // 3
                                "[1, 2, 3]\n" +                                                             // 4
                                R"({"title": "no body"})" + "\n" +                                          // 5
                                R"({"text": 42})" + "\n" +                                                  // 6
                                R"({"text": "Second good story, with CRLF."})" + "\r\n" +                   // 7
                                "\"just a string\"\n" +                                                     // 8
                                "{\"text\": \"bad \xFF byte\"}\n" +                                         // 9
                                "   \t \n" +                                                                // 10
                                R"({"text": "Third good story at the end."})";                              // 11
    const auto path = dir.write("mixed.jsonl", content);
    const auto result = run({path});

    std::vector<std::string> sources;
    for (const auto& a : result.articles) sources.push_back(a.source);
    EXPECT_EQ(sources, (std::vector<std::string>{path + "#1", path + "#7", path + "#11"}));
    EXPECT_NE(result.articles.at(1).id, result.articles.at(2).id);

    std::vector<std::pair<std::string, std::string>> problems;
    for (const auto& p : result.problems) problems.emplace_back(p.source, p.reason);
    ASSERT_EQ(problems.size(), 6u);
    EXPECT_EQ(problems[0].first, path + "#3");
    EXPECT_TRUE(problems[0].second.starts_with("invalid JSON: ")) << problems[0].second;
    EXPECT_EQ(problems[0].second.find("[json.exception"), std::string::npos) << problems[0].second;
    EXPECT_EQ(problems[1], std::pair(path + "#4", std::string("not a JSON object")));
    EXPECT_EQ(problems[2], std::pair(path + "#5", std::string("no \"text\" string")));
    EXPECT_EQ(problems[3], std::pair(path + "#6", std::string("no \"text\" string")));
    EXPECT_EQ(problems[4], std::pair(path + "#8", std::string("not a JSON object")));
    EXPECT_EQ(problems[5].first, path + "#9");
    EXPECT_TRUE(problems[5].second.starts_with("invalid JSON: ")) << problems[5].second;
    EXPECT_NE(problems[5].second.find("UTF-8"), std::string::npos) << problems[5].second;
    EXPECT_TRUE(detail::is_valid_utf8(problems[5].second)) << problems[5].second;
}

TEST(JsonLinesReader, ParseErrorsAreShortAndValidUtf8) {
    TempDir dir;
    // nlohmann quotes the token it read last: here a long string ending in a stray byte.
    const auto path = dir.write("long.jsonl", "{\"text\": \"" + std::string(5000, 'z') + "\xE9\"}\n");
    const auto result = read_directly(path);
    EXPECT_TRUE(result.docs.empty());
    ASSERT_EQ(result.problems.size(), 1u);
    const std::string& reason = result.problems[0].second;
    EXPECT_TRUE(reason.starts_with("invalid JSON: ")) << reason;
    EXPECT_LT(reason.size(), 300u);
    EXPECT_TRUE(detail::is_valid_utf8(reason));
}

TEST(JsonLinesReader, LinesOverTheLimitAreSkippedWithBoundedMemory) {
    TempDir dir;
    const std::string huge = R"({"text": ")" + std::string(10000, 'x') + R"("})";
    const auto path = dir.write("big.jsonl", R"({"text": "short one"})" "\n" + huge + "\n" +
                                                 R"({"text": "short two"})" "\n");
    const auto result = read_directly(path, 64);
    ASSERT_EQ(result.docs.size(), 2u);
    EXPECT_EQ(result.docs[0].source, "in.jsonl#1");
    EXPECT_EQ(result.docs[1].source, "in.jsonl#3");
    EXPECT_EQ(result.docs[1].body, "short two");
    ASSERT_EQ(result.problems.size(), 1u);
    EXPECT_EQ(result.problems[0], std::pair(std::string("in.jsonl#2"), std::string("line longer than 64 bytes")));
}

TEST(JsonLinesReader, GzipCompressedFilesAreReadTransparently) {
    TempDir dir;
    const std::string path = dir / "feed.jsonl.gz";
    const std::string content = std::string(full_record) + "\n" + R"({"text": "Another story from the wire."})" + "\n";
    gzFile gz = gzopen(path.c_str(), "wb");
    ASSERT_NE(gz, nullptr);
    ASSERT_EQ(gzwrite(gz, content.data(), static_cast<unsigned>(content.size())), static_cast<int>(content.size()));
    ASSERT_EQ(gzclose(gz), Z_OK);

    const auto result = run({path});
    EXPECT_TRUE(result.problems.empty());
    ASSERT_EQ(result.articles.size(), 2u);
    EXPECT_EQ(result.articles[0].source, path + "#1");
    EXPECT_EQ(result.articles[0].id, "reuters-42");
    EXPECT_EQ(result.articles[1].source, path + "#2");
}

TEST(JsonLinesReader, LeadingByteOrderMarkIsSkipped) {
    TempDir dir;
    const auto path = dir.write("bom.jsonl", "\xEF\xBB\xBF" R"({"text": "After the mark."})" "\n");
    const auto result = read_directly(path);
    EXPECT_TRUE(result.problems.empty());
    ASSERT_EQ(result.docs.size(), 1u);
    EXPECT_EQ(result.docs[0].source, "in.jsonl#1");
    EXPECT_EQ(result.docs[0].body, "After the mark.");
}

TEST(JsonLinesReader, OptionalFieldsAreTakenOnlyInTheirForms) {
    TempDir dir;
    const std::string content =
        R"({"text": "a", "published": "2015-09-28", "id": 12345})" "\n"
        R"({"text": "b", "published": "2015-09-28 10:00", "id": "", "title": "", "url": 7})" "\n"
        R"({"text": "c", "published": "Sept 28, 2015", "id": 1.5, "title": ["x"]})" "\n"
        R"({"text": "d", "published": "2015-02-30T00:00:00Z"})" "\n"
        R"({"text": "e", "published": "2015-09-28junk"})" "\n";
    const auto result = read_directly(dir.write("fields.jsonl", content));
    EXPECT_TRUE(result.problems.empty());
    ASSERT_EQ(result.docs.size(), 5u);
    EXPECT_EQ(result.docs[0].published, (Date{2015, 9, 28}));
    EXPECT_EQ(result.docs[0].id, "12345");
    EXPECT_EQ(result.docs[1].published, (Date{2015, 9, 28}));
    EXPECT_FALSE(result.docs[1].id);
    EXPECT_FALSE(result.docs[1].title);
    EXPECT_FALSE(result.docs[1].url);
    EXPECT_FALSE(result.docs[2].published);
    EXPECT_FALSE(result.docs[2].id);
    EXPECT_FALSE(result.docs[2].title);
    EXPECT_FALSE(result.docs[3].published);
    EXPECT_FALSE(result.docs[4].published);
}

TEST(JsonLinesReader, HtmlTextIsHandedToTheHtmlStage) {
    TempDir dir;
    const std::string content =
        R"({"text": "  <html><head><title>Page title</title></head><body><p>Ceasefire holds in the north.</p></body></html>"})"
        "\n"
        R"({"text": "<3 is not markup and a < b"})" "\n";
    const auto path = dir.write("html.jsonl", content);
    const auto direct = read_directly(path);
    ASSERT_EQ(direct.docs.size(), 2u);
    EXPECT_EQ(direct.docs[0].format, detail::DocumentFormat::html);
    EXPECT_EQ(direct.docs[1].format, detail::DocumentFormat::text);

    const auto result = run({path});
    ASSERT_EQ(result.articles.size(), 2u);
    EXPECT_EQ(result.articles[0].title, "Page title");
    EXPECT_NE(result.articles[0].text.find("Ceasefire holds in the north."), std::string::npos);
    EXPECT_EQ(result.articles[0].text.find("<p>"), std::string::npos);
}

TEST(JsonLinesReader, IdsAreStableAcrossRuns) {
    TempDir dir;
    const auto path = dir.write("feed.jsonl", R"({"text": "one story"})" "\n" R"({"text": "two story"})" "\n");
    const auto first = run({path});
    const auto second = run({path});
    ASSERT_EQ(first.articles.size(), 2u);
    ASSERT_EQ(second.articles.size(), 2u);
    EXPECT_EQ(first.articles[0].id, second.articles[0].id);
    EXPECT_EQ(first.articles[1].id, second.articles[1].id);
    EXPECT_NE(first.articles[0].id, first.articles[1].id);
}

}  // namespace
}  // namespace newsindex
