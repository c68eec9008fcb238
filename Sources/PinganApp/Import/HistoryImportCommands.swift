import Crypto
import Foundation
import PinganCore
import PinganGeo
import PinganStore

/// Past incidents in bulk (`HistoryImport`): a CSV read and checked whole against the caller's
/// organisation, then stored in batches, each batch one `ImportIncidents` command through the
/// one runner (every incident its own audited `incident.imported` event, the observers told
/// after each commit like for any incident write).
///
/// Idempotent by source ID: a row with `source_id` gets an incident ID derived from its city and
/// that number, so a second import finds it and skips it, and two imports racing cannot both
/// store it (the second insert conflicts, is decided again and skips). Rows without a source ID
/// are stored every time they are imported. A batch stored stays stored if a later batch fails;
/// importing the file again completes it (by source ID). The request itself therefore takes no
/// Idempotency-Key: it is more than one transaction.
///
/// A row's `station` may name a retired station or community of the caller's scope (it was open
/// then); a row without one goes where a new call at its point would (`IncidentOwnership`), and
/// is refused when that is outside the caller's scope or nowhere.
///
/// Numbers come from the station's day counter of the day of the call (`CODE-YYYYMMDD-NNNN`),
/// like a call taken that day, so they never clash with incidents Pingan filed itself; within a
/// station and day they follow the time of the call.
public struct HistoryImportCommands: Sendable {
    let runner: CommandRunner
    let store: any Projections & Counters
    let ownership: IncidentOwnership.Rule
    /// Incidents per transaction: large enough that a year of a city stores in seconds, small
    /// enough that the writer is never held for long and a live subscriber's buffer is not
    /// flooded by one commit.
    public var batchSize = 1000

    init(runner: CommandRunner, store: any Projections & Counters, ownership: IncidentOwnership.Rule) {
        self.runner = runner
        self.store = store
        self.ownership = ownership
    }

    /// What an import did (or, for a dry run, would do).
    public struct Summary: Codable, Sendable, Hashable {
        public var dryRun: Bool
        /// Data rows in the file.
        public var rows: Int
        /// Incidents stored (would be stored).
        public var imported: Int
        /// Rows already imported before (same source ID), left alone.
        public var skipped: Int
        /// The earliest and latest call among the rows.
        public var from: Date?
        public var to: Date?
        /// Imported incidents by station code.
        public var stations: [String: Int]
        public var batches: Int
    }

    /// An incident a batch stored: its station's code, for the summary.
    struct Stored: Sendable {
        var code: String
        var id: IncidentID
    }

    /// A row checked against the organisation: where it goes and under which ID.
    struct Planned: Sendable {
        var row: HistoryImport.Row
        var station: Jurisdiction
        var id: IncidentID
    }

    /// Reads, checks and (unless `dryRun`) stores `csv`.
    /// - Throws: `HistoryImport.Rejected` with every bad row (nothing stored); `too_many_rows`;
    ///   `invalid_field` when the file has no rows.
    public func run(csv: String, dryRun: Bool, by user: User) async throws -> Summary {
        let (rows, problems) = try HistoryFormat.read(csv)
        guard !rows.isEmpty || !problems.isEmpty else {
            throw DomainError.invalid(HistoryImport.section, "nothing to import: the file has a header and no rows")
        }
        let planned = try await plan(rows, problems: problems, by: user, now: runner.time.now())
        var summary = Summary(dryRun: dryRun, rows: rows.count, imported: 0, skipped: 0, from: rows.map(\.receivedAt).min(),
                              to: rows.map(\.receivedAt).max(), stations: [:], batches: 0)
        if dryRun {
            var start = 0
            while start < planned.count {
                let batch = Array(planned[start..<min(planned.count, start + max(1, batchSize))])
                start += batch.count
                let known = try await storedIDs(batch)
                for p in batch {
                    if known.contains(p.id) { summary.skipped += 1 } else { summary.imported += 1; summary.stations[p.station.code, default: 0] += 1 }
                }
            }
            return summary
        }
        var start = 0
        while start < planned.count {
            let batch = Array(planned[start..<min(planned.count, start + max(1, batchSize))])
            start += batch.count
            let outcome = try await runner.run(.importIncidents, by: Actor(user)) { _ in
                try await decide(batch, by: user)
            }
            let stored = try outcome.get()
            summary.imported += stored.count
            summary.skipped += batch.count - stored.count
            for i in stored { summary.stations[i.code, default: 0] += 1 }
            summary.batches += 1
        }
        return summary
    }

