#include "document.hpp"

#include "places.hpp"
#include "schema.hpp"
#include "text_util.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string_view>

namespace newsindex::detail {

namespace {

// Xapian rejects terms longer than 245 bytes; a longer key is cut and made unique by a hash.
std::string bounded_term(std::string_view prefix, std::string_view key) {
    constexpr std::size_t max_term = 240;
    std::string term(prefix);
    if (prefix.size() + key.size() <= max_term) {
        term.append(key);
    } else {
        term.append(key.substr(0, max_term - prefix.size() - 17));
        term += '#';
        term += to_hex(stable_hash(key));
    }
    return term;
}

// The stored record of a document, read for every hit shown: length-prefixed fields, since
// parsing the JSON of earlier versions took a third of the time of a ten-hit search
// (query-bench). Records of those versions begin with '{' and are still read.
constexpr char stored_format_binary = '\x01';
constexpr char stored_has_url = 1;
constexpr char stored_has_details = 2;  // the rest of the extraction record follows the names
constexpr char stored_has_story = 4;    // the story id follows the names (a hit shows it)

void put_varint(std::string& out, std::uint64_t n) {
    while (n >= 0x80) {
        out += static_cast<char>((n & 0x7F) | 0x80);
        n >>= 7;
    }
    out += static_cast<char>(n);
}

void put_field(std::string& out, std::string_view field) {
    put_varint(out, field.size());
    out.append(field);
}

bool get_varint(std::string_view& in, std::uint64_t& n) {
    n = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        if (in.empty()) return false;
        const auto byte = static_cast<unsigned char>(in.front());
        in.remove_prefix(1);
        n |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
        if ((byte & 0x80) == 0) return true;
    }
    return false;
}

bool get_field(std::string_view& in, std::string& field) {
    std::uint64_t size = 0;
    if (!get_varint(in, size) || size > in.size()) return false;
    field.assign(in.substr(0, size));
    in.remove_prefix(size);
    return true;
}

StoredArticle read_stored_json(const std::string& data) {
    StoredArticle out;
    const nlohmann::json j = nlohmann::json::parse(data, nullptr, false);
    if (!j.is_object()) return out;
    // Fields of another type are corruption: read as absent (json::value() would throw).
    const auto string_field = [&](const char* key) -> std::optional<std::string> {
        const auto it = j.find(key);
        if (it == j.end() || !it->is_string()) return std::nullopt;
        return it->get<std::string>();
    };
    const auto names = [&](const char* key, std::vector<std::string>& into) {
        const auto it = j.find(key);
        if (it == j.end() || !it->is_array()) return;
        for (const auto& name : *it) {
            if (name.is_string()) into.push_back(name.get<std::string>());
        }
    };
    out.id = string_field("id").value_or("");
    out.title = string_field("title").value_or("");
    out.source = string_field("source").value_or("");
    out.text = string_field("text").value_or("");
    out.url = string_field("url");
    if (const auto published = string_field("published")) out.published = Date::parse(*published);
    names("actors", out.actors);
    names("places", out.places);
    return out;
}

std::string compact(const Date& d) {
    std::string s = d.to_string();
    s.erase(std::remove(s.begin(), s.end(), '-'), s.end());
    return s;
}

}  // namespace

std::string name_key(std::string_view name) { return place_key(name); }

std::vector<std::string> name_words(std::string_view name) {
    std::vector<std::string> words;
    const std::string key = name_key(name);
    std::size_t start = 0;
    while (start < key.size()) {
        std::size_t end = key.find(' ', start);
        if (end == std::string::npos) end = key.size();
        std::string word = key.substr(start, end - start);
        if (!word.empty() && std::find(words.begin(), words.end(), word) == words.end()) words.push_back(std::move(word));
        start = end + 1;
    }
    return words;
}

std::string id_term(std::string_view id) { return bounded_term(schema::id, id); }

std::string story_term(std::string_view story) { return bounded_term(schema::story, story); }

std::string origin_term(std::string_view path) { return std::string(schema::origin) + to_hex(stable_hash(path)); }

