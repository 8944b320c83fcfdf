// The writing thread of a shard: tasks in order, a bounded queue, failures reported once.

#include "task_thread.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

namespace newsindex::detail {
namespace {

TEST(TaskThread, RunsTasksInTheOrderPostedOnItsOwnThread) {
    std::vector<int> ran;
    std::atomic<int> on_caller{0};
    const auto caller = std::this_thread::get_id();
    TaskThread thread(4);
    for (int i = 0; i < 200; ++i) {
        thread.post([&, i] {
            if (std::this_thread::get_id() == caller) ++on_caller;
            ran.push_back(i);
        });
    }
    thread.drain();
    ASSERT_EQ(ran.size(), 200u);
    for (int i = 0; i < 200; ++i) EXPECT_EQ(ran[static_cast<std::size_t>(i)], i);
    EXPECT_EQ(on_caller.load(), 0);
}

TEST(TaskThread, PostWaitsWhileTheQueueIsFull) {
    std::atomic<bool> release{false};
    std::atomic<int> posted{0};
    TaskThread thread(2);
    std::thread producer([&] {
        thread.post([&] {
            while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        });
        for (int i = 0; i < 10; ++i) {
            thread.post([] {});
            ++posted;
        }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    // One task runs (blocked), two wait: the producer is held at the third.
    EXPECT_LE(posted.load(), 2);
    release = true;
    producer.join();
    thread.drain();
    EXPECT_EQ(posted.load(), 10);
}

TEST(TaskThread, TheFirstFailureIsReportedOnceAndLaterTasksAreDropped) {
    int ran_after = 0;
    TaskThread thread;
    thread.post([] { throw std::runtime_error("disk full"); });
    thread.post([] { throw std::logic_error("second"); });
    thread.post([&] { ++ran_after; });
    EXPECT_THROW(thread.drain(), std::runtime_error);
    EXPECT_EQ(ran_after, 0);
    EXPECT_NO_THROW(thread.drain());  // reported once
}

TEST(TaskThread, TheDestructorRunsWhatIsStillQueued) {
    std::atomic<int> ran{0};
    {
        TaskThread thread;
        for (int i = 0; i < 50; ++i) thread.post([&] { ++ran; });
    }
    EXPECT_EQ(ran.load(), 50);
}

}  // namespace
}  // namespace newsindex::detail