    /// One batch: the rows not stored yet, numbered, as incidents and their events.
    func decide(_ batch: [Planned], by user: User) async throws -> Decision<[Stored]> {
        let known = try await storedIDs(batch)
        let fresh = known.isEmpty ? batch : batch.filter { !known.contains($0.id) }
        let sequences = try await numbers(for: fresh)
        var events: [Event] = [], writes: [EntityWrite] = [], out: [Stored] = []
        events.reserveCapacity(fresh.count)
        writes.reserveCapacity(fresh.count)
        for (p, sequence) in zip(fresh, sequences) {
            let incident = HistoryImport.incident(p.row, id: p.id, station: p.station, sequence: sequence, by: user.id)
            events.append(try HistoryImport.event(incident))
            writes.append(.incident(incident))
            out.append(Stored(code: p.station.code, id: p.id))
        }
        return Decision(events: events, writes: writes, output: out)
    }

    /// The IDs of `batch`'s incidents that are stored already (only rows with a source ID can
    /// be). When no incident at all was received in the span of the batch's calls (the usual
    /// first import of a city's past) none can be, and one count answers for the batch; else
    /// each row is looked up, several at a time.
    func storedIDs(_ batch: [Planned]) async throws -> Set<IncidentID> {
        let candidates = batch.filter { $0.row.sourceID != nil }
        guard let first = candidates.map(\.row.receivedAt).min(), let last = candidates.map(\.row.receivedAt).max() else { return [] }
        let page = try await store.incidents(IncidentQuery(receivedFrom: first, receivedTo: last, limit: 1), scope: .everything)
        guard page.total > 0 else { return [] }
        let store = self.store
        return try await withThrowingTaskGroup(of: IncidentID?.self) { group in
            var found: Set<IncidentID> = []
            var next = candidates.makeIterator()
            // A few look-ups in flight: the store's readers work in parallel, and a batch never floods them.
            for _ in 0..<8 {
                guard let p = next.next() else { break }
                group.addTask { try await store.incident(p.id, scope: .everything) == nil ? nil : p.id }
            }
            while let result = try await group.next() {
                if let id = result { found.insert(id) }
                if let p = next.next() { group.addTask { try await store.incident(p.id, scope: .everything) == nil ? nil : p.id } }
            }
            return found
        }
    }

    /// Day-counter values for `rows`, in their order. The values of one station and day are
    /// drawn together (the counter's group commit takes them in a few transactions, not one
    /// each) and handed out in the order of the calls.
    func numbers(for rows: [Planned]) async throws -> [Int] {
        var groups: [String: [Int]] = [:]
        for (i, p) in rows.enumerated() {
            groups["incident:\(p.station.id):\(IncidentDecider.numberingDay(p.row.receivedAt))", default: []].append(i)
        }
        let store = self.store
        let drawn = try await withThrowingTaskGroup(of: (String, Int).self) { group in
            for (key, members) in groups {
                for _ in members { group.addTask { (key, try await store.nextValue(of: key)) } }
            }
            var values: [String: [Int]] = [:]
            for try await (key, value) in group { values[key, default: []].append(value) }
            return values
        }
        var out = [Int](repeating: 0, count: rows.count)
        for (key, members) in groups {
            let byTime = members.sorted { (rows[$0].row.receivedAt, rows[$0].row.line) < (rows[$1].row.receivedAt, rows[$1].row.line) }
            for (i, value) in zip(byTime, (drawn[key] ?? []).sorted()) { out[i] = value }
        }
        return out
    }

