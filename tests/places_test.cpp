#include "places.hpp"

#include <gtest/gtest.h>

namespace newsindex::detail {
namespace {

const Gazetteer& gazetteer() {
    static const Gazetteer g;
    return g;
}

std::vector<std::string> names(std::string_view text) {
    std::vector<std::string> out;
    for (const PlaceMatch& m : gazetteer().find(text)) out.push_back(gazetteer().entries()[m.place].name);
    return out;
}

struct PlaceCase {
    const char* text;
    std::vector<std::string> places;
    friend void PrintTo(const PlaceCase& c, std::ostream* os) { *os << '"' << c.text << '"'; }
};

class PlaceFinding : public ::testing::TestWithParam<PlaceCase> {};

TEST_P(PlaceFinding, FindsCanonicalPlaces) { EXPECT_EQ(names(GetParam().text), GetParam().places) << GetParam().text; }

INSTANTIATE_TEST_SUITE_P(
    Texts, PlaceFinding,
    ::testing::Values(
        PlaceCase{"Russia and the Russian Federation", {"Russia", "Russia"}},
        PlaceCase{"the U.S. and the USA and America", {"United States", "United States", "United States"}},
        PlaceCase{"aid to the US economy", {"United States"}},
        PlaceCase{"let us go", {}},                                     // the pronoun is not the country
        PlaceCase{"Syria's regime", {"Syria"}},                         // possessive
        PlaceCase{"Syria\xE2\x80\x99s regime", {"Syria"}},              // typographic apostrophe
        PlaceCase{"in the United Kingdom.", {"United Kingdom"}},
        PlaceCase{"Saudi Arabia and Qatar", {"Saudi Arabia", "Qatar"}},  // longest match first
        PlaceCase{"South America and Latin America", {"South America", "Latin America"}},
        PlaceCase{"T\xC3\xBCrkiye, formerly Turkey", {"Turkey", "Turkey"}},
        PlaceCase{"Russian warplanes and Syrian rebels", {}},  // demonyms are not place mentions
        PlaceCase{"Germany-based firms", {"Germany"}}, PlaceCase{"in the Netherlands", {"Netherlands"}}));

TEST(Gazetteer, LookupByAliasAnyCase) {
    const auto& g = gazetteer();
    auto a = g.lookup("russian federation");
    auto b = g.lookup("Russia");
    ASSERT_TRUE(a);
    ASSERT_TRUE(b);
    EXPECT_EQ(*a, *b);
    EXPECT_EQ(g.entries()[*a].country, "RU");
    EXPECT_FALSE(g.lookup("Atlantis"));
}

TEST(Gazetteer, HierarchyFromTheData) {
    const Gazetteer g("SY\tcountry\tSyria\tSyrian Arab Republic\t\n-\tcity\tHoms\tHims\tSyria\n");
    const auto homs = g.lookup("Hims");
    ASSERT_TRUE(homs);
    EXPECT_EQ(g.ancestors(*homs), std::vector<std::string>{"Syria"});
}

TEST(CollectPlaces, CountsAndRanksBySalience) {
    std::vector<Mention> mentions;
    const auto places = collect_places(gazetteer(), "Talks in France", "Germany and France. Germany again. Qatar.", &mentions);
    ASSERT_EQ(places.size(), 3u);
    EXPECT_EQ(places[0].name, "France");  // 2 mentions, first in the title
    EXPECT_EQ(places[0].count, 2u);
    EXPECT_EQ(places[1].name, "Germany");
    EXPECT_EQ(places[2].name, "Qatar");
    EXPECT_EQ(places[2].country, "QA");
    ASSERT_EQ(mentions.size(), 4u);  // the title's mention is not a text span
    EXPECT_EQ(mentions[0].start, 0u);
    EXPECT_EQ(mentions[0].end, 7u);
    EXPECT_EQ(mentions[0].norm, "Germany");
}

}  // namespace
}  // namespace newsindex::detail