std::string pack_facet_values(std::vector<std::string> values) {
    // Sorted, so that articles with the same values share one set for the spy to count.
    std::sort(values.begin(), values.end());
    std::string packed;
    for (std::string& v : values) {
        std::replace(v.begin(), v.end(), schema::packed_separator, ' ');
        std::replace(v.begin(), v.end(), schema::story_separator, ' ');
        if (!packed.empty()) packed += schema::packed_separator;
        packed += v;
    }
    return packed;
}

std::vector<std::string> facet_values(const Article& article, const schema::FacetFamily& family) {
    std::vector<std::string> values;
    auto add = [&](const std::string& v) {
        if (!v.empty() && std::find(values.begin(), values.end(), v) == values.end()) values.push_back(v);
    };
    if (family.first == schema::actor_facet.first) {
        for (const Actor& a : article.actors) add(a.name);
    } else if (family.first == schema::place_facet.first) {
        for (const Place& p : article.places) add(p.name);
    } else if (family.first == schema::country_facet.first) {
        for (const Place& p : article.places) {
            if (p.kind == PlaceKind::country) {
                add(p.name);
            } else if (!p.country.empty() && !p.ancestors.empty()) {
                add(p.ancestors.back());
            }
        }
    }
    return values;
}

namespace {

// 48 bits of a key in 8 characters (base 64): the terms of near-duplicate lookup are a tenth
// of an article's postings, nearly all of them unique, so their length is index size. Keys
// found by them are checked against the fingerprint, so a chance match costs nothing.
std::string lookup_term(std::string_view prefix, std::uint64_t key) {
    static constexpr char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string term(prefix);
    for (int i = 0; i < 8; ++i) {
        term += digits[key >> 58];
        key <<= 6;
    }
    return term;
}

}  // namespace

std::vector<std::string> story_lookup_terms(const Fingerprint& fingerprint) {
    std::vector<std::string> terms;
    if (fingerprint.exact != 0) terms.push_back(lookup_term(schema::exact_text, fingerprint.exact));
    for (const std::uint64_t key : band_keys(fingerprint)) terms.push_back(lookup_term(schema::story_band, key));
    return terms;
}

