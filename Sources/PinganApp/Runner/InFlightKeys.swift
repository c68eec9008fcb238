/// The keys whose request is running on this instance: a second request with the same key waits
/// for the first to finish and then gets its stored reply, instead of running alongside it. (On
/// several instances the idempotency table's unique key still lets only one commit.)
actor InFlightKeys {
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    func acquire(_ key: String) async {
        if waiting[key] == nil {
            waiting[key] = []
            return
        }
        await withCheckedContinuation { waiting[key, default: []].append($0) }
    }

    func release(_ key: String) {
        guard var queue = waiting[key], !queue.isEmpty else {
            waiting[key] = nil
            return
        }
        let next = queue.removeFirst()
        waiting[key] = queue
        next.resume()
    }
}
