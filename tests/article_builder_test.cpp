// The extraction pipeline on whole articles, starting with the two seeds of GOLD.md.

#include "test_support.hpp"

#include <newsindex/extract.hpp>
#include <newsindex/json.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

namespace newsindex {
namespace {

using test::TempDir;

std::vector<Article> extract(const std::vector<std::string>& inputs, const ExtractOptions& options = {},
                             std::vector<InputProblem>* problems = nullptr) {
    std::vector<Article> articles;
    Extractor(options).run(inputs, [&](Article&& a) { articles.push_back(std::move(a)); },
                           [&](const InputProblem& p) {
                               if (problems) problems->push_back(p);
                           });
    return articles;
}

bool has_place(const Article& a, std::string_view name, std::string_view country) {
    return std::any_of(a.places.begin(), a.places.end(),
                       [&](const Place& p) { return p.name == name && p.country == country; });
}

TEST(Seeds, CnnWireStoryMatchesGold) {
    const auto articles = extract({test::seed_path(test::cnn_seed)});
    ASSERT_EQ(articles.size(), 1u);
    const Article& a = articles[0];
    EXPECT_EQ(a.title, "International Partners Urge Russia to Stop Targeting Opposition and Civilians in Syria");
    const std::vector<std::string> removed = {
        "The-CNN-Wire \xE2\x84\xA2 & \xC2\xA9 2015 Cable News Network, Inc., a Time Warner Company. All rights "
        "reserved. (Photo: CNN)",
        "Missed a Show? Listen Here", "Local Weather"};
    EXPECT_EQ(a.removed, removed);
    // Content the GOLD keeps: caption, dateline, sub-headings.
    EXPECT_NE(a.text.find("Vladimir Putin, President of the Russian Federation"), std::string::npos);
    EXPECT_NE(a.text.find("WASHINGTON \xE2\x80\x94 (CNN)"), std::string::npos);
    EXPECT_NE(a.text.find("Israel and Russian defense officials set to meet"), std::string::npos);
    EXPECT_EQ(a.text.find("Local Weather"), std::string::npos);
    // Dates: the caption's explicit date, and Thursday/Wednesday resolved forward from it.
    const std::vector<Date> dates = {{2015, 9, 28}, {2015, 9, 30}, {2015, 10, 1}};
    EXPECT_EQ(a.dates, dates);
    ASSERT_TRUE(a.published);
    EXPECT_GE(*a.published, (Date{2015, 9, 28}));
    EXPECT_LE(*a.published, (Date{2015, 10, 5}));
    for (auto [name, code] : {std::pair{"Syria", "SY"}, {"Russia", "RU"}, {"United States", "US"}, {"Israel", "IL"},
                              {"United Kingdom", "GB"}, {"Turkey", "TR"}, {"Qatar", "QA"}, {"Saudi Arabia", "SA"}}) {
        EXPECT_TRUE(has_place(a, name, code)) << name;
    }
}

TEST(Seeds, RespunStoryMatchesGold) {
    const auto articles = extract({test::seed_path(test::respun_seed)});
    ASSERT_EQ(articles.size(), 1u);
    const Article& a = articles[0];
    EXPECT_EQ(a.title, "Russian defence ministry says army struck eight IS targets in Syria");
    const std::vector<std::string> removed = {"Share", "Advertisement", "Advertisement",
                                              "Mitt Romney: Obama has been a 'foreign policy disaster'"};
    EXPECT_EQ(a.removed, removed);
    EXPECT_EQ(a.text.find("Mitt Romney"), std::string::npos);
    EXPECT_FALSE(a.published);    // nothing in the text dates it
    EXPECT_TRUE(a.dates.empty());  // Wednesday and Thursday cannot be anchored: never guessed
    EXPECT_TRUE(has_place(a, "United States", "US"));
    EXPECT_TRUE(has_place(a, "Russia", "RU"));
    EXPECT_TRUE(has_place(a, "Syria", "SY"));
}

TEST(Seeds, ReferenceDateAnchorsTheRespunStory) {
    ExtractOptions options;
    options.reference_date = Date{2015, 10, 2};  // a Friday
    const auto articles = extract({test::seed_path(test::respun_seed)}, options);
    ASSERT_EQ(articles.size(), 1u);
    // "On Wednesday morning", "earlier Wednesday"; "struck northern Homs today" in a quote.
    const std::vector<Date> dates = {{2015, 9, 30}, {2015, 10, 2}};
    EXPECT_EQ(articles[0].dates, dates);
}

TEST(Extraction, KeepBoilerplateOptionKeepsEveryLine) {
    ExtractOptions options;
    options.strip_boilerplate = false;
    const auto articles = extract({test::seed_path(test::respun_seed)}, options);
    ASSERT_EQ(articles.size(), 1u);
    EXPECT_TRUE(articles[0].removed.empty());
    EXPECT_EQ(articles[0].title, "Share");
    EXPECT_NE(articles[0].text.find("Advertisement"), std::string::npos);
}

TEST(Extraction, IdsAreStableAndDistinct) {
    const auto first = extract({test::source_dir() + "/corpus"});
    const auto again = extract({test::source_dir() + "/corpus/"});
    ASSERT_EQ(first.size(), 2u);
    ASSERT_EQ(again.size(), 2u);
    EXPECT_EQ(first[0].id, again[0].id);
    EXPECT_EQ(first[1].id, again[1].id);
    EXPECT_NE(first[0].id, first[1].id);
    EXPECT_EQ(first[0].source, test::source_dir() + "/corpus/" + std::string(test::cnn_seed));
}

TEST(Extraction, ParagraphsAreSeparatedByBlankLines) {
    const Extractor extractor;
    const Article a = extractor.extract_text("Headline here\n\nFirst paragraph.\n\n\n\nSecond\nstill second.\n", "mem");
    EXPECT_EQ(a.title, "Headline here");
    EXPECT_EQ(a.text, "First paragraph.\n\nSecond\nstill second.");
}

TEST(Extraction, DatelineGivesThePublicationDate) {
    ExtractOptions options;
    options.reference_date = Date{1987, 12, 31};
    const Extractor extractor(options);
    const Article a = extractor.extract_text(
        "GRAIN REGISTRATIONS\n\nBUENOS AIRES, Feb 26 - Argentine grain board figures show registrations.\n", "mem");
    ASSERT_TRUE(a.published);
    EXPECT_EQ(*a.published, (Date{1987, 2, 26}));
}

TEST(Extraction, FutureDatesAreNoPublicationDate) {
    ExtractOptions options;
    options.reference_date = Date{1987, 12, 31};
    const Extractor extractor(options);
    const Article a = extractor.extract_text("BOND ISSUE\n\nThe notes mature on May 15, 1995, the bank said.\n", "mem");
    EXPECT_FALSE(a.published);
    EXPECT_EQ(a.dates, std::vector<Date>{(Date{1995, 5, 15})});
    const Article b = Extractor().extract_text("BOND ISSUE\n\nThe notes were sold on May 15, 1987.\n", "mem");
    EXPECT_EQ(b.published, (Date{1987, 5, 15}));  // without a reference, the bound is the estimate
}

// A text far longer than any article (a dump of one-word lines held 100 bytes per byte in the
// entity stages): dates, places and actors come from its first megabyte, every word stays.
TEST(Extraction, OnlyTheFirstMegabyteOfAHugeTextIsAnalysed) {
    std::string text = "Oil report\n\nOfficials in Qatar met on March 3, 2015.\n\n";
    text += std::string(1u << 20, 'x') + "\n\nLater they flew to Paris on June 9, 2015.\n";
    const Article a = Extractor().extract_text(text, "mem");
    EXPECT_TRUE(has_place(a, "Qatar", "QA"));
    EXPECT_FALSE(has_place(a, "Paris", "FR"));
    EXPECT_EQ(a.dates, std::vector<Date>{(Date{2015, 3, 3})});
    EXPECT_NE(a.text.find("Later they flew to Paris"), std::string::npos);
}

TEST(Extraction, HtmlPagesLoseScriptsAndNavigation) {
    TempDir dir;
    const auto path = dir.write("page.html",
                                "<!doctype html><html><head><title>Strikes in Syria | Example News</title>"
                                "<meta property=\"og:title\" content=\"Strikes in Syria\">"
                                "<meta property=\"article:published_time\" content=\"2015-10-01T10:00:00Z\">"
                                "<link rel=\"canonical\" href=\"https://news.example/strikes\">"
                                "<script>var x = 'Advertisement';</script></head><body>"
                                "<nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>"
                                "<article><p>Russian jets struck targets in Syria on Thursday, officials said.</p>"
                                "<p>Advertisement</p><p>More strikes followed &amp; more.</p></article>"
                                "<footer>About us</footer></body></html>");
    const auto articles = extract({path});
    ASSERT_EQ(articles.size(), 1u);
    const Article& a = articles[0];
    EXPECT_EQ(a.title, "Strikes in Syria");
    ASSERT_TRUE(a.url);
    EXPECT_EQ(*a.url, "https://news.example/strikes");
    ASSERT_TRUE(a.published);
    EXPECT_EQ(*a.published, (Date{2015, 10, 1}));
    EXPECT_EQ(a.text, "Russian jets struck targets in Syria on Thursday, officials said.\nMore strikes followed & more.");
    EXPECT_EQ(a.removed, std::vector<std::string>{"Advertisement"});
    EXPECT_EQ(a.dates, std::vector<Date>{(Date{2015, 10, 1})});
}

TEST(Extraction, BadInputsAreNamedAndTheRunGoesOn) {
    TempDir dir;
    dir.write("a.txt", "Good title\n\nGood body text.\n");
    dir.write("b.png", std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\0\x10", 20));
    dir.write("c.txt", "Another title\n\nMore text.\n");
    std::vector<InputProblem> problems;
    const auto articles = extract({dir.path().string(), dir / "nope.txt"}, {}, &problems);
    ASSERT_EQ(articles.size(), 2u);
    EXPECT_EQ(articles[0].title, "Good title");
    EXPECT_EQ(articles[1].title, "Another title");
    ASSERT_EQ(problems.size(), 2u);
    EXPECT_NE(problems[0].source.find("b.png"), std::string::npos);
    EXPECT_NE(problems[0].reason.find("binary"), std::string::npos);
    EXPECT_NE(problems[1].source.find("nope.txt"), std::string::npos);
}

TEST(Extraction, FurnitureRecurringAcrossAFolderIsRemoved) {
    TempDir dir;
    static const char* const topics[] = {"grain", "oil", "gold", "coffee", "sugar", "copper", "tin", "cocoa"};
    for (int i = 0; i < 12; ++i) {
        const std::string topic = topics[i % 8];
        dir.write("site/" + std::to_string(100 + i) + ".txt",
                  "Prices of " + topic + " move " + std::to_string(i) + "\n\n" + topic + std::to_string(i) +
                      " traders reported brisk business on the exchange this morning.\n\n"
                      "Quibbly Weekend Edition\n\n"
                      "Dealers" + std::to_string(i) + " in " + topic + " expect calmer markets next week, they said.\n");
    }
    const auto articles = extract({dir / "site"});
    ASSERT_EQ(articles.size(), 12u);
    for (const Article& a : articles) {
        EXPECT_EQ(a.removed, std::vector<std::string>{"Quibbly Weekend Edition"}) << a.source;
        EXPECT_EQ(a.text.find("Quibbly"), std::string::npos);
    }
    ExtractOptions keep;
    keep.strip_boilerplate = false;
    EXPECT_NE(extract({dir / "site"}, keep)[0].text.find("Quibbly"), std::string::npos);
}

// Articles of one source with a recurring line of furniture no pattern knows.
void write_site(TempDir& dir, const std::string& folder, const std::string& furniture) {
    static const char* const topics[] = {"grain", "oil", "gold", "coffee", "sugar", "copper", "tin", "cocoa"};
    for (int i = 0; i < 12; ++i) {
        const std::string topic = topics[i % 8];
        dir.write(folder + "/" + std::to_string(100 + i) + ".txt",
                  "Prices of " + topic + " move " + std::to_string(i) + "\n\n" + topic + std::to_string(i) +
                      " traders reported brisk business on the exchange this morning.\n\n" + furniture + "\n\n" +
                      "Dealers" + std::to_string(i) + " in " + topic + " expect calmer markets next week, they said.\n");
    }
}

TEST(Extraction, FurnitureIsSurveyedPerFolderWhetherNestedNamedOneByOneOrPartlyRead) {
    TempDir dir;
    write_site(dir, "site", "Quibbly Weekend Edition");
    write_site(dir, "site/regional", "Zorblat Evening Digest");
    // Nested: each folder has its own furniture, before and after the subfolder in the walk.
    const auto nested = extract({dir / "site"});
    ASSERT_EQ(nested.size(), 24u);
    for (const Article& a : nested) {
        const bool regional = a.source.find("/regional/") != std::string::npos;
        EXPECT_EQ(a.removed, std::vector<std::string>{regional ? "Zorblat Evening Digest" : "Quibbly Weekend Edition"})
            << a.source;
    }
    // Named one by one: the files named from one folder are its sample.
    std::vector<std::string> files;
    for (int i = 0; i < 12; ++i) files.push_back(dir / ("site/" + std::to_string(100 + i) + ".txt"));
    const auto loose = extract(files);
    ASSERT_EQ(loose.size(), 12u);
    for (const Article& a : loose) EXPECT_EQ(a.removed, std::vector<std::string>{"Quibbly Weekend Edition"}) << a.source;
    // Partly read (an incremental run): the files turned down still make the sample.
    RunHooks hooks;
    hooks.should_read = [](const InputFileInfo& f) { return f.path.ends_with("/site/111.txt"); };
    std::vector<Article> read;
    Extractor(ExtractOptions{}).run(
        {dir / "site"}, [&](Article&& a) { read.push_back(std::move(a)); }, [](const InputProblem&) {}, hooks);
    ASSERT_EQ(read.size(), 1u);
    EXPECT_EQ(read[0].removed, std::vector<std::string>{"Quibbly Weekend Edition"});
}

TEST(Extraction, ShouldReadDecidesEveryFileOnTheCallingThreadBeforeTheFirstArticle) {
    // It may change the index (a changed file's old articles are removed), which must not
    // race the writing of articles.
    TempDir dir;
    write_site(dir, "a", "Quibbly Weekend Edition");
    write_site(dir, "b", "Zorblat Evening Digest");
    ExtractOptions options;
    options.threads = 2;
    std::vector<std::string> events;
    const auto caller = std::this_thread::get_id();
    std::size_t foreign = 0;
    RunHooks hooks;
    hooks.should_read = [&](const InputFileInfo& f) {
        if (std::this_thread::get_id() != caller) ++foreign;
        events.push_back("decide " + f.path);
        return !f.path.ends_with("0.txt");
    };
    const ExtractStats stats = Extractor(options).run(
        {dir / "a", dir / "b"}, [&](Article&& a) { events.push_back("article " + a.source); },
        [](const InputProblem&) {}, hooks);
    EXPECT_EQ(foreign, 0u);
    EXPECT_EQ(stats.skipped, 4u);  // 100, 110 of each folder
    ASSERT_EQ(events.size(), 24u + 20u);
    for (std::size_t i = 0; i < events.size(); ++i) {
        EXPECT_EQ(events[i].starts_with("decide "), i < 24) << i << " " << events[i];
    }
}

TEST(Extraction, ReadingBeginsBeforeTheWalkEnds) {
    // Inputs are read while they are walked, so that nothing is held per input file: a file
    // that appears in a folder not yet reached is found by the same run.
    TempDir dir;
    write_site(dir, "a", "Quibbly Weekend Edition");
    dir.write("z/placeholder.txt", "Placeholder\n\nA story about tin.\n");
    ExtractOptions options;
    options.threads = 1;
    std::vector<std::string> sources;
    Extractor(options).run(
        {dir.path().string()},
        [&](Article&& a) {
            if (sources.empty()) dir.write("z/late.txt", "Late story\n\nA story about copper mines.\n");
            sources.push_back(a.source);
        },
        [](const InputProblem&) {});
    ASSERT_EQ(sources.size(), 14u);
    EXPECT_TRUE(sources.back().ends_with("/z/placeholder.txt"));
    EXPECT_TRUE(sources[12].ends_with("/z/late.txt"));
}

TEST(Extraction, FurnitureRecurringAcrossAJsonLinesExportIsRemoved) {
    TempDir dir;
    std::string lines;
    for (int i = 0; i < 20; ++i) {
        const std::string n = std::to_string(i);
        lines += "{\"title\": \"Story " + n + "\", \"text\": \"Lead" + n +
                 " paragraph about the harvest in Brazil.\\n\\nWimble Daily Briefing\\n\\nClosing" + n +
                 " remarks by officials.\"}\n";
    }
    dir.write("export.jsonl", lines);
    const auto articles = extract({dir / "export.jsonl"});
    ASSERT_EQ(articles.size(), 20u);
    for (const Article& a : articles) {
        EXPECT_EQ(a.removed, std::vector<std::string>{"Wimble Daily Briefing"}) << a.source;
    }
}

TEST(Json, RecordHasEveryContractField) {
    const Extractor extractor(ExtractOptions{std::nullopt, true, true});
    const Article a = extractor.extract_text("Talks in Syria\n\nOfficials met in Qatar on September 28, 2015.\n", "mem");
    const std::string json = to_json(a, true);
    for (const char* field : {"\"id\":", "\"source\":\"mem\"", "\"url\":null", "\"title\":\"Talks in Syria\"",
                              "\"published\":\"2015-09-28\"", "\"text\":", "\"removed\":[]", "\"actors\":[]",
                              "\"places\":[{", "\"country\":\"SY\"", "\"dates\":[\"2015-09-28\"]", "\"mentions\":[{",
                              "\"type\":\"DATE\"", "\"type\":\"LOC\""}) {
        EXPECT_NE(json.find(field), std::string::npos) << field << " in " << json;
    }
    EXPECT_EQ(to_json(a, false).find("mentions"), std::string::npos);
}

}  // namespace
}  // namespace newsindex
