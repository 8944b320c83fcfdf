// Checks on the development data in ../shared/data (real Reuters newswire with ground truth).
// They skip, saying so, where that folder is absent: the project builds and tests without it.

#include "test_support.hpp"

#include <newsindex/extract.hpp>
#include <newsindex/index_writer.hpp>
#include <newsindex/search.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <functional>
#include <set>
#include <fstream>
#include <map>
#include <sstream>

namespace newsindex {
namespace {

const std::string reuters_dir = std::string(NEWSINDEX_SHARED_DIR) + "/data/reuters-dev";

// truth.tsv: file -> date_iso (the wire timestamp's date).
std::map<std::string, std::string> truth_dates() {
    std::map<std::string, std::string> dates;
    std::ifstream in(reuters_dir + "/truth.tsv");
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string file, newid, date;
        std::getline(fields, file, '\t');
        std::getline(fields, newid, '\t');
        std::getline(fields, date, '\t');
        dates[file] = date;
    }
    return dates;
}

TEST(ReutersDev, MonthFacetIsExactAndMatchesTheWireDates) {
    if (!std::filesystem::exists(reuters_dir + "/noisy")) {
        GTEST_SKIP() << "development data absent: " << reuters_dir;
    }
    test::TempDir dir;
    ExtractOptions options;
    options.reference_date = Date{1987, 12, 31};
    std::map<std::string, std::size_t> published_months;  // brute force over the records
    std::size_t articles = 0, month_right = 0;
    const auto truth = truth_dates();
    {
        IndexWriter writer(dir / "db");
        Extractor(options).run({reuters_dir + "/noisy"},
                               [&](Article&& a) {
                                   ++articles;
                                   const std::string month = a.published ? a.published->to_string().substr(0, 7) : "no date";
                                   ++published_months[month];
                                   const auto t = truth.find(std::filesystem::path(a.source).filename().string());
                                   if (t != truth.end() && t->second.substr(0, 7) == month) ++month_right;
                                   writer.add(a);
                               },
                               [](const InputProblem& p) { ADD_FAILURE() << p.source << ": " << p.reason; });
        writer.commit();
    }
    ASSERT_EQ(articles, 9509u);
    SearchRequest r;
    r.facets = {"date:month"};
    r.facet_limit = 1000;
    r.limit = 0;
    const SearchResults results = Searcher({dir / "db"}).search(r);
    EXPECT_EQ(results.total, articles);
    std::map<std::string, std::size_t> faceted;
    for (const FacetValue& v : results.facets.at(0).values) faceted[v.value] = v.count;
    EXPECT_EQ(faceted, published_months);  // exact, over every match
    // The histogram is the wire's: at least 98% of articles fall in their true month.
    EXPECT_GE(static_cast<double>(month_right) / static_cast<double>(articles), 0.98)
        << month_right << " of " << articles;
}

// An index of the two seeds and a few hundred dev articles, and the extraction records it
// was made from: every facet of every query below must equal a count over the records.
class DevSample : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        if (!std::filesystem::exists(reuters_dir + "/noisy")) return;
        s_dir = new test::TempDir;
        s_records = new std::map<std::string, Article>;
        std::vector<std::string> inputs{test::source_dir() + "/corpus"};
        std::vector<std::string> files;
        for (const auto& entry : std::filesystem::directory_iterator(reuters_dir + "/noisy")) {
            files.push_back(entry.path().string());
        }
        std::sort(files.begin(), files.end());
        files.resize(std::min<std::size_t>(files.size(), 400));
        inputs.insert(inputs.end(), files.begin(), files.end());
        ExtractOptions options;
        options.reference_date = Date{1987, 12, 31};
        IndexWriter writer(*s_dir / "db");
        Extractor(options).run(inputs,
                               [&](Article&& a) {
                                   writer.add(a);
                                   (*s_records)[a.id] = std::move(a);
                               },
                               [](const InputProblem& p) { ADD_FAILURE() << p.source << ": " << p.reason; });
        writer.commit();
    }
    static void TearDownTestSuite() {
        delete s_dir;
        delete s_records;
        s_dir = nullptr;
        s_records = nullptr;
    }
    void SetUp() override {
        if (s_records == nullptr) GTEST_SKIP() << "development data absent: " << reuters_dir;
    }

    using Counts = std::map<std::string, std::size_t>;

    // Brute force: the facet values of one record, as the contract defines them.
    static std::set<std::string> values_of(const Article& a, const std::string& field) {
        std::set<std::string> out;
        if (field == "actor") {
            for (const Actor& actor : a.actors) out.insert(actor.name);
        } else if (field == "place") {
            for (const Place& p : a.places) out.insert(p.name);
        } else if (field == "place:country") {
            for (const Place& p : a.places) {
                if (p.kind == PlaceKind::country) out.insert(p.name);
                else if (!p.country.empty() && !p.ancestors.empty()) out.insert(p.ancestors.back());
            }
        } else if (field == "date:month") {
            out.insert(a.published ? a.published->to_string().substr(0, 7) : "no date");
        } else if (field == "date") {
            out.insert(a.published ? a.published->to_string() : "no date");
        }
        return out;
    }

    // Runs the request over all matches, checks every facet against the records of the
    // matching articles, and returns the ids matched.
    static std::set<std::string> check_facets(SearchRequest r) {
        r.facets = {"actor", "place", "place:country", "date", "date:month"};
        r.facet_limit = 100000;
        r.limit = s_records->size() + 1;
        const SearchResults results = Searcher({*s_dir / "db"}).search(r);
        std::set<std::string> matched;
        for (const SearchHit& h : results.hits) matched.insert(h.id);
        EXPECT_EQ(results.total, matched.size());
        for (std::size_t f = 0; f < r.facets.size(); ++f) {
            Counts want;
            for (const std::string& id : matched) {
                for (const std::string& v : values_of(s_records->at(id), r.facets[f])) ++want[v];
            }
            Counts got;
            for (const FacetValue& v : results.facets.at(f).values) got[v.value] += v.count;
            EXPECT_EQ(got, want) << "facet " << r.facets[f] << " of '" << r.query << "'";
        }
        return matched;
    }

    static std::set<std::string> records_where(const std::function<bool(const Article&)>& keep) {
        std::set<std::string> ids;
        for (const auto& [id, a] : *s_records) {
            if (keep(a)) ids.insert(id);
        }
        return ids;
    }

    // The most frequent value of a facet field over all records.
    static std::string most_frequent(const std::string& field) {
        Counts counts;
        for (const auto& [id, a] : *s_records) {
            for (const std::string& v : values_of(a, field)) ++counts[v];
        }
        return std::max_element(counts.begin(), counts.end(),
                                [](const auto& x, const auto& y) { return x.second < y.second; })
            ->first;
    }

    static test::TempDir* s_dir;
    static std::map<std::string, Article>* s_records;
};

