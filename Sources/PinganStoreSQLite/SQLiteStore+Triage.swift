import Foundation
import GRDB
import PinganCore
import PinganStore

/// `Projections` for triage: agencies, referrals and supervision cases.
extension SQLiteStore {
    public func agencies() async throws -> [Agency] {
        let docs = try await writer.read { db in try String.fetchAll(db, sql: "SELECT doc FROM agencies ORDER BY path, id") }
        return try docs.map { try ProjectionRow.decode(Agency.self, $0) }
    }

    public func agency(_ id: AgencyID) async throws -> Agency? {
        let doc = try await writer.read { db in try String.fetchOne(db, sql: "SELECT doc FROM agencies WHERE id = ?", arguments: [id.rawValue]) }
        return try doc.map { try ProjectionRow.decode(Agency.self, $0) }
    }

    public func referral(_ id: ReferralID) async throws -> Referral? {
        let doc = try await writer.read { db in try String.fetchOne(db, sql: "SELECT doc FROM referrals WHERE id = ?", arguments: [id.rawValue]) }
        return try doc.map { try ProjectionRow.decode(Referral.self, $0) }
    }

    public func referrals(_ query: ReferralQuery, scope: Scope) async throws -> [Referral] {
        let (lower, upper) = ProjectionRow.range(of: scope)
        var clauses = ["path >= ? AND path < ?"]
        var args: [any DatabaseValueConvertible] = [lower, upper]
        if let agency = query.agencyID { clauses.append("agency_id = ?"); args.append(agency.rawValue) }
        if let incident = query.incidentID { clauses.append("incident_id = ?"); args.append(incident.rawValue) }
        if let statuses = query.statuses {
            guard !statuses.isEmpty else { return [] }
            clauses.append("status IN (\(Array(repeating: "?", count: statuses.count).joined(separator: ", ")))")
            args += statuses.map(\.rawValue)
        }
        args += [min(max(query.limit, 1), ReferralQuery.maxLimit), max(query.offset, 0)]
        let sql = "SELECT doc FROM referrals WHERE \(clauses.joined(separator: " AND ")) ORDER BY sent_at DESC, id LIMIT ? OFFSET ?"
        let arguments = StatementArguments(args.map { $0 as (any DatabaseValueConvertible)? })
        let docs = try await writer.read { db in try String.fetchAll(db, sql: sql, arguments: arguments) }
        return try docs.map { try ProjectionRow.decode(Referral.self, $0) }
    }

    public func supervisionCases(_ query: SupervisionQuery, scope: Scope) async throws -> [SupervisionCase] {
        let (lower, upper) = ProjectionRow.range(of: scope)
        var clauses = ["path >= ? AND path < ?"]
        var args: [any DatabaseValueConvertible] = [lower, upper]
        if let subject = query.subject { clauses.append("subject = ?"); args.append(subject) }
        if let statuses = query.statuses {
            guard !statuses.isEmpty else { return [] }
            clauses.append("status IN (\(Array(repeating: "?", count: statuses.count).joined(separator: ", ")))")
            args += statuses.map(\.rawValue)
        }
        args += [min(max(query.limit, 1), SupervisionQuery.maxLimit), max(query.offset, 0)]
        let sql = "SELECT doc FROM supervision_cases WHERE \(clauses.joined(separator: " AND ")) ORDER BY opened_at DESC, id LIMIT ? OFFSET ?"
        let arguments = StatementArguments(args.map { $0 as (any DatabaseValueConvertible)? })
        let docs = try await writer.read { db in try String.fetchAll(db, sql: sql, arguments: arguments) }
        return try docs.map { try ProjectionRow.decode(SupervisionCase.self, $0) }
    }

    public func supervisionCase(_ id: SupervisionCaseID) async throws -> SupervisionCase? {
        let doc = try await writer.read { db in try String.fetchOne(db, sql: "SELECT doc FROM supervision_cases WHERE id = ?", arguments: [id.rawValue]) }
        return try doc.map { try ProjectionRow.decode(SupervisionCase.self, $0) }
    }
}
