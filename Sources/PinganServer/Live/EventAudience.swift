import Foundation
import PinganCore
import PinganStore

/// Whether a user may see an event beyond its path: an alert's events carry its audience (a
/// watchlist hit is seen only by those the list is shared with), and the live feed and the audit
/// log leave out what the audience does not admit, as the alert queries do.
enum EventAudience {
    static func admits(_ event: RecordedEvent, _ user: User) -> Bool {
        guard event.type.rawValue.hasPrefix("alert."), let audience = event.data["alert"]?["audience"] else { return true }
        guard let decoded = try? audience.decode(Audience.self) else { return false }
        return decoded.admits(user.scope)
    }
}
