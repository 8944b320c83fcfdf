// The HTML stage: main content, title, publication date and canonical url of saved pages.
// Each page is small and hand-written to exercise one piece of evidence.

#include "html.hpp"

#include <newsindex/error.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace newsindex::detail {

namespace {

std::string page(const std::string& body, const std::string& head = "") {
    return "<!doctype html><html><head><meta charset=\"utf-8\">" + head + "</head><body>" + body + "</body></html>";
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

// Site furniture that every page below carries around its article.
const std::string site_header =
    "<header class=\"site-header\"><a href=\"/\">Riverside Gazette</a>"
    "<nav><ul><li><a href=\"/news\">News</a></li><li><a href=\"/sport\">Sport</a></li>"
    "<li><a href=\"/business\">Business</a></li><li><a href=\"/opinion\">Opinion</a></li></ul></nav></header>";
const std::string site_footer =
    "<footer class=\"site-footer\"><p>Copyright 2019 Riverside Media Group. All rights reserved.</p>"
    "<ul><li><a href=\"/about\">About us</a></li><li><a href=\"/contact\">Contact</a></li>"
    "<li><a href=\"/privacy\">Privacy policy</a></li></ul></footer>";

const std::string bridge_article =
    "<h1>Council approves new bridge</h1>"
    "<p>The city council voted on Tuesday to build a new bridge across the river, ending a debate that has "
    "lasted for more than a decade.</p>"
    "<p>The bridge will cost about 40 million dollars and is expected to open in 2027, the mayor said after "
    "the vote.</p>"
    "<p>Opponents said the money would be better spent on repairing the roads in the northern districts.</p>";

// ------------------------------------------------------------------ main content

// Four paragraphs of a story, and a short paragraph of prose elsewhere to compete with it.
std::string four_paragraphs() {
    std::string body;
    for (int i = 0; i < 4; ++i) {
        body +=
            "<p>The city council voted on Tuesday to build a new bridge across the river, ending a debate that has "
            "lasted for more than a decade, paragraph " +
            std::to_string(i) + ".</p>";
    }
    return body;
}
const std::string about_us =
    "<div class=\"about\"><p>The Riverside Gazette has covered the city since 1881, and it "
    "is owned by the people who read it.</p></div>";

TEST(HtmlContent, CommentsLongerThanTheArticleAreLeftOut) {
    std::string comments =
        "<section id=\"comments\" class=\"comments-area\"><h2>8 comments</h2><ol class=\"comment-list\">";
    const char* said[] = {
        "I have lived here for thirty years and I have never seen the council agree on anything this quickly, which "
        "makes me wonder what was promised to whom.",
        "The ferry has worked perfectly well for as long as anyone can remember, and nobody asked the people who "
        "actually use it every single morning.",
        "Forty million is what they say now, but every project like this in the region has ended up costing at "
        "least twice the first estimate.",
        "My children cross that river to get to school and the detour through the old industrial estate takes "
        "them nearly an hour each way.",
        "It is about time. The northern districts have waited long enough, and the roads can be repaired at the "
        "same time if the will is there.",
        "Has anyone looked at what the traffic will do to the small streets on the east bank once the bridge is "
        "finally open to lorries?",
        "I would like to know which company is going to build it, and whether local firms will get any of the "
        "work or if it all goes abroad.",
        "The council should publish the full study so that we can all read it before they spend a single penny "
        "of our money on it.",
    };
    for (const char* text : said) {
        comments += std::string(
                        "<li class=\"comment\"><div class=\"comment-author\"><a href=\"/u/1\">Reader</a></div>"
                        "<div class=\"comment-content\"><p>") +
                    text + "</p></div><a class=\"reply\" href=\"#reply\">Reply</a></li>";
    }
    comments += "</ol></section>";
    const HtmlContent c = extract_html(page(site_header + "<div class=\"page\"><article>" + bridge_article +
                                            "</article>" + comments + "</div>" + site_footer));
    EXPECT_TRUE(has(c.text, "The city council voted on Tuesday")) << c.text;
    EXPECT_TRUE(has(c.text, "Opponents said the money")) << c.text;
    EXPECT_FALSE(has(c.text, "thirty years")) << c.text;
    EXPECT_FALSE(has(c.text, "Reply")) << c.text;
    EXPECT_FALSE(has(c.text, "Privacy policy")) << c.text;
}

// Teaser cards: a linked headline, a summary, a date.
std::string teaser_grid(const std::string& grid_class) {
    const char* summaries[] = {
        "The school board met late into the night to discuss a plan that would close two of the oldest schools in "
        "the district next year.",
        "Fans queued for hours outside the stadium as tickets for the final home game of the season went on sale "
        "on Monday morning.",
        "A local bakery that has been run by the same family for four generations is to close its doors at the "
        "end of the month.",
        "Firefighters spent most of Sunday bringing a blaze at a disused warehouse near the railway station under "
        "control, officials said.",
        "The regional airport will add three new routes next spring, including a daily flight to the capital, "
        "its owners announced.",
        "Volunteers planted more than two thousand trees along the riverbank over the weekend as part of a long "
        "running project.",
        "Police have appealed for witnesses after a lorry overturned on the ring road during the morning rush "
        "hour on Friday.",
        "The museum is to reopen after a two year renovation with a new wing dedicated to the history of the "
        "river trade.",
    };
    std::string grid = "<section class=\"" + grid_class + "\"><h2>More from Riverside</h2>";
    int i = 0;
    for (const char* summary : summaries) {
        grid += "<div class=\"card\"><h3><a href=\"/story/" + std::to_string(++i) +
                "\">Another headline about the city and its people</a></h3><p>" + summary +
                "</p><span class=\"date\">2 hours ago</span></div>";
    }
    return grid + "</section>";
}

const std::string short_article =
    "<h1>Library extends opening hours</h1>"
    "<p>The central library will stay open until nine in the evening from next month, the city said on "
    "Wednesday, after a petition signed by more than three thousand residents.</p>"
    "<p>The longer hours will be paid for by savings in the library's energy bill, a spokeswoman said.</p>";

TEST(HtmlContent, RelatedGridWithMoreTextThanAShortArticleIsLeftOut) {
    for (const std::string grid_class : {"related-stories", "grid"}) {  // with and without a telling class
        const HtmlContent c = extract_html(page(site_header + "<main><div class=\"story\">" + short_article + "</div>" +
                                                teaser_grid(grid_class) + "</main>" + site_footer));
        EXPECT_TRUE(has(c.text, "The central library will stay open")) << grid_class << ": " << c.text;
        EXPECT_TRUE(has(c.text, "energy bill")) << grid_class << ": " << c.text;
        EXPECT_FALSE(has(c.text, "school board")) << grid_class << ": " << c.text;
        EXPECT_FALSE(has(c.text, "Another headline")) << grid_class << ": " << c.text;
    }
}

TEST(HtmlContent, LiveBlogKeepsEveryShortEntry) {
    const char* entries[] = {
        "Police have closed the bridge to traffic while divers search the river.",
        "The mayor says she will speak to reporters at noon.",
        "Witnesses say the boat hit one of the pillars at full speed.",
        "Two people have been taken to hospital, the ambulance service says.",
        "Buses are being diverted through the old town, so expect delays.",
        "The coastguard helicopter has arrived and is circling the area.",
        "The ferry company says all of its crossings are cancelled for today.",
        "The mayor has thanked the divers and asked people to stay away.",
    };
    std::string blog = "<div class=\"liveblog\">";
    int minute = 10;
    for (const char* entry : entries) {
        const std::string time = "12:" + std::to_string(minute += 5);
        blog += "<div class=\"entry\"><p><a href=\"#e" + std::to_string(minute) + "\">" + time + "</a></p><p>" + entry +
                "</p><a class=\"share\" href=\"/share\">Share</a></div>";
    }
    blog += "</div>";
    const std::string sidebar =
        "<div class=\"column\"><h3>Latest</h3><ul><li><a href=\"/a\">Council approves new bridge over the "
        "river</a></li>"
        "<li><a href=\"/b\">Library extends its opening hours for the summer</a></li>"
        "<li><a href=\"/c\">Ferry company announces new timetable for the winter</a></li></ul></div>";
    const HtmlContent c =
        extract_html(page(site_header + "<div class=\"layout\"><h1>Boat hits river bridge: live</h1>" + blog + sidebar +
                          "</div>" + about_us + site_footer));
    for (const char* entry : entries) EXPECT_TRUE(has(c.text, entry)) << entry << " missing from:\n" << c.text;
    EXPECT_FALSE(has(c.text, "Ferry company announces")) << c.text;
    EXPECT_FALSE(has(c.text, "Share")) << c.text;
    EXPECT_FALSE(has(c.text, "since 1881")) << c.text;
}

TEST(HtmlContent, ArticleSplitByAdvertsIsWhole) {
    const std::string ad = "<div class=\"ad-slot\"><span>Advertisement</span><div id=\"dfp-1\"></div></div>";
    const HtmlContent c = extract_html(page(
        site_header +
        "<div class=\"article\"><h1>Council approves new bridge</h1>"
        "<div class=\"body-part\"><p>The city council voted on Tuesday to build a new bridge across the river, "
        "ending a debate that has lasted for more than a decade.</p><p>The bridge will cost about 40 million dollars "
        "and is expected to open in 2027, the mayor said after the vote.</p></div>" +
        ad +
        "<div class=\"body-part\"><p>Opponents said the money would be better spent on repairing the roads in the "
        "northern districts, where potholes have damaged hundreds of cars.</p></div>" +
        ad +
        "<div class=\"body-part\"><p>The council will meet again next month to choose a builder, and the first work "
        "on the river banks could begin in the spring.</p></div>" +
        ad + "</div>" + site_footer));
    EXPECT_TRUE(has(c.text, "The city council voted")) << c.text;
    EXPECT_TRUE(has(c.text, "Opponents said the money")) << c.text;
    EXPECT_TRUE(has(c.text, "could begin in the spring")) << c.text;
    EXPECT_FALSE(has(c.text, "Advertisement")) << c.text;
}

TEST(HtmlContent, NestedLayoutTables) {
    const std::string html = page(
        "<table width=\"100%\"><tr><td colspan=\"2\"><a href=\"/\">Riverside Gazette</a></td></tr>"
        "<tr><td width=\"150\"><table><tr><td><a href=\"/news\">News</a></td></tr><tr><td><a href=\"/sport\">Sport</a>"
        "</td></tr><tr><td><a href=\"/weather\">Weather</a></td></tr><tr><td><a href=\"/archive\">Archive</a></td></tr>"
        "</table></td><td><table><tr><td><b>Council approves new bridge</b><br><br>"
        "The city council voted on Tuesday to build a new bridge across the river, ending a debate that has lasted "
        "for more than a decade.<br><br>The bridge will cost about 40 million dollars and is expected to open in 2027, "
        "the mayor said after the vote.<br><br>Opponents said the money would be better spent on the roads."
        "</td></tr></table></td></tr><tr><td colspan=\"2\"><a href=\"/about\">About</a> | <a href=\"/contact\">Contact"
        "</a></td></tr></table>");
    const HtmlContent c = extract_html(html);
    const std::vector<std::string> lines = lines_of(c.text);
    ASSERT_GE(lines.size(), 3u) << c.text;
    EXPECT_NE(std::find(lines.begin(), lines.end(),
                        "The city council voted on Tuesday to build a new bridge across the river, ending a debate "
                        "that has lasted for more than a decade."),
              lines.end())
        << c.text;  // each <br><br> paragraph on a line of its own
    EXPECT_TRUE(has(c.text, "Opponents said the money would be better spent on the roads.")) << c.text;
    EXPECT_FALSE(has(c.text, "Weather")) << c.text;
    EXPECT_FALSE(has(c.text, "Contact")) << c.text;
}

TEST(HtmlContent, HiddenElementsAreDropped) {
    const HtmlContent c = extract_html(page(
        "<article><h1>Council approves new bridge</h1>"
        "<p>The city council voted on Tuesday to build a new bridge across the river, ending a long debate.</p>"
        "<p hidden>Hidden by attribute: this sentence must not be read by anyone at all.</p>"
        "<div aria-hidden=\"true\"><p>Hidden from screen readers: this sentence is a duplicate of the "
        "headline.</p></div>"
        "<p style=\"color: red; DISPLAY : none\">Hidden by style: this sentence is shown only by a script later.</p>"
        "<p style=\"visibility:hidden\">Invisible: this sentence takes room on the page but is never seen.</p>"
        "<p>The bridge will cost about 40 million dollars and is expected to open in 2027, the mayor said.</p>"
        "<noscript><p>Please enable JavaScript to read the comments on this story.</p></noscript>"
        "<script>document.write('Scripts are code, not text, and should not be read.');</script>"
        "<style>p { color: black; }</style>"
        "<iframe src=\"/ad\">Your browser does not support frames, which is a shame.</iframe></article>"));
    EXPECT_TRUE(has(c.text, "The city council voted")) << c.text;
    EXPECT_TRUE(has(c.text, "The bridge will cost")) << c.text;
    for (const char* hidden : {"Hidden by attribute", "Hidden from screen", "Hidden by style", "Invisible",
                               "enable JavaScript", "Scripts are code", "color: black", "frames"}) {
        EXPECT_FALSE(has(c.text, hidden)) << hidden << " in:\n" << c.text;
    }
}

TEST(HtmlContent, ParagraphsListsQuotesAndHeadingsStayOneBlockPerLine) {
    const HtmlContent c = extract_html(page(
        site_header +
        "<article><h1>Council approves new bridge</h1>"
        "<p>The city council voted on Tuesday to build a new bridge across the river, ending a long debate.</p>"
        "<h2>What happens next</h2>"
        "<p>The council will choose a builder next month &amp; work could start in the spring.</p>"
        "<ul><li>The bridge will have two lanes for cars.</li><li>It will have a separate path for bicycles.</li></ul>"
        "<blockquote><p>\"This is a great day for the whole city,\" the mayor told reporters.</p></blockquote>"
        "<p>First line of an address,<br>second line of it, for letters to the council.</p></article>" +
        site_footer));
    const std::vector<std::string> expected = {
        "The city council voted on Tuesday to build a new bridge across the river, ending a long debate.",
        "What happens next",
        "The council will choose a builder next month & work could start in the spring.",
        "The bridge will have two lanes for cars.",
        "It will have a separate path for bicycles.",
        "\"This is a great day for the whole city,\" the mayor told reporters.",
        "First line of an address,",
        "second line of it, for letters to the council.",
    };
    EXPECT_EQ(lines_of(c.text), expected);  // the headline is the title, not a line
}

TEST(HtmlContent, CaptionsAreLeftOutAndEmbeddedPostsKept) {
    const HtmlContent c = extract_html(page(
        "<article><h1>Council approves new bridge</h1>"
        "<p>The city council voted on Tuesday to build a new bridge across the river, ending a long debate.</p>"
        "<figure><img src=\"bridge.jpg\"><figcaption>An artist's impression of the new bridge, seen from the east "
        "bank of the river at dusk.</figcaption></figure>"
        "<p>Residents were quick to react on social media after the vote was announced.</p>"
        "<div class=\"social-media-embed\"><blockquote class=\"twitter-tweet\"><p>Finally a bridge! Forty years of "
        "waiting for the ferry are over, and I could not be happier about it.</p></blockquote></div>"
        "<p>The bridge will cost about 40 million dollars and is expected to open in 2027, the mayor said.</p>"
        "<div class=\"picture\"><img src=\"mayor.jpg\"><figcaption>The mayor speaks to reporters outside the town hall "
        "after the vote on Tuesday.</figcaption></div></article>"));
    EXPECT_FALSE(has(c.text, "artist's impression")) << c.text;
    EXPECT_FALSE(has(c.text, "outside the town hall")) << c.text;
    EXPECT_TRUE(has(c.text, "Finally a bridge!")) << c.text;
    EXPECT_TRUE(has(c.text, "The bridge will cost")) << c.text;
}

TEST(HtmlContent, WeakEvidenceOnAContainerFullOfProseIsOverruled) {
    // Page builders call every box a widget.
    const HtmlContent c = extract_html(
        page(site_header + "<div class=\"builder-widget-wrap\"><div class=\"builder-widget-container\">" +
             four_paragraphs() +
             "</div></div><div class=\"sidebar\"><p>Subscribe to our newsletter to get the best of the Gazette in your "
             "inbox every single morning of the week.</p></div>" +
             about_us + site_footer));
    EXPECT_TRUE(has(c.text, "paragraph 0.")) << c.text;
    EXPECT_TRUE(has(c.text, "paragraph 3.")) << c.text;
    EXPECT_FALSE(has(c.text, "Subscribe")) << c.text;
    EXPECT_FALSE(has(c.text, "since 1881")) << c.text;
}

TEST(HtmlContent, ArticleInsideAWrapperNamedAfterTheSidebar) {
    // The wrapper of the column and its sidebar is named after the sidebar; the article
    // inside says what it is.
    const HtmlContent c = extract_html(page(
        site_header + "<div class=\"container sticky-sidebar-wrap\"><article class=\"post\">" + four_paragraphs() +
        "</article><aside><p>Subscribe to our newsletter to get the best of the Gazette in your inbox every single "
        "morning of the week.</p></aside></div>" +
        about_us + site_footer));
    EXPECT_TRUE(has(c.text, "paragraph 0.")) << c.text;
    EXPECT_TRUE(has(c.text, "paragraph 3.")) << c.text;
    EXPECT_FALSE(has(c.text, "Subscribe")) << c.text;
    EXPECT_FALSE(has(c.text, "since 1881")) << c.text;
}

TEST(HtmlContent, PageWithoutProseStillGivesItsText) {
    const HtmlContent c = extract_html(page("<div><a href=\"/a\">Home</a></div><div><b>Opening hours</b></div>"));
    EXPECT_TRUE(has(c.text, "Opening hours")) << c.text;
    EXPECT_TRUE(extract_html("").text.empty());
}

// ------------------------------------------------------------------------ title

struct TitleCase {
    const char* title;
    const char* site_name;
    const char* url;
    const char* expected;
};

class TitleCleaning : public testing::TestWithParam<TitleCase> {};

TEST_P(TitleCleaning, RemovesTheSiteName) {
    const TitleCase& t = GetParam();
    EXPECT_EQ(clean_title(t.title, t.site_name, t.url), t.expected);
}

INSTANTIATE_TEST_SUITE_P(
    Html, TitleCleaning,
    testing::Values(
        TitleCase{"Markets tumble as oil rises | CNN", "", "https://edition.cnn.com/2019/11/18/x.html",
                  "Markets tumble as oil rises"},
        TitleCase{"Brexit vote: what happens next - BBC News", "", "https://www.bbc.com/news/uk-1",
                  "Brexit vote: what happens next"},
        TitleCase{"Reuters \xE2\x80\x94 Oil prices rise on supply fears", "Reuters", "",
                  "Oil prices rise on supply fears"},
        TitleCase{"The Guardian view on Hong Kong: a city on the brink | Editorial | Opinion | The Guardian",
                  "the Guardian", "https://www.theguardian.com/commentisfree/x",
                  "The Guardian view on Hong Kong: a city on the brink"},
        TitleCase{"Strikes in Syria \xC2\xB7 Example News", "", "", "Strikes in Syria"},
        TitleCase{"Man bites dog in city park :: The Daily Planet", "The Daily Planet", "",
                  "Man bites dog in city park"},
        TitleCase{"Council approves   new bridge", "", "", "Council approves new bridge"},
        TitleCase{"8-year-old wins chess title - then loses it", "", "", "8-year-old wins chess title - then loses it"},
        TitleCase{"Dare to Play 3 / October pack", "", "", "Dare to Play 3 / October pack"}));

TEST(HtmlTitle, FromMetadataThenHeadlineThenTitleElement) {
    const std::string article =
        "<article><h1>Council approves new bridge</h1><p>The city council voted on Tuesday "
        "to build a new bridge across the river, ending a long debate.</p></article>";
    EXPECT_EQ(extract_html(page(article,
                                "<title>Bridge vote | Riverside Gazette</title>"
                                "<meta property=\"og:title\" content=\"Council says yes to bridge\">"))
                  .title,
              "Council says yes to bridge");
    EXPECT_EQ(extract_html(page(article,
                                "<title>Bridge vote | Riverside Gazette</title>"
                                "<meta name=\"twitter:title\" content=\"Bridge: council says yes\">"))
                  .title,
              "Bridge: council says yes");
    EXPECT_EQ(extract_html(page(article)).title, "Council approves new bridge");
    EXPECT_EQ(extract_html(page("<p>The city council voted on Tuesday to build a new bridge across the river.</p>",
                                "<title>Council votes to build a new bridge - Riverside Gazette</title>"))
                  .title,
              "Council votes to build a new bridge");
}

// ------------------------------------------------------------------------ dates

const std::string dated_article =
    "<article><h1>Council approves new bridge</h1><p>The city council voted on "
    "Tuesday to build a new bridge across the river, ending a long debate.</p></article>";

std::optional<Date> published(const std::string& head, const std::string& body = dated_article) {
    return extract_html(page(body, head)).published;
}

TEST(HtmlDate, JsonLd) {
    EXPECT_EQ(published(R"(<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
                         "headline":"Council approves new bridge","datePublished":"2019-11-18T20:11:06.000Z",
                         "dateModified":"2019-11-19T08:00:00Z"}</script>)"),
              (Date{2019, 11, 18}));
}

TEST(HtmlDate, JsonLdGraphPrefersTheArticle) {
    EXPECT_EQ(published(R"(<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
                         {"@type":"WebPage","datePublished":"2012-01-01T00:00:00Z"},
                         {"@type":"Organization","name":"Riverside Gazette"},
                         {"@type":["Article","NewsArticle"],"datePublished":"2019-11-20T10:00:00+01:00"}]}</script>)"),
              (Date{2019, 11, 20}));
}

