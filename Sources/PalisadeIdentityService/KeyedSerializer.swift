/// One caller at a time per key: two calls with one idempotency key at once must not both ask
/// the provider, so the second waits until the first has recorded its answer and then reads it.
actor KeyedSerializer {
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    /// Waits until no other holder has `key`, then holds it. Every `acquire` must be paired with
    /// one `release`.
    func acquire(_ key: String) async {
        if waiting[key] == nil {
            waiting[key] = []
            return
        }
        await withCheckedContinuation { continuation in waiting[key, default: []].append(continuation) }
    }

    /// Hands `key` to the next waiter, or frees it.
    func release(_ key: String) {
        guard var queue = waiting[key] else { return }
        if queue.isEmpty {
            waiting[key] = nil
        } else {
            let next = queue.removeFirst()
            waiting[key] = queue
            next.resume()
        }
    }

    /// Runs `body` holding `key`.
    func holding<T: Sendable>(_ key: String, _ body: @Sendable () async throws -> T) async throws -> T {
        await acquire(key)
        do {
            let value = try await body()
            release(key)
            return value
        } catch {
            release(key)
            throw error
        }
    }
}
