// html-bench: speed of the HTML stage (main-content extraction, title, dates) on one core,
// over pages held in memory so that disk, gzip and the page cache do not blur the numbers.
//
//   html-bench [--repeat N] FOLDER
//
// Reads every .html, .htm, .html.gz and .htm.gz file under FOLDER, converts each to UTF-8
// as the html reader does (not timed), then runs extract_html over all of them N times
// (default 3) and prints the best pages/s and MB/s of HTML. MB are 10^6 bytes. The rates are
// per second of CPU time of this (single-threaded) process, so that other load on a shared
// machine distorts them less than it does wall time, which is printed too.

#include "encoding.hpp"
#include "html.hpp"
#include "input.hpp"

#include <newsindex/error.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using namespace newsindex::detail;

constexpr std::size_t max_page_bytes = 64u << 20;

bool is_page(const fs::path& path) {
    const std::string name = logical_name(path);
    return name.ends_with(".html") || name.ends_with(".htm");
}

std::vector<std::string> load(const fs::path& folder) {
    std::vector<fs::path> paths;
    for (const auto& e : fs::recursive_directory_iterator(folder)) {
        if (e.is_regular_file() && is_page(e.path())) paths.push_back(e.path());
    }
    std::sort(paths.begin(), paths.end());
    std::vector<std::string> pages;
    for (const auto& p : paths) {
        InputStream in(p);
        pages.push_back(decode_html_to_utf8(in.read_all(max_page_bytes)).text);
    }
    return pages;
}

double cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

int usage() {
    std::cerr << "usage: html-bench [--repeat N] FOLDER\n";
    return 2;
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
            return usage();
        }
    }
    if (folder.empty() || !fs::is_directory(folder)) return usage();
    std::vector<std::string> pages;
    try {
        pages = load(folder);
    } catch (const newsindex::Error& e) {
        std::cerr << "html-bench: " << e.what() << '\n';
        return 1;
    }
    if (pages.empty()) {
        std::cerr << "html-bench: no .html or .html.gz files under " << folder << '\n';
        return 1;
    }
    std::size_t bytes = 0;
    for (const auto& p : pages) bytes += p.size();

    std::size_t sink = 0, rejected = 0;
    double best = 1e300, best_wall = 1e300;
    for (int r = 0; r < repeat; ++r) {
        rejected = 0;
        const double cpu_start = cpu_seconds();
        const auto start = std::chrono::steady_clock::now();
        for (const auto& p : pages) {
            try {
                const HtmlContent c = extract_html(p);
                sink += c.text.size() + c.title.size() + (c.published ? 1 : 0);
            } catch (const newsindex::Error&) {
                ++rejected;  // a page nested too deep: counted, as the pipeline would report it
            }
        }
        best = std::min(best, cpu_seconds() - cpu_start);
        best_wall =
            std::min(best_wall, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::printf("html-bench: %zu pages, %.2f MB of HTML from %s (one core, best of %d)\n", pages.size(),
                static_cast<double>(bytes) / 1e6, folder.c_str(), repeat);
    std::printf("%10.1f pages/s (CPU time)\n%10.1f MB/s (CPU time)\n%10.1f MB/s (wall time)\n",
                static_cast<double>(pages.size()) / best, static_cast<double>(bytes) / 1e6 / best,
                static_cast<double>(bytes) / 1e6 / best_wall);
    if (rejected > 0) std::printf("%10zu pages rejected (nested too deep)\n", rejected);
    std::fprintf(stderr, "(checksum %zu)\n", sink);
    return 0;
}
