import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import PinganApp
import PinganBench
import PinganCore
import PinganServer
import PinganStore
import PinganStoreSQLite

/// The loopback half of `pingan bench sensing`: the real server (`buildApplication`) on a fresh
/// file-backed SQLite store, gate sensors registered and a watchlist filled over the API, then
/// pre-encoded batches of plate reads posted to `POST /v1/sensors/{id}/records` from several
/// keep-alive connections, one sensor each. Every answer comes after the records and the alerts
/// they raised are committed, so the rate is durable ingest. Each batch carries one plate on the
/// list; a live-feed subscriber notes when that batch's `alert.raised` frame arrives, and the
/// alert latency is that instant less the instant the batch was sent.
struct SensingHTTPBenchmark {
    var batches: Int
    var batch: Int
    var connections: Int
    var listed: Int
    /// Reads per second the batches are sent at, all connections together (open loop: batch `b`
    /// is due `b * batch / rate` seconds after the start, and its alert's latency counts from
    /// then, so a sender held up by a slow answer is counted against the server); nil sends each
    /// batch as soon as the last one is answered.
    var rate: Double? = nil

    struct Result {
        var readsPerSecond: Double
        var reads: Int
        var seconds: Double
        var alertLatenciesMs: [Double]
        var batchesPosted: Int
        /// Bytes a stored read takes in its chunk (SQLite's page overhead aside).
        var storedBytesPerRead: Double?
    }

