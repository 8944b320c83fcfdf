#include "places.hpp"

#include <newsindex/error.hpp>

#include <gtest/gtest.h>

#include <algorithm>

namespace newsindex::detail {
namespace {

const Gazetteer& gazetteer() {
    static const Gazetteer g;
    return g;
}

// The places of an article as "Name=CC" ("Name=-" for none), sorted.
std::vector<std::string> places_of(std::string_view title, std::string_view text) {
    std::vector<std::string> out;
    for (const Place& p : collect_places(gazetteer(), title, text, nullptr)) {
        out.push_back(p.name + "=" + (p.country.empty() ? "-" : p.country));
    }
    std::sort(out.begin(), out.end());
    return out;
}

struct PlaceCase {
    const char* title;
    const char* text;
    std::vector<std::string> places;  // sorted "Name=CC"
    friend void PrintTo(const PlaceCase& c, std::ostream* os) { *os << '"' << c.title << "\" / \"" << c.text << '"'; }
};

class PlaceCases : public ::testing::TestWithParam<PlaceCase> {};

TEST_P(PlaceCases, ResolvesToCanonicalPlaces) {
    const PlaceCase& c = GetParam();
    EXPECT_EQ(places_of(c.title, c.text), c.places) << c.title << " / " << c.text;
}

// Hard cases: each line is an article (title, text) and every place it names, canonical.
INSTANTIATE_TEST_SUITE_P(
    Articles, PlaceCases,
    ::testing::Values(
        // Places of the seed stories; names folded for accents and transliteration.
        PlaceCase{"", "Russian jets struck Hama, Homs and Idlib on Thursday.", {"Hama=SY", "Homs=SY", "Idlib=SY"}},
        PlaceCase{"", "Rebels still hold Talb\xC4\xABsah north of Homs.", {"Homs=SY", "Talbiseh=SY"}},
        PlaceCase{"", "Rebels still hold Talbisah north of Homs.", {"Homs=SY", "Talbiseh=SY"}},
        PlaceCase{
            "", "Seventeen civilians were killed in Talbesieh and 11 in Zafaraniya.", {"Talbiseh=SY", "Zafaraniya=SY"}},
        PlaceCase{"", "Islamic State holds the famed city of Palmyra.", {"Palmyra=SY"}},
        PlaceCase{"", "Fighters entered Tadmur at dawn.", {"Palmyra=SY"}},
        PlaceCase{"", "The camp is in Jabel al Zawia in Idlib.", {"Idlib=SY", "Jabal al-Zawiya=SY"}},
        PlaceCase{"", "Officials are to meet in Tel Aviv.", {"Tel Aviv=IL"}},
        PlaceCase{
            "", "WASHINGTON \xE2\x80\x94 (CNN) A coalition urged Russia to stop.", {"Russia=RU", "Washington=US"}},
        PlaceCase{"", "It appears so, said Illinois Rep. Adam Kinzinger.", {"Illinois=US"}},
        // People named like places.
        PlaceCase{"", "Michael Jordan scored 30 points.", {}},
        PlaceCase{"", "King Abdullah of Jordan met officials in Amman.", {"Amman=JO", "Jordan=JO"}},
        PlaceCase{"", "Paris Hilton arrived late to the party.", {}},
        PlaceCase{"", "Georgia O'Keeffe painted flowers.", {}}, PlaceCase{"", "Victoria Beckham opened a shop.", {}},
        PlaceCase{"", "Denzel Washington starred in the film.", {}},
        PlaceCase{"", "Florence said she would stay at home.", {}},
        PlaceCase{"", "Hassna Haj Ali said no one was killed.", {}},
        PlaceCase{"", "Lau said two representatives would attend.", {}},
        PlaceCase{"", "Obama met Putin on the sidelines.", {}},
        // The government, not the city.
        PlaceCase{"", "Washington said it would impose new sanctions.", {}},
        PlaceCase{"", "Washington's policy on Iran has not changed.", {"Iran=IR"}},
        PlaceCase{"", "Moscow has denied any role.", {}},
        PlaceCase{"", "Talks in Moscow ended without a deal.", {"Moscow=RU"}},
        PlaceCase{"", "WASHINGTON, March 3 - The Treasury said the deficit narrowed.", {"Washington=US"}},
        // Places inside organisation names.
        PlaceCase{"", "The Bank of England raised interest rates.", {}},
        PlaceCase{"", "She studied at the University of Texas.", {}},
        PlaceCase{"", "The New York Times reported the story first.", {}},
        PlaceCase{"", "Bank of America shares fell 2 pct.", {}},
        PlaceCase{"", "Texas Instruments reported higher earnings.", {}},
        PlaceCase{"", "Houston Industries said it would cut jobs.", {}},
        PlaceCase{"", "The Paris Club of creditors agreed to reschedule.", {}},
        PlaceCase{"", "Shares rose on the Tokyo Stock Exchange.", {}},
        PlaceCase{"", "Japan Airlines added flights.", {}},
        PlaceCase{"", "The deal was reported by the Washington Post.", {}},
        // The same place in other words, and same-named places.
        PlaceCase{"", "Talks in Paris ended on Friday.", {"Paris=FR"}},
        PlaceCase{"", "He grew up in Paris, Texas.", {"Paris=US", "Texas=US"}},
        PlaceCase{"", "Georgia's parliament met in Tbilisi.", {"Georgia=GE", "Tbilisi=GE"}},
        PlaceCase{"", "It was hot in Atlanta, Georgia, on Sunday.", {"Atlanta=US", "Georgia=US"}},
        PlaceCase{"", "The plant is in Springfield, Illinois.", {"Illinois=US", "Springfield=US"}},
        PlaceCase{"", "The plant is in Peoria, Ill., the company said.", {"Illinois=US", "Peoria=US"}},
        PlaceCase{"", "The port of Mobile, Ala., reopened.", {"Alabama=US", "Mobile=US"}},
        PlaceCase{"", "The plant is in Reading, England.", {"England=GB", "Reading=GB"}},
        PlaceCase{"", "Officials in New York said the deal was done.", {"New York=US"}},
        PlaceCase{"", "Voters in New York state rejected it.", {"New York=US"}},
        PlaceCase{"", "The company moved from Istanbul, Turkey.", {"Istanbul=TR", "Turkey=TR"}},
        PlaceCase{"", "Officials in Kiev denied it.", {"Kyiv=UA"}},
        PlaceCase{"", "Sao Paulo and S\xC3\xA3o Paulo are one city.", {"S\xC3\xA3o Paulo=BR"}},
        PlaceCase{"", "Banks in Zurich reported gains.", {"Z\xC3\xBCrich=CH"}},
        PlaceCase{"", "Trade with C\xC3\xB4te d'Ivoire and Cote d'Ivoire grew.", {"Ivory Coast=CI"}},
        PlaceCase{"", "Troops left Guinea-Bissau.", {"Guinea-Bissau=GW"}},
        // Historic and news names the sources miss.
        PlaceCase{"", "Exports to West Germany rose.", {"West Germany=DE"}},
        PlaceCase{"", "Trade between the USSR and Yugoslavia fell.", {"Soviet Union=SU", "Yugoslavia=YU"}},
        PlaceCase{"", "Burma, now Myanmar, held elections.", {"Myanmar=MM"}},
        PlaceCase{"", "Clashes in the West Bank and the Gaza Strip.", {"Gaza Strip=PS", "West Bank=PS"}},
        PlaceCase{"", "Russia annexed Crimea in 2014.", {"Crimea=UA", "Russia=RU"}},
        PlaceCase{"", "Oil from Kurdistan flows north.", {"Kurdistan=IQ"}},
        PlaceCase{"", "Tension rose across the Middle East.", {"Middle East=-"}},
        // Demonyms are evidence, not mentions.
        PlaceCase{"", "Russian warplanes and Syrian rebels.", {}},
        PlaceCase{"", "Russian jets struck Homs.", {"Homs=SY"}},
        PlaceCase{"", "French Foreign Minister Laurent Fabius spoke in Paris.", {"France=FR", "Paris=FR"}},
        // Common words and headline capitals.
        PlaceCase{"TURKEY RAISES INTEREST RATES", "The central bank acted.", {"Turkey=TR"}},
        PlaceCase{"JAPAN TRADE SURPLUS WIDENS IN MARCH", "The surplus grew.", {"Japan=JP"}},
        PlaceCase{"READING FIRM CUTS JOBS", "The firm cut jobs.", {}}, PlaceCase{"", "Reading is fundamental.", {}},
        PlaceCase{"", "Nice weather helped the harvest.", {}},
        PlaceCase{"", "Western diplomats said the talks failed.", {}},
        PlaceCase{"", "Eastern Airlines could add flights.", {}},
        PlaceCase{"", "Central to the plan is a tax cut.", {}},
        PlaceCase{"", "Prices will be set in March and May.", {}}, PlaceCase{"", "Let us go.", {}},
        // Possessives, hyphens, abbreviations.
        PlaceCase{"", "Syria's regime and Syria\xE2\x80\x99s allies.", {"Syria=SY"}},
        PlaceCase{"", "Germany-based firms and U.S.-backed groups.", {"Germany=DE", "United States=US"}},
        PlaceCase{"", "The U.S. and the USA and America.", {"United States=US"}},
        PlaceCase{"", "Brazil Finance Minister Dilson Funaro resigned.", {"Brazil=BR"}},
        PlaceCase{"", "Air France pilots went on strike.", {}},
        PlaceCase{"", "Unrest in Northern Ireland grew.", {"Northern Ireland=GB"}},
        PlaceCase{"", "Trading in Tokyo was quiet.", {"Tokyo=JP"}},
        // Small towns named bare are more often companies; a town the gazetteer lacks keeps its state.
        PlaceCase{"", "Puma shares rose 2 pct.", {}},
        PlaceCase{"", "Piedmont Aviation Inc said Piedmont's board would meet.", {}},
        PlaceCase{"", "Delta Air Lines was fined. The Delta fine is the smallest.", {}},
        PlaceCase{"", "It sold its Flexi-Van leasing business.", {}},
        // Names news shortens: the type of a Chinese region, the Arabic article, world regions.
        PlaceCase{
            "", "Factories in Guangdong and Xinjiang slowed.", {"Guangdong Sheng=CN", "Xinjiang Uygur Zizhiqu=CN"}},
        PlaceCase{
            "", "Marines fought in Fallujah, in Anbar province.", {"Al Anb\xC4\x81r=IQ", "Al Fall\xC5\xABjah=IQ"}},
        PlaceCase{"", "Kosovo declared independence.", {"Kosovo=XK"}},
        PlaceCase{"", "GENEVA, March 13 - Talks on a rubber pact resumed.", {"Geneva=CH"}},
        PlaceCase{"", "Fords are built in Cologne and Antwerp.", {"Antwerp=BE", "Cologne=DE"}},
        PlaceCase{"", "HAMILTON, Montana, March 24 - Ribi said it signed a pact.", {"Montana=US"}},
        PlaceCase{"BANK OF NEW ENGLAND CORP <BKNE> QTLY DIVIDEND", "BOSTON, March 2 - Qtly div 28 cts", {"Boston=US"}},
        PlaceCase{"", "Sucre lies south of the capital La Paz.", {"La Paz=BO", "Sucre=BO"}},
        PlaceCase{"", "She will leave for the Vatican and Spain on Sunday.", {"Spain=ES", "Vatican City=VA"}},
        PlaceCase{"", "Saudi officials met at an Indian Ocean port.", {"Indian Ocean=-"}},
        PlaceCase{"", "Detainees held at Guantanamo Bay.", {"Guantanamo Bay=CU"}},
        PlaceCase{"", "TAFT, Calif., April 7 - Berry Petroleum said profits rose.", {"California=US"}},
        PlaceCase{"", "Bristol-Myers has the right to call the notes.", {}},
        PlaceCase{
            "", "ST. PAUL, Minn., Oct 20 - The company said it would cut jobs.", {"Minnesota=US", "Saint Paul=US"}},
        PlaceCase{"", "GREENWICH, Conn, Oct 19 - The fund said it lost money.", {"Connecticut=US"}}));

TEST(Gazetteer, LookupByAliasAnyCaseAndAccent) {
    const auto& g = gazetteer();
    auto a = g.lookup("russian federation");
    auto b = g.lookup("Russia");
    ASSERT_TRUE(a);
    ASSERT_TRUE(b);
    EXPECT_EQ(*a, *b);
    EXPECT_EQ(g.entries()[*a].country, "RU");
    const auto t = g.lookup("Talbisah");
    ASSERT_TRUE(t);
    EXPECT_EQ(g.lookup("TALB\xC4\xAASAH"), t);
    EXPECT_FALSE(g.lookup("Xanadu Prime"));
    EXPECT_FALSE(g.lookup("Syrian"));  // a demonym is no place
}

TEST(Gazetteer, CitiesRollUpToRegionAndCountry) {
    const auto& g = gazetteer();
    const auto homs = g.lookup("Homs");
    ASSERT_TRUE(homs);
    EXPECT_EQ(g.ancestors(*homs).back(), "Syria");
    const auto chicago = g.lookup("Chicago");
    ASSERT_TRUE(chicago);
    EXPECT_EQ(g.ancestors(*chicago), (std::vector<std::string>{"Illinois", "United States"}));
    const auto paris = g.lookup("Paris");
    ASSERT_TRUE(paris);
    EXPECT_EQ(g.entries()[*paris].country, "FR");  // the capital before its namesakes
}

TEST(Gazetteer, HierarchyFromTheData) {
    const Gazetteer g(
        "P\tSY\tcountry\tSY\t0\t\t\tSyria\tSyrian Arab Republic\n"
        "P\tSY-HI\tregion\tSY\t1800000\tSY\t\tHims\t\n"
        "P\tg1\tcity\tSY\t775404\tSY-HI\tA\tHoms\tHims\n"
        "D\tSY\tSyrian\n");
    const auto homs = g.lookup("Homs");
    ASSERT_TRUE(homs);
    EXPECT_EQ(g.ancestors(*homs), (std::vector<std::string>{"Hims", "Syria"}));
    EXPECT_EQ(g.entries()[*g.lookup("Hims")].kind, PlaceKind::region);  // the region of 1.8 million before its town
}

TEST(Gazetteer, RejectsBadData) {
    EXPECT_THROW(Gazetteer("P\tSY\tcountry\n"), Error);
    EXPECT_THROW(Gazetteer("P\tg1\tcity\tSY\t1\tnowhere\t\tHoms\t\n"), Error);
    EXPECT_THROW(Gazetteer("P\tg1\ttown\tSY\t1\t\t\tHoms\t\n"), Error);
    EXPECT_THROW(Gazetteer("X\tsomething\n"), Error);
}

TEST(Gazetteer, FindReportsResolvedSpans) {
    const auto& g = gazetteer();
    const std::string text = "Talks in Paris, Texas, and in Homs.";
    const auto found = g.find(text);
    ASSERT_EQ(found.size(), 3u);
    EXPECT_EQ(text.substr(found[0].start, found[0].end - found[0].start), "Paris");
    EXPECT_EQ(g.entries()[found[0].place].country, "US");
    EXPECT_EQ(g.entries()[found[1].place].name, "Texas");
    EXPECT_EQ(g.entries()[found[2].place].name, "Homs");
}

TEST(CollectPlaces, RanksBySalience) {
    std::vector<Mention> mentions;
    const auto places =
        collect_places(gazetteer(), "Talks in France", "Germany and France. Germany again. Qatar.", &mentions);
    ASSERT_EQ(places.size(), 3u);
    EXPECT_EQ(places[0].name, "France");  // in the title
    EXPECT_EQ(places[0].count, 2u);
    EXPECT_EQ(places[1].name, "Germany");
    EXPECT_EQ(places[2].name, "Qatar");
    EXPECT_EQ(places[2].country, "QA");
    ASSERT_EQ(mentions.size(), 4u);  // the title's mention is not a text span
    EXPECT_EQ(mentions[0].start, 0u);
    EXPECT_EQ(mentions[0].end, 7u);
    EXPECT_EQ(mentions[0].norm, "Germany");
}

TEST(CollectPlaces, DatelineComesFirst) {
    const auto places =
        collect_places(gazetteer(), "Oil prices rise",
                       "HOUSTON, March 3 - Oil prices rose. Saudi Arabia and Saudi Arabia again.", nullptr);
    ASSERT_FALSE(places.empty());
    EXPECT_EQ(places[0].name, "Houston");
    EXPECT_EQ(places[0].ancestors, (std::vector<std::string>{"Texas", "United States"}));
}

TEST(PlaceKey, FoldsCaseAccentsAndPunctuation) {
    EXPECT_EQ(place_key("Talb\xC4\xAAsah"), "talbisah");
    EXPECT_EQ(place_key("  Guinea-Bissau "), "guinea bissau");
    EXPECT_EQ(place_key("Syria's"), "syria");
    EXPECT_EQ(place_key("U.S."), "u.s");
    EXPECT_EQ(place_key("C\xC3\xB4te d'Ivoire"), "cote divoire");
}

TEST(CollectPlaces, AbbreviationsKeepTheirFullStop) {
    std::vector<Mention> mentions;
    const std::string text = "Aid from the U.S. rose.";
    const auto places = collect_places(gazetteer(), "", text, &mentions);
    ASSERT_EQ(places.size(), 1u);
    ASSERT_EQ(mentions.size(), 1u);
    EXPECT_EQ(mentions[0].text, "U.S.");
    EXPECT_EQ(mentions[0].end, 17u);
}

}  // namespace
}  // namespace newsindex::detail
