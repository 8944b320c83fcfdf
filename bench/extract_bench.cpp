// extract-bench: speed of each extraction stage on one core, over files held in memory so
// that disk and page cache do not blur the numbers.
//
//   extract-bench [--repeat N] FOLDER
//
// Prints MB/s of input for: text reading (encoding detection and conversion) plus
// boilerplate removal; the survey of lines recurring across a folder (a second read of each
// article); date finding; place finding; and the whole extraction of an article.

#include "article_builder.hpp"
#include "boilerplate.hpp"
#include "dates.hpp"
#include "encoding.hpp"
#include "places.hpp"
#include "text_util.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using namespace newsindex;
using namespace newsindex::detail;

std::vector<std::string> load(const fs::path& folder) {
    std::vector<fs::path> paths;
    for (const auto& e : fs::recursive_directory_iterator(folder)) {
        if (e.is_regular_file()) paths.push_back(e.path());
    }
    std::sort(paths.begin(), paths.end());
    std::vector<std::string> texts;
    for (const auto& p : paths) {
        std::ifstream in(p, std::ios::binary);
        texts.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return texts;
}

// Runs work over every text, repeat times, and returns the best MB/s of input.
double best_mb_per_s(const std::vector<std::string>& texts, int repeat, const std::function<std::size_t(const std::string&)>& work,
                     std::size_t& sink) {
    std::size_t bytes = 0;
    for (const auto& t : texts) bytes += t.size();
    double best = 0;
    for (int r = 0; r < repeat; ++r) {
        const auto start = std::chrono::steady_clock::now();
        for (const auto& t : texts) sink += work(t);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        best = std::max(best, static_cast<double>(bytes) / 1e6 / seconds);
    }
    return best;
}

}  // namespace

int main(int argc, char* argv[]) {
    int repeat = 3;
    std::string folder;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--repeat" && i + 1 < argc) {
            repeat = std::max(1, std::atoi(argv[++i]));
        } else if (!arg.starts_with("-") && folder.empty()) {
            folder = arg;
        } else {
            std::cerr << "usage: extract-bench [--repeat N] FOLDER\n";
            return 2;
        }
    }
    if (folder.empty() || !fs::is_directory(folder)) {
        std::cerr << "usage: extract-bench [--repeat N] FOLDER\n";
        return 2;
    }
    const std::vector<std::string> texts = load(folder);
    std::size_t bytes = 0;
    for (const auto& t : texts) bytes += t.size();

    const BoilerplateFilter filter;
    const Gazetteer gazetteer;
    const ArticleBuilder builder;
    const ExtractOptions options;
    std::vector<std::string> decoded;
    for (const auto& t : texts) decoded.push_back(decode_to_utf8(t).text);
    std::size_t sink = 0;

    struct Row {
        const char* stage;
        double mb_per_s;
    };
    std::vector<Row> rows;
    rows.push_back({"read text + boilerplate", best_mb_per_s(texts, repeat, [&](const std::string& t) {
                        const DecodedText d = decode_to_utf8(t);
                        const auto lines = split_lines(d.text);
                        const auto verdicts = filter.classify(lines);
                        return static_cast<std::size_t>(std::count(verdicts.begin(), verdicts.end(), BoilerplateReason::none));
                    }, sink)});
    // The survey of recurring lines reads every article of a folder once more before extraction.
    rows.push_back({"survey recurring lines", [&] {
                        double best = 0;
                        for (int r = 0; r < repeat; ++r) {
                            RepeatedLines repeated;
                            const auto start = std::chrono::steady_clock::now();
                            for (const auto& t : texts) repeated.survey(split_lines(decode_to_utf8(t).text));
                            repeated.finish();
                            const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
                            best = std::max(best, static_cast<double>(bytes) / 1e6 / s);
                            sink += repeated.size();
                        }
                        return best;
                    }()});
    rows.push_back({"dates", best_mb_per_s(decoded, repeat, [&](const std::string& t) {
                        return find_date_expressions(t).size();
                    }, sink)});
    rows.push_back({"places", best_mb_per_s(decoded, repeat, [&](const std::string& t) {
                        return gazetteer.find(t).size();
                    }, sink)});
    rows.push_back({"whole article", best_mb_per_s(texts, repeat, [&](const std::string& t) {
                        RawDocument raw;
                        raw.id = "x";
                        raw.source = "x";
                        raw.body = decode_to_utf8(t).text;
                        return builder.build(std::move(raw), options).text.size();
                    }, sink)});

    std::printf("extract-bench: %zu files, %.2f MB from %s (one core, best of %d)\n\n", texts.size(),
                static_cast<double>(bytes) / 1e6, folder.c_str(), repeat);
    std::printf("%-26s %10s\n", "stage", "MB/s");
    for (const Row& r : rows) std::printf("%-26s %10.1f\n", r.stage, r.mb_per_s);
    std::fprintf(stderr, "(checksum %zu)\n", sink);
    return 0;
}
