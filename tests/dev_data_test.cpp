// Checks on the development data in ../shared/data (real Reuters newswire with ground truth).
// They skip, saying so, where that folder is absent: the project builds and tests without it.

#include "test_support.hpp"

#include <newsindex/extract.hpp>
#include <newsindex/index_writer.hpp>
#include <newsindex/search.hpp>

#include <gtest/gtest.h>

#include <filesystem>
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

}  // namespace
}  // namespace newsindex
