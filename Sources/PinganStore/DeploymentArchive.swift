import Foundation
import PinganCore

/// A whole deployment as JSON Lines: the event log verbatim (so the hash chain verifies on the
/// other side), every projection and every counter. `pingan export` writes one from any store and
/// `pingan import` restores it into an empty one, which is how a city moves from the embedded
/// SQLite store to PostgreSQL. Sessions and idempotency records are not carried: people sign in
/// again on the new deployment. Neither are units' tracks nor sensors' records: both are bulk
/// observations outside the audit log, kept only for a retention period, and what they caused
/// (an alert, an incident) travels as entities and events. Stored reports travel with their
/// pages (HTML and PDF), which the log's `report.written` events only name by their hash.
public enum DeploymentArchive {
    public static let format = "pingan-export"
    public static let version = 1

    /// One line of the archive.
    public struct Line: Codable, Sendable {
        public enum Kind: String, Codable, Sendable { case header, event, entity, counter }
        public var kind: Kind
        public var format: String?
        public var version: Int?
        public var event: RecordedEvent?
        public var table: String?
        public var doc: JSONValue?
        public var key: String?
        public var value: Int?
    }

    /// What an export or import moved.
    public struct Summary: Sendable, Hashable, Codable {
        public var events: Int64 = 0
        public var entities = 0
        public var counters = 0
    }

    /// Writes the whole store to `output`, events first, then projections, then counters.
    public static func export(_ store: any Store, to output: FileHandle) async throws -> Summary {
        var summary = Summary()
        var buffer = Data()
        func emit(_ line: Line) throws {
            buffer.append(try JSONCoding.encoder.encode(line))
            buffer.append(0x0A)
            if buffer.count > 1 << 20 { output.write(buffer); buffer.removeAll(keepingCapacity: true) }
        }
        try emit(Line(kind: .header, format: format, version: version))
        var after: Int64 = 0
        while true {
            let page = try await store.events(after: after, scope: .everything, limit: 5000)
            guard let last = page.last else { break }
            for event in page { try emit(Line(kind: .event, event: event)) }
            summary.events += Int64(page.count)
            after = last.seq
        }
        func entities<E: Encodable>(_ table: String, _ items: [E]) throws {
            for item in items { try emit(Line(kind: .entity, table: table, doc: try JSONValue(encoding: item))) }
            summary.entities += items.count
        }
        try entities("jurisdictions", try await store.jurisdictions(scope: .everything))
        try entities("posts", try await store.posts(scope: .everything))
        try entities("zones", try await store.zones(scope: .everything))
        try entities("units", try await store.units(scope: .everything))
        try entities("users", try await store.users(scope: .everything))
        var offset = 0
        while true {
            let page = try await store.incidents(IncidentQuery(limit: IncidentQuery.maxLimit, offset: offset), scope: .everything)
            try entities("incidents", page.items)
            offset += page.items.count
            if page.items.isEmpty || offset >= page.total { break }
        }
        try await Pages.each(of: MessageQuery.maxLimit, { try await store.messages(MessageQuery(limit: MessageQuery.maxLimit, offset: $0), scope: .everything) }) {
            try entities("messages", $0)
        }
        try entities("sensors", try await store.sensors(scope: .everything))
        let lists = try await store.allWatchlists()
        try entities("watchlists", lists)
        for list in lists {
            try await Pages.each(of: entryPage, { try await store.watchlistEntries(of: list.id, scope: .everything, limit: entryPage, offset: $0) }) {
                try entities("watchlist_entries", $0)
            }
        }
        try await Pages.each(of: AlertQuery.maxLimit, { try await store.alerts(AlertQuery(heads: false, limit: AlertQuery.maxLimit, offset: $0), scope: .everything) }) {
            try entities("alerts", $0)
        }
        try entities("agencies", try await store.agencies())
        try await Pages.each(of: ReferralQuery.maxLimit, { try await store.referrals(ReferralQuery(limit: ReferralQuery.maxLimit, offset: $0), scope: .everything) }) {
            try entities("referrals", $0)
        }
        try await Pages.each(of: SupervisionQuery.maxLimit, {
            try await store.supervisionCases(SupervisionQuery(limit: SupervisionQuery.maxLimit, offset: $0), scope: .everything)
        }) {
            try entities("supervision_cases", $0)
        }
        // Reports with their pages (HTML, and the PDF in base64), one page of descriptions at a time.
        try await Pages.each(of: ReportQuery.maxLimit, { try await store.reports(ReportQuery(limit: ReportQuery.maxLimit, offset: $0), scope: .everything) }) {
            for report in $0 {
                guard let document = try await store.reportDocument(report.id, scope: .everything) else { continue }
                try entities("reports", [document])
            }
        }
        // The registries, a page at a time in ID order (a city holds millions of addresses).
        func paged<E: Encodable>(_ table: String, id: (E) -> String, _ fetch: (_ after: String) async throws -> [E]) async throws {
            var lastID = ""
            while true {
                let page = try await fetch(lastID)
                guard let last = page.last else { break }
                try entities(table, page)
                lastID = id(last)
            }
        }
        try await paged("addresses", id: { (a: StandardAddress) in a.id.rawValue }) { try await store.addresses(after: $0, limit: entryPage) }
        try await paged("inhabitants", id: { (p: Inhabitant) in p.id.rawValue }) { try await store.inhabitants(after: $0, limit: entryPage) }
        try await paged("fraud_warnings", id: { (w: FraudWarning) in w.id.rawValue }) { try await store.fraudWarnings(after: $0, limit: entryPage) }
        try await paged("disputes", id: { (d: Dispute) in d.id.rawValue }) { try await store.disputes(after: $0, limit: entryPage) }
        try await paged("actual_houses", id: { (h: ActualHouse) in h.id.rawValue }) { try await store.houses(after: $0, limit: entryPage) }
        try await paged("actual_organisations", id: { (o: ActualOrganisation) in o.id.rawValue }) { try await store.organisations(after: $0, limit: entryPage) }
        try await paged("volunteer_teams", id: { (t: VolunteerTeam) in t.id.rawValue }) { try await store.volunteerTeams(after: $0, limit: entryPage) }
        try await paged("volunteer_shifts", id: { (s: VolunteerShift) in s.id.rawValue }) { try await store.volunteerShifts(after: $0, limit: entryPage) }
        for (key, value) in try await store.counters().sorted(by: { $0.key < $1.key }) {
            try emit(Line(kind: .counter, key: key, value: value))
            summary.counters += 1
        }
        output.write(buffer)
        return summary
    }

