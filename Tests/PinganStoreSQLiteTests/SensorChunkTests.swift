import Foundation
import PinganCore
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
        #expect(read.map { String($0.doc) } == records.map { $0.storedDocument() })
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
}