TEST(HtmlDate, JsonLdArrayAndBrokenJson) {
    EXPECT_EQ(published(R"(<script type="application/ld+json">[{"@type":"BreadcrumbList"},
                         {"@type":"BlogPosting","datePublished":"2018-10-05"}]</script>)"),
              (Date{2018, 10, 5}));
    // a trailing comma: not JSON, but the date is still there to read
    EXPECT_EQ(published(R"(<script type="application/ld+json">{"@type":"NewsArticle",
                         "datePublished": "2017-03-04T05:06:07Z",}</script>)"),
              (Date{2017, 3, 4}));
}

TEST(HtmlDate, JsonLdComesFirst) {
    EXPECT_EQ(published(R"(<meta property="article:published_time" content="2011-01-01T00:00:00Z">
                         <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2019-11-18"}</script>)"),
              (Date{2019, 11, 18}));
}

TEST(HtmlDate, MetaTags) {
    EXPECT_EQ(published(R"(<meta property="article:published_time" content="2015-10-01T10:00:00Z">)"),
              (Date{2015, 10, 1}));
    EXPECT_EQ(published(R"(<meta name="date" content="2015-10-02">)"), (Date{2015, 10, 2}));
    EXPECT_EQ(published(R"(<meta name="pubdate" content="20151003">)"), (Date{2015, 10, 3}));
    EXPECT_EQ(published(R"(<meta name="DC.date.issued" content="2015/10/04">)"), (Date{2015, 10, 4}));
    EXPECT_EQ(published(R"(<meta name="parsely-pub-date" content="2015-10-05T01:02:03Z">)"), (Date{2015, 10, 5}));
    EXPECT_EQ(published(R"(<meta name="sailthru.date" content="Tue, 06 Oct 2015 10:00:00 GMT">)"), (Date{2015, 10, 6}));
    EXPECT_EQ(published(R"(<meta itemprop="datePublished" content="October 7, 2015">)"), (Date{2015, 10, 7}));
    // the article's own date outranks a generic one
    EXPECT_EQ(
        published(
            R"(<meta name="date" content="2001-01-01"><meta property="article:published_time" content="2015-10-08">)"),
        (Date{2015, 10, 8}));
    // placeholders are no dates
    EXPECT_FALSE(published(R"(<meta property="article:published_time" content="0001-01-01T00:00:00Z">)"));
}

