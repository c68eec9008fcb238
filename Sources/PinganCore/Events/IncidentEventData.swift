/// The payload of every `incident.*` event: the incident after the change, and what changed.
public struct IncidentEventData: EventPayload, Hashable {
    public var incident: Incident
    /// Status before and after, for steps that move it.
    public var from: IncidentStatus?
    public var to: IncidentStatus?
    /// Units assigned by this step.
    public var unitIDs: [UnitID]?
    /// The unit released or accepting.
    public var unitID: UnitID?
    /// The dispatcher's or officer's note on a step.
    public var note: String?

    public init(incident: Incident, from: IncidentStatus? = nil, to: IncidentStatus? = nil, unitIDs: [UnitID]? = nil,
                unitID: UnitID? = nil, note: String? = nil) {
        self.incident = incident
        self.from = from
        self.to = to
        self.unitIDs = unitIDs
        self.unitID = unitID
        self.note = note
    }
}
