// Snippets: the passage of a hit that shows why it matched, its matched words marked.

#include "snippet.hpp"
#include "text_util.hpp"

#include <gtest/gtest.h>

#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace newsindex::detail {
namespace {

const Xapian::Stem english("english");

// The maker for a query as the searcher parses it (English stems, STEM_ALL_Z).
SnippetMaker maker_for(const std::string& query_text) {
    Xapian::QueryParser qp;
    qp.set_stemmer(english);
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
    qp.add_prefix("title", "S");
    qp.add_boolean_prefix("place", "XP");
    const Xapian::Query query = qp.parse_query(query_text, Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN);
    std::vector<std::pair<std::string, double>> stems;
    for (const std::string& s : SnippetMaker::stems_of(query)) stems.emplace_back(s, 1.0);
    return SnippetMaker(std::move(stems), english);
}

std::vector<std::string> marked(const Snippet& s) {
    std::vector<std::string> words;
    for (const auto& [first, second] : s.highlights) {
        EXPECT_LT(first, second);
        EXPECT_LE(second, s.text.size());
        words.push_back(s.text.substr(first, second - first));
    }
    return words;
}

TEST(Snippet, QueryStemsSkipFiltersAndFieldPrefixes) {
    Xapian::QueryParser qp;
    qp.set_stemmer(english);
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
    qp.add_prefix("title", "S");
    qp.add_boolean_prefix("place", "XP");
    const Xapian::Query q = qp.parse_query("title:Airstrikes prices place:syria \"oil prices\"",
                                           Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN);
    EXPECT_EQ(SnippetMaker::stems_of(q), (std::vector<std::string>{"airstrik", "oil", "price"}));
}

TEST(Snippet, MarksEveryFormOfTheQueryWordsAndOnlyThem) {
    const Snippet s = maker_for("airstrike price").make(
        "Russian AIRSTRIKES hit Homs.\nThe airstrike's toll and oil prices rose; priced goods, "
        "pricey flats and the Airstrikes\xE2\x80\x99 aftermath.",
        240);
    EXPECT_EQ(marked(s), (std::vector<std::string>{"AIRSTRIKES", "airstrike's", "prices", "priced", "Airstrikes"}));
    EXPECT_EQ(s.text.find('\n'), std::string::npos) << s.text;
    EXPECT_EQ(s.text.find("  "), std::string::npos) << s.text;
}

TEST(Snippet, WordsBeyondAsciiAreFoldedAndMarked) {
    const Snippet s = maker_for("z\xC3\xBCrich caf\xC3\xA9").make("Banks in Z\xC3\x9CRICH and a CAF\xC3\x89 in Zurich.", 240);
    EXPECT_EQ(marked(s), (std::vector<std::string>{"Z\xC3\x9CRICH", "CAF\xC3\x89"}));
}

TEST(Snippet, ThePassageWithTheMostDifferentQueryWordsWins) {
    std::string text = "Oil output rose. ";
    for (int i = 0; i < 20; ++i) text += "Nothing of note happened on this day in the markets. ";
    text += "Later, oil prices in Qatar fell sharply after the talks. ";
    for (int i = 0; i < 20; ++i) text += "Traders waited for news. ";
    const Snippet s = maker_for("oil prices").make(text, 120);
    EXPECT_EQ(s.text.rfind("...Later, oil prices", 0), 0u) << s.text;  // from the sentence's start
    EXPECT_EQ(marked(s), (std::vector<std::string>{"oil", "prices"}));
    EXPECT_TRUE(s.text.ends_with("...")) << s.text;
    EXPECT_LE(s.text.size(), 120u + 6);
}

TEST(Snippet, FarIntoALongSentenceItStartsAFewWordsBeforeTheMatch) {
    std::string text = "It began";
    for (int i = 0; i < 60; ++i) text += " and went on";
    text += " until prices fell.";
    const Snippet s = maker_for("prices").make(text, 100);
    EXPECT_EQ(s.text.rfind("...", 0), 0u);
    const std::size_t at = s.text.find("prices");
    ASSERT_NE(at, std::string::npos) << s.text;
    EXPECT_GT(at, 10u);   // some words before it
    EXPECT_LT(at, 40u);   // but not many
}

TEST(Snippet, WithoutAMatchItIsTheBeginning) {
    const Snippet s = maker_for("wheat").make("\n  First words of the article. " + std::string(500, 'x'), 60);
    EXPECT_EQ(s.text.rfind("First words of the article.", 0), 0u) << s.text;
    EXPECT_TRUE(s.highlights.empty());
    EXPECT_TRUE(s.text.ends_with("...")) << s.text;
    EXPECT_TRUE(maker_for("wheat").make("", 60).text.empty());
}

TEST(Snippet, AWordLongerThanThePassageIsCutBetweenCharacters) {
    std::string text;
    for (int i = 0; i < 200; ++i) text += "\xC3\xA9";  // é without a space
    const Snippet s = maker_for("wheat").make(text, 101);
    EXPECT_TRUE(is_valid_utf8(s.text)) << s.text;
    EXPECT_LE(s.text.size(), 101u + 3);
}

// SnippetMaker stems only words that begin like a wanted stem and are at least as long:
// that holds if stemming keeps a word's first letter and never lengthens it. Checked over
// the bench vocabulary, the words of the sample corpus, and the stemmer's irregular forms.
TEST(Snippet, StemmingKeepsTheFirstLetterAndNeverLengthensAWord) {
    std::set<std::string> words = {"skis", "skies", "dying", "lying", "tying", "idly", "gently", "ugly", "early",
                                   "only", "singly", "news", "howe", "atlas", "cosmos", "bias", "andes", "yes",
                                   "yelled", "ies", "ied", "y's", "a", "i", "by", "as"};
    const std::filesystem::path root(NEWSINDEX_SOURCE_DIR);
    std::vector<std::filesystem::path> files = {root / "bench/data/words.txt", root / "bench/data/surnames.txt",
                                                root / "bench/data/first-names.txt"};
    for (const auto& entry : std::filesystem::directory_iterator(root / "corpus")) files.push_back(entry.path());
    for (const auto& file : files) {
        std::ifstream in(file);
        std::ostringstream all;
        all << in.rdbuf();
        std::string word;
        for (const char c : all.str() + " ") {
            if (is_ascii_alpha(c) || c == '\'') {
                word += ascii_lowercase(std::string(1, c));
            } else {
                if (word.size() > 0 && word.front() != '\'') words.insert(word);
                word.clear();
            }
        }
    }
    ASSERT_GT(words.size(), 2000u);
    for (const std::string& w : words) {
        const std::string stem = english(w);
        ASSERT_FALSE(stem.empty()) << w;
        EXPECT_EQ(stem[0], w[0]) << w << " -> " << stem;
        EXPECT_LE(stem.size(), w.size()) << w << " -> " << stem;
    }
}

}  // namespace
}  // namespace newsindex::detail
