import Foundation
import PinganCore
import PinganStore
import PostgresNIO

/// `Projections` for triage: agencies, referrals and supervision cases.
extension PostgresStore {
    public func agencies() async throws -> [Agency] {
        try await strings("SELECT doc FROM agencies ORDER BY path, id").map { try ProjectionRow.decode(Agency.self, $0) }
    }

    public func agency(_ id: AgencyID) async throws -> Agency? {
        try await strings("SELECT doc FROM agencies WHERE id = \(id.rawValue)").first.map { try ProjectionRow.decode(Agency.self, $0) }
    }

    public func referral(_ id: ReferralID) async throws -> Referral? {
        try await strings("SELECT doc FROM referrals WHERE id = \(id.rawValue)").first.map { try ProjectionRow.decode(Referral.self, $0) }
    }

    public func referrals(_ query: ReferralQuery, scope: Scope) async throws -> [Referral] {
        let (lower, upper) = ProjectionRow.range(of: scope)
        var binds = PostgresBindings()
        binds.append(lower)
        binds.append(upper)
        var clauses = ["path >= $1 AND path < $2"]
        if let agency = query.agencyID { binds.append(agency.rawValue); clauses.append("agency_id = $\(binds.count)") }
        if let incident = query.incidentID { binds.append(incident.rawValue); clauses.append("incident_id = $\(binds.count)") }
        if let statuses = query.statuses {
            guard !statuses.isEmpty else { return [] }
            binds.append(statuses.map(\.rawValue))
            clauses.append("status = ANY($\(binds.count))")
        }
        binds.append(min(max(query.limit, 1), ReferralQuery.maxLimit))
        binds.append(max(query.offset, 0))
        let sql = "SELECT doc FROM referrals WHERE \(clauses.joined(separator: " AND ")) ORDER BY sent_at DESC, id LIMIT $\(binds.count - 1) OFFSET $\(binds.count)"
        return try await strings(PostgresQuery(unsafeSQL: sql, binds: binds)).map { try ProjectionRow.decode(Referral.self, $0) }
    }

    public func supervisionCases(_ query: SupervisionQuery, scope: Scope) async throws -> [SupervisionCase] {
        let (lower, upper) = ProjectionRow.range(of: scope)
        var binds = PostgresBindings()
        binds.append(lower)
        binds.append(upper)
        var clauses = ["path >= $1 AND path < $2"]
        if let subject = query.subject { binds.append(subject); clauses.append("subject = $\(binds.count)") }
        if let statuses = query.statuses {
            guard !statuses.isEmpty else { return [] }
            binds.append(statuses.map(\.rawValue))
            clauses.append("status = ANY($\(binds.count))")
        }
        binds.append(min(max(query.limit, 1), SupervisionQuery.maxLimit))
        binds.append(max(query.offset, 0))
        let sql = "SELECT doc FROM supervision_cases WHERE \(clauses.joined(separator: " AND ")) ORDER BY opened_at DESC, id LIMIT $\(binds.count - 1) OFFSET $\(binds.count)"
        return try await strings(PostgresQuery(unsafeSQL: sql, binds: binds)).map { try ProjectionRow.decode(SupervisionCase.self, $0) }
    }

    public func supervisionCase(_ id: SupervisionCaseID) async throws -> SupervisionCase? {
        try await strings("SELECT doc FROM supervision_cases WHERE id = \(id.rawValue)").first.map { try ProjectionRow.decode(SupervisionCase.self, $0) }
    }
}
