import Foundation
import PinganCore
import PinganStore
import PinganStoreSQLite
import Testing

/// A file-backed store takes gate reads in batches of 2,000, as gates post them, through the same
/// `appendSensorRecords` the HTTP handler calls, with full sync on commit, from one poster and from
/// four at once, and every record lands. It prints the rate as a hint only; the figure worth quoting
/// is `pingan bench sensing` (release, over HTTP). Kept small (20,000 records): a hundred thousand
/// synced records here once starved the rest of the suite's disk for two minutes on a loaded CI.
@Suite("Sensor record append rate")
struct SensorRecordRateTests {
    static let total = 20_000
    static let batchSize = 2_000

    /// Gate reads of 5,000 distinct plates by 20 gates of 4 stations, each batch from one gate.
    static func batches() throws -> [[SensorRecord]] {
        let plates = try (0..<5_000).map { try PlateNumber.normalise("沪A\(String(format: "%05d", $0 * 37 % 100_000))") }
        let start = Date(timeIntervalSince1970: 1_790_000_000)
        return (0..<(total / batchSize)).map { b in
            (0..<batchSize).map { i in
                let n = b * batchSize + i
                let gate = b % 20
                return SensorRecord(sensorID: SensorID("gate-\(gate)"), batchID: "batch-\(b)-\(gate)", seq: i, at: start + Double(n) / 1000,
                                    kind: .plate, path: "/c/d/s\(gate % 4)/", plate: plates[n % plates.count], plateColour: "blue",
                                    vehicleType: "car", direction: n % 2 == 0 ? "in" : "out", confidence: 0.9 + Double(n % 10) / 100,
                                    image: "s3://gates/\(gate)/\(n).jpg")
            }
        }
    }

    @Test("20,000 records in batches of 2,000, one poster after another and four at once")
    func rate() async throws {
        let batches = try Self.batches()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pingan-rate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let serial = try SQLiteStore(path: directory.appendingPathComponent("serial.sqlite").path)
        try await serial.migrate()
        let clock = ContinuousClock()
        var stored = 0
        let serialTime = try await clock.measure {
            for batch in batches { stored += try await serial.appendSensorRecords(batch) }
        }
        #expect(stored == Self.total)

        let parallel = try SQLiteStore(path: directory.appendingPathComponent("parallel.sqlite").path)
        try await parallel.migrate()
        let parallelTime = try await clock.measure {
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for poster in 0..<4 {
                    group.addTask {
                        var n = 0
                        for batch in batches.enumerated().filter({ $0.offset % 4 == poster }).map(\.element) {
                            n += try await parallel.appendSensorRecords(batch)
                        }
                        return n
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(counts == Self.total)
        }
        func rate(_ d: Duration) -> Int { Int(Double(Self.total) / (Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)) }
        print("sensor records: \(rate(serialTime)) records/s one poster (\(serialTime)), \(rate(parallelTime)) records/s four posters (\(parallelTime))")
    }
}