Xapian::Document make_document(const Article& article, Xapian::TermGenerator& tg,
                               std::array<std::size_t, std::size(schema::facet_families)>* facet_slots_used,
                               const StoryRecord* story) {
    Xapian::Document doc;
    tg.set_document(doc);
    // Spelling suggestions come from title words only: they hold the vocabulary people search
    // for, and the spelling table costs far less than one over every body word.
    tg.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
    tg.index_text(article.title, schema::title_weight);
    tg.set_flags(0);
    tg.index_text_without_positions(article.title, 1, std::string(schema::title));
    tg.increase_termpos();
    tg.index_text(article.text);

    doc.add_boolean_term(id_term(article.id));
    doc.add_boolean_term(bounded_term(schema::source, article.source));
    if (!article.origin.empty()) doc.add_boolean_term(origin_term(article.origin));
    if (article.published) {
        const std::string ymd = compact(*article.published);
        doc.add_boolean_term(std::string(schema::day) + ymd);
        doc.add_boolean_term(std::string(schema::month) + ymd.substr(0, 6));
        doc.add_boolean_term(std::string(schema::year) + ymd.substr(0, 4));
        doc.add_value(schema::published, ymd);
    } else {
        doc.add_boolean_term(std::string(schema::no_date));
    }
    for (const Date& d : article.dates) doc.add_boolean_term(std::string(schema::mentioned) + compact(d));

    for (const Actor& a : article.actors) {
        doc.add_boolean_term(bounded_term(schema::actor, name_key(a.name)));
        for (const std::string& word : name_words(a.name)) doc.add_boolean_term(bounded_term(schema::actor_word, word));
    }
    for (const Place& p : article.places) {
        doc.add_boolean_term(bounded_term(schema::place, name_key(p.name)));
        for (const std::string& ancestor : p.ancestors) doc.add_boolean_term(bounded_term(schema::place, name_key(ancestor)));
    }
    std::string story_facets;
    if (story != nullptr) story_facets = story->story + schema::story_separator;
    for (std::size_t f = 0; f < std::size(schema::facet_families); ++f) {
        const schema::FacetFamily& family = schema::facet_families[f];
        const std::vector<std::string> values = facet_values(article, family);
        const std::size_t used = std::min<std::size_t>(values.size(), schema::facet_slots_max);
        for (std::size_t i = 0; i < used; ++i) doc.add_value(family.first + static_cast<Xapian::valueno>(i), values[i]);
        if (facet_slots_used != nullptr) (*facet_slots_used)[f] = used;
        if (values.empty()) {
            if (story != nullptr) story_facets += schema::story_separator;
            continue;
        }
        std::string packed = pack_facet_values(values);
        if (story != nullptr) (story_facets += packed) += schema::story_separator;
        doc.add_value(family.packed, std::move(packed));
    }
    if (story != nullptr) {
        if (article.published) story_facets += compact(*article.published);
        story_facets += schema::story_separator;
        doc.add_value(schema::story_facets_slot, story_facets);
    }

    if (story != nullptr) {
        doc.add_boolean_term(story_term(story->story));
        doc.add_value(schema::story_slot, story->story);
        for (const std::string& term : story_lookup_terms(story->fingerprint)) doc.add_boolean_term(term);
        doc.add_value(schema::fingerprint_slot, encode_fingerprint(story->fingerprint));
    }

    std::string data;
    data.reserve(article.text.size() + article.title.size() + 128);
    data += stored_format_binary;
    data += static_cast<char>((article.url ? stored_has_url : 0) | stored_has_details |
                              (story != nullptr ? stored_has_story : 0));
    put_field(data, article.id);
    put_field(data, article.title);
    put_field(data, article.source);
    put_field(data, article.url.value_or(""));
    put_field(data, article.published ? article.published->to_string() : "");
    put_field(data, article.text);
    put_varint(data, article.actors.size());
    for (const Actor& a : article.actors) put_field(data, a.name);
    put_varint(data, article.places.size());
    for (const Place& p : article.places) put_field(data, p.name);
    // Also in its value slot (the collapse key), but a hit reads it here: one document
    // read instead of two.
    if (story != nullptr) put_field(data, story->story);
    // The rest of the extraction record, for one article's page (read_record); hits stop
    // reading before it. Records written before it end here and are still read.
    for (const Actor& a : article.actors) {
        data += static_cast<char>(a.kind);
        put_varint(data, a.count);
    }
    for (const Place& p : article.places) {
        data += static_cast<char>(p.kind);
        put_field(data, p.country);
        put_varint(data, p.count);
        put_varint(data, p.ancestors.size());
        for (const std::string& ancestor : p.ancestors) put_field(data, ancestor);
    }
    put_varint(data, article.dates.size());
    for (const Date& d : article.dates) put_field(data, d.to_string());
    put_varint(data, article.removed.size());
    for (const std::string& line : article.removed) put_field(data, line);
    doc.set_data(std::move(data));
    return doc;
}

