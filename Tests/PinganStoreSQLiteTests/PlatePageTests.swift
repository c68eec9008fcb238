import Foundation
import PinganGeo
@testable import PinganStoreSQLite
import Testing

/// The plate index's pages: a look-up reads one page per run, so a plate's entries must never be
/// split across two, the key order must be SQLite's order of the key blobs, and the bisection in
/// a page must find exactly what a scan finds.
@Suite("Plate index pages")
struct PlatePageTests {
    /// Plates of a few shapes and lengths, many repeated, some sharing their first bytes.
    static func plates(_ count: Int, _ rng: inout SplitMix64) -> [String] {
        let provinces = ["京", "沪", "粤", "川", "苏"], letters = Array("ABCDEFGHJK"), digits = Array("0123456789")
        return (0..<count).map { _ in
            var p = provinces[Int(rng.next() % 5)] + String(letters[Int(rng.next() % 10)])
            for _ in 0..<(rng.next() % 4 == 0 ? 6 : 5) { p.append(digits[Int(rng.next() % 3)]) }   // few digits: many repeats
            if rng.next() % 10 == 0 { p += "警" }
            return p
        }
    }

    @Test("pages are cut only where the plate changes, and each page's bisection finds what a scan finds")
    func pagesKeepAPlateTogetherAndFindIt() throws {
        var rng = SplitMix64(seed: 17)
        let distinct = Self.plates(400, &rng)
        // One plate read 500 times: its entries outgrow a page and must still stay on one.
        var entries = (0..<20_000).map { i in
            PlatePage.Entry(key: PlatePage.Key(distinct[Int(rng.next() % 400)]), chunk: Int64(rng.next() % 90), seq: Int64(i))
        }
        entries += (0..<500).map { PlatePage.Entry(key: PlatePage.Key(distinct[7]), chunk: 95, seq: Int64($0)) }
        entries.sort()
        let cuts = PlatePage.cuts(entries)
        #expect(cuts.first?.lowerBound == 0 && cuts.last?.upperBound == entries.count)
        for (a, b) in zip(cuts, cuts.dropFirst()) {
            #expect(a.upperBound == b.lowerBound)
            #expect(a.count >= PlatePage.size)
            #expect(entries[a.upperBound - 1].key != entries[b.lowerBound].key, "a plate split across two pages")
        }
        let pages = cuts.map { (first: entries[$0.lowerBound].key, data: PlatePage.encode(entries[$0])) }
        // The pages' first keys in SQLite's blob order are in key order.
        for (a, b) in zip(pages, pages.dropFirst()) {
            #expect(a.first < b.first)
            #expect(a.data.count > 0 && a.first.bytes.lexicographicallyPrecedes(b.first.bytes))
        }
        // Every plate (and some never read): the last page whose first key is not past it, as the
        // store's query picks it, holds exactly the plate's entries.
        for plate in distinct + Self.plates(50, &rng) {
            let key = PlatePage.Key(plate)
            let expected = entries.filter { $0.key == key }.map { [$0.chunk, $0.seq] }
            guard let page = pages.last(where: { !(key < $0.first) }) else {
                #expect(expected.isEmpty, "\(plate)")
                continue
            }
            #expect(PlatePage.matches(key, in: page.data).map { [$0.chunk, $0.seq] } == expected, "\(plate)")
        }
    }

    @Test("a key orders as the bytes of the plate, and holds a plate of up to 16 bytes whole")
    func keysOrderAsBytes() throws {
        var rng = SplitMix64(seed: 5)
        let plates = Self.plates(2_000, &rng) + ["京A", "京A0", "京A00000", "京A0000警", "A", ""]
        for _ in 0..<5_000 {
            let a = plates[Int(rng.next() % UInt64(plates.count))], b = plates[Int(rng.next() % UInt64(plates.count))]
            let (ka, kb) = (PlatePage.Key(a), PlatePage.Key(b))
            #expect((ka < kb) == Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8)), "\(a) \(b)")
            #expect((ka == kb) == (a == b), "\(a) \(b)")
        }
        #expect(PlatePage.Key.isExact("京A0000警") && !PlatePage.Key.isExact("京京京京京京"))
    }

    @Test("the indexer's walk over a chunk's plate list finds the entries the reader finds")
    func plateKeysWalkTheStoredList() throws {
        let records = try (0..<40).map { try SensorChunkTests.record($0, plate: $0 % 4 == 3 ? nil : "沪A1234\($0 % 10)") }
        let chunk = try #require(SensorChunk.chunks(records.map(SensorChunk.Line.init)).first)
        var walked: [PlatePage.Entry] = []
        // With a malformed line in the middle, which both skip.
        let plates = chunk.plates + Array("\n沪A99999\tx\t1\n沪A99998\t5".utf8) + chunk.plates
        plates.withUnsafeBytes { raw in SensorChunk.forEachPlateKey(raw) { walked.append(PlatePage.Entry(key: $0, chunk: 0, seq: $1)) } }
        let read = SensorChunk.plateEntries(String(decoding: plates, as: UTF8.self)).map { PlatePage.Entry(key: PlatePage.Key($0.plate), chunk: 0, seq: $0.seq) }
        #expect(walked == read)
        #expect(walked.count == 2 * records.filter { $0.plate != nil }.count)
    }
}
