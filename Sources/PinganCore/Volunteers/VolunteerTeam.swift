import Foundation

public typealias VolunteerTeamID = Identifier<VolunteerTeam>

/// A volunteer team (群防群治队伍: 西湖义警, 聊城二哥, 红城义警 in the seeds) that a station keeps:
/// its members, who sign in with volunteer accounts, and the station's patrol zones they walk.
/// Members are people outside the police: their phones are masked to readers who may not see
/// personal data, like the registries' people.
public struct VolunteerTeam: Codable, Sendable, Hashable, Versioned {
    public struct Member: Codable, Sendable, Hashable {
        /// The volunteer account they sign in with.
        public var username: String
        public var name: String
        public var phone: String?
        public var joinedAt: Date
        @DefaultTrue public var active: Bool

        public init(username: String, name: String, phone: String? = nil, joinedAt: Date, active: Bool = true) {
            self.username = username
            self.name = name
            self.phone = phone
            self.joinedAt = joinedAt
            self.active = active
        }
    }

    public var id: VolunteerTeamID
    public var name: String
    public var stationID: JurisdictionID
    /// The station's patrol zones the team walks; its members' positions are marked inside or
    /// outside them.
    public var zoneIDs: [ZoneID]
    public var members: [Member]
    public var createdAt: Date
    public var createdBy: String
    @DefaultTrue public var active: Bool
    public var path: String
    public var version: Int

    public init(id: VolunteerTeamID, name: String, stationID: JurisdictionID, zoneIDs: [ZoneID] = [], members: [Member] = [], createdAt: Date,
                createdBy: String, active: Bool = true, path: String, version: Int = 1) {
        self.id = id
        self.name = name
        self.stationID = stationID
        self.zoneIDs = zoneIDs
        self.members = members
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.active = active
        self.path = path
        self.version = version
    }

    public func member(_ username: String) -> Member? { members.first { $0.username == username } }

    /// As shown to a reader who may not see personal data: phones to their last 4 digits.
    public var masked: VolunteerTeam {
        var m = self
        for i in m.members.indices { m.members[i].phone = m.members[i].phone.map(Inhabitant.maskPhone) }
        return m
    }
}
