// tagger-bench: speed of the NER tagger and of actor resolution on one core, and the time to
// load the model.
//
//   tagger-bench [--limit N] [--min-seconds S] FILE_OR_FOLDER...
//
// Reads up to N plain-text articles (default 2000; first line the title), then tags them
// again and again for at least S seconds (default 2) and reports tokens per second. Tokens
// are the tagger's own (words and punctuation).

#include "actors.hpp"
#include "input.hpp"
#include "places.hpp"
#include "tagger.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point t0) {
    return std::chrono::duration<double>(clock_type::now() - t0).count();
}

struct Article {
    std::string title;
    std::string text;
};

}  // namespace

int main(int argc, char** argv) {
    std::size_t limit = 2000;
    double min_seconds = 2.0;
    std::vector<std::string> inputs;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--limit" && i + 1 < argc) {
            limit = std::strtoul(argv[++i], nullptr, 10);
        } else if (a == "--min-seconds" && i + 1 < argc) {
            min_seconds = std::strtod(argv[++i], nullptr);
        } else if (a == "--help" || a == "-h") {
            std::puts("usage: tagger-bench [--limit N] [--min-seconds S] FILE_OR_FOLDER...");
            return 0;
        } else {
            inputs.push_back(a);
        }
    }
    if (inputs.empty()) {
        std::fputs("tagger-bench: give files or folders of plain-text articles\n", stderr);
        return 2;
    }

    // Model load: the built-in model is used in place; a model from bytes is parsed.
    auto t0 = clock_type::now();
    const newsindex::detail::TaggerModel& builtin = newsindex::detail::TaggerModel::builtin();
    const double builtin_ms = seconds_since(t0) * 1000;
    t0 = clock_type::now();
    const newsindex::detail::TaggerModel copy{std::string(builtin.bytes())};
    const double copy_ms = seconds_since(t0) * 1000;
    std::printf(
        "model: %zu bytes, %u hash bits, %u types (%.*s); built-in ready in %.2f ms, "
        "parsed from a copy in %.2f ms\n",
        builtin.bytes().size(), builtin.hash_bits(), builtin.scheme().types,
        static_cast<int>(builtin.type_names().size()), builtin.type_names().data(), builtin_ms, copy_ms);

    std::vector<Article> articles;
    std::size_t bytes = 0;
    newsindex::detail::walk_inputs(
        inputs,
        [&](const newsindex::detail::InputFile& f) {
            if (articles.size() >= limit) return;
            newsindex::detail::InputStream in(f.path);
            std::string body = in.read_all(std::size_t{16} << 20);
            const std::size_t nl = body.find('\n');
            Article a;
            a.title = body.substr(0, nl);
            a.text = nl == std::string::npos ? std::string() : body.substr(nl + 1);
            bytes += body.size();
            articles.push_back(std::move(a));
        },
        [](const std::string& source, const std::string& reason) {
            std::fprintf(stderr, "tagger-bench: %s: %s\n", source.c_str(), reason.c_str());
        });
    std::size_t tokens = 0;
    for (const Article& a : articles)
        tokens += newsindex::detail::tokenize(a.title).size() + newsindex::detail::tokenize(a.text).size();
    std::printf("input: %zu articles, %.1f MB, %zu tokens\n", articles.size(), static_cast<double>(bytes) / 1e6,
                tokens);
    if (tokens == 0) return 1;

    const newsindex::detail::Tagger tagger;
    std::size_t rounds = 0, entities = 0;
    t0 = clock_type::now();
    do {
        for (const Article& a : articles) {
            const auto parts = tagger.tag_article(a.title, a.text);
            entities += parts[0].entities.size() + parts[1].entities.size();
        }
        ++rounds;
    } while (seconds_since(t0) < min_seconds);
    double s = seconds_since(t0);
    std::printf(
        "tagging (tokenize, features, Viterbi, document consistency): %.0f tokens/s, %.1f MB/s "
        "(%zu rounds, %zu entities per round)\n",
        static_cast<double>(tokens * rounds) / s, static_cast<double>(bytes * rounds) / s / 1e6, rounds,
        entities / rounds);

    const newsindex::detail::ActorFinder finder;
    const newsindex::detail::Gazetteer places;
    std::size_t actors = 0;
    rounds = 0;
    t0 = clock_type::now();
    do {
        for (const Article& a : articles) actors += finder.find(a.title, a.text, places).size();
        ++rounds;
    } while (seconds_since(t0) < min_seconds);
    s = seconds_since(t0);
    std::printf("actors (tagging and resolution): %.0f tokens/s, %.0f articles/s (%zu actors per round)\n",
                static_cast<double>(tokens * rounds) / s, static_cast<double>(articles.size() * rounds) / s,
                actors / rounds);
    return 0;
}
