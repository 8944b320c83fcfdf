// The query parser and the search behind it: the fuzz input is SearchRequest::query, run
// against a small index built once (in a temporary folder) from three articles. QueryError
// is the expected outcome of a malformed query; any other exception is a bug.

#include <newsindex/error.hpp>
#include <newsindex/extract.hpp>
#include <newsindex/index_writer.hpp>
#include <newsindex/search.hpp>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include <unistd.h>

using namespace newsindex;

namespace {

constexpr const char* articles[][2] = {
    {"geneva",
     "Talks resume in Geneva\n\nGENEVA, Sept 28 (Reuters) - Diplomats from Russia and the United States "
     "met again on Monday to discuss the ceasefire in Syria. Sergei Lavrov and John Kerry spoke for four "
     "hours. The next round is planned for October 5, 2015."},
    {"harvest",
     "Harvest starts early in France\n\nPARIS, Sept 1 - Farmers in Bordeaux began the grape harvest two "
     "weeks earlier than usual, the agriculture ministry said on Tuesday. A heat wave in July ripened the "
     "grapes."},
    {"bridge",
     "Bridge reopens after repairs\n\nThe river bridge in Budapest reopened to traffic yesterday after two "
     "years of repairs, Hungary's transport minister told reporters. Prime Minister Viktor Orban attended."},
};

std::unique_ptr<Searcher> searcher;
std::filesystem::path index_dir;

void remove_index() {
    std::error_code ec;
    std::filesystem::remove_all(index_dir, ec);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    index_dir = std::filesystem::temp_directory_path() / ("newsindex-fuzz-query-" + std::to_string(::getpid()));
    remove_index();
    {
        ExtractOptions options;
        options.reference_date = Date{2015, 9, 28};
        const Extractor extractor(options);
        IndexWriter writer(index_dir.string());
        for (const auto& [name, text] : articles) writer.add(extractor.extract_text(text, name));
        writer.commit();
    }
    searcher = std::make_unique<Searcher>(std::vector<std::string>{index_dir.string()});
    std::atexit(remove_index);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    SearchRequest request;
    request.query.assign(reinterpret_cast<const char*>(data), size);
    request.facets = {"actor", "place:country", "date:month"};
    request.limit = 3;
    // A date-sorted search on odd lengths reaches the other ordering code.
    if (size % 2 == 1) request.sort = SortOrder::date;
    try {
        const SearchResults results = searcher->search(request);
        if (results.hits.size() > results.total || results.hits.size() > request.limit) std::abort();
        for (const SearchHit& hit : results.hits) {
            for (const auto& [start, end] : hit.highlights) {
                if (start >= end || end > hit.snippet.size()) std::abort();
            }
        }
    } catch (const QueryError&) {
        // A malformed query: the expected answer.
    }
    return 0;
}
