import Foundation

/// What one member gave over a period (贡献): shifts walked, hours on them, reports made, and
/// how many of those the station filed as incidents or kept as tips. Teams are thanked, and
/// judged, by these.
public struct VolunteerContribution: Codable, Sendable, Hashable {
    public var username: String
    public var name: String
    public var shifts: Int
    public var hours: Double
    public var reports: Int
    public var filed: Int
    public var kept: Int

    /// Each member of `team` (those who left too, when they walked in the period) over `shifts`,
    /// hours counted to `now` for a shift still running and never past `VolunteerShift.maxLength`.
    public static func count(_ team: VolunteerTeam, shifts: [VolunteerShift], at now: Date) -> [VolunteerContribution] {
        var byMember: [String: VolunteerContribution] = [:]
        for m in team.members {
            byMember[m.username] = VolunteerContribution(username: m.username, name: m.name, shifts: 0, hours: 0, reports: 0, filed: 0, kept: 0)
        }
        for s in shifts where s.teamID == team.id {
            var c = byMember[s.username] ?? VolunteerContribution(username: s.username, name: s.name, shifts: 0, hours: 0, reports: 0, filed: 0, kept: 0)
            c.shifts += 1
            c.hours += s.end(at: now).timeIntervalSince(s.startedAt) / 3600
            c.reports += s.reports.count
            c.filed += s.reports.filter { $0.status == .filed }.count
            c.kept += s.reports.filter { $0.status == .kept }.count
            byMember[s.username] = c
        }
        return byMember.values.map { c in
            var r = c
            r.hours = (c.hours * 100).rounded() / 100
            return r
        }.sorted { ($0.hours, $1.username) > ($1.hours, $0.username) }
    }
}