TEST(HtmlDate, ItempropInTheBody) {
    EXPECT_EQ(published("",
                        "<article><h1>Council approves new bridge</h1><p class=\"byline\">By Ann Smith, "
                        "<span itemprop=\"datePublished\">Nov 20, 2019</span></p><p>The city council voted on "
                        "Tuesday to build a new bridge across the river, ending a long debate.</p></article>"),
              (Date{2019, 11, 20}));
}

TEST(HtmlDate, TimeInTheArticleHeader) {
    // The <time> of a teaser list before the article is not the article's.
    const std::string body =
        "<div class=\"latest\"><ul><li><a href=\"/x\">Ferry timetable changes</a> <time datetime=\"2019-01-01\">Jan 1"
        "</time></li></ul></div><p>Filler text between the list and the story, long enough to be read as a "
        "paragraph of its own by anyone.</p><p>More filler text between the list and the story, long enough to be "
        "read as a paragraph.</p>"
        "<article><header><h1>Council approves new bridge</h1><p>By Ann Smith, <time datetime=\"2019-11-19T08:00:00Z\">"
        "November 19</time></p></header><p>The city council voted on Tuesday to build a new bridge across the river, "
        "ending a debate that has lasted for more than a decade.</p><p>The bridge will cost about 40 million dollars "
        "and is expected to open in 2027, the mayor said after the vote.</p></article>";
    EXPECT_EQ(published("", body), (Date{2019, 11, 19}));
}

