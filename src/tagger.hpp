#pragma once
// Named-entity tagger: people (PER), organisations (ORG) and locations (LOC) in news text.
//
// A first-order structured perceptron (Collins 2002) over BILOU tags, decoded with Viterbi
// under the BILOU constraints, with averaged weights. Features (word, lower case, shape,
// affixes, neighbours, sentence position, all-caps lines, title / organisation-suffix lists,
// the place gazetteer) are hashed into a fixed table of 8-bit weights, so the model is one
// flat array that the library uses in place from its embedded bytes: nothing is parsed at
// load time. Trained on the GMB corpus by `train-tagger` (tools/train_tagger.cpp); see
// data/ner/README.md for the model's provenance and scores.

#include "places.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace newsindex::detail {

/// What the tagger finds.
enum class EntityType : std::uint8_t { person = 0, organization = 1, location = 2 };

inline constexpr std::size_t entity_type_count = 3;

/// "PER", "ORG", "LOC".
[[nodiscard]] std::string_view entity_type_name(EntityType type) noexcept;

/// How tags are numbered: 0 is O; entity type t has B = 1 + 4t, I, L, U (BILOU) or
/// B = 1 + 2t, I (BIO). A model may know more types than the three it reports (e.g. the
/// corpus's nationalities and dates): they help it tell names apart and come out as O.
struct TagScheme {
    std::uint32_t types = entity_type_count;
    bool bilou = true;

    [[nodiscard]] std::size_t tags() const noexcept { return 1 + types * (bilou ? 4U : 2U); }
};

/// The most tags a scheme may have (8 types, BILOU).
inline constexpr std::size_t max_tags = 1 + 4 * 8;

/// A token of a text: bytes [start, end).
struct Token {
    std::size_t start = 0;
    std::size_t end = 0;
};

/// Splits text into words and punctuation the way the training corpus (GMB, Penn Treebank
/// conventions) does: "Putin's" -> "Putin" "'s"; "U.S.", "Mr." and "al-Assad" stay whole;
/// quotes, brackets, dashes, commas and a sentence's final full stop are tokens of their own.
[[nodiscard]] std::vector<Token> tokenize(std::string_view text);

/// The form of a token the tagger sees: typographic quotes and dashes folded to the ASCII
/// forms of the corpus (’ -> ', “ -> ", — -> --), no-break spaces to spaces.
[[nodiscard]] std::string normalize_token(std::string_view token);

/// Lower case of ASCII and Latin-1 letters (other bytes unchanged).
[[nodiscard]] std::string lower_case(std::string_view word);

/// Upper case of ASCII and Latin-1 letters (other bytes unchanged).
[[nodiscard]] std::string upper_case(std::string_view word);

/// True if the word begins with a capital letter (ASCII or Latin-1).
[[nodiscard]] bool starts_with_capital(std::string_view word);

/// True if the word has a lower-case letter (ASCII or Latin-1).
[[nodiscard]] bool has_lower_case(std::string_view word);

/// A range of tokens [first, last).
struct TokenRange {
    std::size_t first = 0;
    std::size_t last = 0;
};

/// Sentences of a tokenized text: a break after . ! ? (and a closing quote or bracket that
/// follows them) before a word that starts with a capital, digit or quote, and at every line
/// break.
[[nodiscard]] std::vector<TokenRange> split_sentences(std::string_view text, std::span<const Token> tokens);

/// An entity found by the tagger: tokens [first, last) of the sequence tagged.
struct EntitySpan {
    std::size_t first = 0;
    std::size_t last = 0;
    EntityType type = EntityType::person;
    friend bool operator==(const EntitySpan&, const EntitySpan&) = default;
};

/// The word classes of data/ner/lexicon.tsv.
struct Lexicon {
    enum Class : std::uint8_t { title = 1, title_modifier = 2, org_suffix = 4 };
    /// Parses "class<TAB>entry" lines ('#' comments). Throws Error on an unknown class.
    static Lexicon parse(std::string_view tsv);
    /// The lexicon compiled into the library (data/ner/lexicon.tsv as it is now).
    static const Lexicon& builtin();

    /// Bit set of the classes of a lower-case token.
    [[nodiscard]] std::uint8_t classes(std::string_view lower) const;

    std::unordered_map<std::string, std::uint8_t> words;
};

/// Words common in lower case in the training corpus (lower-case forms): a capitalised one
/// is likely a headline's or a sentence's first word, not a name.
using CommonWords = std::unordered_set<std::string>;

