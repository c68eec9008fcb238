import Foundation
import PinganCore
import PinganStore

/// Sensor records as the SQLite store keeps them: up to `size` records of one (sensor, batch,
/// station path) in one row, their documents one per line, beside the list of their plates.
///
/// Why rows of many records: appending is the platform's hottest write, and SQLite has one
/// writer. A row per record cost the writer a table insert and two index inserts per read, about
/// 460 bytes of pages each, and kept it busy for most of a batch's time; a row per 256 records
/// is one insert and a few index entries for all of them (a 2,000-read batch: 8 inserts, about
/// 0.5 ms in the writer; `pingan bench sensing`). Everything the store answers is still per record: the
/// (sensor, batch, position) key, reads by sensor and by plate, the purge by instant.
struct SensorChunk: Sendable {
    static let size = 256
    /// Documents past which a chunk takes no more records (reads with inline pictures), so a
    /// look-up of one record never loads a row of many megabytes.
    static let maxBytes = 1 << 20

    var sensorID: String
    var batchID: String
    var path: String
    var firstMs: Int64
    var lastMs: Int64
    var count: Int
    /// One line per record that has a plate: `\n` plate `\t` instant (ms) `\t` position, so a
    /// plate is found in it by `instr` with `\n` plate `\t`. UTF-8, stored as text.
    var plates: [UInt8]
    /// One line per record: instant (ms) `\t` position `\t` the record's JSON document `\n`,
    /// without the members the row and the line already hold (`writeUnkeyedDocument`; chunks
    /// written before that hold whole documents, and `DocumentCursor.keyed` reads either). A
    /// document holds no raw tab or newline (JSON escapes both). UTF-8, stored as text.
    var docs: [UInt8]

    /// One record's part of a chunk.
    struct Line: Sendable {
        var sensorID: String
        var batchID: String
        var path: String
        var seq: Int64
        var atMs: Int64
        var plate: String?
        var doc: Document

        /// The record's document: written from the record (appending, no string made for it),
        /// or one already in a chunk, kept as it is (moving stored chunks).
        enum Document: Sendable {
            case record(SensorRecord)
            case text(Substring)

            /// At least the bytes `write` writes.
            var bound: Int {
                switch self {
                case .record(let record): record.storedDocumentBound
                case .text(let text): text.utf8.count
                }
            }

            func write(to out: inout DocumentCursor) {
                switch self {
                case .record(let record): record.writeUnkeyedDocument(to: &out)
                case .text(var text): text.withUTF8 { out.bytes($0) }
                }
            }
        }

    }

    /// The records of one (sensor, batch), in the order given, each position once.
    struct Batch: Sendable {
        var sensorID: String
        var batchID: String
        var lines: [Line]
    }

    /// `lines` by (sensor, batch) in order of first appearance; a position seen again in the
    /// same list is left out (the first one is the one stored, as for a batch posted again).
    static func batches(_ lines: [Line]) -> [Batch] {
        guard let first = lines.first else { return [] }
        // A device's batch: one sensor, one batch, positions rising. Nothing to sort out.
        var rising = true, previous = Int64.min
        for line in lines {
            guard line.sensorID == first.sensorID, line.batchID == first.batchID, line.seq > previous else { rising = false; break }
            previous = line.seq
        }
        if rising { return [Batch(sensorID: first.sensorID, batchID: first.batchID, lines: lines)] }
        var index: [String: Int] = [:], out: [Batch] = [], seen: [Set<Int64>] = []
        for line in lines {
            let key = line.sensorID + "\u{0}" + line.batchID
            let i: Int
            if let known = index[key] {
                i = known
            } else {
                i = out.count
                index[key] = i
                out.append(Batch(sensorID: line.sensorID, batchID: line.batchID, lines: []))
                seen.append([])
            }
            guard seen[i].insert(line.seq).inserted else { continue }
            out[i].lines.append(line)
        }
        return out
    }

    /// `lines` cut into chunks: a new one wherever the sensor, batch or station path changes or
    /// `size` records or `maxBytes` of documents are reached.
    static func chunks(_ lines: [Line]) -> [SensorChunk] {
        var out: [SensorChunk] = []
        // By index, so each line is read where it is rather than copied (a line holds a whole record).
        for i in lines.indices {
            let joins = out.last.map {
                $0.count < size && $0.docs.count < maxBytes && $0.sensorID == lines[i].sensorID && $0.batchID == lines[i].batchID && $0.path == lines[i].path
            } ?? false
            if !joins {
                var chunk = SensorChunk(sensorID: lines[i].sensorID, batchID: lines[i].batchID, path: lines[i].path, firstMs: lines[i].atMs,
                                        lastMs: lines[i].atMs, count: 0, plates: [], docs: [])
                chunk.docs.reserveCapacity(size * 160)
                chunk.plates.reserveCapacity(size * 24)
                out.append(chunk)
            }
            out[out.count - 1].add(lines[i])
        }
        return out
    }

    mutating func add(_ line: borrowing Line) {
        firstMs = min(firstMs, line.atMs)
        lastMs = max(lastMs, line.atMs)
        count += 1
        if let plate = line.plate {
            var plate = plate
            plate.withUTF8 { text in
                DocumentCursor.append(to: &plates, atMost: text.count + 42) { out in
                    out.byte(0x0A)
                    out.bytes(text)
                    out.byte(0x09)
                    out.integer(line.atMs)
                    out.byte(0x09)
                    out.integer(line.seq)
                }
            }
        }
        // The line written in place: room for the two numbers, the tabs, the document at its
        // longest and the newline reserved at once.
        DocumentCursor.append(to: &docs, atMost: 44 + line.doc.bound) { out in
            out.integer(line.atMs)
            out.byte(0x09)
            out.integer(line.seq)
            out.byte(0x09)
            line.doc.write(to: &out)
            out.byte(0x0A)
        }
    }

