#include "actors.hpp"
#include "test_support.hpp"

#include <newsindex/extract.hpp>

#include <newsindex/error.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

namespace newsindex::detail {
namespace {

const ActorFinder& finder() {
    static const ActorFinder f;
    return f;
}

const Gazetteer& gazetteer() {
    static const Gazetteer g;
    return g;
}

struct Found {
    std::string name;
    ActorKind kind;
    unsigned count;
    friend bool operator==(const Found&, const Found&) = default;
    friend void PrintTo(const Found& f, std::ostream* os) {
        *os << f.name << " (" << to_string(f.kind) << ", " << f.count << ")";
    }
};

std::vector<Found> actors(std::string_view title, std::string_view text) {
    std::vector<Found> out;
    for (const Actor& a : finder().find(title, text, gazetteer())) out.push_back({a.name, a.kind, a.count});
    return out;
}

const Found* named(const std::vector<Found>& found, std::string_view name) {
    const auto it = std::find_if(found.begin(), found.end(), [&](const Found& f) { return f.name == name; });
    return it == found.end() ? nullptr : &*it;
}

constexpr ActorKind person = ActorKind::person;
constexpr ActorKind org = ActorKind::organization;

// One rule per case: the text, and actors that must be found with their counts. Names not
// listed may be found too, but none of `absent`.
struct ResolutionCase {
    const char* rule;
    const char* title;
    const char* text;
    std::vector<Found> expected;
    std::vector<std::string> absent;
    friend void PrintTo(const ResolutionCase& c, std::ostream* os) { *os << c.rule; }
};

class Resolution : public ::testing::TestWithParam<ResolutionCase> {};

TEST_P(Resolution, FindsCanonicalActors) {
    const ResolutionCase& c = GetParam();
    const std::vector<Found> found = actors(c.title, c.text);
    for (const Found& want : c.expected) {
        const Found* got = named(found, want.name);
        ASSERT_NE(got, nullptr) << c.rule << ": " << want.name << " not found";
        EXPECT_EQ(*got, want) << c.rule;
    }
    for (const std::string& name : c.absent) EXPECT_EQ(named(found, name), nullptr) << c.rule << ": " << name;
}

INSTANTIATE_TEST_SUITE_P(
    Rules, Resolution,
    ::testing::Values(
        ResolutionCase{"titles",
                       "",
                       "President Vladimir Putin addressed the assembly on Monday.",
                       {{"Vladimir Putin", person, 1}},
                       {"President Vladimir Putin"}},
        ResolutionCase{"multi-word titles",
                       "",
                       "US Secretary of State John Kerry flew to Geneva. Kerry met his counterpart there.",
                       {{"John Kerry", person, 2}},
                       {"Kerry", "Secretary of State John Kerry", "State"}},
        ResolutionCase{"title after a place",
                       "",
                       "\"It appears that we have stepped back in time,\" said Illinois Rep. Adam Kinzinger.",
                       {{"Adam Kinzinger", person, 1}},
                       {"Illinois Rep.", "Rep. Adam Kinzinger"}},
        ResolutionCase{
            "short forms with a particle",
            "",
            "Syrian President Bashar al-Assad spoke in Damascus. Critics of Assad's government were arrested.",
            {{"Bashar al-Assad", person, 2}},
            {"Assad"}},
        ResolutionCase{"surname of a well-known person",
                       "",
                       "Putin's spokesman said the Kremlin would reply.",
                       {{"Vladimir Putin", person, 1}, {"Kremlin", org, 1}},
                       {"Putin"}},
        ResolutionCase{"bracketed acronym",
                       "",
                       "The Kurdistan Democratic Party (KDP) won the vote. The KDP said it would form a government.",
                       {{"Kurdistan Democratic Party", org, 3}},
                       {"KDP"}},
        ResolutionCase{"acronym by initials",
                       "",
                       "Senior officials met in Tel Aviv, the Israeli Defense Forces said Thursday. "
                       "The visit was confirmed by the IDF.",
                       {{"Israeli Defense Forces", org, 2}},
                       {"IDF", "Defense Forces"}},
        ResolutionCase{"alias table",
                       "",
                       "The group ISIS, also called ISIL or Da\xE2\x80\x99"
                       "esh, calls itself the Islamic State. "
                       "Daesh fighters took the town.",
                       {{"Islamic State", org, 5}},
                       {"ISIS", "ISIL", "Da'esh", "Daesh"}},
        ResolutionCase{"dotted abbreviations",
                       "",
                       "The U.N. Security Council met. The United Nations said later that the UN would act.",
                       {{"United Nations", org, 2}, {"United Nations Security Council", org, 1}},
                       {"U.N.", "UN"}},
        ResolutionCase{"nationality joins an organisation",
                       "",
                       "The statement was on the website of the Turkish Foreign Ministry.",
                       {{"Turkish Foreign Ministry", org, 1}},
                       {"Foreign Ministry"}},
        ResolutionCase{"institution in lower case",
                       "Russian defence ministry says army struck targets",
                       "On Wednesday, Russia's rubber stamp parliament voted to approve the strikes.",
                       {{"Russian Defence Ministry", org, 1}, {"Russian Parliament", org, 1}},
                       {}},
        ResolutionCase{"headline in capitals",
                       "KERRY ARRIVES IN CAIRO FOR TALKS",
                       "Secretary of State John Kerry arrived in Cairo on Sunday.",
                       {{"John Kerry", person, 2}},
                       {"KERRY", "Kerry"}},
        ResolutionCase{"short capital alias only as written",
                       "",
                       "The militants of IS attacked. The situation is tense and it is not clear who is in charge.",
                       {{"Islamic State", org, 1}},
                       {}},
        ResolutionCase{"web furniture",
                       "",
                       "Advertisement\n\nShare\n\nThe minister resigned on Friday.",
                       {},
                       {"Advertisement", "Share"}},
        ResolutionCase{"places are not actors",
                       "",
                       "The statement was issued by the United States, Turkey, France, Qatar and Saudi Arabia.",
                       {},
                       {"Qatar and Saudi Arabia", "Saudi Arabia", "Turkey", "United States"}},
        ResolutionCase{"a town after 'in' is no person",
                       "",
                       "Activist Khdaier Khushfa in Homs told CNN that the strikes on Hama, Homs and Idlib killed 17.",
                       {{"Khdaier Khushfa", person, 1}, {"CNN", org, 1}},
                       {"Homs"}},
        ResolutionCase{
            "headline in capitals keeps only names the story repeats",
            "YEUTTER SEES GATT BREAKTHROUGH",
            "U.S. Trade Representative Clayton Yeutter said on Friday that talks in the General Agreement on "
            "Tariffs and Trade (GATT) were close to a breakthrough.",
            {{"Clayton Yeutter", person, 2}},
            {"Yeutter Sees GATT", "Yeutter Sees GATT Breakthrough"}},
        ResolutionCase{"two organisations run together",
                       "",
                       "Ministers met officials of the International Monetary Fund and World Bank in Washington.",
                       {{"International Monetary Fund", org, 1}, {"World Bank", org, 1}},
                       {"International Monetary Fund and World Bank"}},
        ResolutionCase{
            "a title with an organisation's name",
            "",
            "The Vice President spoke after Governor Kristi Noem signed the bill. Noem said it was a good day.",
            {{"Kristi Noem", person, 2}},
            {"Vice President", "Governor Kristi Noem"}},
        ResolutionCase{"months and table words",
                       "",
                       "February was calm. Shr loss 12 cts vs profit 3 cts.",
                       {},
                       {"February", "Shr"}},
        ResolutionCase{"generic words are no names, title words inside names are",
                       "",
                       "The Ministry said on Monday that the National Council would meet in June.",
                       {{"National Council", org, 1}},
                       {"Ministry", "June"}}));

// The pipeline end to end on the two seed articles of GOLD.md (corpus/): every actor the
// editor lists, under its canonical name, one actor per name, none from the removed teaser.
TEST(SeedArticles, ActorsOfTheGoldStandard) {
    ExtractOptions options;
    options.annotate = true;
    const Extractor extractor(options);
    std::map<std::string, std::vector<Actor>> by_seed;
    std::map<std::string, Article> articles;
    for (std::string_view seed : {test::cnn_seed, test::respun_seed}) {
        const std::string path = test::seed_path(seed);
        Article a = extractor.extract_text(test::read_file(path), path);
        by_seed[std::string(seed)] = a.actors;
        articles[std::string(seed)] = std::move(a);
    }
    auto names = [&](std::string_view seed) {
        std::set<std::string> out;
        for (const Actor& a : by_seed[std::string(seed)]) out.insert(a.name);
        return out;
    };
    const std::set<std::string> cnn = names(test::cnn_seed);
    for (const char* want : {"Vladimir Putin", "Bashar al-Assad", "Islamic State", "Hassna Haj Ali", "Khdaier Khushfa",
                             "CIA", "Russian Air Force", "Turkish Foreign Ministry", "Israeli Defense Forces", "CNN",
                             "United Nations General Assembly"}) {
        EXPECT_EQ(cnn.count(want), 1U) << want;
    }
    const std::set<std::string> respun = names(test::respun_seed);
    for (const char* want :
         {"Russian Defence Ministry", "Islamic State", "Bashar al-Assad", "John Kerry", "Adam Kinzinger", "Carter",
          "Hammond", "Khaled Khoja", "National Coalition", "Vladimir Putin", "Laurent Fabius", "Cotton", "POLITICO",
          "Pentagon", "United Nations", "Russian Parliament"}) {
        EXPECT_EQ(respun.count(want), 1U) << want;
    }
    for (const char* banned : {"Mitt Romney", "Romney", "Obama", "Barack Obama", "Advertisement", "Share", "ISIS", "IS",
                               "Assad", "Kerry", "Putin"}) {
        EXPECT_EQ(respun.count(banned), 0U) << banned;
        EXPECT_EQ(cnn.count(banned), 0U) << banned;
    }
    // Mentions: PER and ORG spans of the cleaned text, under the actors' names.
    const Article& a = articles[std::string(test::respun_seed)];
    std::size_t people = 0;
    for (const Mention& m : a.mentions) {
        if (m.type != MentionType::person && m.type != MentionType::organization) continue;
        ASSERT_LE(m.end, a.text.size());
        EXPECT_EQ(a.text.substr(m.start, m.end - m.start), m.text);
        people += m.norm == "Bashar al-Assad";
    }
    EXPECT_EQ(people, 5U);  // Bashar al-Assad and four times Assad
}

TEST(Resolution, MentionsAreSpansOfTheTextOnly) {
    const std::string title = "Kerry meets Lavrov";
    const std::string text =
        "Secretary of State John Kerry met Sergei Lavrov in Geneva. Kerry\xE2\x80\x99s aides said the talks went well.";
    std::vector<Mention> mentions;
    const std::vector<Actor> found = finder().find(title, text, gazetteer(), &mentions);
    ASSERT_FALSE(mentions.empty());
    for (const Mention& m : mentions) {
        ASSERT_LE(m.end, text.size());
        EXPECT_EQ(text.substr(m.start, m.end - m.start), m.text);
        EXPECT_TRUE(m.type == MentionType::person || m.type == MentionType::organization);
    }
    const auto kerry =
        std::count_if(mentions.begin(), mentions.end(), [](const Mention& m) { return m.norm == "John Kerry"; });
    EXPECT_EQ(kerry, 2);  // "John Kerry" and "Kerry" (without the possessive); the title's is not listed
    const auto it = std::find_if(found.begin(), found.end(), [](const Actor& a) { return a.name == "John Kerry"; });
    ASSERT_NE(it, found.end());
    EXPECT_EQ(it->count, 3U);  // ... but counts
    for (const Mention& m : mentions) {
        if (m.norm == "John Kerry") {
            EXPECT_TRUE(m.text == "John Kerry" || m.text == "Kerry") << m.text;
        }
    }
}

TEST(Resolution, MostMentionedFirst) {
    const std::vector<Found> found =
        actors("", "The CIA briefed Congress. Hamas denied it. The CIA said so twice; the CIA insists.");
    ASSERT_FALSE(found.empty());
    EXPECT_EQ(found.front().name, "CIA");
    EXPECT_EQ(found.front().count, 3U);
}

// Garbage that runs names together for thousands of words, in a headline in capitals too,
// costs linear time and yields sane actors.
TEST(Resolution, LongRunsOfNamesStayCheap) {
    std::string text = "The ";
    std::string title = "THE ";
    for (int k = 0; k < 2000; ++k) {
        text += "National Council of the ";
        title += "NATIONAL COUNCIL OF THE ";
    }
    text += "Ministry said.";
    const std::vector<Found> found = actors(title, text);
    ASSERT_FALSE(found.empty());
    EXPECT_EQ(found.front().name, "National Council");
    EXPECT_GE(found.front().count, 2000U);
}

TEST(ActorKey, FoldsCaseQuotesDotsAndPossessives) {
    EXPECT_EQ(actor_key("U.N."), "un");
    EXPECT_EQ(actor_key("Putin's"), "putin");
    EXPECT_EQ(actor_key("Putin\xE2\x80\x99s"), "putin");
    EXPECT_EQ(actor_key("Da\xE2\x80\x99"
                        "esh"),
              actor_key("Daesh"));
    EXPECT_EQ(actor_key("Bashar  al-Assad"), "bashar al assad");
    EXPECT_EQ(actor_key("The Pentagon"), "pentagon");
    EXPECT_EQ(actor_key("Workers' Party"), "workers party");
}

TEST(AliasTable, ShortCapitalAliasesMatchOnlyAsWritten) {
    const AliasTable table =
        AliasTable::parse("# comment\nIslamic State\torganization\tIS|ISIS|Daesh\nAdvertisement\tnone\t\n");
    ASSERT_EQ(table.entries().size(), 2U);
    EXPECT_EQ(table.lookup("IS"), std::optional<std::size_t>(0));
    EXPECT_EQ(table.lookup("is"), std::nullopt);
    EXPECT_EQ(table.lookup("daesh"), std::optional<std::size_t>(0));
    EXPECT_EQ(table.lookup("the islamic state"), std::optional<std::size_t>(0));
    EXPECT_FALSE(table.entries()[1].kind.has_value());
    const std::vector<std::string> words = {"IS", "fighters", "and", "ISIS", "said", "it", "is"};
    const auto matches = table.find(words, false);
    ASSERT_EQ(matches.size(), 2U);
    EXPECT_EQ(matches[0].first, 0U);
    EXPECT_EQ(matches[1].first, 3U);
    EXPECT_EQ(table.find(words, true).size(), 1U);  // a headline in capitals: "IS" may be the verb
    EXPECT_THROW(AliasTable::parse("X\tthing\tY\n"), Error);
    EXPECT_THROW(AliasTable::parse("X\torganization\n"), Error);
}

TEST(AliasTable, BuiltinTableParses) {
    const AliasTable& table = AliasTable::builtin();
    EXPECT_GT(table.entries().size(), 20U);
    const auto un = table.lookup("U.N.");
    ASSERT_TRUE(un);
    EXPECT_EQ(table.entries()[*un].name, "United Nations");
}

TEST(Demonyms, BothWays) {
    const Demonyms& d = Demonyms::builtin();
    ASSERT_NE(d.country("Russian"), nullptr);
    EXPECT_EQ(*d.country("Russian"), "Russia");
    ASSERT_NE(d.demonym("Russia"), nullptr);
    EXPECT_EQ(*d.demonym("russia"), "Russian");
    EXPECT_EQ(d.country("Atlantean"), nullptr);
}

}  // namespace
}  // namespace newsindex::detail
