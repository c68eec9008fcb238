/// A reminder the app must deliver for a stage just reached: the core decides who is chased and
/// with which words; the app turns it into messages (to the units, the agency's users, the
/// station's desk, the supervisors above `path`) and the live board.
public struct SupervisionReminder: Codable, Sendable, Hashable {
    public var caseID: SupervisionCaseID
    public var level: SupervisionCase.Level
    /// For `.unit`: the units to message. Empty when no unit holds the work; the reminder then
    /// shows on the board at `path` only.
    public var unitIDs: [UnitID]
    /// For `.agency`: the agency whose users are told.
    public var agencyID: AgencyID?
    /// The work's jurisdiction path: `.station` goes to its last station, `.supervisor` above it.
    public var path: String
    public var text: String

    public init(caseID: SupervisionCaseID, level: SupervisionCase.Level, unitIDs: [UnitID] = [], agencyID: AgencyID? = nil,
                path: String, text: String) {
        self.caseID = caseID
        self.level = level
        self.unitIDs = unitIDs
        self.agencyID = agencyID
        self.path = path
        self.text = text
    }
}
