import Foundation
import PinganCore

/// An entity write flattened to the columns both SQL backends store: the common
/// (id, path, version, doc) plus the few columns their queries filter on. One mapping, so the
/// SQLite and PostgreSQL schemas cannot drift apart.
public struct ProjectionRow: Sendable {
    public enum Value: Sendable, Hashable {
        case text(String)
        case integer(Int64)
        case real(Double)
    }

    public var table: String
    public var id: String
    public var path: String
    public var version: Int
    public var doc: String
    /// Extra indexed columns, in a fixed order per table.
    public var columns: [(name: String, value: Value)]
    /// Columns among `columns` set when the row is created and never rewritten: keys unique
    /// within the row's path (a unit's callsign key). An update leaves them as they are, so a
    /// legacy duplicate that the migration left without a key keeps none, and a restore writes one
    /// only where it is still free (`freeFixedColumns`).
    public var fixed: Set<String> = []

    /// What an update writes: every column but the fixed ones.
    public var updatedColumns: [(name: String, value: Value)] { columns.filter { !fixed.contains($0.name) } }

    public init(_ write: EntityWrite) throws {
        switch write {
        case .jurisdiction(let j): try self.init("jurisdictions", j.id.rawValue, j)
        case .post(let p): try self.init("posts", p.id.rawValue, p)
        case .zone(let z): try self.init("zones", z.id.rawValue, z)
        case .unit(let u):
            try self.init("units", u.id.rawValue, u)
            columns = [("callsign_key", .text(u.callsignKey))]
            fixed = ["callsign_key"]
        case .user(let u):
            try self.init("users", u.id.rawValue, u)
            columns = [("username", .text(u.username))]
        case .message(let m):
            try self.init("messages", m.id.rawValue, m)
            columns = [
                ("unit_id", .text(m.unitID.rawValue)),
                ("broadcast_id", .text(m.broadcastID)),
                ("sent_at", .real(m.sentAt.timeIntervalSince1970)),
            ]
        case .sensor(let s):
            try self.init("sensors", s.id.rawValue, s)
            columns = [("token_hash", .text(s.tokenHash))]
        case .watchlist(let w):
            try self.init("watchlists", w.id.rawValue, w)
            columns = [("audience", .text(w.audience.column))]
        case .watchlistEntry(let e):
            try self.init("watchlist_entries", e.id.rawValue, e)
            columns = [
                ("watchlist_id", .text(e.watchlistID.rawValue)),
                ("active", .integer(e.active ? 1 : 0)),
            ]
        case .alert(let a):
            try self.init("alerts", a.id.rawValue, a)
            columns = [
                ("status", .text(a.status.rawValue)),
                ("raised_at", .real(a.raisedAt.timeIntervalSince1970)),
                ("cause", .text(a.cause)),
                ("audience", .text(a.audience.column)),
                ("group_id", .text(a.groupID?.rawValue ?? "")),
                ("severity", .text(a.severity.rawValue)),
            ]
        case .agency(let a):
            try self.init("agencies", a.id.rawValue, a)
        case .referral(let r):
            try self.init("referrals", r.id.rawValue, r)
            columns = [
                ("agency_id", .text(r.agencyID.rawValue)),
                ("incident_id", .text(r.incidentID.rawValue)),
                ("status", .text(r.status.rawValue)),
                ("sent_at", .real(r.sent.at.timeIntervalSince1970)),
            ]
        case .supervisionCase(let c):
            try self.init("supervision_cases", c.id.rawValue, c)
            columns = [
                ("status", .text(c.status.rawValue)),
                ("opened_at", .real(c.opened.timeIntervalSince1970)),
                ("subject", .text(SupervisionQuery.subject(of: c))),
            ]
        case .report(let r):
            // `doc` is the description alone, so a list never reads the pages; the HTML and the
            // PDF (base64, empty for none: both backends keep it as TEXT like every other column)
            // are columns of their own.
            try self.init("reports", r.report.id.rawValue, r.report)
            columns = [
                ("kind", .text(r.report.kind.rawValue)),
                ("jurisdiction_id", .text(r.report.jurisdictionID.rawValue)),
                ("day", .text(r.report.date.description)),
                ("language", .text(r.report.language.rawValue)),
                ("generated_at", .real(r.report.generatedAt.timeIntervalSince1970)),
                ("html", .text(r.html)),
                ("pdf", .text(r.pdf?.base64EncodedString() ?? "")),
            ]
        case .address(let a):
            try self.init("addresses", a.id.rawValue, a)
            columns = [("addr_key", .text(a.parts.key)), ("text", .text(a.text)), ("active", .integer(a.active ? 1 : 0)),
                       ("checked", .integer(a.checkedAt == nil ? 0 : 1)), ("correct", .integer(a.checkCorrect == true ? 1 : 0))]
        case .inhabitant(let p):
            try self.init("inhabitants", p.id.rawValue, p)
            columns = [("address_id", .text(p.addressID.rawValue)), ("id_number", .text(p.idNumber))]
        case .dispute(let d):
            try self.init("disputes", d.id.rawValue, d)
            columns = [
                ("status", .text(d.status.rawValue)),
                ("risk", .text(d.risk.rawValue)),
                ("opened_at", .real(d.openedAt.timeIntervalSince1970)),
            ]
        case .house(let h):
            try self.init("actual_houses", h.id.rawValue, h)
            columns = [("address_id", .text(h.addressID.rawValue))]
        case .organisation(let o):
            try self.init("actual_organisations", o.id.rawValue, o)
            columns = [("address_id", .text(o.addressID.rawValue)), ("credit_code", .text(o.creditCode)), ("active", .integer(o.active ? 1 : 0))]
        case .volunteerTeam(let t):
            try self.init("volunteer_teams", t.id.rawValue, t)
        case .volunteerShift(let s):
            try self.init("volunteer_shifts", s.id.rawValue, s)
            columns = [
                ("team_id", .text(s.teamID.rawValue)),
                ("username", .text(s.username)),
                ("state", .text(s.endedAt == nil ? "running" : "ended")),
                ("pending", .text(s.pendingReports > 0 ? "1" : "0")),
                ("started_at", .real(s.startedAt.timeIntervalSince1970)),
            ]
        case .fraudWarning(let w):
            try self.init("fraud_warnings", w.id.rawValue, w)
            columns = [
                ("reference", .text(w.reference)),
                ("status", .text(w.status.rawValue)),
                ("deadline", .real(w.deadline.timeIntervalSince1970)),
                ("received_at", .real(w.receivedAt.timeIntervalSince1970)),
            ]
        case .incident(let i):
            try self.init("incidents", i.id.rawValue, i)
            columns = [
                ("status", .text(i.status.rawValue)),
                ("category", .text(i.category)),
                ("priority", .integer(Int64(i.priority.rawValue))),
                ("received_at", .real(i.times.receivedAt.timeIntervalSince1970)),
                ("lat", .real(i.location.lat)),
                ("lon", .real(i.location.lon)),
                ("jurisdiction_id", .text(i.jurisdictionID.rawValue)),
                ("search", .text(Self.searchText(i))),
            ]
        }
    }

