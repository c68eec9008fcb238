import Foundation
import GRDB
import PinganCore
import PinganStore
import Testing

@Suite("TmpSplit")
struct TmpSplitTests {
    @Test func variants() throws {
        let batches = try SensorRecordRateTests.batches().map { try $0.map(SensorRecordRow.init) }
        let clock = ContinuousClock()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tmpsplit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let variants: [(String, String, String)] = [
            ("rowid+3idx", "", "CREATE INDEX i1 ON r(at_ms); CREATE INDEX i2 ON r(plate, at_ms); CREATE INDEX i3 ON r(sensor_id, at_ms);"),
            ("norowid+3idx", "WITHOUT ROWID", "CREATE INDEX i1 ON r(at_ms); CREATE INDEX i2 ON r(plate, at_ms); CREATE INDEX i3 ON r(sensor_id, at_ms);"),
            ("rowid+2idx", "", "CREATE INDEX i1 ON r(at_ms); CREATE INDEX i2 ON r(plate, at_ms);"),
            ("norowid+2idx", "WITHOUT ROWID", "CREATE INDEX i1 ON r(at_ms); CREATE INDEX i2 ON r(plate, at_ms);"),
            ("rowid+0idx", "", ""),
        ]
        for (name, suffix, indexes) in variants {
            var config = Configuration()
            config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            let pool = try DatabasePool(path: dir.appendingPathComponent(name + ".sqlite").path, configuration: config)
            try pool.write { db in
                try db.execute(sql: """
                    CREATE TABLE r (sensor_id TEXT NOT NULL, batch_id TEXT NOT NULL, seq INTEGER NOT NULL, at_ms INTEGER NOT NULL,
                    path TEXT NOT NULL, kind TEXT NOT NULL, plate TEXT, doc_hash TEXT, doc TEXT NOT NULL, PRIMARY KEY (sensor_id, batch_id, seq)) \(suffix);
                    \(indexes)
                    """)
            }
            let d = try clock.measure {
                for rows in batches {
                    try pool.write { db in
                        let statement = try db.cachedStatement(sql: "INSERT INTO r VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
                        for r in rows {
                            statement.setUncheckedArguments([r.sensorID, r.batchID, r.seq, r.atMs, r.path, r.kind, r.plate, r.docHash, r.doc])
                            try statement.execute()
                        }
                    }
                }
            }
            let sec = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
            print("variant \(name): \(Int(100_000 / sec)) rows/s")
        }
    }
}
