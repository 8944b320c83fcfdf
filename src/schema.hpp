#pragma once
// The index layout in one screen: every term prefix and value slot newsindex writes.
// Prefixes follow Xapian's Omega conventions where one exists (Q unique id, S title,
// D/M/Y dates); the rest start with X as Omega's user prefixes do.

#include <string_view>

#include <xapian.h>

namespace newsindex::detail::schema {

// Free text. Body words carry no prefix; title words are indexed twice: unprefixed (weight
// title_weight) so plain queries favour title hits, and with S for title:WORD queries. The
// S copy has no positions (phrases are matched on the unprefixed copy): 3% of the index.
inline constexpr std::string_view title = "S";
inline constexpr Xapian::termcount title_weight = 3;

// Boolean terms.
inline constexpr std::string_view id = "Q";          // Q + article id: unique, for replace
inline constexpr std::string_view day = "D";         // D + YYYYMMDD of publication
inline constexpr std::string_view month = "M";       // M + YYYYMM
inline constexpr std::string_view year = "Y";        // Y + YYYY
inline constexpr std::string_view no_date = "XND";   // present when the date is unknown
inline constexpr std::string_view mentioned = "XDM"; // XDM + YYYYMMDD of each date mentioned
inline constexpr std::string_view actor = "XA";      // XA + key of the actor
// XAW + each word of an actor's key, so that a partial name ("Putin") finds the actor
// ("Vladimir Putin"). Keys are lower case, so XAW + word never equals XA + a key.
inline constexpr std::string_view actor_word = "XAW";
inline constexpr std::string_view place = "XP";      // XP + key of a place and of each ancestor
inline constexpr std::string_view source = "XS";     // XS + source path
inline constexpr std::string_view origin = "XF";     // XF + hash of the input file's absolute path
// Near-duplicates (near_duplicates.hpp): the story an article belongs to, and the keys that
// find its copies when later articles are indexed.
inline constexpr std::string_view story = "XC";       // XC + story id: the members of a story
inline constexpr std::string_view exact_text = "XE";  // XE + hash of the cleaned text (48 bits, base 64)
inline constexpr std::string_view story_band = "XB";  // XB + LSH band key (48 bits, base 64)

// Value slots.
inline constexpr Xapian::valueno published = 0;      // "YYYYMMDD": sorting, day facet
inline constexpr Xapian::valueno story_slot = 13;        // the story id: the collapse key
inline constexpr Xapian::valueno fingerprint_slot = 14;  // the encoded near-duplicate fingerprint
// Facets counted by story: the story id, story_separator, then the packed values of each
// facet family in the order of facet_families and the publication day "YYYYMMDD" (or
// nothing), each ended by story_separator. One stock spy there sees which values each story
// has among the matches.
inline constexpr Xapian::valueno story_facets_slot = 15;
inline constexpr char story_separator = '\x1e';
// Facets of multi-valued fields: an article's i-th value (actor, place, country) goes in
// slot first + i, as its display name, so that stock ValueCountMatchSpy instances (which run
// on Debian's stock xapian-tcpsrv too) count them exactly. The number of slots in use is kept
// in the database metadata under slots_key. The same values, sorted and joined by
// packed_separator, go in the one slot `packed` too: one stock spy there counts the sets of
// values, which split into exact counts per value. Locally that is one spy instead of one per
// slot (a few dozen); remotely the sets would cross the network, so shards count slot by slot.
struct FacetFamily {
    std::string_view field;  // the facet's name in requests
    Xapian::valueno first;
    std::string_view slots_key;
    Xapian::valueno packed;
};
inline constexpr Xapian::valueno facet_slots_max = 700;
inline constexpr char packed_separator = '\x1f';
inline constexpr FacetFamily actor_facet{"actor", 100, "newsindex:actor-slots", 10};
inline constexpr FacetFamily place_facet{"place", 1000, "newsindex:place-slots", 11};
inline constexpr FacetFamily country_facet{"place:country", 1800, "newsindex:country-slots", 12};
inline constexpr FacetFamily facet_families[] = {actor_facet, place_facet, country_facet};

// Database metadata keys.
inline constexpr std::string_view format_key = "newsindex:format";
// "newsindex:file:" + absolute path -> "SIZE MTIME_NS" of the file as last indexed (shard 0).
inline constexpr std::string_view file_key_prefix = "newsindex:file:";
// 2: actor words (XAW). Indexes of format 1 still search, but partial actor names find
// nothing in them until they are rebuilt.
// 3: packed facet slots. Facets of older indexes (and of one that a newer writer added to:
// it keeps its format) are counted slot by slot.
// 4: stories (near-duplicates). Older indexes search as before; their articles have no
// story, so nothing collapses and new articles cannot join them until they are rebuilt.
inline constexpr std::string_view format_version = "4";
inline constexpr int packed_facets_format = 3;

}  // namespace newsindex::detail::schema
