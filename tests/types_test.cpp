#include <newsindex/types.hpp>

#include <gtest/gtest.h>

namespace newsindex {
namespace {

TEST(Date, ParsesAndPrintsIsoDays) {
    const auto d = Date::parse("2015-09-28");
    ASSERT_TRUE(d);
    EXPECT_EQ(d->year, 2015);
    EXPECT_EQ(d->month, 9u);
    EXPECT_EQ(d->day, 28u);
    EXPECT_EQ(d->to_string(), "2015-09-28");
    EXPECT_EQ((Date{987, 1, 2}.to_string()), "0987-01-02");
}

TEST(Date, RejectsImpossibleAndMalformedDays) {
    EXPECT_FALSE(Date::parse("2015-02-29"));
    EXPECT_TRUE(Date::parse("2016-02-29"));
    EXPECT_FALSE(Date::parse("1900-02-29"));
    EXPECT_TRUE(Date::parse("2000-02-29"));
    EXPECT_FALSE(Date::parse("2015-13-01"));
    EXPECT_FALSE(Date::parse("2015-9-28"));
    EXPECT_FALSE(Date::parse("2015-09-28x"));
    EXPECT_FALSE(Date::parse("yyyy-mm-dd"));
    EXPECT_FALSE(Date::parse(""));
}

TEST(Date, DayArithmeticRoundTrips) {
    EXPECT_EQ((Date{1970, 1, 1}.to_days()), 0);
    EXPECT_EQ((Date{2015, 9, 28}.to_days()), 16706);
    for (std::int64_t days = -800000; days < 800000; days += 997) {
        EXPECT_EQ(Date::from_days(days).to_days(), days);
    }
    EXPECT_EQ(Date::from_days(Date{2015, 12, 31}.to_days() + 1), (Date{2016, 1, 1}));
}

TEST(Date, KnowsTheWeekday) {
    EXPECT_EQ((Date{2015, 9, 28}.weekday()), 0u);  // a Monday
    EXPECT_EQ((Date{2015, 10, 1}.weekday()), 3u);  // a Thursday
    EXPECT_EQ((Date{1970, 1, 1}.weekday()), 3u);
}

TEST(Date, OrdersChronologically) {
    EXPECT_LT((Date{2015, 9, 30}), (Date{2015, 10, 1}));
    EXPECT_LT((Date{2014, 12, 31}), (Date{2015, 1, 1}));
}

}  // namespace
}  // namespace newsindex