namespace {

// Reads the fields every hit shows; rest is left at what follows them.
bool read_stored_fields(const std::string& data, StoredArticle& out, std::string_view& rest, bool& has_details) {
    if (data.empty() || data.front() != stored_format_binary || data.size() < 2) return false;
    rest = data;
    const bool has_url = (rest[1] & stored_has_url) != 0;
    has_details = (rest[1] & stored_has_details) != 0;
    const bool has_story = (rest[1] & stored_has_story) != 0;
    rest.remove_prefix(2);
    std::string url, published;
    std::uint64_t actors = 0, places = 0;
    if (!get_field(rest, out.id) || !get_field(rest, out.title) || !get_field(rest, out.source) ||
        !get_field(rest, url) || !get_field(rest, published) || !get_field(rest, out.text) || !get_varint(rest, actors)) {
        return false;
    }
    // Each name takes at least its length byte: a count beyond what is left is corruption.
    if (actors > rest.size()) return false;
    out.actors.resize(actors);
    for (std::string& name : out.actors) {
        if (!get_field(rest, name)) return false;
    }
    if (!get_varint(rest, places) || places > rest.size()) return false;
    out.places.resize(places);
    for (std::string& name : out.places) {
        if (!get_field(rest, name)) return false;
    }
    if (has_story && !get_field(rest, out.story.emplace())) return false;
    if (has_url) out.url = std::move(url);
    if (!published.empty()) out.published = Date::parse(published);
    return true;
}

bool get_count(std::string_view& in, unsigned& count) {
    std::uint64_t n = 0;
    if (!get_varint(in, n) || n > std::numeric_limits<unsigned>::max()) return false;
    count = static_cast<unsigned>(n);
    return true;
}

// The details after the shown fields: kinds and counts of actors and places, the places'
// countries and ancestors, the dates mentioned, the lines removed as boilerplate.
bool read_details(std::string_view rest, Article& article) {
    for (Actor& a : article.actors) {
        if (rest.empty() || static_cast<unsigned char>(rest.front()) > static_cast<unsigned char>(ActorKind::organization)) {
            return false;
        }
        a.kind = static_cast<ActorKind>(rest.front());
        rest.remove_prefix(1);
        if (!get_count(rest, a.count)) return false;
    }
    for (Place& p : article.places) {
        if (rest.empty() || static_cast<unsigned char>(rest.front()) > static_cast<unsigned char>(PlaceKind::other)) {
            return false;
        }
        p.kind = static_cast<PlaceKind>(rest.front());
        rest.remove_prefix(1);
        std::uint64_t ancestors = 0;
        if (!get_field(rest, p.country) || !get_count(rest, p.count) || !get_varint(rest, ancestors) ||
            ancestors > rest.size()) {
            return false;
        }
        p.ancestors.resize(ancestors);
        for (std::string& ancestor : p.ancestors) {
            if (!get_field(rest, ancestor)) return false;
        }
    }
    std::uint64_t dates = 0, removed = 0;
    if (!get_varint(rest, dates) || dates > rest.size()) return false;
    for (std::uint64_t i = 0; i < dates; ++i) {
        std::string day;
        if (!get_field(rest, day)) return false;
        const std::optional<Date> d = Date::parse(day);
        if (!d) return false;
        article.dates.push_back(*d);
    }
    if (!get_varint(rest, removed) || removed > rest.size()) return false;
    article.removed.resize(removed);
    for (std::string& line : article.removed) {
        if (!get_field(rest, line)) return false;
    }
    return rest.empty();
}

}  // namespace

StoredArticle read_stored(const std::string& data) {
    if (!data.empty() && data.front() == '{') return read_stored_json(data);
    StoredArticle out;
    std::string_view rest;
    bool has_details = false;
    if (!read_stored_fields(data, out, rest, has_details)) return StoredArticle{};
    return out;
}

std::optional<IndexedArticle> read_record(const std::string& data) {
    StoredArticle stored;
    std::string_view rest;
    bool has_details = false;
    if (!data.empty() && data.front() == '{') {
        stored = read_stored_json(data);
        if (stored.id.empty()) return std::nullopt;
    } else if (!read_stored_fields(data, stored, rest, has_details)) {
        return std::nullopt;
    }
    IndexedArticle indexed;
    indexed.story = stored.story.value_or("");
    Article& article = indexed.article;
    article.id = std::move(stored.id);
    article.title = std::move(stored.title);
    article.source = std::move(stored.source);
    article.url = std::move(stored.url);
    article.published = stored.published;
    article.text = std::move(stored.text);
    for (std::string& name : stored.actors) article.actors.push_back(Actor{std::move(name), ActorKind::person, 0});
    for (std::string& name : stored.places) {
        Place place;
        place.name = std::move(name);
        article.places.push_back(std::move(place));
    }
    // Records older than the details have only the names.
    if (has_details ? !read_details(rest, article) : !rest.empty()) return std::nullopt;
    return indexed;
}

}  // namespace newsindex::detail
