import PinganStore

/// The audit chain as walked so far by this server: each audit page advances the walk over rows
/// appended since the last one (at most `step` rows a call, so a long log costs no single
/// request more than that), and the page reports how far the chain is known intact. A break,
/// once found, is reported until restart; `pingan audit verify` walks the whole log again.
actor ChainWatch {
    struct State: Encodable, Sendable {
        var intact: Bool
        /// Rows verified from the first.
        var rows: Int64
        /// The log's last row when the page was read.
        var head: Int64
        var brokenAt: Int64?
    }

    private var last: (seq: Int64, hash: String) = (0, AuditChain.genesis)
    private var broken: ChainBreak?
    let step: Int

    init(step: Int = 50_000) { self.step = step }

    func advance(in log: any EventLog) async throws -> State {
        let head = try await log.lastSequence()
        var budget = step
        while broken == nil && last.seq < head && budget > 0 {
            let batch = try await log.events(after: last.seq, scope: .everything, limit: min(budget, 10_000))
            guard !batch.isEmpty else { break }
            if let b = AuditChain.firstBreak(in: batch, after: last) {
                broken = b
                break
            }
            last = (batch[batch.count - 1].seq, batch[batch.count - 1].hash)
            budget -= batch.count
        }
        return State(intact: broken == nil, rows: last.seq, head: head, brokenAt: broken?.seq)
    }
}
