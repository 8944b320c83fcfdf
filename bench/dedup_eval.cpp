// dedup-eval: pairwise precision and recall of the near-duplicate stories on a set made by
// scripts/make-dedup-set.py, and what the detection costs.
//
//   dedup-eval SET [--without KIND]... [--index DIR [--shards N]] [--threads N] [--show-false N]
//
// Extracts SET/articles as news-index does, then clusters the articles in the order of the
// walk, either in memory with the library's own rules (the default: quick, for tuning) or
// by indexing them with --index DIR (a new folder): the real thing, stories read back from
// the index. Prints pairwise precision, recall and F1 over all files, the recall of the
// (original, copy) pairs of each kind of copy, and the similarity of those pairs.

#include "bench_args.hpp"
#include "database_location.hpp"
#include "document.hpp"
#include "near_duplicates.hpp"

#include <newsindex/newsindex.hpp>

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

namespace fs = std::filesystem;
namespace nd = newsindex::detail;

namespace {

struct TruthRow {
    std::string story;
    std::string kind;
};

std::map<std::string, TruthRow> read_truth(const fs::path& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::map<std::string, TruthRow> truth;
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string file, story, kind;
        std::getline(fields, file, '\t');
        std::getline(fields, story, '\t');
        std::getline(fields, kind, '\t');
        truth[file] = {story, kind};
    }
    return truth;
}

double pairs(std::size_t n) { return static_cast<double>(n) * static_cast<double>(n - 1) / 2; }

struct Scores {
    double precision = 0, recall = 0;
};

// Pairwise scores of predicted stories against true ones, over the same files.
Scores pairwise(const std::map<std::string, std::string>& predicted, const std::map<std::string, TruthRow>& truth) {
    std::map<std::string, std::size_t> by_pred, by_true;
    std::map<std::pair<std::string, std::string>, std::size_t> both;
    for (const auto& [file, story] : predicted) {
        const std::string& t = truth.at(file).story;
        ++by_pred[story];
        ++by_true[t];
        ++both[{story, t}];
    }
    double tp = 0, pred = 0, actual = 0;
    for (const auto& [_, n] : both) tp += pairs(n);
    for (const auto& [_, n] : by_pred) pred += pairs(n);
    for (const auto& [_, n] : by_true) actual += pairs(n);
    return {pred > 0 ? tp / pred : 1, actual > 0 ? tp / actual : 1};
}

}  // namespace

