// Near-duplicates: fingerprints, the story decision, the table of recent articles, and
// stories as the index writer assigns them (across commits, runs and shards).

#include "database_location.hpp"
#include "document.hpp"
#include "near_duplicates.hpp"
#include "schema.hpp"
#include "test_support.hpp"

#include <newsindex/error.hpp>
#include <newsindex/index_writer.hpp>
#include <newsindex/search.hpp>

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <vector>

namespace newsindex::detail {
namespace {

// A story of `words` words drawn from a vocabulary of a few thousand made-up words, so that
// two stories share about as much as two unrelated news articles do.
std::string story_text(unsigned seed, std::size_t words = 150) {
    std::mt19937 rng(seed);
    static const char* const syllables[] = {"ka", "lo", "mi", "ran", "te", "vo", "su", "ber", "din", "gal",
                                            "hor", "jum", "pex", "quo", "wil", "zet", "ab", "ek", "oz", "ul"};
    std::uniform_int_distribution<int> pick(0, 19);
    std::string text;
    for (std::size_t i = 0; i < words; ++i) {
        if (i > 0) text += (i % 17 == 0) ? ". " : " ";
        text += std::string(syllables[pick(rng)]) + syllables[pick(rng)] + syllables[pick(rng)];
    }
    return text + ".";
}

// The text with a share of its words replaced by other made-up words.
std::string rewritten(const std::string& text, double share, unsigned seed) {
    std::mt19937 rng(seed);
    std::bernoulli_distribution change(share);
    std::string out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find(' ', start);
        if (end == std::string::npos) end = text.size();
        const std::string word = text.substr(start, end - start);
        out += change(rng) ? "zzq" + std::to_string(rng() % 100000) : word;
        if (end < text.size()) out += ' ';
        start = end + 1;
    }
    return out;
}

TEST(Fingerprint, ExactHashIgnoresCaseSpacingAndTitleButNotWords) {
    const std::string text = story_text(1);
    std::string respaced = text;
    for (char& c : respaced) {
        if (c == ' ') c = '\n';
    }
    respaced[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(respaced[0])));
    const Fingerprint a = fingerprint("A title", text);
    EXPECT_NE(a.exact, 0u);
    EXPECT_EQ(fingerprint("Another title", respaced).exact, a.exact);
    EXPECT_NE(fingerprint("A title", text + " more").exact, a.exact);
    EXPECT_EQ(fingerprint("", "").exact, 0u);
    EXPECT_FALSE(fingerprint("", "").has_signature());
}

TEST(Fingerprint, FunctionWordsDoNotMakeACopyNew) {
    const std::string text = "Officials in Kabul said some soldiers left the base on Monday and the talks "
                             "resumed in Doha after the ceasefire collapsed near Kandahar airport";
    const std::string spun = "Officials in Kabul said a few soldiers left a base on Monday and those talks "
                             "resumed in Doha after this ceasefire collapsed near Kandahar airport";
    EXPECT_DOUBLE_EQ(similarity(fingerprint("", text), fingerprint("", spun)), 1.0);
}

TEST(Fingerprint, SimilarityFollowsTheShareOfRewrittenWords) {
    const std::string text = story_text(2, 400);
    const Fingerprint original = fingerprint("", text);
    const double ten = similarity(original, fingerprint("", rewritten(text, 0.10, 3)));
    const double twenty = similarity(original, fingerprint("", rewritten(text, 0.20, 4)));
    const double unrelated = similarity(original, fingerprint("", story_text(5, 400)));
    // Pairs of words: a tenth rewritten leaves ~0.81 of them, Jaccard ~0.68; a fifth ~0.47.
    EXPECT_GT(ten, 0.55);
    EXPECT_GT(twenty, story_threshold);
    EXPECT_LT(twenty, ten);
    EXPECT_LT(unrelated, 0.1);
}