/// Trained weights: a header, the lexicon the model was trained with, transition scores and
/// the hashed feature table. Immutable; safe to share between threads.
class TaggerModel {
  public:
    /// The model compiled into the library (data/ner/tagger.model), used in place.
    static const TaggerModel& builtin();

    /// A model from serialized bytes (as train_tagger returns them; copied).
    /// Throws Error if the bytes are not a model of this format.
    explicit TaggerModel(std::string bytes);

    TaggerModel(TaggerModel&& other) noexcept;
    TaggerModel& operator=(TaggerModel&& other) noexcept;
    TaggerModel(const TaggerModel&) = delete;
    TaggerModel& operator=(const TaggerModel&) = delete;
    ~TaggerModel() = default;

    [[nodiscard]] unsigned hash_bits() const noexcept { return m_hash_bits; }
    [[nodiscard]] bool place_features() const noexcept { return m_place_features; }
    [[nodiscard]] const Lexicon& lexicon() const noexcept { return m_lexicon; }
    [[nodiscard]] const CommonWords& common_words() const noexcept { return m_common; }
    /// The serialized bytes.
    [[nodiscard]] std::string_view bytes() const noexcept { return m_bytes; }

    [[nodiscard]] const TagScheme& scheme() const noexcept { return m_scheme; }
    /// Which corpus classes each type stands for, e.g. "per org geo gpe tim art|eve|nat".
    [[nodiscard]] std::string_view type_names() const noexcept { return m_type_names; }

    /// Weight rows: scheme().tags() int8 values per hashed feature.
    [[nodiscard]] const std::int8_t* row(std::uint32_t feature) const noexcept {
        return m_weights + static_cast<std::size_t>(feature) * m_tags;
    }
    /// The transition scores: (tags + 1) x tags, row `tags` from the sentence start.
    [[nodiscard]] const std::int32_t* transitions() const noexcept { return m_transitions.data(); }
    /// Score of tag `to` after tag `from` (from == scheme().tags(): the sentence start).
    [[nodiscard]] std::int32_t transition(std::size_t from, std::size_t to) const noexcept {
        return m_transitions[from * m_tags + to];
    }

  private:
    struct View {};
    TaggerModel(View, std::string_view bytes);
    void parse();

    std::string m_owned;
    std::string_view m_bytes;
    unsigned m_hash_bits = 0;
    bool m_place_features = false;
    TagScheme m_scheme;
    std::size_t m_tags = 0;
    std::string_view m_type_names;
    Lexicon m_lexicon;
    CommonWords m_common;
    std::vector<std::int32_t> m_transitions;
    const std::int8_t* m_weights = nullptr;
};

/// A text after tagging: its tokens, their normalized forms, sentences and entities.
struct TaggedText {
    std::vector<Token> tokens;
    std::vector<std::string> words;  ///< normalize_token of each token
    std::vector<TokenRange> sentences;
    std::vector<EntitySpan> entities;     ///< token indices into tokens, left to right
    std::vector<bool> all_caps_sentence;  ///< per sentence: written in capitals (a headline)
};

/// Applies a model to text. Cheap to construct; immutable; safe to share between threads.
class Tagger {
  public:
    /// The built-in model.
    Tagger();
    /// model (and places, if given) must outlive the tagger. places serves the models trained
    /// with place features (TrainingOptions::place_features); others ignore it.
    explicit Tagger(const TaggerModel& model, const Gazetteer* places = nullptr);

    /// Entities of one sentence given as normalized words.
    [[nodiscard]] std::vector<EntitySpan> tag_sentence(std::span<const std::string> words) const;

    /// Tokenizes, splits into sentences, tags each, then makes the labels consistent across
    /// the whole text (one string, one type).
    [[nodiscard]] TaggedText tag(std::string_view text) const;

    /// The title and the text of one article, tagged as one document: a name tagged in the
    /// text informs the same name in the title (often in capitals) and the other way round.
    [[nodiscard]] std::array<TaggedText, 2> tag_article(std::string_view title, std::string_view text) const;

    [[nodiscard]] const TaggerModel& model() const noexcept { return *m_model; }

  private:
    const TaggerModel* m_model;
    const Gazetteer* m_places;
};

/// Makes the entities of one document consistent: every occurrence of a name gets the type
/// most of its tagged occurrences have, and untagged occurrences of a tagged capitalised name
/// (or of the surname of a tagged person) are tagged too. sentences[i] are the normalized
/// words of sentence i; entities[i] its entities (token indices into that sentence).
void harmonize_document(std::span<const std::vector<std::string>> sentences,
                        std::span<std::vector<EntitySpan>> entities);