int main(int argc, char** argv) {
    fs::path set;
    std::set<std::string> without;
    std::optional<fs::path> index;
    unsigned threads = 0;
    std::size_t show_false = 0;
    unsigned shards = 0;
    try {
        bench::ArgWalker args(argc, argv);
        while (args.next()) {
            const std::string arg(args.arg());
            if (arg == "--without") {
                without.insert(std::string(args.take_value()));
            } else if (arg == "--index") {
                index = std::string(args.take_value());
            } else if (arg == "--shards") {
                shards = static_cast<unsigned>(bench::parse_count(arg, args.take_value()));
            } else if (arg == "--show-false") {
                show_false = bench::parse_count(arg, args.take_value());
            } else if (arg == "--threads") {
                threads = static_cast<unsigned>(bench::parse_count(arg, args.take_value()));
            } else if (arg.starts_with("--") || !set.empty()) {
                throw bench::UsageError("unknown argument " + arg);
            } else {
                set = arg;
            }
        }
        if (set.empty()) throw bench::UsageError("no set given");
    } catch (const bench::UsageError& e) {
        std::fprintf(stderr, "dedup-eval: %s\nusage: dedup-eval SET [--without KIND]... [--index DIR [--shards N]] [--threads N] [--show-false N]\n",
                     e.what());
        return 2;
    }
    try {
        std::map<std::string, TruthRow> truth = read_truth(set / "truth.tsv");
        std::vector<std::string> inputs;
        for (const auto& [file, row] : truth) {
            if (!without.contains(row.kind)) inputs.push_back((set / "articles" / file).string());
        }
        newsindex::ExtractOptions options;
        options.threads = threads;
        const newsindex::Extractor extractor(options);
        std::map<std::string, std::string> predicted;  // file -> story
        std::map<std::string, nd::Fingerprint> prints;
        std::unordered_map<std::string, std::string> file_of_id;
        std::size_t exact = 0, near = 0;
        nd::RecentStories memory;
        std::optional<newsindex::IndexWriter> writer;
        if (index) writer.emplace(index->string(), newsindex::WriterOptions{shards});
        const auto started = std::chrono::steady_clock::now();
        extractor.run(
            inputs,
            [&](newsindex::Article&& a) {
                const std::string file = fs::path(a.source).filename().string();
                file_of_id[a.id] = file;
                if (writer) {
                    prints[file] = nd::fingerprint(a.title, a.text);
                    const newsindex::AddResult r = writer->add(std::move(a));
                    exact += r.duplicate == newsindex::AddResult::Duplicate::exact ? 1 : 0;
                    near += r.duplicate == newsindex::AddResult::Duplicate::near ? 1 : 0;
                    return;
                }
                const nd::Fingerprint f = nd::fingerprint(a.title, a.text);
                std::vector<nd::StoryMember> candidates;
                memory.candidates(f, candidates);
                const nd::StoryDecision d = nd::decide_story(a.id, f, candidates);
                if (show_false > 0 && d.kind != nd::StoryDecision::Kind::new_story &&
                    truth.at(file).story != truth.at(file_of_id.at(candidates[d.of].id)).story) {
                    --show_false;
                    std::printf("false merge %.3f: %s (%s) with %s (%s)\n", d.similarity, file.c_str(),
                                truth.at(file).kind.c_str(), file_of_id.at(candidates[d.of].id).c_str(),
                                truth.at(file_of_id.at(candidates[d.of].id)).kind.c_str());
                }
                exact += d.kind == nd::StoryDecision::Kind::exact_duplicate ? 1 : 0;
                near += d.kind == nd::StoryDecision::Kind::near_duplicate ? 1 : 0;
                predicted[file] = d.story;
                prints[file] = f;
                memory.add({a.id, d.story, a.source, f});
            },
            [](const newsindex::InputProblem& p) {
                std::fprintf(stderr, "dedup-eval: %s: %s\n", p.source.c_str(), p.reason.c_str());
            });
        if (writer) {
            writer->commit();
            writer.reset();
            const Xapian::Database db = nd::open_database(index->string());
            for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
                const Xapian::Document doc = db.get_document(*it);
                predicted[file_of_id.at(nd::read_stored(doc.get_data()).id)] = doc.get_value(nd::schema::story_slot);
            }
        }
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        std::map<std::string, TruthRow> used;
        for (const auto& [file, _] : predicted) used[file] = truth.at(file);
        const Scores all = pairwise(predicted, used);
        std::printf("dedup-eval: %zu files (%s), %zu exact and %zu near duplicates found, %.1f s\n", predicted.size(),
                    without.empty() ? "every kind" : "some kinds left out", exact, near, seconds);
        std::printf("pairwise precision %.4f recall %.4f F1 %.4f\n", all.precision, all.recall,
                    2 * all.precision * all.recall / (all.precision + all.recall));
        // Per kind: how many copies landed in their original's story.
        std::map<std::string, std::string> original_of;  // story -> file of its original
        for (const auto& [file, row] : used) {
            if (row.kind == "original") original_of[row.story] = file;
        }
        std::map<std::string, std::pair<std::size_t, std::size_t>> by_kind;  // kind -> (same story, all)
        std::map<std::string, std::vector<double>> sims;
        for (const auto& [file, row] : used) {
            if (row.kind == "original") continue;
            const auto original = original_of.find(row.story);
            if (original == original_of.end()) continue;
            auto& [same, total] = by_kind[row.kind];
            ++total;
            same += predicted.at(file) == predicted.at(original->second) ? 1 : 0;
            if (!prints.empty()) sims[row.kind].push_back(nd::similarity(prints.at(file), prints.at(original->second)));
        }
        std::printf("\n%-12s %7s %9s %12s %12s\n", "copy", "copies", "recall", "median sim", "5th pct sim");
        for (const auto& [kind, counts] : by_kind) {
            std::vector<double>& s = sims[kind];
            std::sort(s.begin(), s.end());
            const double median = s.empty() ? 0 : s[s.size() / 2];
            const double low = s.empty() ? 0 : s[s.size() / 20];
            std::printf("%-12s %7zu %9.4f %12.3f %12.3f\n", kind.c_str(), counts.second,
                        static_cast<double>(counts.first) / static_cast<double>(counts.second), median, low);
        }
        if (!prints.empty()) {
            // The most similar different stories: what a lower threshold would merge.
            std::vector<double> best_other;
            std::map<std::string, std::vector<std::string>> originals_by_story;
            std::vector<std::pair<std::string, const nd::Fingerprint*>> originals;
            for (const auto& [file, row] : used) {
                if (row.kind == "original") originals.emplace_back(row.story, &prints.at(file));
            }
            nd::RecentStories table;
            std::size_t n = 0;
            for (const auto& [story, f] : originals) {
                std::vector<nd::StoryMember> c;
                table.candidates(*f, c);
                double best = 0;
                for (const auto& m : c) {
                    if (m.story != story) best = std::max(best, nd::similarity(*f, m.fingerprint));
                }
                best_other.push_back(best);
                table.add({std::to_string(n++), story, "", *f});
            }
            std::sort(best_other.rbegin(), best_other.rend());
            std::printf("\noriginals of different stories, highest similarity to an earlier one: ");
            for (const double q : {0.001, 0.01, 0.05}) {
                std::printf("top %.1f%% >= %.3f  ", q * 100, best_other[static_cast<std::size_t>(q * static_cast<double>(best_other.size()))]);
            }
            std::printf("\n");
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "dedup-eval: %s\n", e.what());
        return 1;
    }
    return 0;
}