TEST(Fingerprint, BandKeysAgreeForEqualSignaturesAndEncodingRoundTrips) {
    const Fingerprint a = fingerprint("T", story_text(6));
    const Fingerprint b = fingerprint("T", story_text(6));
    EXPECT_EQ(band_keys(a), band_keys(b));
    EXPECT_EQ(band_keys(a).size(), band_count);
    const std::vector<std::uint64_t> other = band_keys(fingerprint("T", story_text(7)));
    std::size_t shared = 0;
    for (const std::uint64_t k : band_keys(a)) shared += std::count(other.begin(), other.end(), k);
    EXPECT_EQ(shared, 0u);
    const std::optional<Fingerprint> back = decode_fingerprint(encode_fingerprint(a));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->exact, a.exact);
    EXPECT_EQ(back->shingles, a.shingles);
    EXPECT_EQ(back->signature, a.signature);
    EXPECT_FALSE(decode_fingerprint("short"));
}

TEST(DecideStory, ExactCopiesNearCopiesAndStrangers) {
    const std::string text = story_text(8);
    const Fingerprint original = fingerprint("T", text);
    const std::vector<StoryMember> indexed = {
        {"stranger", "s1", "x.txt", fingerprint("T", story_text(9))},
        {"orig", "s2", "orig.txt", original},
    };
    const StoryDecision exact = decide_story("copy", fingerprint("Other title", text), indexed);
    EXPECT_EQ(exact.kind, StoryDecision::Kind::exact_duplicate);
    EXPECT_EQ(exact.story, "s2");
    EXPECT_EQ(exact.of, 1u);
    const StoryDecision near = decide_story("spun", fingerprint("T", rewritten(text, 0.1, 10)), indexed);
    EXPECT_EQ(near.kind, StoryDecision::Kind::near_duplicate);
    EXPECT_EQ(near.story, "s2");
    EXPECT_GT(near.similarity, story_threshold);
    const StoryDecision fresh = decide_story("new", fingerprint("T", story_text(11)), indexed);
    EXPECT_EQ(fresh.kind, StoryDecision::Kind::new_story);
    EXPECT_EQ(fresh.story, "new");
    // An older version of the same article is not a copy of it.
    EXPECT_EQ(decide_story("orig", original, indexed).kind, StoryDecision::Kind::new_story);
}

TEST(DecideStory, ShortTemplatedNoticesAreNotMergedUnlessExact) {
    const Fingerprint a = fingerprint("", "CHARLOTTE, March 19 - Qtly div 24 cts vs 24 cts prior pay May eight record April 17");
    const Fingerprint b = fingerprint("", "TULSA, April 17 - Qtly div 64 cts vs 64 cts prior pay May 15 record April 30");
    const StoryDecision d = decide_story("b", b, {{"a", "a", "a.txt", a}});
    EXPECT_EQ(d.kind, StoryDecision::Kind::new_story);
    EXPECT_EQ(decide_story("c", a, {{"a", "a", "a.txt", a}}).kind, StoryDecision::Kind::exact_duplicate);
}

TEST(RecentStories, FindsByBandOrExactHashAndForgetsOldestFirst) {
    RecentStories recent;
    const std::string text = story_text(12);
    recent.add({"a", "a", "a.txt", fingerprint("", text)});
    recent.add({"b", "b", "b.txt", fingerprint("", story_text(13))});
    std::vector<StoryMember> found;
    recent.candidates(fingerprint("", rewritten(text, 0.1, 14)), found);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].id, "a");
    EXPECT_EQ(recent.added(), 2u);
    recent.keep_newest(1);
    found.clear();
    recent.candidates(fingerprint("", text), found);
    EXPECT_TRUE(found.empty());
    EXPECT_EQ(recent.size(), 1u);
    EXPECT_EQ(recent.added(), 2u);
}

Article article(const std::string& id, const std::string& text) {
    Article a;
    a.id = id;
    a.source = id + ".txt";
    a.title = "Report " + id;
    a.text = text;
    return a;
}

// id -> story, as the index holds them.
std::map<std::string, std::string> stories_in(const std::string& path) {
    std::map<std::string, std::string> out;
    const Xapian::Database db = open_database(path);
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        const Xapian::Document doc = db.get_document(*it);
        out[read_stored(doc.get_data()).id] = doc.get_value(schema::story_slot);
    }
    return out;
}

