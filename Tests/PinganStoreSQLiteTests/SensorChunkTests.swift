import Foundation
import PinganCore
import PinganStore
@testable import PinganStoreSQLite
import Testing

/// How the SQLite store packs records into rows: where a chunk ends, what a batch posted with a
/// position twice keeps, and that a chunk's lines read back as they were written.
@Suite("Sensor chunks")
struct SensorChunkTests {
    static let t0 = Date(auditMilliseconds: 1_790_000_000_000)

    static func record(_ seq: Int, sensor: String = "gate-1", batch: String = "b1", path: String = "/c/s1/", plate: String? = "沪A12345",
                       image: String? = nil) throws -> SensorRecord {
        SensorRecord(sensorID: SensorID(sensor), batchID: batch, seq: seq, at: t0 + Double(seq), kind: plate == nil ? .crowd : .plate, path: path,
                     plate: try plate.map { try PlateNumber.normalise($0) }, image: image, count: plate == nil ? 10 : nil)
    }

    @Test("a chunk ends at 256 records, at a megabyte of documents, and where the sensor, batch or station changes")
    func chunkBoundaries() throws {
        let lines = try (0..<600).map { SensorChunk.Line(try Self.record($0)) }
        #expect(SensorChunk.chunks(lines).map(\.count) == [256, 256, 88])
        let pictures = try (0..<10).map { SensorChunk.Line(try Self.record($0, image: String(repeating: "x", count: 300_000))) }
        #expect(SensorChunk.chunks(pictures).map(\.count) == [4, 4, 2])
        let mixed = try [Self.record(0), Self.record(1, path: "/c/s2/"), Self.record(2, path: "/c/s2/"), Self.record(3, batch: "b2"),
                         Self.record(4, sensor: "gate-2", batch: "b2")].map(SensorChunk.Line.init)
        #expect(SensorChunk.chunks(mixed).map(\.count) == [1, 2, 1, 1])
    }

    @Test("batches group by sensor and batch, keep the first of a repeated position, and keep a device's batch whole")
    func batches() throws {
        let device = try (0..<5).map { SensorChunk.Line(try Self.record($0)) }
        #expect(SensorChunk.batches(device).map { $0.lines.map(\.seq) } == [[0, 1, 2, 3, 4]])
        var first = try Self.record(1)
        first.text = "first"
        var again = try Self.record(1)
        again.text = "again"
        let mixed = try [Self.record(0), first, Self.record(0, sensor: "gate-2"), again, Self.record(2)].map(SensorChunk.Line.init)
        let grouped = SensorChunk.batches(mixed)
        #expect(grouped.map(\.sensorID) == ["gate-1", "gate-2"])
        #expect(grouped.map { $0.lines.map(\.seq) } == [[0, 1, 2], [0]])
        let kept = grouped[0].lines[1].doc
        guard case .record(let r) = kept else { Issue.record("a record's line keeps the record"); return }
        #expect(r.text == "first")
    }

