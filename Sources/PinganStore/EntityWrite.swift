import Foundation
import PinganCore

/// An entity as it is after the change. Its `version` is the new one: version 1 inserts, any
/// other updates the row whose version is one less, and fails the whole commit otherwise.
public enum EntityWrite: Sendable {
    case jurisdiction(Jurisdiction)
    case post(Post)
    case zone(PatrolZone)
    case unit(PoliceUnit)
    case incident(Incident)
    case user(User)
    case message(Message)
    case sensor(Sensor)
    case watchlist(Watchlist)
    case watchlistEntry(WatchlistEntry)
    case alert(Alert)
    case agency(Agency)
    case referral(Referral)
    case supervisionCase(SupervisionCase)
    /// A report with its pages (the pages live in columns of their own, not in `doc`).
    case report(ReportDocument)
    case address(StandardAddress)
    case inhabitant(Inhabitant)
    case fraudWarning(FraudWarning)
    case dispute(Dispute)
    case house(ActualHouse)
    case organisation(ActualOrganisation)
    case volunteerTeam(VolunteerTeam)
    case volunteerShift(VolunteerShift)
}
