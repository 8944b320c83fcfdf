#pragma once
/// @file types.hpp
/// Plain value types shared by every stage of the pipeline and by the search API.

#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsindex {

/// A calendar day of the proleptic Gregorian calendar.
struct Date {
    int year = 0;
    unsigned month = 0;  ///< 1..12
    unsigned day = 0;    ///< 1..31

    /// "YYYY-MM-DD".
    [[nodiscard]] std::string to_string() const;

    /// Parses "YYYY-MM-DD"; returns nullopt for anything else or an impossible day.
    [[nodiscard]] static std::optional<Date> parse(std::string_view iso);

    /// True if the day exists (e.g. 2015-02-29 does not).
    [[nodiscard]] static bool valid(int year, unsigned month, unsigned day);

    /// Days since 1970-01-01 (negative before), for arithmetic on dates.
    [[nodiscard]] std::int64_t to_days() const;
    [[nodiscard]] static Date from_days(std::int64_t days);

    /// 0 = Monday ... 6 = Sunday.
    [[nodiscard]] unsigned weekday() const;

    auto operator<=>(const Date&) const = default;
};

/// What kind of actor a name denotes.
enum class ActorKind { person, organization };

/// A person or organisation named in an article, under its canonical name.
struct Actor {
    std::string name;  ///< canonical name, e.g. "Islamic State"
    ActorKind kind = ActorKind::person;
    unsigned count = 0;  ///< mentions in title and text
};

/// The kind of a place in the gazetteer's hierarchy.
enum class PlaceKind { country, region, city, other };

/// A place named in an article, resolved against the gazetteer.
struct Place {
    std::string name;  ///< canonical name, e.g. "Syria"
    PlaceKind kind = PlaceKind::other;
    std::string country;                 ///< ISO 3166-1 alpha-2, or empty if none
    std::vector<std::string> ancestors;  ///< canonical names of region and country, nearest first
    unsigned count = 0;                  ///< mentions in title and text
};

/// The category of an annotated span.
enum class MentionType { person, organization, location, date };

/// One annotated span of an article's text.
struct Mention {
    std::size_t start = 0;  ///< byte offset into Article::text
    std::size_t end = 0;    ///< one past the last byte
    MentionType type = MentionType::location;
    std::string text;  ///< surface form
    std::string norm;  ///< canonical name or YYYY-MM-DD
};

/// Everything the pipeline learns about one article: the extraction record of CONTRACTS.md.
struct Article {
    std::string id;      ///< stable: the same input always gets the same id
    std::string source;  ///< input path, plus "#N" for the N-th record of a container file
    std::optional<std::string> url;
    std::string title;
    std::optional<Date> published;
    std::string text;                  ///< cleaned body; paragraphs separated by a blank line
    std::vector<std::string> removed;  ///< lines dropped as boilerplate, verbatim
    std::vector<Actor> actors;
    std::vector<Place> places;
    std::vector<Date> dates;         ///< every resolved date mentioned, ascending, unique
    std::vector<Mention> mentions;   ///< filled only when annotation is asked for
    /// The absolute path of the input file the article came from (empty for text held in
    /// memory). Not part of the extraction record: incremental indexing and --prune use it.
    std::string origin;
};

/// Names used in JSON and in the command line ("person", "organization", "country", ...).
[[nodiscard]] std::string_view to_string(ActorKind kind);
[[nodiscard]] std::string_view to_string(PlaceKind kind);
[[nodiscard]] std::string_view to_string(MentionType type);  ///< "PER", "ORG", "LOC", "DATE"

}  // namespace newsindex