    /// Entries per page when exporting a list.
    static let entryPage = 1000

    /// Restores an archive into an empty store, in batches, refusing a broken chain before
    /// anything of the broken part is written.
    public static func restore(from url: URL, into store: any Store) async throws -> Summary {
        guard try await store.lastSequence() == 0 else {
            throw StoreError(.corrupt, "the target already holds events; import only into an empty deployment")
        }
        var summary = Summary()
        var batch = RestoreBatch()
        var lineNumber = 0
        var sawHeader = false
        func flush() async throws {
            if batch.events.isEmpty && batch.writes.isEmpty && batch.counters.isEmpty { return }
            try await store.restore(batch)
            batch = RestoreBatch()
        }
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var pending = Data()
        var atEnd = false
        while !atEnd {
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            atEnd = chunk.isEmpty
            pending.append(chunk)
            var lines: [Data] = []
            while let newline = pending.firstIndex(of: 0x0A) {
                lines.append(pending[pending.startIndex..<newline])
                pending = pending[(newline + 1)...]
            }
            if atEnd && !pending.isEmpty { lines.append(pending); pending = Data() }
            for bytes in lines {
                lineNumber += 1
                guard !bytes.isEmpty else { continue }
                let line: Line
                do { line = try JSONCoding.decoder.decode(Line.self, from: Data(bytes)) }
                catch { throw StoreError(.corrupt, "line \(lineNumber) of \(url.path) is not an archive line: \(error)") }
                switch line.kind {
                case .header:
                    guard line.format == format, line.version == version else {
                        throw StoreError(.corrupt, "\(url.path) is not a \(format) version \(version) archive")
                    }
                    sawHeader = true
                case .event:
                    guard let event = line.event else { throw StoreError(.corrupt, "line \(lineNumber): event line without an event") }
                    batch.events.append(event)
                    summary.events += 1
                case .entity:
                    guard let table = line.table, let doc = line.doc else { throw StoreError(.corrupt, "line \(lineNumber): entity line without table or doc") }
                    batch.writes.append(try write(table: table, doc: doc, line: lineNumber))
                    summary.entities += 1
                case .counter:
                    guard let key = line.key, let value = line.value else { throw StoreError(.corrupt, "line \(lineNumber): counter line without key or value") }
                    batch.counters[key] = value
                    summary.counters += 1
                }
                guard sawHeader else { throw StoreError(.corrupt, "\(url.path) does not start with a \(format) header") }
                if batch.events.count + batch.writes.count >= 2000 { try await flush() }
            }
        }
        try await flush()
        return summary
    }

    static func write(table: String, doc: JSONValue, line: Int) throws -> EntityWrite {
        do {
            switch table {
            case "jurisdictions": return .jurisdiction(try doc.decode(Jurisdiction.self))
            case "posts": return .post(try doc.decode(Post.self))
            case "zones": return .zone(try doc.decode(PatrolZone.self))
            case "units": return .unit(try doc.decode(PoliceUnit.self))
            case "users": return .user(try doc.decode(User.self))
            case "incidents": return .incident(try doc.decode(Incident.self))
            case "messages": return .message(try doc.decode(Message.self))
            case "sensors": return .sensor(try doc.decode(Sensor.self))
            case "watchlists": return .watchlist(try doc.decode(Watchlist.self))
            case "watchlist_entries": return .watchlistEntry(try doc.decode(WatchlistEntry.self))
            case "alerts": return .alert(try doc.decode(Alert.self))
            case "agencies": return .agency(try doc.decode(Agency.self))
            case "referrals": return .referral(try doc.decode(Referral.self))
            case "supervision_cases": return .supervisionCase(try doc.decode(SupervisionCase.self))
            case "reports": return .report(try doc.decode(ReportDocument.self))
            case "addresses": return .address(try doc.decode(StandardAddress.self))
            case "inhabitants": return .inhabitant(try doc.decode(Inhabitant.self))
            case "fraud_warnings": return .fraudWarning(try doc.decode(FraudWarning.self))
            case "disputes": return .dispute(try doc.decode(Dispute.self))
            case "actual_houses": return .house(try doc.decode(ActualHouse.self))
            case "actual_organisations": return .organisation(try doc.decode(ActualOrganisation.self))
            case "volunteer_teams": return .volunteerTeam(try doc.decode(VolunteerTeam.self))
            case "volunteer_shifts": return .volunteerShift(try doc.decode(VolunteerShift.self))
            default: throw StoreError(.corrupt, "line \(line): unknown table \(table)")
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.corrupt, "line \(line): a \(table) row does not decode: \(error)")
        }
    }
}
