#pragma once
// Places stage: finds the places an article names and resolves them against the gazetteer.

#include <newsindex/types.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace newsindex::detail {

/// One place of the gazetteer.
struct GazetteerEntry {
    std::string name;  ///< canonical
    PlaceKind kind = PlaceKind::other;
    std::string country;  ///< ISO 3166-1 alpha-2, empty if none
    std::optional<std::size_t> parent;  ///< index of the enclosing place
};

/// A place name found in a text.
struct PlaceMatch {
    std::size_t start = 0;  ///< byte offsets into the scanned text
    std::size_t end = 0;
    std::size_t place = 0;  ///< index into Gazetteer::entries()
};

/// The gazetteer: canonical places, their aliases and hierarchy. Immutable after
/// construction; safe to share between threads.
class Gazetteer {
  public:
    /// The built-in gazetteer (data/gazetteer/places.tsv, compiled into the library).
    Gazetteer();
    /// A gazetteer in the format of data/gazetteer/places.tsv. Throws Error on a bad line.
    explicit Gazetteer(std::string_view tsv);

    [[nodiscard]] const std::vector<GazetteerEntry>& entries() const noexcept { return m_entries; }

    /// The place a name (canonical or alias, any case) denotes, if any.
    [[nodiscard]] std::optional<std::size_t> lookup(std::string_view name) const;

    /// The canonical names of the place's ancestors, nearest first.
    [[nodiscard]] std::vector<std::string> ancestors(std::size_t place) const;

    /// Every place name in text, left to right, longest match first.
    [[nodiscard]] std::vector<PlaceMatch> find(std::string_view text) const;

  private:
    struct Alias {
        std::size_t place;
        bool exact_case;  ///< short all-capital aliases ("US", "UK") must match as written
        std::string written;
    };
    void add_alias(std::string_view alias, std::size_t place);

    std::vector<GazetteerEntry> m_entries;
    std::unordered_map<std::string, std::vector<Alias>> m_aliases;  // key: folded name
    std::unordered_set<std::string> m_first_words;                  // first word of every key
    std::size_t m_max_words = 1;
};

/// The folded key under which names are compared: lower case, ASCII quotes, hyphens as
/// spaces, single spaces, trailing full stop and possessive "'s" removed.
[[nodiscard]] std::string place_key(std::string_view name);

/// Counts places in title and text, most salient first (count, then first position; the
/// title counts as before the text).
[[nodiscard]] std::vector<Place> collect_places(const Gazetteer& gazetteer, std::string_view title,
                                                std::string_view text, std::vector<Mention>* mentions);

}  // namespace newsindex::detail