TEST(HtmlDate, FromTheUrl) {
    EXPECT_EQ(published(R"(<link rel="canonical" href="https://news.example/2015/09/28/bridge-vote/">)"),
              (Date{2015, 9, 28}));
    EXPECT_EQ(published(R"(<meta property="og:url" content="https://news.example/news/2016-02-29-leap-day">)"),
              (Date{2016, 2, 29}));
    EXPECT_EQ(published(R"(<link rel="canonical" href="https://news.example/archive/20140102/story.html">)"),
              (Date{2014, 1, 2}));
    EXPECT_FALSE(published(R"(<link rel="canonical" href="https://news.example/story/12345678901/">)"));
    EXPECT_FALSE(published(R"(<link rel="canonical" href="https://news.example/2015/13/45/no-such-day">)"));
}

// ----------------------------------------------------------------- the rest

TEST(HtmlContent, CanonicalUrl) {
    EXPECT_EQ(extract_html(page(dated_article, R"(<meta property="og:url" content="https://news.example/og">
                                                   <link rel="canonical" href="https://news.example/canonical">)"))
                  .canonical_url,
              "https://news.example/canonical");
    EXPECT_EQ(extract_html(page(dated_article, R"(<meta property="og:url" content="https://news.example/og">)"))
                  .canonical_url,
              "https://news.example/og");
    EXPECT_FALSE(extract_html(page(dated_article)).canonical_url);
}

TEST(HtmlContent, ScriptsAndCommentsAreSkippedBeforeParsing) {
    // What the fast pre-pass removes must not change what the parser sees of the rest.
    const HtmlContent c = extract_html(
        page("<!-- <script> in a comment --><article data-note=\"<script>\"><h1>Council approves new bridge</h1>"
             "<script>var s = '</div><p>not text</p>'; if (a < b) {}</script>"
             "<p>The city council voted on Tuesday to build a new bridge across the river, ending a long debate.</p>"
             "<SCRIPT type=\"text/javascript\">var t = \"<style>\";</SCRIPT><style media=\"x>y\">p{}</style>"
             "<p>The bridge will cost about 40 million dollars and is expected to open in 2027, the mayor said.</p>"
             "</article>",
             R"(<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2019-11-18"}</script>)"));
    EXPECT_EQ(lines_of(c.text),
              (std::vector<std::string>{
                  "The city council voted on Tuesday to build a new bridge across the river, ending a long debate.",
                  "The bridge will cost about 40 million dollars and is expected to open in 2027, the mayor said."}));
    EXPECT_EQ(c.published, (Date{2019, 11, 18}));
    // an unterminated script is left to the parser
    EXPECT_NO_THROW((void)extract_html("<p>Text<script>var x = 1;"));
}

TEST(HtmlContent, NestingGuard) {
    std::string deep;
    for (int i = 0; i < 30000; ++i) deep += "<div>";
    EXPECT_THROW((void)extract_html(deep + "text"), InputError);
    EXPECT_EQ(estimate_nesting("<div><p>a</p><p>b</p></div>"), 2u);
    EXPECT_EQ(estimate_nesting("<script>if (a<b) {}</script><div></div>"), 1u);
    // Deep but within the bound: the walk is iterative, so no stack overflow.
    std::string nested;
    for (int i = 0; i < 5000; ++i) nested += "<span>";
    EXPECT_TRUE(
        has(extract_html(page(nested + "<p>Deep text is still text, however deep it sits in the page.</p>")).text,
            "Deep text"));
}

}  // namespace

}  // namespace newsindex::detail
