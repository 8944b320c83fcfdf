#pragma once
/// @file search.hpp
/// Searching one or several newsindex databases with filters and exact facet counts.

#include <newsindex/types.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace newsindex {

enum class SortOrder { relevance, date };

/// What facets count: matching articles, or matching stories (an article and its copies,
/// counted once under each value any of its matching members has).
enum class FacetUnit { article, story };

/// What to search for. Every filter must hold; an empty request matches every article.
struct SearchRequest {
    /// Free text: words (English stemming, all must match), "phrases", AND, OR, NOT,
    /// parentheses, and the fields actor:NAME, place:NAME, date:YYYY-MM-DD..YYYY-MM-DD
    /// (publication date; either end may be empty), mentioned:YYYY-MM-DD (articles that
    /// mention that day), title:WORD.
    std::string query;
    std::vector<std::string> actors;  ///< canonical names or aliases, any case
    std::vector<std::string> places;  ///< canonical names or aliases; also matches places inside
    std::optional<Date> from;         ///< publication date, inclusive
    std::optional<Date> to;           ///< publication date, inclusive
    std::vector<Date> mentioned;      ///< articles that mention each of these days
    /// Facets to count over all matches: "actor", "place", "place:country" (the countries of
    /// the places, cities rolled up), "date" (by day), "date:month", "date:year".
    std::vector<std::string> facets;
    std::size_t facet_limit = 10;  ///< values per facet, most frequent first
    FacetUnit facet_unit = FacetUnit::article;
    SortOrder sort = SortOrder::relevance;
    std::size_t limit = 10;  ///< results to return; 0 for counts and facets only
    std::size_t offset = 0;
    /// One result per story (an article and its copies: IndexWriter's AddResult), the best
    /// ranked of its members, with SearchHit::similar counting the others that match.
    /// Paging then counts stories, and SearchResults::stories says how many match.
    bool collapse = false;
    /// Only the articles of the story of the article with this id (itself included):
    /// "more like this one". Other filters and the query text still apply.
    std::optional<std::string> similar_to;
};

/// One matching article.
struct SearchHit {
    std::string id;
    std::string title;
    std::optional<Date> published;
    std::string source;
    std::optional<std::string> url;
    double score = 0;  ///< relevance in 0..1 (1 = best of this search)
    std::string snippet;  ///< the best passage, plain text on one line
    /// Byte ranges [first, second) of snippet that matched the query.
    std::vector<std::pair<std::size_t, std::size_t>> highlights;
    std::vector<std::string> actors;
    std::vector<std::string> places;
    std::string story;        ///< the id of the story it belongs to (empty in indexes older than stories)
    std::size_t similar = 0;  ///< with SearchRequest::collapse: other matching articles of its story
};

struct FacetValue {
    std::string value;
    std::size_t count = 0;
};

/// Counts of one facet over all matches, most frequent first. For date facets, articles
/// without a publication date are counted under "no date".
struct Facet {
    std::string field;
    std::vector<FacetValue> values;
};

struct SearchResults {
    std::size_t total = 0;  ///< exact number of matching articles
    /// With SearchRequest::collapse: exact number of stories among them (articles of an
    /// index older than stories count as stories of their own).
    std::optional<std::size_t> stories;
    std::vector<SearchHit> hits;
    /// "Did you mean": the query with unknown words replaced by the closest known title words.
    std::optional<std::string> suggestion;
    std::vector<Facet> facets;  ///< in the order requested
};

/// One article as the index keeps it, for a page of its own.
struct IndexedArticle {
    /// The extraction record (news-index --dry-run --json) without mentions. In indexes
    /// written before newsindex kept the whole record, only the names of actors and places.
    Article article;
    std::string story;  ///< the id of its story (empty in indexes older than stories)
};

/// Searches one or more databases as one archive. Move-only. Not for concurrent use: give
/// each thread its own Searcher (they share nothing).
class Searcher {
  public:
    /// Opens the databases (folders of newsindex indexes). Throws IndexError if one cannot be
    /// opened.
    explicit Searcher(const std::vector<std::string>& databases);
    Searcher(Searcher&&) noexcept;
    Searcher& operator=(Searcher&&) noexcept;
    Searcher(const Searcher&) = delete;
    Searcher& operator=(const Searcher&) = delete;
    ~Searcher();

    /// Runs a search. Throws QueryError for a malformed request, IndexError if the index
    /// cannot be read.
    [[nodiscard]] SearchResults search(const SearchRequest& request) const;

    /// The article with this id, or nullopt if the archive has none. Throws IndexError if
    /// the index cannot be read.
    [[nodiscard]] std::optional<IndexedArticle> article(const std::string& id) const;

    /// Moves to the newest committed state of the databases, so that articles indexed since
    /// opening are found (a Searcher otherwise keeps the state it opened; search() moves
    /// on by itself only when a writer's commits make that state unreadable). Throws
    /// IndexError if the databases cannot be reopened.
    void reopen();

    /// Number of articles in the archive.
    [[nodiscard]] std::size_t size() const;

  private:
    struct Impl;
    static SearchResults search_once(Impl& impl, const SearchRequest& request);
    static void reopen(Impl& impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace newsindex
