#pragma once
// Article <-> Xapian document: the terms, values and stored data of one article.

#include "near_duplicates.hpp"
#include "schema.hpp"

#include <newsindex/search.hpp>
#include <newsindex/types.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include <xapian.h>

namespace newsindex::detail {

/// The key under which names are indexed and looked up: folded to lower case ASCII quotes,
/// spaces kept. "Vladimir Putin" -> "vladimir putin".
[[nodiscard]] std::string name_key(std::string_view name);

/// The words of a name's key, without repeats: "Bashar al-Assad" -> "bashar", "al", "assad".
[[nodiscard]] std::vector<std::string> name_words(std::string_view name);

/// The unique term of an article id (bounded to Xapian's term length).
[[nodiscard]] std::string id_term(std::string_view id);

/// The term every article of one story carries (near_duplicates.hpp).
[[nodiscard]] std::string story_term(std::string_view story);

/// The term every article of one input file carries (absolute path).
[[nodiscard]] std::string origin_term(std::string_view path);

/// The values an article contributes to a multi-valued facet, in order, without repeats:
/// actor names; place names; the countries of its places (a place's own name if it is a
/// country, else the last of its ancestors).
[[nodiscard]] std::vector<std::string> facet_values(const Article& article, const schema::FacetFamily& family);

/// The values of one family as its packed slot holds them: sorted, joined by
/// schema::packed_separator (which a value never holds: it becomes a space).
[[nodiscard]] std::string pack_facet_values(std::vector<std::string> values);

/// The story of an article (near_duplicates.hpp) as its document records it.
struct StoryRecord {
    std::string story;
    Fingerprint fingerprint;
};

/// Builds the Xapian document of an article. term_generator is reused across calls for
/// speed; it must have the English stemmer and a database (for spelling data) set. If
/// facet_slots_used is given, it receives the number of slots each facet family took.
[[nodiscard]] Xapian::Document make_document(
    const Article& article, Xapian::TermGenerator& term_generator,
    std::array<std::size_t, std::size(schema::facet_families)>* facet_slots_used = nullptr,
    const StoryRecord* story = nullptr);

/// The terms that find an article's copies: its exact text hash and its band keys.
[[nodiscard]] std::vector<std::string> story_lookup_terms(const Fingerprint& fingerprint);

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
    /// The story id, if the record holds it (records written before it do not: the story
    /// slot does).
    std::optional<std::string> story;
};
/// Reads a document's stored record, of this version or the JSON of earlier ones; a corrupt
/// record gives an empty StoredArticle.
[[nodiscard]] StoredArticle read_stored(const std::string& data);

/// Reads a document's whole stored extraction record (all of Article but mentions and
/// origin) and its story (empty if the record does not hold it). Records written before the
/// details were kept give names only: kinds default, counts 0, no dates or removed lines. A
/// corrupt record gives nullopt.
[[nodiscard]] std::optional<IndexedArticle> read_record(const std::string& data);

}  // namespace newsindex::detail
