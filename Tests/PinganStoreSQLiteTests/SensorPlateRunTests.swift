import Foundation
import GRDB
import PinganCore
import PinganStore
@testable import PinganStoreSQLite
import Testing

/// The SQLite store indexes records' plates in sorted runs, not read by read: a look-up by plate
/// must answer the same whether a record's plate is in the index or still past its mark, and
/// after a purge it finds none of the purged records.
@Suite("Sensor plates indexed in runs")
struct SensorPlateRunTests {
    @Test func aPlateIsFoundWhetherIndexedOrPastTheMarkAndPurgedWithItsRecord() async throws {
        let store = try SQLiteStore.inMemory()
        try await store.migrate()
        var batches = try SensorRecordRateTests.batches()   // 20,000 reads of 5,000 plates, batches of 2,000
        for batch in batches { _ = try await store.appendSensorRecords(batch) }
        await store.platesIndexed()   // runs are indexed behind the appends
        // One more batch, too small to come due: it waits past the mark.
        let lateBatch = batches[9].map { r in
            var r = r
            r.batchID = "late-" + r.batchID
            r.at += 100
            return r
        }
        _ = try await store.appendSensorRecords(lateBatch)
        await store.platesIndexed()
        batches.append(lateBatch)
        let all = batches.flatMap { $0 }
        let (upto, waiting) = try await store.writer.read { (try SQLiteStore.platesIndexedUpTo($0), try SQLiteStore.recordsPastMark($0)) }
        // A run was made, and the last records still wait past the mark.
        #expect(upto > 0 && waiting > 0 && waiting < SQLiteStore.plateRun, "mark at chunk \(upto), \(waiting) records past it")

        func expected(_ plate: PlateNumber, from records: [SensorRecord]) -> [SensorRecord] {
            records.filter { $0.plate == plate }.sorted { $0.at > $1.at }
        }
        let everyone = Scope(path: "/")
        let plates = Array(Set(all.compactMap(\.plate))).sorted { $0.text < $1.text }
        // Plates read early (indexed) and late (past the mark): 40 of them, the whole window.
        let sample = stride(from: 0, to: plates.count, by: plates.count / 40).map { plates[$0] }
        for plate in sample {
            let found = try await store.sensorRecords(plate: plate.text, from: .distantPast, to: .distantFuture, scope: everyone, limit: 10_000)
            #expect(found == expected(plate, from: all), "\(plate.text)")
        }
        // A window and a scope narrow it as they do for the rest.
        let mid = all[all.count / 2].at
        let plate = sample[3]
        let late = try await store.sensorRecords(plate: plate.text, from: mid, to: .distantFuture, scope: Scope(path: "/c/d/s1/"), limit: 10_000)
        #expect(late == expected(plate, from: all).filter { $0.at >= mid && $0.path == "/c/d/s1/" })

        // Purged before the middle: the records and their plate entries.
        let purged = try await store.purgeSensorRecords(before: mid)
        #expect(purged == all.filter { $0.at < mid }.count)
        let left = all.filter { $0.at >= mid }
        for plate in sample.prefix(10) {
            let found = try await store.sensorRecords(plate: plate.text, from: .distantPast, to: .distantFuture, scope: everyone, limit: 10_000)
            #expect(found == expected(plate, from: left), "\(plate.text)")
        }
        // The runs wholly before the cut went with their entries; purging past the last read
        // leaves no record, chunk, run or entry, and no look-up finds anything.
        let early = try await store.writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sensor_plate_runs WHERE last_ms < ?", arguments: [mid.auditMilliseconds]) }
        #expect(early == 0)
        #expect(try await store.purgeSensorRecords(before: all.last!.at + 1) == left.count)
        let remaining = try await store.writer.read { db in
            try ["sensor_chunks", "sensor_plate_runs", "sensor_plate_pages"].map { try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0)") ?? -1 }
        }
        #expect(remaining == [0, 0, 0])
        #expect(try await store.sensorRecords(plate: sample[0].text, from: .distantPast, to: .distantFuture, scope: everyone, limit: 10).isEmpty)
        // Chunk keys are not reused: a new batch after the purge is found by its plate, and only it.
        let again = try SensorRecordRateTests.batches()[0]
        #expect(try await store.appendSensorRecords(again) == again.count)
        #expect(try await store.sensorRecords(plate: sample[0].text, from: .distantPast, to: .distantFuture, scope: everyone, limit: 10_000) ==
                expected(sample[0], from: again))
    }
}
