// embed-demo INDEX_DIR: indexes two in-memory articles with libnewsindex, then searches them.
// Uses only the public API (<newsindex/newsindex.hpp>) of the installed package.
#include <newsindex/newsindex.hpp>

#include <iostream>
#include <string_view>

namespace {

constexpr std::string_view syria_article =
    "Ceasefire talks resume as fighting eases near Aleppo\n"
    "\n"
    "Negotiators met in Geneva on September 28, 2015 to discuss a ceasefire in Syria, "
    "where shelling around Aleppo had slowed over the weekend.\n"
    "\n"
    "Aid groups said a lasting ceasefire would let convoys reach towns cut off since the spring.\n"
    "\n"
    "A further round of talks is planned for next month.\n";

constexpr std::string_view france_article =
    "France backs call for a wider ceasefire\n"
    "\n"
    "The foreign minister of France said on Tuesday that any ceasefire must cover every front line "
    "and be watched by independent monitors.\n"
    "\n"
    "Officials in Paris added that humanitarian corridors should open within days of an agreement.\n";

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: embed-demo INDEX_DIR\n";
        return 2;
    }
    const std::string index_dir = argv[1];
    try {
        const newsindex::Extractor extractor;
        {
            newsindex::IndexWriter writer(index_dir);
            writer.add(extractor.extract_text(syria_article, "memory:syria"));
            writer.add(extractor.extract_text(france_article, "memory:france"));
            writer.commit();
        }

        const newsindex::Searcher searcher({index_dir});
        newsindex::SearchRequest request;
        request.query = "ceasefire";
        request.facets = {"place", "date:month"};
        const newsindex::SearchResults results = searcher.search(request);

        std::cout << "total: " << results.total << '\n';
        for (const newsindex::SearchHit& hit : results.hits) std::cout << "hit: " << hit.title << '\n';
        for (const newsindex::Facet& facet : results.facets) {
            for (const newsindex::FacetValue& value : facet.values) {
                std::cout << "facet " << facet.field << ": " << value.value << ' ' << value.count << '\n';
            }
        }
    } catch (const newsindex::Error& e) {
        std::cerr << "embed-demo: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
