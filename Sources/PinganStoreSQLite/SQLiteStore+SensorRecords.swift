import Foundation
import GRDB
import GRDBSQLite
import PinganCore
import PinganStore

/// `SensorRecordStore`: records kept in chunks of up to 256 (`SensorChunk`), the hot append path
/// and the scoped reads.
extension SQLiteStore {
    /// One savepoint of the group transaction per call (batches posted together share one
    /// fsync), and in it one row per chunk. The documents and chunks are built before the job
    /// reaches the writer, so the one writer thread looks up whether the batch was stored before
    /// (one index seek) and inserts a few rows. The plates are not indexed in that job, nor
    /// while the caller waits: once `plateRun` records have been appended since it last started,
    /// the background indexer starts and indexes runs of `plateRun` while that many wait (so at
    /// most about twice that many wait for it). Awaited by the gate whose append came due, a run
    /// held its answer back 50–85 ms (every eighth batch of 2,000 in `pingan bench sensing`).
    public func appendSensorRecords(_ records: [SensorRecord]) async throws -> Int {
        guard !records.isEmpty else { return 0 }
        let batches = SensorChunk.batches(records.map(SensorChunk.Line.init))
        let prepared = batches.map { SensorChunk.chunks($0.lines) }
        let inserted = try await write { db in
            var inserted = 0
            let insert = try ChunkInsert(db)
            for (batch, chunks) in zip(batches, prepared) {
                let stored = try Self.storedPositions(db, sensor: batch.sensorID, batch: batch.batchID)
                if stored.isEmpty {
                    for chunk in chunks { try insert(chunk) }
                    inserted += batch.lines.count
                } else {
                    // A batch posted again, or overlapping one stored: only the new positions.
                    let fresh = batch.lines.filter { !stored.contains($0.seq) }
                    for chunk in SensorChunk.chunks(fresh) { try insert(chunk) }
                    inserted += fresh.count
                }
            }
            return inserted
        }
        if inserted > 0 { plateIndexer.arrived(inserted, threshold: Int(Self.plateRun)) { [self] in await indexPlatesWhileDue() } }
        return inserted
    }

    /// The chunk insert, its values bound through SQLite's C API (the documents straight from
    /// their buffer, not copied into a `String` and boxed into GRDB's arguments first).
    struct ChunkInsert {
        let statement: Statement
        let db: Database

