// Extraction on several threads: the same articles, problems and hook calls, in the same
// order and on the calling thread, as on one; memory bounded by the window; failures stop
// the run cleanly.

#include "ordered_pipeline.hpp"
#include "test_support.hpp"

#include <newsindex/extract.hpp>
#include <newsindex/json.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace newsindex {
namespace {

using Emit = std::function<void(int&&)>;
// One name for the instance under test (a template's comma would split a test macro).
const auto run_ints = &detail::run_ordered<int, int>;

std::vector<int> run_squares(std::size_t workers, std::size_t window, int items,
                             std::atomic<int>* in_flight_peak = nullptr) {
    std::vector<int> out;
    std::atomic<int> produced{0};
    std::atomic<int> consumed{0};
    run_ints(
        workers, window,
        [&](const Emit& emit) {
            for (int i = 0; i < items; ++i) {
                ++produced;
                if (in_flight_peak != nullptr) {
                    const int now = produced - consumed;
                    if (now > *in_flight_peak) *in_flight_peak = now;
                }
                emit(int{i});
            }
        },
        [](int&& i) {
            // Later items finish first: the order must come from the pipeline, not the timing.
            if (i % 7 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
            return i * i;
        },
        [&](int&& square) {
            ++consumed;
            out.push_back(square);
        });
    return out;
}

TEST(OrderedPipeline, ConsumesEveryResultInProducedOrder) {
    for (std::size_t workers : {1u, 2u, 5u}) {
        const std::vector<int> out = run_squares(workers, 8, 500);
        ASSERT_EQ(out.size(), 500u);
        for (int i = 0; i < 500; ++i) ASSERT_EQ(out[static_cast<std::size_t>(i)], i * i) << workers << " workers";
    }
    EXPECT_TRUE(run_squares(3, 8, 0).empty());
}

TEST(OrderedPipeline, AtMostAWindowOfItemsIsInFlight) {
    std::atomic<int> peak{0};
    (void)run_squares(4, 6, 300, &peak);
    // Six in the window, plus one taken by the consumer but not yet counted, plus one the
    // producer counted before it blocked. Without the window the producer would run ahead
    // by hundreds.
    EXPECT_LE(peak.load(), 8);
    EXPECT_GE(peak.load(), 2);
}

TEST(OrderedPipeline, ATransformFailureReachesTheCallerInItsTurn) {
    std::vector<int> consumed;
    EXPECT_THROW(run_ints(
                     3, 8,
                     [](const Emit& emit) {
                         for (int i = 0; i < 1000; ++i) emit(int{i});
                     },
                     [](int&& i) {
                         if (i == 40) throw std::runtime_error("bad item");
                         return i;
                     },
                     [&](int&& i) { consumed.push_back(i); }),
                 std::runtime_error);
    ASSERT_EQ(consumed.size(), 40u);  // everything before the failing item, nothing after
    EXPECT_EQ(consumed.back(), 39);
}

TEST(OrderedPipeline, AConsumerFailureStopsTheProducer) {
    std::atomic<int> produced{0};
    EXPECT_THROW(run_ints(
                     2, 4,
                     [&](const Emit& emit) {
                         for (int i = 0; i < 1000000; ++i) {
                             ++produced;
                             emit(int{i});
                         }
                     },
                     [](int&& i) { return i; },
                     [](int&& i) {
                         if (i == 10) throw std::logic_error("sink full");
                     }),
                 std::logic_error);
    EXPECT_LT(produced.load(), 100);
}

TEST(OrderedPipeline, AProducerFailureComesAfterWhatItProduced) {
    std::vector<int> consumed;
    EXPECT_THROW(run_ints(
                     2, 4,
                     [](const Emit& emit) {
                         for (int i = 0; i < 20; ++i) emit(int{i});
                         throw std::runtime_error("disk gone");
                     },
                     [](int&& i) { return i; }, [&](int&& i) { consumed.push_back(i); }),
                 std::runtime_error);
    EXPECT_EQ(consumed.size(), 20u);
}

// Everything a run reports, in the order reported.
struct Transcript {
    std::vector<std::string> lines;
    std::size_t foreign_thread_calls = 0;
};

Transcript transcribe(unsigned threads, const std::vector<std::string>& inputs) {
    ExtractOptions options;
    options.threads = threads;
    options.annotate = true;
    Transcript t;
    const auto caller = std::this_thread::get_id();
    auto note = [&](std::string line) {
        if (std::this_thread::get_id() != caller) ++t.foreign_thread_calls;
        t.lines.push_back(std::move(line));
    };
    RunHooks hooks;
    hooks.file_done = [&](const InputFileInfo& f) { note("done " + f.path); };
    const ExtractStats stats = Extractor(options).run(
        inputs, [&](Article&& a) { note(to_json(a, true)); },
        [&](const InputProblem& p) { note("problem " + p.source + ": " + p.reason); }, hooks);
    note("stats " + std::to_string(stats.files) + " " + std::to_string(stats.articles) + " " +
         std::to_string(stats.problems) + " " + std::to_string(stats.bytes));
    return t;
}

TEST(ParallelExtraction, SameArticlesProblemsAndHooksInTheSameOrderAsOneThread) {
    test::TempDir dir;
    std::vector<std::string> inputs{test::source_dir() + "/corpus"};
    for (int i = 0; i < 60; ++i) {
        dir.write("wire/" + std::to_string(100 + i) + ".txt",
                  "Talks number " + std::to_string(i) + " in Geneva\n\nGENEVA, March " + std::to_string(1 + i % 28) +
                      " - Foreign Minister Sergei Lavrov met John Kerry in Geneva on Monday, officials said.\n");
    }
    dir.write("wire/binary.txt", std::string("\x00\x01\x02garbage\x00", 11));
    dir.write("feed.jsonl", "{\"title\": \"One\", \"text\": \"Oil rose in London.\"}\n"
                            "not json\n"
                            "{\"title\": \"Two\", \"text\": \"Gold fell in Zurich.\"}\n");
    inputs.push_back(dir / "wire");
    inputs.push_back(dir / "missing.txt");
    inputs.push_back(dir / "feed.jsonl");
    const Transcript one = transcribe(1, inputs);
    EXPECT_GT(one.lines.size(), 60u);
    for (unsigned threads : {2u, 4u}) {
        const Transcript many = transcribe(threads, inputs);
        EXPECT_EQ(many.lines, one.lines) << threads << " threads";
        EXPECT_EQ(many.foreign_thread_calls, 0u);
    }
}

TEST(ParallelExtraction, AnArticleSinkFailureStopsTheRun) {
    test::TempDir dir;
    for (int i = 0; i < 200; ++i) dir.write("a/" + std::to_string(i) + ".txt", "Title\n\nSome text about oil.\n");
    ExtractOptions options;
    options.threads = 3;
    std::size_t delivered = 0;
    EXPECT_THROW(Extractor(options).run(
                     {dir / "a"},
                     [&](Article&&) {
                         if (++delivered == 5) throw std::runtime_error("index full");
                     },
                     [](const InputProblem&) {}),
                 std::runtime_error);
    EXPECT_EQ(delivered, 5u);
}

}  // namespace
}  // namespace newsindex