    /// A stored chunk's records: instant, position and document, in stored order.
    static func records(_ docs: String) -> [(atMs: Int64, seq: Int64, doc: Substring)] {
        var out: [(atMs: Int64, seq: Int64, doc: Substring)] = []
        out.reserveCapacity(size)
        fields(docs) { at, seq, doc in out.append((at, seq, doc)) }
        return out
    }

    /// A stored chunk's plate list: plate, instant and position of each record that has one.
    static func plateEntries(_ plates: String) -> [(plate: Substring, atMs: Int64, seq: Int64)] {
        var out: [(plate: Substring, atMs: Int64, seq: Int64)] = []
        fields(plates, numbersFirst: false) { at, seq, plate in out.append((plate, at, seq)) }
        return out
    }

    /// A stored chunk's plate list walked straight from its bytes, as SQLite holds them (the
    /// plate indexer reads a run's worth at a time, and making a `String` of each list and
    /// walking it by index cost more than the rest of a run together): each entry's plate key
    /// and position.
    static func forEachPlateKey(_ plates: UnsafeRawBufferPointer, _ body: (PlatePage.Key, Int64) -> Void) {
        var i = 0
        let n = plates.count
        while i < n {
            // "\n" plate "\t" instant "\t" position
            if plates[i] == 0x0A { i += 1 }
            let start = i
            while i < n, plates[i] != 0x09, plates[i] != 0x0A { i += 1 }
            guard i < n, plates[i] == 0x09 else { continue }
            let key = PlatePage.Key(UnsafeRawBufferPointer(rebasing: plates[start..<i]))
            i += 1
            var instant = 0
            while i < n, plates[i] != 0x09, plates[i] != 0x0A {
                instant += plates[i] &- 0x30 < 10 ? 1 : (plates[i] == UInt8(ascii: "-") && instant == 0 ? 0 : -1_000)
                i += 1
            }
            guard i < n, plates[i] == 0x09, instant > 0 else { continue }
            i += 1
            var seq: Int64 = 0, digits = 0
            while i < n, plates[i] != 0x0A {
                let d = plates[i] &- 0x30
                if d < 10 { seq = seq &* 10 &+ Int64(d); digits += 1 } else { digits = -1_000 }
                i += 1
            }
            if digits > 0 { body(key, seq) }
        }
    }

    /// Walks the lines of `text` by their bytes (tab and newline are single bytes in UTF-8, so
    /// no character is cut): each line's text field and two numbers, the numbers first
    /// (`docs`: instant, position, document) or last (`plates`: plate, instant, position).
    /// Walked by byte because splitting a `String` goes character by character.
    private static func fields(_ text: String, numbersFirst: Bool = true, _ body: (Int64, Int64, Substring) -> Void) {
        let u = text.utf8
        var i = u.startIndex
        while i < u.endIndex {
            var tab1: String.Index?, tab2: String.Index?
            var j = i
            while j < u.endIndex, u[j] != 0x0A {
                if u[j] == 0x09 { if tab1 == nil { tab1 = j } else if tab2 == nil { tab2 = j } }
                j = u.index(after: j)
            }
            defer { i = j < u.endIndex ? u.index(after: j) : j }
            guard let tab1, let tab2 else { continue }
            let a = text[i..<tab1], b = text[u.index(after: tab1)..<tab2], c = text[u.index(after: tab2)..<j]
            if numbersFirst {
                guard let x = number(a), let y = number(b) else { continue }
                body(x, y, c)
            } else {
                guard let x = number(b), let y = number(c) else { continue }
                body(x, y, a)
            }
        }
    }

    private static func number(_ digits: Substring) -> Int64? {
        var n: Int64 = 0, negative = false, any = false
        for b in digits.utf8 {
            if b == UInt8(ascii: "-"), !any, !negative { negative = true; continue }
            guard b >= 0x30, b <= 0x39 else { return nil }
            n = n &* 10 &+ Int64(b - 0x30)
            any = true
        }
        return any ? (negative ? -n : n) : nil
    }

    /// The chunk rebuilt from the records of it that are kept (after a purge), nil when none is.
    static func rebuilt(sensorID: String, batchID: String, path: String, docs: String, plates: String,
                        keeping keep: (Int64) -> Bool) -> SensorChunk? {
        var platesBySeq: [Int64: String] = [:]
        for e in plateEntries(plates) { platesBySeq[e.seq] = String(e.plate) }
        let lines = records(docs).filter { keep($0.atMs) }.map {
            Line(sensorID: sensorID, batchID: batchID, path: path, seq: $0.seq, atMs: $0.atMs, plate: platesBySeq[$0.seq], doc: .text($0.doc))
        }
        return chunks(lines).first
    }
}

extension SensorChunk.Line {
    init(_ record: SensorRecord) {
        self.init(sensorID: record.sensorID.rawValue, batchID: record.batchID, path: record.path, seq: Int64(record.seq),
                  atMs: record.at.auditMilliseconds, plate: record.plate?.text, doc: .record(record))
    }
}