// ---------------------------------------------------------------------------------------
// Training (used by train-tagger and by the determinism test; not on the indexing path).

/// One training sentence: words (normalized) and their corpus labels.
struct LabeledSentence {
    std::vector<std::string> words;
    /// Per word: the corpus class (0 = O, 1 + index into gmb_classes), plus 0x80 if the word
    /// begins a name (B-); I- words carry the class alone.
    std::vector<std::uint8_t> labels;
};

/// The classes of the GMB corpus, in label order.
inline constexpr std::array<std::string_view, 8> gmb_classes = {"per", "org", "geo", "gpe", "tim", "art", "eve", "nat"};

/// Reads the GMB NER CSV ("Sentence #,Word,POS,Tag", Latin-1, sentence number on a
/// sentence's first row). Throws Error on a malformed row.
[[nodiscard]] std::vector<LabeledSentence> read_gmb_csv(std::string_view latin1_csv);

/// Maps corpus classes to the model's types: "per org geo gpe tim art|eve|nat" makes type 0
/// of per, ..., type 5 of art, eve and nat; classes not named are O. The first three types
/// must be PER, ORG and LOC (per, org, geo).
struct TypeMap {
    explicit TypeMap(std::string_view names);
    std::string names;
    std::array<int, gmb_classes.size() + 1> type_of_class{};  // -1: O
    std::uint32_t types = 0;
};

/// The tag ids of a sentence under a scheme and type map.
[[nodiscard]] std::vector<std::uint8_t> encode_tags(const LabeledSentence& sentence, const TagScheme& scheme,
                                                    const TypeMap& types);

/// Tag ids -> entity spans of every type (sequences that break the scheme are read
/// leniently, as BIO would be).
[[nodiscard]] std::vector<EntitySpan> spans_from_tags(std::span<const std::uint8_t> tags, const TagScheme& scheme);

struct TrainingOptions {
    unsigned epochs = 8;
    std::uint64_t seed = 7;   ///< order of sentences and choice of augmented copies
    unsigned hash_bits = 17;  ///< feature table of 2^hash_bits rows of scheme.tags() bytes
    bool bilou = true;
    /// Nationalities (gpe) are a type of their own: it helps the model tell "Iraqi" from
    /// "Iraq" and from names, and they come out as O. See TypeMap.
    std::string types = "per org geo gpe";
    /// Shares of sentences added again in capitals and in headline Title Case, so that the
    /// tagger learns headlines: GMB has none.
    double caps_share = 0.05;
    double title_case_share = 0.05;
    /// Whether words of the place gazetteer are a feature. Off in the built-in model: it gains
    /// nothing measurable on GMB, and the model then does not depend on a gazetteer that
    /// changes under it.
    bool place_features = false;
    /// Words seen at least this often in lower case in the training sentences are "common"
    /// (a feature); 0: none. Off in the built-in model: on GMB it scores 0.2 points lower
    /// (0.818), on reuters-dev actors about the same.
    unsigned common_min_count = 0;
    std::string lexicon;  ///< data/ner/lexicon.tsv; copied into the model
    /// Called after each epoch with its number (1-based) and the sentences it got wrong.
    std::function<void(unsigned epoch, std::size_t mistakes)> progress;
};

/// Trains a model and returns its serialized bytes: the same sentences, options and
/// gazetteer give the same bytes, on any machine (integer arithmetic, own random numbers).
[[nodiscard]] std::string train_tagger(std::span<const LabeledSentence> sentences, const TrainingOptions& options,
                                       const Gazetteer& places);

/// Exact-span precision and recall counts.
struct SpanScores {
    std::array<std::size_t, entity_type_count> tp{}, fp{}, fn{};
    [[nodiscard]] double precision(std::size_t type) const;
    [[nodiscard]] double recall(std::size_t type) const;
    [[nodiscard]] double f1(std::size_t type) const;
    [[nodiscard]] double overall_f1() const;
    [[nodiscard]] double overall_precision() const;
    [[nodiscard]] double overall_recall() const;
};

/// Scores the tagger on labelled sentences. With document_size > 0, runs of that many
/// consecutive sentences are harmonized as one document (GMB has no document boundaries).
[[nodiscard]] SpanScores evaluate_tagger(const Tagger& tagger, std::span<const LabeledSentence> sentences,
                                         std::size_t document_size = 0);

}  // namespace newsindex::detail
