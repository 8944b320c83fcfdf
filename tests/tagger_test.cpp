#include "tagger.hpp"
#include "input.hpp"

#include <newsindex/error.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

namespace newsindex::detail {
namespace {

std::vector<std::string> token_texts(std::string_view text) {
    std::vector<std::string> out;
    for (const Token& t : tokenize(text)) out.emplace_back(text.substr(t.start, t.end - t.start));
    return out;
}

struct TokenCase {
    const char* text;
    std::vector<std::string> tokens;
    friend void PrintTo(const TokenCase& c, std::ostream* os) { *os << '"' << c.text << '"'; }
};

class Tokenizing : public ::testing::TestWithParam<TokenCase> {};

TEST_P(Tokenizing, SplitsLikeTheCorpus) { EXPECT_EQ(token_texts(GetParam().text), GetParam().tokens); }

INSTANTIATE_TEST_SUITE_P(
    Texts, Tokenizing,
    ::testing::Values(TokenCase{"Putin's plan", {"Putin", "'s", "plan"}},
                      TokenCase{"Russia\xE2\x80\x99s aims",
                                {"Russia", "\xE2\x80\x99s", "aims"}},  // typographic apostrophe
                      TokenCase{"the soldiers' families", {"the", "soldiers", "'", "families"}},  // plural possessive
                      TokenCase{"U.S.-backed rebels", {"U.S.-backed", "rebels"}},
                      TokenCase{"Mr. Smith left.", {"Mr.", "Smith", "left", "."}},  // abbreviation keeps its stop
                      TokenCase{"in the U.S.", {"in", "the", "U.S."}},
                      TokenCase{"Bashar al-Assad, 50", {"Bashar", "al-Assad", ",", "50"}},
                      TokenCase{"\xE2\x80\x9CWe agree,\xE2\x80\x9D he said",
                                {"\xE2\x80\x9C", "We", "agree", ",", "\xE2\x80\x9D", "he", "said"}},
                      TokenCase{"Da\xE2\x80\x99"
                                "esh is",
                                {"Da\xE2\x80\x99"
                                 "esh",
                                 "is"}},  // an apostrophe inside a name
                      TokenCase{"Syria \xE2\x80\x94 and", {"Syria", "\xE2\x80\x94", "and"}},
                      TokenCase{"Hama\xE2\x80\x94Homs", {"Hama", "\xE2\x80\x94", "Homs"}},
                      TokenCase{"(CNN) An", {"(", "CNN", ")", "An"}},
                      TokenCase{"$1,000 (Inc.)", {"$", "1,000", "(", "Inc.", ")"}}, TokenCase{"don't", {"do", "n't"}},
                      TokenCase{"people\xE2\x80\xA6who", {"people", "\xE2\x80\xA6", "who"}},
                      TokenCase{"wait...", {"wait", "..."}}, TokenCase{"", {}}));

TEST(Tokenizing, OffsetsAreOrderedAndInsideTheText) {
    const std::string text = "  \xC2\xA0President Vladimir Putin\xE2\x80\x99s \"plan\"\n\nSyria\xE2\x80\x94(IS).";
    std::size_t previous = 0;
    for (const Token& t : tokenize(text)) {
        EXPECT_LE(previous, t.start);
        EXPECT_LT(t.start, t.end);
        EXPECT_LE(t.end, text.size());
        previous = t.end;
    }
}

TEST(Tokenizing, NormalizedFormsAreTheCorpus) {
    EXPECT_EQ(normalize_token("\xE2\x80\x99s"), "'s");
    EXPECT_EQ(normalize_token("\xE2\x80\x9C"), "\"");
    EXPECT_EQ(normalize_token("\xE2\x80\x94"), "--");
    EXPECT_EQ(normalize_token("Da\xE2\x80\x99"
                              "esh"),
              "Da'esh");
    EXPECT_EQ(normalize_token("Homs"), "Homs");
}

std::vector<std::string> sentence_texts(std::string_view text) {
    const std::vector<Token> tokens = tokenize(text);
    std::vector<std::string> out;
    for (const TokenRange& r : split_sentences(text, tokens)) {
        out.emplace_back(text.substr(tokens[r.first].start, tokens[r.last - 1].end - tokens[r.first].start));
    }
    return out;
}

TEST(Sentences, BreakAfterFinalPunctuationAndAtLineBreaks) {
    EXPECT_EQ(sentence_texts("He left. She stayed."), (std::vector<std::string>{"He left.", "She stayed."}));
    EXPECT_EQ(sentence_texts("U.S. officials met Mr. Kerry. Then"),
              (std::vector<std::string>{"U.S. officials met Mr. Kerry.", "Then"}));
    EXPECT_EQ(sentence_texts("\"We agree.\" He said"), (std::vector<std::string>{"\"We agree.\"", "He said"}));
    EXPECT_EQ(sentence_texts("Headline here\nBody text"), (std::vector<std::string>{"Headline here", "Body text"}));
    EXPECT_EQ(sentence_texts("it rose 3.5 percent. the end"),
              (std::vector<std::string>{"it rose 3.5 percent. the end"}));
}

TEST(Tags, BilouFromCorpusLabels) {
    // "President Bush visited New York ." with GMB labels.
    LabeledSentence s{{"President", "Bush", "visited", "New", "York", "."}, {0x81, 0x01, 0, 0x83, 0x03, 0}};
    const TypeMap types("per org geo");
    const TagScheme bilou{types.types, true};
    const std::vector<std::uint8_t> tags = encode_tags(s, bilou, types);
    EXPECT_EQ(tags, (std::vector<std::uint8_t>{1, 3, 0, 9, 11, 0}));  // B-PER L-PER O B-LOC L-LOC O
    EXPECT_EQ(spans_from_tags(tags, bilou),
              (std::vector<EntitySpan>{{0, 2, EntityType::person}, {3, 5, EntityType::location}}));
    const TagScheme bio{types.types, false};
    EXPECT_EQ(spans_from_tags(encode_tags(s, bio, types), bio), spans_from_tags(tags, bilou));
}

TEST(Tags, ClassesOutsideTheMapAreO) {
    LabeledSentence s{{"Iraqi", "troops", "on", "Monday"}, {0x84, 0, 0, 0x85}};  // gpe, tim
    EXPECT_EQ(encode_tags(s, TagScheme{3, true}, TypeMap("per org geo")), (std::vector<std::uint8_t>{0, 0, 0, 0}));
    const TypeMap four("per org geo gpe");
    EXPECT_EQ(four.types, 4U);
    EXPECT_EQ(encode_tags(s, TagScheme{4, true}, four), (std::vector<std::uint8_t>{16, 0, 0, 0}));  // U-GPE
    EXPECT_THROW(TypeMap("org per geo"), Error);
    EXPECT_THROW(TypeMap("per org geo xyz"), Error);
}

TEST(GmbCsv, ReadsSentencesLabelsAndLatin1) {
    const std::string csv =
        "Sentence #,Word,POS,Tag\n"
        "Sentence: 1,Thousands,NNS,O\n"
        ",of,IN,O\n"
        ",\"\"\"\",``,O\n"
        ",London,NNP,B-geo\n"
        ",\"10,000\",CD,O\n"
        "Sentence: 2,Jos\xE9,NNP,B-per\n"
        ",Luis,NNP,I-per\n";
    const std::vector<LabeledSentence> s = read_gmb_csv(csv);
    ASSERT_EQ(s.size(), 2U);
    EXPECT_EQ(s[0].words, (std::vector<std::string>{"Thousands", "of", "\"", "London", "10,000"}));
    EXPECT_EQ(s[0].labels, (std::vector<std::uint8_t>{0, 0, 0, 0x83, 0}));
    EXPECT_EQ(s[1].words[0], "Jos\xC3\xA9");
    EXPECT_EQ(s[1].labels, (std::vector<std::uint8_t>{0x81, 0x01}));
    EXPECT_THROW((void)read_gmb_csv("Sentence #,Word,POS,Tag\nSentence: 1,x,NN,B-xyz\n"), Error);
}

TEST(Harmonize, OneNameOneTypeAndUntaggedRepeats) {
    const std::vector<std::vector<std::string>> sentences = {{"John", "Kerry", "met", "Hama", "officials", "."},
                                                             {"Kerry", "said", "Hama", "was", "calm", "."},
                                                             {"In", "Hama", ",", "Kerry", "smiled", "."},
                                                             {"the", "kerry", "gold", "butter"}};
    std::vector<std::vector<EntitySpan>> entities = {{{0, 2, EntityType::person}, {3, 4, EntityType::location}},
                                                     {{2, 3, EntityType::location}},
                                                     {{1, 2, EntityType::person}}};  // the minority type
    entities.emplace_back();
    harmonize_document(sentences, entities);
    EXPECT_EQ(entities[1], (std::vector<EntitySpan>{{0, 1, EntityType::person}, {2, 3, EntityType::location}}));
    EXPECT_EQ(entities[2], (std::vector<EntitySpan>{{1, 2, EntityType::location}, {3, 4, EntityType::person}}));
    EXPECT_TRUE(entities[3].empty());  // lower case: not the name
}

TEST(BuiltinModel, LoadsQuicklyAndKnowsItsTypes) {
    const auto t0 = std::chrono::steady_clock::now();
    const TaggerModel& builtin = TaggerModel::builtin();
    const TaggerModel copy{std::string(builtin.bytes())};  // parsed from owned bytes
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_LT(ms, 100.0);
    EXPECT_GE(builtin.scheme().types, 3U);
    EXPECT_EQ(builtin.type_names().substr(0, 11), "per org geo");
    EXPECT_LE(builtin.bytes().size(), std::size_t{8} << 20);  // a few MB at most
    EXPECT_NE(builtin.lexicon().classes("president") & Lexicon::title, 0);
    EXPECT_EQ(copy.hash_bits(), builtin.hash_bits());
    EXPECT_THROW(TaggerModel(std::string("not a model")), Error);
    std::string truncated(builtin.bytes().substr(0, builtin.bytes().size() - 1));
    EXPECT_THROW(TaggerModel(std::move(truncated)), Error);
}

// Plain news sentences every reasonable model gets right.
TEST(BuiltinModel, TagsPlainNews) {
    const Tagger tagger;
    const std::string text =
        "President Vladimir Putin met German Chancellor Angela Merkel in Berlin on Monday. "
        "The United Nations said the talks were useful.";
    const TaggedText t = tagger.tag(text);
    std::vector<std::pair<std::string, EntityType>> found;
    for (const EntitySpan& e : t.entities) {
        found.emplace_back(text.substr(t.tokens[e.first].start, t.tokens[e.last - 1].end - t.tokens[e.first].start),
                           e.type);
    }
    auto has = [&](const std::string& name, EntityType type) {
        for (const auto& [n, ty] : found) {
            if (ty == type && n.find(name) != std::string::npos) return true;
        }
        return false;
    };
    EXPECT_TRUE(has("Vladimir Putin", EntityType::person));
    EXPECT_TRUE(has("Angela Merkel", EntityType::person));
    EXPECT_TRUE(has("Berlin", EntityType::location));
    EXPECT_TRUE(has("United Nations", EntityType::organization));
    for (const auto& [n, ty] : found) EXPECT_EQ(n.find("Monday"), std::string::npos);
}

TEST(BuiltinModel, HeadlineInCapitalsLearnsFromTheText) {
    const Tagger tagger;
    const auto parts = tagger.tag_article("KERRY ARRIVES IN CAIRO FOR TALKS",
                                          "Secretary of State John Kerry arrived in Cairo on Sunday.");
    bool kerry = false;
    for (const EntitySpan& e : parts[0].entities) {
        kerry = kerry || (e.type == EntityType::person && parts[0].words[e.first] == "KERRY");
    }
    EXPECT_TRUE(kerry);
    EXPECT_TRUE(parts[0].all_caps_sentence.at(0));
}

// A tiny corpus: the same data and seed give the same bytes; another seed, other bytes.
TEST(Training, DeterministicOnASyntheticCorpus) {
    std::vector<LabeledSentence> corpus;
    const char* const people[] = {"Smith", "Jones", "Brown", "Garcia"};
    const char* const places[] = {"Paris", "Lagos", "Lima", "Oslo"};
    for (int k = 0; k < 40; ++k) {
        corpus.push_back({{"Mr.", people[k % 4], "visited", places[(k / 4) % 4], "."}, {0x81, 0x01, 0, 0x83, 0}});
    }
    TrainingOptions options;
    options.epochs = 3;
    options.hash_bits = 12;
    options.lexicon = "title\tmr.\n";
    const std::string a = train_tagger(corpus, options, Gazetteer());
    const std::string b = train_tagger(corpus, options, Gazetteer());
    EXPECT_EQ(a, b);
    options.seed += 1;
    EXPECT_NE(train_tagger(corpus, options, Gazetteer()), a);
    const TaggerModel model{std::string(a)};
    const Tagger tagger(model);
    const std::vector<std::string> words = {"Mr.", "Jones", "visited", "Lima", "."};
    EXPECT_EQ(tagger.tag_sentence(words),
              (std::vector<EntitySpan>{{0, 2, EntityType::person}, {3, 4, EntityType::location}}));
}

// A retrained model from the same data and seed is identical, on a slice of GMB.
TEST(Training, DeterministicOnGmb) {
    const std::filesystem::path csv = std::filesystem::path(NEWSINDEX_SHARED_DIR) / "data/gmb/ner_dataset.csv.gz";
    if (!std::filesystem::exists(csv))
        GTEST_SKIP() << "GMB corpus absent (" << csv.string() << "): determinism on GMB not checked";
    InputStream in(csv);
    const std::vector<LabeledSentence> all = read_gmb_csv(in.read_all(std::size_t{1} << 30));
    ASSERT_EQ(all.size(), 47959U);
    const std::span<const LabeledSentence> slice(all.data(), 1500);
    TrainingOptions options;
    options.epochs = 2;
    options.hash_bits = 14;
    options.lexicon = "title\tpresident\norg_suffix\tministry\n";
    const std::string first = train_tagger(slice, options, Gazetteer());
    const std::string second = train_tagger(slice, options, Gazetteer());
    EXPECT_EQ(first, second);
    // And it learnt something: the slice's own names come back.
    const TaggerModel model{std::string(first)};
    const SpanScores scores = evaluate_tagger(Tagger(model), slice.first(300));
    EXPECT_GT(scores.overall_f1(), 0.5);
}

}  // namespace
}  // namespace newsindex::detail