TEST(IndexWriterStories, CopiesJoinTheFirstArticlesStoryAcrossCommitsRunsAndShards) {
    for (const unsigned shards : {1u, 3u}) {
        test::TempDir dir;
        const std::string db = (dir.path() / "db").string();
        std::vector<std::string> texts;
        for (unsigned i = 0; i < 6; ++i) texts.push_back(story_text(100 + i));
        {
            // A tiny flush threshold: shards commit on their own while copies are looked up.
            IndexWriter writer(db, WriterOptions{shards, 2000});
            for (unsigned i = 0; i < 6; ++i) {
                const AddResult r = writer.add(article("orig" + std::to_string(i), texts[i]));
                EXPECT_EQ(r.duplicate, AddResult::Duplicate::none);
                EXPECT_EQ(r.story, "orig" + std::to_string(i));
            }
            for (unsigned i = 0; i < 6; ++i) {
                const AddResult exact = writer.add(article("exact" + std::to_string(i), texts[i]));
                EXPECT_EQ(exact.duplicate, AddResult::Duplicate::exact) << shards << " " << i;
                EXPECT_EQ(exact.story, "orig" + std::to_string(i));
                EXPECT_EQ(exact.duplicate_of, "orig" + std::to_string(i) + ".txt");
            }
            writer.commit();
        }
        {
            // A later run: the copies are found in the index.
            IndexWriter writer(db);
            for (unsigned i = 0; i < 6; ++i) {
                const AddResult near = writer.add(article("spun" + std::to_string(i), rewritten(texts[i], 0.1, i)));
                EXPECT_EQ(near.duplicate, AddResult::Duplicate::near) << shards << " " << i;
                EXPECT_EQ(near.story, "orig" + std::to_string(i));
            }
            // Re-adding an article does not make it a copy of itself.
            EXPECT_EQ(writer.add(article("orig0", texts[0])).duplicate, AddResult::Duplicate::exact);  // of exact0
            EXPECT_EQ(writer.add(article("fresh", story_text(200))).duplicate, AddResult::Duplicate::none);
            writer.commit();
        }
        const auto stories = stories_in(db);
        ASSERT_EQ(stories.size(), 19u);
        for (unsigned i = 0; i < 6; ++i) {
            const std::string story = "orig" + std::to_string(i);
            EXPECT_EQ(stories.at("exact" + std::to_string(i)), story);
            EXPECT_EQ(stories.at("spun" + std::to_string(i)), story);
        }
        EXPECT_EQ(stories.at("fresh"), "fresh");
    }
}

TEST(IndexWriterStories, OffMeansNoStoryAndNoLookup) {
    test::TempDir dir;
    const std::string db = (dir.path() / "db").string();
    WriterOptions options;
    options.stories = false;
    {
        IndexWriter writer(db, options);
        const std::string text = story_text(300);
        EXPECT_TRUE(writer.add(article("a", text)).story.empty());
        EXPECT_EQ(writer.add(article("b", text)).duplicate, AddResult::Duplicate::none);
    }
    for (const auto& [id, story] : stories_in(db)) EXPECT_TRUE(story.empty()) << id;
}

// Three stories: "a" with an exact and a rewritten copy, "b" with a rewritten copy, "c" alone.
std::string index_three_stories(const test::TempDir& dir, unsigned shards) {
    const std::string db = (dir.path() / ("db" + std::to_string(shards))).string();
    IndexWriter writer(db, WriterOptions{shards});
    const std::string a = story_text(400) + " harbour", b = story_text(401) + " harbour", c = story_text(402) + " harbour";
    writer.add(article("a", a));
    writer.add(article("b", b));
    writer.add(article("a-copy", a));
    writer.add(article("c", c));
    writer.add(article("a-spun", rewritten(a, 0.1, 1)));
    writer.add(article("b-spun", rewritten(b, 0.1, 2)));
    writer.commit();
    return db;
}

