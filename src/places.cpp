#include "places.hpp"

#include "text_util.hpp"

#include <newsindex/error.hpp>

#include <algorithm>
#include <map>

extern "C" {
extern const char newsindex_gazetteer_places[];
extern const char newsindex_gazetteer_places_end[];
}

namespace newsindex::detail {

namespace {

constexpr std::size_t max_alias_words = 6;

// UTF-8 letters count as word characters; the General Punctuation block (quotes, dashes,
// U+2000..U+206F, lead byte E2 80/81) and Latin-1 punctuation (lead byte C2) do not.
std::size_t letter_width(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) return is_ascii_alnum(s[i]) ? 1 : 0;
    if (c == 0xC2) return 0;
    if (c == 0xE2 && i + 1 < s.size() && (static_cast<unsigned char>(s[i + 1]) & 0xFE) == 0x80) return 0;
    std::size_t n = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
    return std::min(n, s.size() - i);
}

std::size_t apostrophe_width(std::string_view s, std::size_t i) {
    if (s[i] == '\'') return 1;
    if (s.compare(i, 3, "\xE2\x80\x99") == 0) return 3;
    return 0;
}

struct Word {
    std::size_t start;
    std::size_t end;  // possessive "'s" excluded
};

// Words with inner dots ("U.S") and apostrophes ("Côte d'Ivoire"). A hyphen separates words
// like a space, so that "Germany-based" names Germany and "Guinea-Bissau" is two words.
std::vector<Word> split_words(std::string_view text) {
    std::vector<Word> words;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t w = letter_width(text, i);
        if (w == 0) {
            ++i;
            continue;
        }
        const std::size_t start = i;
        i += w;
        for (;;) {
            if (i >= text.size()) break;
            if ((w = letter_width(text, i)) != 0) {
                i += w;
                continue;
            }
            const std::size_t joiner = text[i] == '.' ? 1 : apostrophe_width(text, i);
            if (joiner != 0 && i + joiner < text.size() && letter_width(text, i + joiner) != 0) {
                i += joiner;
                continue;
            }
            break;
        }
        std::size_t end = i;
        // Possessive: "Syria's" names Syria.
        if (end - start > 2 && (text[end - 1] == 's' || text[end - 1] == 'S')) {
            const std::size_t s_at = end - 1;
            if (s_at >= 1 && text[s_at - 1] == '\'') {
                end = s_at - 1;
            } else if (s_at >= 3 && text.compare(s_at - 3, 3, "\xE2\x80\x99") == 0) {
                end = s_at - 3;
            }
        }
        words.push_back({start, end});
    }
    return words;
}

bool starts_capitalised(std::string_view word) {
    if (word.empty()) return false;
    const auto c = static_cast<unsigned char>(word.front());
    return is_ascii_upper(word.front()) || is_ascii_digit(word.front()) || c >= 0xC3;
}

bool all_capitals(std::string_view s) {
    bool any = false;
    for (char c : s) {
        if (is_ascii_lower(c)) return false;
        any = any || is_ascii_upper(c);
    }
    return any;
}

PlaceKind parse_kind(std::string_view kind, std::size_t line) {
    if (kind == "country") return PlaceKind::country;
    if (kind == "region") return PlaceKind::region;
    if (kind == "city") return PlaceKind::city;
    if (kind == "other") return PlaceKind::other;
    throw Error("gazetteer, line " + std::to_string(line) + ": unknown kind '" + std::string(kind) + "'");
}

std::vector<std::string_view> split_on(std::string_view s, char sep) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (;;) {
        const std::size_t at = s.find(sep, start);
        parts.push_back(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
        if (at == std::string_view::npos) break;
        start = at + 1;
    }
    return parts;
}

}  // namespace

std::string place_key(std::string_view name) {
    std::string key = fold_for_matching(trim(name));
    std::replace(key.begin(), key.end(), '-', ' ');
    while (key.ends_with('.')) key.pop_back();
    if (key.ends_with("'s")) key.resize(key.size() - 2);
    return key;
}

Gazetteer::Gazetteer()
    : Gazetteer(std::string_view(newsindex_gazetteer_places,
                                 static_cast<std::size_t>(newsindex_gazetteer_places_end - newsindex_gazetteer_places))) {}

Gazetteer::Gazetteer(std::string_view tsv) {
    std::vector<std::pair<std::size_t, std::string>> parents;  // resolved once all names are known
    std::size_t line_number = 0;
    for (std::string_view line : split_lines(tsv)) {
        ++line_number;
        if (trim(line).empty() || line.front() == '#') continue;
        const auto cols = split_on(line, '\t');
        if (cols.size() != 5) {
            throw Error("gazetteer, line " + std::to_string(line_number) + ": want 5 columns, got " +
                        std::to_string(cols.size()));
        }
        GazetteerEntry entry;
        entry.country = cols[0] == "-" ? "" : std::string(cols[0]);
        entry.kind = parse_kind(cols[1], line_number);
        entry.name = std::string(cols[2]);
        const std::size_t index = m_entries.size();
        m_entries.push_back(entry);
        add_alias(entry.name, index);
        for (std::string_view alias : split_on(cols[3], '|')) {
            if (!alias.empty()) add_alias(alias, index);
        }
        if (!cols[4].empty()) parents.emplace_back(index, std::string(cols[4]));
    }
    for (const auto& [index, parent] : parents) {
        auto found = lookup(parent);
        if (!found) throw Error("gazetteer: unknown parent '" + parent + "' of '" + m_entries[index].name + "'");
        m_entries[index].parent = *found;
    }
}

