#pragma once
// Article <-> Xapian document: the terms, values and stored data of one article.

#include <newsindex/search.hpp>
#include <newsindex/types.hpp>

#include <string>
#include <string_view>

#include <xapian.h>

namespace newsindex::detail {

/// The key under which names are indexed and looked up: folded to lower case ASCII quotes,
/// spaces kept. "Vladimir Putin" -> "vladimir putin".
[[nodiscard]] std::string name_key(std::string_view name);

/// The unique term of an article id (bounded to Xapian's term length).
[[nodiscard]] std::string id_term(std::string_view id);

/// Builds the Xapian document of an article. term_generator is reused across calls for
/// speed; it must have the English stemmer set.
[[nodiscard]] Xapian::Document make_document(const Article& article, Xapian::TermGenerator& term_generator);

/// The stored fields of a document, for result display.
struct StoredArticle {
    std::string id;
    std::string title;
    std::string source;
    std::optional<std::string> url;
    std::optional<Date> published;
    std::string text;
    std::vector<std::string> actors;
    std::vector<std::string> places;
};
[[nodiscard]] StoredArticle read_stored(const std::string& data);

}  // namespace newsindex::detail