        init(_ db: Database) throws {
            self.db = db
            // A statement of its own, never handed back to GRDB's cache, since it is driven directly.
            statement = try db.makeStatement(sql: """
                INSERT INTO sensor_chunks (sensor_id, batch_id, path, first_ms, last_ms, count, plates, docs) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
        }

        func callAsFunction(_ chunk: SensorChunk) throws {
            let s = statement.sqliteStatement
            sqlite3_reset(s)
            defer { sqlite3_reset(s); sqlite3_clear_bindings(s) }
            sqlite3_bind_text(s, 1, chunk.sensorID, -1, SQLiteStore.transient)
            sqlite3_bind_text(s, 2, chunk.batchID, -1, SQLiteStore.transient)
            sqlite3_bind_text(s, 3, chunk.path, -1, SQLiteStore.transient)
            sqlite3_bind_int64(s, 4, chunk.firstMs)
            sqlite3_bind_int64(s, 5, chunk.lastMs)
            sqlite3_bind_int64(s, 6, Int64(chunk.count))
            Self.bind(s, 7, chunk.plates)
            Self.bind(s, 8, chunk.docs)
            try SQLiteStore.step(statement, db)
        }

        /// UTF-8 bytes bound as text (SQLite copies them).
        static func bind(_ s: SQLiteStatement, _ index: Int32, _ bytes: [UInt8]) {
            guard !bytes.isEmpty else { sqlite3_bind_text(s, index, "", 0, SQLiteStore.transient); return }
            bytes.withUnsafeBytes { raw in
                _ = sqlite3_bind_text(s, index, raw.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(raw.count), SQLiteStore.transient)
            }
        }
    }

    /// The positions of batch `batch` of `sensor` already stored (none, nearly always).
    static func storedPositions(_ db: Database, sensor: String, batch: String) throws -> Set<Int64> {
        var seqs: Set<Int64> = []
        let docs = try String.fetchCursor(db, sql: "SELECT docs FROM sensor_chunks WHERE sensor_id = ? AND batch_id = ?", arguments: [sensor, batch])
        while let d = try docs.next() { for r in SensorChunk.records(d) { seqs.insert(r.seq) } }
        return seqs
    }

    /// How many records wait, at most, before their plates are indexed: the look-up by plate
    /// scans the chunks past the mark directly.
    static let plateRun: Int64 = 16_384

    /// The last chunk whose plates are in the index (`sensor_plate_pages`).
    static func platesIndexedUpTo(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT upto FROM sensor_plates_upto") ?? 0
    }

    static func recordsPastMark(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT coalesce(sum(count), 0) FROM sensor_chunks WHERE id > (SELECT upto FROM sensor_plates_upto)") ?? 0
    }

    /// Indexes the plates of every chunk past the mark as one new run, and moves the mark, for as
    /// long as `plateRun` records wait; run by `plateIndexer`, so one run at a time.
    ///
    /// The plate index is keyed by run first, so a run's entries, sorted, are appended at the
    /// index's end: keyed by plate first, every run dirtied pages all over the index (measured: a
    /// run of 16,384 took 24 → 34 ms as a 400,000-read index grew). A run's entries are packed
    /// into pages of about `PlatePage.size` (`sensor_plate_pages`), not a row each: as rows a run
    /// of 18,000 held the writer for ~25 ms. The price is on the look-up: one seek per run whose
    /// instants overlap the window asked for (`sensor_plate_runs`).
    ///
    /// The chunks are read and the entries sorted off the writer (a reader connection, the
    /// indexer's task), and the pages go in as write jobs of `runSlice` entries each, so the one
    /// writer is never held for a whole run. Until the last slice moves the mark, a look-up finds
    /// a record both in the run and past the mark, and counts it once.
    ///
    /// A run that fails (the disk is full, the store is closing) is tried again once another
    /// run's worth has been appended; until then the look-up scans the chunks past the mark, so
    /// answers stay whole.
    func indexPlatesWhileDue() async {
        while (try? await indexPlateRunIfDue()) == true {}
    }

    /// Waits until the background indexer has indexed every run that was due.
    func platesIndexed() async { await plateIndexer.idle() }

    /// One run, if one is due; says whether it indexed one.
    func indexPlateRunIfDue() async throws -> Bool {
        let due = try await writer.read { db -> (upto: Int64, run: PlateRun)? in
            guard try Self.recordsPastMark(db) >= Self.plateRun else { return nil }
            let upto = try Self.platesIndexedUpTo(db)
            return (upto, try PlateRun(db, after: upto))
        }
        guard let (upto, run) = due, run.top > upto else { return false }
        let slices = run.slices(of: Self.runSlice)
        var id: Int64?
        for (n, slice) in slices.enumerated() {
            let last = n == slices.count - 1
            id = try await write { [id] db -> Int64? in
                let runID: Int64
                if let id {
                    // A purge between two slices may have taken the run (all its records were
                    // older than the cut): its pages would point at nothing, so stop.
                    guard try Bool.fetchOne(db, sql: "SELECT 1 FROM sensor_plate_runs WHERE id = ?", arguments: [id]) == true else { return nil }
                    runID = id
                } else {
                    // Someone else indexed these chunks since they were read: nothing to do.
                    guard try Self.platesIndexedUpTo(db) == upto else { return nil }
                    runID = try run.open(db)
                }
                try run.insert(pages: slice, as: runID, db)
                if last { try run.close(db) }
                return runID
            }
            if id == nil { return false }
        }
        return true
    }

    /// Plate entries written per write job, at least, while a run is indexed.
    static let runSlice = 8_192

    /// The plate entries of the chunks past the mark, sorted and cut into pages for the index.
    struct PlateRun: Sendable {
        /// The last chunk read (the mark it moves to).
        var top: Int64
        var firstMs = Int64.max
        var lastMs = Int64.min
        /// The pages, packed: first key, entries, how many.
        var pages: [(first: Data, entries: Data, count: Int)] = []

        init(_ db: Database, after upto: Int64) throws {
            top = upto
            var entries: [PlatePage.Entry] = []
            // Stepped through SQLite's C API: each plate list is walked where SQLite holds it.
            let statement = try db.makeStatement(sql: "SELECT id, first_ms, last_ms, plates FROM sensor_chunks WHERE id > ? ORDER BY id")
            let s = statement.sqliteStatement
            defer { sqlite3_reset(s) }
            sqlite3_bind_int64(s, 1, upto)
            var code = sqlite3_step(s)
            while code == SQLITE_ROW {
                let id = sqlite3_column_int64(s, 0)
                top = id
                firstMs = min(firstMs, sqlite3_column_int64(s, 1))
                lastMs = max(lastMs, sqlite3_column_int64(s, 2))
                if let text = sqlite3_column_text(s, 3) {
                    let plates = UnsafeRawBufferPointer(start: text, count: Int(sqlite3_column_bytes(s, 3)))
                    SensorChunk.forEachPlateKey(plates) { key, seq in entries.append(PlatePage.Entry(key: key, chunk: id, seq: seq)) }
                }
                code = sqlite3_step(s)
            }
            guard code == SQLITE_DONE else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage, sql: statement.sql) }
            entries.sort()
            pages = PlatePage.cuts(entries).map { range in (entries[range.lowerBound].key.bytes, PlatePage.encode(entries[range]), range.count) }
        }

        /// The pages in groups of at least `count` entries, one write job each (one, empty,
        /// when the chunks had no plate: the job still moves the mark).
        func slices(of count: Int) -> [Range<Int>] {
            var slices: [Range<Int>] = []
            var start = 0, taken = 0
            for (i, page) in pages.enumerated() {
                taken += page.count
                guard taken >= count || i == pages.count - 1 else { continue }
                slices.append(start..<i + 1)
                (start, taken) = (i + 1, 0)
            }
            return slices.isEmpty ? [0..<0] : slices
        }

        /// Records the run and its instants; returns its key.
        func open(_ db: Database) throws -> Int64 {
            try db.execute(sql: "INSERT INTO sensor_plate_runs (first_ms, last_ms) VALUES (?, ?)", arguments: [firstMs, lastMs])
            return db.lastInsertedRowID
        }

        /// Moves the mark past the run's chunks, once all its pages are in.
        func close(_ db: Database) throws {
            try db.execute(sql: "UPDATE sensor_plates_upto SET upto = ?", arguments: [top])
        }

        /// Inserts the pages `range` of `pages` under run `run`.
        func insert(pages range: Range<Int>, as run: Int64, _ db: Database) throws {
            let statement = try db.cachedStatement(sql: "INSERT INTO sensor_plate_pages (run, first_key, entries) VALUES (?, ?, ?)")
            for page in pages[range] { try statement.execute(arguments: [run, page.first, page.entries]) }
        }
    }

    /// Indexes every chunk past the mark as one run inside the caller's transaction (the
    /// migration that makes the index).
    static func indexPlates(_ db: Database) throws {
        let upto = try platesIndexedUpTo(db)
        let run = try PlateRun(db, after: upto)
        guard run.top > upto else { return }
        try run.insert(pages: run.pages.indices, as: try run.open(db), db)
        try run.close(db)
    }

    /// Steps a statement whose values were bound through the C API, as GRDB would: an error
    /// unless it is done.
    static func step(_ statement: Statement, _ db: Database) throws {
        let code = sqlite3_step(statement.sqliteStatement)
        guard code == SQLITE_DONE else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage, sql: statement.sql) }
    }

    /// SQLite's `SQLITE_TRANSIENT`: the value is copied before the bind returns.
    static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    public func sensorRecords(of sensor: SensorID, from: Date, to: Date, scope: Scope, limit: Int) async throws -> [SensorRecord] {
        guard limit > 0 else { return [] }
        let (lower, upper) = ProjectionRow.range(of: scope)
        let (f, t) = (from.auditMilliseconds, to.auditMilliseconds)
        let docs = try await writer.read { db in
            // Newest chunks first; stop once a chunk ends before the newest `limit` found so far.
            var found: [FoundSensorRecord] = []
            let rows = try Row.fetchCursor(db, sql: """
                SELECT batch_id, last_ms, docs, path FROM sensor_chunks
                WHERE sensor_id = ? AND last_ms >= ? AND first_ms <= ? AND path >= ? AND path < ? ORDER BY last_ms DESC
                """, arguments: [sensor.rawValue, f, t, lower, upper])
            while let row = try rows.next() {
                let last: Int64 = row[1]
                if found.count >= limit {
                    Self.keepFirst(limit, of: &found)
                    if last < found[limit - 1].atMs { break }
                }
                let (batch, path): (String, String) = (row[0], row[3])
                for r in SensorChunk.records(row[2]) where r.atMs >= f && r.atMs <= t {
                    found.append(FoundSensorRecord(atMs: r.atMs, sensorID: sensor.rawValue, batchID: batch, path: path, seq: r.seq, doc: r.doc))
                }
            }
            Self.keepFirst(limit, of: &found)
            return found.map(\.document)
        }
        return try docs.map { try ProjectionRow.decode(SensorRecord.self, $0) }
    }

    /// The indexed records through `sensor_plate_pages`, and those past its mark (at most `plateRun`)
    /// from the chunks whose plate list names the plate.
    public func sensorRecords(plate: String, from: Date, to: Date, scope: Scope, limit: Int) async throws -> [SensorRecord] {
        guard limit > 0 else { return [] }
        let (lower, upper) = ProjectionRow.range(of: scope)
        let (f, t) = (from.auditMilliseconds, to.auditMilliseconds)
        let docs = try await writer.read { db in
            var wanted: [Int64: Set<Int64>] = [:]
            // Each run in the window, and in it the one page that holds the plate if any does.
            let key = PlatePage.Key(plate)
            let page = try db.cachedStatement(sql: "SELECT entries FROM sensor_plate_pages WHERE run = ? AND first_key <= ? ORDER BY first_key DESC LIMIT 1")
            for run in try Int64.fetchAll(db, sql: "SELECT id FROM sensor_plate_runs WHERE last_ms >= ? AND first_ms <= ?", arguments: [f, t]) {
                guard let entries = try Data.fetchOne(page, arguments: [run, key.bytes]) else { continue }
                for hit in PlatePage.matches(key, in: entries) { wanted[hit.chunk, default: []].insert(hit.seq) }
            }
            let pending = try Row.fetchCursor(db, sql: """
                SELECT id, plates FROM sensor_chunks
                WHERE id > (SELECT upto FROM sensor_plates_upto) AND instr(plates, ?) > 0 AND last_ms >= ? AND first_ms <= ?
                """, arguments: ["\n\(plate)\t", f, t])
            while let row = try pending.next() {
                for e in SensorChunk.plateEntries(row[1]) where e.plate == plate && e.atMs >= f && e.atMs <= t { wanted[row[0], default: []].insert(e.seq) }
            }
            var found: [FoundSensorRecord] = []
            for (chunk, seqs) in wanted {
                guard let row = try Row.fetchOne(db, sql: "SELECT sensor_id, batch_id, docs, plates, path FROM sensor_chunks WHERE id = ? AND path >= ? AND path < ?",
                                                 arguments: [chunk, lower, upper]) else { continue }
                let (sensor, batch, path): (String, String, String) = (row[0], row[1], row[4])
                var seqs = seqs
                if !PlatePage.Key.isExact(plate) {
                    // A key shared with plates of the same first 16 bytes: only this one's.
                    seqs = seqs.intersection(SensorChunk.plateEntries(row[3]).filter { $0.plate == plate }.map(\.seq))
                }
                for r in SensorChunk.records(row[2]) where seqs.contains(r.seq) && r.atMs >= f && r.atMs <= t {
                    found.append(FoundSensorRecord(atMs: r.atMs, sensorID: sensor, batchID: batch, path: path, seq: r.seq, doc: r.doc))
                }
            }
            Self.keepFirst(limit, of: &found)
            return found.map(\.document)
        }
        return try docs.map { try ProjectionRow.decode(SensorRecord.self, $0) }
    }

    /// How many records are stored and the bytes their chunk lines and plate entries take: what
    /// a read costs on disk before SQLite's own page overhead (`pingan bench sensing` prints it).
    public func sensorRecordFootprint() async throws -> (records: Int, bytes: Int) {
        try await writer.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT coalesce(sum(count), 0), coalesce(sum(length(CAST(docs AS BLOB)) + length(CAST(plates AS BLOB))), 0) FROM sensor_chunks
                """)
            return (row?[0] ?? 0, row?[1] ?? 0)
        }
    }

