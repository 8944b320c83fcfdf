// IndexWriter and Searcher together: what goes in comes out, once, with exact counts.

#include "schema.hpp"
#include "test_support.hpp"

#include <newsindex/error.hpp>
#include <newsindex/extract.hpp>
#include <newsindex/index_writer.hpp>
#include <newsindex/json.hpp>
#include <newsindex/search.hpp>

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>

namespace newsindex {
namespace {

using test::TempDir;

using test::make_article;

std::vector<std::string> ids(const SearchResults& r) {
    std::vector<std::string> out;
    for (const auto& h : r.hits) out.push_back(h.id);
    return out;
}

class SeedIndex : public ::testing::Test {
  protected:
    void SetUp() override {
        IndexWriter writer(m_dir / "db");
        Extractor().run({test::source_dir() + "/corpus"}, [&](Article&& a) { writer.add(a); },
                        [](const InputProblem& p) { FAIL() << p.source << ": " << p.reason; });
        writer.commit();
    }
    [[nodiscard]] Searcher searcher() const { return Searcher({m_dir / "db"}); }
    TempDir m_dir;
};

TEST_F(SeedIndex, FreeTextFindsBothSeeds) {
    SearchRequest r;
    r.query = "airstrikes";
    const auto results = searcher().search(r);
    EXPECT_EQ(results.total, 2u);
    ASSERT_EQ(results.hits.size(), 2u);
    for (const auto& h : results.hits) {
        EXPECT_FALSE(h.title.empty());
        EXPECT_NE(h.snippet.find("airstrikes"), std::string::npos) << h.snippet;
        EXPECT_EQ(h.snippet.find('\n'), std::string::npos);
        EXPECT_GT(h.score, 0.0);
    }
}

TEST_F(SeedIndex, SnippetsMarkTheMatchedWords) {
    SearchRequest r;
    r.query = "airstrikes";
    for (const SearchHit& h : searcher().search(r).hits) {
        ASSERT_FALSE(h.highlights.empty()) << h.snippet;
        for (const auto& [start, end] : h.highlights) {
            ASSERT_LT(start, end);
            ASSERT_LE(end, h.snippet.size());
            EXPECT_EQ(h.snippet.substr(start, end - start), "airstrikes") << h.snippet;
        }
        EXPECT_EQ(h.snippet.find('\x02'), std::string::npos);
    }
}

TEST_F(SeedIndex, UnknownWordsGetASuggestionFromTheTitles) {
    SearchRequest r;
    r.query = "russsia";
    const auto results = searcher().search(r);
    EXPECT_EQ(results.total, 0u);
    ASSERT_TRUE(results.suggestion);
    EXPECT_EQ(*results.suggestion, "russia");
    r.query = "russia";
    EXPECT_FALSE(searcher().search(r).suggestion);
}

TEST_F(SeedIndex, PhraseAndBooleanQueries) {
    SearchRequest r;
    r.query = "\"Tel Aviv\"";
    EXPECT_EQ(searcher().search(r).total, 1u);
    r.query = "Kerry OR Khushfa";
    EXPECT_EQ(searcher().search(r).total, 2u);
    r.query = "airstrikes NOT Kerry";
    EXPECT_EQ(searcher().search(r).total, 1u);
    r.query = "title:defence";
    EXPECT_EQ(searcher().search(r).total, 1u);
}

TEST_F(SeedIndex, PlaceFilterMatchesAliasesAnyCase) {
    SearchRequest r;
    r.places = {"Syria"};
    EXPECT_EQ(searcher().search(r).total, 2u);
    r.places = {"russian federation"};
    const auto by_alias = searcher().search(r);
    r.places = {"Russia"};
    const auto by_name = searcher().search(r);
    EXPECT_EQ(by_alias.total, 2u);
    EXPECT_EQ(ids(by_alias), ids(by_name));
    r.places = {"Qatar"};
    EXPECT_EQ(searcher().search(r).total, 1u);
    r.places = {"Qatar", "Syria"};  // all must hold
    EXPECT_EQ(searcher().search(r).total, 1u);
    r.places.clear();
    r.query = "place:USA";
    EXPECT_EQ(searcher().search(r).total, 2u);
}

TEST_F(SeedIndex, MonthFacetCountsDatedAndUndated) {
    SearchRequest r;
    r.facets = {"date:month", "date:year", "place"};
    r.facet_limit = 100;
    r.limit = 0;
    const auto results = searcher().search(r);
    EXPECT_EQ(results.total, 2u);
    EXPECT_TRUE(results.hits.empty());
    ASSERT_EQ(results.facets.size(), 3u);
    EXPECT_EQ(results.facets[0].field, "date:month");
    std::map<std::string, std::size_t> months;
    for (const auto& v : results.facets[0].values) months[v.value] = v.count;
    EXPECT_EQ(months, (std::map<std::string, std::size_t>{{"2015-09", 1}, {"no date", 1}}));
    EXPECT_EQ(results.facets[1].values.front().value, "2015");
    std::map<std::string, std::size_t> places;
    for (const auto& v : results.facets[2].values) places[v.value] = v.count;
    EXPECT_EQ(places["Syria"], 2u);
    EXPECT_EQ(places["Qatar"], 1u);
}

TEST_F(SeedIndex, MentionedDaysAreSearchable) {
    SearchRequest r;
    r.mentioned = {Date{2015, 10, 1}};  // "Thursday" in the first seed, resolved
    EXPECT_EQ(searcher().search(r).total, 1u);
    r.mentioned = {Date{2015, 10, 2}};
    EXPECT_EQ(searcher().search(r).total, 0u);
    r.mentioned.clear();
    r.query = "mentioned:2015-09-30 OR mentioned:20151001";
    EXPECT_EQ(searcher().search(r).total, 1u);
    r.query = "mentioned:2015-13-01";
    EXPECT_THROW((void)searcher().search(r), QueryError);
}

TEST_F(SeedIndex, AnArticleComesBackWithItsWholeExtractionRecord) {
    std::vector<Article> extracted;
    Extractor().run({test::source_dir() + "/corpus"}, [&](Article&& a) { extracted.push_back(std::move(a)); },
                    [](const InputProblem& p) { FAIL() << p.source << ": " << p.reason; });
    ASSERT_EQ(extracted.size(), 2u);
    const Searcher s = searcher();
    for (const Article& a : extracted) {
        const std::optional<IndexedArticle> indexed = s.article(a.id);
        ASSERT_TRUE(indexed) << a.id;
        EXPECT_EQ(to_json(indexed->article), to_json(a));
        EXPECT_FALSE(indexed->story.empty());
    }
    EXPECT_FALSE(s.article("no-such-article"));
    EXPECT_FALSE(s.article(""));
}

TEST(Searcher, ReopenSeesWhatWasCommittedSinceOpening) {
    TempDir dir;
    IndexWriter writer(dir / "db");
    writer.add(make_article("a", "Oil", "Oil rose.", Date{2015, 1, 2}, {}));
    writer.commit();
    Searcher s({dir / "db"});
    writer.add(make_article("b", "Grain", "Grain fell.", Date{2015, 1, 3}, {}));
    writer.commit();
    EXPECT_EQ(s.size(), 1u);
    EXPECT_FALSE(s.article("b"));
    s.reopen();
    EXPECT_EQ(s.size(), 2u);
    ASSERT_TRUE(s.article("b"));
    EXPECT_EQ(s.article("b")->article.title, "Grain");
}

TEST_F(SeedIndex, ReindexingReplacesInsteadOfDuplicating) {
    {
        IndexWriter writer(m_dir / "db");
        Extractor().run({test::source_dir() + "/corpus/"}, [&](Article&& a) { writer.add(a); },
                        [](const InputProblem&) {});
        writer.commit();
        EXPECT_EQ(writer.size(), 2u);
    }
    EXPECT_EQ(searcher().size(), 2u);
}

class SmallArchive : public ::testing::Test {
  protected:
    void SetUp() override {
        m_articles = {
            make_article("a", "Oil prices rise", "Oil rose in London trading.", Date{2015, 1, 31}, {"United Kingdom"}),
            make_article("b", "Oil output cut", "OPEC agreed an oil output cut.", Date{2015, 2, 1}, {"Saudi Arabia", "Qatar"}),
            make_article("c", "Grain harvest", "Wheat harvest in Argentina.", Date{2015, 2, 28}, {"Argentina"}),
            make_article("d", "Oil and grain", "Oil and grain shipments from Argentina.", Date{2016, 3, 1},
                         {"Argentina", "Qatar", "United Kingdom"}),
            make_article("e", "Undated oil note", "Oil again, no date.", std::nullopt, {"Qatar"}),
        };
        IndexWriter writer(m_dir / "db");
        for (const Article& a : m_articles) writer.add(a);
        writer.commit();
    }
    [[nodiscard]] Searcher searcher() const { return Searcher({m_dir / "db"}); }
    TempDir m_dir;
    std::vector<Article> m_articles;
};

TEST_F(SmallArchive, PlaceFacetEqualsBruteForceCount) {
    SearchRequest r;
    r.query = "oil";
    r.facets = {"place"};
    r.facet_limit = 100;
    const auto results = searcher().search(r);
    std::map<std::string, std::size_t> want;
    for (const Article& a : m_articles) {
        if (a.text.find("Oil") == std::string::npos && a.text.find("oil") == std::string::npos) continue;
        for (const Place& p : a.places) ++want[p.name];
    }
    std::map<std::string, std::size_t> got;
    for (const auto& v : results.facets.at(0).values) got[v.value] = v.count;
    EXPECT_EQ(got, want);
    EXPECT_EQ(results.facets[0].values.front().value, "Qatar");  // most frequent first
}

TEST_F(SmallArchive, PlaceFieldsInTheQueryMustAllHoldUnlessOred) {
    SearchRequest r;
    r.query = "place:Qatar place:Argentina";
    EXPECT_EQ(ids(searcher().search(r)), std::vector<std::string>{"d"});
    r.query = "place:Qatar OR place:Argentina";
    EXPECT_EQ(searcher().search(r).total, 4u);  // b, c, d, e
}

TEST_F(SmallArchive, PhrasesNeedTheWordsInOrder) {
    SearchRequest r;
    r.query = "\"oil output\"";
    EXPECT_EQ(ids(searcher().search(r)), std::vector<std::string>{"b"});
    r.query = "\"output oil\"";
    EXPECT_EQ(searcher().search(r).total, 0u);
    r.query = "output oil";
    EXPECT_EQ(searcher().search(r).total, 1u);
    r.query = "outputs";  // stemmed: matches "output"
    EXPECT_EQ(searcher().search(r).total, 1u);
}

// An index written before the packed facet slots (format 2) is counted slot by slot, to the
// same exact counts; so is one searched over a remote server (tests/shards_test.cpp).
TEST_F(SmallArchive, IndexesWithoutPackedFacetSlotsCountSlotBySlot) {
    SearchRequest r;
    r.facets = {"place", "place:country"};
    r.facet_limit = 100;
    const auto packed = searcher().search(r).facets;
    ASSERT_EQ(packed.size(), 2u);
    ASSERT_EQ(packed[0].values.size(), 4u);  // United Kingdom, Saudi Arabia, Qatar, Argentina
    {
        Xapian::WritableDatabase db(m_dir / "db");
        for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d) {
            Xapian::Document doc = db.get_document(*d);
            for (const auto& family : detail::schema::facet_families) {
                if (!doc.get_value(family.packed).empty()) doc.remove_value(family.packed);
            }
            db.replace_document(*d, doc);
        }
        db.set_metadata(std::string(detail::schema::format_key), "2");
        db.commit();
    }
    const auto by_slot = searcher().search(r).facets;
    ASSERT_EQ(by_slot.size(), 2u);
    for (std::size_t f = 0; f < 2; ++f) {
        ASSERT_EQ(by_slot[f].values.size(), packed[f].values.size());
        for (std::size_t i = 0; i < packed[f].values.size(); ++i) {
            EXPECT_EQ(by_slot[f].values[i].value, packed[f].values[i].value);
            EXPECT_EQ(by_slot[f].values[i].count, packed[f].values[i].count);
        }
    }
}

TEST_F(SmallArchive, CountryFacetCountsCountriesOfPlaces) {
    // A city rolls up to its country in the country facet.
    {
        IndexWriter writer(m_dir / "db");
        Article city = make_article("f", "Riyadh talks", "Oil ministers met.", Date{2015, 3, 2}, {});
        city.places.push_back(Place{"Riyadh", PlaceKind::city, "SA", {"Riyadh Region", "Saudi Arabia"}, 2});
        writer.add(city);
        writer.commit();
    }
    SearchRequest r;
    r.facets = {"place:country", "place"};
    r.facet_limit = 100;
    const auto results = searcher().search(r);
    std::map<std::string, std::size_t> countries, places;
    for (const auto& v : results.facets.at(0).values) countries[v.value] = v.count;
    for (const auto& v : results.facets.at(1).values) places[v.value] = v.count;
    EXPECT_EQ(countries["Saudi Arabia"], 2u);  // b names the country, f its capital
    EXPECT_EQ(countries.count("Riyadh"), 0u);
    EXPECT_EQ(places["Riyadh"], 1u);
    EXPECT_EQ(places["Saudi Arabia"], 1u);
    r.facets.clear();
    r.places = {"Saudi Arabia"};  // the ancestor term finds the city's article too
    EXPECT_EQ(searcher().search(r).total, 2u);
}

TEST_F(SmallArchive, FacetLimitKeepsTheMostFrequent) {
    SearchRequest r;
    r.facets = {"place"};
    r.facet_limit = 2;
    const auto results = searcher().search(r);
    ASSERT_EQ(results.facets[0].values.size(), 2u);
    EXPECT_EQ(results.facets[0].values[0].value, "Qatar");
    EXPECT_EQ(results.facets[0].values[0].count, 3u);
}

TEST_F(SmallArchive, FacetValuesWithEqualCountsComeInTheOrderOfTheirNames) {
    // Argentina and United Kingdom are in two articles each: the cut at two keeps the first
    // name, whatever order the counting met them in.
    SearchRequest r;
    r.facets = {"place"};
    r.facet_limit = 100;
    const auto all = searcher().search(r).facets.at(0).values;
    ASSERT_GE(all.size(), 4u);
    for (std::size_t i = 1; i < all.size(); ++i) {
        EXPECT_TRUE(all[i - 1].count > all[i].count || (all[i - 1].count == all[i].count && all[i - 1].value < all[i].value))
            << all[i - 1].value << " before " << all[i].value;
    }
    r.facet_limit = 2;
    const auto top = searcher().search(r).facets.at(0).values;
    ASSERT_EQ(top.size(), 2u);
    EXPECT_EQ(top[1].value, "Argentina");
    EXPECT_EQ(top[1].count, 2u);
}

TEST_F(SmallArchive, DateRangesAreInclusiveAndMayBeOpen) {
    auto count = [&](std::optional<Date> from, std::optional<Date> to) {
        SearchRequest r;
        r.from = from;
        r.to = to;
        return searcher().search(r).total;
    };
    EXPECT_EQ(count(Date{2015, 1, 31}, Date{2015, 2, 1}), 2u);   // both ends inclusive
    EXPECT_EQ(count(Date{2015, 2, 1}, Date{2015, 2, 28}), 2u);
    EXPECT_EQ(count(Date{2015, 2, 2}, Date{2015, 2, 27}), 0u);   // empty inside
    EXPECT_EQ(count(Date{2015, 2, 1}, std::nullopt), 3u);         // open end
    EXPECT_EQ(count(std::nullopt, Date{2015, 12, 31}), 3u);       // open start
    EXPECT_EQ(count(Date{2015, 3, 1}, Date{2015, 2, 1}), 0u);     // reversed: nothing
    EXPECT_EQ(count(Date{1900, 1, 1}, Date{2100, 1, 1}), 4u);     // wider than the archive: every dated one
    SearchRequest r;
    r.query = "date:2015-02-01..";
    EXPECT_EQ(searcher().search(r).total, 3u);
    r.query = "oil date:..2015-02-01";
    EXPECT_EQ(searcher().search(r).total, 2u);
}

TEST_F(SmallArchive, SortByDateAndStablePaging) {
    SearchRequest r;
    r.sort = SortOrder::date;
    r.limit = 10;
    const auto all = ids(searcher().search(r));
    EXPECT_EQ(all, (std::vector<std::string>{"d", "c", "b", "a", "e"}));
    std::vector<std::string> paged;
    for (std::size_t offset = 0; offset < 5; offset += 2) {
        r.offset = offset;
        r.limit = 2;
        for (auto& id : ids(searcher().search(r))) paged.push_back(id);
    }
    EXPECT_EQ(paged, all);
}

TEST_F(SmallArchive, RemoveDeletesById) {
    {
        IndexWriter writer(m_dir / "db");
        EXPECT_TRUE(writer.remove("c"));
        EXPECT_FALSE(writer.remove("c"));
        writer.commit();
    }
    EXPECT_EQ(searcher().size(), 4u);
}

TEST_F(SmallArchive, MalformedQueriesAndFacetsAreQueryErrors) {
    SearchRequest r;
    r.query = "date:2015-99-01..2015-10-01";
    EXPECT_THROW((void)searcher().search(r), QueryError);
    r.query = "oil";
    r.facets = {"colour"};
    EXPECT_THROW((void)searcher().search(r), QueryError);
}

class ActorArchive : public ::testing::Test {
  protected:
    void SetUp() override {
        auto with_actors = [](std::string id, std::vector<Actor> actors) {
            Article a = make_article(std::move(id), "Talks", "Talks went on.", Date{2015, 9, 28}, {});
            a.actors = std::move(actors);
            return a;
        };
        const Actor putin{"Vladimir Putin", ActorKind::person, 3};
        const Actor is{"Islamic State", ActorKind::organization, 2};
        const Actor assad{"Bashar al-Assad", ActorKind::person, 1};
        const Actor russian_defence{"Russian Defence Ministry", ActorKind::organization, 1};
        IndexWriter writer(m_dir / "db");
        writer.add(with_actors("putin-is", {putin, is}));
        writer.add(with_actors("is-assad", {is, assad}));
        writer.add(with_actors("putin-defence", {putin, russian_defence}));
        writer.add(with_actors("none", {}));
        writer.commit();
    }
    [[nodiscard]] std::vector<std::string> by_actor(const std::string& name) const {
        SearchRequest r;
        r.actors = {name};
        auto found = ids(Searcher({m_dir / "db"}).search(r));
        std::sort(found.begin(), found.end());
        return found;
    }
    [[nodiscard]] std::vector<std::string> by_query(const std::string& query) const {
        SearchRequest r;
        r.query = query;
        auto found = ids(Searcher({m_dir / "db"}).search(r));
        std::sort(found.begin(), found.end());
        return found;
    }
    TempDir m_dir;
};

TEST_F(ActorArchive, AliasesFindTheCanonicalActorInAnyCase) {
    const std::vector<std::string> is_articles{"is-assad", "putin-is"};
    for (const char* alias : {"ISIS", "isis", "ISIL", "Da'esh", "daesh", "IS", "Islamic State of Iraq and the Levant",
                              "islamic state"}) {
        EXPECT_EQ(by_actor(alias), is_articles) << alias;
    }
    EXPECT_EQ(by_query("actor:ISIS"), is_articles);
    EXPECT_EQ(by_query("actor:\"Da'esh\" talks"), is_articles);
}

TEST_F(ActorArchive, PartialNamesAndTitledNamesFindTheActor) {
    const std::vector<std::string> putin_articles{"putin-defence", "putin-is"};
    EXPECT_EQ(by_actor("Vladimir Putin"), putin_articles);
    EXPECT_EQ(by_actor("VLADIMIR PUTIN"), putin_articles);
    EXPECT_EQ(by_actor("Putin"), putin_articles);
    EXPECT_EQ(by_actor("President Putin"), putin_articles);
    EXPECT_EQ(by_actor("Assad"), std::vector<std::string>{"is-assad"});
    EXPECT_EQ(by_actor("Bashar al-Assad"), std::vector<std::string>{"is-assad"});
    EXPECT_EQ(by_query("actor:putin actor:isis"), std::vector<std::string>{"putin-is"});  // both must hold
    EXPECT_EQ(by_query("actor:putin OR actor:assad"), (std::vector<std::string>{"is-assad", "putin-defence", "putin-is"}));
}

TEST_F(ActorArchive, NamesThatAreNotAllOfAnActorFindNothing) {
    EXPECT_TRUE(by_actor("Dmitry Putin").empty());              // every word must be in the name
    EXPECT_TRUE(by_actor("Russian Foreign Ministry").empty());  // no title to drop: all words count
    EXPECT_EQ(by_actor("Defence Ministry"), std::vector<std::string>{"putin-defence"});
    EXPECT_EQ(by_actor("Ministry"), std::vector<std::string>{"putin-defence"});  // a word of a name is a partial name
}

TEST(Searcher, MissingIndexIsAnIndexError) {
    TempDir dir;
    EXPECT_THROW(Searcher({dir / "nothing-here"}), IndexError);
}

TEST(IndexWriter, ArticleWithoutIdIsRejected) {
    TempDir dir;
    IndexWriter writer(dir / "db");
    Article a;
    a.source = "x";
    EXPECT_THROW(writer.add(a), IndexError);
}

TEST(IndexWriter, ADatabaseWhoseCreationWasKilledIsCreatedAgain) {
    // What a SIGKILL during the first open leaves (seen with news-index): Xapian's lock and
    // some tables, no version file. Nothing in it was ever committed.
    TempDir dir;
    for (const char* leftover : {"flintlock", "postlist.glass", "termlist.glass", "v.tmp"}) dir.write(std::string("db/") + leftover, "");
    {
        IndexWriter writer(dir / "db");
        writer.add(make_article("a", "Oil", "Oil rose.", Date{2015, 1, 2}, {}));
        writer.commit();
    }
    EXPECT_EQ(Searcher({dir / "db"}).size(), 1u);
}

// The writer writes out what it buffers after flush_bytes of article text (each shard after
// its share), whatever the document count: a reader sees those articles before commit().
TEST(IndexWriter, WritesOutAfterFlushBytesOfTextPerShard) {
    const std::string text(1000, 'x');
    for (const unsigned shards : {1u, 2u}) {
        for (const std::size_t flush_bytes : {std::size_t{0}, std::size_t{20000}}) {
            TempDir dir;
            IndexWriter writer(dir / "db", WriterOptions{shards, flush_bytes});
            writer.commit();  // an empty index a reader can open
            for (int i = 0; i < 50; ++i) writer.add(make_article(std::to_string(i), "Title", text, {}, {}));
            EXPECT_EQ(writer.size(), 50u);  // and the shards' threads have written all they were given
            const std::size_t seen = Searcher({dir / "db"}).size();
            if (flush_bytes == 0) {
                EXPECT_EQ(seen, 0u) << shards << " shards";
            } else {
                // 50 articles of ~1,000 bytes: each shard writes out every 20,000 / shards bytes.
                EXPECT_GE(seen, 30u) << shards << " shards";
                EXPECT_LT(seen, 50u) << shards << " shards";
            }
            writer.commit();
            EXPECT_EQ(Searcher({dir / "db"}).size(), 50u);
        }
    }
}

TEST(Searcher, KeepsAnsweringWhileAWriterCommitsUnderIt) {
    // Each commit lets Xapian recycle the blocks of older revisions, so a searcher opened
    // before several commits meets DatabaseModifiedError: it must reopen, not fail.
    TempDir dir;
    auto batch = [](int round) {
        std::vector<Article> articles;
        for (int i = 0; i < 300; ++i) {
            const std::string n = std::to_string(round);
            const std::string id = std::string("a") + std::to_string(i);
            articles.push_back(make_article(id, std::string("Oil round ") + n, std::string("Oil and wheat, round ") + n,
                                            Date{2015, 1, static_cast<unsigned>(1 + i % 28)}, {"Qatar"}));
        }
        return articles;
    };
    IndexWriter writer(dir / "db");
    for (const Article& a : batch(0)) writer.add(a);
    writer.commit();
    const Searcher searcher({dir / "db"});
    SearchRequest r;
    r.query = "oil";
    r.facets = {"place", "date"};
    EXPECT_EQ(searcher.search(r).total, 300u);
    for (int round = 1; round <= 6; ++round) {
        for (const Article& a : batch(round)) writer.add(a);
        writer.commit();
    }
    r.query = "round";
    const SearchResults results = searcher.search(r);
    EXPECT_EQ(results.total, 300u);
    ASSERT_FALSE(results.hits.empty());
    EXPECT_NE(results.hits[0].title.find("round 6"), std::string::npos) << results.hits[0].title;  // the newest revision
}

TEST(IndexWriter, SecondWriterIsToldTheIndexIsLocked) {
    TempDir dir;
    IndexWriter first(dir / "db");
    try {
        IndexWriter second(dir / "db");
        FAIL() << "a second writer opened a locked index";
    } catch (const IndexError& e) {
        EXPECT_NE(std::string(e.what()).find("locked by another writer, process " + std::to_string(getpid())),
                  std::string::npos)
            << e.what();
    }
}

// Root ignores permissions: the writer runs as nobody in a child. Xapian itself reports such a
// folder as locked ("Couldn't open lockfile: Permission denied").
TEST(IndexWriter, AFolderItMayNotWriteIsNamedAsNotWritable) {
    namespace fs = std::filesystem;
    TempDir dir;
    {
        IndexWriter writer(dir / "db");
        writer.add(make_article("a", "Oil", "Oil rose.", Date{2015, 1, 2}, {}));
        writer.commit();
    }
    fs::create_directory(dir.path() / "closed");
    fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                    fs::perms::others_read | fs::perms::others_exec);
    const auto no_write = fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write;
    test::chmod_tree(dir.path() / "db", no_write, fs::perm_options::remove);
    fs::permissions(dir.path() / "closed", no_write, fs::perm_options::remove);
    const test::ChildRun run = test::run_as_nobody([&](std::ostream& out) {
        for (const std::string& db : {dir / "db", dir / "closed/db"}) {
            try {
                IndexWriter writer(db);
                out << db << " opened\n";
            } catch (const IndexError& e) {
                out << e.what() << '\n';
            }
        }
        return 0;
    });
    test::chmod_tree(dir.path() / "db", fs::perms::owner_write, fs::perm_options::add);
    if (run.status == test::cannot_drop_privileges) GTEST_SKIP() << "cannot become the user nobody to test permissions";
    EXPECT_EQ(run.status, 0);
    EXPECT_NE(
        run.output.find("index folder " + dir / "db" + " is not writable (" + dir / "db" + ": Permission denied)"),
        std::string::npos)
        << run.output;
    EXPECT_NE(run.output.find("cannot create index folder " + dir / "closed/db" + ": Permission denied"),
              std::string::npos)
        << run.output;
    EXPECT_EQ(run.output.find("locked"), std::string::npos) << run.output;
    EXPECT_EQ(Searcher({dir / "db"}).size(), 1u);
}

TEST(IndexWriter, TheLockIsFreeAgainAfterTheWriterGoes) {
    TempDir dir;
    { IndexWriter first(dir / "db", WriterOptions{2}); }
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "db" / "writer.pid"));
    EXPECT_NO_THROW(IndexWriter(dir / "db"));
}

}  // namespace
}  // namespace newsindex
