import ArgumentParser
import Foundation
import PinganCore
import PinganStore

/// `pingan bench audit`: fills a fresh store with a long, correctly chained audit log through the
/// store's own restore path (`pingan import`'s), then times what the audit page asks most: the
/// newest 100 rows of one subject's history, with each row's hash checked as the route does.
/// Prints one JSON object.
struct BenchAudit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Audit-log query benchmark (prints one JSON object).")

    @Option(help: "Events in the log.") var events = 10_000_000
    @Option(help: "Timed queries (after 10 untimed).") var queries = 200
    @Option(help: "PostgreSQL URL of an empty database to fill; default: a new SQLite file in --dir.") var database: String?
    @Option(help: "Folder for the SQLite file (removed afterwards).") var dir: String?

    mutating func run() async throws {
        guard events >= 10_000, queries >= 1 else { throw ValidationError("--events must be at least 10000 and --queries at least 1") }
        let bench = try await BenchStore(database: database, dir: dir, name: "audit")
        let store = bench.store
        guard try await store.lastSequence() == 0 else {
            await bench.close()
            throw ValidationError("the database must be empty: the benchmark writes its own log")
        }

        // Subjects: 200,000 incidents with a few events each, and one followed subject whose 100+
        // events are spread evenly through the whole log, so its history spans every page of it.
        let followed = "bench-followed-incident"
        let every = events / 120
        let loadStart = Date()
        var prev = AuditChain.genesis
        var seq: Int64 = 0
        let actor = Actor(id: "bench", name: "bench")
        let t0 = Date(timeIntervalSince1970: 1_790_000_000)
        while seq < Int64(events) {
            var batch: [RecordedEvent] = []
            batch.reserveCapacity(10_000)
            for _ in 0..<min(10_000, events - Int(seq)) {
                seq += 1
                let subject = seq % Int64(every) == 0 ? followed : "bench-incident-\(seq % 200_000)"
                let event = Event(type: seq % 3 == 0 ? .incidentTransitioned : .incidentCreated, subject: subject,
                                  path: "/bench-city/bench-d\(seq % 5)/bench-s\(seq % 40)/", data: .object(["n": .number(Double(seq))]))
                let row = AuditChain.seal(seq: seq, at: t0.addingTimeInterval(Double(seq) / 100), actor: actor, command: "Bench", event: event, prevHash: prev)
                prev = row.hash
                batch.append(row)
            }
            try await store.restore(RestoreBatch(events: batch))
        }
        let loadSeconds = Date().timeIntervalSince(loadStart)

        var times: [Double] = []
        var rows = 0
        for i in 0..<(queries + 10) {
            let start = DispatchTime.now().uptimeNanoseconds
            let page = try await store.auditEvents(AuditQuery(subject: followed, limit: 100), scope: .everything)
            let verified = page.filter { AuditChain.hash(of: $0) == $0.hash }.count
            let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            if i >= 10 { times.append(ms) }
            rows = verified
        }
        times.sort()
        func pct(_ p: Double) -> Double { (times[min(times.count - 1, Int(Double(times.count) * p))] * 1000).rounded() / 1000 }
        let report: [String: Any] = [
            "benchmark": "audit", "store": bench.kind, "events": events, "loadSeconds": (loadSeconds * 10).rounded() / 10,
            "query": "newest 100 rows of one subject's history (\(rows) rows returned, hashes checked)", "queries": queries,
            "medianMs": pct(0.5), "p95Ms": pct(0.95), "maxMs": pct(1.0), "targetMs": 20, "met": pct(0.5) <= 20,
        ]
        let json = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
        print(String(decoding: json, as: UTF8.self))
        await bench.close()
    }
}