    private init<E: Versioned>(_ table: String, _ id: String, _ entity: E) throws {
        self.table = table
        self.id = id
        path = entity.path
        version = entity.version
        // The incident, written on every create and change, skips Foundation's encoder.
        let bytes = try (entity as? any CanonicalJSONWritable)?.canonicalJSON() ?? Array(JSONCoding.encoder.encode(entity))
        doc = String(decoding: bytes, as: UTF8.self)
        columns = []
    }

    /// For a restore: leaves out each fixed column whose value `isTaken` by another row of the
    /// same path, so a legacy duplicate is restored without its key instead of failing the import
    /// or displacing the row that holds it.
    public mutating func freeFixedColumns(_ isTaken: (_ name: String, _ value: Value) throws -> Bool) rethrows {
        for (name, value) in columns where fixed.contains(name) {
            if try isTaken(name, value) { columns.removeAll { $0.name == name } }
        }
    }

    /// What free-text search looks in, lower-cased once at write time.
    public static func searchText(_ i: Incident) -> String {
        [i.number, i.address, i.description].joined(separator: "\n").lowercased()
    }

    /// Decodes a stored document.
    public static func decode<E: Decodable>(_ type: E.Type, _ doc: String) throws -> E {
        do { return try JSONCoding.decoder.decode(E.self, from: Data(doc.utf8)) }
        catch { throw StoreError(.corrupt, "a stored \(E.self) does not decode: \(error)") }
    }

    /// A stored report put back together from its row: the description, the HTML and the PDF
    /// column (base64, empty for none).
    public static func reportDocument(doc: String, html: String, pdf: String) throws -> ReportDocument {
        let report = try decode(Report.self, doc)
        var bytes: Data? = nil
        if !pdf.isEmpty {
            guard let data = Data(base64Encoded: pdf) else { throw StoreError(.corrupt, "report \(report.id) has a PDF column that is not base64") }
            bytes = data
        }
        return ReportDocument(report: report, html: html, pdf: bytes)
    }

    /// The half-open range of paths inside a scope: `path >= lower AND path < upper` uses the index.
    public static func range(of scope: Scope) -> (lower: String, upper: String) {
        (scope.path, scope.path + "\u{10FFFF}")
    }
}
