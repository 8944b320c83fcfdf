// places-bench: the cost of the places stage on one core.
//
//   places-bench [--repeat N] FOLDER
//
// Prints the time to build the gazetteer from its embedded data (what the first
// construction in a process pays), and the MB/s of collect_places over the title and text of
// each file (the first line is the title), held in memory.

#include "places.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

extern "C" {
extern const char newsindex_gazetteer_places[];
extern const char newsindex_gazetteer_places_end[];
}

namespace {

namespace fs = std::filesystem;
using namespace newsindex;
using namespace newsindex::detail;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// CPU time of this thread: on a busy machine, wall time also counts the other processes.
double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
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
            std::cerr << "usage: places-bench [--repeat N] FOLDER\n";
            return 2;
        }
    }
    if (folder.empty() || !fs::is_directory(folder)) {
        std::cerr << "usage: places-bench [--repeat N] FOLDER\n";
        return 2;
    }
    const std::string_view data(newsindex_gazetteer_places,
                                static_cast<std::size_t>(newsindex_gazetteer_places_end - newsindex_gazetteer_places));
    // The first build pays for cold caches and page faults, as a process does.
    double first = 0;
    double load = 1e9;
    double load_cpu = 1e9;
    std::size_t entries = 0;
    for (int r = 0; r < repeat; ++r) {
        const auto start = Clock::now();
        const double cpu = cpu_seconds();
        const Gazetteer g(data);
        const double s = seconds_since(start);
        if (r == 0) first = s;
        load = std::min(load, s);
        load_cpu = std::min(load_cpu, cpu_seconds() - cpu);
        entries = g.entries().size();
    }

    std::vector<std::pair<std::string, std::string>> articles;  // title, text
    std::size_t bytes = 0;
    std::vector<fs::path> paths;
    for (const auto& e : fs::recursive_directory_iterator(folder)) {
        if (e.is_regular_file()) paths.push_back(e.path());
    }
    std::sort(paths.begin(), paths.end());
    for (const auto& p : paths) {
        std::ifstream in(p, std::ios::binary);
        std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const std::size_t nl = all.find('\n');
        std::string title = all.substr(0, nl);
        std::string text = nl == std::string::npos ? std::string() : all.substr(nl + 1);
        bytes += title.size() + text.size();
        articles.emplace_back(std::move(title), std::move(text));
    }
    const Gazetteer gazetteer;
    double best = 0;
    double best_cpu = 0;
    std::size_t sink = 0;
    for (int r = 0; r < repeat; ++r) {
        const auto start = Clock::now();
        const double cpu = cpu_seconds();
        for (const auto& [title, text] : articles) sink += collect_places(gazetteer, title, text, nullptr).size();
        best = std::max(best, static_cast<double>(bytes) / 1e6 / seconds_since(start));
        best_cpu = std::max(best_cpu, static_cast<double>(bytes) / 1e6 / (cpu_seconds() - cpu));
    }
    std::printf("places-bench: %zu files, %.2f MB from %s (one core, best of %d)\n\n", articles.size(),
                static_cast<double>(bytes) / 1e6, folder.c_str(), repeat);
    std::printf("gazetteer: %zu places from %.2f MB, built in %.1f ms (%.1f ms of CPU; first build %.1f ms)\n", entries,
                static_cast<double>(data.size()) / 1e6, load * 1e3, load_cpu * 1e3, first * 1e3);
    std::printf("collect_places: %.1f MB/s (%.1f MB/s of CPU time)\n", best, best_cpu);
    std::fprintf(stderr, "(checksum %zu)\n", sink);
    return 0;
}
