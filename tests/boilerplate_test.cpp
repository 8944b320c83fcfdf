#include "boilerplate.hpp"

#include "test_support.hpp"
#include "text_util.hpp"

#include <newsindex/error.hpp>

#include <gtest/gtest.h>

#include <sstream>

namespace newsindex::detail {
namespace {

struct LineCase {
    const char* line;
    bool boilerplate;
    friend void PrintTo(const LineCase& c, std::ostream* os) { *os << '"' << c.line << '"'; }
};

class BuiltinPatterns : public ::testing::TestWithParam<LineCase> {};

TEST_P(BuiltinPatterns, JudgesTheLineAlone) {
    static const BoilerplateFilter filter;
    EXPECT_EQ(filter.matches_pattern(GetParam().line), GetParam().boilerplate) << GetParam().line;
}

INSTANTIATE_TEST_SUITE_P(
    Lines, BuiltinPatterns,
    ::testing::Values(
        // Furniture in its many spellings.
        LineCase{"Advertisement", true}, LineCase{"ADVERTISEMENT", true}, LineCase{"  Share  ", true},
        LineCase{"Share this article", true}, LineCase{"Local Weather", true},
        LineCase{"Missed a Show? Listen Here", true}, LineCase{"Missed a Show?  Listen here.", true},
        LineCase{"Read more:", true}, LineCase{"Read more \xC2\xBB", true},
        LineCase{"Read more: Syria's war in maps", true}, LineCase{"Sign up for our daily briefing", true},
        LineCase{"Photo: Reuters", true}, LineCase{"Skip to main content", true},
        LineCase{"Story continues below advertisement", true}, LineCase{"Related Coverage", true},
        LineCase{"\xC2\xA9 1987 Reuters. All rights reserved.", true},
        LineCase{"Copyright 2015 The Associated Press. All rights reserved.", true},
        LineCase{"The-CNN-Wire \xE2\x84\xA2 & \xC2\xA9 2015 Cable News Network, Inc., a Time Warner Company. "
                 "All rights reserved. (Photo: CNN)",
                 true},
        LineCase{"Follow us on Twitter @newsdesk", true},
        // Real sentences and headlines that merely contain such words.
        LineCase{"The company launched an advertisement campaign in March.", false},
        LineCase{"Shares rose 3 pct in early trading.", false}, LineCase{"Shareholders approved the merger", false},
        LineCase{"Copyright law overhaul passes Senate", false},
        LineCase{"Read more than 300 pages of the report, the judge told lawyers on Tuesday.", false},
        LineCase{"Weather delays harvest in Argentina", false}, LineCase{"Sorghum nil (nil)", false},
        LineCase{"Record April 15", false}, LineCase{"", false},
        LineCase{"He said the photo: a crowd, a flag and a burning car, was taken by a soldier who asked that his name "
                 "not be used because he was not authorised to speak to reporters about the operation in the north of "
                 "the country, where fighting has displaced tens of thousands.",
                 false}));

TEST(BoilerplateFilter, TrailingTeaserAfterTheLastParagraphIsRemoved) {
    const BoilerplateFilter filter;
    const std::vector<std::string_view> lines = {
        "Title of the story",
        "",
        "The minister said on Tuesday that talks would resume within days, officials said.",
        "",
        "Mitt Romney: Obama has been a 'foreign policy disaster'",
    };
    const auto v = filter.classify(lines);
    EXPECT_EQ(v[4], BoilerplateReason::shape);
    EXPECT_EQ(v[0], BoilerplateReason::none);
    EXPECT_EQ(v[2], BoilerplateReason::none);
}

TEST(BoilerplateFilter, ColonLinesInsideTheStoryStay) {
    const BoilerplateFilter filter;
    const std::vector<std::string_view> lines = {
        "Title of the story",
        "Kerry: We have grave concerns about the strikes",  // a sub-heading before prose
        "The minister said on Tuesday that talks would resume within days, officials said.",
        "NOTE: Full name of the company is Heart Federal Savings and Loan Association.",
    };
    const auto v = filter.classify(lines);
    for (std::size_t i = 0; i < v.size(); ++i) EXPECT_EQ(v[i], BoilerplateReason::none) << lines[i];
}

TEST(BoilerplateFilter, CustomPatternsAndErrors) {
    const BoilerplateFilter filter("# comment\nline\tMore from the Courier\nprefix\tsponsored by\n", "");
    EXPECT_TRUE(filter.matches_pattern("More from the Courier:"));
    EXPECT_TRUE(filter.matches_pattern("Sponsored by Acme Widgets"));
    EXPECT_FALSE(filter.matches_pattern("Advertisement"));  // not in this list
    EXPECT_THROW(BoilerplateFilter("bogus\tx\n", ""), Error);
    EXPECT_THROW(BoilerplateFilter("line without tab\n", ""), Error);
    EXPECT_THROW(BoilerplateFilter("", "noun\tx\n"), Error);
}

// Lines that neither the pattern list nor the development data contain: recognised (or
// kept) by their words alone. The fixtures are files, one line each, so they read as data.
std::vector<std::string> fixture_lines(const std::string& name) {
    std::vector<std::string> lines;
    std::istringstream in(test::read_file(test::source_dir() + "/tests/data/boilerplate/" + name));
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.front() != '#') lines.push_back(line);
    }
    return lines;
}

