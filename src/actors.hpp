#pragma once
// Actors stage: the people and organisations of an article, under canonical names.
//
// The tagger (tagger.hpp) finds PER and ORG names; resolution then cleans and merges them:
// titles and honorifics go ("President Vladimir Putin" -> Vladimir Putin), a nationality
// joins the organisation it qualifies ("Turkish" "Foreign Ministry"), possessives go,
// short forms join the full name of the same article ("Kerry" -> John Kerry, "Assad" ->
// Bashar al-Assad), acronyms join their long form ("Israeli Defense Forces (IDF)", or "IDF"
// whose letters begin the words of an organisation named in the article), and the alias
// table (data/ner/aliases.tsv) names well-known actors the same way in every article
// (ISIS = ISIL = Da'esh = Islamic State).

#include "tagger.hpp"

#include <newsindex/types.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace newsindex::detail {

/// The key under which actor names compare: lower case, typographic quotes folded, the dots
/// of abbreviations removed ("U.N." = "UN"), hyphens as spaces, a possessive "'s" and a
/// leading "the" removed, single spaces.
[[nodiscard]] std::string actor_key(std::string_view name);

/// Well-known actors and their aliases (data/ner/aliases.tsv), and words that are never
/// actors (kind "none").
class AliasTable {
  public:
    struct Entry {
        std::string name;               ///< canonical
        std::optional<ActorKind> kind;  ///< nullopt: never an actor
    };
    /// A match of an alias in a token sequence.
    struct Match {
        std::size_t first = 0;  ///< tokens [first, last)
        std::size_t last = 0;
        std::size_t entry = 0;
    };

    AliasTable() = default;
    /// Parses the format of data/ner/aliases.tsv. Throws Error on a bad line.
    static AliasTable parse(std::string_view tsv);
    /// The table compiled into the library.
    static const AliasTable& builtin();

    [[nodiscard]] const std::vector<Entry>& entries() const noexcept { return m_entries; }

    /// The entry a name denotes, if any. Short aliases in capitals match only as written.
    [[nodiscard]] std::optional<std::size_t> lookup(std::string_view name) const;

    /// The actor a searcher means by a name, in any case ("isis", "Daesh" -> Islamic State):
    /// a query names an actor on purpose, so short aliases need not be in capitals. Entries
    /// of kind "none" are no actors.
    [[nodiscard]] std::optional<std::size_t> lookup_query(std::string_view name) const;

    /// Aliases in a sentence of normalized words, longest first, left to right. in_capitals:
    /// the sentence is written in capitals, so short capital aliases ("IS") are not trusted.
    [[nodiscard]] std::vector<Match> find(std::span<const std::string> words, bool in_capitals) const;

  private:
    struct Alias {
        std::size_t entry;
        bool exact_case;
        std::string written;
    };
    void add(std::string_view alias, std::size_t entry);

    std::vector<Entry> m_entries;
    std::unordered_map<std::string, std::vector<Alias>> m_aliases;  // key: actor_key
    std::unordered_set<std::string> m_first_words;                  // first word of every key
    std::size_t m_max_words = 1;
};

/// Nationality adjectives and their countries (data/ner/demonyms.tsv).
class Demonyms {
  public:
    Demonyms() = default;
    /// Parses "demonym<TAB>country" lines. Throws Error on a bad line.
    static Demonyms parse(std::string_view tsv);
    static const Demonyms& builtin();

    /// The country of a demonym as written ("Russian" -> "Russia"), if any.
    [[nodiscard]] const std::string* country(std::string_view demonym) const;
    /// The first demonym of a country (any case: "russia" -> "Russian"), if any.
    [[nodiscard]] const std::string* demonym(std::string_view country) const;

  private:
    std::unordered_map<std::string, std::string> m_country;  // demonym -> country
    std::unordered_map<std::string, std::string> m_demonym;  // lower-case country -> demonym
};

/// Finds the actors of articles. Immutable; safe to share between threads.
class ActorFinder {
  public:
    /// The built-in tagger, alias table, lexicon and demonyms.
    ActorFinder();
    /// The tagger's model must outlive the finder.
    ActorFinder(Tagger tagger, AliasTable aliases, Lexicon lexicon, Demonyms demonyms);

    /// The actors of an article, most mentioned first (then first mentioned). places tells
    /// names of places from organisations named after them. With mentions, appends a PER or
    /// ORG mention for every actor mention in text (byte offsets into text; mentions in the
    /// title count in the actors but are not listed).
    [[nodiscard]] std::vector<Actor> find(std::string_view title, std::string_view text, const Gazetteer& places,
                                          std::vector<Mention>* mentions = nullptr) const;

  private:
    Tagger m_tagger;
    AliasTable m_aliases;
    Lexicon m_lexicon;
    Demonyms m_demonyms;
};

}  // namespace newsindex::detail