    @Test("a chunk's documents and plate list read back line by line; a rebuilt chunk keeps only what is kept")
    func linesReadBack() throws {
        let records = try (0..<20).map { try Self.record($0, plate: $0 % 4 == 3 ? nil : "沪A1234\($0 % 10)") }
        let chunk = try #require(SensorChunk.chunks(records.map(SensorChunk.Line.init)).first)
        let docs = String(decoding: chunk.docs, as: UTF8.self), plates = String(decoding: chunk.plates, as: UTF8.self)
        let read = SensorChunk.records(docs)
        #expect(read.map(\.seq) == records.map { Int64($0.seq) })
        #expect(read.map(\.atMs) == records.map { $0.at.auditMilliseconds })
        // Each line holds the record without what the row and the line hold; keyed again, it is the record.
        #expect(read.allSatisfy { !$0.doc.contains("\"sensorID\"") && !$0.doc.contains("\"at\"") })
        let keyed = read.map { DocumentCursor.keyed($0.doc, atMs: $0.atMs, seq: $0.seq, sensorID: "gate-1", batchID: "b1", path: "/c/s1/") }
        #expect(try keyed.map { try JSONCoding.decoder.decode(SensorRecord.self, from: Data($0.utf8)) } == records)
        let entries = SensorChunk.plateEntries(plates)
        #expect(entries.map { String($0.plate) } == records.compactMap { $0.plate?.text })
        #expect(entries.map(\.seq) == records.filter { $0.plate != nil }.map { Int64($0.seq) })
        #expect(chunk.firstMs == records[0].at.auditMilliseconds && chunk.lastMs == records[19].at.auditMilliseconds)

        let cut = records[12].at.auditMilliseconds
        let kept = try #require(SensorChunk.rebuilt(sensorID: "gate-1", batchID: "b1", path: "/c/s1/", docs: docs, plates: plates, keeping: { $0 >= cut }))
        #expect(kept.count == 8 && kept.firstMs == cut)
        #expect(SensorChunk.records(String(decoding: kept.docs, as: UTF8.self)).map(\.seq) == Array(12..<20))
        #expect(SensorChunk.plateEntries(String(decoding: kept.plates, as: UTF8.self)).map(\.seq) == [12, 13, 14, 16, 17, 18])
        #expect(SensorChunk.rebuilt(sensorID: "gate-1", batchID: "b1", path: "/c/s1/", docs: docs, plates: plates, keeping: { _ in false }) == nil)
    }

    @Test("chunks written with whole documents (before they left out the row's members) read back beside new ones, and what each takes")
    func wholeDocumentChunksStillRead() async throws {
        let store = try SQLiteStore.inMemory()
        try await store.migrate()
        let new = try (0..<30).map { try Self.record($0, plate: "沪B0000\($0 % 3)") }
        _ = try await store.appendSensorRecords(new)
        let newChunks = SensorChunk.chunks(new.map(SensorChunk.Line.init))
        let newBytes = newChunks.reduce(0) { $0 + $1.docs.count + $1.plates.count }
        #expect(try await store.sensorRecordFootprint() == (records: 30, bytes: newBytes))
        // The same sensor's earlier batch, stored as chunks were before: each line the whole document.
        let old = try (0..<30).map { try Self.record($0, batch: "b0", plate: "沪B0000\($0 % 3)") }.map { r in
            var r = r
            r.at -= 100
            return r
        }
        let lines = old.map { r in
            SensorChunk.Line(sensorID: r.sensorID.rawValue, batchID: r.batchID, path: r.path, seq: Int64(r.seq), atMs: r.at.auditMilliseconds,
                             plate: r.plate?.text, doc: .text(Substring(r.storedDocument())))
        }
        let chunks = SensorChunk.chunks(lines)
        try await store.writer.write { db in
            let insert = try SQLiteStore.ChunkInsert(db)
            for chunk in chunks { try insert(chunk) }
        }
        #expect(String(decoding: chunks[0].docs, as: UTF8.self).contains(#"{"at":"#))
        let oldBytes = chunks.reduce(0) { $0 + $1.docs.count + $1.plates.count }
        #expect(try await store.sensorRecordFootprint() == (records: 60, bytes: newBytes + oldBytes))
        // Each line without the members the row holds: well under the whole documents' bytes.
        #expect(newBytes * 3 < oldBytes * 2)
        let all = (new + old).sorted { $0.at > $1.at }
        let everyone = Scope(path: "/")
        let bySensor = try await store.sensorRecords(of: SensorID("gate-1"), from: .distantPast, to: .distantFuture, scope: everyone, limit: 100)
        #expect(bySensor == all)
        let byPlate = try await store.sensorRecords(plate: "沪B00001", from: .distantPast, to: .distantFuture, scope: everyone, limit: 100)
        #expect(byPlate == all.filter { $0.plate?.text == "沪B00001" })
        #expect(byPlate.count == 20)
    }
}