void Gazetteer::add_alias(std::string_view alias, std::size_t place) {
    const std::string key = place_key(alias);
    if (key.empty()) return;
    std::string written(trim(alias));
    while (written.ends_with('.')) written.pop_back();
    const bool exact = all_capitals(written) && written.size() <= 4;
    auto& list = m_aliases[key];
    for (const Alias& a : list) {
        if (a.place == place && a.exact_case == exact && a.written == written) return;
    }
    list.push_back(Alias{place, exact, std::move(written)});
    m_max_words = std::max(m_max_words, std::min(max_alias_words, count_words(key)));
    m_first_words.insert(key.substr(0, key.find(' ')));
}

std::optional<std::size_t> Gazetteer::lookup(std::string_view name) const {
    auto it = m_aliases.find(place_key(name));
    if (it == m_aliases.end() || it->second.empty()) return std::nullopt;
    return it->second.front().place;
}

std::vector<std::string> Gazetteer::ancestors(std::size_t place) const {
    std::vector<std::string> out;
    std::optional<std::size_t> p = m_entries.at(place).parent;
    for (std::size_t guard = 0; p && guard < 8; ++guard) {
        out.push_back(m_entries[*p].name);
        p = m_entries[*p].parent;
    }
    return out;
}

std::vector<PlaceMatch> Gazetteer::find(std::string_view text) const {
    std::vector<PlaceMatch> matches;
    const std::vector<Word> words = split_words(text);
    std::string key;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string_view first(text.data() + words[i].start, words[i].end - words[i].start);
        if (!starts_capitalised(first)) continue;
        // Most capitalised words start no place name: one probe rules out every n-gram.
        key = place_key(first);
        if (m_first_words.find(key) == m_first_words.end()) continue;
        for (std::size_t n = std::min(m_max_words, words.size() - i); n >= 1; --n) {
            // The words of a name are separated by single spaces or hyphens.
            bool adjacent = true;
            for (std::size_t k = i + 1; k < i + n && adjacent; ++k) {
                adjacent = words[k].start == words[k - 1].end + 1 &&
                           (text[words[k - 1].end] == ' ' || text[words[k - 1].end] == '-');
            }
            if (!adjacent) continue;
            const std::string_view span = text.substr(words[i].start, words[i + n - 1].end - words[i].start);
            key = place_key(span);
            auto it = m_aliases.find(key);
            if (it == m_aliases.end()) continue;
            const Alias* chosen = nullptr;
            for (const Alias& a : it->second) {
                std::string_view written = span;
                while (written.ends_with('.')) written.remove_suffix(1);
                if (!a.exact_case || written == a.written) {
                    chosen = &a;
                    break;
                }
            }
            if (chosen == nullptr) continue;
            matches.push_back({words[i].start, words[i + n - 1].end, chosen->place});
            i += n - 1;
            break;
        }
    }
    return matches;
}

std::vector<Place> collect_places(const Gazetteer& gazetteer, std::string_view title, std::string_view text,
                                  std::vector<Mention>* mentions) {
    struct Tally {
        unsigned count = 0;
        std::size_t first = 0;
    };
    std::map<std::size_t, Tally> tallies;
    auto add = [&](const PlaceMatch& m, std::size_t position) {
        Tally& t = tallies[m.place];
        if (t.count++ == 0) t.first = position;
    };
    for (const PlaceMatch& m : gazetteer.find(title)) add(m, m.start);
    for (const PlaceMatch& m : gazetteer.find(text)) {
        add(m, title.size() + 1 + m.start);
        if (mentions != nullptr) {
            mentions->push_back(Mention{m.start, m.end, MentionType::location, std::string(text.substr(m.start, m.end - m.start)),
                                        gazetteer.entries()[m.place].name});
        }
    }
    std::vector<std::pair<std::size_t, Tally>> ranked(tallies.begin(), tallies.end());
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
        if (a.second.count != b.second.count) return a.second.count > b.second.count;
        return a.second.first < b.second.first;
    });
    std::vector<Place> places;
    places.reserve(ranked.size());
    for (const auto& [index, tally] : ranked) {
        const GazetteerEntry& e = gazetteer.entries()[index];
        places.push_back(Place{e.name, e.kind, e.country, gazetteer.ancestors(index), tally.count});
    }
    return places;
}

}  // namespace newsindex::detail
