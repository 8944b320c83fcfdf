#include "actors.hpp"

#include "text_util.hpp"

#include <newsindex/error.hpp>

#include <algorithm>
#include <map>
#include <set>

extern "C" {
extern const char newsindex_ner_aliases[];
extern const char newsindex_ner_aliases_end[];
extern const char newsindex_ner_demonyms[];
extern const char newsindex_ner_demonyms_end[];
}

namespace newsindex::detail {

namespace {

// The most words an actor's name may have; longer runs are garbage (and would cost time).
constexpr std::size_t max_name_words = 16;

bool has_letter(std::string_view w) {
    return std::any_of(w.begin(), w.end(),
                       [](char c) { return is_ascii_alpha(c) || static_cast<unsigned char>(c) >= 0xC3; });
}

bool all_capitals(std::string_view w) { return has_letter(w) && !has_lower_case(w); }

bool has_capital(std::string_view w) { return lower_case(w) != w; }

// Letters only, in capitals, 2 to 6 of them: a possible acronym ("IDF", "U.N.").
bool acronym_like(std::string_view w) {
    std::size_t letters = 0;
    for (char c : w) {
        if (is_ascii_upper(c)) {
            ++letters;
        } else if (c != '.' && c != '&') {
            return false;
        }
    }
    return letters >= 2 && letters <= 6;
}

// Titles that also begin organisation names ("General Motors", "Royal Dutch Shell").
bool is_org_title(std::string_view lower) {
    return lower == "general" || lower == "major" || lower == "private" || lower == "justice" || lower == "royal" ||
           lower == "chief" || lower == "crown" || lower == "leader" || lower == "commander" || lower == "speaker" ||
           lower == "ambassador" || lower == "mission";
}

// Words that name some organisation, not one ("the Ministry said").
bool is_generic_organisation(std::string_view lower) {
    static constexpr std::string_view words[] = {
        "ministry", "council", "committee",   "commission",  "department",   "office",       "agency",
        "group",    "company", "corporation", "association", "organization", "organisation", "movement",
        "board",    "bureau",  "authority",   "service",     "fund",         "institute",    "foundation",
        "club",     "court",   "bank",        "firm",        "party",        "government",   "coalition"};
    return std::find(std::begin(words), std::end(words), lower) != std::end(words);
}

// Prepositions that put a name in a place ("in Homs", "near Aleppo").
bool is_locative(std::string_view lower) {
    return lower == "in" || lower == "at" || lower == "near" || lower == "from" || lower == "outside" ||
           lower == "across" || lower == "around" || lower == "inside" || lower == "into" || lower == "to";
}

// Short words that an alias in capitals may also be ("IS", "US", "WHO").
bool is_common_word(std::string_view written) {
    static constexpr std::string_view words[] = {"is",  "us",  "who", "it",  "in",  "on", "at", "as", "an", "or", "and",
                                                 "all", "may", "can", "aid", "fed", "un", "no", "go", "so", "do", "am",
                                                 "be",  "he",  "we",  "me",  "my",  "by", "to", "of", "if", "up"};
    const std::string lower = lower_case(written);
    return std::find(std::begin(words), std::end(words), lower) != std::end(words);
}

bool is_punctuation(std::string_view w) {
    return std::none_of(w.begin(), w.end(),
                        [](char c) { return is_ascii_alnum(c) || static_cast<unsigned char>(c) >= 0x80; });
}

// Words that stand inside names but are no part of an acronym ("Bank of England" = BOE).
bool is_minor_word(std::string_view lower) {
    return lower == "of" || lower == "the" || lower == "and" || lower == "for" || lower == "'s" || lower == "in" ||
           lower == "on" || lower == "de" || lower == "&" || lower == "'";
}

// Particles before a surname that a short form leaves out ("al-Assad" -> "Assad").
std::string_view without_particle(std::string_view key) {
    for (std::string_view p :
         {"al ", "el ", "bin ", "ibn ", "abu ", "van ", "von ", "de ", "da ", "di ", "le ", "la "}) {
        if (key.starts_with(p) && key.size() > p.size()) return key.substr(p.size());
    }
    return key;
}

std::string last_words(std::string_view key, std::size_t n) {
    std::size_t at = key.size();
    for (std::size_t k = 0; k < n; ++k) {
        const std::size_t space = key.rfind(' ', at == 0 ? 0 : at - 1);
        if (space == std::string_view::npos) return std::string(key);
        at = space;
    }
    return std::string(key.substr(at + 1));
}

std::size_t word_count(std::string_view key) {
    return key.empty() ? 0 : static_cast<std::size_t>(std::count(key.begin(), key.end(), ' ')) + 1;
}

// "RUSSIAN DEFENCE" -> "Russian Defence"; short words in capitals stay ("UN", "CNN").
std::string soften_capitals(std::string_view name) {
    std::string out;
    std::size_t i = 0;
    while (i <= name.size()) {
        std::size_t j = name.find(' ', i);
        if (j == std::string_view::npos) j = name.size();
        const std::string_view word = name.substr(i, j - i);
        if (!out.empty()) out += ' ';
        if (word.size() > 4 && all_capitals(word)) {
            const std::string lower = lower_case(word);
            out += upper_case(lower.substr(0, 1));
            out += lower.substr(1);
        } else {
            out += word;
        }
        i = j + 1;
    }
    return out;
}

std::string title_word(std::string_view lower) {
    if (lower.empty()) return {};
    return upper_case(lower.substr(0, 1)) + std::string(lower.substr(1));
}

// Institutions named by a nationality and a common noun, in any case: "Russian defence
// ministry", "Russia's parliament".
struct Institution {
    std::size_t words;  // tokens of the noun
    const char* name;   // its canonical form
};

std::optional<Institution> institution_at(std::span<const std::string> words, std::size_t i) {
    auto lower = [&](std::size_t k) { return k < words.size() ? lower_case(words[k]) : std::string(); };
    const std::string a = lower(i);
    const std::string b = lower(i + 1);
    if (a == "ministry") return Institution{1, "Ministry"};
    if (a == "parliament") return Institution{1, "Parliament"};
    if (a == "embassy") return Institution{1, "Embassy"};
    if (a == "navy") return Institution{1, "Navy"};
    if (a == "army") return Institution{1, "Army"};
    if (a == "air" && b == "force") return Institution{2, "Air Force"};
    if (a == "central" && b == "bank") return Institution{2, "Central Bank"};
    if (a == "foreign" && b == "office") return Institution{2, "Foreign Office"};
    if (a == "armed" && b == "forces") return Institution{2, "Armed Forces"};
    if ((a == "defense" || a == "defence") && b == "forces")
        return Institution{2, a == "defense" ? "Defense Forces" : "Defence Forces"};
    if (a == "security" && b == "forces") return Institution{2, "Security Forces"};
    if (a == "special" && b == "forces") return Institution{2, "Special Forces"};
    if (a == "coast" && b == "guard") return Institution{2, "Coast Guard"};
    return std::nullopt;
}

bool is_ministry_portfolio(std::string_view lower) {
    static constexpr std::string_view list[] = {"defence",  "defense",     "foreign", "interior",    "finance",
                                                "justice",  "health",      "economy", "trade",       "education",
                                                "energy",   "agriculture", "culture", "environment", "transport",
                                                "industry", "information", "oil",     "emergencies", "emergency"};
    return std::find(std::begin(list), std::end(list), lower) != std::end(list);
}

}  // namespace

// ------------------------------------------------------------------ keys and tables

std::string actor_key(std::string_view name) {
    std::string folded = lower_case(normalize_token(name));
    std::string out;
    out.reserve(folded.size());
    for (char c : folded) {
        if (c == '.' || c == '\'') continue;
        if (c == '-' || is_ascii_space(c) || c == ',') {
            if (!out.empty() && out.back() != ' ') out += ' ';
            continue;
        }
        out += c;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    // "Putin's" -> "putins" after the apostrophe went: take the possessive off the folded
    // form instead, then fold again.
    std::string_view f = folded;
    while (!f.empty() && (is_ascii_space(f.back()) || f.back() == '.')) f.remove_suffix(1);
    if (f.ends_with("'s") || f.ends_with("'")) {
        f.remove_suffix(f.ends_with("'s") ? 2 : 1);
        return actor_key(f);
    }
    if (out.starts_with("the ") && out.size() > 4) out.erase(0, 4);
    return out;
}

void AliasTable::add(std::string_view alias, std::size_t entry) {
    alias = trim(alias);
    const std::string key = actor_key(alias);
    if (key.empty()) return;
    std::string written = normalize_token(alias);
    const bool exact = all_capitals(written) && written.size() <= 5 && word_count(key) == 1;
    m_aliases[key].push_back(Alias{entry, exact, std::move(written)});
    m_first_words.insert(key.substr(0, key.find(' ')));
    m_max_words = std::max(m_max_words, word_count(key) + 1);
}

AliasTable AliasTable::parse(std::string_view tsv) {
    AliasTable table;
    std::size_t line_number = 0;
    for (std::string_view line : split_lines(tsv)) {
        ++line_number;
        if (trim(line).empty() || line.front() == '#') continue;
        const auto cols = split_on(line, '\t');
        if (cols.size() != 3) {
            throw Error("actor aliases, line " + std::to_string(line_number) + ": want 3 columns, got " +
                        std::to_string(cols.size()));
        }
        Entry entry;
        entry.name = std::string(trim(cols[0]));
        if (cols[1] == "person")
            entry.kind = ActorKind::person;
        else if (cols[1] == "organization")
            entry.kind = ActorKind::organization;
        else if (cols[1] != "none")
            throw Error("actor aliases, line " + std::to_string(line_number) + ": unknown kind");
        const std::size_t index = table.m_entries.size();
        table.m_entries.push_back(entry);
        table.add(entry.name, index);
        for (std::string_view alias : split_on(cols[2], '|')) table.add(alias, index);
    }
    return table;
}

const AliasTable& AliasTable::builtin() {
    static const AliasTable table = parse(std::string_view(
        newsindex_ner_aliases, static_cast<std::size_t>(newsindex_ner_aliases_end - newsindex_ner_aliases)));
    return table;
}

std::optional<std::size_t> AliasTable::lookup(std::string_view name) const {
    const auto it = m_aliases.find(actor_key(name));
    if (it == m_aliases.end()) return std::nullopt;
    const std::string written = normalize_token(trim(name));
    for (const Alias& a : it->second) {
        if (!a.exact_case || written == a.written || written == a.written + ".") return a.entry;
    }
    return std::nullopt;
}

std::optional<std::size_t> AliasTable::lookup_query(std::string_view name) const {
    const auto it = m_aliases.find(actor_key(name));
    if (it == m_aliases.end()) return std::nullopt;
    for (const Alias& a : it->second) {
        if (m_entries[a.entry].kind) return a.entry;
    }
    return std::nullopt;
}

std::vector<AliasTable::Match> AliasTable::find(std::span<const std::string> words, bool in_capitals) const {
    std::vector<Match> out;
    std::string joined;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (is_punctuation(words[i])) continue;
        // Most words begin no alias: one probe rules out every n-gram.
        const std::string first = actor_key(words[i]);
        if (m_first_words.find(first.substr(0, first.find(' '))) == m_first_words.end()) continue;
        for (std::size_t n = std::min(m_max_words, words.size() - i); n >= 1; --n) {
            // Names begin and end with a word, not with punctuation or a possessive.
            if (is_punctuation(words[i + n - 1]) || words[i + n - 1] == "'s") continue;
            joined.clear();
            for (std::size_t k = i; k < i + n; ++k) {
                if (k > i && !words[k].starts_with('\'')) joined += ' ';
                joined += words[k];
            }
            const auto it = m_aliases.find(actor_key(joined));
            if (it == m_aliases.end()) continue;
            const Alias* chosen = nullptr;
            for (const Alias& a : it->second) {
                if (a.exact_case) {
                    // In a line in capitals "IS" and "WHO" may be the words; "ISIS" is not.
                    const bool trusted = !in_capitals || !is_common_word(a.written);
                    if (trusted && n == 1 && (words[i] == a.written || words[i] == a.written + ".")) chosen = &a;
                } else if (in_capitals || starts_with_capital(words[i]) || is_ascii_digit(words[i][0]) ||
                           (!starts_with_capital(a.written) && words[i].starts_with(a.written.substr(0, 2)))) {
                    chosen = &a;  // "al-Qaida" is written in lower case
                }
                if (chosen != nullptr) break;
            }
            if (chosen == nullptr) continue;
            out.push_back({i, i + n, chosen->entry});
            i += n - 1;
            break;
        }
    }
    return out;
}

Demonyms Demonyms::parse(std::string_view tsv) {
    Demonyms d;
    std::size_t line_number = 0;
    for (std::string_view line : split_lines(tsv)) {
        ++line_number;
        if (trim(line).empty() || line.front() == '#') continue;
        const auto cols = split_on(line, '\t');
        if (cols.size() != 2) throw Error("demonyms, line " + std::to_string(line_number) + ": want 2 columns");
        const std::string demonym(trim(cols[0]));
        const std::string country(trim(cols[1]));
        d.m_country.emplace(demonym, country);
        // Countries are named by their first demonym that is a word ("Russian", not "US").
        if (!all_capitals(demonym)) d.m_demonym.emplace(lower_case(country), demonym);
    }
    return d;
}

const Demonyms& Demonyms::builtin() {
    static const Demonyms d = parse(std::string_view(
        newsindex_ner_demonyms, static_cast<std::size_t>(newsindex_ner_demonyms_end - newsindex_ner_demonyms)));
    return d;
}

const std::string* Demonyms::country(std::string_view demonym) const {
    const auto it = m_country.find(std::string(demonym));
    return it == m_country.end() ? nullptr : &it->second;
}

const std::string* Demonyms::demonym(std::string_view country) const {
    const auto it = m_demonym.find(lower_case(country));
    return it == m_demonym.end() ? nullptr : &it->second;
}

// ------------------------------------------------------------------ resolution

namespace {

// One name found in the article, after cleaning.
struct Candidate {
    std::size_t part = 0;  // 0 title, 1 text
    std::size_t first = 0;
    std::size_t last = 0;  // tokens [first, last) of the part
    ActorKind kind = ActorKind::person;
    std::optional<std::size_t> alias;
    std::string fixed_name;  // a canonical name a rule gave (institutions)
    bool capitals = false;   // from a line in capitals
    bool place = false;      // the name of a place: an actor only as a person's short form
    std::string surface;     // as written, quotes folded, single spaces
    std::string key;
    std::size_t cluster = 0;
};

struct Part {
    std::string_view text;
    const TaggedText* tagged;
    std::vector<std::size_t> sentence_of;  // token -> sentence
};

std::string surface_of(const Part& p, std::size_t first, std::size_t last) {
    const std::string_view raw =
        p.text.substr(p.tagged->tokens[first].start, p.tagged->tokens[last - 1].end - p.tagged->tokens[first].start);
    std::string out;
    bool space = false;
    for (char c : normalize_token(raw)) {
        if (is_ascii_space(c)) {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

}  // namespace

ActorFinder::ActorFinder()
    : m_tagger(), m_aliases(AliasTable::builtin()), m_lexicon(Lexicon::builtin()), m_demonyms(Demonyms::builtin()) {}

ActorFinder::ActorFinder(Tagger tagger, AliasTable aliases, Lexicon lexicon, Demonyms demonyms)
    : m_tagger(tagger), m_aliases(std::move(aliases)), m_lexicon(std::move(lexicon)), m_demonyms(std::move(demonyms)) {}

std::vector<Actor> ActorFinder::find(std::string_view title, std::string_view text, const Gazetteer& places,
                                     std::vector<Mention>* mentions) const {
    const std::array<TaggedText, 2> tagged = m_tagger.tag_article(title, text);
    std::array<Part, 2> parts{Part{title, &tagged[0], {}}, Part{text, &tagged[1], {}}};
    for (Part& p : parts) {
        p.sentence_of.assign(p.tagged->tokens.size(), 0);
        for (std::size_t s = 0; s < p.tagged->sentences.size(); ++s) {
            for (std::size_t k = p.tagged->sentences[s].first; k < p.tagged->sentences[s].last; ++k)
                p.sentence_of[k] = s;
        }
    }
    auto in_capitals = [&](const Part& p, std::size_t token) {
        return p.tagged->all_caps_sentence[p.sentence_of[token]];
    };
    auto lower_at = [&](const Part& p, std::size_t k) { return lower_case(p.tagged->words[k]); };
    auto is_title_word = [&](const Part& p, std::size_t k) {
        return (m_lexicon.classes(lower_at(p, k)) & Lexicon::title) != 0;
    };
    auto is_title_part = [&](const Part& p, std::size_t k) {
        return (m_lexicon.classes(lower_at(p, k)) & (Lexicon::title | Lexicon::title_modifier)) != 0;
    };
    auto is_demonym = [&](const Part& p, std::size_t k) {
        const std::string& w = p.tagged->words[k];
        if (m_demonyms.country(w) != nullptr) return true;
        // In a line in capitals: "RUSSIAN".
        return all_capitals(w) && w.size() > 2 && m_demonyms.country(title_word(lower_case(w))) != nullptr;
    };

    std::vector<Candidate> candidates;
    for (std::size_t pi = 0; pi < parts.size(); ++pi) {
        const Part& p = parts[pi];
        const std::vector<std::string>& words = p.tagged->words;
        const std::size_t n = words.size();
        std::vector<int> owner(n, -1);  // token -> entity index
        const std::vector<EntitySpan>& entities = p.tagged->entities;
        for (std::size_t e = 0; e < entities.size(); ++e) {
            for (std::size_t k = entities[e].first; k < entities[e].last; ++k) owner[k] = static_cast<int>(e);
        }
        std::vector<bool> claimed(entities.size(), false);
        std::vector<bool> used(n, false);

        // Aliases of well-known actors, sentence by sentence: they win over the tagger's
        // names they cover (the tagger may call the Pentagon a place).
        for (const TokenRange& r : p.tagged->sentences) {
            const std::span<const std::string> sentence(words.data() + r.first, r.last - r.first);
            for (const AliasTable::Match& m :
                 m_aliases.find(sentence, p.tagged->all_caps_sentence[p.sentence_of[r.first]])) {
                const std::size_t first = r.first + m.first, last = r.first + m.last;
                // Skip a match that cuts through a tagged name or lies inside a longer one.
                bool conflict = false;
                for (std::size_t k = first; k < last && !conflict; ++k) {
                    if (owner[k] < 0) continue;
                    const EntitySpan& e = entities[static_cast<std::size_t>(owner[k])];
                    conflict = e.first < first || e.last > last;
                    // ... unless the longer name only adds a title or a possessive.
                    if (conflict && e.type == EntityType::person) {
                        bool only_titles = true;
                        for (std::size_t q = e.first; q < first; ++q) only_titles = only_titles && is_title_part(p, q);
                        for (std::size_t q = last; q < e.last; ++q)
                            only_titles = only_titles && is_punctuation(words[q]);
                        conflict = !only_titles;
                    }
                }
                if (conflict) continue;
                for (std::size_t k = first; k < last; ++k) {
                    if (owner[k] >= 0) claimed[static_cast<std::size_t>(owner[k])] = true;
                    used[k] = true;
                }
                const AliasTable::Entry& entry = m_aliases.entries()[m.entry];
                if (!entry.kind) continue;  // furniture, never an actor
                Candidate c;
                c.part = pi;
                c.first = first;
                c.last = last;
                c.kind = *entry.kind;
                c.alias = m.entry;
                candidates.push_back(std::move(c));
            }
        }

        // Institutions named with a nationality: "Russian defence ministry", "Russia's
        // rubber stamp parliament".
        for (std::size_t i = 0; i + 1 < n; ++i) {
            if (used[i]) continue;
            std::string nationality;
            std::size_t j = i + 1;
            if (is_demonym(p, i)) {
                nationality =
                    all_capitals(words[i]) && words[i].size() > 2 ? title_word(lower_case(words[i])) : words[i];
            } else if (starts_with_capital(words[i]) && words[i + 1] == "'s") {
                const std::string* demonym = m_demonyms.demonym(words[i]);
                if (demonym == nullptr) continue;
                nationality = *demonym;
                j = i + 2;
                // Up to three lower-case words between: "Russia's rubber stamp parliament".
                for (std::size_t skipped = 0; skipped < 3 && j < n; ++skipped, ++j) {
                    const std::string& w = words[j];
                    if (!has_letter(w) || starts_with_capital(w) || institution_at(words, j) ||
                        is_ministry_portfolio(lower_case(w))) {
                        break;
                    }
                }
            } else {
                continue;
            }
            std::string portfolio;
            if (j < n && is_ministry_portfolio(lower_case(words[j])) &&
                lower_case(j + 1 < n ? words[j + 1] : "") == "ministry") {
                portfolio = title_word(lower_case(words[j])) + " ";
                ++j;
            }
            const std::optional<Institution> inst = institution_at(words, j);
            if (!inst || (std::string_view(inst->name) != "Ministry" && !portfolio.empty())) continue;
            if (std::string_view(inst->name) == "Ministry" && portfolio.empty()) continue;  // which ministry?
            const std::size_t last = j + inst->words;
            bool free = true;
            for (std::size_t k = i; k < last && free; ++k) free = !used[k];
            if (!free) continue;
            // A tagged organisation that this covers is the same name.
            for (std::size_t k = i; k < last; ++k) {
                if (owner[k] < 0) continue;
                const EntitySpan& e = entities[static_cast<std::size_t>(owner[k])];
                if (e.first >= i && e.last <= last)
                    claimed[static_cast<std::size_t>(owner[k])] = true;
                else
                    free = false;
            }
            if (!free) continue;
            for (std::size_t k = i; k < last; ++k) used[k] = true;
            Candidate c;
            c.part = pi;
            c.first = i;
            c.last = last;
            c.kind = ActorKind::organization;
            // A name written as a name stays as written ("U.S. Army"); one in lower case
            // becomes one ("Russian defence ministry" -> "Russian Defence Ministry").
            bool capitalised = true;
            for (std::size_t k = j; k < last; ++k) capitalised = capitalised && starts_with_capital(words[k]);
            if (!capitalised || in_capitals(p, i) || j != i + 1) {
                c.fixed_name = nationality + " " + portfolio + inst->name;
            }
            candidates.push_back(std::move(c));
            i = last - 1;
        }

        // The tagger's people and organisations.
        auto add_entity = [&](std::size_t first, std::size_t last, ActorKind kind) {
            if (last - first > max_name_words) return;  // no name is that long: garbage
            // Possessives and punctuation at the end; "the", numbers ("12-nation") and
            // punctuation at the start.
            while (last > first && (is_punctuation(words[last - 1]) || words[last - 1] == "'s")) --last;
            while (first < last && (is_punctuation(words[first]) || lower_at(p, first) == "the" ||
                                    std::any_of(words[first].begin(), words[first].end(), is_ascii_digit))) {
                ++first;
            }
            if (first >= last) return;
            if (kind == ActorKind::person) {
                // Titles: everything up to the last title word that a name follows, with the
                // words of the title after it ("US Secretary of State John Kerry", "Illinois
                // Rep. Adam Kinzinger", "Prime Minister Nouri al-Maliki").
                std::size_t cut = first;
                for (std::size_t k = first; k + 1 < last; ++k) {
                    if (!is_title_word(p, k)) continue;
                    std::size_t after = k + 1;
                    while (after + 1 < last && is_title_part(p, after)) ++after;
                    cut = std::max(cut, after);
                }
                first = cut;
                // A nationality or title left in front ("Syrian activist Khdaier Khushfa").
                while (first + 1 < last && (is_demonym(p, first) || is_title_word(p, first))) ++first;
            } else {
                // A nationality joins the organisation that follows it.
                while (first > 0 && owner[first - 1] < 0 && !used[first - 1] && is_demonym(p, first - 1)) --first;
            }
            // "Illinois Rep." before "Adam Kinzinger": a title, not an organisation.
            if (is_title_word(p, last - 1) && last < n && owner[last] >= 0 &&
                entities[static_cast<std::size_t>(owner[last])].type == EntityType::person) {
                return;
            }
            // A name has a capital somewhere ("al-Zarqawi" too).
            bool any_capital = false;
            for (std::size_t k = first; k < last; ++k) any_capital = any_capital || has_capital(words[k]);
            if (!any_capital) return;
            Candidate c;
            c.part = pi;
            c.kind = kind;
            c.first = first;
            c.last = last;
            candidates.push_back(std::move(c));
        };
        auto known_organisation = [&](std::size_t first, std::size_t last) {
            if (first >= last) return false;
            const std::optional<std::size_t> a = m_aliases.lookup(surface_of(p, first, last));
            return (a && m_aliases.entries()[*a].kind == ActorKind::organization) ||
                   (m_lexicon.classes(lower_at(p, last - 1)) & Lexicon::org_suffix) != 0;
        };
        for (std::size_t e = 0; e < entities.size(); ++e) {
            if (claimed[e] || entities[e].type == EntityType::location) continue;
            ActorKind kind = entities[e].type == EntityType::person ? ActorKind::person : ActorKind::organization;
            // "Governor Kristi Noem" is a person whatever the tagger says; "General Motors"
            // is no general.
            if (kind == ActorKind::organization && entities[e].last - entities[e].first >= 2 &&
                is_title_word(p, entities[e].first) && !is_org_title(lower_at(p, entities[e].first)) &&
                (m_lexicon.classes(lower_at(p, entities[e].last - 1)) & Lexicon::org_suffix) == 0) {
                kind = ActorKind::person;
            }
            std::size_t first = entities[e].first;
            const std::size_t last = entities[e].last;
            // Two organisations the tagger ran together: "International Monetary Fund and
            // World Bank" (both known, or both ending like organisations).
            if (kind == ActorKind::organization) {
                for (std::size_t q = first + 1; q + 1 < last; ++q) {
                    if (lower_at(p, q) != "and" && words[q] != "&" && words[q] != ",") continue;
                    const bool left = known_organisation(first, q), right = known_organisation(q + 1, last);
                    const bool left_alias = left && m_aliases.lookup(surface_of(p, first, q)).has_value();
                    const bool right_alias = right && m_aliases.lookup(surface_of(p, q + 1, last)).has_value();
                    if ((left && right) && (left_alias || right_alias || words[q] != "&")) {
                        add_entity(first, q, kind);
                        first = q + 1;
                    }
                }
            }
            add_entity(first, last, kind);
        }
    }

    // Keys, surfaces, and what is never an actor.
    for (Candidate& c : candidates) {
        const Part& p = parts[c.part];
        c.surface = surface_of(p, c.first, c.last);
        c.key = actor_key(c.surface);
        c.capitals = in_capitals(p, c.first);
        if (!c.alias && c.fixed_name.empty()) {
            c.alias = m_aliases.lookup(c.surface);
            if (c.alias && m_aliases.entries()[*c.alias].kind) c.kind = *m_aliases.entries()[*c.alias].kind;
        }
    }
    // Names from lines in capitals (headlines) count only where they repeat a name of the
    // article's other lines: "YEUTTER SEES GATT BREAKTHROUGH" gives Yeutter and GATT if the
    // story names them, never "Yeutter Sees GATT". Titles in capitals run words together.
    std::set<std::string> known;
    for (const Candidate& c : candidates) {
        if (c.capitals) continue;
        known.insert(c.key);
        if (c.kind == ActorKind::person && word_count(c.key) > 1) {
            const std::string surname = last_words(c.key, 1);
            known.insert(surname);
            known.insert(std::string(without_particle(surname)));
        }
    }
    std::vector<Candidate> from_capitals;
    for (Candidate& c : candidates) {
        if (!c.capitals || c.alias || !c.fixed_name.empty() || known.count(c.key) != 0) continue;
        const Part& p = parts[c.part];
        for (std::size_t i = c.first; i < c.last; ++i) {
            for (std::size_t j = std::min(c.last, i + max_name_words); j > i; --j) {
                Candidate d = c;
                d.first = i;
                d.last = j;
                d.surface = surface_of(p, i, j);
                d.key = actor_key(d.surface);
                if (known.count(d.key) == 0) continue;
                from_capitals.push_back(std::move(d));
                i = j - 1;
                break;
            }
        }
        c.key.clear();  // the run itself goes
    }
    for (Candidate& d : from_capitals) candidates.push_back(std::move(d));

    std::erase_if(candidates, [&](const Candidate& c) {
        if (c.key.empty() || c.key.size() < 2) return true;
        if (c.alias) return !m_aliases.entries()[*c.alias].kind.has_value();
        if (!c.fixed_name.empty()) return false;
        // Titles and nationalities alone ("Vice President", "Syrian President") are no
        // actors, nor is a generic word ("the Ministry said").
        const Part& p = parts[c.part];
        if (c.last - c.first == 1 && is_generic_organisation(lower_at(p, c.first))) return true;
        bool titled = false;
        for (std::size_t k = c.first; k < c.last; ++k) {
            if (!is_title_part(p, k) && !is_demonym(p, k)) return false;
            titled = titled || is_title_word(p, k) || is_demonym(p, k);
        }
        // The end of a title the tagger cut in two: "Secretary of | State", "Minister of |
        // Defence".
        const bool ends_title = c.first >= 2 && lower_at(p, c.first - 1) == "of" && is_title_word(p, c.first - 2);
        return titled || ends_title;
    });
    // Places, alone or listed ("Qatar and Saudi Arabia"), that the tagger took for an
    // organisation, and people named like a country or region ("WASHINGTON" in a dateline)
    // or like a town after "in", are no actors, unless they turn out to be the short form of
    // a person of the article ("Kerry"). A person keeps a name a town shares ("Hammond
    // concluded").
    for (Candidate& c : candidates) {
        if (c.alias || !c.fixed_name.empty()) continue;
        const Part& p = parts[c.part];
        // "in Homs": a town, whatever the tagger says.
        const bool locative = c.first > 0 && is_locative(lower_at(p, c.first - 1));
        std::size_t start = c.first;
        bool all_places = true;
        for (std::size_t k = c.first; k <= c.last && all_places; ++k) {
            const bool separator =
                k == c.last || p.tagged->words[k] == "," || lower_at(p, k) == "and" || p.tagged->words[k] == "&";
            if (!separator) continue;
            const std::optional<std::size_t> place = k > start ? places.lookup(surface_of(p, start, k)) : std::nullopt;
            all_places = place.has_value() && (c.kind == ActorKind::organization || locative ||
                                               places.entries()[*place].kind == PlaceKind::country ||
                                               places.entries()[*place].kind == PlaceKind::region);
            start = k + 1;
        }
        c.place = all_places;
    }

    // Clusters: alias entries, then keys; then acronyms and short forms join full names.
    std::map<std::string, std::size_t> cluster_of_key;
    std::vector<std::vector<std::size_t>> clusters;
    auto cluster_for = [&](const std::string& key) {
        auto [it, fresh] = cluster_of_key.try_emplace(key, clusters.size());
        if (fresh) clusters.emplace_back();
        return it->second;
    };
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        Candidate& c = candidates[i];
        // Alias entries are keyed by their number, which no name's key can equal.
        std::string key(1, '#');
        if (c.alias) {
            key += std::to_string(*c.alias);
        } else {
            key = !c.fixed_name.empty() ? actor_key(c.fixed_name) : c.key;
        }
        c.cluster = cluster_for(key);
        clusters[c.cluster].push_back(i);
    }
    std::vector<std::size_t> parent(clusters.size());
    for (std::size_t k = 0; k < parent.size(); ++k) parent[k] = k;
    auto root = [&](std::size_t k) {
        while (parent[k] != k) k = parent[k] = parent[parent[k]];
        return k;
    };
    auto join = [&](std::size_t from, std::size_t into) {
        from = root(from);
        into = root(into);
        if (from != into) parent[from] = into;
    };
    auto representative = [&](std::size_t cluster) -> const Candidate& {
        return candidates[clusters[cluster].front()];
    };
    auto is_aliased = [&](std::size_t cluster) { return representative(cluster).alias.has_value(); };

    // Acronyms: "Israeli Defense Forces (IDF)", or an acronym whose letters begin the words
    // of an organisation of the article.
    std::map<std::string, std::size_t> initials;  // initials -> cluster of the long form
    for (std::size_t k = 0; k < clusters.size(); ++k) {
        const Candidate& c = representative(k);
        if (c.kind != ActorKind::organization || c.last - c.first < 2 || c.place) continue;
        const Part& p = parts[c.part];
        std::string letters;
        for (std::size_t q = c.first; q < c.last; ++q) {
            const std::string lower = lower_at(p, q);
            if (is_minor_word(lower)) continue;
            for (const std::string_view piece : split_on(p.tagged->words[q], '-')) {
                if (!piece.empty() && starts_with_capital(piece)) letters += piece[0];
            }
        }
        if (letters.size() >= 2) initials.try_emplace(letters, k);
    }
    for (std::size_t k = 0; k < clusters.size(); ++k) {
        const Candidate& c = representative(k);
        if (c.last - c.first != 1) continue;
        const Part& p = parts[c.part];
        const std::string& word = p.tagged->words[c.first];
        if (!acronym_like(word)) continue;
        std::string letters;
        for (char ch : word) {
            if (is_ascii_upper(ch)) letters += ch;
        }
        // A bracketed acronym right after a name: "Israeli Defense Forces (IDF)".
        std::optional<std::size_t> target;
        for (const std::size_t member : clusters[k]) {
            const Candidate& m = candidates[member];
            const auto& w = parts[m.part].tagged->words;
            if (m.first < 2 || m.last >= w.size() || w[m.first - 1] != "(" || w[m.last] != ")") continue;
            for (const Candidate& l : candidates) {
                if (l.part == m.part && l.last + 1 == m.first && l.cluster != k) target = l.cluster;
            }
        }
        if (!target) {
            const auto it = initials.find(letters);
            if (it != initials.end() && it->second != k) target = it->second;
        }
        if (target && !(is_aliased(k) && is_aliased(*target))) {
            // The long form names the actor unless the alias table knows the acronym.
            if (is_aliased(k)) {
                join(*target, k);
            } else {
                join(k, *target);
            }
        }
    }

    // Short forms of people: "Kerry" -> "John Kerry", "Assad" -> "Bashar al-Assad". The full
    // name with the most words (then the most mentions) of the article wins.
    for (std::size_t k = 0; k < clusters.size(); ++k) {
        if (root(k) != k || is_aliased(k)) continue;
        const Candidate& c = representative(k);
        const std::size_t words = word_count(c.key);
        if (words > 2) continue;
        std::optional<std::size_t> best;
        std::size_t best_words = 0, best_count = 0;
        for (std::size_t j = 0; j < clusters.size(); ++j) {
            if (j == k) continue;
            const Candidate& full = representative(j);
            if (full.place) continue;
            if (full.kind != ActorKind::person &&
                !(full.alias && m_aliases.entries()[*full.alias].kind == ActorKind::person))
                continue;
            const std::size_t full_words = word_count(full.key);
            if (full_words <= words) continue;
            const std::string tail = last_words(full.key, words);
            const bool same = tail == c.key || without_particle(tail) == c.key ||
                              (words == 1 && without_particle(last_words(full.key, 1)) == c.key);
            if (!same) continue;
            // "Ali" is the short form of "Hassna Haj Ali"; a person's short form is no
            // organisation unless the tagger hesitated on one word.
            if (c.kind == ActorKind::organization && words > 1) continue;
            const std::size_t count = clusters[j].size();
            if (!best || full_words > best_words || (full_words == best_words && count > best_count)) {
                best = j;
                best_words = full_words;
                best_count = count;
            }
        }
        if (best) join(k, *best);
    }
    // Short forms of well-known people the article names only by surname: "Putin".
    for (std::size_t k = 0; k < clusters.size(); ++k) {
        if (root(k) != k || is_aliased(k)) continue;
        const Candidate& c = representative(k);
        if (word_count(c.key) != 1) continue;
        std::optional<std::size_t> match;
        bool ambiguous = false;
        for (std::size_t e = 0; e < m_aliases.entries().size(); ++e) {
            const AliasTable::Entry& entry = m_aliases.entries()[e];
            if (entry.kind != ActorKind::person) continue;
            const std::string key = actor_key(entry.name);
            if (word_count(key) < 2 || without_particle(last_words(key, 1)) != c.key) continue;
            ambiguous = match.has_value();
            match = e;
        }
        if (match && !ambiguous) {
            for (const std::size_t member : clusters[k]) candidates[member].alias = *match;
        }
    }

    // Actors: one per root cluster.
    struct Built {
        Actor actor;
        std::size_t first_position = 0;
    };
    std::map<std::size_t, std::vector<std::size_t>> members;  // root -> candidates
    for (std::size_t k = 0; k < clusters.size(); ++k) {
        auto& list = members[root(k)];
        list.insert(list.end(), clusters[k].begin(), clusters[k].end());
    }
    std::vector<Built> built;
    std::vector<std::pair<std::size_t, std::size_t>> mention_of;  // candidate -> built index
    for (auto& [r, list] : members) {
        // A name that is a place once is one throughout the article ("in Homs" and "Hama,
        // Homs and Idlib"); names joined to it as short forms do not save it.
        if (std::any_of(clusters[r].begin(), clusters[r].end(),
                        [&](std::size_t m) { return candidates[m].place && !candidates[m].alias; })) {
            continue;
        }
        std::sort(list.begin(), list.end());
        Built b;
        const Candidate& head = representative(r);
        b.first_position = SIZE_MAX;
        for (const std::size_t m : list) {
            const Candidate& c = candidates[m];
            const std::size_t position = c.part == 0 ? parts[0].tagged->tokens[c.first].start
                                                     : title.size() + 1 + parts[1].tagged->tokens[c.first].start;
            b.first_position = std::min(b.first_position, position);
        }
        b.actor.count = static_cast<unsigned>(list.size());
        // Name: the alias table's, a rule's, else the best surface of the head cluster.
        std::optional<std::size_t> alias;
        for (const std::size_t m : list) {
            if (candidates[m].alias) alias = candidates[m].alias;
        }
        if (head.alias) alias = head.alias;
        unsigned persons = 0, organisations = 0;
        for (const std::size_t m : list) (candidates[m].kind == ActorKind::person ? persons : organisations) += 1;
        b.actor.kind = persons > organisations   ? ActorKind::person
                       : organisations > persons ? ActorKind::organization
                                                 : head.kind;
        if (alias) {
            b.actor.name = m_aliases.entries()[*alias].name;
            b.actor.kind = *m_aliases.entries()[*alias].kind;
        } else if (!head.fixed_name.empty()) {
            b.actor.name = head.fixed_name;
        } else {
            // Among the head cluster's surfaces: not from a line in capitals, most frequent,
            // then longest, then first.
            std::map<std::string, std::pair<std::size_t, std::size_t>> tally;  // surface -> count, first
            for (const std::size_t m : clusters[r]) {
                const Candidate& c = candidates[m];
                auto& t = tally.try_emplace(c.surface, 0, m).first->second;
                t.first += c.capitals ? 1 : 1000;
            }
            const std::string* best = nullptr;
            std::pair<std::size_t, std::size_t> best_score{0, 0};
            for (const auto& [surface, t] : tally) {
                const std::pair<std::size_t, std::size_t> score{t.first, surface.size()};
                if (best == nullptr || score > best_score) {
                    best = &surface;
                    best_score = score;
                }
            }
            b.actor.name = best_score.first < 1000 ? soften_capitals(*best) : *best;
        }
        for (const std::size_t m : list) mention_of.emplace_back(m, built.size());
        built.push_back(std::move(b));
    }

    // Two clusters may have reached the same canonical name (an alias and its long form):
    // merge them.
    std::map<std::string, std::size_t> by_name;
    std::vector<std::size_t> merged_into(built.size());
    for (std::size_t k = 0; k < built.size(); ++k) {
        const auto [it, fresh] = by_name.try_emplace(actor_key(built[k].actor.name), k);
        merged_into[k] = it->second;
        if (!fresh) {
            Built& into = built[it->second];
            into.actor.count += built[k].actor.count;
            into.first_position = std::min(into.first_position, built[k].first_position);
        }
    }

    if (mentions != nullptr) {
        for (const auto& [m, b] : mention_of) {
            const Candidate& c = candidates[m];
            if (c.part != 1) continue;
            const Actor& actor = built[merged_into[b]].actor;
            const std::size_t start = parts[1].tagged->tokens[c.first].start;
            const std::size_t end = parts[1].tagged->tokens[c.last - 1].end;
            mentions->push_back(
                Mention{start, end, actor.kind == ActorKind::person ? MentionType::person : MentionType::organization,
                        std::string(text.substr(start, end - start)), actor.name});
        }
    }

    std::vector<Built> kept;
    for (std::size_t k = 0; k < built.size(); ++k) {
        if (merged_into[k] == k) kept.push_back(std::move(built[k]));
    }
    std::stable_sort(kept.begin(), kept.end(), [](const Built& a, const Built& b) {
        if (a.actor.count != b.actor.count) return a.actor.count > b.actor.count;
        return a.first_position < b.first_position;
    });
    std::vector<Actor> out;
    out.reserve(kept.size());
    for (Built& b : kept) out.push_back(std::move(b.actor));
    return out;
}

}  // namespace newsindex::detail
