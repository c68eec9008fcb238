import Foundation
import PinganCore
import PinganStore

/// Whether a user may see an event beyond its path: an alert's events carry its audience (a
/// watchlist hit is seen only by those the list is shared with), and the live feed and the audit
/// log leave out what the audience does not admit, as the alert queries do. An agency's users
/// see the events of the referrals sent to their agency and nothing else, wherever their
/// jurisdiction stands.
enum EventAudience {
    static func admits(_ event: RecordedEvent, _ user: User) -> Bool {
        if user.role == .externalAgency {
            guard let agency = user.agencyID else { return false }
            if event.type.rawValue.hasPrefix("referral.") { return event.data["referral"]?["agencyID"] == .string(agency.rawValue) }
            if event.type.rawValue.hasPrefix("supervision.") { return event.data["case"]?["agencyID"] == .string(agency.rawValue) }
            return false
        }
        guard event.type.rawValue.hasPrefix("alert."), let audience = event.data["alert"]?["audience"] else { return true }
        guard let decoded = try? audience.decode(Audience.self) else { return false }
        return decoded.admits(user.scope)
    }
}