    func run(progress: (String) -> Void) async throws -> Result {
        let bench = try await BenchStore(database: nil, name: "sensing")
        let store = bench.store
        let station = BenchCity.station
        let token = try await BenchCity.seed(AppServices(store: store))

        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let port = try DispatchHTTPBenchmark.freePort()
        let app = try await buildApplication(store: store, configuration: ServerConfiguration(host: "127.0.0.1", port: port, bcryptCost: 4), logger: logger)
        let server = Task { try await app.runService(gracefulShutdownSignals: []) }
        defer { server.cancel() }
        let client = APIClient(base: URL(string: "http://127.0.0.1:\(port)/")!, token: token)
        try await client.waitUntilServing()

        progress("registering \(connections) gates and a watchlist of \(listed) plates over the API")
        var sensors: [(id: String, token: String)] = []
        for i in 0..<connections {
            let reply = try JSONSerialization.jsonObject(with: try await client.send("POST", "/v1/sensors", json: [
                "name": "卡口 \(i)", "kind": "gate", "jurisdictionID": station.id.rawValue, "location": ["lat": 31.2352, "lon": 121.4801],
            ])) as? [String: Any]
            guard let sensor = reply?["sensor"] as? [String: Any], let id = sensor["id"] as? String, let t = reply?["token"] as? String else {
                throw LoopbackPoster.Failure(description: "could not register a sensor: \(String(describing: reply))")
            }
            sensors.append((id, t))
        }
        let list = try JSONSerialization.jsonObject(with: try await client.send("POST", "/v1/watchlists", json: [
            "name": "基准布控", "reason": "benchmark", "severity": "severe", "jurisdictionID": station.id.rawValue,
        ])) as? [String: Any]
        guard let listID = list?["id"] as? String else { throw LoopbackPoster.Failure(description: "could not create the watchlist") }
        let plates = SensingBenchmark.randomPlates(count: listed, seed: 7)
        for p in plates { _ = try await client.send("POST", "/v1/watchlists/\(listID)/entries", json: ["kind": "plate", "value": p.text]) }

        // Bodies per connection; the last read of each batch is a listed plate.
        progress("encoding \(batches) batches of \(batch) reads for \(connections) connections")
        let now = Timestamp.format(Date())
        let background = SensingBenchmark.randomPlates(count: batch * 50, seed: 11)
        var bodies: [[Batch]] = Array(repeating: [], count: connections)
        for b in 0..<batches {
            let c = b % connections, batchID = "c\(c)-b\(b)"
            var text = #"{"batchID":""# + batchID + #"","records":["#
            text.reserveCapacity(batch * 110)
            for r in 0..<batch {
                let plate = r == batch - 1 ? plates[b % plates.count] : background[(b * batch + r) % background.count]
                if r > 0 { text += "," }
                text += #"{"at":""# + now + #"","kind":"plate","plate":""# + plate.text + #"","plateColour":"blue","direction":"in","confidence":0.93}"#
            }
            bodies[c].append(Batch(id: batchID, body: Array((text + "]}").utf8), due: rate.map { Double(b * batch) / $0 }))
        }

        let sent = Locked<[String: UInt64]>([:]), arrived = Locked<[String: UInt64]>([:])
        let feed = try LoopbackLiveFeed(port: port, token: token, after: try await store.lastSequence()) { frame, at in
            guard LoopbackLiveFeed.end(of: #""type":"alert.raised""#, in: frame) != nil,
                  let from = LoopbackLiveFeed.end(of: #""batchID":""#, in: frame) else { return }
            let id = String(decoding: frame[from...].prefix { $0 != UInt8(ascii: "\"") }, as: UTF8.self)
            arrived.withLock { if $0[id] == nil { $0[id] = at } }
        }
        feed.start()
        defer { feed.stop() }
        progress("posting over \(connections) connections")
        let started = Date(), start = DispatchTime.now().uptimeNanoseconds
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (c, list) in bodies.enumerated() {
                let poster = try LoopbackPoster(port: port, token: sensors[c].token)
                let path = "/v1/sensors/\(sensors[c].id)/records"
                group.addTask { try await Self.post(list, to: path, over: poster, from: start, sent: sent) }
            }
            try await group.waitForAll()
        }
        let seconds = Date().timeIntervalSince(started)
        // The last frames may still be on their way.
        for _ in 0..<50 where arrived.withLock({ $0.count }) < batches { try await Task.sleep(for: .milliseconds(100)) }
        let s = sent.withLock { $0 }, a = arrived.withLock { $0 }
        let latencies = s.compactMap { id, t in a[id].map { Double($0 &- t) / 1_000_000 } }.sorted()
        let footprint = try await (store as? SQLiteStore)?.sensorRecordFootprint()
        await bench.close()
        return Result(readsPerSecond: Double(batches * batch) / seconds, reads: batches * batch, seconds: seconds, alertLatenciesMs: latencies,
                      batchesPosted: batches, storedBytesPerRead: footprint.flatMap { $0.records > 0 ? Double($0.bytes) / Double($0.records) : nil })
    }

    /// One encoded batch, and when it is due (seconds after the start) in an open-loop run.
    struct Batch: Sendable {
        var id: String
        var body: [UInt8]
        var due: Double?
    }

    /// Posts the bodies in order on a thread of its own (blocking sockets stay off the pool the
    /// in-process server runs on), noting when each batch was sent, or was due if it has a time.
    static func post(_ bodies: [Batch], to path: String, over poster: LoopbackPoster, from start: UInt64, sent: Locked<[String: UInt64]>) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            nonisolated(unsafe) let poster = poster
            Thread.detachNewThread {
                do {
                    for batch in bodies {
                        var stamp = DispatchTime.now().uptimeNanoseconds
                        if let due = batch.due {
                            let at = start + UInt64(due * 1e9)
                            if at > stamp { Thread.sleep(forTimeInterval: Double(at - stamp) / 1e9) }
                            stamp = at
                        }
                        sent.withLock { $0[batch.id] = stamp }
                        let (status, reply) = try poster.post(path, body: batch.body)
                        guard status == 200 else {
                            throw LoopbackPoster.Failure(description: "POST \(path) answered \(status): \(String(decoding: reply.prefix(300), as: UTF8.self))")
                        }
                    }
                    done.resume()
                } catch {
                    done.resume(throwing: error)
                }
            }
        }
    }
}
