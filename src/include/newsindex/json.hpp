#pragma once
/// @file json.hpp
/// The JSON forms of CONTRACTS.md: extraction records and search results.

#include <newsindex/search.hpp>
#include <newsindex/types.hpp>

#include <string>

namespace newsindex {

/// The extraction record of an article, on one line. "mentions" only if with_mentions.
[[nodiscard]] std::string to_json(const Article& article, bool with_mentions = false);

/// An indexed article (Searcher::article): its extraction record without mentions, plus
/// "story" (its story's id, or null in indexes older than stories).
[[nodiscard]] std::string to_json(const IndexedArticle& indexed);

/// The search results object of news-query --json, on one line.
[[nodiscard]] std::string to_json(const SearchResults& results);

}  // namespace newsindex