    // MARK: Planning

    /// Checks every row against the organisation the caller may see; refuses with every problem
    /// (the reader's and its own) or returns the rows in the order of their calls.
    func plan(_ rows: [HistoryImport.Row], problems earlier: [HistoryImport.Problem], by user: User, now: Date) async throws -> [Planned] {
        var problems = earlier
        func problem(_ line: Int, _ field: String?, _ message: String) {
            problems.append(.init(section: HistoryImport.section, line: line, field: field, message: message))
        }
        let all = try await store.jurisdictions(scope: .everything)
        var byID: [JurisdictionID: Jurisdiction] = [:]
        for j in all { byID[j.id] = j }
        let active = all.filter(\.active)
        let scopedActive = active.filter { user.scope.contains(path: $0.path) }
        // Codes in the caller's scope that take incidents (a code outside it is as unknown as one that does not exist).
        var byCode: [String: [Jurisdiction]] = [:]
        for j in all where (j.level == .station || j.level == .community) && user.scope.contains(path: j.path) { byCode[j.code, default: []].append(j) }
        var categories: [JurisdictionID: Set<String>] = [:]
        func knows(_ category: String, at j: Jurisdiction) -> Bool {
            if let known = categories[j.id] { return known.contains(category) }
            let chain = j.path.split(separator: "/").compactMap { byID[JurisdictionID(String($0))] }
            // Retired local categories included: they were in force when the old system filed these.
            let known = Set(EffectivePolicy.resolve(chain).categories.map(\.category.code))
            categories[j.id] = known
            return known.contains(category)
        }
        var firstLine: [String: Int] = [:]
        var planned: [Planned] = []
        planned.reserveCapacity(rows.count)
        for row in rows {
            do {
                try HistoryImport.check(row, now: now)
            } catch {
                problem(row.line, error.field, error.message)
                continue
            }
            let station: Jurisdiction
            if let code = row.station {
                let found = byCode[code] ?? []
                guard found.count == 1 else {
                    problem(row.line, "station", found.isEmpty ? "no station or community with code \(code.prefix(40)) in your jurisdiction"
                                                               : "code \(code.prefix(40)) names \(found.count) jurisdictions; fix the codes first")
                    continue
                }
                station = found[0]
            } else {
                do {
                    station = try IncidentOwnership.owner(of: row.location, all: active, scoped: scopedActive, own: user.jurisdictionID, rule: ownership)
                } catch {
                    problem(row.line, "lat", error.message)
                    continue
                }
                guard user.scope.contains(path: station.path) else {
                    problem(row.line, "lat", "the location belongs to \(station.name), outside your jurisdiction")
                    continue
                }
            }
            guard knows(row.category, at: station) else {
                problem(row.line, "category", "unknown category \(row.category.prefix(40)) at \(station.code)")
                continue
            }
            let id: IncidentID
            if let source = row.sourceID {
                if let first = firstLine[source] {
                    problem(row.line, "source_id", "source_id \(source.prefix(40)) is on line \(first) already")
                    continue
                }
                firstLine[source] = row.line
                id = Self.incidentID(city: station.path.split(separator: "/").first.map(String.init) ?? "", source: source)
            } else {
                id = .random()
            }
            planned.append(Planned(row: row, station: station, id: id))
        }
        guard problems.isEmpty else { throw HistoryImport.Rejected(problems) }
        return planned.sorted { ($0.row.receivedAt, $0.row.line) < ($1.row.receivedAt, $1.row.line) }
    }

    /// The incident ID of an imported row: a name-based UUID (RFC 9562 version 8, from SHA-256)
    /// of the city's ID and the old system's number, so the same row always lands on the same
    /// incident and two cities' old numbers never meet.
    public static func incidentID(city: String, source: String) -> IncidentID {
        var bytes = Array(SHA256.hash(data: Array("pingan-history\u{0}\(city)\u{0}\(source)".utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = Hex.lowercase(bytes)
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return IncidentID(parts.joined(separator: "-"))
    }
}