TEST(SearchStories, CollapseShowsEachStoryOnceWithItsSizeAndPagesByStory) {
    test::TempDir dir;
    for (const unsigned shards : {1u, 2u}) {
        const Searcher searcher({index_three_stories(dir, shards)});
        SearchRequest request;
        request.query = "harbour";
        const SearchResults all = searcher.search(request);
        EXPECT_EQ(all.total, 6u);
        EXPECT_EQ(all.hits.size(), 6u);
        EXPECT_FALSE(all.stories);
        request.collapse = true;
        const SearchResults stories = searcher.search(request);
        EXPECT_EQ(stories.total, 6u);
        EXPECT_EQ(stories.stories, std::optional<std::size_t>(3));
        std::map<std::string, std::size_t> similar;
        for (const SearchHit& h : stories.hits) similar[h.story] = h.similar;
        EXPECT_EQ(similar, (std::map<std::string, std::size_t>{{"a", 2}, {"b", 1}, {"c", 0}})) << shards;
        request.limit = 1;
        std::set<std::string> paged;
        for (std::size_t offset = 0; offset < 4; ++offset) {
            request.offset = offset;
            for (const SearchHit& h : searcher.search(request).hits) paged.insert(h.story);
        }
        EXPECT_EQ(paged, (std::set<std::string>{"a", "b", "c"}));
    }
}

TEST(SearchStories, FacetsCountStoriesOnceUnderEveryValueOfTheirMembers) {
    test::TempDir dir;
    for (const unsigned shards : {1u, 2u}) {
        const std::string db = (dir.path() / ("facets" + std::to_string(shards))).string();
        {
            IndexWriter writer(db, WriterOptions{shards});
            const std::string a = story_text(500), b = story_text(501);
            auto with = [](Article x, std::vector<std::string> places, std::optional<Date> day) {
                for (const std::string& p : places) x.places.push_back(Place{p, PlaceKind::country, "", {}, 1});
                x.published = day;
                return x;
            };
            writer.add(with(article("a", a), {"Syria"}, Date{2015, 9, 28}));
            writer.add(with(article("a-copy", a), {"Syria", "Russia"}, Date{2015, 9, 29}));
            writer.add(with(article("a-spun", rewritten(a, 0.1, 1)), {"Syria"}, Date{2015, 9, 28}));
            writer.add(with(article("b", b), {"Syria"}, std::nullopt));
            writer.commit();
        }
        const Searcher searcher({db});
        SearchRequest request;
        request.facets = {"place", "date"};
        auto counts = [&](FacetUnit unit) {
            request.facet_unit = unit;
            std::map<std::string, std::map<std::string, std::size_t>> out;
            for (const Facet& f : searcher.search(request).facets) {
                for (const FacetValue& v : f.values) out[f.field][v.value] = v.count;
            }
            return out;
        };
        const auto articles = counts(FacetUnit::article);
        EXPECT_EQ(articles.at("place"), (std::map<std::string, std::size_t>{{"Syria", 4}, {"Russia", 1}}));
        EXPECT_EQ(articles.at("date"),
                  (std::map<std::string, std::size_t>{{"2015-09-28", 2}, {"2015-09-29", 1}, {"no date", 1}}));
        const auto stories = counts(FacetUnit::story);
        EXPECT_EQ(stories.at("place"), (std::map<std::string, std::size_t>{{"Syria", 2}, {"Russia", 1}})) << shards;
        EXPECT_EQ(stories.at("date"),
                  (std::map<std::string, std::size_t>{{"2015-09-28", 1}, {"2015-09-29", 1}, {"no date", 1}}));
    }
}

TEST(SearchStories, SimilarListsTheMembersOfAnArticlesStory) {
    test::TempDir dir;
    const Searcher searcher({index_three_stories(dir, 2)});
    SearchRequest request;
    request.similar_to = "a-spun";
    request.limit = 100;
    std::set<std::string> ids;
    for (const SearchHit& h : searcher.search(request).hits) ids.insert(h.id);
    EXPECT_EQ(ids, (std::set<std::string>{"a", "a-copy", "a-spun"}));
    request.similar_to = "c";
    EXPECT_EQ(searcher.search(request).total, 1u);
    request.similar_to = "nope";
    EXPECT_THROW((void)searcher.search(request), QueryError);
}

}  // namespace
}  // namespace newsindex::detail
