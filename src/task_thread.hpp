#pragma once
// One worker thread with a bounded queue of tasks: IndexWriter gives each shard of an index
// one, so that shards (independent Xapian databases) are written in parallel.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

namespace newsindex::detail {

/// A thread that runs tasks in the order posted. At most `capacity` tasks wait, so a slow
/// consumer (a disk) holds the producer back instead of filling memory. The first failure is
/// kept, later tasks are dropped, and drain() reports it.
class TaskThread {
  public:
    explicit TaskThread(std::size_t capacity = 64) : m_capacity(capacity == 0 ? 1 : capacity), m_thread([this] { loop(); }) {}
    TaskThread(const TaskThread&) = delete;
    TaskThread& operator=(const TaskThread&) = delete;
    /// Runs the tasks still waiting (unless one failed), then ends the thread.
    ~TaskThread() {
        {
            const std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_changed.notify_all();
        m_thread.join();
    }

    /// Queues a task; waits while `capacity` tasks are waiting already.
    void post(std::function<void()> task) {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return m_tasks.size() < m_capacity; });
        m_tasks.push_back(std::move(task));
        m_changed.notify_all();
    }

    /// Waits until every task posted has run (or was dropped after a failure); rethrows the
    /// first failure, once.
    void drain() {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return m_tasks.empty() && !m_busy; });
        if (m_error) std::rethrow_exception(std::exchange(m_error, nullptr));
    }

  private:

    void loop() {
        std::unique_lock lock(m_mutex);
        for (;;) {
            m_changed.wait(lock, [&] { return m_stop || !m_tasks.empty(); });
            if (m_tasks.empty()) return;  // stopping, nothing left
            std::function<void()> task = std::move(m_tasks.front());
            m_tasks.pop_front();
            m_busy = true;
            const bool failed = m_error != nullptr;
            lock.unlock();
            m_changed.notify_all();  // room for the producer
            std::exception_ptr error;
            if (!failed) {
                try {
                    task();
                } catch (...) {
                    error = std::current_exception();
                }
            }
            lock.lock();
            if (error && !m_error) m_error = error;
            m_busy = false;
            m_changed.notify_all();
        }
    }

    const std::size_t m_capacity;
    std::mutex m_mutex;
    std::condition_variable m_changed;  // tasks posted or taken, busy or stop changed
    std::deque<std::function<void()>> m_tasks;
    bool m_busy = false;
    bool m_stop = false;
    std::exception_ptr m_error;
    std::thread m_thread;  // last: it starts once the rest is built
};

}  // namespace newsindex::detail
