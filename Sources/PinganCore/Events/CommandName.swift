/// Every command the platform runs, by the name the audit log records on each event it caused.
/// The raw values are stored and must never change; a new command is a new case.
public enum CommandName: String, Sendable, Hashable, Codable, CaseIterable {
    case createIncident = "CreateIncident"
    case assignUnits = "AssignUnits"
    case unassignUnit = "UnassignUnit"
    case transitionIncident = "TransitionIncident"
    case giveFeedback = "GiveFeedback"
    case acceptAssignment = "AcceptAssignment"
    case sendMessage = "SendMessage"
    case acknowledgeMessage = "AcknowledgeMessage"
    case readMessage = "ReadMessage"
    case createJurisdiction = "CreateJurisdiction"
    case createPost = "CreatePost"
    case createZone = "CreateZone"
    case createUnit = "CreateUnit"
    case setUnitStatus = "SetUnitStatus"
    case seedOrganisation = "SeedOrganisation"
    case createUser = "CreateUser"
    case login = "Login"
    case reportPositions = "ReportPositions"
}
