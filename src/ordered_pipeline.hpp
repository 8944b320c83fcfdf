#pragma once
// A three-stage pipeline that keeps order: one thread produces items, a pool of workers
// transforms them, and the calling thread consumes the results in the order produced.
//
// Extraction is the costly part of indexing and every article is independent, but the
// index is written by one thread and users expect input order (messages, --dry-run output,
// which of two articles with the same id wins). At most `window` items are between the
// producer and the consumer at any time, so memory stays flat however large the input.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace newsindex::detail {

/// Runs produce(emit) on a thread of its own, transform on `workers` threads and consume on
/// the calling thread, in the order produce emitted. An exception from transform reaches the
/// caller when its item's turn comes; one from consume or produce stops the pipeline (the
/// items before a producer's failure are consumed first) and is rethrown. Every thread has
/// ended when this returns or throws.
template <class In, class Out>
void run_ordered(std::size_t workers, std::size_t window, const std::function<void(const std::function<void(In&&)>&)>& produce,
                 const std::function<Out(In&&)>& transform, const std::function<void(Out&&)>& consume) {
    struct Slot {
        std::optional<In> in;
        std::optional<Out> out;
        std::exception_ptr error;
        bool ready = false;
    };
    struct Cancelled {};

    std::mutex mutex;
    std::condition_variable space;  // the producer waits for room in the window
    std::condition_variable work;   // workers wait for an unclaimed item
    std::condition_variable ready;  // the consumer waits for the oldest item
    std::deque<Slot> slots;         // the window: slots[i] is item base + i
    std::size_t base = 0;
    std::size_t next_unclaimed = 0;
    bool produced_all = false;
    bool cancelled = false;
    std::exception_ptr producer_error;
    if (workers == 0) workers = 1;
    if (window < workers) window = workers;

    auto worker = [&] {
        std::unique_lock lock(mutex);
        for (;;) {
            work.wait(lock, [&] { return cancelled || produced_all || next_unclaimed < base + slots.size(); });
            if (cancelled) return;
            if (next_unclaimed == base + slots.size()) return;  // produced_all, nothing left
            const std::size_t item = next_unclaimed++;
            In in = std::move(*slots[item - base].in);
            lock.unlock();
            std::optional<Out> out;
            std::exception_ptr error;
            try {
                out.emplace(transform(std::move(in)));
            } catch (...) {
                error = std::current_exception();
            }
            lock.lock();
            // The consumer only takes ready items, so `base` has not passed this one.
            Slot& slot = slots[item - base];
            slot.in.reset();
            slot.out = std::move(out);
            slot.error = error;
            slot.ready = true;
            if (item == base) ready.notify_one();
        }
    };

    std::thread producer([&] {
        try {
            produce([&](In&& in) {
                std::unique_lock lock(mutex);
                space.wait(lock, [&] { return cancelled || slots.size() < window; });
                if (cancelled) throw Cancelled{};
                slots.push_back(Slot{std::move(in), std::nullopt, nullptr, false});
                work.notify_one();
            });
        } catch (const Cancelled&) {  // NOLINT(bugprone-empty-catch): the consumer stopped the run
        } catch (...) {
            const std::lock_guard lock(mutex);
            producer_error = std::current_exception();
        }
        const std::lock_guard lock(mutex);
        produced_all = true;
        work.notify_all();
        ready.notify_one();
    });
    std::vector<std::thread> pool;
    auto join_all = [&](bool cancel) {
        {
            const std::lock_guard lock(mutex);
            cancelled = cancelled || cancel;
        }
        space.notify_all();
        work.notify_all();
        producer.join();
        for (std::thread& t : pool) t.join();
    };
    try {
        for (std::size_t i = 0; i < workers; ++i) pool.emplace_back(worker);
        for (;;) {
            std::unique_lock lock(mutex);
            ready.wait(lock, [&] { return (!slots.empty() && slots.front().ready) || (produced_all && slots.empty()); });
            if (slots.empty()) break;
            Slot slot = std::move(slots.front());
            slots.pop_front();
            ++base;
            space.notify_one();
            lock.unlock();
            if (slot.error) std::rethrow_exception(slot.error);
            consume(std::move(*slot.out));
        }
    } catch (...) {
        join_all(true);
        throw;
    }
    join_all(false);
    if (producer_error) std::rethrow_exception(producer_error);
}

}  // namespace newsindex::detail
