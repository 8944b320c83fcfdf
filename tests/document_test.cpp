// The stored record of an indexed article: what every search result is shown from.

#include "document.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <xapian.h>

namespace newsindex::detail {
namespace {

Article sample_article() {
    Article a;
    a.id = "wire/2015-09-30-0007";
    a.source = "corpus/2015/syria.txt";
    a.url = "https://example.com/news/syria?id=7&lang=en";
    a.title = "Russian jets strike near Homs";
    a.published = Date{2015, 9, 30};
    a.text = "MOSCOW \xE2\x80\x94 Russian jets struck targets near Homs, Syria.\n\n"
             "\"We will not stop,\" said Vladimir Putin. Caf\xC3\xA9 owners in Z\xC3\xBCrich watched.\n";
    a.actors = {Actor{"Vladimir Putin", ActorKind::person, 2}, Actor{"Islamic State", ActorKind::organization, 1}};
    a.places = {Place{"Homs", PlaceKind::city, "SY", {"Homs Governorate", "Syria"}, 1},
                Place{"Syria", PlaceKind::country, "SY", {}, 1}};
    return a;
}

std::string stored_data(const Article& a) {
    Xapian::TermGenerator tg;
    tg.set_stemmer(Xapian::Stem("english"));
    const test::TempDir dir;  // a real database: titles feed its spelling data
    Xapian::WritableDatabase db(dir / "db", Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
    tg.set_database(db);
    return make_document(a, tg).get_data();
}

TEST(StoredRecord, EveryShownFieldComesBack) {
    const Article a = sample_article();
    const StoredArticle s = read_stored(stored_data(a));
    EXPECT_EQ(s.id, a.id);
    EXPECT_EQ(s.title, a.title);
    EXPECT_EQ(s.source, a.source);
    EXPECT_EQ(s.url, a.url);
    EXPECT_EQ(s.published, a.published);
    EXPECT_EQ(s.text, a.text);
    EXPECT_EQ(s.actors, (std::vector<std::string>{"Vladimir Putin", "Islamic State"}));
    EXPECT_EQ(s.places, (std::vector<std::string>{"Homs", "Syria"}));
}

TEST(StoredRecord, TheWholeExtractionRecordComesBackForAnArticlePage) {
    Article a = sample_article();
    a.dates = {Date{2015, 9, 28}, Date{2015, 10, 1}};
    a.removed = {"Advertisement", "Share this article \xE2\x80\x94 Facebook Twitter"};
    const std::optional<IndexedArticle> indexed = read_record(stored_data(a));
    ASSERT_TRUE(indexed);
    const Article* r = &indexed->article;
    ASSERT_TRUE(r);
    EXPECT_EQ(r->id, a.id);
    EXPECT_EQ(r->title, a.title);
    EXPECT_EQ(r->source, a.source);
    EXPECT_EQ(r->url, a.url);
    EXPECT_EQ(r->published, a.published);
    EXPECT_EQ(r->text, a.text);
    EXPECT_EQ(r->dates, a.dates);
    EXPECT_EQ(r->removed, a.removed);
    ASSERT_EQ(r->actors.size(), 2u);
    EXPECT_EQ(r->actors[1].name, "Islamic State");
    EXPECT_EQ(r->actors[1].kind, ActorKind::organization);
    EXPECT_EQ(r->actors[0].count, 2u);
    ASSERT_EQ(r->places.size(), 2u);
    EXPECT_EQ(r->places[0].kind, PlaceKind::city);
    EXPECT_EQ(r->places[0].country, "SY");
    EXPECT_EQ(r->places[0].ancestors, (std::vector<std::string>{"Homs Governorate", "Syria"}));
    EXPECT_EQ(r->places[1].kind, PlaceKind::country);
}

TEST(StoredRecord, AHitReadsItsStoryFromTheRecordLikeTheSlotHoldsIt) {
    const Article a = sample_article();
    Xapian::TermGenerator tg;
    tg.set_stemmer(Xapian::Stem("english"));
    const test::TempDir dir;
    Xapian::WritableDatabase db(dir / "db", Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
    tg.set_database(db);
    const StoryRecord story{"story-42", Fingerprint{}};
    const Xapian::Document doc = make_document(a, tg, nullptr, &story);
    const StoredArticle s = read_stored(doc.get_data());
    EXPECT_EQ(s.story, std::optional<std::string>("story-42"));
    EXPECT_EQ(doc.get_value(schema::story_slot), "story-42");
    EXPECT_EQ(s.places, (std::vector<std::string>{"Homs", "Syria"}));
    ASSERT_TRUE(read_record(doc.get_data()));
    EXPECT_EQ(read_record(doc.get_data())->article.dates, a.dates);
    EXPECT_FALSE(read_stored(stored_data(a)).story) << "written without a story";
}

TEST(StoredRecord, RecordsWrittenBeforeTheDetailsGiveTheNames) {
    // The layout of the first binary records: flags without the details bit, fields, names.
    std::string old("\x01\x00", 2);
    for (const std::string_view field : {"id7", "Title", "src", "", "2015-09-30", "Text."}) {
        old += static_cast<char>(field.size());
        old += field;
    }
    old += "\x01\x0EVladimir Putin\x01\x05Syria";
    const std::optional<IndexedArticle> indexed = read_record(old);
    ASSERT_TRUE(indexed);
    const Article* r = &indexed->article;
    ASSERT_TRUE(r);
    EXPECT_EQ(r->id, "id7");
    ASSERT_EQ(r->actors.size(), 1u);
    EXPECT_EQ(r->actors[0].name, "Vladimir Putin");
    EXPECT_EQ(r->actors[0].count, 0u);
    ASSERT_EQ(r->places.size(), 1u);
    EXPECT_EQ(r->places[0].name, "Syria");
    EXPECT_TRUE(r->dates.empty());
    EXPECT_EQ(read_stored(old).title, "Title");
    EXPECT_FALSE(read_record(old + "x")) << "bytes after an old record's names";
}

TEST(StoredRecord, AbsentUrlAndDateStayAbsentAndAnEmptyUrlStaysEmpty) {
    Article a = sample_article();
    a.url.reset();
    a.published.reset();
    a.actors.clear();
    a.places.clear();
    StoredArticle s = read_stored(stored_data(a));
    EXPECT_FALSE(s.url.has_value());
    EXPECT_FALSE(s.published.has_value());
    EXPECT_TRUE(s.actors.empty());
    EXPECT_TRUE(s.places.empty());
    EXPECT_EQ(s.text, a.text);

    a.url = "";
    s = read_stored(stored_data(a));
    ASSERT_TRUE(s.url.has_value());
    EXPECT_EQ(*s.url, "");
}

TEST(StoredRecord, LongFieldsNeedMultiByteLengths) {
    Article a = sample_article();
    a.text = std::string(300000, 'x') + " end";
    a.title = std::string(200, 't');
    const StoredArticle s = read_stored(stored_data(a));
    EXPECT_EQ(s.text, a.text);
    EXPECT_EQ(s.title, a.title);
    EXPECT_EQ(s.places.size(), 2u);
}

// Indexes written before the binary record stored JSON; they must still show their results.
TEST(StoredRecord, JsonRecordsOfEarlierIndexesAreStillRead) {
    const StoredArticle s = read_stored(
        R"({"id":"a1","title":"Old title","source":"old.txt","text":"Old text.","url":"http://x/1",)"
        R"("published":"1987-03-02","actors":["Ronald Reagan"],"places":["Japan",7]})");
    EXPECT_EQ(s.id, "a1");
    EXPECT_EQ(s.title, "Old title");
    EXPECT_EQ(s.text, "Old text.");
    EXPECT_EQ(s.url, std::optional<std::string>("http://x/1"));
    EXPECT_EQ(s.published, (Date{1987, 3, 2}));
    EXPECT_EQ(s.actors, std::vector<std::string>{"Ronald Reagan"});
    EXPECT_EQ(s.places, std::vector<std::string>{"Japan"});
}

TEST(StoredRecord, ACutOrCorruptRecordGivesAnEmptyOneNeverACrash) {
    const std::string data = stored_data(sample_article());
    const StoredArticle whole = read_stored(data);
    for (std::size_t keep = 0; keep < data.size(); ++keep) {
        // A hit reads only the shown fields: a cut after them still shows them, whole.
        const StoredArticle s = read_stored(data.substr(0, keep));
        const bool empty = s.id.empty() && s.text.empty() && s.actors.empty();
        const bool intact = s.id == whole.id && s.text == whole.text && s.actors == whole.actors && s.places == whole.places;
        EXPECT_TRUE(empty || intact) << "cut at " << keep;
        EXPECT_FALSE(read_record(data.substr(0, keep))) << "cut at " << keep;
    }
    // A list count far beyond the bytes left.
    Article none = sample_article();
    none.actors.clear();
    none.places.clear();
    std::string bad = stored_data(none);
    bad.resize(bad.size() - 4);  // drop the empty counts of actors, places, dates, removed lines
    bad += "\xFF\xFF\xFF\xFF\x0F";
    EXPECT_FALSE(read_record(bad));
    EXPECT_TRUE(read_stored(bad).id.empty());
    EXPECT_TRUE(read_stored("\x01").id.empty());
    EXPECT_TRUE(read_stored("\x7Fnot a record").id.empty());
    EXPECT_TRUE(read_stored("{not json").id.empty());
    // Fields of the wrong type in a JSON record (found by fuzz_stored): absent, no throw.
    EXPECT_TRUE(read_stored("{\"id\":7777}").id.empty());
    EXPECT_FALSE(read_record("{\"id\":7777}"));
    const StoredArticle mixed = read_stored(R"({"id":"a","title":5,"url":[1],"published":false,"actors":"x","places":[3,"Syria"]})");
    EXPECT_EQ(mixed.id, "a");
    EXPECT_TRUE(mixed.title.empty());
    EXPECT_FALSE(mixed.url);
    EXPECT_FALSE(mixed.published);
    EXPECT_TRUE(mixed.actors.empty());
    EXPECT_EQ(mixed.places, std::vector<std::string>{"Syria"});
}

}  // namespace
}  // namespace newsindex::detail
