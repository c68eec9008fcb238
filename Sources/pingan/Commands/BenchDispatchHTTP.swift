import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import PinganApp
import PinganBench
import PinganCore
import PinganGeo
import PinganServer
import PinganStore
import PinganStoreSQLite

/// The loopback-HTTP half of `pingan bench dispatch`: the real server (`buildApplication`) on a
/// fresh file-backed SQLite store, the benchmark's fleet and zones created through audited
/// commands, and pre-encoded batches of its fixes posted to `POST /v1/positions` from several
/// keep-alive connections, each owning a share of the units so their fixes stay in order. Every
/// answer comes after the batch's thinned track points are committed, so the rate is durable
/// ingest: snap, geofence, thinning, track storage and zone events included.
struct DispatchHTTPBenchmark {
    var benchmark: DispatchBenchmark
    var network: RoadNetwork
    var steps: Int
    var batch: Int
    var connections: Int

    struct Result {
        var fixesPerSecond: Double
        var fixes: Int
        var seconds: Double
        var accepted: Int
        var trackPoints: Int
    }

    func run(progress: (String) -> Void) async throws -> Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pingan-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteStore(path: dir.appendingPathComponent("pingan.sqlite").path)
        try await store.migrate()

        // The organisation: one station holding the fleet and the zones.
        let workload = benchmark.httpWorkload(network, steps: steps, end: Date())
        let station = BenchCity.station
        let units = (0..<benchmark.units).map {
            PoliceUnit(id: UnitID("u\($0)"), callsign: "U\($0)", kind: .patrolCar, stationID: station.id, statusSince: Date(), crew: 2, path: station.path)
        }
        let zones = workload.zones.enumerated().map {
            PatrolZone(id: ZoneID("z\($0.offset)"), stationID: station.id, name: "Zone \($0.offset)", boundary: $0.element, path: station.path)
        }
        let token = try await BenchCity.seed(AppServices(store: store), units: units, zones: zones)

        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let port = try Self.freePort()
        var configuration = ServerConfiguration(host: "127.0.0.1", port: port, bcryptCost: 4)
        configuration.trackerPartitions = benchmark.partitions
        let app = try await buildApplication(store: store, configuration: configuration, roadNetwork: network, logger: logger)
        let server = Task { try await app.runService(gracefulShutdownSignals: []) }
        defer { server.cancel() }
        let client = APIClient(base: URL(string: "http://127.0.0.1:\(port)/")!, token: token)
        try await client.waitUntilServing()

        // Bodies per connection: its units' fixes in time order, `batch` per body.
        progress("encoding \(workload.fixes.count) fixes into batches of \(batch) for \(connections) connections")
        var shares = [[PositionFix]](repeating: [], count: connections)
        for fix in workload.fixes { shares[Int(fix.unit.rawValue.dropFirst())! % connections].append(fix) }
        let bodies: [[[UInt8]]] = shares.map { share in
            stride(from: 0, to: share.count, by: batch).map { start in Self.encode(share[start..<min(share.count, start + batch)]) }
        }
        progress("posting over \(connections) connections")
        let started = Date()
        let totals = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for list in bodies {
                let poster = try LoopbackPoster(port: port, token: token)
                group.addTask { try await Self.post(list, over: poster) }
            }
            var sum = (0, 0)
            for try await (a, p) in group { sum.0 += a; sum.1 += p }
            return sum
        }
        let seconds = Date().timeIntervalSince(started)
        return Result(fixesPerSecond: Double(workload.fixes.count) / seconds, fixes: workload.fixes.count, seconds: seconds,
                      accepted: totals.0, trackPoints: totals.1)
    }

    /// Posts the bodies in order on a thread of its own (blocking sockets must stay off the
    /// cooperative pool the in-process server runs on) and sums the fixes accepted and the track
    /// points stored.
    static func post(_ bodies: [[UInt8]], over poster: LoopbackPoster) async throws -> (Int, Int) {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<(Int, Int), any Error>) in
            nonisolated(unsafe) let poster = poster
            Thread.detachNewThread {
                do {
                    var accepted = 0, points = 0
                    for body in bodies {
                        let (status, reply) = try poster.post("/v1/positions", body: body)
                        guard status == 200 else {
                            throw LoopbackPoster.Failure(description: "POST /v1/positions answered \(status): \(String(decoding: reply.prefix(300), as: UTF8.self))")
                        }
                        let json = try JSONSerialization.jsonObject(with: Data(reply)) as? [String: Any]
                        accepted += json?["accepted"] as? Int ?? 0
                        points += json?["trackPointsStored"] as? Int ?? 0
                    }
                    done.resume(returning: (accepted, points))
                } catch {
                    done.resume(throwing: error)
                }
            }
        }
    }

    static func encode(_ fixes: ArraySlice<PositionFix>) -> [UInt8] {
        var text = #"{"fixes":["#
        text.reserveCapacity(fixes.count * 110)
        var first = true
        for f in fixes {
            if !first { text += "," }
            first = false
            text += #"{"unitID":""# + f.unit.rawValue + #"","time":""# + Timestamp.format(f.time) + #"","lat":"#
            text += String(f.lat) + #","lon":"# + String(f.lon) + #","speed":10}"#
        }
        return Array((text + "]}").utf8)
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        guard bound else { throw DemoError("could not find a free port") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}