TEST(BoilerplateFilter, UnknownFurnitureIsRecognisedByItsWords) {
    const BoilerplateFilter filter;
    const auto lines = fixture_lines("furniture.txt");
    ASSERT_GE(lines.size(), 40u);
    std::size_t missed = 0;
    for (const std::string& line : lines) {
        const bool found = filter.matches_pattern(line) || filter.made_of_furniture_words(line);
        if (!found) ++missed;
        EXPECT_TRUE(found) << line;
    }
    EXPECT_EQ(missed, 0u);
}

TEST(BoilerplateFilter, ContentSharingFurnitureWordsIsKept) {
    const BoilerplateFilter filter;
    const auto lines = fixture_lines("content.txt");
    ASSERT_GE(lines.size(), 35u);
    for (const std::string& line : lines) {
        EXPECT_FALSE(filter.matches_pattern(line)) << line;
        EXPECT_FALSE(filter.made_of_furniture_words(line)) << line;
    }
}

// Articles of one source: varied prose around a recurring unknown furniture line and a
// recurring table label that is always followed by the same kind of line.
std::vector<std::string> source_articles(std::size_t count) {
    static const char* const subjects[] = {"Wheat", "Copper", "Gold", "Cattle", "Sugar", "Coffee", "Rubber", "Tin"};
    static const char* const verbs[] = {"rose", "fell", "held", "slipped", "jumped", "eased", "climbed", "dropped"};
    std::vector<std::string> articles;
    for (std::size_t i = 0; i < count; ++i) {
        const std::string subject = subjects[i % 8];
        const std::string verb = verbs[(i * 3 + 1) % 8];
        const std::string n = std::to_string(i);
        std::string a = subject + n + " prices " + verb + " on demand\n\n";
        if (i % 2 == 0) a += "Zorblat Morning Digest\n\n";  // furniture at the top of the body
        a += "Trader" + n + " said " + subject + " " + verb + " sharply in early trading today.\n\n";
        a += "Year\nShr 1.2 dlrs vs 1.1 dlrs\n\n";
        if (i % 2 == 1) a += "Zorblat Morning Digest\n\n";  // or after the table
        a += "Analyst" + n + " expects more volatility in " + subject + " next week.\n";
        articles.push_back(std::move(a));
    }
    return articles;
}

RepeatedLines survey_of(const std::vector<std::string>& articles) {
    RepeatedLines repeated;
    for (const std::string& a : articles) repeated.survey(split_lines(a));
    repeated.finish();
    return repeated;
}

TEST(RepeatedLines, RecurringLinesInVariedCompanyAreFurniture) {
    const auto repeated = survey_of(source_articles(40));
    EXPECT_EQ(repeated.documents(), 40u);
    EXPECT_TRUE(repeated.contains("Zorblat Morning Digest"));
    EXPECT_TRUE(repeated.contains("  zorblat morning digest  "));  // folded like the patterns
    EXPECT_FALSE(repeated.contains("Year"));  // always followed by "Shr ...": a table label
    EXPECT_FALSE(repeated.contains("Shr 1.2 dlrs vs 1.1 dlrs"));  // figures are never surveyed
}

TEST(RepeatedLines, TooFewArticlesProveNothing) {
    EXPECT_FALSE(survey_of(source_articles(4)).contains("Zorblat Morning Digest"));
}

TEST(RepeatedLines, ClassifyUsesTheSourceModel) {
    const auto repeated = survey_of(source_articles(40));
    const BoilerplateFilter filter;
    const std::vector<std::string_view> lines = {"Title", "", "Zorblat Morning Digest", "", "Body text follows here."};
    EXPECT_EQ(filter.classify(lines, &repeated)[2], BoilerplateReason::repeated);
    EXPECT_EQ(filter.classify(lines)[2], BoilerplateReason::none);
}

}  // namespace
}  // namespace newsindex::detail