    /// `found` in the answer's order, cut to its first `limit`.
    static func keepFirst(_ limit: Int, of found: inout [FoundSensorRecord]) {
        found.sort { $0.precedes($1) }
        if found.count > limit { found.removeLast(found.count - limit) }
    }

    /// Whole chunks observed before the cut go; a chunk the cut falls inside is written again
    /// with the records it keeps; plate runs wholly before the cut go with their entries. A run
    /// the cut falls inside keeps its entries for purged records until it goes too: a look-up
    /// reads each entry's record from its chunk, where a purged one is no longer found (chunk
    /// keys are never reused, `AUTOINCREMENT`).
    public func purgeSensorRecords(before: Date) async throws -> Int {
        let cut = before.auditMilliseconds
        return try await writeAlone { db in
            var purged = try Int.fetchOne(db, sql: "SELECT coalesce(sum(count), 0) FROM sensor_chunks WHERE last_ms < ?", arguments: [cut]) ?? 0
            try db.execute(sql: "DELETE FROM sensor_chunks WHERE last_ms < ?", arguments: [cut])
            let cutThrough = try Row.fetchAll(db, sql: "SELECT id, sensor_id, batch_id, path, plates, docs, count FROM sensor_chunks WHERE first_ms < ?",
                                              arguments: [cut])
            for row in cutThrough {
                let id: Int64 = row[0]
                guard let kept = SensorChunk.rebuilt(sensorID: row[1], batchID: row[2], path: row[3], docs: row[5], plates: row[4],
                                                     keeping: { $0 >= cut }) else { continue }
                purged += row[6] as Int - kept.count
                try db.execute(sql: "UPDATE sensor_chunks SET first_ms = ?, last_ms = ?, count = ?, plates = ?, docs = ? WHERE id = ?",
                               arguments: [kept.firstMs, kept.lastMs, kept.count, String(decoding: kept.plates, as: UTF8.self),
                                           String(decoding: kept.docs, as: UTF8.self), id])
            }
            for run in try Int64.fetchAll(db, sql: "SELECT id FROM sensor_plate_runs WHERE last_ms < ?", arguments: [cut]) {
                try db.execute(sql: "DELETE FROM sensor_plate_pages WHERE run = ?", arguments: [run])
                try db.execute(sql: "DELETE FROM sensor_plate_runs WHERE id = ?", arguments: [run])
            }
            return purged
        }
    }
}