test::TempDir* DevSample::s_dir = nullptr;
std::map<std::string, Article>* DevSample::s_records = nullptr;

TEST_F(DevSample, FacetsOfEveryArticleEqualTheRecords) {
    EXPECT_EQ(check_facets(SearchRequest{}).size(), s_records->size());
    EXPECT_GT(s_records->size(), 400u);
}

TEST_F(DevSample, FacetsOfTextQueriesEqualTheRecordsOfTheirMatches) {
    for (const char* query : {"oil", "bank rates", "\"trade deficit\"", "oil OR gold", "shares NOT profit"}) {
        SearchRequest r;
        r.query = query;
        EXPECT_FALSE(check_facets(r).empty()) << query;
    }
}

TEST_F(DevSample, PlaceFilterMatchesTheRecordsAboutThePlaceOrInsideIt) {
    const std::string country = most_frequent("place:country");
    SearchRequest r;
    r.places = {country};
    const auto want = records_where([&](const Article& a) {
        for (const Place& p : a.places) {
            if (p.name == country || std::find(p.ancestors.begin(), p.ancestors.end(), country) != p.ancestors.end()) return true;
        }
        return false;
    });
    EXPECT_EQ(check_facets(r), want) << country;
    EXPECT_GT(want.size(), 10u);
}

TEST_F(DevSample, ActorFilterFindsTheActorUnderItsNameInAnyCase) {
    const std::string actor = most_frequent("actor");
    std::string upper = actor;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    SearchRequest r;
    r.actors = {upper};
    const auto want = records_where([&](const Article& a) {
        return std::any_of(a.actors.begin(), a.actors.end(), [&](const Actor& x) { return x.name == actor; });
    });
    EXPECT_EQ(check_facets(r), want) << actor;
}

TEST_F(DevSample, DateRangesMatchThePublicationDatesOfTheRecords) {
    std::vector<Date> days;
    for (const auto& [id, a] : *s_records) {
        if (a.published) days.push_back(*a.published);
    }
    std::sort(days.begin(), days.end());
    days.erase(std::unique(days.begin(), days.end()), days.end());
    ASSERT_GE(days.size(), 4u);
    // Inner days, so that articles fall before, on and after both ends.
    const Date from = days[1], to = days[days.size() - 2];
    SearchRequest r;
    r.from = from;
    r.to = to;
    const auto within = records_where([&](const Article& a) { return a.published && from <= *a.published && *a.published <= to; });
    EXPECT_EQ(check_facets(r), within);
    r.to.reset();  // open end
    const auto after = records_where([&](const Article& a) { return a.published && from <= *a.published; });
    EXPECT_EQ(check_facets(r), after);
    EXPECT_LT(within.size(), after.size()) << from.to_string() << ".." << to.to_string();
    r.from = to;  // a range of one day
    r.to = to;
    EXPECT_EQ(check_facets(r), records_where([&](const Article& a) { return a.published == to; }));
}

TEST_F(DevSample, SeedsAreFoundByActorAliasAndPlace) {
    SearchRequest r;
    r.actors = {"ISIS"};
    r.places = {"Homs"};
    EXPECT_EQ(check_facets(r).size(), 2u);
}

}  // namespace
}  // namespace newsindex
