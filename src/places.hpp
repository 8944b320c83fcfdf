#pragma once
// Places stage: finds the places an article names, decides which are places at all and which
// same-named place each one is, and rolls them up to region and country.

#include <newsindex/types.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsindex::detail {

/// One place of the gazetteer.
struct GazetteerEntry {
    std::string id;    ///< "SY" (ISO 3166-1), "SY-HI" (ISO 3166-2), "g169577" (GeoNames), "x-..."
    std::string name;  ///< canonical
    PlaceKind kind = PlaceKind::other;
    std::string country;                ///< ISO 3166-1 alpha-2, empty if none
    std::optional<std::size_t> parent;  ///< index of the enclosing place
    std::uint32_t population = 0;       ///< cities only; 0 if unknown
    bool capital = false;               ///< a national capital
    bool admin_seat = false;            ///< the seat of a first-level region
};

/// A place name found in a text and resolved.
struct PlaceMatch {
    std::size_t start = 0;  ///< byte offsets into the scanned text
    std::size_t end = 0;
    std::size_t place = 0;  ///< index into Gazetteer::entries()
};

/// The gazetteer: canonical places, their aliases, hierarchy and population, the demonyms of
/// countries and hints about names that are also common words or given names. Immutable after
/// construction; safe to share between threads; copies share one table.
class Gazetteer {
  public:
    /// The built-in gazetteer (data/gazetteer/places.tsv, compiled into the library). Built
    /// once per process, on first use; later constructions share it.
    Gazetteer();
    /// A gazetteer in the format of data/gazetteer/places.tsv (see data/gazetteer/README.md).
    /// Throws Error on a bad line or an unknown parent.
    explicit Gazetteer(std::string_view tsv);

    [[nodiscard]] const std::vector<GazetteerEntry>& entries() const noexcept;

    /// The place a name (canonical or alias, any case, accents ignored) denotes, if any: of
    /// same-named places the most prominent (a country, then a capital, then the most populous).
    [[nodiscard]] std::optional<std::size_t> lookup(std::string_view name) const;

    /// The canonical names of the place's ancestors, nearest first.
    [[nodiscard]] std::vector<std::string> ancestors(std::size_t place) const;

    /// Every place the text names, left to right, resolved as collect_places resolves them
    /// (the text alone, without a title).
    [[nodiscard]] std::vector<PlaceMatch> find(std::string_view text) const;

    struct Data;  ///< the tables (places.cpp)
    [[nodiscard]] const Data& data() const noexcept { return *m_data; }

  private:
    std::shared_ptr<const Data> m_data;
};

/// The folded key under which names are compared: lower case, accents removed ("Talbīsah" ->
/// "talbisah"), apostrophes dropped, hyphens as spaces, single spaces, trailing full stop and
/// possessive "'s" removed.
[[nodiscard]] std::string place_key(std::string_view name);

/// The places named in title and text, most salient first (dateline, title, first paragraph,
/// then mentions; ties by first position, the title counting as before the text). A mention
/// in the title counts but is not listed in mentions. Demonyms ("Syrian"), places inside
/// organisation names ("Bank of England") and capitals standing for their government
/// ("Washington said") are evidence for a country, not mentions.
[[nodiscard]] std::vector<Place> collect_places(const Gazetteer& gazetteer, std::string_view title,
                                                std::string_view text, std::vector<Mention>* mentions);

}  // namespace newsindex::detail
